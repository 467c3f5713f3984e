#pragma once
// Shared by the sweep, pareto and slurm suites: run the CLI of this build and read what it wrote.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli_helpers.h"

namespace sweep_test {

namespace fs = std::filesystem;
// Running the CLI and reading files: the helpers every CLI suite shares.
using spinaps::test::kCli;
using spinaps::test::kSource;
using spinaps::test::Outcome;
using spinaps::test::read_text;
using spinaps::test::run_command;
using spinaps::test::valid_svg;
using spinaps::test::write_text;

/// A new empty directory; the pid keeps concurrent test runs (other build trees) apart.
inline fs::path fresh_directory(const std::string& name) {
  const fs::path directory =
      fs::path(::testing::TempDir()) / ("spinaps_sweep_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  return directory;
}

/// Deletes a test's scratch directory once the test has passed (kept for inspection when it failed).
inline void remove_if_passed(const fs::path& directory) {
  if (!::testing::Test::HasFailure()) fs::remove_all(directory);
}

inline std::size_t line_count(const std::string& text) {
  std::size_t lines = 0;
  for (const char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

/// A small sweep file in `directory` on the default configuration; `edit` changes it first.
template <typename Edit>
fs::path write_sweep(const fs::path& directory, const std::string& name, Edit edit) {
  nlohmann::json sweep = {{"name", name},
                          {"base_config", kSource + "/configs/spinaps.json"},
                          {"samples", 20},
                          {"parameters",
                           {{{"key", "crossbar.rows"}, {"values", {128, 256}}},
                            {{"key", "clock.frequency_mhz"}, {"values", {250, 1000}}}}}};
  edit(sweep);
  const fs::path file = directory / (name + ".json");
  write_text(file, sweep.dump(2));
  return file;
}

}  // namespace sweep_test
