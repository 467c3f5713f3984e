#pragma once
// A resource guard: before anything large is loaded or allocated, estimate the memory a
// configuration needs and refuse to start (with the estimate in the message) when the machine
// cannot hold it, rather than being killed by the kernel half-way.
#include <cstdint>

#include "hw/chip/chip_config.h"

namespace spinaps::chip {

struct MemoryEstimate {
  double weights_bytes = 0.0;   ///< the weights file parsed, the quantised network and the golden model's matrix
  double cells_bytes = 0.0;     ///< one bit per STT cell of every subarray
  double activity_bytes = 0.0;  ///< windows, accumulators, per-step buffers
  [[nodiscard]] double total_bytes() const { return weights_bytes + cells_bytes + activity_bytes; }
};

MemoryEstimate estimate_memory(const ChipConfig& config);

/// Memory this process may use: MemAvailable from /proc/meminfo (physical memory if unreadable).
double available_memory_bytes();

/// Throws config::ConfigError (naming the configuration file) when the estimate exceeds the
/// available memory.
void check_memory(const ChipConfig& config);

}  // namespace spinaps::chip
