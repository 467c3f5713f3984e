#pragma once
// Small deterministic networks and images for tests that must not depend on trained weights.
#include <cstdint>
#include <vector>

#include "models/rng/counter_rng.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/network.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::testing {

/// A network of the given shape with pseudo-random weights spread over the whole B-bit range and
/// biases that make output spikes neither rare nor certain.
inline snn::QuantisedNetwork make_random_network(const snn::SnnConfig& shape, std::uint64_t seed) {
  snn::QuantisedNetwork network;
  network.shape = shape;
  const std::int32_t levels = 1 << shape.weight_bits;
  const std::int32_t low = -(1 << (shape.weight_bits - 1));
  std::uint32_t index = 0;
  auto next = [&](std::int32_t span) {
    return static_cast<std::int32_t>(rng::draw_u32(seed, rng::Stream::kTraining, 7, 0, index++) %
                                     static_cast<std::uint32_t>(span));
  };
  network.weights.resize(static_cast<std::size_t>(shape.inputs) * shape.outputs * shape.basis_functions);
  for (auto& w : network.weights) w = low + next(levels);
  network.feedback.resize(static_cast<std::size_t>(shape.outputs) * shape.feedback_basis_functions);
  for (auto& v : network.feedback) v = low + next(levels);
  // Scale so that a typical potential spans a few units of the sigmoid.
  network.weight_lsb = 4.0 / (static_cast<double>(levels) * std::max(1.0, std::sqrt(shape.inputs / 8.0)));
  network.bias.resize(shape.outputs);
  const snn::TraceLut lut = snn::build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits);
  const double potential_lsb = network.weight_lsb * lut.lsb;
  for (auto& b : network.bias) b = static_cast<std::int32_t>((-2.5 + 0.01 * next(200)) / potential_lsb);
  snn::finalise_network(network, "test network");
  return network;
}

/// A layered network of `shape` (hidden_layers included), each layer from make_random_network.
inline snn::LayeredNetwork make_random_layered_network(const snn::SnnConfig& shape, std::uint64_t seed) {
  snn::LayeredNetwork network;
  network.shape = shape;
  for (std::size_t l = 0; l <= shape.hidden_layers.size(); ++l) {
    network.layers.push_back(make_random_network(snn::layer_shape(shape, l), seed + 17 * l));
  }
  return network;
}

/// The shape of a test network from its layer widths (inputs, hidden..., outputs), with inputs
/// spiking often enough (probability up to 0.6) for every layer to fire.
inline snn::SnnConfig layered_shape(const std::vector<std::uint32_t>& layers, std::uint32_t kernels,
                                    std::uint32_t weight_bits, std::uint32_t time_steps, bool early_stop) {
  snn::SnnConfig shape;
  shape.inputs = layers.front();
  shape.outputs = layers.back();
  shape.hidden_layers.assign(layers.begin() + 1, layers.end() - 1);
  shape.basis_functions = kernels;
  shape.weight_bits = weight_bits;
  shape.time_steps = time_steps;
  shape.early_stop = early_stop;
  shape.input_max_spike_probability = 0.6;
  return shape;
}

/// Images with pseudo-random intensities (about a third of the pixels dark, as in digits).
inline data::ImageDataset make_random_images(std::uint32_t pixels, std::size_t count, std::uint64_t seed) {
  data::ImageDataset images;
  images.rows = 1;
  images.cols = pixels;
  images.pixels.resize(count * pixels);
  images.labels.resize(count);
  for (std::size_t n = 0; n < images.pixels.size(); ++n) {
    const std::uint32_t draw = rng::draw_u32(seed, rng::Stream::kTraining, 11, 0, static_cast<std::uint32_t>(n));
    images.pixels[n] = (draw % 3 == 0) ? 0 : static_cast<std::uint8_t>(draw >> 24U);
  }
  for (std::size_t n = 0; n < count; ++n) images.labels[n] = static_cast<std::uint8_t>(n % 10);
  images.source = "random test images";
  return images;
}

}  // namespace spinaps::testing
