#include "hw/cnn_accel/tile_network.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "hw/memristor/tile_actions.h"
#include "models/rng/counter_rng.h"

namespace spinaps::cnn_accel {
namespace {

/// A seed for one purpose and one set of indices, independent of the order anything runs in.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                          std::uint64_t d = 0) {
  std::uint64_t state = rng::mix64(seed ^ (purpose << 56U));
  state = rng::mix64(state ^ a);
  state = rng::mix64(state ^ b);
  state = rng::mix64(state ^ c);
  return rng::mix64(state ^ d);
}
constexpr std::uint64_t kProgrammingPurpose = 0x50;
constexpr std::uint64_t kReadNoisePurpose = 0x51;
constexpr std::uint64_t kOutputCalibrationPurpose = 0x52;

const cnn::Tensor& constant_of(const cnn::Graph& graph, const std::string& name) { return graph.constants.at(name); }

InputQuantiser calibrate(const std::vector<const cnn::Tensor*>& samples, std::uint32_t bits, double percentile) {
  InputQuantiser quantiser;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  std::vector<double> magnitudes;
  for (const cnn::Tensor* tensor : samples) {
    for (const float value : tensor->values) {
      low = std::min(low, static_cast<double>(value));
      high = std::max(high, static_cast<double>(value));
      magnitudes.push_back(std::fabs(static_cast<double>(value)));
    }
  }
  if (!std::isfinite(low)) low = high = 0.0;
  quantiser.calibrated_min = low;
  quantiser.calibrated_max = high;
  quantiser.signed_codes = low < 0.0;
  double full = quantiser.signed_codes ? std::max(-low, high) : high;
  if (percentile < 100.0 && !magnitudes.empty()) {
    // Nearest rank: the smallest magnitude with at least `percentile` % of the values at or below it.
    const auto rank = static_cast<std::size_t>(std::ceil(percentile / 100.0 * static_cast<double>(magnitudes.size())));
    const auto nth = magnitudes.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(rank, 1) - 1);
    std::nth_element(magnitudes.begin(), nth, magnitudes.end());
    full = *nth;
  }
  const double codes = quantiser.signed_codes ? std::ldexp(1.0, static_cast<int>(bits) - 1) - 1.0
                                              : std::ldexp(1.0, static_cast<int>(bits)) - 1.0;
  quantiser.scale = full > 0.0 ? full / codes : 1.0;
  return quantiser;
}

std::vector<std::int32_t> quantise(const cnn::Tensor& tensor, const InputQuantiser& quantiser, std::uint32_t bits) {
  const double high = quantiser.signed_codes ? std::ldexp(1.0, static_cast<int>(bits) - 1) - 1.0
                                             : std::ldexp(1.0, static_cast<int>(bits)) - 1.0;
  const double low = quantiser.signed_codes ? -std::ldexp(1.0, static_cast<int>(bits) - 1) : 0.0;
  std::vector<std::int32_t> codes(tensor.values.size());
  for (std::size_t index = 0; index < codes.size(); ++index) {
    const double code = std::nearbyint(static_cast<double>(tensor.values[index]) / quantiser.scale);
    codes[index] = static_cast<std::int32_t>(std::clamp(code, low, high));
  }
  return codes;
}

void count_buffer(energy::ActionCounts& counts, std::uint64_t read_elements, std::uint64_t written_elements,
                  std::uint32_t bits) {
  counts.add(memristor::kActionBufferReadBit, read_elements * bits);
  counts.add(memristor::kActionBufferWriteBit, written_elements * bits);
}

}  // namespace

void add_tally(const memristor::TileTally& tally, UnitCounts& counts) {
  counts.actions.add(memristor::kActionDacDrive, tally.dac_drives);
  counts.actions.add(memristor::kActionArrayReadNanosiemens, tally.array_read_ns);
  counts.actions.add(memristor::kActionSampleHold, tally.sample_holds);
  counts.actions.add(memristor::kActionAdcConversion, tally.adc_conversions);
  counts.actions.add(memristor::kActionShiftAdd, tally.shift_adds);
  counts.actions.add(memristor::kActionPartialSumAdd, tally.partial_sum_adds);
  counts.actions.add(memristor::kActionOutputScale, tally.output_scales);
  counts.adc_clipped_conversions += tally.adc_clipped;
}

