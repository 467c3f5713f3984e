#pragma once
// A sweep file names a base configuration (of any accelerator), the configuration keys to vary and how to sample
// them, the metrics to collect from each run report and optional constraints on those metrics.
// docs/sweeps.md documents the format key by key; load_sweep_spec validates it with the same
// ConfigNode reader as chip configurations, so every error names the file and the key.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hw/common/accelerator_kind.h"

namespace spinaps::sweep {

using Json = nlohmann::json;

enum class Scale { kLinear, kLog };

/// A numeric interval sampled continuously (random and Latin-hypercube sampling only).
struct ContinuousRange {
  double min = 0.0;
  double max = 0.0;
  Scale scale = Scale::kLinear;
  bool integer = false;  ///< round each sample to the nearest integer
};

/// One swept configuration key: either a discrete list of values (given, or a range with `steps`)
/// or a continuous range.
struct SweptParameter {
  std::string key;          ///< dotted configuration key, e.g. "crossbar.rows"
  std::string scale_label;  ///< "list", "linear" or "log": how plots draw the axis
  std::vector<Json> values;
  std::optional<ContinuousRange> continuous;
};

enum class SamplingMethod { kGrid, kRandom, kLatinHypercube };

struct Sampling {
  SamplingMethod method = SamplingMethod::kGrid;
  std::uint64_t points = 0;  ///< random and Latin hypercube: how many points to draw
  std::uint64_t seed = 0;
};

/// A bound on a collected metric; a point outside it is recorded as infeasible.
struct Constraint {
  std::string metric;
  std::optional<double> min;
  std::optional<double> max;
};

struct SweepSpec {
  std::string file;  ///< the sweep file it came from
  std::string name;
  std::string description;
  std::string base_config;                                          ///< absolute path of the base configuration
  hw::AcceleratorKind accelerator = hw::AcceleratorKind::kSpinaps;  ///< the one the base configuration names
  std::vector<std::pair<std::string, Json>> fixed;                  ///< "set": overrides applied to every point
  std::uint64_t samples = 0;                                        ///< images per point (0: the configuration's)
  double timeout_seconds = 0.0;                                     ///< per point; 0 = no limit
  Sampling sampling;
  std::vector<SweptParameter> parameters;
  std::vector<std::string> metrics;
  std::vector<Constraint> constraints;
};

/// The metrics collected when the sweep file lists none.
const std::vector<std::string>& default_metrics(hw::AcceleratorKind accelerator);

/// True when `name` names a scalar of the accelerator's report (see docs/sweeps.md).
bool is_known_metric(const std::string& name, hw::AcceleratorKind accelerator);

/// The JSON pointer of a metric inside a run report: "accuracy" is top-level, everything else lives
/// under "metrics" (e.g. "latency_ns.p50" -> /metrics/latency_ns/p50).
Json::json_pointer metric_pointer(const std::string& name);

/// Reads and validates a sweep file. Throws config::ConfigError naming the file and the key.
SweepSpec load_sweep_spec(const std::string& file);

}  // namespace spinaps::sweep
