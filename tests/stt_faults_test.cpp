// Device faults in the STT-RAM cells: drawn deterministically from the seed, at the configured
// rates; a zero rate changes nothing; accuracy falls as rates grow; static faults keep the core in
// exact agreement with the golden model run on the weights as programmed.
#include "hw/stt/stt_faults.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hw/stt/stt_subarray.h"
#include "tests/cli_helpers.h"

namespace spinaps {
namespace {

namespace fs = std::filesystem;

TEST(SttFaults, CellFaultRatesMatchTheConfiguration) {
  stt::SttFaultConfig faults;
  faults.stuck_at_p_rate = 0.05;
  faults.stuck_at_ap_rate = 0.10;
  faults.write_failure_rate = 0.20;
  std::size_t stuck_p = 0;
  std::size_t stuck_ap = 0;
  std::size_t write_failures = 0;
  constexpr std::uint32_t kRows = 400;
  constexpr std::uint32_t kCols = 250;
  for (std::uint32_t row = 0; row < kRows; ++row) {
    for (std::uint32_t col = 0; col < kCols; ++col) {
      switch (stt::draw_cell_fault(faults, 42, 3, row, col)) {
        case stt::CellFault::kStuckAtP:
          ++stuck_p;
          break;
        case stt::CellFault::kStuckAtAp:
          ++stuck_ap;
          break;
        case stt::CellFault::kWriteFailure:
          ++write_failures;
          break;
        case stt::CellFault::kNone:
          break;
      }
    }
  }
  const double cells = kRows * kCols;
  EXPECT_NEAR(stuck_p / cells, 0.05, 0.005);
  EXPECT_NEAR(stuck_ap / cells, 0.10, 0.006);
  EXPECT_NEAR(write_failures / cells, 0.20 * 0.85, 0.008);  // only cells that are not stuck can fail to write
}

TEST(SttFaults, StuckCellsOverrideWritesAndTheMapDependsOnTheSeed) {
  stt::CrossbarConfig crossbar;
  crossbar.rows = 64;
  crossbar.cols = 64;
  stt::SttFaultConfig faults;
  faults.stuck_at_ap_rate = 0.3;
  auto program_all_zero = [&](std::uint64_t seed) {
    stt::SttSubarray subarray(crossbar, 64, 1, 0, faults, seed);
    std::vector<bool> bits;
    for (std::uint32_t row = 0; row < 64; ++row) {
      for (std::uint32_t col = 0; col < 64; ++col) {
        subarray.program(row, col, false);
        bits.push_back(subarray.bit(row, col));
      }
    }
    EXPECT_EQ(subarray.fault_counts().stuck_at_ap_cells, subarray.fault_counts().corrupted_cells);
    return bits;
  };
  const auto first = program_all_zero(1);
  EXPECT_EQ(first, program_all_zero(1));
  EXPECT_NE(first, program_all_zero(2));
  const auto ones = std::count(first.begin(), first.end(), true);
  EXPECT_NEAR(static_cast<double>(ones) / first.size(), 0.3, 0.03);
}

TEST(SttFaults, ZeroRatesLeaveTheCellsExactlyAsWritten) {
  stt::CrossbarConfig crossbar;
  crossbar.rows = 32;
  crossbar.cols = 32;
  stt::SttSubarray subarray(crossbar, 32, 1, 0, stt::SttFaultConfig{}, 9);
  for (std::uint32_t row = 0; row < 32; ++row) {
    for (std::uint32_t col = 0; col < 32; ++col) subarray.program(row, col, ((row * 7 + col) % 3) == 0);
  }
  const std::uint64_t read = subarray.start_read(0, 0);
  for (std::uint32_t row = 0; row < 32; ++row) {
    for (std::uint32_t col = 0; col < 32; ++col) {
      EXPECT_EQ(subarray.sensed_bit(row, col, read), ((row * 7 + col) % 3) == 0);
    }
  }
  EXPECT_EQ(subarray.fault_counts().corrupted_cells, 0U);
  EXPECT_EQ(subarray.fault_counts().read_errors, 0U);
}

// --- end to end through the CLI ---

using spinaps::test::Outcome;

Outcome run_cli(const std::string& arguments) { return spinaps::test::run_command(SPINAPS_CLI_PATH " " + arguments); }

nlohmann::json run_report(const std::string& name, const std::string& options) {
  const fs::path file = fs::path(::testing::TempDir()) / ("spinaps_faults_" + name + ".json");
  fs::remove(file);
  const Outcome outcome = run_cli("run configs/spinaps.json -q --samples 300 " + options + " --out " + file.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

TEST(SttFaultsCli, ZeroRatesGiveByteIdenticalResults) {
  nlohmann::json plain = run_report("plain", "");
  nlohmann::json zero = run_report("zero", "-p faults.stt.stuck_at_ap_rate=0 -p faults.stt.read_error_probability=0");
  // The inputs differ only in the recorded configuration and command line.
  for (auto* report : {&plain, &zero}) {
    report->erase("config");
    report->erase("command");
  }
  EXPECT_EQ(plain.dump(), zero.dump());
}

TEST(SttFaultsCli, AccuracyFallsAsStuckAtRatesGrow) {
  std::vector<double> accuracy;
  for (const char* rate : {"0", "0.005", "0.02", "0.08"}) {
    const nlohmann::json report =
        run_report(std::string("rate") + rate, std::string("-p faults.stt.stuck_at_ap_rate=") + rate);
    accuracy.push_back(report["metrics"]["accuracy"].get<double>());
    if (std::string(rate) != "0") EXPECT_GT(report["spinaps"]["faults"]["stt"]["stuck_at_ap_cells"].get<int>(), 0);
  }
  for (std::size_t n = 1; n < accuracy.size(); ++n) {
    EXPECT_LE(accuracy[n], accuracy[n - 1] + 0.01) << "rate index " << n;
  }
  EXPECT_LT(accuracy.back(), accuracy.front() - 0.1);
}

TEST(SttFaultsCli, StaticFaultsAgreeWithTheGoldenModelOnTheProgrammedWeights) {
  const Outcome outcome = run_cli(
      "run configs/spinaps.json --samples 100 --check-golden -p faults.stt.stuck_at_p_rate=0.01 "
      "-p faults.stt.write_failure_rate=0.02");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("0 mismatches"), std::string::npos) << outcome.output;
}

TEST(SttFaultsCli, ReadErrorsDegradeAccuracyAndRefuseTheGoldenCheck) {
  const nlohmann::json report = run_report("read", "-p faults.stt.read_error_probability=0.02");
  EXPECT_GT(report["spinaps"]["faults"]["stt"]["read_errors"].get<int>(), 0);
  const Outcome refused =
      run_cli("run configs/spinaps.json --samples 5 --check-golden -p faults.stt.read_error_probability=0.02");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("faults.stt.read_error_probability"), std::string::npos) << refused.output;
}

TEST(SttFaultsCli, RatesAboveOneAreRejected) {
  const Outcome outcome = run_cli("run configs/spinaps.json --samples 5 -p faults.stt.stuck_at_p_rate=1.5");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("faults.stt.stuck_at_p_rate"), std::string::npos) << outcome.output;
}

}  // namespace
}  // namespace spinaps
