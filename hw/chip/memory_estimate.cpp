#include "hw/chip/memory_estimate.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "hw/core/weight_layout.h"

namespace spinaps::chip {
namespace {

// Bytes per weight while a run holds it: the JSON text (about 3 characters per small integer),
// the parsed JSON value (nlohmann stores each number in a 16-byte value), the int32 in the
// quantised network, and the golden model's int64 matrix entry.
constexpr double kBytesPerWeight = 3.0 + 16.0 + 4.0 + 8.0;
// A router buffer slot: the flit record and its bookkeeping.
constexpr double kBytesPerFlitSlot = 32.0;

std::string gibibytes(double bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return buffer;
}

}  // namespace

MemoryEstimate estimate_memory(const ChipConfig& config) {
  MemoryEstimate estimate;
  const std::vector<std::uint32_t> sizes = snn::layer_sizes(config.snn);
  const double neurons_per_group = config.crossbar.cols / (config.snn.basis_functions * config.snn.weight_bits);
  for (std::size_t layer = 0; layer + 1 < sizes.size(); ++layer) {
    const double inputs = sizes[layer], outputs = sizes[layer + 1];
    // The weights once more in the cores' partition copies (int32).
    estimate.weights_bytes += inputs * outputs * config.snn.basis_functions * (kBytesPerWeight + 4.0);
    const double row_groups = std::ceil(inputs / config.crossbar.rows);
    const double column_groups = neurons_per_group > 0 ? std::ceil(outputs / neurons_per_group) : 1.0;
    estimate.cells_bytes += row_groups * column_groups * config.crossbar.rows * config.crossbar.cols / 8.0;
    estimate.activity_bytes += inputs * 16.0 + outputs * 32.0;
  }
  // Every router: 5 input ports x VCs x buffer depth flit slots, plus per-port and per-link state.
  const double routers = static_cast<double>(config.noc.rows) * config.noc.cols;
  estimate.activity_bytes +=
      routers * (5.0 * config.noc.virtual_channels * config.noc.buffer_depth_flits * kBytesPerFlitSlot + 4096.0);
  return estimate;
}

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream fields(line.substr(13));
      double kibibytes = 0.0;
      fields >> kibibytes;
      if (kibibytes > 0.0) return kibibytes * 1024.0;
    }
  }
  return static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

void check_memory(const ChipConfig& config) {
  const MemoryEstimate estimate = estimate_memory(config);
  const double available = available_memory_bytes();
  if (estimate.total_bytes() > available) {
    throw config::ConfigError(config.file, "",
                              "this configuration needs an estimated " + gibibytes(estimate.total_bytes()) +
                                  " (weights " + gibibytes(estimate.weights_bytes) + ", STT cells " +
                                  gibibytes(estimate.cells_bytes) + ") but only " + gibibytes(available) +
                                  " is available; reduce snn.inputs, snn.outputs or snn.basis_functions");
  }
}

}  // namespace spinaps::chip
