#pragma once
// The functional golden model of the probabilistic GLM SNN with first-to-spike decoding: plain C++
// and Eigen, integer arithmetic exactly as documented in network.h. The cycle-accurate SystemC
// model must reproduce its spikes, decisions and operation counts exactly for the same seed.
//
// Layers: layer 0 reads the encoded inputs; layer l > 0 reads the spikes layer l-1 emitted in the
// previous step (a spike of step t enters the next layer's windows at step t+1, the one-step
// synaptic delay of the discrete-time GLM; Jang et al., IEEE Signal Processing Magazine 2019).
// So every layer of step t only needs values from step t-1 and the layers of one step can run in
// parallel on different cores. Neuron i of layer l draws its firing number with index
// firing_index(l, i).
//
// Decision rule: the class is the output neuron that spikes first. If several spike in the same
// step, the one with the largest potential u wins, then the lowest index. If none spikes by step T,
// the class is the neuron with the largest potential summed over the T steps (then the lowest index).
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "workloads/snn/inference_result.h"
#include "workloads/snn/network.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::snn {

class GoldenModel {
 public:
  GoldenModel(const LayeredNetwork& network, std::uint64_t seed);
  GoldenModel(const QuantisedNetwork& network, std::uint64_t seed);

  /// Runs one inference on `pixels` (network.shape.inputs intensities, 0..255). `sample_id` keys the
  /// random numbers, so the result does not depend on which other samples run or in what order.
  [[nodiscard]] InferenceResult infer(const std::uint8_t* pixels, std::uint64_t sample_id) const;

 private:
  using IntMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;  // column-major
  using IntVector = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

  /// One layer's parameters as matrices, and its state during an inference.
  struct Layer {
    QuantisedNetwork network;    ///< a copy: the model outlives the caller's network
    IntMatrix input_weights;     ///< outputs x (inputs*K): column j*K+k holds w[j][.][k]
    IntMatrix feedback_weights;  ///< outputs x K_fb
    IntVector bias;
  };
  struct LayerState {
    std::vector<std::uint32_t> input_windows;
    std::vector<std::uint32_t> own_windows;
    std::vector<std::uint8_t> spikes;       ///< spikes of the step just computed
    std::vector<std::uint8_t> last_spikes;  ///< spikes of the previous step (the next layer's input)
    IntVector potentials;
  };

  void run_layer(std::size_t index, const std::vector<std::uint8_t>& input_spikes, LayerState& state,
                 std::uint64_t sample_id, std::uint32_t step, InferenceResult& result) const;

  std::vector<Layer> layers_;
  bool early_stop_;
  std::uint32_t time_steps_;
  std::uint64_t seed_;
};

/// Chooses the winner among the neurons in `candidates` by the documented tie rule.
std::uint32_t pick_by_potential(const std::int64_t* potentials, const std::uint32_t* candidates, std::size_t count);

}  // namespace spinaps::snn
