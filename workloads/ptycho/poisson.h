#pragma once
// Photon-counting noise with a sampler whose output is fixed by the seed alone. std::mt19937_64's
// output sequence is specified by the C++ standard; std::poisson_distribution (and the
// uniform_real_distribution behind it) is not, so libstdc++ and libc++, or two libstdc++ versions,
// may turn the same engine into different counts. This sampler therefore uses only raw engine output:
//   uniform:  u = (engine() >> 11) * 2^-53, in [0, 1)
//   mean < 10: inversion by sequential search, P(0) = exp(-mean), P(k) = P(k-1) mean / k, one u per
//              count (exact);
//   mean >= 10: PTRS, the transformed rejection of W. Hoermann, "The transformed rejection method
//              for generating Poisson random variables", Insurance: Mathematics and Economics 12,
//              39-45 (1993) (exact; on average ~1.1 pairs of u per count). Its acceptance test calls
//              std::lgamma, whose last bit may differ between C libraries: a count can then differ
//              only when a draw falls within rounding of the acceptance boundary.
#include <cstdint>
#include <random>

#include "workloads/ptycho/grid.h"

namespace spinaps::ptycho {

class PoissonSampler {
 public:
  explicit PoissonSampler(std::uint64_t seed) : engine_(seed) {}

  /// One Poisson count with the given mean (>= 0; 0 gives 0).
  std::uint64_t draw(double mean);

  /// A uniform double in [0, 1) from the top 53 bits of one engine output.
  double uniform() { return static_cast<double>(engine_() >> 11U) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

/// Each pixel replaced by a Poisson count with the pixel as its mean, row by row.
RealImage poisson_counts(const RealImage& expected, PoissonSampler& sampler);

}  // namespace spinaps::ptycho
