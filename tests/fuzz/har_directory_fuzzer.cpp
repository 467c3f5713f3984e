// Any bytes as one file of a UCI HAR Dataset directory must load or give a DatasetError. A small
// valid directory is written once per process; the first input byte picks which of its files the
// rest of the input replaces (then the original is put back for the next input).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "workloads/har/har_dataset.h"
#include "workloads/har/synthetic_har.h"
#include "workloads/mnist/idx_dataset.h"

namespace {

namespace fs = std::filesystem;

struct ValidDirectory {
  fs::path root;
  std::vector<fs::path> files;
  std::vector<std::string> originals;

  ValidDirectory() : root(fs::temp_directory_path() / ("spinaps-fuzz-har-" + std::to_string(::getpid()))) {
    spinaps::har::SyntheticHarConfig small;
    small.train_windows = 8;
    small.test_windows = 4;
    spinaps::har::write_uci_har_directory(root.string(), spinaps::har::generate_synthetic_har(small));
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      originals.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
  }
};

void write(const fs::path& file, const char* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ValidDirectory directory;
  if (size < 1) return 0;
  const std::size_t which = data[0] % directory.files.size();
  write(directory.files[which], reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    (void)spinaps::har::load_uci_har_directory(directory.root.string(), spinaps::har::HarViews::kBoth);
  } catch (const spinaps::data::DatasetError&) {
  }
  write(directory.files[which], directory.originals[which].data(), directory.originals[which].size());
  return 0;
}
