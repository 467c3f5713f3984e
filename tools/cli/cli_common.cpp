#include "tools/cli/cli_common.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "hw/chip/memory_estimate.h"
#include "models/io/atomic_file.h"

namespace spinaps::cli {

chip::ChipConfig load_config(const CommonOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  chip::ChipConfig config = chip::load_chip_config(options.config_file, overrides);
  if (!options.data_dir.empty()) {
    config.workload.data_dir = options.data_dir;
    config.document["workload"]["data_dir"] = options.data_dir;
  }
  chip::check_memory(config);  // fail fast, before anything large is loaded
  return config;
}

namespace {

std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

int run_self(const std::vector<std::string>& arguments, std::string& output) {
  std::string command = shell_quote(std::filesystem::read_symlink("/proc/self/exe").string());
  for (const auto& argument : arguments) command += " " + shell_quote(argument);
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start " + command);
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : kExitFailure;
}

std::string current_command_line() {
  std::ifstream stream("/proc/self/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  std::string command;
  std::size_t start = 0;
  bool first = true;
  while (start < raw.size()) {
    const std::size_t end = raw.find('\0', start);
    std::string word = raw.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (first) {
      word = std::filesystem::path(word).filename().string();  // "spinaps", not the build path
      first = false;
    }
    command += (command.empty() ? "" : " ") + word;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return command;
}

}  // namespace spinaps::cli
