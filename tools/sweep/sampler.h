#pragma once
// Turns a sweep's parameters into design points: the full grid, or a seeded random or
// Latin-hypercube sample. The result is a pure function of the sweep file, so every launcher and
// every run of the same sweep numbers the same points the same way.
#include <cstddef>
#include <vector>

#include "tools/sweep/sweep_spec.h"

namespace spinaps::sweep {

/// One design point: a value for each swept parameter, in the order of SweepSpec::parameters.
struct DesignPoint {
  std::size_t index = 0;
  std::vector<Json> values;
};

/// Grid: every combination, the first parameter varying slowest. Random: each parameter drawn
/// independently and uniformly (in log space for log ranges). Latin hypercube: each parameter's
/// [0, 1) range cut into `points` strata, one draw per stratum, strata shuffled per parameter.
/// Repeated points (possible when discrete lists are sampled) are kept once, first occurrence first.
std::vector<DesignPoint> sample_design_points(const SweepSpec& spec);

}  // namespace spinaps::sweep