TileNetwork::TileNetwork(const cnn::Graph& graph, const AcceleratorConfig& config, const AcceleratorPlan& plan,
                         const std::vector<cnn::TensorMap>& calibration_inputs)
    : graph_(graph), config_(config), plan_(plan), device_(config.device) {
  quantisers_.resize(plan.units.size());
  weight_layers_.resize(plan.units.size());
  // Calibration: the float activations each weight layer reads, over the calibration frames.
  std::vector<cnn::TensorMap> activations;
  activations.reserve(calibration_inputs.size());
  cnn::ReferenceOptions keep;
  keep.keep_intermediates = true;
  for (const cnn::TensorMap& inputs : calibration_inputs) {
    activations.push_back(cnn::run_reference(graph, inputs, keep));
  }
  for (std::size_t index = 0; index < plan.units.size(); ++index) {
    const UnitPlan& unit = plan.units[index];
    if (!unit.weight_layer) continue;
    std::vector<const cnn::Tensor*> samples;
    for (const cnn::TensorMap& values : activations) {
      const std::string& name = unit.inputs.at(0).value;
      const auto found = values.find(name);
      if (found != values.end()) {
        samples.push_back(&found->second);
      } else {
        for (const cnn::TensorMap& inputs : calibration_inputs) {
          if (inputs.count(name) > 0) samples.push_back(&inputs.at(name));
        }
      }
    }
    quantisers_[index] = calibrate(samples, config.tile.input_bits, config.mapping.calibration_percentile);

    const cnn::Node& node = graph.nodes[unit.node_index];
    WeightLayer& layer = weight_layers_[index];
    // The im2col matrix of each group, K x M row-major, with Gemm's alpha folded in.
    const cnn::Tensor& weights = constant_of(graph, node.inputs.at(1));
    std::vector<std::vector<float>> group_matrices(static_cast<std::size_t>(unit.groups));
    const std::int64_t k = unit.k;
    const std::int64_t m = unit.m;
    if (unit.kind == cnn::OpKind::kConv) {
      for (std::int64_t group = 0; group < unit.groups; ++group) {
        std::vector<float>& matrix = group_matrices[static_cast<std::size_t>(group)];
        matrix.resize(static_cast<std::size_t>(k * m));
        for (std::int64_t row = 0; row < k; ++row) {
          for (std::int64_t column = 0; column < m; ++column) {
            matrix[static_cast<std::size_t>(row * m + column)] =
                weights.values[static_cast<std::size_t>((group * m + column) * k + row)];
          }
        }
      }
      if (node.inputs.size() > 2 && !node.inputs[2].empty()) layer.bias = constant_of(graph, node.inputs[2]).values;
    } else {
      float alpha = 1.0F;
      bool transpose_b = false;
      if (unit.kind == cnn::OpKind::kGemm) {
        const auto& params = std::get<cnn::GemmParams>(node.params);
        alpha = params.alpha;
        transpose_b = params.transpose_b;
        if (node.inputs.size() > 2 && !node.inputs[2].empty()) {
          const cnn::Tensor& c = constant_of(graph, node.inputs[2]);
          layer.bias = c.values;
          for (float& value : layer.bias) value *= params.beta;
          layer.bias_per_element = static_cast<std::int64_t>(c.values.size()) != m && c.values.size() != 1;
        }
      }
      std::vector<float>& matrix = group_matrices[0];
      matrix.resize(static_cast<std::size_t>(k * m));
      for (std::int64_t row = 0; row < k; ++row) {
        for (std::int64_t column = 0; column < m; ++column) {
          const std::size_t source = static_cast<std::size_t>(transpose_b ? column * k + row : row * m + column);
          matrix[static_cast<std::size_t>(row * m + column)] = alpha * weights.values[source];
        }
      }
    }
    // The weight scales: each output column's (channel's) largest |weight|, or the layer's.
    std::vector<std::vector<double>> scales(group_matrices.size(),
                                            std::vector<double>(static_cast<std::size_t>(m), 0.0));
    double layer_max = 0.0;
    for (std::size_t group = 0; group < group_matrices.size(); ++group) {
      for (std::int64_t row = 0; row < k; ++row) {
        for (std::int64_t column = 0; column < m; ++column) {
          const double magnitude =
              std::fabs(static_cast<double>(group_matrices[group][static_cast<std::size_t>(row * m + column)]));
          double& scale = scales[group][static_cast<std::size_t>(column)];
          scale = std::max(scale, magnitude);
          layer_max = std::max(layer_max, magnitude);
        }
      }
    }
    for (std::vector<double>& group_scales : scales) {
      for (double& scale : group_scales) {
        if (config.mapping.weight_scale == WeightScale::kPerLayer) scale = layer_max;
        if (!(scale > 0.0)) scale = layer_max > 0.0 ? layer_max : 1.0;  // an all-zero column needs any scale
      }
    }
    layer.matrices.resize(unit.copies);
    for (std::uint32_t copy = 0; copy < unit.copies; ++copy) {
      for (std::int64_t group = 0; group < unit.groups; ++group) {
        std::mt19937_64 rng(
            derive_seed(config.seed, kProgrammingPurpose, index, copy, static_cast<std::uint64_t>(group)));
        layer.matrices[copy].push_back(std::make_unique<memristor::CrossbarMatrix>(
            device_, config.tile, group_matrices[static_cast<std::size_t>(group)].data(), k, m,
            scales[static_cast<std::size_t>(group)], rng));
      }
    }
    if (config.tile.adc_range == memristor::AdcRange::kCalibrated) calibrate_converters(index, samples);
    if (config.mapping.output_calibration == OutputCalibration::kPerColumn) {
      calibrate_outputs(index, samples, group_matrices);
    }
  }
}

