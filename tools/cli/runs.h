#pragma once
// One `spinaps run` for every accelerator: the configuration names its accelerator, and the table
// below maps the name to the function that loads its workload, simulates it and builds its report
// (in the common shape of tools/report/report_core.h). `spinaps map` is a shortcut onto the
// memristive CNN's entry. A new accelerator adds one function and one row.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hw/common/accelerator_kind.h"
#include "tools/report/report_core.h"

namespace spinaps::cli {

struct RunRequest {
  std::string config_file;
  std::vector<std::string> overrides;  ///< -p key.path=value
  std::string data_dir;                ///< --data (SpinAPS: an IDX or UCI HAR directory)
  std::uint64_t count = 0;             ///< --samples/--frames: inputs to simulate; 0 = the workload's
  bool check_golden = false;
  bool find_max_rate = true;    ///< memristive CNN in stream mode: also measure the highest sustainable rate
  bool fidelity_floors = true;  ///< memristive CNN: also the ideal-converter and quantisation floors
  bool show_progress = false;
  std::string command_line;
  std::string trace_file;              ///< Chrome/Perfetto trace of the first inferences (SpinAPS) or frames (CNN)
  std::uint32_t trace_inferences = 3;  ///< inferences or frames traced
};

struct RunOutcome {
  report::OrderedJson report;
  int exit_code = 0;                  ///< kExitFailure when the golden model disagrees
  std::vector<std::string> problems;  ///< printed to stderr (golden mismatches)
  std::string timing;                 ///< "simulated N cycles in S s" (stderr, never in a report)
  std::vector<std::pair<std::string, std::string>> extra_outputs;  ///< (file, content), e.g. the trace
};

/// `spinaps run`'s options beyond the request: what to write and print.
struct RunCommandOptions {
  RunRequest request;
  double stream_rate_hz = -1.0;  ///< memristive CNN: workload.stream_rate_hz when >= 0
  std::string out_file;
  std::string html_file;      ///< spinaps: self-contained HTML report with plots
  std::string markdown_file;  ///< spinaps: Markdown summary for pull-request comments
  std::string plot_dir;       ///< memristive CNN: SVG plots
  bool quiet = false;
};

/// Runs the configuration, prints the table and writes every requested output; the exit code.
int run_and_report(RunCommandOptions& options);

RunOutcome run_spinaps(const RunRequest& request);
RunOutcome run_memristive_cnn(const RunRequest& request);

/// The run function of an accelerator.
using RunFunction = RunOutcome (*)(const RunRequest&);
RunFunction run_function(hw::AcceleratorKind kind);

}  // namespace spinaps::cli
