#include "tools/cli/cli_common.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "hw/chip/memory_estimate.h"
#include "models/io/atomic_file.h"
#include "models/io/shell_command.h"

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

int run_self(const std::vector<std::string>& arguments, std::string& output) {
  std::string command = io::shell_quote(std::filesystem::read_symlink("/proc/self/exe").string());
  for (const auto& argument : arguments) command += " " + io::shell_quote(argument);
  const io::CommandOutput result = io::run_shell_command(command);
  output += result.text;
  return result.exit_code < 0 ? kExitFailure : result.exit_code;
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
