#pragma once
// Device faults of binary STT-RAM cells. The anti-parallel (high-resistance) state stores 1, the
// parallel state 0. Every fault is drawn from the counter-based RNG keyed by the seed and the cell's
// (subarray, row, column), so a fault map is the same on every run, machine and evaluation order.
//   stuck-at-P / stuck-at-AP  the cell always reads 0 / 1, whatever was written (static)
//   write failure             programming leaves the cell in its erased state (P, 0) (static)
//   read error                a sensed bit flips on one read (transient, keyed by the read)
#include <cstdint>

#include "models/config/config_reader.h"

namespace spinaps::stt {

struct SttFaultConfig {
  double stuck_at_p_rate = 0.0;         ///< fraction of cells stuck in the parallel state (read 0)
  double stuck_at_ap_rate = 0.0;        ///< fraction of cells stuck in the anti-parallel state (read 1)
  double write_failure_rate = 0.0;      ///< fraction of cells whose programming fails (stay 0)
  double read_error_probability = 0.0;  ///< probability that one sensed bit flips on one read
  [[nodiscard]] bool any_static() const {
    return stuck_at_p_rate > 0.0 || stuck_at_ap_rate > 0.0 || write_failure_rate > 0.0;
  }
  [[nodiscard]] bool any() const { return any_static() || read_error_probability > 0.0; }
};

/// Parses "faults.stt" (every key optional, default 0).
SttFaultConfig parse_stt_fault_config(config::ConfigNode node);

/// What the fault map did, gathered once at the end.
struct SttFaultCounts {
  std::uint64_t stuck_at_p_cells = 0;   ///< used cells stuck at P
  std::uint64_t stuck_at_ap_cells = 0;  ///< used cells stuck at AP
  std::uint64_t write_failures = 0;     ///< used cells whose programming failed
  std::uint64_t corrupted_cells = 0;    ///< used cells that read back differently from what was written
  std::uint64_t read_errors = 0;        ///< sensed bits flipped by read errors
};

enum class CellFault : std::uint8_t { kNone, kStuckAtP, kStuckAtAp, kWriteFailure };

/// The static fault of one cell, drawn from the seed.
CellFault draw_cell_fault(const SttFaultConfig& faults, std::uint64_t seed, std::uint32_t subarray, std::uint32_t row,
                          std::uint32_t col);

/// Whether the bit sensed at `col` on the subarray's `read_index`-th read flips.
bool draw_read_error(const SttFaultConfig& faults, std::uint64_t seed, std::uint32_t subarray, std::uint64_t read_index,
                     std::uint32_t col);

}  // namespace spinaps::stt
