#include "hw/stt/stt_subarray.h"

#include <stdexcept>
#include <string>

namespace spinaps::stt {

SttSubarray::SttSubarray(const CrossbarConfig& config, std::uint32_t used_cols, std::uint32_t read_cycles)
    : config_(config),
      used_cols_(used_cols),
      read_cycles_(read_cycles),
      words_per_row_((config.cols + 63U) / 64U),
      cells_(static_cast<std::size_t>(config.rows) * words_per_row_, 0) {
  if (used_cols > config.cols) {
    throw std::logic_error("subarray: " + std::to_string(used_cols) + " used columns exceed " +
                           std::to_string(config.cols));
  }
}

void SttSubarray::program(std::uint32_t row, std::uint32_t col, bool value) {
  std::uint64_t& word = cells_[static_cast<std::size_t>(row) * words_per_row_ + (col >> 6U)];
  const std::uint64_t mask = std::uint64_t{1} << (col & 63U);
  word = value ? (word | mask) : (word & ~mask);
  ++counts_.bits_programmed;
  counts_.ones_programmed += value ? 1 : 0;
}

void SttSubarray::start_read(std::uint32_t /*row*/, hw::Cycle now) {
  busy_until_ = now + read_cycles_;
  ++counts_.row_activations;
  counts_.cell_reads += used_cols_;
  counts_.sense_operations += used_cols_;
}

}  // namespace spinaps::stt
