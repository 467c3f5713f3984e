#pragma once
// The plan of a sweep: everything needed to run, resume and merge it, written once to
// DIR/plan.json. Local runs, Slurm array tasks and `sweep collect` all read the plan, never the
// sweep file, so a sweep directory is self-contained and a rerun with a changed sweep file is
// refused instead of mixing results of two different sweeps.
//
// Layout of a sweep directory:
//   DIR/plan.json                   the plan (this file's SweepPlan)
//   DIR/points/000012/report.json   the run report of point 12 (its presence means "done")
//   DIR/points/000012/failure.json  why point 12 failed or timed out (absent once it succeeds)
//   DIR/points/000012/run.log       what the run printed
//   DIR/results.csv, results.jsonl  merged results, one row per point in point order
//   DIR/slurm/submission-N/         shard files, sbatch script, task logs, job id
#include <string>
#include <vector>

#include "tools/sweep/sampler.h"
#include "tools/sweep/sweep_spec.h"

namespace spinaps::sweep {

struct PlanParameter {
  std::string key;
  std::string scale;  ///< "list", "linear" or "log"
};

struct SweepPlan {
  std::string name;
  std::string description;
  std::string sweep_file;
  std::string base_config;  ///< absolute
  Json fixed = Json::object();
  std::uint64_t samples = 0;
  double timeout_seconds = 0.0;
  std::vector<PlanParameter> parameters;
  std::vector<std::string> metrics;
  std::vector<Constraint> constraints;
  std::vector<DesignPoint> points;
};

SweepPlan make_plan(const SweepSpec& spec);

Json plan_to_json(const SweepPlan& plan);

/// Creates DIR and writes DIR/plan.json, or, when DIR already holds a plan, checks that it is the
/// same sweep (so finished points can be reused). Throws config::ConfigError when it differs.
void prepare_sweep_directory(const SweepPlan& plan, const std::string& directory);

/// Reads DIR/plan.json. Throws config::ConfigError naming the file when it is missing or malformed.
SweepPlan load_plan(const std::string& directory);

enum class PointStatus { kPending, kOk, kFailed, kTimeout };

std::string point_directory(const std::string& sweep_directory, std::size_t index);
std::string report_path(const std::string& sweep_directory, std::size_t index);
std::string failure_path(const std::string& sweep_directory, std::size_t index);
std::string log_path(const std::string& sweep_directory, std::size_t index);

/// The status of a point from the files in its directory.
PointStatus point_status(const std::string& sweep_directory, std::size_t index);
const char* status_name(PointStatus status);

/// The `spinaps run` command line of a point: base config, fixed settings, the point's values.
std::vector<std::string> run_arguments(const SweepPlan& plan, const DesignPoint& point, const std::string& binary,
                                       const std::string& report_file);

/// The absolute path of the running spinaps binary (/proc/self/exe), which runs every point.
std::string current_binary();

}  // namespace spinaps::sweep
