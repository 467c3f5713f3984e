#include "tools/report/map_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

#include "hw/cnn_accel/tile_network.h"
#include "hw/memristor/tile_actions.h"
#include "hw/noc/noc_actions.h"
#include "tools/report/provenance.h"
#include "workloads/ptycho/fidelity.h"

namespace spinaps::report {
namespace {

using Json = nlohmann::ordered_json;

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least `fraction` of the samples at or below it.
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

/// Cycles between completions in the second half of the run (the pipeline's steady state); the
/// single frame's own latency when there is one.
double steady_interval_cycles(const std::vector<cnn_accel::FrameRecord>& records) {
  const std::size_t n = records.size();
  if (n == 1) return static_cast<double>(records[0].completed_cycle - records[0].admitted_cycle);
  const std::size_t first = (n - 1) / 2;
  return static_cast<double>(records[n - 1].completed_cycle - records[first].completed_cycle) /
         static_cast<double>(n - 1 - first);
}

/// Frames waiting in the queue at the moment each frame arrived (itself included). Frames arrive and
/// are admitted in order, so the frames still waiting when frame i arrives are a run k..i whose
/// start only moves forward: one pass.
std::vector<std::uint64_t> depths_at_arrival(const std::vector<cnn_accel::FrameRecord>& records) {
  std::vector<std::uint64_t> depths(records.size());
  std::size_t first_waiting = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    while (first_waiting < i && records[first_waiting].admitted_cycle <= records[i].arrival_cycle) ++first_waiting;
    depths[i] = i - first_waiting + 1;
  }
  return depths;
}

Json round_json(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

}  // namespace

std::vector<OutputFidelity> measure_fidelity(const std::vector<cnn::TensorMap>& outputs,
                                             const std::vector<cnn::TensorMap>& references) {
  std::vector<OutputFidelity> fidelity;
  if (references.empty()) return fidelity;
  for (const auto& [name, first] : references.front()) {
    OutputFidelity entry;
    entry.output = name;
    double error_sq = 0.0, reference_sq = 0.0, low = std::numeric_limits<double>::infinity(), high = -low;
    std::size_t elements = 0;
    double ssim_sum = 0.0;
    std::size_t ssim_frames = 0;
    for (std::size_t frame = 0; frame < references.size(); ++frame) {
      const cnn::Tensor& reference = references[frame].at(name);
      const cnn::Tensor& output = outputs.at(frame).at(name);
      for (std::size_t index = 0; index < reference.values.size(); ++index) {
        const double r = reference.values[index];
        const double difference = static_cast<double>(output.values[index]) - r;
        error_sq += difference * difference;
        reference_sq += r * r;
        low = std::min(low, r);
        high = std::max(high, r);
        entry.max_abs_error = std::max(entry.max_abs_error, std::fabs(difference));
      }
      elements += reference.values.size();
    }
    const double range = high - low;
    for (std::size_t frame = 0; frame < references.size(); ++frame) {
      const cnn::Tensor& reference = references[frame].at(name);
      if (reference.shape.size() != 4 || reference.shape[2] < ptycho::kSsimWindowPx ||
          reference.shape[3] < ptycho::kSsimWindowPx || range <= 0.0) {
        continue;
      }
      const auto rows = static_cast<std::uint32_t>(reference.shape[2]);
      const auto cols = static_cast<std::uint32_t>(reference.shape[3]);
      ptycho::RealImage a(rows, cols), b(rows, cols);
      const cnn::Tensor& output = outputs.at(frame).at(name);
      for (std::size_t index = 0; index < static_cast<std::size_t>(rows) * cols; ++index) {
        a.values[index] = output.values[index];
        b.values[index] = reference.values[index];
      }
      ssim_sum += ptycho::ssim(a, b, range);
      ++ssim_frames;
    }
    entry.rel_error = reference_sq > 0.0 ? std::sqrt(error_sq / reference_sq) : std::sqrt(error_sq);
    const double mse = error_sq / static_cast<double>(std::max<std::size_t>(elements, 1));
    entry.psnr_db = range > 0.0 ? ptycho::psnr_db(mse, range) : std::numeric_limits<double>::quiet_NaN();
    entry.ssim =
        ssim_frames > 0 ? ssim_sum / static_cast<double>(ssim_frames) : std::numeric_limits<double>::quiet_NaN();
    fidelity.push_back(entry);
  }
  return fidelity;
}

Json map_report_json(const cnn_accel::AcceleratorConfig& config, const cnn::Graph& graph,
                     const std::vector<cnn::LayerSummary>& layers, const cnn_accel::AcceleratorResult& result,
                     const std::vector<OutputFidelity>& fidelity, const std::vector<cnn::TensorMap>& references,
                     const MapInputs& inputs) {
  const double period_ns = result.period_ns;
  const auto frames = static_cast<double>(result.frames);
  std::vector<double> latency_ns, compute_ns;
  for (const cnn_accel::FrameRecord& record : result.records) {
    latency_ns.push_back(static_cast<double>(record.completed_cycle - record.arrival_cycle) * period_ns);
    compute_ns.push_back(static_cast<double>(record.completed_cycle - record.admitted_cycle) * period_ns);
  }
  const double interval_ns = steady_interval_cycles(result.records) * period_ns;
  const double frames_per_s = interval_ns > 0.0 ? 1e9 / interval_ns : 0.0;
  const double simulated_ns = static_cast<double>(result.end_cycle) * period_ns;

  // Energy: every action counted times its energy, plus leakage over the simulated time.
  std::map<std::string, std::uint64_t> totals;
  for (const energy::ActionCounts& counts : result.unit_counts) {
    for (const auto& [action, count] : counts.all()) totals[action] += count;
  }
  for (const auto& [action, count] : result.noc_actions.all()) totals[action] += count;
  Json actions = Json::object();
  std::map<std::string, double> by_category;
  double dynamic_pj = 0.0;
  for (const auto& [action, count] : totals) {
    if (action == cnn_accel::TileNetwork::kAdcClippedCount) continue;
    const double each = result.technology.energy_pj(action);
    const auto found = result.technology.tiles.energy_per_action.find(action);
    const std::string category =
        found != result.technology.tiles.energy_per_action.end() ? found->second.category : "noc";
    by_category[category] += each * static_cast<double>(count);
    dynamic_pj += each * static_cast<double>(count);
    actions[action] = {
        {"count", count}, {"energy_pj_each", each}, {"energy_uj", each * static_cast<double>(count) * 1e-6}};
  }
  // mW x ns = pJ. Per frame, leakage is charged over one steady-state frame interval (what a frame
  // costs in a long stream), not over this run's pipeline fill and drain.
  const double leakage_pj = result.technology.leakage_mw * simulated_ns;
  const double leakage_per_frame_pj = result.technology.leakage_mw * interval_ns;
  const double energy_per_frame_pj = dynamic_pj / frames + leakage_per_frame_pj;
  const double macs = static_cast<double>(cnn::total_macs(layers));
  const double area = result.technology.area_mm2;
  const double tops = 2.0 * macs * frames_per_s / 1e12;
  const double tops_per_w = energy_per_frame_pj > 0.0 ? 2.0 * macs / energy_per_frame_pj : 0.0;
  const double gsops = macs * frames_per_s / 1e9;
  const double gsops_per_w = energy_per_frame_pj > 0.0 ? macs / energy_per_frame_pj * 1e3 : 0.0;

  Json report;
  report["schema"] = "spinaps-map-report";
  report["schema_version"] = 1;
  report["tool"] = tool_provenance();
  Json model;
  model["model"] = inputs.model;
  model["source"] = graph.source;
  model["inputs"] = Json::object();
  for (const std::string& name : graph.inputs) model["inputs"][name] = graph.shapes.at(name);
  model["outputs"] = Json::object();
  for (const std::string& name : graph.outputs) model["outputs"][name] = graph.shapes.at(name);
  model["layers"] = layers.size();
  model["macs_per_frame"] = cnn::total_macs(layers);
  model["parameters"] = cnn::total_parameters(layers);
  report["model"] = model;
  report["config"] = {{"file", inputs.config_file},
                      {"name", config.name},
                      {"overrides", inputs.overrides},
                      {"document", config.document}};
  report["frames"] = result.frames;
  report["frames_source"] = inputs.frames_description;
  report["stream_rate_hz"] = inputs.stream_rate_hz;
  report["frames_per_s"] = frames_per_s;
  report["target_frames_per_s"] = kTargetFramesPerSecond;
  report["meets_target"] = frames_per_s >= kTargetFramesPerSecond;
  report["latency_ns"] = percentile(latency_ns, 0.5);
  report["latency_p50_ns"] = percentile(latency_ns, 0.5);
  report["latency_p99_ns"] = percentile(latency_ns, 0.99);
  report["latency_max_ns"] = percentile(latency_ns, 1.0);
  report["compute_latency_p50_ns"] = percentile(compute_ns, 0.5);
  report["simulated_time_ns"] = simulated_ns;
  report["energy_per_frame_uj"] = energy_per_frame_pj * 1e-6;
  report["power_mw"] = energy_per_frame_pj * frames_per_s * 1e-9;
  report["area_mm2"] = area;
  report["tops"] = tops;
  report["tops_per_w"] = tops_per_w;
  report["tops_per_w_per_mm2"] = area > 0.0 ? tops_per_w / area : 0.0;
  report["gsops"] = gsops;
  report["gsops_per_w"] = gsops_per_w;
  report["gsops_per_w_per_mm2"] = area > 0.0 ? gsops_per_w / area : 0.0;

  Json fidelity_json;
  if (!fidelity.empty()) {
    double worst_rel = 0.0, worst_psnr = std::numeric_limits<double>::infinity();
    Json per_output = Json::array();
    for (const OutputFidelity& entry : fidelity) {
      worst_rel = std::max(worst_rel, entry.rel_error);
      worst_psnr = std::min(worst_psnr, entry.psnr_db);
      per_output.push_back({{"output", entry.output},
                            {"rel_error", entry.rel_error},
                            {"psnr_db", round_json(entry.psnr_db)},
                            {"ssim", round_json(entry.ssim)},
                            {"max_abs_error", entry.max_abs_error}});
    }
    fidelity_json["reference"] = "float32 reference inference of the same graph and weights (workloads/cnn)";
    fidelity_json["rel_error"] = worst_rel;
    fidelity_json["psnr_db"] = round_json(worst_psnr);
    fidelity_json["ssim"] = round_json(fidelity.front().ssim);
    fidelity_json["outputs"] = per_output;
  }
  report["fidelity"] = fidelity_json;
  if (!inputs.labels.empty() && graph.outputs.size() == 1) {
    // Digit classifiers: the predicted class is the largest of the output's values.
    const auto argmax = [](const cnn::Tensor& tensor) {
      return static_cast<int>(std::max_element(tensor.values.begin(), tensor.values.end()) - tensor.values.begin());
    };
    const std::string& name = graph.outputs.front();
    std::size_t tile_correct = 0, float_correct = 0, agree = 0;
    for (std::size_t frame = 0; frame < inputs.labels.size(); ++frame) {
      const int tile_class = argmax(result.outputs.at(frame).at(name));
      const int float_class = argmax(references.at(frame).at(name));
      tile_correct += tile_class == inputs.labels[frame] ? 1 : 0;
      float_correct += float_class == inputs.labels[frame] ? 1 : 0;
      agree += tile_class == float_class ? 1 : 0;
    }
    const auto n = static_cast<double>(inputs.labels.size());
    report["classification"] = {{"accuracy", static_cast<double>(tile_correct) / n},
                                {"float_accuracy", static_cast<double>(float_correct) / n},
                                {"agreement_with_float", static_cast<double>(agree) / n},
                                {"frames", inputs.labels.size()}};
  }
  report["device_faults"] = {{"devices", result.faults.devices},
                             {"stuck_at_gmin_devices", result.faults.stuck_at_gmin},
                             {"stuck_at_gmax_devices", result.faults.stuck_at_gmax},
                             {"stuck_at_gmin_rate", config.device.stuck_at_gmin_rate},
                             {"stuck_at_gmax_rate", config.device.stuck_at_gmax_rate},
                             {"read_time_s", config.tile.read_time_s},
                             {"drift_nu", config.device.drift_nu},
                             {"programming_sigma_us", config.device.programming_sigma_in_us()},
                             {"read_noise_sigma_relative", config.device.read_noise_sigma_relative}};

  Json energy_json;
  energy_json["dynamic_uj"] = dynamic_pj * 1e-6;
  energy_json["leakage_uj"] = leakage_pj * 1e-6;
  energy_json["leakage_mw"] = result.technology.leakage_mw;
  Json categories = Json::object();
  for (const auto& [category, pj] : by_category) categories[category] = pj / frames * 1e-6;
  categories["leakage"] = leakage_per_frame_pj * 1e-6;
  energy_json["per_frame_uj_by_category"] = categories;
  energy_json["actions"] = actions;
  report["energy"] = energy_json;
  report["area_breakdown_mm2"] = result.technology.area_breakdown_mm2;

  const cnn_accel::AcceleratorPlan& plan = result.plan;
  std::map<std::string, std::uint64_t> macs_of;
  for (const cnn::LayerSummary& layer : layers) macs_of[layer.name] = layer.macs;
  Json layer_rows = Json::array();
  for (std::size_t index = 0; index < plan.units.size(); ++index) {
    const cnn_accel::UnitPlan& unit = plan.units[index];
    double unit_pj = 0.0;
    for (const auto& [action, count] : result.unit_counts[index].all()) {
      if (action == cnn_accel::TileNetwork::kAdcClippedCount) continue;
      unit_pj += result.technology.energy_pj(action) * static_cast<double>(count);
    }
    Json row;
    row["name"] = unit.name;
    row["op_type"] = unit.op_type;
    row["engine"] = unit.weight_layer ? "tiles" : "digital";
    row["tiles"] = unit.tiles_per_copy * unit.copies;
    row["copies"] = unit.copies;
    row["utilisation"] = unit.utilisation;
    row["home_node"] = unit.home_node;
    row["rows"] = unit.rows;
    row["cycles_per_row"] = unit.row_cycles();
    row["cycles_per_frame"] = static_cast<std::uint64_t>(unit.rows) * unit.row_cycles();
    row["busy_fraction"] = result.end_cycle > 0 ? static_cast<double>(result.unit_busy_cycles[index]) /
                                                      static_cast<double>(result.end_cycle)
                                                : 0.0;
    row["macs_per_frame"] = macs_of[unit.name];
    row["energy_per_frame_uj"] = unit_pj / frames * 1e-6;
    if (unit.weight_layer) {
      row["im2col_k"] = unit.k;
      row["im2col_m"] = unit.m;
      row["row_chunks"] = unit.row_chunks;
      row["column_chunks"] = unit.column_chunks;
      const std::uint64_t conversions = result.unit_counts[index].get(memristor::kActionAdcConversion);
      row["adc_conversions_per_frame"] = static_cast<double>(conversions) / frames;
      row["adc_clipped_fraction"] =
          conversions > 0
              ? static_cast<double>(result.unit_counts[index].get(cnn_accel::TileNetwork::kAdcClippedCount)) /
                    static_cast<double>(conversions)
              : 0.0;
    }
    layer_rows.push_back(row);
  }
  report["layers"] = layer_rows;
  std::uint64_t slowest = 0;
  std::string bottleneck;
  for (const cnn_accel::UnitPlan& unit : plan.units) {
    const std::uint64_t cycles = static_cast<std::uint64_t>(unit.rows) * unit.row_cycles();
    if (cycles > slowest) {
      slowest = cycles;
      bottleneck = unit.name;
    }
  }
  report["mapping"] = {{"tiles_used", plan.tiles_used},
                       {"tile_capacity", plan.tile_capacity},
                       {"nodes_used", plan.nodes_used},
                       {"mesh_nodes", plan.nodes},
                       {"replication", cnn_accel::replication_name(config.mapping.replication)},
                       {"bottleneck_layer", bottleneck},
                       {"bottleneck_cycles_per_frame", slowest},
                       {"adc_conversion_cycles", plan.timing.adc_conversion_cycles},
                       {"array_read_cycles", plan.timing.array_read_cycles},
                       {"digital_op_cycles", plan.timing.digital_op_cycles},
                       {"node_pitch_mm", result.technology.node_pitch_mm}};
  for (const cnn_accel::UnitPlan& unit : plan.units) {
    if (unit.weight_layer) {
      report["mapping"]["slices_per_weight"] = unit.slices;
      break;
    }
  }

  Json streaming;
  streaming["stream_rate_hz"] = inputs.stream_rate_hz;
  streaming["mode"] = inputs.stream_rate_hz > 0.0 ? "stream" : "saturated";
  streaming["sustained_frames_per_s"] = frames_per_s;
  std::uint64_t max_depth = 0;
  Json depth_series = Json::array();
  const std::vector<std::uint64_t> depths = depths_at_arrival(result.records);
  for (std::size_t i = 0; i < result.records.size(); ++i) {
    const std::uint64_t depth = depths[i];
    max_depth = std::max(max_depth, depth);
    depth_series.push_back({{"frame", i},
                            {"arrival_ns", static_cast<double>(result.records[i].arrival_cycle) * period_ns},
                            {"queue_depth", depth}});
  }
  const std::size_t n = result.records.size();
  const bool growing = n >= 4 && depths[n - 1] > depths[n / 2];
  streaming["queue_depth_max"] = max_depth;
  streaming["backlog_growing"] = growing;
  streaming["queue_depth_at_arrival"] = depth_series;
  streaming["max_sustained_rate_hz"] =
      inputs.max_sustained_rate_hz >= 0.0 ? Json(inputs.max_sustained_rate_hz) : Json(frames_per_s);
  streaming["max_sustained_rate_method"] =
      inputs.max_sustained_rate_hz >= 0.0
          ? "steady-state completion rate of a separate saturated run (every frame queued at time 0)"
          : (inputs.stream_rate_hz > 0.0 ? "this run's steady-state completion rate"
                                         : "steady-state completion rate of this saturated run");
  streaming["max_frames_in_flight"] = result.max_frames_in_flight;
  report["streaming"] = streaming;

  Json noc_json;
  noc_json["activation_packets"] = result.activation_packets;
  noc_json["partial_sum_packets"] = result.partial_sum_packets;
  noc_json["local_transfers"] = result.local_transfers;
  if (result.has_mesh) noc_json["statistics"] = result.noc_statistics.to_json();
  report["noc"] = noc_json;
  if (result.golden.ran) {
    report["golden_check"] = {{"outputs_identical", result.golden.outputs_identical},
                              {"counts_identical", result.golden.counts_identical},
                              {"first_difference", result.golden.first_difference}};
  }
  Json energy_table = Json::object();
  for (const auto& [action, entry] : result.technology.tiles.energy_per_action) {
    energy_table[action] = {
        {"energy_pj", entry.energy_pj}, {"category", entry.category}, {"derivation", entry.derivation}};
  }
  report["technology"] = {
      {"clock_mhz", config.clock_mhz},     {"node_nm", config.technology_node_nm},
      {"device", config.device.name},      {"levels", config.device.levels},
      {"energy_per_action", energy_table}, {"parameters_used", result.technology.tiles.parameters_used}};
  report["definitions"] = {
      {"synaptic_operation",
       "one weight multiply-accumulate of a Conv, Gemm or MatMul layer (workloads/cnn layer summary)"},
      {"tops", "2 x weight MACs per frame x frames_per_s / 1e12 (a MAC counts as two operations)"},
      {"tops_per_w", "2 x weight MACs per frame / energy per frame in pJ"},
      {"gsops", "weight MACs per frame x frames_per_s / 1e9"},
      {"gsops_per_w", "weight MACs per frame / energy per frame in nJ"},
      {"frames_per_s",
       "1 / the mean interval between frame completions over the second half of the run (steady state)"},
      {"latency_ns", "p50 over frames of completion minus arrival at the input queue (includes queueing)"},
      {"compute_latency_p50_ns", "p50 over frames of completion minus admission into an input buffer"},
      {"energy_per_frame_uj",
       "(sum over actions of count x energy per action + leakage power x simulated time) / frames"},
      {"fidelity.rel_error", "largest over outputs of ||tile - float||_2 / ||float||_2 over all frames"},
      {"fidelity.psnr_db", "smallest over outputs of 10 log10(L^2 / MSE), L = range of the float output"}};
  return report;
}

std::string format_map_report(const Json& report) {
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "spinaps map: %s on %s, %llu frames\n",
                report["model"]["model"].get<std::string>().c_str(),
                report["config"]["file"].get<std::string>().c_str(),
                static_cast<unsigned long long>(report["frames"].get<std::uint64_t>()));
  out << line;
  std::snprintf(line, sizeof line, "  throughput     %12.1f frames/s (target %.0f: %s)\n",
                report["frames_per_s"].get<double>(), report["target_frames_per_s"].get<double>(),
                report["meets_target"].get<bool>() ? "met" : "NOT met");
  out << line;
  std::snprintf(line, sizeof line, "  latency        %12.1f us p50, %.1f us p99 (compute %.1f us)\n",
                report["latency_p50_ns"].get<double>() / 1e3, report["latency_p99_ns"].get<double>() / 1e3,
                report["compute_latency_p50_ns"].get<double>() / 1e3);
  out << line;
  std::snprintf(line, sizeof line, "  energy         %12.3f uJ/frame, power %.1f mW, area %.3f mm2\n",
                report["energy_per_frame_uj"].get<double>(), report["power_mw"].get<double>(),
                report["area_mm2"].get<double>());
  out << line;
  std::snprintf(
      line, sizeof line, "  efficiency     %12.3f TOPS, %.3f TOPS/W, %.4f TOPS/W/mm2; %.1f GSOPS, %.1f GSOPS/W\n",
      report["tops"].get<double>(), report["tops_per_w"].get<double>(), report["tops_per_w_per_mm2"].get<double>(),
      report["gsops"].get<double>(), report["gsops_per_w"].get<double>());
  out << line;
  const Json& mapping = report["mapping"];
  std::snprintf(line, sizeof line, "  mapping        %lld of %lld tiles on %lld nodes, bottleneck %s\n",
                static_cast<long long>(mapping["tiles_used"].get<std::int64_t>()),
                static_cast<long long>(mapping["tile_capacity"].get<std::int64_t>()),
                static_cast<long long>(mapping["nodes_used"].get<std::int64_t>()),
                mapping["bottleneck_layer"].get<std::string>().c_str());
  out << line;
  if (report.contains("fidelity") && report["fidelity"].contains("outputs")) {
    for (const Json& entry : report["fidelity"]["outputs"]) {
      std::snprintf(line, sizeof line, "  fidelity %-6s rel. error %.4g, PSNR %s dB, SSIM %s\n",
                    entry["output"].get<std::string>().c_str(), entry["rel_error"].get<double>(),
                    entry["psnr_db"].is_null() ? "-" : std::to_string(entry["psnr_db"].get<double>()).c_str(),
                    entry["ssim"].is_null() ? "-" : std::to_string(entry["ssim"].get<double>()).c_str());
      out << line;
    }
  }
  if (report.contains("classification")) {
    const Json& classes = report["classification"];
    std::snprintf(line, sizeof line,
                  "  classification accuracy %.2f %% (float %.2f %%), agreement with float %.2f %%\n",
                  100.0 * classes["accuracy"].get<double>(), 100.0 * classes["float_accuracy"].get<double>(),
                  100.0 * classes["agreement_with_float"].get<double>());
    out << line;
  }
  const Json& faults = report["device_faults"];
  std::snprintf(line, sizeof line,
                "  devices        %llu programmed, %llu stuck at Gmin, %llu at Gmax; read %.3g s after programming\n",
                static_cast<unsigned long long>(faults["devices"].get<std::uint64_t>()),
                static_cast<unsigned long long>(faults["stuck_at_gmin_devices"].get<std::uint64_t>()),
                static_cast<unsigned long long>(faults["stuck_at_gmax_devices"].get<std::uint64_t>()),
                faults["read_time_s"].get<double>());
  out << line;
  const Json& streaming = report["streaming"];
  std::snprintf(line, sizeof line, "  streaming      rate %.1f Hz, queue max %llu, backlog %s, max sustained %.1f Hz\n",
                streaming["stream_rate_hz"].get<double>(),
                static_cast<unsigned long long>(streaming["queue_depth_max"].get<std::uint64_t>()),
                streaming["mode"] == "saturated"           ? "saturated (all frames queued at 0)"
                : streaming["backlog_growing"].get<bool>() ? "GROWING"
                                                           : "bounded",
                streaming["max_sustained_rate_hz"].get<double>());
  out << line;
  if (report.contains("golden_check")) {
    std::snprintf(line, sizeof line, "  golden model   outputs %s, counts %s\n",
                  report["golden_check"]["outputs_identical"].get<bool>() ? "identical" : "DIFFER",
                  report["golden_check"]["counts_identical"].get<bool>() ? "identical" : "DIFFER");
    out << line;
  }
  out << "  layer                      op          engine  tiles copies  util  cycles/frame   busy  uJ/frame\n";
  for (const Json& row : report["layers"]) {
    std::snprintf(line, sizeof line, "  %-26.26s %-11.11s %-7s %5lld %6u %5.2f %13llu %6.2f %9.4f\n",
                  row["name"].get<std::string>().c_str(), row["op_type"].get<std::string>().c_str(),
                  row["engine"].get<std::string>().c_str(), static_cast<long long>(row["tiles"].get<std::int64_t>()),
                  row["copies"].get<unsigned>(), row["utilisation"].get<double>(),
                  static_cast<unsigned long long>(row["cycles_per_frame"].get<std::uint64_t>()),
                  row["busy_fraction"].get<double>(), row["energy_per_frame_uj"].get<double>());
    out << line;
  }
  return out.str();
}

}  // namespace spinaps::report
