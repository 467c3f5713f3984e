#include "hw/stt/crossbar_config.h"

namespace spinaps::stt {

CrossbarConfig parse_crossbar_config(config::ConfigNode node) {
  CrossbarConfig crossbar;
  crossbar.rows = static_cast<std::uint32_t>(node.integer("rows", 8, 4096));
  crossbar.cols = static_cast<std::uint32_t>(node.integer("cols", 8, 4096));
  crossbar.column_mux_ratio = static_cast<std::uint32_t>(node.integer_or("column_mux_ratio", 1, 64, 1));
  if (crossbar.cols % crossbar.column_mux_ratio != 0) {
    throw node.error("column_mux_ratio", "value " + std::to_string(crossbar.column_mux_ratio) +
                                             " is not allowed; expected a divisor of cols (" +
                                             std::to_string(crossbar.cols) + ")");
  }
  crossbar.read_buffer_depth = static_cast<std::uint32_t>(node.integer_or("read_buffer_depth", 1, 64, 2));
  node.finish();
  return crossbar;
}

}  // namespace spinaps::stt
