#pragma once
// The functional golden model of the probabilistic GLM SNN with first-to-spike decoding: plain C++
// and Eigen, integer arithmetic exactly as documented in network.h. The cycle-accurate SystemC
// model must reproduce its spikes, decisions and operation counts exactly for the same seed.
//
// Decision rule: the class is the neuron that spikes first. If several spike in the same step, the
// one with the largest potential u wins, then the lowest index. If none spikes by step T, the class
// is the neuron with the largest potential summed over the T steps (then the lowest index).
#include <Eigen/Dense>
#include <cstdint>

#include "workloads/snn/inference_result.h"
#include "workloads/snn/network.h"

namespace spinaps::snn {

class GoldenModel {
 public:
  GoldenModel(const QuantisedNetwork& network, std::uint64_t seed);

  /// Runs one inference on `pixels` (network.shape.inputs intensities, 0..255). `sample_id` keys the
  /// random numbers, so the result does not depend on which other samples run or in what order.
  [[nodiscard]] InferenceResult infer(const std::uint8_t* pixels, std::uint64_t sample_id) const;

 private:
  using IntMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using IntVector = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

  QuantisedNetwork network_;  ///< a copy: the model outlives the caller's network
  std::uint64_t seed_;
  IntMatrix input_weights_;     ///< outputs x (inputs*K): column j*K+k holds w[j][.][k]
  IntMatrix feedback_weights_;  ///< outputs x K_fb
  IntVector bias_;
};

/// Chooses the winner among the neurons in `candidates` by the documented tie rule.
std::uint32_t pick_by_potential(const std::int64_t* potentials, const std::uint32_t* candidates, std::size_t count);

}  // namespace spinaps::snn
