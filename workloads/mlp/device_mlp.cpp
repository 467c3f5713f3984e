#include "workloads/mlp/device_mlp.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "workloads/snn/optimiser.h"

namespace spinaps::mlp {
namespace {

/// Programs one layer's weights and biases onto pairs (row by row, bias last).
PairLayer program_layer(const DenseLayer& layer, double w_max, const memristor::DeviceModel& device,
                        std::mt19937_64& rng) {
  PairLayer pairs;
  pairs.outputs = static_cast<std::uint32_t>(layer.weights.rows());
  pairs.inputs = static_cast<std::uint32_t>(layer.weights.cols());
  pairs.w_max = w_max;
  const std::size_t count = static_cast<std::size_t>(pairs.outputs) * (pairs.inputs + 1);
  pairs.g_plus_us.resize(count);
  pairs.g_minus_us.resize(count);
  for (std::uint32_t row = 0; row < pairs.outputs; ++row) {
    for (std::uint32_t col = 0; col <= pairs.inputs; ++col) {
      const double weight = col < pairs.inputs ? layer.weights(row, col) : layer.bias(row);
      const memristor::ConductancePair pair = device.program(device.quantise(weight, w_max), rng);
      pairs.g_plus_us[pairs.index(row, col)] = pair.g_plus_us;
      pairs.g_minus_us[pairs.index(row, col)] = pair.g_minus_us;
    }
  }
  return pairs;
}

/// Bits of one stochastic stream: bit t set with probability `probability` (one uniform per bit).
std::uint64_t stream_bits(double probability, std::uint32_t bit_length, std::mt19937_64& rng) {
  if (probability <= 0.0) return 0;
  std::uint64_t bits = 0;
  for (std::uint32_t t = 0; t < bit_length; ++t) {
    if (memristor::uniform_open_closed(rng) <= probability) bits |= std::uint64_t{1} << t;
  }
  return bits;
}

}  // namespace

memristor::DeviceParameters device_for(const memristor::DeviceParameters& base, const DeviceSetting& setting) {
  memristor::DeviceParameters device = base;
  if (setting.levels < 2) {
    throw std::invalid_argument("device study: levels " + std::to_string(setting.levels) + "; expected at least 2");
  }
  device.levels = setting.levels;
  if (setting.dynamic_range != 0.0) {
    if (!(setting.dynamic_range > 1.0) || !std::isfinite(setting.dynamic_range)) {
      throw std::invalid_argument("device study: dynamic range " + std::to_string(setting.dynamic_range) +
                                  "; expected Gmax/Gmin above 1");
    }
    device.g_min_us = device.g_max_us / setting.dynamic_range;
  }
  if (setting.sigma_given) {
    if (!(setting.sigma_levels >= 0.0) || setting.sigma_levels > 100.0) {
      throw std::invalid_argument("device study: sigma " + std::to_string(setting.sigma_levels) +
                                  " level steps; expected 0 .. 100");
    }
    device.programming_sigma_levels = setting.sigma_levels;
    device.programming_sigma_us = 0.0;
  } else if (device.programming_sigma_levels > 0.0) {
    // A file's sigma in level steps referred to the file's levels: keep it absolute instead.
    device.programming_sigma_us = base.programming_sigma_in_us();
    device.programming_sigma_levels = 0.0;
  }
  device.stuck_at_gmin_rate = 0.0;
  device.stuck_at_gmax_rate = 0.0;
  device.drift_nu = 0.0;
  device.drift_t0_s = 0.0;
  device.read_noise_sigma_relative = 0.0;
  memristor::validate(device);
  return device;
}

Mlp DeviceNetwork::read_back(const memristor::DeviceModel& device) const {
  const double span_us = device.parameters().g_max_us - device.parameters().g_min_us;
  Mlp network;
  for (const PairLayer& pairs : layers) {
    DenseLayer layer;
    layer.weights.resize(pairs.outputs, pairs.inputs);
    layer.bias.resize(pairs.outputs);
    const double scale = pairs.w_max / span_us;
    for (std::uint32_t row = 0; row < pairs.outputs; ++row) {
      for (std::uint32_t col = 0; col <= pairs.inputs; ++col) {
        const std::size_t n = pairs.index(row, col);
        const auto weight = static_cast<float>((pairs.g_plus_us[n] - pairs.g_minus_us[n]) * scale);
        if (col < pairs.inputs) {
          layer.weights(row, col) = weight;
        } else {
          layer.bias(row) = weight;
        }
      }
    }
    network.layers.push_back(std::move(layer));
  }
  return network;
}

double DeviceNetwork::g_min_seen_us() const {
  double lowest = std::numeric_limits<double>::infinity();
  for (const PairLayer& pairs : layers) {
    for (const double g : pairs.g_plus_us) lowest = std::min(lowest, g);
    for (const double g : pairs.g_minus_us) lowest = std::min(lowest, g);
  }
  return lowest;
}

double DeviceNetwork::g_max_seen_us() const {
  double highest = -std::numeric_limits<double>::infinity();
  for (const PairLayer& pairs : layers) {
    for (const double g : pairs.g_plus_us) highest = std::max(highest, g);
    for (const double g : pairs.g_minus_us) highest = std::max(highest, g);
  }
  return highest;
}

std::size_t DeviceNetwork::devices() const {
  std::size_t total = 0;
  for (const PairLayer& pairs : layers) total += pairs.g_plus_us.size() + pairs.g_minus_us.size();
  return total;
}

DeviceNetwork program_network(const Mlp& trained, const memristor::DeviceModel& device, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  DeviceNetwork network;
  for (const DenseLayer& layer : trained.layers) {
    double w_max = std::max(layer.weights.size() > 0 ? layer.weights.cwiseAbs().maxCoeff() : 0.0F,
                            layer.bias.size() > 0 ? layer.bias.cwiseAbs().maxCoeff() : 0.0F);
    if (!(w_max > 0.0)) w_max = 1.0;  // an all-zero layer: any range holds it exactly
    network.layers.push_back(program_layer(layer, w_max, device, rng));
  }
  return network;
}

bool refresh_pair(double& g_plus_us, double& g_minus_us, const memristor::DeviceModel& device, std::mt19937_64& rng) {
  const memristor::DeviceParameters& p = device.parameters();
  const double step_us = p.level_step_us();
  if (std::max(g_plus_us, g_minus_us) <= p.g_max_us - 0.5 * step_us) return false;
  const double net_us = g_plus_us - g_minus_us;
  const double steps = std::min(std::round(std::abs(net_us) / step_us), static_cast<double>(p.levels - 1));
  memristor::ConductancePair target{p.g_min_us, p.g_min_us};
  (net_us >= 0.0 ? target.g_plus_us : target.g_minus_us) = p.g_min_us + steps * step_us;
  const memristor::ConductancePair programmed = device.program(target, rng);
  g_plus_us = programmed.g_plus_us;
  g_minus_us = programmed.g_minus_us;
  return true;
}

DeviceNetwork train_insitu(const std::vector<std::uint32_t>& sizes, const memristor::DeviceModel& device,
                           const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels,
                           const InsituOptions& options, InsituStatistics& statistics,
                           const ProgressCallback& progress) {
  if (options.bit_length < 1 || options.bit_length > 64) {
    throw std::invalid_argument("in-situ training: bit_length " + std::to_string(options.bit_length) +
                                "; expected 1 .. 64");
  }
  if (!(options.learning_rate > 0.0) || !(options.weight_range > 0.0)) {
    throw std::invalid_argument("in-situ training: learning_rate and weight_range must be positive");
  }
  const memristor::DeviceParameters& p = device.parameters();
  if (p.levels < 2) throw std::invalid_argument("in-situ training: the device needs at least 2 levels");
  const auto start = std::chrono::steady_clock::now();
  const Mlp initial = initialise(sizes, options.seed);
  if (images.rows() != initial.inputs() || static_cast<std::size_t>(images.cols()) != labels.size()) {
    throw std::invalid_argument("in-situ training: images and labels do not match the network's " +
                                std::to_string(initial.inputs()) + " inputs");
  }
  std::mt19937_64 rng(options.seed);
  DeviceNetwork network;
  for (std::size_t l = 0; l < initial.layers.size(); ++l) {
    const double w_max = options.weight_range * initial_weight_bound(sizes[l]);
    network.layers.push_back(program_layer(initial.layers[l], w_max, device, rng));
  }
  Mlp weights = network.read_back(device);
  const std::size_t layers = weights.layers.size();
  const double step_us = p.level_step_us();
  const double sigma_us = p.programming_sigma_in_us();
  const double span_us = p.g_max_us - p.g_min_us;
  const std::size_t count = labels.size();

  std::vector<Eigen::VectorXf> activations(layers + 1);
  std::vector<Eigen::VectorXf> deltas(layers);
  std::vector<std::uint64_t> input_bits;
  std::vector<std::uint32_t> active_inputs;
  std::uint64_t samples_seen = 0;
  for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
    const std::vector<std::uint32_t> order = snn::shuffled_order(count, options.seed, epoch);
    for (std::size_t s = 0; s < count; ++s) {
      const std::uint32_t sample = order[s];
      // Forward and backward through the weights the devices hold (peripheral circuits in float).
      activations[0] = images.col(sample);
      for (std::size_t l = 0; l < layers; ++l) {
        activations[l + 1] = weights.layers[l].weights * activations[l] + weights.layers[l].bias;
        if (l + 1 < layers) activations[l + 1] = activations[l + 1].cwiseMax(0.0F);
      }
      Eigen::VectorXf output = activations[layers];
      output = (output.array() - output.maxCoeff()).exp().matrix();
      output /= output.sum();
      output(labels[sample]) -= 1.0F;
      deltas[layers - 1] = output;
      for (std::size_t l = layers - 1; l > 0; --l) {
        deltas[l - 1] = (weights.layers[l].weights.transpose() * deltas[l])
                            .cwiseProduct((activations[l].array() > 0.0F).cast<float>().matrix());
      }
      // Stochastic update of every layer: x and |delta| become bit streams; each coincidence is one
      // potentiating step, on G+ where -delta * x > 0, else on G-.
      for (std::size_t l = 0; l < layers; ++l) {
        PairLayer& pairs = network.layers[l];
        const double step_weight = pairs.w_max / static_cast<double>(p.levels - 1);
        const double scale = std::sqrt(options.learning_rate / (options.bit_length * step_weight));
        input_bits.assign(pairs.inputs + 1, 0);
        active_inputs.clear();
        for (std::uint32_t j = 0; j <= pairs.inputs; ++j) {
          const double x = j < pairs.inputs ? static_cast<double>(activations[l](j)) : 1.0;
          input_bits[j] = stream_bits(std::min(1.0, scale * x), options.bit_length, rng);
          if (input_bits[j] != 0) active_inputs.push_back(j);
        }
        const double weight_per_us = pairs.w_max / span_us;
        for (std::uint32_t i = 0; i < pairs.outputs; ++i) {
          const double delta = deltas[l](i);
          const std::uint64_t error_bits = stream_bits(std::min(1.0, scale * std::abs(delta)), options.bit_length, rng);
          if (error_bits == 0) continue;
          std::vector<double>& target = delta < 0.0 ? pairs.g_plus_us : pairs.g_minus_us;
          for (const std::uint32_t j : active_inputs) {
            const int coincidences = __builtin_popcountll(input_bits[j] & error_bits);
            if (coincidences == 0) continue;
            const std::size_t n = pairs.index(i, j);
            double change_us = coincidences * step_us;
            // The sum of `coincidences` independent steps, each N(step, sigma^2).
            if (sigma_us > 0.0) {
              change_us += sigma_us * std::sqrt(static_cast<double>(coincidences)) * memristor::standard_normal(rng);
            }
            double g_us = target[n] + change_us;
            if (g_us > p.g_max_us || g_us < p.g_min_us) {
              ++statistics.clipped_updates;
              g_us = std::clamp(g_us, p.g_min_us, p.g_max_us);
            }
            target[n] = g_us;
            statistics.potentiation_steps += static_cast<std::uint64_t>(coincidences);
            const auto weight = static_cast<float>((pairs.g_plus_us[n] - pairs.g_minus_us[n]) * weight_per_us);
            if (j < pairs.inputs) {
              weights.layers[l].weights(i, j) = weight;
            } else {
              weights.layers[l].bias(i) = weight;
            }
          }
        }
      }
      ++samples_seen;
      if (options.refresh_interval > 0 && samples_seen % options.refresh_interval == 0) {
        ++statistics.refresh_cycles;
        for (PairLayer& pairs : network.layers) {
          for (std::size_t n = 0; n < pairs.g_plus_us.size(); ++n) {
            if (refresh_pair(pairs.g_plus_us[n], pairs.g_minus_us[n], device, rng)) ++statistics.refreshed_pairs;
          }
        }
        weights = network.read_back(device);
      }
      if (progress && (s + 1) % 256 == 0) progress(epoch * count + s + 1, options.epochs * count);
    }
  }
  if (progress) progress(options.epochs * count, options.epochs * count);
  statistics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return network;
}

}  // namespace spinaps::mlp