void TileNetwork::calibrate_converters(std::size_t unit, const std::vector<const cnn::Tensor*>& samples) {
  const InputQuantiser& quantiser = quantisers_[unit];
  WeightLayer& layer = weight_layers_[unit];
  for (const cnn::Tensor* sample : samples) {
    const std::vector<std::int32_t> codes = quantise(*sample, quantiser, config_.tile.input_bits);
    for_each_batch(unit, codes, sample->shape, [&](const Batch& batch) {
      layer.matrices[batch.copy][static_cast<std::size_t>(batch.group)]->observe_for_calibration(
          batch.codes->data(), batch.positions, quantiser.signed_codes);
    });
  }
  for (auto& copy : layer.matrices) {
    for (auto& matrix : copy) matrix->calibrate_adc();
  }
}

void TileNetwork::calibrate_outputs(std::size_t unit, const std::vector<const cnn::Tensor*>& samples,
                                    const std::vector<std::vector<float>>& group_matrices) {
  const InputQuantiser& quantiser = quantisers_[unit];
  WeightLayer& layer = weight_layers_[unit];
  const UnitPlan& plan = plan_.units[unit];
  const std::int64_t k = plan.k;
  const std::int64_t m = plan.m;
  // Least-squares sums per copy, group and column: n, sum t, sum r, sum t^2, sum t r (t: tile, r: exact).
  struct Sums {
    std::vector<double> n, t, r, tt, tr;
  };
  std::vector<std::vector<Sums>> sums(layer.matrices.size());
  for (std::size_t copy = 0; copy < sums.size(); ++copy) {
    sums[copy].resize(layer.matrices[copy].size());
    for (Sums& entry : sums[copy]) {
      for (std::vector<double>* values : {&entry.n, &entry.t, &entry.r, &entry.tt, &entry.tr}) {
        values->assign(static_cast<std::size_t>(m), 0.0);
      }
    }
  }
  std::uint64_t batch_index = 0;
  std::vector<float> tile_out;
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  for (const cnn::Tensor* sample : samples) {
    const std::vector<std::int32_t> codes = quantise(*sample, quantiser, config_.tile.input_bits);
    for_each_batch(unit, codes, sample->shape, [&](const Batch& batch) {
      const memristor::CrossbarMatrix& matrix = *layer.matrices[batch.copy][static_cast<std::size_t>(batch.group)];
      tile_out.assign(static_cast<std::size_t>(batch.positions * m), 0.0F);
      memristor::TileTally ignored;
      std::mt19937_64 read_rng(derive_seed(config_.seed, kOutputCalibrationPurpose, unit, batch_index++, 0));
      matrix.multiply(batch.codes->data(), batch.positions, quantiser.signed_codes, quantiser.scale, tile_out.data(),
                      ignored, read_rng);
      RowMajor inputs(batch.positions, k);
      for (std::int64_t i = 0; i < batch.positions * k; ++i) {
        inputs.data()[i] = static_cast<float>((*batch.codes)[static_cast<std::size_t>(i)] * quantiser.scale);
      }
      const Eigen::Map<const RowMajor> weights(group_matrices[static_cast<std::size_t>(batch.group)].data(), k, m);
      const RowMajor exact = inputs * weights;
      Sums& entry = sums[batch.copy][static_cast<std::size_t>(batch.group)];
      for (std::int64_t p = 0; p < batch.positions; ++p) {
        for (std::int64_t j = 0; j < m; ++j) {
          const double t = tile_out[static_cast<std::size_t>(p * m + j)];
          const double r = exact(p, j);
          const auto c = static_cast<std::size_t>(j);
          entry.n[c] += 1.0;
          entry.t[c] += t;
          entry.r[c] += r;
          entry.tt[c] += t * t;
          entry.tr[c] += t * r;
        }
      }
    });
  }
  layer.corrections.assign(sums.size(), {});
  for (std::size_t copy = 0; copy < sums.size(); ++copy) {
    for (const Sums& entry : sums[copy]) {
      ColumnCorrection correction;
      correction.gain.assign(static_cast<std::size_t>(m), 1.0F);
      correction.offset.assign(static_cast<std::size_t>(m), 0.0F);
      for (std::size_t c = 0; c < static_cast<std::size_t>(m); ++c) {
        const double n = entry.n[c];
        const double variance = n * entry.tt[c] - entry.t[c] * entry.t[c];
        // A column whose outputs did not vary over the calibration keeps gain 1 and only its offset.
        const double gain = n > 1.0 && variance > 1e-12 * n * entry.tt[c]
                                ? (n * entry.tr[c] - entry.t[c] * entry.r[c]) / variance
                                : 1.0;
        correction.gain[c] = static_cast<float>(gain);
        correction.offset[c] = n > 0.0 ? static_cast<float>((entry.r[c] - gain * entry.t[c]) / n) : 0.0F;
      }
      layer.corrections[copy].push_back(std::move(correction));
    }
  }
}

