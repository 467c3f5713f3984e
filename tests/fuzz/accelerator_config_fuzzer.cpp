// Any bytes as a memristive-accelerator configuration (optionally preceded by one "-p" override
// line) must parse or give a ConfigError; nothing else may escape, crash or hang.
#include <cstdint>
#include <string>

#include "hw/cnn_accel/accelerator_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string override_line;
  if (text.rfind("-p ", 0) == 0) {
    const auto newline = text.find('\n');
    override_line = text.substr(3, newline == std::string::npos ? std::string::npos : newline - 3);
    text = newline == std::string::npos ? "" : text.substr(newline + 1);
  }
  const std::string file = spinaps::fuzz::write_scratch_file(
      "accelerator.json", reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  try {
    std::vector<std::string> overrides;
    if (!override_line.empty()) overrides.push_back(override_line);
    (void)spinaps::cnn_accel::load_accelerator_config(file, overrides);
  } catch (const spinaps::config::ConfigError&) {
    // the expected outcome for bad input
  }
  return 0;
}
