// spinaps: the command-line front end. Each subcommand lives in its own file; errors in user input
// end with one message and exit code 2, internal failures with exit code 1.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <systemc>

namespace {
// The SystemC kernel prints its banner when it starts unless this variable is set; set it before
// the kernel starts (static initialisation runs before libsystemc's main()) so that reports and
// test output stay clean. An explicit setting by the user wins.
const int kQuietSystemC = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
}  // namespace

#include "tools/cli/cli_common.h"
#include "tools/cli/commands.h"

int sc_main(int argc, char* argv[]) {
  CLI::App app{"spinaps: cycle-accurate SystemC simulator of a SpinAPS-style spintronic SNN accelerator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", SPINAPS_VERSION);
  int exit_code = spinaps::cli::kExitOk;
  spinaps::cli::register_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : spinaps::cli::kExitBadInput;
  }
  return exit_code;
}
