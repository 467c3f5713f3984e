// spinaps noc: load-latency curves of the mesh network-on-chip under synthetic traffic. One
// MeshNetwork and one TrafficSource per injection rate, all in one clock domain (one SystemC kernel
// per process); each rate's statistics cover [warmup, cycles) and the network drains afterwards so
// every measured packet is delivered. The table compares the saturation point with the bisection
// bound; docs/noc.md defines both.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <systemc>

#include "hw/common/clock_domain.h"
#include "hw/noc/mesh_network.h"
#include "hw/noc/traffic.h"
#include "models/io/atomic_file.h"
#include "models/io/progress_line.h"
#include "tools/cli/commands.h"

namespace spinaps::cli {
namespace {

constexpr double kLatencyFactor = 3.0;      // saturated: mean latency above 3 x zero-load ...
constexpr double kAcceptedFraction = 0.95;  // ... or accepted below 95 % of offered
const char* const kSaturationDefinition =
    "the lowest rate run at which the mean packet latency exceeds 3 x the zero-load latency or the accepted "
    "throughput falls below 0.95 x the offered load";

struct NocOptions {
  std::string mesh = "8x8";
  std::string traffic = "uniform";
  std::vector<double> rates = {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5};
  std::uint64_t cycles = 20000;
  std::uint64_t warmup = 0;  ///< default: a tenth of the cycles
  std::uint64_t seed = 1;
  std::uint32_t flit_bits = 64, vcs = 2, buffer_depth = 4, pipeline = 2, link_latency = 1, header_bits = 32;
  bool header_given = false;
  std::string routing = "xy";
  std::string fan_out = "multicast";
  double link_length_mm = 1.0;
  std::uint32_t packet_flits = 4;
  std::uint32_t payload_bits = 0;
  bool payload_given = false;
  double hotspot_fraction = 0.1;
  std::string hotspot_node;  ///< "r,c" or a node id; empty: the centre
  std::string out_file;
  bool quiet = false;
  std::string command_line;
};

std::uint32_t parse_number(const std::string& text, const std::string& flag) {
  std::size_t used = 0;
  unsigned long value = 0;
  try {
    value = std::stoul(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value > 0xFFFFU) {
    throw std::invalid_argument(flag + ": '" + text + "' is not a small non-negative integer");
  }
  return static_cast<std::uint32_t>(value);
}

/// The mesh flags as a "noc" JSON object, parsed by the same code as a chip configuration; errors
/// are reported under the flag's name.
noc::NocConfig build_config(const NocOptions& options) {
  const std::size_t x = options.mesh.find('x');
  if (x == std::string::npos) throw std::invalid_argument("--mesh: expected ROWSxCOLS, e.g. 8x8");
  config::Json json = {{"mesh_rows", parse_number(options.mesh.substr(0, x), "--mesh")},
                       {"mesh_cols", parse_number(options.mesh.substr(x + 1), "--mesh")},
                       {"flit_bits", options.flit_bits},
                       {"buffer_depth_flits", options.buffer_depth},
                       {"virtual_channels", options.vcs},
                       {"router_pipeline_cycles", options.pipeline},
                       {"link_latency_cycles", options.link_latency},
                       {"routing", options.routing},
                       {"fan_out", options.fan_out},
                       {"link_length_mm", options.link_length_mm}};
  if (options.header_given) json["header_bits"] = options.header_bits;  // else min(32, flit_bits)
  const std::map<std::string, std::string> flags = {{"mesh_rows", "--mesh"},
                                                    {"mesh_cols", "--mesh"},
                                                    {"flit_bits", "--flit-bits"},
                                                    {"buffer_depth_flits", "--buffer-depth"},
                                                    {"virtual_channels", "--vcs"},
                                                    {"router_pipeline_cycles", "--pipeline"},
                                                    {"link_latency_cycles", "--link-latency"},
                                                    {"routing", "--routing"},
                                                    {"fan_out", "--fan-out"},
                                                    {"header_bits", "--header-bits"},
                                                    {"link_length_mm", "--link-length-mm"}};
  try {
    return noc::parse_noc_config(config::ConfigNode(json, "spinaps noc", ""));
  } catch (const config::ConfigError& error) {
    const std::string message = error.what();
    const std::size_t problem = message.find("': ");
    const auto flag = flags.find(error.key());
    throw std::invalid_argument((flag == flags.end() ? error.key() : flag->second) + ": " +
                                (problem == std::string::npos ? message : message.substr(problem + 3)));
  }
}

noc::TrafficSpec build_traffic(const NocOptions& options, const noc::NocConfig& config) {
  noc::TrafficSpec spec;
  spec.pattern = noc::traffic_choices().from_name(options.traffic, "--traffic");
  if (options.payload_given) {
    spec.payload_bits = options.payload_bits;
  } else {
    const std::uint64_t bits = static_cast<std::uint64_t>(options.packet_flits) * config.flit_bits;
    if (options.packet_flits == 0 || bits < config.header_bits) {
      throw std::invalid_argument("--packet-flits: a packet needs room for the " + std::to_string(config.header_bits) +
                                  "-bit header");
    }
    spec.payload_bits = static_cast<std::uint32_t>(bits - config.header_bits);
  }
  spec.hotspot_fraction = options.hotspot_fraction;
  const noc::MeshGeometry mesh(config.rows, config.cols);
  spec.hotspot_node = mesh.node(config.rows / 2, config.cols / 2);
  if (!options.hotspot_node.empty()) {
    const std::size_t comma = options.hotspot_node.find(',');
    spec.hotspot_node = comma == std::string::npos
                            ? parse_number(options.hotspot_node, "--hotspot-node")
                            : mesh.node(parse_number(options.hotspot_node.substr(0, comma), "--hotspot-node"),
                                        parse_number(options.hotspot_node.substr(comma + 1), "--hotspot-node"));
    if (spec.hotspot_node >= mesh.nodes() ||
        (comma != std::string::npos &&
         parse_number(options.hotspot_node.substr(comma + 1), "--hotspot-node") >= config.cols)) {
      throw std::invalid_argument("--hotspot-node: " + options.hotspot_node + " is not a node of the mesh");
    }
  }
  spec.seed = options.seed;
  spec.end_cycle = options.cycles;
  return spec;
}

struct RatePoint {
  double rate = 0.0, offered = 0.0, accepted = 0.0;
  noc::NocStatistics statistics;
};

int run_noc(const NocOptions& options) {
  const noc::NocConfig config = build_config(options);
  noc::TrafficSpec spec = build_traffic(options, config);
  if (options.rates.empty()) throw std::invalid_argument("--rates: give at least one rate");
  if (options.warmup >= options.cycles) throw std::invalid_argument("--warmup must be below --cycles");
  std::vector<double> rates = options.rates;
  std::sort(rates.begin(), rates.end());
  for (const double rate : rates) {
    spec.rate_flits_per_node_cycle = rate;
    noc::validate_traffic(noc::MeshGeometry(config.rows, config.cols), spec);
  }

  io::ProgressLine progress("simulating cycle", io::progress_wanted() && !options.quiet);
  hw::ClockDomain domain("noc_clock", 1.0, true, hw::Cycle{1} << 16U);
  std::vector<std::unique_ptr<noc::MeshNetwork>> meshes;
  std::vector<std::unique_ptr<noc::TrafficSource>> sources;
  for (std::size_t n = 0; n < rates.size(); ++n) {
    // Every rate draws the same random numbers (source_key 0): a higher rate injects a superset of
    // the packets of a lower one, which keeps the curve free of sampling jitter between rates.
    spec.rate_flits_per_node_cycle = rates[n];
    meshes.push_back(std::make_unique<noc::MeshNetwork>(config, nullptr));
    meshes.back()->set_measurement_window(options.warmup, options.cycles);
    noc::TrafficSource::Progress report = nullptr;
    if (n == 0) report = [&progress, &options](hw::Cycle now) { progress.update(now, options.cycles); };
    sources.push_back(std::make_unique<noc::TrafficSource>(*meshes.back(), spec, report));
    sources.back()->set_measurement_window(options.warmup, options.cycles);
    domain.add(*sources.back());
    domain.add(*meshes.back());
  }
  sc_core::sc_start();
  progress.finish();

  const double node_cycles = static_cast<double>(config.nodes()) * static_cast<double>(options.cycles - options.warmup);
  std::vector<RatePoint> points;
  for (std::size_t n = 0; n < rates.size(); ++n) {
    RatePoint point;
    point.rate = rates[n];
    point.statistics = meshes[n]->statistics();
    point.offered = static_cast<double>(sources[n]->flits_generated()) / node_cycles;
    point.accepted = static_cast<double>(point.statistics.flits_ejected) / node_cycles;
    points.push_back(std::move(point));
  }
  const double zero_load = noc::mean_zero_load_latency(*meshes.front(), spec);
  const noc::ThroughputBounds bounds = noc::throughput_bounds(meshes.front()->geometry(), spec);
  const RatePoint* saturated = nullptr;
  double best_accepted = 0.0;
  for (const RatePoint& point : points) {
    best_accepted = std::max(best_accepted, point.accepted);
    const bool slow = point.statistics.latency_mean_cycles > kLatencyFactor * zero_load;
    const bool lossy = point.accepted < kAcceptedFraction * point.offered;
    if (saturated == nullptr && (slow || lossy)) saturated = &point;
  }

  nlohmann::ordered_json report;
  report["command"] = "spinaps noc";
  report["command_line"] = options.command_line;
  report["noc"] = {{"mesh_rows", config.rows},
                   {"mesh_cols", config.cols},
                   {"flit_bits", config.flit_bits},
                   {"buffer_depth_flits", config.buffer_depth_flits},
                   {"virtual_channels", config.virtual_channels},
                   {"router_pipeline_cycles", config.router_pipeline_cycles},
                   {"link_latency_cycles", config.link_latency_cycles},
                   {"routing", noc::routing_name(config.routing)},
                   {"fan_out", noc::fan_out_name(config.fan_out)},
                   {"header_bits", config.header_bits},
                   {"link_length_mm", config.link_length_mm}};
  report["traffic"] = {{"pattern", noc::traffic_pattern_name(spec.pattern)},
                       {"payload_bits", spec.payload_bits},
                       {"packet_flits", meshes.front()->flits_of(spec.payload_bits)},
                       {"injection", "Bernoulli per node per cycle, probability rate / packet_flits"},
                       {"seed", spec.seed}};
  if (spec.pattern == noc::TrafficPattern::kHotspot) {
    report["traffic"]["hotspot_fraction"] = spec.hotspot_fraction;
    report["traffic"]["hotspot_node"] = meshes.front()->geometry().name(spec.hotspot_node);
  }
  report["cycles"] = options.cycles;
  report["warmup_cycles"] = options.warmup;
  report["zero_load_latency_cycles"] = zero_load;
  report["bounds_flits_per_node_cycle"] = {{"bisection", bounds.bisection},
                                           {"bisection_rule", bounds.bisection_rule},
                                           {"ejection", bounds.ejection},
                                           {"ideal", bounds.ideal},
                                           {"xy_channel_load", bounds.xy_channel_load}};
  report["saturation"] = {
      {"definition", kSaturationDefinition},
      {"rate", saturated == nullptr ? nlohmann::ordered_json() : nlohmann::ordered_json(saturated->rate)},
      {"max_accepted_flits_per_node_cycle", best_accepted},
      {"max_accepted_over_bisection_bound", best_accepted / bounds.bisection}};
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const RatePoint& point : points) {
    rows.push_back({{"rate", point.rate},
                    {"offered_flits_per_node_cycle", point.offered},
                    {"accepted_flits_per_node_cycle", point.accepted},
                    {"statistics", point.statistics.to_json()}});
  }
  report["points"] = std::move(rows);

  if (!options.quiet) {
    std::printf(
        "spinaps noc: %ux%u mesh, %s traffic, %s routing, %u-bit flits, %u VCs x %u flits, %u + %u cycles/hop\n",
        config.rows, config.cols, noc::traffic_pattern_name(spec.pattern).c_str(),
        noc::routing_name(config.routing).c_str(), config.flit_bits, config.virtual_channels, config.buffer_depth_flits,
        config.router_pipeline_cycles, config.link_latency_cycles);
    std::printf("  %u-flit packets (%u payload + %u header bits), cycles %llu (warm-up %llu), seed %llu\n",
                meshes.front()->flits_of(spec.payload_bits), spec.payload_bits, config.header_bits,
                static_cast<unsigned long long>(options.cycles), static_cast<unsigned long long>(options.warmup),
                static_cast<unsigned long long>(spec.seed));
    std::printf("  %8s %9s %9s %10s %8s %10s\n", "rate", "offered", "accepted", "mean lat", "p99 lat", "zero-load");
    for (const RatePoint& point : points) {
      std::printf("  %8.3f %9.4f %9.4f %10.2f %8llu %10.2f%s\n", point.rate, point.offered, point.accepted,
                  point.statistics.latency_mean_cycles,
                  static_cast<unsigned long long>(point.statistics.latency_p99_cycles), zero_load,
                  &point == saturated ? "  <- saturated" : "");
    }
    std::printf(
        "  (rates, offered and accepted in flits/node/cycle; latencies in cycles, injection to tail delivery)\n");
    if (saturated != nullptr) {
      std::printf("  saturation: %.3f flits/node/cycle (%s)\n", saturated->rate, kSaturationDefinition);
    } else {
      std::printf("  saturation: not reached at the rates run (%s)\n", kSaturationDefinition);
    }
    std::printf(
        "  max accepted %.4f = %.0f %% of the bisection bound %.4f (%s); ideal bound %.4f, XY channel-load bound "
        "%.4f\n",
        best_accepted, 100.0 * best_accepted / bounds.bisection, bounds.bisection, bounds.bisection_rule.c_str(),
        bounds.ideal, bounds.xy_channel_load);
  }
  if (!options.out_file.empty()) {
    io::write_file_atomically(options.out_file, report.dump(2) + "\n");
    if (!options.quiet) std::printf("  written to %s\n", options.out_file.c_str());
  }
  return kExitOk;
}

}  // namespace

void register_noc_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<NocOptions>();
  CLI::App* command =
      app.add_subcommand("noc", "load-latency curves of the mesh network-on-chip under synthetic traffic");
  command->add_option("--mesh", options->mesh, "mesh size ROWSxCOLS (default 8x8)");
  command->add_option("--traffic", options->traffic,
                      "traffic pattern (default uniform): " + noc::traffic_choices().help());
  command->add_option("--rates", options->rates, "offered loads in flits/node/cycle, comma-separated")->delimiter(',');
  command->add_option("--cycles", options->cycles, "cycles of traffic (default 20000)");
  CLI::Option* warmup =
      command->add_option("--warmup", options->warmup, "cycles left out of the statistics (default: cycles / 10)");
  command->add_option("--seed", options->seed, "random seed (default 1)");
  command->add_option("--flit-bits", options->flit_bits, "flit width (default 64)");
  command->add_option("--vcs", options->vcs, "virtual channels per input port (default 2)");
  command->add_option("--buffer-depth", options->buffer_depth, "flits per virtual channel (default 4)");
  command->add_option("--routing", options->routing, "routing (default xy): " + noc::routing_choices().help());
  command->add_option("--fan-out", options->fan_out,
                      "several destinations (default multicast): " + noc::fan_out_choices().help());
  command->add_option("--pipeline", options->pipeline, "router pipeline cycles per hop (default 2)");
  command->add_option("--link-latency", options->link_latency, "link cycles per hop (default 1)");
  CLI::Option* header = command->add_option("--header-bits", options->header_bits,
                                            "header bits in the head flit (default min(32, flit bits))");
  command->add_option("--link-length-mm", options->link_length_mm, "router-to-router wire length (default 1)");
  CLI::Option* flits = command->add_option("--packet-flits", options->packet_flits, "flits per packet (default 4)");
  CLI::Option* payload = command->add_option("--payload-bits", options->payload_bits, "payload bits per packet");
  flits->excludes(payload);
  command->add_option("--hotspot-fraction", options->hotspot_fraction,
                      "hotspot traffic: share of packets sent to the hotspot (default 0.1)");
  command->add_option("--hotspot-node", options->hotspot_node, "hotspot node as r,c or an id (default the centre)");
  command->add_option("--out", options->out_file, "write the results as JSON here");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, payload, warmup, header, &exit_code]() {
    options->header_given = header->count() > 0;
    options->command_line = current_command_line();
    options->payload_given = payload->count() > 0;
    if (warmup->count() == 0) options->warmup = options->cycles / 10;
    exit_code = guarded([&]() { return run_noc(*options); });
  });
}

}  // namespace spinaps::cli