void TileNetwork::for_each_batch(std::size_t unit, const std::vector<std::int32_t>& codes,
                                 const cnn::Shape& input_shape, const std::function<void(const Batch&)>& visit) const {
  const UnitPlan& plan = plan_.units[unit];
  const cnn::Node& node = graph_.nodes[plan.node_index];
  const std::int64_t k = plan.k;
  std::vector<std::int32_t> batch_codes;
  Batch batch;
  batch.codes = &batch_codes;
  if (plan.kind == cnn::OpKind::kConv) {
    const auto& window = std::get<cnn::ConvParams>(node.params).window;
    const cnn::Shape& output_shape = graph_.shapes.at(node.output);
    const std::int64_t channels_per_group = input_shape[1] / plan.groups;
    const std::int64_t height = input_shape[2];
    const std::int64_t width = input_shape[3];
    const std::int64_t out_height = output_shape[2];
    // The input rows of one output row channel-last (kernel row, x, channel): a window's channels are
    // then adjacent. Channel-first, they lie a power of two apart (a 128 x 128 map: 64 KiB), all in
    // the same cache set, and the gather below missed the cache on most reads. Only the kernel_h rows
    // an output row reads are copied, so the copy adds kilobytes, not a second copy of the map.
    const std::int64_t channels = input_shape[1];
    std::vector<std::int32_t> window_rows(static_cast<std::size_t>(window.kernel_h * width * channels));
    const std::int64_t window_size = window.kernel_h * window.kernel_w;
    for (std::int64_t y = 0; y < out_height; ++y) {
      for (std::int64_t i = 0; i < window.kernel_h; ++i) {
        const std::int64_t in_y = y * window.stride_h - window.pad_top + i * window.dilation_h;
        if (in_y < 0 || in_y >= height) continue;  // padding: never read
        for (std::int64_t channel = 0; channel < channels; ++channel) {
          const std::int32_t* line = codes.data() + (channel * height + in_y) * width;
          for (std::int64_t x = 0; x < width; ++x) {
            window_rows[static_cast<std::size_t>((i * width + x) * channels + channel)] = line[x];
          }
        }
      }
      for (std::int64_t group = 0; group < plan.groups; ++group) {
        for (std::uint32_t copy = 0; copy < plan.copies; ++copy) {
          const std::int64_t positions = plan.positions_of_copy(copy);
          if (positions == 0) continue;
          batch_codes.resize(static_cast<std::size_t>(positions * k));  // every code written below
          batch = Batch{copy, group, y, positions, &batch_codes};
          for (std::int64_t p = 0; p < positions; ++p) {
            const std::int64_t x = batch.position_index(p, plan.copies);
            std::int32_t* row = batch_codes.data() + p * k;
            // Column (c, i, j) of the im2col row is c x window_size + i x kernel_w + j.
            for (std::int64_t i = 0; i < window.kernel_h; ++i) {
              const std::int64_t in_y = y * window.stride_h - window.pad_top + i * window.dilation_h;
              for (std::int64_t j = 0; j < window.kernel_w; ++j) {
                const std::int64_t in_x = x * window.stride_w - window.pad_left + j * window.dilation_w;
                std::int32_t* column = row + i * window.kernel_w + j;
                if (in_y < 0 || in_y >= height || in_x < 0 || in_x >= width) {  // padding: code 0
                  for (std::int64_t c = 0; c < channels_per_group; ++c) column[c * window_size] = 0;
                  continue;
                }
                const std::int32_t* pixel =
                    window_rows.data() + (i * width + in_x) * channels + group * channels_per_group;
                for (std::int64_t c = 0; c < channels_per_group; ++c) column[c * window_size] = pixel[c];
              }
            }
          }
          visit(batch);
        }
      }
    }
    return;
  }
  // Gemm / MatMul: the rows of A are the input vectors (transposed first for Gemm transA).
  bool transpose_a = false;
  if (plan.kind == cnn::OpKind::kGemm) transpose_a = std::get<cnn::GemmParams>(node.params).transpose_a;
  const std::int64_t vectors = plan.positions_per_row;
  for (std::uint32_t copy = 0; copy < plan.copies; ++copy) {
    const std::int64_t positions = plan.positions_of_copy(copy);
    if (positions == 0) continue;
    batch_codes.assign(static_cast<std::size_t>(positions * k), 0);
    batch = Batch{copy, 0, 0, positions, &batch_codes};
    for (std::int64_t p = 0; p < positions; ++p) {
      const std::int64_t vector = batch.position_index(p, plan.copies);
      for (std::int64_t column = 0; column < k; ++column) {
        const std::size_t source =
            static_cast<std::size_t>(transpose_a ? column * vectors + vector : vector * k + column);
        batch_codes[static_cast<std::size_t>(p * k + column)] = codes[source];
      }
    }
    visit(batch);
  }
}

