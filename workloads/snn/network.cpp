#include "workloads/snn/network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"

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

QuantisedNetwork load_network(const std::string& file, const SnnConfig& expected) {
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  if (root.text("format") != "spinaps-glm-weights") {
    throw root.error("format", "expected \"spinaps-glm-weights\"");
  }
  (void)root.integer("version", 1, 1);
  config::ConfigNode topology = root.child("topology");
  QuantisedNetwork network;
  network.shape = expected;
  auto expect_equal = [&](const std::string& key, std::uint32_t wanted) {
    const auto found = topology.integer(key, 0, 1U << 30U);
    if (found != wanted) {
      throw topology.error(key, "is " + std::to_string(found) + " but the configuration has " + std::to_string(wanted) +
                                    "; train weights for this configuration (spinaps train)");
    }
  };
  expect_equal("inputs", expected.inputs);
  expect_equal("outputs", expected.outputs);
  expect_equal("basis_functions", expected.basis_functions);
  expect_equal("feedback_basis_functions", expected.feedback_basis_functions);
  expect_equal("window_steps", expected.window_steps);
  expect_equal("weight_bits", expected.weight_bits);
  expect_equal("trace_bits", expected.trace_bits);
  topology.finish();
  network.weight_lsb = root.real("weight_lsb", 1e-12, 1e12);
  auto read_integers = [&](const std::string& key) {
    const auto& array = document.at(key);
    root.skip(key);
    if (!array.is_array()) {
      throw root.error(key, "expected an array of integers");
    }
    std::vector<std::int32_t> values;
    values.reserve(array.size());
    for (std::size_t n = 0; n < array.size(); ++n) {
      if (!array[n].is_number_integer()) {
        throw root.error(key + "[" + std::to_string(n) + "]", "value " + array[n].dump() + " is not an integer");
      }
      const auto value = array[n].get<std::int64_t>();
      if (value < INT32_MIN || value > INT32_MAX) {
        throw root.error(key + "[" + std::to_string(n) + "]", "value does not fit 32 bits");
      }
      values.push_back(static_cast<std::int32_t>(value));
    }
    return values;
  };
  for (const char* key : {"weights", "feedback", "bias"}) {
    if (!document.contains(key)) {
      throw root.error(key, "is required but missing");
    }
  }
  network.weights = read_integers("weights");
  network.feedback = read_integers("feedback");
  network.bias = read_integers("bias");
  root.skip("training");
  root.finish();
  finalise_network(network, file);
  return network;
}

void save_network(const std::string& file, const QuantisedNetwork& network,
                  const nlohmann::ordered_json& training_record) {
  const SnnConfig& shape = network.shape;
  nlohmann::ordered_json document;
  document["format"] = "spinaps-glm-weights";
  document["version"] = 1;
  document["topology"] = {{"inputs", shape.inputs},
                          {"outputs", shape.outputs},
                          {"basis_functions", shape.basis_functions},
                          {"feedback_basis_functions", shape.feedback_basis_functions},
                          {"window_steps", shape.window_steps},
                          {"weight_bits", shape.weight_bits},
                          {"trace_bits", shape.trace_bits}};
  document["weight_lsb"] = network.weight_lsb;
  document["training"] = training_record;
  document["bias"] = network.bias;
  document["feedback"] = network.feedback;
  document["weights"] = network.weights;
  io::write_file_atomically(file, document.dump(1) + "\n");
}

}  // namespace spinaps::snn
