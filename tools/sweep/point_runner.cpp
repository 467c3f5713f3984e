#include "tools/sweep/point_runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "models/io/atomic_file.h"
#include "models/io/progress_line.h"

extern char** environ;

namespace spinaps::sweep {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct RunningPoint {
  std::size_t index = 0;
  pid_t pid = -1;
  Clock::time_point deadline;
};

std::string read_text(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream content;
  content << stream.rdbuf();
  return content.str();
}

/// The environment of a point's process: ours, without the SystemC banner in every log.
std::vector<std::string> child_environment() {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=", 34) != 0) entries.emplace_back(*entry);
  }
  entries.emplace_back("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1");
  return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

pid_t launch(const SweepPlan& plan, const std::string& directory, std::size_t index, const std::string& binary,
             std::vector<std::string>& environment) {
  fs::create_directories(point_directory(directory, index));
  fs::remove(failure_path(directory, index));  // a retried point starts clean
  std::vector<std::string> arguments =
      run_arguments(plan, plan.points.at(index), binary, report_path(directory, index));
  std::vector<char*> argv = pointers_to(arguments);
  std::vector<char*> envp = pointers_to(environment);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = log_path(directory, index);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    throw std::runtime_error("cannot start " + binary + " for point " + std::to_string(index) + ": " +
                             std::strerror(error));
  }
  return pid;
}

void record_failure(const std::string& directory, std::size_t index, const std::string& status, const Json& exit_code,
                    const std::string& message) {
  const Json failure = {{"status", status}, {"exit_code", exit_code}, {"error", message}};
  io::write_file_atomically(failure_path(directory, index), failure.dump(2) + "\n");
}

/// Files the outcome of a finished child; returns its status.
PointStatus settle(const std::string& directory, std::size_t index, int wait_status) {
  const bool exited = WIFEXITED(wait_status);
  const int code = exited ? WEXITSTATUS(wait_status) : -1;
  if (exited && code == 0 && fs::exists(report_path(directory, index))) return PointStatus::kOk;
  std::string message = failure_message_from_log(read_text(log_path(directory, index)));
  if (message.empty()) {
    message = exited ? (code == 0 ? "exited without writing its report" : "exited with code " + std::to_string(code))
                     : "killed by signal " + std::to_string(WTERMSIG(wait_status));
  }
  record_failure(directory, index, "failed", exited ? Json(code) : Json(), message);
  return PointStatus::kFailed;
}

}  // namespace

std::string failure_message_from_log(const std::string& log_text) {
  static const std::string kErrorPrefix = "spinaps: error: ";
  std::istringstream lines(log_text);
  std::string line;
  std::string errors;
  std::string last;
  while (std::getline(lines, line)) {
    if (line.rfind(kErrorPrefix, 0) == 0) errors += (errors.empty() ? "" : "; ") + line.substr(kErrorPrefix.size());
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  }
  return errors.empty() ? last : errors;
}

RunCounts run_design_points(const SweepPlan& plan, const std::string& sweep_directory,
                            const std::vector<std::size_t>& indices, const RunnerOptions& options) {
  RunCounts counts;
  std::vector<std::size_t> todo;
  for (const std::size_t index : indices) {
    if (point_status(sweep_directory, index) == PointStatus::kOk) {
      ++counts.already_done;
    } else {
      todo.push_back(index);
    }
  }
  std::vector<std::string> environment = child_environment();
  const std::size_t jobs = std::max<std::size_t>(1, options.jobs);
  const bool has_timeout = plan.timeout_seconds > 0.0;
  const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(plan.timeout_seconds));
  std::vector<RunningPoint> running;
  std::size_t next = 0;
  std::size_t finished = 0;
  io::ProgressLine progress("design points", options.show_progress);
  progress.update(0, todo.size());
  try {
    while (next < todo.size() || !running.empty()) {
      while (running.size() < jobs && next < todo.size()) {
        const std::size_t index = todo[next++];
        running.push_back(
            {index, launch(plan, sweep_directory, index, options.spinaps_binary, environment), Clock::now() + timeout});
      }
      bool any_finished = false;
      for (auto it = running.begin(); it != running.end();) {
        int wait_status = 0;
        PointStatus status = PointStatus::kPending;
        if (::waitpid(it->pid, &wait_status, WNOHANG) == it->pid) {
          status = settle(sweep_directory, it->index, wait_status);
        } else if (has_timeout && Clock::now() > it->deadline) {
          ::kill(it->pid, SIGKILL);
          ::waitpid(it->pid, &wait_status, 0);
          record_failure(sweep_directory, it->index, "timeout", Json(),
                         "did not finish within timeout_seconds = " + Json(plan.timeout_seconds).dump() + "; killed");
          status = PointStatus::kTimeout;
        }
        if (status == PointStatus::kPending) {
          ++it;
          continue;
        }
        counts.ok += status == PointStatus::kOk ? 1 : 0;
        counts.failed += status == PointStatus::kFailed ? 1 : 0;
        counts.timed_out += status == PointStatus::kTimeout ? 1 : 0;
        ++finished;
        any_finished = true;
        it = running.erase(it);
      }
      progress.update(finished, todo.size());
      if (!any_finished) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  } catch (...) {
    for (const auto& child : running) {  // never leave children of a failed sweep behind
      ::kill(child.pid, SIGKILL);
      ::waitpid(child.pid, nullptr, 0);
    }
    progress.finish();
    throw;
  }
  progress.finish();
  return counts;
}

}  // namespace spinaps::sweep
