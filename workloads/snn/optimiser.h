#pragma once
// The optimiser pieces the SNN trainer and the logistic-regression baseline share, so the two are
// trained the same way: Adam, a cosine-annealed step size and a seeded minibatch order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "models/rng/counter_rng.h"

namespace spinaps::snn {

/// Adam (Kingma and Ba, ICLR 2015) ascending the gradient of an objective.
class Adam {
 public:
  explicit Adam(std::size_t size) : first_(size, 0.0), second_(size, 0.0) {}

  void ascend(std::vector<double>& parameters, const std::vector<double>& gradient, double step_size) {
    ++steps_;
    const double correction1 = 1.0 - std::pow(kBeta1, static_cast<double>(steps_));
    const double correction2 = 1.0 - std::pow(kBeta2, static_cast<double>(steps_));
    for (std::size_t n = 0; n < parameters.size(); ++n) {
      first_[n] = kBeta1 * first_[n] + (1.0 - kBeta1) * gradient[n];
      second_[n] = kBeta2 * second_[n] + (1.0 - kBeta2) * gradient[n] * gradient[n];
      parameters[n] += step_size * (first_[n] / correction1) / (std::sqrt(second_[n] / correction2) + kEpsilon);
    }
  }

 private:
  static constexpr double kBeta1 = 0.9;
  static constexpr double kBeta2 = 0.999;
  static constexpr double kEpsilon = 1e-8;
  std::vector<double> first_;
  std::vector<double> second_;
  std::uint64_t steps_ = 0;
};

/// Cosine annealing (Loshchilov and Hutter, ICLR 2017): `base` at epoch 0, towards 0 at the end.
inline double annealed_step_size(double base, std::uint32_t epoch, std::uint32_t epochs) {
  constexpr double kPi = 3.14159265358979323846;
  return base * 0.5 * (1.0 + std::cos(kPi * epoch / std::max<std::uint32_t>(epochs, 1)));
}

/// The minibatch order of one epoch: a Fisher-Yates shuffle of 0..count-1 whose draws are
/// rng::draw_u32(seed, kTraining, sample = epoch, step = 1, index = n).
inline std::vector<std::uint32_t> shuffled_order(std::size_t count, std::uint64_t seed, std::uint32_t epoch) {
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0U);
  for (std::size_t n = count; n > 1; --n) {
    const std::uint32_t draw = rng::draw_u32(seed, rng::Stream::kTraining, epoch, 1, static_cast<std::uint32_t>(n));
    const auto pick = static_cast<std::size_t>((static_cast<std::uint64_t>(draw) * n) >> 32U);
    std::swap(order[n - 1], order[pick]);
  }
  return order;
}

}  // namespace spinaps::snn
