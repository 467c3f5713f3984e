#pragma once
// The original two-branch PtychoNN (Cherukara, Zhou, Kandel, Jacobsen, Holt, "AI-enabled high-
// resolution scanning coherent diffraction imaging", Appl. Phys. Lett. 117, 044103 (2020);
// companion code github.com/mcherukara/PtychoNN, train_network.ipynb and keras_helper.py) as a
// Graph: a 64x64 diffraction pattern in, amplitude and phase images of 64x64 out.
//
//   encoder: 3 x [Conv3x3+ReLU, Conv3x3+ReLU, MaxPool 2x2] with 32, 64, 128 channels (64 -> 8 px)
//   two decoders (amplitude, phase), each 3 x [Conv3x3+ReLU, Conv3x3+ReLU, nearest Upsample x2]
//   with 128, 64, 32 channels (8 -> 64 px), then Conv3x3 to 1 channel
//   heads: sigmoid (amplitude) and pi * tanh (phase), as in the repository's PyTorch port
//   (PyTorch/CNN_encoder_decoder/train.ipynb); the 2020 Keras code left both outputs linear.
//
// 1,154,210 parameters, the Keras model summary's figure. Only the architecture is described:
// the weights are He-initialised stand-ins from the seed, not trained ones, so the outputs are not
// reconstructions; use it for mapping, timing, energy and float-versus-tile fidelity.
#include <cstdint>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn {

struct OriginalPtychoNNOptions {
  std::int64_t batch = 1;
  std::int64_t image_size = 64;     // H = W of input and outputs; a multiple of 8
  std::int64_t base_channels = 32;  // the first encoder block's channels (nconv)
  std::uint64_t seed = 1;           // keys the stand-in weights
  /// Sigmoid and pi * tanh output heads (PyTorch port); false gives the linear Keras outputs.
  bool bounded_heads = true;
};

/// Input "diffraction" [batch, 1, size, size]; outputs "amplitude" and "phase", same shape.
Graph build_original_ptychonn(const OriginalPtychoNNOptions& options = {});

}  // namespace spinaps::cnn
