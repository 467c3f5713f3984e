#pragma once
// Pareto fronts over any number of objectives, each minimised or maximised.
#include <string>
#include <vector>

namespace spinaps::sweep {

struct Objective {
  std::string metric;
  bool maximise = true;
};

/// Parses "gsops_per_w_per_mm2:max,accuracy:max,latency_ns.p50:min". Throws std::invalid_argument
/// naming the bad entry.
std::vector<Objective> parse_objectives(const std::string& text);

/// True when `a` is at least as good as `b` in every objective and better in one.
bool dominates(const std::vector<double>& a, const std::vector<double>& b, const std::vector<Objective>& objectives);

/// The positions of the non-dominated rows of `values` (one row per candidate, one column per
/// objective), in ascending order. Equal rows do not dominate each other, so both stay.
std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& values,
                                      const std::vector<Objective>& objectives);

}  // namespace spinaps::sweep
