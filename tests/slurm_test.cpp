// A sweep through a real Slurm cluster: the test starts a single-node cluster on 127.0.0.1
// (tools/sweep/slurm_local_cluster.sh: munged, slurmctld, slurmd, all state in a temporary
// directory), submits a sweep as a job array (the tiny SpinAPS sweep, and a memristive CNN sweep cut
// from configs/sweeps/ptychonn_reconstruction.json to two one-frame points), waits for it, collects,
// and requires the merged results to be byte-identical to the same sweep run locally. When Slurm cannot run here
// (not root, slurm-wlm or munge missing: the script's exit 3) the test is skipped and says why; a
// cluster that does not come up although it could is a failure.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "sweep_test_helpers.h"

namespace {

using namespace sweep_test;

/// tools/sweep/slurm_local_cluster.sh's documented exit for "not root, or slurm-wlm or munge missing".
constexpr int kCannotRunHere = 3;

class SlurmCluster : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = fresh_directory("slurm_cluster");
    const Outcome started = run_command(script() + " start " + state_.string());
    if (started.exit_code == kCannotRunHere) {
      GTEST_SKIP() << "Slurm cannot run here, so the Slurm sweep is not tested: " << started.output;
    }
    if (started.exit_code != 0) {
      // The packages are here but the cluster did not come up: a regression of the script (or of the
      // machine), which must not pass as a skip.
      const std::string logs = read_text(state_ / "log" / "slurmctld.log") + read_text(state_ / "log" / "slurmd.log");
      run_command(script() + " stop " + state_.string());  // a half-started cluster must not outlive the test
      FAIL() << "the local Slurm cluster failed to start (exit " << started.exit_code << "): " << started.output
             << (logs.empty() ? ""
                              : "\nlast daemon logs:\n" + logs.substr(logs.size() > 3000 ? logs.size() - 3000 : 0));
    }
    running_ = true;
    ::setenv("SLURM_CONF", (state_ / "slurm.conf").c_str(), 1);  // sbatch and squeue of the children use it
  }

  void TearDown() override {
    if (running_) run_command(script() + " stop " + state_.string());
    if (running_) remove_if_passed(state_);
    ::unsetenv("SLURM_CONF");
  }

  static std::string script() { return kSource + "/tools/sweep/slurm_local_cluster.sh"; }

  /// Runs `sweep` locally and as a job array of `tasks` tasks, waits for its `points` points, collects,
  /// and requires the same merged results; returns the submission's output.
  Outcome expect_slurm_results_match_local(const std::string& sweep, std::size_t points, std::size_t tasks,
                                           const fs::path& directory, int timeout_seconds) {
    const fs::path local = directory / "local";
    const fs::path on_slurm = directory / "slurm";
    const Outcome ran = run_command(kCli + " sweep " + sweep + " -q --jobs 2 --out " + local.string());
    EXPECT_EQ(ran.exit_code, 0) << ran.output;
    const Outcome submitted = run_command(kCli + " sweep " + sweep + " --launcher slurm --tasks " +
                                          std::to_string(tasks) + " --jobs 1 --out " + on_slurm.string());
    EXPECT_EQ(submitted.exit_code, 0) << submitted.output;
    EXPECT_NE(submitted.output.find("submitted job "), std::string::npos) << submitted.output;
    if (::testing::Test::HasFailure()) return submitted;

    // The array tasks run in the background; poll the status command until every point is done.
    const std::string done = std::to_string(points) + " ok, 0 failed, 0 timed out, 0 pending";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    Outcome status;
    do {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      status = run_command(kCli + " sweep status " + on_slurm.string());
      EXPECT_EQ(status.exit_code, 0) << status.output;
    } while (status.exit_code == 0 && status.output.find(done) == std::string::npos &&
             std::chrono::steady_clock::now() < deadline);
    EXPECT_NE(status.output.find(done), std::string::npos)
        << status.output << "\ntask log: " << read_text(on_slurm / "slurm" / "submission-1" / "logs" / "task-0.log");
    EXPECT_NE(status.output.find("slurm job "), std::string::npos) << status.output;

    const Outcome collected = run_command(kCli + " sweep collect " + on_slurm.string());
    EXPECT_EQ(collected.exit_code, 0) << collected.output;
    EXPECT_EQ(read_text(on_slurm / "results.csv"), read_text(local / "results.csv"));
    EXPECT_EQ(read_text(on_slurm / "results.jsonl"), read_text(local / "results.jsonl"));
    return submitted;
  }

  fs::path state_;
  bool running_ = false;
};

TEST_F(SlurmCluster, JobArraySweepCollectsTheSameResultsAsALocalRun) {
  const fs::path directory = fresh_directory("slurm_sweep");
  const std::string sweep = kSource + "/configs/sweeps/tiny.json";
  const fs::path on_slurm = directory / "slurm";
  const Outcome submitted = expect_slurm_results_match_local(sweep, 6, 3, directory, 120);
  EXPECT_NE(submitted.output.find("6 unfinished points in 3 array tasks"), std::string::npos) << submitted.output;
  const fs::path submission = on_slurm / "slurm" / "submission-1";
  EXPECT_TRUE(fs::exists(submission / "sweep.sbatch"));
  EXPECT_TRUE(fs::exists(submission / "shards" / "shard-2.txt"));
  EXPECT_TRUE(fs::exists(submission / "job.json"));
  EXPECT_NE(read_text(submission / "logs" / "task-0.log").find("2 ok"), std::string::npos);

  // Everything is done: submitting again has nothing to run and submits no job.
  const Outcome again = run_command(kCli + " sweep " + sweep + " --launcher slurm --out " + on_slurm.string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("nothing to submit"), std::string::npos) << again.output;
  EXPECT_FALSE(fs::exists(on_slurm / "slurm" / "submission-2"));
  remove_if_passed(directory);
}

TEST_F(SlurmCluster, AMemristiveCnnSweepRunsAsAJobArrayToo) {
  // configs/sweeps/ptychonn_reconstruction.json cut to two designs (6- and 8-bit ADCs) of one frame
  // each: the CNN accelerator's points, metrics and constraint through sbatch, as run locally.
  const fs::path directory = fresh_directory("slurm_cnn_sweep");
  nlohmann::json spec = nlohmann::json::parse(read_text(kSource + "/configs/sweeps/ptychonn_reconstruction.json"));
  spec["base_config"] = kSource + "/configs/ptychonn_edge.json";
  spec["samples"] = 1;
  for (auto& parameter : spec["parameters"]) {
    const std::string key = parameter["key"];
    parameter["values"] = key == "tile.adc_bits" ? nlohmann::json{6, 8} : nlohmann::json{parameter["values"][0]};
  }
  const fs::path sweep = directory / "cnn_sweep.json";
  write_text(sweep, spec.dump(2));
  const Outcome submitted = expect_slurm_results_match_local(sweep.string(), 2, 2, directory, 600);
  EXPECT_NE(submitted.output.find("2 unfinished points in 2 array tasks"), std::string::npos) << submitted.output;
  const std::string results = read_text(directory / "slurm" / "results.csv");
  EXPECT_NE(results.find("fidelity.ssim"), std::string::npos) << results;
  EXPECT_NE(results.find("energy_per_frame_uj"), std::string::npos) << results;
  remove_if_passed(directory);
}

}  // namespace
