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
  for (const char* section : {"metrics", "distributions", "operation_counts", "actions", "host_streaming"}) {
    EXPECT_EQ(fine.at(section), coarse.at(section)) << section;
  }
  EXPECT_EQ(fine.at("chip").at("noc"), coarse.at("chip").at("noc"));
  EXPECT_EQ(fine.at("weight_programming"), coarse.at("weight_programming"));
}

}  // namespace
}  // namespace spinaps::test
