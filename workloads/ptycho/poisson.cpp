#include "workloads/ptycho/poisson.h"

#include <cmath>

namespace spinaps::ptycho {
namespace {

constexpr double kInversionLimit = 10.0;

std::uint64_t draw_by_inversion(double mean, PoissonSampler& sampler) {
  double probability = std::exp(-mean);
  double cumulative = probability;
  const double u = sampler.uniform();
  std::uint64_t count = 0;
  // The tail beyond ~mean + 40 sigma has no double-precision mass; stop there whatever u is.
  while (u >= cumulative && probability > 0.0) {
    ++count;
    probability *= mean / static_cast<double>(count);
    cumulative += probability;
  }
  return count;
}

/// Hoermann (1993), algorithm PTRS, constants as published.
std::uint64_t draw_by_transformed_rejection(double mean, PoissonSampler& sampler) {
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * std::sqrt(mean);
  const double a = -0.059 + 0.02483 * b;
  const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = sampler.uniform() - 0.5;
    const double v = sampler.uniform();
    const double u_s = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / u_s + b) * u + mean + 0.43);
    if (u_s >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (u_s < 0.013 && v > u_s)) continue;
    const double log_accept = std::log(v * inverse_alpha / (a / (u_s * u_s) + b));
    if (log_accept <= -mean + k * log_mean - std::lgamma(k + 1.0)) return static_cast<std::uint64_t>(k);
  }
}

}  // namespace

std::uint64_t PoissonSampler::draw(double mean) {
  if (!(mean > 0.0)) return 0;
  return mean < kInversionLimit ? draw_by_inversion(mean, *this) : draw_by_transformed_rejection(mean, *this);
}

RealImage poisson_counts(const RealImage& expected, PoissonSampler& sampler) {
  RealImage counts(expected.rows, expected.cols);
  for (std::size_t n = 0; n < expected.size(); ++n)
    counts.values[n] = static_cast<double>(sampler.draw(expected.values[n]));
  return counts;
}

}  // namespace spinaps::ptycho
