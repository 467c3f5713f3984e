#include "tools/sweep/slurm_launcher.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"
#include "models/io/shell_command.h"

namespace spinaps::sweep {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxArrayTasks = 1000;  // Slurm's default MaxArraySize is 1001

using io::CommandOutput;
using io::shell_quote;

bool on_path(const std::string& program) {
  return io::run_shell_command("command -v " + shell_quote(program) + " >/dev/null").exit_code == 0;
}

/// #SBATCH lines are not shell-parsed: the job name keeps to characters that need no quoting.
std::string job_name(const std::string& sweep_name) {
  std::string name = "spinaps-" + sweep_name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return name;
}

fs::path next_submission_directory(const std::string& sweep_directory) {
  const fs::path slurm = fs::path(sweep_directory) / "slurm";
  std::size_t number = 1;
  while (fs::exists(slurm / ("submission-" + std::to_string(number)))) ++number;
  return slurm / ("submission-" + std::to_string(number));
}

std::string sbatch_script(const SweepPlan& plan, const fs::path& sweep_directory, const fs::path& submission,
                          std::size_t tasks, const SlurmOptions& options) {
  std::ostringstream script;
  script << "#!/bin/bash\n"
         << "# Written by `spinaps sweep --launcher slurm` for the sweep \"" << plan.name << "\".\n"
         << "# Array task i runs the design points listed in shards/shard-i.txt; finished points are skipped.\n"
         << "#SBATCH --job-name=" << job_name(plan.name) << "\n"
         << "#SBATCH --array=0-" << tasks - 1 << "\n"
         << "#SBATCH --ntasks=1\n"
         << "#SBATCH --cpus-per-task=" << options.jobs_per_task << "\n"
         << "#SBATCH --output=" << (submission / "logs" / "task-%a.log").string() << "\n";
  for (const auto& option : options.sbatch_options) script << "#SBATCH " << option << "\n";
  script << "set -euo pipefail\n"
         << "exec " << shell_quote(options.spinaps_binary) << " sweep shard " << shell_quote(sweep_directory.string())
         << " " << shell_quote((submission / "shards").string()) << "/shard-${SLURM_ARRAY_TASK_ID}.txt --jobs "
         << options.jobs_per_task << "\n";
  return script.str();
}

}  // namespace

SlurmSubmission launch_on_slurm(const SweepPlan& plan, const std::string& sweep_directory,
                                const std::vector<std::size_t>& indices, const SlurmOptions& options) {
  if (indices.empty()) throw std::invalid_argument("no points to submit");
  if (options.submit && !on_path("sbatch")) {
    throw std::runtime_error("sbatch is not on PATH: is this a Slurm login node? (--no-submit writes the files only)");
  }
  const fs::path directory = fs::absolute(sweep_directory).lexically_normal();
  const fs::path submission = next_submission_directory(directory.string());
  fs::create_directories(submission / "shards");
  fs::create_directories(submission / "logs");

  const std::size_t wanted = options.tasks == 0 ? indices.size() : options.tasks;
  const std::size_t tasks = std::min({wanted, indices.size(), kMaxArrayTasks});
  for (std::size_t task = 0; task < tasks; ++task) {
    std::string shard;  // round-robin, so every task gets a similar mix of the sweep
    for (std::size_t n = task; n < indices.size(); n += tasks) shard += std::to_string(indices[n]) + "\n";
    io::write_file_atomically((submission / "shards" / ("shard-" + std::to_string(task) + ".txt")).string(), shard);
  }
  SlurmSubmission result{submission.string(), (submission / "sweep.sbatch").string(), tasks, indices.size(), ""};
  io::write_file_atomically(result.script, sbatch_script(plan, directory, submission, tasks, options));
  fs::permissions(result.script, fs::perms::owner_exec, fs::perm_options::add);
  if (!options.submit) return result;

  const CommandOutput output = io::run_shell_command("sbatch --parsable " + shell_quote(result.script));
  if (output.exit_code != 0) {
    throw std::runtime_error("sbatch refused " + result.script + ": " + output.text);
  }
  result.job_id = output.text.substr(0, output.text.find_first_of(";\n"));
  const Json job = {{"job_id", result.job_id}, {"tasks", tasks}, {"points", indices.size()}};
  io::write_file_atomically((submission / "job.json").string(), job.dump(2) + "\n");
  return result;
}

std::vector<std::size_t> read_shard_file(const std::string& file, std::size_t point_count) {
  std::ifstream stream(file);
  if (!stream) throw config::ConfigError(file, "", "cannot open the shard file");
  std::vector<std::size_t> indices;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    if (line.empty()) continue;
    std::size_t used = 0;
    unsigned long long index = 0;
    try {
      index = std::stoull(line, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != line.size() || index >= point_count) {
      throw config::ConfigError(file, "line " + std::to_string(line_number),
                                "\"" + line + "\" is not a point index in [0, " + std::to_string(point_count) + ")");
    }
    indices.push_back(static_cast<std::size_t>(index));
  }
  return indices;
}

std::vector<std::string> submitted_job_ids(const std::string& sweep_directory) {
  std::vector<std::pair<std::size_t, std::string>> jobs;
  const fs::path slurm = fs::path(sweep_directory) / "slurm";
  if (!fs::is_directory(slurm)) return {};
  for (const auto& entry : fs::directory_iterator(slurm)) {
    const std::string name = entry.path().filename().string();
    const fs::path job_file = entry.path() / "job.json";
    if (name.rfind("submission-", 0) != 0 || !fs::exists(job_file)) continue;
    const Json job = config::read_json_file(job_file.string());
    jobs.emplace_back(std::stoull(name.substr(11)), job.value("job_id", ""));
  }
  std::sort(jobs.begin(), jobs.end());
  std::vector<std::string> ids;
  for (const auto& job : jobs) ids.push_back(job.second);
  return ids;
}

std::map<std::string, std::size_t> queued_task_states(const std::string& job_id) {
  std::map<std::string, std::size_t> states;
  if (job_id.empty() || !on_path("squeue")) return states;
  const CommandOutput output = io::run_shell_command("squeue -h -r -o %T -j " + shell_quote(job_id));
  if (output.exit_code != 0) return states;
  std::istringstream lines(output.text);
  std::string state;
  while (std::getline(lines, state)) {
    if (!state.empty()) ++states[state];
  }
  return states;
}

}  // namespace spinaps::sweep
