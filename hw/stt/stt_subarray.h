#pragma once
// One binary STT-RAM (1T-1MTJ) subarray: rows are presynaptic inputs, each bit line one weight bit.
// A row read activates one word line and senses the used bit lines through the sense amplifiers;
// it occupies the subarray for a fixed number of cycles. The stored bits are the real content:
// weights are decoded from them, so a flipped cell changes the arithmetic.
#include <cstdint>
#include <vector>

#include "hw/common/clocked_component.h"
#include "hw/stt/crossbar_config.h"
#include "hw/stt/stt_faults.h"

namespace spinaps::stt {

struct SubarrayCounts {
  std::uint64_t row_activations = 0;   ///< word lines driven (one per row read)
  std::uint64_t cell_reads = 0;        ///< cells sensed (used bit lines per read)
  std::uint64_t sense_operations = 0;  ///< sense-amplifier decisions
  std::uint64_t bits_programmed = 0;   ///< cells written when the weights were loaded
  std::uint64_t ones_programmed = 0;   ///< of which set to the anti-parallel (1) state
};

class SttSubarray {
 public:
  /// `used_cols` bit lines hold data; the rest of the `config.cols` are spare. `index` identifies
  /// the subarray in the fault map drawn from `seed`.
  SttSubarray(const CrossbarConfig& config, std::uint32_t used_cols, std::uint32_t read_cycles, std::uint32_t index,
              const SttFaultConfig& faults, std::uint64_t seed);

  /// Programs one cell (weight loading, before inference); stuck cells and failed writes keep
  /// their faulty state.
  void program(std::uint32_t row, std::uint32_t col, bool value);
  /// Starts reading `row` at cycle `now`; the data are valid from free_cycle() on. Returns the
  /// index of this read (it keys transient read errors).
  std::uint64_t start_read(std::uint32_t /*row*/, hw::Cycle now) {
    busy_until_ = now + read_cycles_;
    ++counts_.row_activations;
    counts_.cell_reads += used_cols_;
    counts_.sense_operations += used_cols_;
    return reads_++;
  }
  /// The bit the sense amplifier delivers at `col` on read `read_index` (read errors applied).
  [[nodiscard]] bool sensed_bit(std::uint32_t row, std::uint32_t col, std::uint64_t read_index) {
    const bool stored = bit(row, col);
    if (!read_errors_enabled_ || !draw_read_error(faults_, seed_, index_, read_index, col)) {
      return stored;
    }
    ++fault_counts_.read_errors;
    return !stored;
  }
  /// Decodes `count` two's-complement fields of `width` bits (at most 16) sensed on read
  /// `read_index`, side by side from column 0, LSB first, into `out`: one row's weights, exactly as
  /// sensed_bit() delivers their bits one by one.
  void sensed_weights(std::uint32_t row, std::uint32_t count, std::uint32_t width, std::uint64_t read_index,
                      std::int32_t* out);
  /// The stored bits of `row` (a word per 64 bit lines, as packed_field reads them) when the sense
  /// amplifiers deliver exactly what is stored, i.e. without read errors; null otherwise.
  [[nodiscard]] const std::uint64_t* stored_row(std::uint32_t row) const {
    return read_errors_enabled_ ? nullptr : &cells_[static_cast<std::size_t>(row) * words_per_row_];
  }
  [[nodiscard]] bool is_free(hw::Cycle now) const { return now >= busy_until_; }
  [[nodiscard]] hw::Cycle free_cycle() const { return busy_until_; }
  /// The bit at (row, col) as the sense amplifiers deliver it.
  [[nodiscard]] bool bit(std::uint32_t row, std::uint32_t col) const {
    return ((cells_[static_cast<std::size_t>(row) * words_per_row_ + (col >> 6U)] >> (col & 63U)) & 1U) != 0;
  }
  [[nodiscard]] std::uint32_t read_cycles() const { return read_cycles_; }
  [[nodiscard]] std::uint32_t used_cols() const { return used_cols_; }
  [[nodiscard]] const SubarrayCounts& counts() const { return counts_; }
  [[nodiscard]] const SttFaultCounts& fault_counts() const { return fault_counts_; }

 private:
  CrossbarConfig config_;
  std::uint32_t used_cols_;
  std::uint32_t read_cycles_;
  std::uint32_t words_per_row_;
  std::vector<std::uint64_t> cells_;  ///< one bit per cell, row-major
  hw::Cycle busy_until_ = 0;
  std::uint32_t index_;
  SttFaultConfig faults_;
  std::uint64_t seed_;
  bool read_errors_enabled_;
  std::uint64_t reads_ = 0;
  SubarrayCounts counts_;
  SttFaultCounts fault_counts_;
};

}  // namespace spinaps::stt
