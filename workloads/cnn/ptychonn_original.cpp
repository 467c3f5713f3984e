#include "workloads/cnn/ptychonn_original.h"

#include <stdexcept>

#include "workloads/cnn/graph_builder.h"

namespace spinaps::cnn {

namespace {

constexpr float kPi = 3.14159265358979323846F;
constexpr int kStages = 3;  // pooling (encoder) and upsampling (decoder) steps: 64 -> 8 -> 64 pixels

/// Conv3x3 + ReLU twice; returns the last ReLU's output.
std::string double_conv(GraphBuilder& builder, std::string x, std::int64_t in_channels, std::int64_t out_channels,
                        const std::string& prefix) {
  x = builder.conv(x, in_channels, out_channels, 3, 1, prefix + "_conv1");
  x = builder.unary(OpKind::kRelu, x, prefix + "_relu1");
  x = builder.conv(x, out_channels, out_channels, 3, 1, prefix + "_conv2");
  return builder.unary(OpKind::kRelu, x, prefix + "_relu2");
}

/// One decoder branch from the encoded features to a one-channel image (before its head).
std::string decoder(GraphBuilder& builder, std::string x, std::int64_t base_channels, const std::string& branch) {
  std::int64_t in_channels = base_channels << (kStages - 1);
  for (int stage = 0; stage < kStages; ++stage) {
    const std::int64_t channels = base_channels << (kStages - 1 - stage);  // 128, 64, 32
    const std::string prefix = branch + std::to_string(stage + 1);
    x = double_conv(builder, x, in_channels, channels, prefix);
    x = builder.upsample_nearest(x, 2, prefix + "_up");
    in_channels = channels;
  }
  return builder.conv(x, in_channels, 1, 3, 1, branch + "_out");
}

}  // namespace

Graph build_original_ptychonn(const OriginalPtychoNNOptions& options) {
  if (options.batch < 1 || options.base_channels < 1 || options.image_size < 8 || options.image_size % 8 != 0) {
    throw std::invalid_argument(
        "original PtychoNN: batch and base_channels must be >= 1 and image_size a multiple "
        "of 8 (three 2x2 poolings)");
  }
  GraphBuilder builder("original PtychoNN (Cherukara et al. 2020, He-initialised stand-in weights)", options.seed);
  std::string x = builder.input("diffraction", {options.batch, 1, options.image_size, options.image_size});
  std::int64_t in_channels = 1;
  for (int stage = 0; stage < kStages; ++stage) {
    const std::int64_t channels = options.base_channels << stage;  // 32, 64, 128
    const std::string prefix = "enc" + std::to_string(stage + 1);
    x = double_conv(builder, x, in_channels, channels, prefix);
    x = builder.max_pool(x, 2, prefix + "_pool");
    in_channels = channels;
  }
  std::string amplitude = decoder(builder, x, options.base_channels, "amp");
  std::string phase = decoder(builder, x, options.base_channels, "phase");
  if (options.bounded_heads) {
    amplitude = builder.unary(OpKind::kSigmoid, amplitude, "amplitude");
    phase = builder.scale(builder.unary(OpKind::kTanh, phase, "phase_tanh"), kPi, "phase");
  } else {
    amplitude = builder.unary(OpKind::kIdentity, amplitude, "amplitude");
    phase = builder.unary(OpKind::kIdentity, phase, "phase");
  }
  return builder.finish({amplitude, phase});
}

}  // namespace spinaps::cnn
