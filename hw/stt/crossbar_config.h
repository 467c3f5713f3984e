#pragma once
#include <cstdint>

#include "models/config/config_reader.h"

namespace spinaps::stt {

/// One binary STT-RAM subarray and its sense amplifiers.
struct CrossbarConfig {
  std::uint32_t rows = 256;             ///< word lines: presynaptic inputs per subarray
  std::uint32_t cols = 256;             ///< bit lines: weight bits per row
  std::uint32_t column_mux_ratio = 1;   ///< bit lines sharing one sense amplifier
  std::uint32_t read_buffer_depth = 2;  ///< rows read ahead of the MAC lanes (row buffer entries)
  [[nodiscard]] std::uint32_t sense_amps() const { return cols / column_mux_ratio; }
};

/// Parses the "crossbar" node.
CrossbarConfig parse_crossbar_config(config::ConfigNode node);

}  // namespace spinaps::stt
