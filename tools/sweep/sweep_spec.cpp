#include "tools/sweep/sweep_spec.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <set>

#include "hw/chip/chip_config.h"
#include "hw/cnn_accel/accelerator_config.h"
#include "hw/common/accelerator_kind.h"
#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"

namespace spinaps::sweep {
namespace {

using config::ConfigError;
using config::ConfigNode;

constexpr std::uint64_t kMaxPoints = 1000000;  // a plan this large is already 1e6 processes
constexpr double kMaxMagnitude = 1e300;

std::string describe(const Json& value) {
  std::string text = value.dump();
  return text.size() > 60 ? text.substr(0, 60) + "..." : text;
}

/// Returns the array at `key` (consuming it), or throws naming the key.
const Json& require_array(ConfigNode& node, const Json& raw, const std::string& key, const std::string& what) {
  node.skip(key);
  if (!raw.contains(key)) throw node.error(key, "is required but missing; expected " + what);
  const Json& value = raw.at(key);
  if (!value.is_array() || value.empty()) {
    throw node.error(key, "value " + describe(value) + " is not allowed; expected " + what);
  }
  return value;
}

/// Loads the base configuration with `overrides` by its accelerator's reader; a ConfigError
/// propagates unchanged.
void check_config_loads(hw::AcceleratorKind accelerator, const std::string& base_config,
                        const std::vector<std::string>& overrides) {
  switch (accelerator) {
    case hw::AcceleratorKind::kSpinaps:
      (void)chip::load_chip_config(base_config, overrides);
      return;
    case hw::AcceleratorKind::kMemristiveCnn:
      (void)cnn_accel::load_accelerator_config(base_config, overrides);
      return;
  }
}

std::string assignment(const std::string& key, const Json& value) { return key + "=" + value.dump(); }

std::vector<Json> range_values(const ContinuousRange& range, std::uint64_t steps) {
  std::vector<Json> values;
  for (std::uint64_t step = 0; step < steps; ++step) {
    const double fraction = static_cast<double>(step) / static_cast<double>(steps - 1);
    double value = range.scale == Scale::kLog ? range.min * std::pow(range.max / range.min, fraction)
                                              : range.min + (range.max - range.min) * fraction;
    if (step == steps - 1) value = range.max;  // no rounding drift at the end point
    const Json entry = range.integer ? Json(static_cast<std::int64_t>(std::llround(value))) : Json(value);
    if (values.empty() || values.back() != entry) values.push_back(entry);  // integer rounding may repeat
  }
  return values;
}

SweptParameter parse_parameter(const Json& raw, const std::string& file, const std::string& path) {
  ConfigNode node(raw, file, path);
  SweptParameter parameter;
  parameter.key = node.text("key");
  static const std::regex kKeyPattern("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  if (!std::regex_match(parameter.key, kKeyPattern)) {
    throw node.error("key", "value \"" + parameter.key + "\" is not allowed; expected a dotted configuration key");
  }
  const bool has_values = node.has("values");
  const bool has_range = node.has("range");
  if (has_values == has_range) {
    throw ConfigError(file, path, "needs exactly one of \"values\" (a list) and \"range\" (min, max, steps, scale)");
  }
  if (has_values) {
    parameter.scale_label = "list";
    const Json& values = require_array(node, raw, "values", "a non-empty list of numbers, strings or booleans");
    for (std::size_t n = 0; n < values.size(); ++n) {
      const Json& value = values[n];
      const std::string value_path = path + ".values[" + std::to_string(n) + "]";
      if (!(value.is_number() || value.is_string() || value.is_boolean())) {
        throw ConfigError(file, value_path,
                          "value " + describe(value) + " is not allowed; expected a number, string or boolean");
      }
      if (std::find(parameter.values.begin(), parameter.values.end(), value) != parameter.values.end()) {
        throw ConfigError(file, value_path, "value " + describe(value) + " is listed twice");
      }
      parameter.values.push_back(value);
    }
  } else {
    ConfigNode range_node = node.child("range");
    ContinuousRange range;
    range.min = range_node.real("min", -kMaxMagnitude, kMaxMagnitude);
    range.max = range_node.real("max", -kMaxMagnitude, kMaxMagnitude);
    range.scale = range_node.choice_or("scale", {"linear", "log"}, "linear") == "log" ? Scale::kLog : Scale::kLinear;
    range.integer = range_node.boolean_or("integer", false);
    if (!(range.max > range.min)) throw range_node.error("max", "must be greater than min");
    if (range.scale == Scale::kLog && range.min <= 0.0) {
      throw range_node.error("min", "must be positive for a log range");
    }
    parameter.scale_label = range.scale == Scale::kLog ? "log" : "linear";
    if (range_node.has("steps")) {
      parameter.values = range_values(range, range_node.integer("steps", 2, kMaxPoints));
    } else {
      parameter.continuous = range;
    }
    range_node.finish();
  }
  node.finish();
  return parameter;
}

Sampling parse_sampling(ConfigNode& root) {
  Sampling sampling;
  if (!root.has("sampling")) {
    root.skip("sampling");
    return sampling;
  }
  ConfigNode node = root.child("sampling");
  const std::string method = node.choice("method", {"grid", "random", "latin_hypercube"});
  if (method != "grid") {
    sampling.method = method == "random" ? SamplingMethod::kRandom : SamplingMethod::kLatinHypercube;
    sampling.points = node.integer("points", 1, kMaxPoints);
    sampling.seed = node.integer_or("seed", 0, UINT64_MAX, 1);
  }
  node.finish();  // grid takes neither points nor seed: they are rejected by name
  return sampling;
}

/// Checks the swept keys and their values against the base configuration: an unknown key or a
/// value the configuration rejects on that very key is a mistake in the sweep file, reported there.
/// Other failures (a value that only fails with the committed weights) are left to the point.
void check_parameters_against_config(const SweepSpec& spec, const std::vector<std::string>& fixed) {
  for (std::size_t n = 0; n < spec.parameters.size(); ++n) {
    const SweptParameter& parameter = spec.parameters[n];
    const std::string path = "parameters[" + std::to_string(n) + "]";
    std::vector<Json> probes = parameter.values;
    if (parameter.continuous) {
      const auto& range = *parameter.continuous;
      for (const double end : {range.min, range.max}) {
        probes.push_back(range.integer ? Json(static_cast<std::int64_t>(std::llround(end))) : Json(end));
      }
    }
    for (std::size_t v = 0; v < probes.size(); ++v) {
      std::vector<std::string> overrides = fixed;
      overrides.push_back(assignment(parameter.key, probes[v]));
      try {
        check_config_loads(spec.accelerator, spec.base_config, overrides);
      } catch (const ConfigError& error) {
        const bool names_this_key =
            error.key() == parameter.key || parameter.key.rfind(error.key() + ".", 0) == 0;  // or a parent of it
        if (!names_this_key) continue;  // a cross-key failure belongs to the point
        const std::string where = parameter.continuous ? path + ".range" : path + ".values[" + std::to_string(v) + "]";
        const bool unknown = std::string(error.what()).find("unknown key") != std::string::npos;
        throw ConfigError(spec.file, unknown ? path + ".key" : where,
                          unknown ? "\"" + parameter.key + "\" is not a key of the configuration " + spec.base_config
                                  : std::string("the configuration rejects this value: ") + error.what());
      }
    }
  }
}

}  // namespace

const std::vector<std::string>& default_metrics(hw::AcceleratorKind accelerator) {
  static const std::vector<std::string> kSpinaps = {
      "accuracy",        "gsops",          "gsops_per_w",    "gsops_per_w_per_mm2",
      "latency_ns.mean", "latency_ns.p50", "latency_ns.p99", "energy_pj.per_inference",
      "energy_pj.total", "area_mm2.total"};
  static const std::vector<std::string> kMemristiveCnn = {
      "frames_per_s", "latency_ns.p50",     "energy_per_frame_uj", "leakage_energy_per_frame_uj",
      "tops_per_w",   "tops_per_w_per_mm2", "area_mm2.total",      "fidelity.rel_error",
      "fidelity.ssim"};
  return accelerator == hw::AcceleratorKind::kSpinaps ? kSpinaps : kMemristiveCnn;
}

bool is_known_metric(const std::string& name, hw::AcceleratorKind accelerator) {
  static const std::regex kBreakdown("(energy\\.by_category_pj|area\\.by_category_mm2)\\.[a-z_]+");
  if (std::regex_match(name, kBreakdown)) return true;
  if (accelerator == hw::AcceleratorKind::kSpinaps) {
    static const std::set<std::string> kScalars = {"accuracy",
                                                   "inferences",
                                                   "correct",
                                                   "sops",
                                                   "sops_per_inference",
                                                   "gsops",
                                                   "gsops_per_w",
                                                   "gsops_per_w_per_mm2",
                                                   "spike_decided_fraction",
                                                   "simulated_time_ns",
                                                   "cycles",
                                                   "clock_mhz",
                                                   "average_power_mw",
                                                   "leakage_power_mw",
                                                   "energy_pj.total",
                                                   "energy_pj.dynamic",
                                                   "energy_pj.leakage",
                                                   "energy_pj.per_inference",
                                                   "energy_pj.per_sop",
                                                   "area_mm2.total"};
    static const std::regex kSummary("(decision_step|latency_cycles|latency_ns)\\.(mean|p50|p99|max)");
    return kScalars.count(name) != 0 || std::regex_match(name, kSummary);
  }
  static const std::set<std::string> kScalars = {"frames",
                                                 "frames_per_s",
                                                 "simulated_time_ns",
                                                 "cycles",
                                                 "clock_mhz",
                                                 "energy_pj.total",
                                                 "energy_pj.dynamic",
                                                 "energy_pj.leakage",
                                                 "energy_per_frame_uj",
                                                 "dynamic_energy_per_frame_uj",
                                                 "leakage_energy_per_frame_uj",
                                                 "average_power_mw",
                                                 "leakage_power_mw",
                                                 "area_mm2.total",
                                                 "tops",
                                                 "tops_per_w",
                                                 "tops_per_w_without_leakage",
                                                 "tops_per_w_per_mm2",
                                                 "gsops",
                                                 "gsops_per_w",
                                                 "gsops_per_w_per_mm2",
                                                 "accuracy",
                                                 "ground_truth.phase_rmse_rad",
                                                 "ground_truth.psnr_db",
                                                 "ground_truth.ssim",
                                                 "ground_truth.float_phase_rmse_rad",
                                                 "ground_truth.float_psnr_db",
                                                 "ground_truth.float_ssim"};
  static const std::regex kSummary("(latency_ns|compute_latency_ns)\\.(mean|p50|p99|max)");
  static const std::regex kFidelity("fidelity\\.((ideal_converters|quantisation_floor)\\.)?(rel_error|psnr_db|ssim)");
  return kScalars.count(name) != 0 || std::regex_match(name, kSummary) || std::regex_match(name, kFidelity);
}

Json::json_pointer metric_pointer(const std::string& name) {
  // Headline figures live under "metrics"; the breakdowns in the report's "energy" and "area".
  const bool breakdown = name.rfind("energy.", 0) == 0 || name.rfind("area.", 0) == 0;
  std::string pointer = breakdown ? "/" + name : "/metrics/" + name;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return Json::json_pointer(pointer);
}

SweepSpec load_sweep_spec(const std::string& file) {
  const Json document = config::read_json_file(file);
  ConfigNode root(document, file, "");
  SweepSpec spec;
  spec.file = file;
  spec.name = root.text("name");
  spec.description = root.text_or("description", "");
  const std::string base = root.text("base_config");
  spec.base_config = std::filesystem::absolute(io::resolve_path(io::directory_of(file), base)).lexically_normal();
  if (!std::filesystem::is_regular_file(spec.base_config)) {
    throw root.error("base_config", "\"" + base + "\" is not a file (resolved to " + spec.base_config + ")");
  }
  spec.accelerator = hw::accelerator_of(config::read_json_file(spec.base_config), spec.base_config);

  std::vector<std::string> fixed_assignments;
  if (root.has("set")) {
    (void)root.child("set");  // checks it is an object
    for (const auto& [key, value] : document.at("set").items()) {
      spec.fixed.emplace_back(key, value);
      fixed_assignments.push_back(assignment(key, value));
    }
  } else {
    root.skip("set");
  }
  try {
    check_config_loads(spec.accelerator, spec.base_config, fixed_assignments);
  } catch (const ConfigError& error) {
    throw ConfigError(file, "set", std::string("the configuration rejects these settings: ") + error.what());
  }
  spec.samples = root.integer_or("samples", 0, 100000000, 0);
  spec.timeout_seconds = root.real_or("timeout_seconds", 0.0, 1e7, 600.0);
  spec.sampling = parse_sampling(root);

  const Json& parameters =
      require_array(root, document, "parameters", "a non-empty list of {\"key\", \"values\" or \"range\"}");
  std::set<std::string> swept_keys;
  for (std::size_t n = 0; n < parameters.size(); ++n) {
    const std::string path = "parameters[" + std::to_string(n) + "]";
    SweptParameter parameter = parse_parameter(parameters[n], file, path);
    if (!swept_keys.insert(parameter.key).second) {
      throw ConfigError(file, path + ".key", "\"" + parameter.key + "\" is swept twice");
    }
    for (const auto& [fixed_key, value] : spec.fixed) {
      if (fixed_key == parameter.key) {
        throw ConfigError(file, path + ".key", "\"" + parameter.key + "\" is also fixed under \"set\"");
      }
    }
    if (parameter.continuous && spec.sampling.method == SamplingMethod::kGrid) {
      throw ConfigError(file, path + ".range",
                        "a grid needs discrete values: give \"steps\", or use random or latin_hypercube sampling");
    }
    spec.parameters.push_back(std::move(parameter));
  }
  if (spec.sampling.method == SamplingMethod::kGrid) {
    std::uint64_t combinations = 1;
    for (const auto& parameter : spec.parameters) {
      combinations *= parameter.values.size();
      if (combinations > kMaxPoints) {
        throw ConfigError(file, "parameters",
                          "the grid has more than " + std::to_string(kMaxPoints) +
                              " points; sample it with random or latin_hypercube");
      }
    }
  }
  check_parameters_against_config(spec, fixed_assignments);

  if (root.has("metrics")) {
    const Json& metrics = require_array(root, document, "metrics", "a non-empty list of metric names");
    for (std::size_t n = 0; n < metrics.size(); ++n) {
      const std::string path = "metrics[" + std::to_string(n) + "]";
      if (!metrics[n].is_string() || !is_known_metric(metrics[n].get<std::string>(), spec.accelerator)) {
        throw ConfigError(file, path,
                          "value " + describe(metrics[n]) + " is not a metric of the " +
                              hw::accelerator_kinds().name_of(spec.accelerator) + " report (see docs/sweeps.md)");
      }
      if (std::find(spec.metrics.begin(), spec.metrics.end(), metrics[n].get<std::string>()) != spec.metrics.end()) {
        throw ConfigError(file, path, "value " + describe(metrics[n]) + " is listed twice");
      }
      spec.metrics.push_back(metrics[n].get<std::string>());
    }
  } else {
    root.skip("metrics");
    spec.metrics = default_metrics(spec.accelerator);
  }

  if (root.has("constraints")) {
    const Json& constraints = require_array(root, document, "constraints", "a list of {\"metric\", \"min\", \"max\"}");
    for (std::size_t n = 0; n < constraints.size(); ++n) {
      const std::string path = "constraints[" + std::to_string(n) + "]";
      ConfigNode node(constraints[n], file, path);
      Constraint constraint;
      constraint.metric = node.text("metric");
      if (!is_known_metric(constraint.metric, spec.accelerator)) {
        throw node.error("metric", "\"" + constraint.metric + "\" is not a metric of the " +
                                       hw::accelerator_kinds().name_of(spec.accelerator) +
                                       " report (see docs/sweeps.md)");
      }
      if (node.has("min")) constraint.min = node.real("min", -kMaxMagnitude, kMaxMagnitude);
      if (node.has("max")) constraint.max = node.real("max", -kMaxMagnitude, kMaxMagnitude);
      node.skip("min");
      node.skip("max");
      if (!constraint.min && !constraint.max) throw ConfigError(file, path, "needs \"min\", \"max\" or both");
      node.finish();
      if (std::find(spec.metrics.begin(), spec.metrics.end(), constraint.metric) == spec.metrics.end()) {
        spec.metrics.push_back(constraint.metric);  // a constrained metric is always collected
      }
      spec.constraints.push_back(constraint);
    }
  } else {
    root.skip("constraints");
  }
  root.finish();
  return spec;
}

}  // namespace spinaps::sweep
