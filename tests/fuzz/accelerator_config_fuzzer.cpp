// Any bytes as a memristive-accelerator configuration (optionally preceded by one "-p" override
// line) must parse or give a ConfigError; nothing else may escape, crash or hang.
#include <cstdint>
#include <string>

#include "hw/cnn_accel/accelerator_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const spinaps::fuzz::ConfigInput input = spinaps::fuzz::split_override_line(data, size);
  const std::string file = spinaps::fuzz::write_scratch_file(
      "accelerator.json", reinterpret_cast<const std::uint8_t*>(input.text.data()), input.text.size());
  try {
    (void)spinaps::cnn_accel::load_accelerator_config(file, input.overrides);
  } catch (const spinaps::config::ConfigError&) {
    // the expected outcome for bad input
  }
  return 0;
}
