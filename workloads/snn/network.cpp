#include "workloads/snn/network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/config/config_reader.h"

namespace spinaps::snn {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr std::uint32_t kProbabilityOne = 65536;  // rng16 draws are in [0, 65535]

std::int32_t min_weight(std::uint32_t bits) { return -(1 << (bits - 1)); }
std::int32_t max_weight(std::uint32_t bits) { return (1 << (bits - 1)) - 1; }

}  // namespace

std::vector<std::vector<double>> raised_cosine_basis(std::uint32_t kernels, std::uint32_t window_steps) {
  std::vector<std::vector<double>> basis(kernels, std::vector<double>(window_steps, 0.0));
  if (kernels == 1 || window_steps == 1) {
    for (auto& kernel : basis) {
      std::fill(kernel.begin(), kernel.end(), 1.0);
    }
    return basis;
  }
  const double spacing = static_cast<double>(window_steps - 1) / static_cast<double>(kernels - 1);
  for (std::uint32_t k = 0; k < kernels; ++k) {
    const double centre = 1.0 + k * spacing;
    for (std::uint32_t tau = 1; tau <= window_steps; ++tau) {
      const double distance = std::abs(static_cast<double>(tau) - centre);
      basis[k][tau - 1] = distance < spacing ? 0.5 * (1.0 + std::cos(kPi * distance / spacing)) : 0.0;
    }
  }
  return basis;
}

TraceLut build_trace_lut(std::uint32_t kernels, std::uint32_t window_steps, std::uint32_t trace_bits) {
  TraceLut lut;
  lut.kernels = kernels;
  lut.window_steps = window_steps;
  if (kernels == 0) {
    return lut;
  }
  const auto basis = raised_cosine_basis(kernels, window_steps);
  double largest_sum = 0.0;
  for (const auto& kernel : basis) {
    double sum = 0.0;
    for (const double value : kernel) sum += value;
    largest_sum = std::max(largest_sum, sum);
  }
  const double max_code = std::ldexp(1.0, static_cast<int>(trace_bits)) - 1.0;
  lut.lsb = largest_sum / max_code;
  const std::uint32_t patterns = 1U << window_steps;
  lut.values.assign(static_cast<std::size_t>(kernels) * patterns, 0);
  for (std::uint32_t k = 0; k < kernels; ++k) {
    for (std::uint32_t window = 0; window < patterns; ++window) {
      double trace = 0.0;
      for (std::uint32_t tau = 1; tau <= window_steps; ++tau) {
        if (((window >> (tau - 1)) & 1U) != 0) trace += basis[k][tau - 1];
      }
      lut.values[(static_cast<std::size_t>(k) << window_steps) + window] =
          static_cast<std::uint32_t>(std::lround(trace / lut.lsb));
    }
  }
  return lut;
}

SigmoidLut build_sigmoid_lut(double potential_lsb, double range, std::uint32_t entries) {
  SigmoidLut lut;
  // Smallest power-of-two bin such that entries bins cover 2*range of real potential.
  const double lsbs_per_entry = 2.0 * range / (entries * potential_lsb);
  std::uint32_t shift = 0;
  while (std::ldexp(1.0, static_cast<int>(shift)) < lsbs_per_entry && shift < 62) ++shift;
  lut.shift = shift;
  lut.threshold.resize(entries);
  const double bin_real = std::ldexp(1.0, static_cast<int>(shift)) * potential_lsb;
  const auto half = static_cast<std::int64_t>(entries / 2);
  for (std::uint32_t e = 0; e < entries; ++e) {
    const double centre = (static_cast<double>(static_cast<std::int64_t>(e) - half) + 0.5) * bin_real;
    const double probability = 1.0 / (1.0 + std::exp(-centre));
    lut.threshold[e] = static_cast<std::uint32_t>(std::lround(probability * kProbabilityOne));
  }
  return lut;
}

std::uint32_t input_threshold(std::uint8_t pixel, double max_spike_probability) {
  return static_cast<std::uint32_t>(std::lround(pixel / 255.0 * max_spike_probability * kProbabilityOne));
}

std::int64_t QuantisedNetwork::max_abs_potential() const {
  std::int64_t worst = 0;
  std::uint32_t max_trace = 0;
  for (const auto value : trace_lut.values) max_trace = std::max(max_trace, value);
  std::uint32_t max_feedback_trace = 0;
  for (const auto value : feedback_lut.values) max_feedback_trace = std::max(max_feedback_trace, value);
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    std::int64_t positive = std::max<std::int64_t>(bias[i], 0);
    std::int64_t negative = std::min<std::int64_t>(bias[i], 0);
    for (std::uint32_t j = 0; j < shape.inputs; ++j) {
      for (std::uint32_t k = 0; k < shape.basis_functions; ++k) {
        const std::int64_t w = weight(j, i, k);
        (w > 0 ? positive : negative) += w * max_trace;
      }
    }
    for (std::uint32_t k = 0; k < shape.feedback_basis_functions; ++k) {
      const std::int64_t v = feedback[static_cast<std::size_t>(i) * shape.feedback_basis_functions + k];
      (v > 0 ? positive : negative) += v * max_feedback_trace;
    }
    worst = std::max({worst, positive, -negative});
  }
  return worst;
}

void finalise_network(QuantisedNetwork& network, const std::string& origin) {
  const SnnConfig& shape = network.shape;
  const std::size_t expected_weights = static_cast<std::size_t>(shape.inputs) * shape.outputs * shape.basis_functions;
  const std::size_t expected_feedback = static_cast<std::size_t>(shape.outputs) * shape.feedback_basis_functions;
  auto fail = [&](const std::string& field, const std::string& problem) {
    throw config::ConfigError(origin, field, problem);
  };
  if (network.weights.size() != expected_weights) {
    fail("weights", "holds " + std::to_string(network.weights.size()) +
                        " values; expected inputs*outputs*K = " + std::to_string(expected_weights));
  }
  if (network.feedback.size() != expected_feedback) {
    fail("feedback", "holds " + std::to_string(network.feedback.size()) +
                         " values; expected outputs*K_fb = " + std::to_string(expected_feedback));
  }
  if (network.bias.size() != shape.outputs) {
    fail("bias", "holds " + std::to_string(network.bias.size()) + " values; expected " + std::to_string(shape.outputs));
  }
  const std::int32_t low = min_weight(shape.weight_bits);
  const std::int32_t high = max_weight(shape.weight_bits);
  auto check_range = [&](const std::vector<std::int32_t>& values, const std::string& field) {
    for (std::size_t n = 0; n < values.size(); ++n) {
      if (values[n] < low || values[n] > high) {
        fail(field + "[" + std::to_string(n) + "]", "value " + std::to_string(values[n]) + " does not fit " +
                                                        std::to_string(shape.weight_bits) + " bits; expected [" +
                                                        std::to_string(low) + ", " + std::to_string(high) + "]");
      }
    }
  };
  check_range(network.weights, "weights");
  check_range(network.feedback, "feedback");
  if (!(network.weight_lsb > 0.0) || !std::isfinite(network.weight_lsb)) {
    fail("weight_lsb", "expected a positive finite number");
  }
  network.trace_lut = build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits);
  network.feedback_lut = build_trace_lut(shape.feedback_basis_functions, shape.window_steps, shape.trace_bits);
  network.sigmoid = build_sigmoid_lut(network.potential_lsb(), shape.sigmoid_range, shape.sigmoid_lut_entries);
}

}  // namespace spinaps::snn
