#include "hw/neuron/glm_neuron_unit.h"

#include <algorithm>

#include "hw/common/packed_fields.h"
#include "models/config/config_reader.h"
#include "models/rng/counter_rng.h"

namespace spinaps::neuron {

namespace {

/// accumulators[n] += sum over k of weights[n*K + k] * traces[k], with K a compile-time constant
/// where it is one of the common kernel counts (the compiler unrolls the kernel loop) and
/// `kernels` otherwise; the same integer sums either way.
template <std::uint32_t kKernels>
void multiply_accumulate(std::int64_t* accumulators, std::uint32_t count, std::uint32_t kernels,
                         const std::int32_t* weights, const std::uint32_t* traces) {
  const std::uint32_t k_count = kKernels != 0 ? kKernels : kernels;
  for (std::uint32_t n = 0; n < count; ++n) {
    std::int64_t sum = 0;
    for (std::uint32_t k = 0; k < k_count; ++k) {
      sum += static_cast<std::int64_t>(weights[n * k_count + k]) * traces[k];
    }
    accumulators[n] += sum;
  }
}

/// multiply_accumulate with weight n*K + k read as packed field n*K + k of `width` bits.
template <std::uint32_t kKernels, std::uint32_t kWidth>
void multiply_accumulate_packed(std::int64_t* accumulators, std::uint32_t count, std::uint32_t kernels,
                                const std::uint64_t* words, std::uint32_t width, const std::uint32_t* traces) {
  const std::uint32_t k_count = kKernels != 0 ? kKernels : kernels;
  for (std::uint32_t n = 0; n < count; ++n) {
    std::int64_t sum = 0;
    for (std::uint32_t k = 0; k < k_count; ++k) {
      sum += static_cast<std::int64_t>(hw::packed_field<kWidth>(words, n * k_count + k, width)) * traces[k];
    }
    accumulators[n] += sum;
  }
}

template <std::uint32_t kWidth>
PackedMultiplyAccumulate packed_for_kernels(std::uint32_t kernels) {
  switch (kernels) {
    case 1:
      return &multiply_accumulate_packed<1, kWidth>;
    case 2:
      return &multiply_accumulate_packed<2, kWidth>;
    case 4:
      return &multiply_accumulate_packed<4, kWidth>;
    default:
      return &multiply_accumulate_packed<0, kWidth>;
  }
}

/// The packed multiply-accumulate compiled for these kernels and weight bits, chosen once.
PackedMultiplyAccumulate select_packed(std::uint32_t kernels, std::uint32_t weight_bits) {
  switch (weight_bits) {
    case 4:
      return packed_for_kernels<4>(kernels);
    case 8:
      return packed_for_kernels<8>(kernels);
    default:
      return packed_for_kernels<0>(kernels);
  }
}

}  // namespace

GlmNeuronUnit::GlmNeuronUnit(const NeuronUnitConfig& config, const snn::QuantisedNetwork& network,
                             const std::string& config_file)
    : GlmNeuronUnit(config, network, network, config_file) {}

GlmNeuronUnit::GlmNeuronUnit(const NeuronUnitConfig& config, const snn::QuantisedNetwork& network,
                             const snn::QuantisedNetwork& layer, const std::string& config_file)
    : config_(config),
      network_(network),
      window_mask_((1U << network.shape.window_steps) - 1U),
      accumulators_(network.shape.outputs, 0),
      potential_sums_(network.shape.outputs, 0),
      own_windows_(network.shape.outputs, 0),
      packed_multiply_accumulate_(select_packed(network.shape.basis_functions, network.shape.weight_bits)) {
  const std::int64_t needed = layer.max_abs_potential();
  const std::int64_t capacity = (std::int64_t{1} << (config.accumulator_bits - 1)) - 1;
  if (needed > capacity) {
    throw config::ConfigError(
        config_file, "neuron.accumulator_bits",
        "value " + std::to_string(config.accumulator_bits) +
            " is too narrow: these weights can reach |u| = " + std::to_string(needed) + "; expected at least " +
            std::to_string(64 - __builtin_clzll(static_cast<unsigned long long>(needed)) + 1) + " bits");
  }
}

void GlmNeuronUnit::clear() {
  std::fill(potential_sums_.begin(), potential_sums_.end(), 0);
  std::fill(own_windows_.begin(), own_windows_.end(), 0U);
}

void GlmNeuronUnit::load_bias() {
  for (std::size_t i = 0; i < accumulators_.size(); ++i) accumulators_[i] = network_.bias[i];
  counts_.accumulator_resets += accumulators_.size();
}

void GlmNeuronUnit::accumulate(std::uint32_t first_neuron, std::uint32_t count, const std::int32_t* weights,
                               const std::uint32_t* traces) {
  const std::uint32_t kernels = network_.shape.basis_functions;
  std::int64_t* accumulators = &accumulators_[first_neuron];
  switch (kernels) {
    case 1:
      multiply_accumulate<1>(accumulators, count, kernels, weights, traces);
      break;
    case 2:
      multiply_accumulate<2>(accumulators, count, kernels, weights, traces);
      break;
    case 4:
      multiply_accumulate<4>(accumulators, count, kernels, weights, traces);
      break;
    default:
      multiply_accumulate<0>(accumulators, count, kernels, weights, traces);
      break;
  }
  counts_.synapse_macs += static_cast<std::uint64_t>(count) * kernels;
}

std::uint64_t GlmNeuronUnit::accumulate_feedback() {
  const std::uint32_t kernels = network_.shape.feedback_basis_functions;
  std::uint64_t macs = 0;
  for (std::size_t i = 0; i < accumulators_.size(); ++i) {
    if (own_windows_[i] == 0) continue;
    for (std::uint32_t k = 0; k < kernels; ++k) {
      accumulators_[i] +=
          static_cast<std::int64_t>(network_.feedback[i * kernels + k]) * network_.feedback_lut.at(k, own_windows_[i]);
    }
    macs += kernels;
  }
  counts_.feedback_macs += macs;
  return macs;
}

void GlmNeuronUnit::add_partial_sums(const std::vector<std::int64_t>& sums) {
  for (std::size_t i = 0; i < accumulators_.size(); ++i) accumulators_[i] += sums[i];
}

void GlmNeuronUnit::fire(std::uint64_t seed, std::uint64_t sample, std::uint32_t step, std::uint32_t firing_index_base,
                         std::vector<std::uint32_t>& spiking) {
  const auto neurons = static_cast<std::uint32_t>(accumulators_.size());
  for (std::uint32_t i = 0; i < neurons; ++i) {
    const std::uint32_t threshold = network_.sigmoid.threshold[network_.sigmoid.index(accumulators_[i])];
    const std::uint32_t draw = rng::draw_u16(seed, rng::Stream::kNeuronFiring, sample, step, firing_index_base + i);
    const bool spike = draw < threshold;
    own_windows_[i] = ((own_windows_[i] << 1U) | (spike ? 1U : 0U)) & window_mask_;
    potential_sums_[i] += accumulators_[i];
    if (spike) {
      spiking.push_back(i);
      ++counts_.output_spikes;
    }
  }
  counts_.sigmoid_lut_reads += neurons;
  counts_.rng_draws += neurons;
  counts_.comparisons += neurons;
}

}  // namespace spinaps::neuron
