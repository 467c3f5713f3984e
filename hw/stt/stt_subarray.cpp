#include "hw/stt/stt_subarray.h"

#include <stdexcept>
#include <string>

#include "hw/common/packed_fields.h"

namespace spinaps::stt {

SttSubarray::SttSubarray(const CrossbarConfig& config, std::uint32_t used_cols, std::uint32_t read_cycles,
                         std::uint32_t index, const SttFaultConfig& faults, std::uint64_t seed)
    : config_(config),
      used_cols_(used_cols),
      read_cycles_(read_cycles),
      words_per_row_((config.cols + 63U) / 64U),
      cells_(static_cast<std::size_t>(config.rows) * words_per_row_, 0),
      index_(index),
      faults_(faults),
      seed_(seed),
      read_errors_enabled_(faults.read_error_probability > 0.0) {
  if (used_cols > config.cols) {
    throw std::logic_error("subarray: " + std::to_string(used_cols) + " used columns exceed " +
                           std::to_string(config.cols));
  }
}

void SttSubarray::program(std::uint32_t row, std::uint32_t col, bool value) {
  bool stored = value;
  switch (draw_cell_fault(faults_, seed_, index_, row, col)) {
    case CellFault::kNone:
      break;
    case CellFault::kStuckAtP:
      stored = false;
      ++fault_counts_.stuck_at_p_cells;
      break;
    case CellFault::kStuckAtAp:
      stored = true;
      ++fault_counts_.stuck_at_ap_cells;
      break;
    case CellFault::kWriteFailure:
      stored = false;  // the cell stays in its erased (parallel) state
      ++fault_counts_.write_failures;
      break;
  }
  fault_counts_.corrupted_cells += stored != value ? 1 : 0;
  std::uint64_t& word = cells_[static_cast<std::size_t>(row) * words_per_row_ + (col >> 6U)];
  const std::uint64_t mask = std::uint64_t{1} << (col & 63U);
  word = stored ? (word | mask) : (word & ~mask);
  ++counts_.bits_programmed;
  counts_.ones_programmed += value ? 1 : 0;
}

namespace {

/// `count` fields of `width` bits from the start of `words` into `out` (kWidth: see packed_field).
template <std::uint32_t kWidth>
void decode_fields(const std::uint64_t* words, std::uint32_t count, std::uint32_t width, std::int32_t* out) {
  for (std::uint32_t w = 0; w < count; ++w) out[w] = hw::packed_field<kWidth>(words, w, width);
}

}  // namespace

void SttSubarray::sensed_weights(std::uint32_t row, std::uint32_t count, std::uint32_t width, std::uint64_t read_index,
                                 std::int32_t* out) {
  if (read_errors_enabled_) {
    const std::uint32_t sign_bit = 1U << (width - 1);
    for (std::uint32_t w = 0; w < count; ++w) {
      std::uint32_t bits = 0;
      for (std::uint32_t b = 0; b < width; ++b) bits |= (sensed_bit(row, w * width + b, read_index) ? 1U : 0U) << b;
      out[w] = static_cast<std::int32_t>(bits ^ sign_bit) - static_cast<std::int32_t>(sign_bit);
    }
    return;
  }
  // Without read errors the sense amplifiers deliver the stored bits: take them a word at a time.
  const std::uint64_t* words = &cells_[static_cast<std::size_t>(row) * words_per_row_];
  switch (width) {
    case 4:
      decode_fields<4>(words, count, width, out);
      break;
    case 8:
      decode_fields<8>(words, count, width, out);
      break;
    default:
      decode_fields<0>(words, count, width, out);
      break;
  }
}

}  // namespace spinaps::stt
