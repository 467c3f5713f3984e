#pragma once
// Builds a Graph layer by layer in C++, for architectures described in the repository rather than
// imported (e.g. the original PtychoNN). Weights are He-initialised (He et al., "Delving deep into
// rectifiers", ICCV 2015: normal with standard deviation sqrt(2 / fan_in)) from counter-based
// draws of the seed, so the same seed gives the same weights whatever the build order; biases are 0.
// Such a graph is an architecture with stand-in weights, not a trained model.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn {

class GraphBuilder {
 public:
  GraphBuilder(std::string source, std::uint64_t seed) : seed_(seed) { graph_.source = std::move(source); }

  /// Declares a graph input; returns its name.
  std::string input(const std::string& name, const Shape& shape);
  /// Square kernel, stride 1, `pad` pixels on every side; He-initialised weights, zero bias.
  std::string conv(const std::string& x, std::int64_t in_channels, std::int64_t out_channels, std::int64_t kernel,
                   std::int64_t pad, const std::string& name);
  std::string unary(OpKind kind, const std::string& x, const std::string& name);  // Relu, Tanh, Sigmoid, Identity
  /// Square window and stride `size`, no padding.
  std::string max_pool(const std::string& x, std::int64_t size, const std::string& name);
  /// Nearest-neighbour upsampling by an integer factor: every pixel repeated factor x factor times.
  std::string upsample_nearest(const std::string& x, std::int64_t factor, const std::string& name);
  /// Multiplies by a scalar constant.
  std::string scale(const std::string& x, float factor, const std::string& name);

  /// Marks the outputs, infers every shape (throws data::DatasetError on an inconsistent graph).
  Graph finish(const std::vector<std::string>& outputs);

 private:
  std::string add(Node node);

  Graph graph_;
  std::uint64_t seed_;
  std::uint64_t weight_layers_ = 0;  // keys the draws of each layer's weights
};

}  // namespace spinaps::cnn
