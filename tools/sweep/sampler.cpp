#include "tools/sweep/sampler.h"

#include <cmath>
#include <random>
#include <set>

namespace spinaps::sweep {
namespace {

/// A uniform double in [0, 1) from the top 53 bits; std::uniform_real_distribution is
/// implementation-defined, mt19937_64's output sequence is not.
double unit_draw(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11U) * 0x1.0p-53; }

/// A uniform integer in [0, bound) (bound << 2^53, so the bias of the float mapping is negligible).
std::size_t index_draw(std::mt19937_64& engine, std::size_t bound) {
  const auto index = static_cast<std::size_t>(unit_draw(engine) * static_cast<double>(bound));
  return index < bound ? index : bound - 1;
}

/// Maps a position u in [0, 1) to a value of the parameter.
Json value_at(const SweptParameter& parameter, double u) {
  if (!parameter.continuous) {
    const auto index = std::min(parameter.values.size() - 1,
                                static_cast<std::size_t>(u * static_cast<double>(parameter.values.size())));
    return parameter.values[index];
  }
  const ContinuousRange& range = *parameter.continuous;
  const double value = range.scale == Scale::kLog ? range.min * std::pow(range.max / range.min, u)
                                                  : range.min + (range.max - range.min) * u;
  if (range.integer) return static_cast<std::int64_t>(std::llround(value));
  return value;
}

std::vector<std::vector<Json>> grid(const SweepSpec& spec) {
  std::size_t total = 1;
  for (const auto& parameter : spec.parameters) total *= parameter.values.size();
  std::vector<std::vector<Json>> rows;
  rows.reserve(total);
  for (std::size_t flat = 0; flat < total; ++flat) {
    std::vector<Json> row(spec.parameters.size());
    std::size_t rest = flat;
    for (std::size_t p = spec.parameters.size(); p-- > 0;) {  // the last parameter varies fastest
      const auto& values = spec.parameters[p].values;
      row[p] = values[rest % values.size()];
      rest /= values.size();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::vector<Json>> random_sample(const SweepSpec& spec) {
  std::mt19937_64 engine(spec.sampling.seed);
  std::vector<std::vector<Json>> rows(spec.sampling.points);
  for (auto& row : rows) {
    for (const auto& parameter : spec.parameters) row.push_back(value_at(parameter, unit_draw(engine)));
  }
  return rows;
}

std::vector<std::vector<Json>> latin_hypercube(const SweepSpec& spec) {
  std::mt19937_64 engine(spec.sampling.seed);
  const std::size_t count = spec.sampling.points;
  std::vector<std::vector<Json>> rows(count);
  for (const auto& parameter : spec.parameters) {
    std::vector<std::size_t> strata(count);
    for (std::size_t n = 0; n < count; ++n) strata[n] = n;
    for (std::size_t n = count; n > 1; --n) std::swap(strata[n - 1], strata[index_draw(engine, n)]);  // Fisher-Yates
    for (std::size_t n = 0; n < count; ++n) {
      const double u = (static_cast<double>(strata[n]) + unit_draw(engine)) / static_cast<double>(count);
      rows[n].push_back(value_at(parameter, u));
    }
  }
  return rows;
}

}  // namespace

std::vector<DesignPoint> sample_design_points(const SweepSpec& spec) {
  std::vector<std::vector<Json>> rows;
  switch (spec.sampling.method) {
    case SamplingMethod::kGrid:
      rows = grid(spec);
      break;
    case SamplingMethod::kRandom:
      rows = random_sample(spec);
      break;
    case SamplingMethod::kLatinHypercube:
      rows = latin_hypercube(spec);
      break;
  }
  std::vector<DesignPoint> points;
  std::set<std::string> seen;
  for (auto& row : rows) {
    if (!seen.insert(Json(row).dump()).second) continue;
    points.push_back({points.size(), std::move(row)});
  }
  return points;
}

}  // namespace spinaps::sweep