DeviceFaultCounts TileNetwork::fault_counts() const {
  DeviceFaultCounts counts;
  for (const WeightLayer& layer : weight_layers_) {
    for (const auto& copy : layer.matrices) {
      for (const auto& matrix : copy) {
        counts.devices += matrix->devices();
        counts.stuck_at_gmin += matrix->stuck_at_gmin_devices();
        counts.stuck_at_gmax += matrix->stuck_at_gmax_devices();
      }
    }
  }
  return counts;
}

cnn::Tensor TileNetwork::compute_unit(std::size_t unit, std::uint64_t frame,
                                      const std::vector<const cnn::Tensor*>& inputs, UnitCounts& counts,
                                      memristor::ConverterMode converter) const {
  const UnitPlan& plan = plan_.units.at(unit);
  if (plan.weight_layer) {
    if (inputs.empty() || inputs[0] == nullptr) throw std::logic_error("weight layer " + plan.name + " has no input");
    return compute_weight_layer(unit, frame, *inputs[0], counts, converter);
  }
  return compute_digital(unit, inputs, counts.actions);
}

cnn::Tensor TileNetwork::compute_weight_layer(std::size_t unit, std::uint64_t frame, const cnn::Tensor& input,
                                              UnitCounts& unit_counts, memristor::ConverterMode converter) const {
  energy::ActionCounts& counts = unit_counts.actions;
  const UnitPlan& plan = plan_.units[unit];
  const cnn::Node& node = graph_.nodes[plan.node_index];
  const WeightLayer& layer = weight_layers_[unit];
  const InputQuantiser& quantiser = quantisers_[unit];
  const std::uint32_t bits = config_.tile.input_bits;
  const std::vector<std::int32_t> codes = quantise(input, quantiser, bits);
  counts.add(memristor::kActionQuantise, codes.size());

  cnn::Tensor output;
  output.shape = graph_.shapes.at(node.output);
  output.values.assign(static_cast<std::size_t>(cnn::element_count(output.shape)), 0.0F);
  const std::int64_t m = plan.m;
  const bool conv = plan.kind == cnn::OpKind::kConv;
  memristor::TileTally tally;
  std::vector<float> result;
  // Seeding a Mersenne Twister costs more than a small batch's multiply: done only when it is drawn
  // from (the tiles draw nothing without read noise).
  const bool read_noise = device_.parameters().read_noise_sigma_relative > 0.0;
  std::mt19937_64 read_rng;
  for_each_batch(unit, codes, input.shape, [&](const Batch& batch) {
    result.resize(static_cast<std::size_t>(batch.positions * m));
    if (read_noise) {
      const std::uint64_t row_key =
          conv ? (static_cast<std::uint64_t>(batch.group) << 32U) | batch.copy : static_cast<std::uint64_t>(batch.copy);
      read_rng.seed(
          derive_seed(config_.seed, kReadNoisePurpose, unit, frame, static_cast<std::uint64_t>(batch.row), row_key));
    }
    layer.matrices[batch.copy][static_cast<std::size_t>(batch.group)]->multiply(
        batch.codes->data(), batch.positions, quantiser.signed_codes, quantiser.scale, result.data(), tally, read_rng,
        converter);
    const ColumnCorrection* correction =
        layer.corrections.empty() ? nullptr : &layer.corrections[batch.copy][static_cast<std::size_t>(batch.group)];
    for (std::int64_t p = 0; p < batch.positions; ++p) {
      const std::int64_t position = batch.position_index(p, plan.copies);
      for (std::int64_t j = 0; j < m; ++j) {
        float value = result[static_cast<std::size_t>(p * m + j)];
        if (correction != nullptr) {
          value =
              correction->gain[static_cast<std::size_t>(j)] * value + correction->offset[static_cast<std::size_t>(j)];
        }
        if (conv) {
          const std::int64_t channel = batch.group * m + j;
          const float bias = layer.bias.empty() ? 0.0F : layer.bias[static_cast<std::size_t>(channel)];
          output
              .values[static_cast<std::size_t>((channel * output.shape[2] + batch.row) * output.shape[3] + position)] =
              value + bias;
        } else {
          float bias = 0.0F;
          if (layer.bias.size() == 1) {
            bias = layer.bias[0];
          } else if (layer.bias_per_element) {
            bias = layer.bias[static_cast<std::size_t>(position * m + j)];
          } else if (!layer.bias.empty()) {
            bias = layer.bias[static_cast<std::size_t>(j)];
          }
          output.values[static_cast<std::size_t>(position * m + j)] = value + bias;
        }
      }
    }
  });
  if (conv) {
    count_buffer(counts, static_cast<std::uint64_t>(output.shape[2] * plan.row_input_elements), output.values.size(),
                 bits);
  } else {
    count_buffer(counts, static_cast<std::uint64_t>(plan.row_input_elements), output.values.size(), bits);
  }
  add_tally(tally, unit_counts);
  return output;
}

