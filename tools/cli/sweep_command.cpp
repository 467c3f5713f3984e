// spinaps sweep: design-space sweeps. `sweep FILE --out DIR` plans the design points and runs them
// as local processes (--jobs at a time) or as a Slurm job array (--launcher slurm), then merges the
// reports into DIR/results.csv and DIR/results.jsonl. `sweep collect`, `sweep status` and
// `sweep shard` (what each array task runs) work on an existing sweep directory.
#include <iostream>
#include <memory>
#include <numeric>
#include <thread>

#include "models/io/progress_line.h"
#include "tools/cli/commands.h"
#include "tools/sweep/point_runner.h"
#include "tools/sweep/results.h"
#include "tools/sweep/slurm_launcher.h"
#include "tools/sweep/sweep_plan.h"

namespace spinaps::cli {
namespace {

struct SweepOptions {
  std::string sweep_file;
  std::string out_directory;
  std::size_t jobs = std::max(1U, std::thread::hardware_concurrency());
  std::string launcher = "local";
  std::size_t slurm_tasks = 0;
  std::vector<std::string> sbatch_options;
  bool no_submit = false;
  bool quiet = false;
  // collect / status / shard
  std::string sweep_directory;
  std::string shard_file;
};

void print_counts(const sweep::StatusCounts& counts, std::size_t total, const std::string& directory) {
  std::cout << "  " << total << " points: " << counts.ok << " ok, " << counts.failed << " failed, " << counts.timeout
            << " timed out, " << counts.pending << " pending\n";
  std::cout << "  results: " << directory << "/results.csv, " << directory << "/results.jsonl\n";
}

void print_failures(const std::vector<sweep::PointResult>& results) {
  constexpr std::size_t kShown = 5;
  std::size_t shown = 0;
  std::size_t failures = 0;
  for (const auto& result : results) {
    if (result.status != sweep::PointStatus::kFailed && result.status != sweep::PointStatus::kTimeout) continue;
    ++failures;
    if (shown++ < kShown) {
      std::cout << "  point " << result.index << " " << sweep::status_name(result.status) << ": " << result.error
                << "\n";
    }
  }
  if (failures > kShown) std::cout << "  ... and " << failures - kShown << " more (see the error column)\n";
}

std::vector<std::size_t> all_points(const sweep::SweepPlan& plan) {
  std::vector<std::size_t> indices(plan.points.size());
  std::iota(indices.begin(), indices.end(), 0);
  return indices;
}

/// The exit status of a finished sweep: failure when no point succeeded (a sweep of only errors is
/// no result), success otherwise; either way a count of the failed points goes to stderr, even with
/// --quiet, so a script sees them.
int verdict(const sweep::StatusCounts& counts, std::size_t total) {
  const std::size_t unsuccessful = counts.failed + counts.timeout;
  if (unsuccessful > 0) {
    std::cerr << "sweep: " << unsuccessful << " of " << total << " points failed or timed out"
              << " (the error column of results.csv says why)\n";
  }
  if (total > 0 && counts.ok == 0 && counts.pending == 0) {
    std::cerr << "sweep: no design point succeeded\n";
    return kExitFailure;
  }
  return kExitOk;
}

int collect(const std::string& directory, bool quiet) {
  const sweep::SweepPlan plan = sweep::load_plan(directory);
  const auto results = sweep::collect_results(plan, directory);
  sweep::write_results(plan, results, directory);
  if (!quiet) {
    std::cout << "sweep " << plan.name << ": merged\n";
    print_counts(sweep::count_statuses(results), plan.points.size(), directory);
  }
  return verdict(sweep::count_statuses(results), plan.points.size());
}

int run_locally(const sweep::SweepPlan& plan, const SweepOptions& options) {
  sweep::RunnerOptions runner{options.jobs, sweep::current_binary(), io::progress_wanted() && !options.quiet};
  if (!options.quiet) {
    std::cout << "sweep " << plan.name << ": " << plan.points.size() << " design points, " << options.jobs
              << " parallel processes, results in " << options.out_directory << "\n";
  }
  const sweep::RunCounts counts = sweep::run_design_points(plan, options.out_directory, all_points(plan), runner);
  const auto results = sweep::collect_results(plan, options.out_directory);
  sweep::write_results(plan, results, options.out_directory);
  if (!options.quiet) {
    std::cout << "  ran " << counts.ok + counts.failed + counts.timed_out << " (" << counts.already_done
              << " already done)\n";
    print_failures(results);
    print_counts(sweep::count_statuses(results), plan.points.size(), options.out_directory);
  }
  return verdict(sweep::count_statuses(results), plan.points.size());
}

int run_on_slurm(const sweep::SweepPlan& plan, const SweepOptions& options) {
  std::vector<std::size_t> unfinished;
  for (const auto& point : plan.points) {
    if (sweep::point_status(options.out_directory, point.index) != sweep::PointStatus::kOk) {
      unfinished.push_back(point.index);
    }
  }
  if (unfinished.empty()) {
    if (!options.quiet) std::cout << "sweep " << plan.name << ": every point is done; nothing to submit\n";
    return collect(options.out_directory, options.quiet);
  }
  sweep::SlurmOptions slurm{options.slurm_tasks, options.jobs, options.sbatch_options, !options.no_submit,
                            sweep::current_binary()};
  const sweep::SlurmSubmission submission = sweep::launch_on_slurm(plan, options.out_directory, unfinished, slurm);
  if (!options.quiet) {
    std::cout << "sweep " << plan.name << ": " << submission.points << " unfinished points in " << submission.tasks
              << " array tasks\n  script: " << submission.script << "\n";
    if (submission.job_id.empty()) {
      std::cout << "  not submitted (--no-submit): sbatch " << submission.script << "\n";
    } else {
      std::cout << "  submitted job " << submission.job_id << "\n";
    }
    std::cout << "  then: spinaps sweep status " << options.out_directory << "; spinaps sweep collect "
              << options.out_directory << "\n";
  }
  return kExitOk;
}

int start_sweep(SweepOptions options) {
  if (options.sweep_file.empty()) throw std::invalid_argument("sweep: give a sweep file (or collect/status/shard)");
  if (options.out_directory.empty()) throw std::invalid_argument("sweep: --out DIR is required");
  const sweep::SweepSpec spec = sweep::load_sweep_spec(options.sweep_file);
  const sweep::SweepPlan plan = sweep::make_plan(spec);
  sweep::prepare_sweep_directory(plan, options.out_directory);
  return options.launcher == "slurm" ? run_on_slurm(plan, options) : run_locally(plan, options);
}

int show_status(const std::string& directory) {
  const sweep::SweepPlan plan = sweep::load_plan(directory);
  const auto results = sweep::collect_results(plan, directory);
  std::cout << "sweep " << plan.name << " (" << directory << ")\n";
  const sweep::StatusCounts counts = sweep::count_statuses(results);
  std::cout << "  " << plan.points.size() << " points: " << counts.ok << " ok, " << counts.failed << " failed, "
            << counts.timeout << " timed out, " << counts.pending << " pending\n";
  for (const auto& job : sweep::submitted_job_ids(directory)) {
    const auto states = sweep::queued_task_states(job);
    std::cout << "  slurm job " << job << ": ";
    if (states.empty()) std::cout << "not in the queue (finished, or squeue unavailable)";
    for (const auto& [state, count] : states) std::cout << count << " " << state << "  ";
    std::cout << "\n";
  }
  print_failures(results);
  return kExitOk;
}

int run_shard(const SweepOptions& options) {
  const sweep::SweepPlan plan = sweep::load_plan(options.sweep_directory);
  const auto indices = sweep::read_shard_file(options.shard_file, plan.points.size());
  sweep::RunnerOptions runner{options.jobs, sweep::current_binary(), false};
  const sweep::RunCounts counts = sweep::run_design_points(plan, options.sweep_directory, indices, runner);
  std::cout << "shard " << options.shard_file << ": " << indices.size() << " points, " << counts.already_done
            << " already done, " << counts.ok << " ok, " << counts.failed << " failed, " << counts.timed_out
            << " timed out\n";
  return indices.empty() || counts.ok + counts.already_done > 0 ? kExitOk : kExitFailure;
}

}  // namespace

void register_sweep_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* command = app.add_subcommand("sweep", "run a design-space sweep (one process per design point)");
  command->require_subcommand(0, 1);
  command->add_option("sweep_file", options->sweep_file, "sweep file (JSON), e.g. configs/sweeps/crossbar_clock.json");
  command->add_option("--out", options->out_directory, "sweep directory: reports, results.csv, results.jsonl");
  CLI::Option* jobs_option =
      command
          ->add_option("-j,--jobs", options->jobs,
                       "points run at once (local; default: the number of cores), or per Slurm array task (default 1)")
          ->check(CLI::Range(1, 4096));
  command->add_option("--launcher", options->launcher, "local processes or a Slurm job array")
      ->check(CLI::IsMember({"local", "slurm"}));
  command->add_option("--tasks", options->slurm_tasks, "Slurm array tasks (default: one per point, at most 1000)");
  command->add_option("--sbatch-option", options->sbatch_options,
                      "extra sbatch option written into the script, e.g. --sbatch-option=--partition=debug");
  command->add_flag("--no-submit", options->no_submit, "Slurm: write the shards and script but do not call sbatch");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, command, jobs_option, &exit_code]() {
    if (!command->get_subcommands().empty()) return;                                   // collect, status or shard ran
    if (options->launcher == "slurm" && jobs_option->count() == 0) options->jobs = 1;  // one CPU per array task
    exit_code = guarded([&]() { return start_sweep(*options); });
  });

  CLI::App* collect_command = command->add_subcommand("collect", "merge the finished points into results.csv/.jsonl");
  collect_command->add_option("dir", options->sweep_directory, "sweep directory")->required();
  collect_command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  collect_command->callback([options, &exit_code]() {
    exit_code = guarded([&]() { return collect(options->sweep_directory, options->quiet); });
  });

  CLI::App* status_command = command->add_subcommand("status", "count finished, failed and pending points; Slurm jobs");
  status_command->add_option("dir", options->sweep_directory, "sweep directory")->required();
  status_command->callback(
      [options, &exit_code]() { exit_code = guarded([&]() { return show_status(options->sweep_directory); }); });

  CLI::App* shard_command = command->add_subcommand("shard", "run the points a shard file lists (a Slurm array task)");
  shard_command->add_option("dir", options->sweep_directory, "sweep directory")->required();
  shard_command->add_option("shard_file", options->shard_file, "file of point indices, one per line")->required();
  shard_command->add_option("-j,--jobs", options->jobs, "points run at once")->check(CLI::Range(1, 4096));
  shard_command->callback([options, &exit_code]() { exit_code = guarded([&]() { return run_shard(*options); }); });
}

}  // namespace spinaps::cli
