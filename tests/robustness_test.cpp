// Resource guards and atomic outputs: an impossible configuration fails fast with its memory
// estimate; a run killed mid-way leaves no report, and never a truncated one.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "hw/chip/memory_estimate.h"

namespace spinaps {
namespace {

namespace fs = std::filesystem;

TEST(ResourceGuard, MemoryEstimateGrowsWithTheNetwork) {
  chip::ChipConfig small = chip::load_chip_config(SPINAPS_SOURCE_DIR "/configs/spinaps.json", {});
  chip::ChipConfig large = small;
  large.snn.inputs *= 100;
  EXPECT_GT(chip::estimate_memory(large).total_bytes(), 50 * chip::estimate_memory(small).total_bytes());
  EXPECT_LT(chip::estimate_memory(small).total_bytes(), 64.0 * 1024 * 1024);
  EXPECT_NO_THROW(chip::check_memory(small));
}

TEST(ResourceGuard, AConfigurationLargerThanTheMachineFailsFastWithTheEstimate) {
  const auto start = std::chrono::steady_clock::now();
  const std::string command = "cd '" SPINAPS_SOURCE_DIR "' && " SPINAPS_CLI_PATH
                              " run configs/spinaps.json -p snn.inputs=1048576 -p snn.outputs=4096 "
                              "-p snn.basis_functions=8 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 2) << output;
  EXPECT_NE(output.find("needs an estimated"), std::string::npos) << output;
  EXPECT_NE(output.find("GiB"), std::string::npos) << output;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(AtomicOutputs, ARunKilledMidWayLeavesNoTruncatedReport) {
  const fs::path directory = fs::path(::testing::TempDir()) / "spinaps_atomic";
  fs::remove_all(directory);
  fs::create_directories(directory);
  const fs::path report = directory / "r.json";
  const std::string previous = "{\"previous\": \"complete report\"}\n";
  std::ofstream(report) << previous;
  // A slow run: every cycle ticked through the SystemC kernel, all 16 steps of every image.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::chdir(SPINAPS_SOURCE_DIR);
    const std::string out = report.string();
    ::execl(SPINAPS_CLI_PATH, SPINAPS_CLI_PATH, "run", "configs/spinaps.json", "-q", "-p", "workload.samples=0", "-p",
            "snn.early_stop=false", "-p", "simulation.idle_skipping=false", "-p", "simulation.quantum_cycles=1",
            "--out", out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, WNOHANG), 0) << "the run finished before it could be killed";
  ::kill(child, SIGKILL);
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The old report is untouched and no partial file sits in its place.
  std::ifstream stream(report);
  std::ostringstream content;
  content << stream.rdbuf();
  EXPECT_EQ(content.str(), previous);
  for (const auto& entry : fs::directory_iterator(directory)) {
    EXPECT_EQ(entry.path(), report) << "left behind: " << entry.path();
  }
}

}  // namespace
}  // namespace spinaps
