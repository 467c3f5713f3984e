#pragma once
// Running the spinaps command line from tests the way a user does (one process per command, so one
// SystemC kernel each), and small file helpers the report tests share.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace spinaps::test {

namespace fs = std::filesystem;
inline const std::string kCli = SPINAPS_CLI_PATH;
inline const std::string kSource = SPINAPS_SOURCE_DIR;

struct Outcome {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs a shell command in the source tree with stderr folded into stdout.
inline Outcome run_command(const std::string& arguments) {
  const std::string command = "cd '" + kSource + "' && SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " + arguments + " 2>&1";
  Outcome outcome;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) outcome.output += buffer;
  const int status = ::pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

inline std::string read_text(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream content;
  content << stream.rdbuf();
  return content.str();
}

inline void write_text(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

/// An empty scratch directory of the test's own.
inline fs::path fresh_directory(const std::string& name) {
  const fs::path directory = fs::path(::testing::TempDir()) / ("spinaps_" + name);
  fs::remove_all(directory);
  fs::create_directories(directory);
  return directory;
}

/// Validates a JSON file against a JSON Schema with python3-jsonschema (tools/setup.sh installs it).
inline Outcome validate_against_schema(const fs::path& document, const std::string& schema_in_source) {
  return run_command(
      "/usr/bin/python3 -c \"import json,sys,jsonschema; "
      "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))\" '" +
      document.string() + "' " + schema_in_source);
}

}  // namespace spinaps::test
