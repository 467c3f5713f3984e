// The installed binary runs from anywhere with its data under PREFIX/share/spinaps and carries no
// path of the source tree (CMakeLists.txt install rules, models/io/data_paths.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "tests/cli_helpers.h"

namespace spinaps::test {
namespace {

/// The build tree installed once per test process into a prefix of its own (ctest runs the cases
/// in parallel), removed when the process ends.
struct InstalledTree {
  fs::path prefix = fresh_directory("install_prefix_" + std::to_string(::getpid()));
  InstalledTree() {
    const Outcome install =
        run_command("'" SPINAPS_CMAKE_COMMAND "' --install '" SPINAPS_BUILD_DIR "' --prefix '" + prefix.string() + "'");
    EXPECT_EQ(install.exit_code, 0) << install.output;
  }
  InstalledTree(const InstalledTree&) = delete;
  InstalledTree& operator=(const InstalledTree&) = delete;
  ~InstalledTree() {
    std::error_code ignored;
    fs::remove_all(prefix, ignored);
  }
};

fs::path install_prefix() {
  static const InstalledTree tree;
  return tree.prefix;
}

/// Runs the installed binary from / with no hint of where the data lives.
Outcome run_installed(const std::string& arguments) {
  const fs::path prefix = install_prefix();
  return run_command("cd / && env -u SPINAPS_SHARE_DIR '" + (prefix / "bin" / "spinaps").string() + "' " + arguments);
}

TEST(Install, TheInstalledBinaryRunsTheDefaultSnnConfigFromAnotherDirectory) {
  const fs::path prefix = install_prefix();
  const fs::path report = fresh_directory("install_snn") / "report.json";
  const Outcome run = run_installed("run '" + (prefix / "share/spinaps/configs/spinaps.json").string() +
                                    "' --samples 20 -q --out '" + report.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string text = read_text(report);
  EXPECT_NE(text.find("\"inferences\": 20"), std::string::npos);
  EXPECT_EQ(text.find(SPINAPS_SOURCE_DIR), std::string::npos) << "the report names the source tree";
}

TEST(Install, TheInstalledBinaryRunsTheDefaultCnnConfigFromAnotherDirectory) {
  const fs::path prefix = install_prefix();
  const fs::path report = fresh_directory("install_cnn") / "report.json";
  const Outcome run = run_installed("run '" + (prefix / "share/spinaps/configs/ptychonn_edge.json").string() +
                                    "' --frames 1 -q --out '" + report.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string text = read_text(report);
  EXPECT_NE(text.find("\"frames_per_s\""), std::string::npos);
  EXPECT_EQ(text.find(SPINAPS_SOURCE_DIR), std::string::npos) << "the report names the source tree";
  // The map shortcut finds its default configuration under the installed data too.
  const Outcome map = run_installed("map ptychonn-original --frames 1 -q");
  EXPECT_EQ(map.exit_code, 0) << map.output;
}

/// True when this build carries AddressSanitizer instrumentation, which records each module's
/// source path in the binary for its reports by design (the release build is the one installed).
constexpr bool built_with_address_sanitizer() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

TEST(Install, TheInstalledBinaryHoldsNoPathOfTheSourceTree) {
  if (built_with_address_sanitizer()) {
    GTEST_SKIP() << "AddressSanitizer names each instrumented module by its source path; the release build checks this";
  }
  const std::string binary = read_text(install_prefix() / "bin" / "spinaps");
  ASSERT_FALSE(binary.empty());
  const std::string source = SPINAPS_SOURCE_DIR;
  EXPECT_EQ(binary.find(source), std::string::npos) << "the binary contains " << source;
}

TEST(Install, AMissingDataDirectoryIsOneClearError) {
  const fs::path empty = fresh_directory("install_no_data");
  const Outcome run = run_command(
      "cd / && SPINAPS_SHARE_DIR='" + empty.string() + "' '" + (install_prefix() / "bin" / "spinaps").string() +
      "' run '" + (install_prefix() / "share/spinaps/configs/spinaps.json").string() + "' --samples 1 -q");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("SPINAPS_SHARE_DIR"), std::string::npos) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
}

}  // namespace
}  // namespace spinaps::test
