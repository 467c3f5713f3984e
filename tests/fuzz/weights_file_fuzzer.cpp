// Any bytes as a weights file must load or give a ConfigError naming the file.
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.h"
#include "workloads/snn/weights_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = spinaps::fuzz::write_scratch_file("weights.json", data, size);
  spinaps::snn::SnnConfig shape;  // a small topology the seed corpus matches
  shape.inputs = 4;
  shape.outputs = 2;
  shape.basis_functions = 2;
  shape.feedback_basis_functions = 1;
  shape.window_steps = 3;
  shape.weight_bits = 4;
  shape.trace_bits = 4;
  try {
    (void)spinaps::snn::load_network(file, shape);
  } catch (const spinaps::config::ConfigError&) {
  }
  return 0;
}
