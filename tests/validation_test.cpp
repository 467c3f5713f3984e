// spinaps validate: exits 0 on a small sample count, writes the report with every section and its
// inputs, and the same inputs give the same bytes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "cli_helpers.h"

namespace spinaps::test {
namespace {

TEST(ValidateCommand, WritesEverySectionWithItsInputsAndIsDeterministic) {
  const fs::path dir = fresh_directory("validate_" + std::to_string(::getpid()));
  const fs::path first = dir / "validation.md";
  const Outcome outcome = run_command(kCli + " validate --samples 20 -q --out " + first.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const std::string report = read_text(first);
  for (const char* expected :
       {"# Validation report", "## Inputs", "## 1. STT-RAM against SRAM",
        "## 2. Accuracy against the number of time steps T",
        "## 3. Spiking network against a non-spiking model of the same size", "## 4. STT-RAM array model against NVSim",
        // inputs the report must state
        "configs/spinaps.json", "configs/spinaps_har.json", "configs/sram_baseline.json",
        "workloads/weights/mnist_784x10_k2_b4.json", "workloads/weights/har_synthetic_515x6_k2_b4.json",
        "models/tech/reference/nvsim_stt_reference.json", "git commit", "the first 20 test samples", "seed 1",
        "spinaps validate --samples 20", "SYNTHETIC",
        // figures each section must give
        "GSOPS/W/mm2", "Energy per inference by category", "Area by category", "**Causes.**",
        "fraction of final (T = 16)", "logistic regression", "0 golden-model mismatches", "read latency (ns)",
        "leakage (uW)", "What each model includes"}) {
    EXPECT_NE(report.find(expected), std::string::npos) << "missing: " << expected;
  }
  // The activity workload is named synthetic wherever it appears as a workload.
  EXPECT_EQ(report.find("### Activity:"), std::string::npos);
  EXPECT_NE(report.find("### Activity (SYNTHETIC):"), std::string::npos);
  // The command line is part of the report, so the second run writes to the same path.
  fs::remove(first);
  ASSERT_EQ(run_command(kCli + " validate --samples 20 -q --out " + first.string()).exit_code, 0);
  EXPECT_EQ(read_text(first), report);
  fs::remove_all(dir);
}

TEST(ValidateCommand, BadInputLeavesNoFile) {
  const fs::path dir = fresh_directory("validate_bad_" + std::to_string(::getpid()));
  const fs::path out = dir / "validation.md";
  const Outcome outcome =
      run_command(kCli + " validate --samples 5 -q --digits configs/no_such.json --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("no_such.json"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spinaps::test
