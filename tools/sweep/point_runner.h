#pragma once
// Runs design points as child processes, at most `jobs` at a time: one `spinaps run` process per
// point, so each point gets a SystemC kernel of its own. Each point's report is written atomically
// by the run itself; a point that fails or exceeds the timeout gets a failure.json instead, and the
// sweep goes on.
#include <cstddef>
#include <string>
#include <vector>

#include "tools/sweep/sweep_plan.h"

namespace spinaps::sweep {

struct RunnerOptions {
  std::size_t jobs = 1;
  std::string spinaps_binary;  ///< runs each point (`spinaps run ...`)
  bool show_progress = false;  ///< done/total, rate and ETA on stderr
};

struct RunCounts {
  std::size_t already_done = 0;  ///< skipped: their report exists
  std::size_t ok = 0;
  std::size_t failed = 0;
  std::size_t timed_out = 0;
};

/// Runs the points of `indices` whose report does not exist yet. Earlier failures are retried.
RunCounts run_design_points(const SweepPlan& plan, const std::string& sweep_directory,
                            const std::vector<std::size_t>& indices, const RunnerOptions& options);

/// The message a failed run left in its log: its "spinaps: error:" lines, else its last line.
std::string failure_message_from_log(const std::string& log_text);

}  // namespace spinaps::sweep
