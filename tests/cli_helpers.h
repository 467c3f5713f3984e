#pragma once
// Running the spinaps command line from tests the way a user does (one process per command, so one
// SystemC kernel each), and small file helpers the report tests share.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/io/shell_command.h"

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
  const io::CommandOutput output =
      io::run_shell_command("cd '" + kSource + "' && SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " + arguments);
  return {output.exit_code, output.text};
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
/// A new empty scratch directory; the process id keeps tests running in parallel (ctest -j, or two
/// checkouts' suites at once) out of each other's way.
inline fs::path fresh_directory(const std::string& name) {
  const fs::path directory = fs::path(::testing::TempDir()) / ("spinaps_" + name + "_" + std::to_string(::getpid()));
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

/// True when the file parses as XML with an <svg> root (python3's xml.etree).
inline bool valid_svg(const fs::path& file) {
  return run_command(
             "/usr/bin/python3 -c \"import sys, xml.etree.ElementTree as t; "
             "root = t.parse(sys.argv[1]).getroot(); sys.exit(0 if root.tag.endswith('svg') else 1)\" '" +
             file.string() + "'")
             .exit_code == 0;
}

/// The x tick labels of a standalone figure (tools/plot: matplotlib draws text as paths and names
/// each in a comment inside its <g id="xtick_N"> group; a tick without a label has none), in order,
/// over every panel.
inline std::vector<std::string> figure_x_tick_labels(const std::string& svg) {
  std::vector<std::string> labels;
  for (std::size_t at = svg.find("<g id=\"xtick_"); at != std::string::npos; at = svg.find("<g id=\"xtick_", at + 1)) {
    std::size_t end = at + 1;  // just past the tick's group: its <g> and </g> balance there
    for (int depth = 1; depth > 0;) {
      end = svg.find('<', end);
      if (end == std::string::npos) break;
      if (svg.compare(end, 3, "<g ") == 0 || svg.compare(end, 3, "<g>") == 0) ++depth;
      if (svg.compare(end, 4, "</g>") == 0) --depth;
      ++end;
    }
    const std::size_t comment = svg.find("<!-- ", at);
    if (comment != std::string::npos && comment < end) {
      labels.push_back(svg.substr(comment + 5, svg.find(" -->", comment) - comment - 5));
    }
  }
  return labels;
}

}  // namespace spinaps::test
