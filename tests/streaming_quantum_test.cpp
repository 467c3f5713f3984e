// The clock domain runs ahead of SystemC time by up to a quantum, while the host streams inputs and
// reads decisions in SystemC time. Every timing the report gives must not depend on the quantum:
// a run with quantum 1 (every busy cycle a SystemC activation) and one with a huge quantum agree.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace spinaps::test {
namespace {

nlohmann::json run_with_quantum(const fs::path& directory, const std::string& quantum) {
  const fs::path report = directory / ("quantum_" + quantum + ".json");
  const Outcome outcome =
      run_command(kCli + " run configs/spinaps_k4b8_5x5.json --samples 8 -p simulation.quantum_cycles=" + quantum +
                  " --out '" + report.string() + "'");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  return nlohmann::json::parse(read_text(report));
}

TEST(StreamingQuantum, TimingDoesNotDependOnTheTemporalDecouplingQuantum) {
  const fs::path directory = fresh_directory("streaming_quantum");
  const nlohmann::json fine = run_with_quantum(directory, "1");
  const nlohmann::json coarse = run_with_quantum(directory, "1000000");
  for (const char* section : {"metrics", "energy", "statistics"}) {
    EXPECT_EQ(fine.at(section), coarse.at(section)) << section;
  }
  for (const char* section : {"distributions", "operation_counts", "host_streaming", "weight_programming"}) {
    EXPECT_EQ(fine.at("spinaps").at(section), coarse.at("spinaps").at(section)) << section;
  }
  EXPECT_EQ(fine.at("spinaps").at("chip").at("noc"), coarse.at("spinaps").at("chip").at("noc"));
}

}  // namespace
}  // namespace spinaps::test