cnn::Tensor TileNetwork::compute_digital(std::size_t unit, const std::vector<const cnn::Tensor*>& inputs,
                                         energy::ActionCounts& counts) const {
  const UnitPlan& plan = plan_.units[unit];
  const cnn::Node& node = graph_.nodes[plan.node_index];
  std::vector<const cnn::Tensor*> operands;
  for (std::size_t index = 0; index < plan.inputs.size(); ++index) {
    const UnitInput& input = plan.inputs[index];
    if (input.constant) {
      operands.push_back(&constant_of(graph_, input.value));
    } else {
      if (index >= inputs.size() || inputs[index] == nullptr) {
        throw std::logic_error("unit " + plan.name + " computed before its input '" + input.value + "' arrived");
      }
      operands.push_back(inputs[index]);
    }
  }
  cnn::Tensor output = cnn::run_node(node, operands, graph_.shapes.at(node.output));
  const std::uint64_t elements = output.values.size();
  const std::uint64_t operations = static_cast<std::uint64_t>(plan.rows) * plan.digital_ops_per_row;
  switch (plan.kind) {
    case cnn::OpKind::kRelu:
      counts.add(memristor::kActionRelu, operations);
      break;
    case cnn::OpKind::kTanh:
    case cnn::OpKind::kSigmoid:
      counts.add(memristor::kActionLookup, operations);
      break;
    case cnn::OpKind::kMul:
      counts.add(memristor::kActionMultiply, operations);
      break;
    case cnn::OpKind::kAdd:
      counts.add(memristor::kActionAdd, operations);
      break;
    case cnn::OpKind::kMaxPool:
      counts.add(memristor::kActionCompare, operations);
      break;
    case cnn::OpKind::kResize:
      counts.add(std::get<cnn::ResizeParams>(node.params).mode == cnn::ResizeMode::kLinear
                     ? memristor::kActionInterpolate
                     : memristor::kActionCopy,
                 operations);
      break;
    default:
      counts.add(memristor::kActionCopy, operations);
      break;
  }
  count_buffer(counts, operations, elements, config_.tile.input_bits);
  return output;
}

cnn::TensorMap TileNetwork::run_functional(std::uint64_t frame, const cnn::TensorMap& inputs,
                                           std::vector<UnitCounts>& counts, memristor::ConverterMode converter) const {
  counts.resize(plan_.units.size());
  cnn::TensorMap values = inputs;
  for (std::size_t index = 0; index < plan_.units.size(); ++index) {
    const UnitPlan& unit = plan_.units[index];
    std::vector<const cnn::Tensor*> operands;
    for (const UnitInput& input : unit.inputs) {
      operands.push_back(input.constant ? nullptr : &values.at(input.value));
    }
    values[graph_.nodes[unit.node_index].output] = compute_unit(index, frame, operands, counts[index], converter);
  }
  cnn::TensorMap outputs;
  for (const std::string& name : graph_.outputs) outputs[name] = values.at(name);
  return outputs;
}

}  // namespace spinaps::cnn_accel
