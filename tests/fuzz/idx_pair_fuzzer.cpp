// Any bytes as an IDX images file and labels file must load or give a DatasetError. The first
// byte picks where the input splits into the two files.
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.h"
#include "workloads/mnist/idx_dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t rest = size - 1;
  const std::size_t split = rest == 0 ? 0 : (static_cast<std::size_t>(data[0]) * rest) / 255;
  const std::string images = spinaps::fuzz::write_scratch_file("images.idx", data + 1, split);
  const std::string labels = spinaps::fuzz::write_scratch_file("labels.idx", data + 1 + split, rest - split);
  try {
    (void)spinaps::data::load_idx_pair(images, labels);
  } catch (const spinaps::data::DatasetError&) {
  }
  return 0;
}
