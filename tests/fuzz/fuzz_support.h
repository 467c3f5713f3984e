#pragma once
// Shared by the fuzz targets: loaders read files, so each input is written to a scratch file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace spinaps::fuzz {

/// Writes `size` bytes to a per-process scratch file named `name` and returns its path.
std::string write_scratch_file(const std::string& name, const std::uint8_t* data, std::size_t size);

/// A config input: an optional first line "-p key=value" (one override), then the file's bytes.
struct ConfigInput {
  std::string text;
  std::vector<std::string> overrides;
};
ConfigInput split_override_line(const std::uint8_t* data, std::size_t size);

}  // namespace spinaps::fuzz
