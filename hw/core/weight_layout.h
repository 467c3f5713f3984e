#pragma once
// Where each weight bit lives: input j is row j % rows of row group j / rows; neuron i's K weights of
// B bits sit side by side in column group i / neurons_per_group, LSB first. The same map programs
// the cells and decodes what the sense amplifiers deliver.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "hw/stt/crossbar_config.h"
#include "workloads/snn/snn_config.h"

namespace spinaps::core {

struct WeightLayout {
  std::uint32_t rows_per_subarray = 0;
  std::uint32_t neurons_per_group = 0;  ///< neurons whose weights fit in one subarray's columns
  std::uint32_t row_groups = 0;
  std::uint32_t column_groups = 0;
  std::uint32_t kernels = 0;
  std::uint32_t weight_bits = 0;

  WeightLayout(const stt::CrossbarConfig& crossbar, const snn::SnnConfig& snn)
      : rows_per_subarray(crossbar.rows),
        neurons_per_group(crossbar.cols / (snn.basis_functions * snn.weight_bits)),
        kernels(snn.basis_functions),
        weight_bits(snn.weight_bits) {
    if (neurons_per_group == 0) {
      throw std::invalid_argument(
          "crossbar.cols (" + std::to_string(crossbar.cols) +
          ") cannot hold one neuron's K*B = " + std::to_string(snn.basis_functions * snn.weight_bits) + " weight bits");
    }
    row_groups = (snn.inputs + rows_per_subarray - 1) / rows_per_subarray;
    column_groups = (snn.outputs + neurons_per_group - 1) / neurons_per_group;
  }
  [[nodiscard]] std::uint32_t subarrays() const { return row_groups * column_groups; }
  [[nodiscard]] std::uint32_t subarray_index(std::uint32_t row_group, std::uint32_t column_group) const {
    return row_group * column_groups + column_group;
  }
  [[nodiscard]] std::uint32_t column(std::uint32_t neuron, std::uint32_t kernel, std::uint32_t bit) const {
    return ((neuron % neurons_per_group) * kernels + kernel) * weight_bits + bit;
  }
  /// Bit lines used in column group `group` given `neurons` neurons in all.
  [[nodiscard]] std::uint32_t used_columns(std::uint32_t group, std::uint32_t neurons) const {
    const std::uint32_t first = group * neurons_per_group;
    const std::uint32_t count = std::min(neurons_per_group, neurons - first);
    return count * kernels * weight_bits;
  }
};

}  // namespace spinaps::core
