// Any bytes as a sweep file must load or give a ConfigError naming the file and the key.
#include <cstdint>
#include <string>

#include "models/config/config_reader.h"
#include "tests/fuzz/fuzz_support.h"
#include "tools/sweep/sweep_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = spinaps::fuzz::write_scratch_file("sweep.json", data, size);
  try {
    (void)spinaps::sweep::load_sweep_spec(file);
  } catch (const spinaps::config::ConfigError&) {
  }
  return 0;
}
