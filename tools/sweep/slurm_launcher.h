#pragma once
// Slurm: a sweep becomes one sbatch job array. The pending points are cut into shard files, one
// per array task; each task runs `spinaps sweep shard DIR SHARD_FILE`, which runs its points with
// the same local runner (skipping finished ones), writing into the shared sweep directory.
// `spinaps sweep collect DIR` merges whatever has finished. Every submission gets a directory of
// its own (DIR/slurm/submission-N), so resubmitting never rewrites the shards of a running job.
#include <map>
#include <string>
#include <vector>

#include "tools/sweep/sweep_plan.h"

namespace spinaps::sweep {

struct SlurmOptions {
  std::size_t tasks = 0;                    ///< array tasks; 0 = one per point, at most 1000
  std::size_t jobs_per_task = 1;            ///< points run at once in a task (= --cpus-per-task)
  std::vector<std::string> sbatch_options;  ///< extra sbatch options, e.g. "--partition=debug"
  bool submit = true;                       ///< false: write the files only
  std::string spinaps_binary;
};

struct SlurmSubmission {
  std::string directory;  ///< DIR/slurm/submission-N
  std::string script;     ///< the sbatch script
  std::size_t tasks = 0;
  std::size_t points = 0;
  std::string job_id;  ///< empty when not submitted
};

/// Writes the shard files and the sbatch script for `indices`, and submits it with sbatch unless
/// told not to. Throws std::runtime_error when sbatch is missing or refuses the job.
SlurmSubmission launch_on_slurm(const SweepPlan& plan, const std::string& sweep_directory,
                                const std::vector<std::size_t>& indices, const SlurmOptions& options);

/// The point indices a shard file lists (one per line). Throws config::ConfigError on bad lines.
std::vector<std::size_t> read_shard_file(const std::string& file, std::size_t point_count);

/// The submitted job ids of a sweep directory, oldest first.
std::vector<std::string> submitted_job_ids(const std::string& sweep_directory);

/// Array-task states of a job from squeue (e.g. {"RUNNING": 2, "PENDING": 8}); empty when squeue
/// is missing or the job has left the queue.
std::map<std::string, std::size_t> queued_task_states(const std::string& job_id);

}  // namespace spinaps::sweep
