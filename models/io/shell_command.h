#pragma once
// Running a helper program through the shell (the plotting scripts, sbatch and squeue, spinaps
// itself), capturing what it prints.
#include <string>

namespace spinaps::io {

/// `text` as one shell word: in single quotes, each single quote written as '\''.
std::string shell_quote(const std::string& text);

struct CommandOutput {
  int exit_code = -1;  ///< the command's exit status; -1 when it could not start or was killed
  std::string text;    ///< stdout and stderr together
};

/// Runs `command` with /bin/sh, stdout and stderr captured together.
CommandOutput run_shell_command(const std::string& command);

}  // namespace spinaps::io
