// Every command of README's Usage block runs as written and exits 0, so the README cannot drift
// from the tool: `build/spinaps` becomes this build's binary, and each command runs in a scratch
// directory holding copies of what it reads and writes (configs/, the weights and models under
// workloads/, docs/ for `validate --out`, and ~/mnist, a copy of the bundled IDX files, for
// `--data ~/mnist`), so nothing in the source tree changes.
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "tests/cli_helpers.h"

namespace {

using namespace spinaps::test;

/// The commands of the first ```sh block after "## Usage", without their trailing comments.
std::vector<std::string> usage_commands() {
  const std::string readme = read_text(fs::path(kSource) / "README.md");
  std::vector<std::string> commands;
  const std::size_t usage = readme.find("\n## Usage\n");
  if (usage == std::string::npos) return commands;
  const std::size_t block = readme.find("```sh\n", usage);
  const std::size_t end = readme.find("\n```", block + 6);
  if (block == std::string::npos || end == std::string::npos) return commands;
  std::size_t at = block + 6;
  while (at < end) {
    const std::size_t line_end = std::min(readme.find('\n', at), end);
    std::string line = readme.substr(at, line_end - at);
    at = line_end + 1;
    const std::size_t comment = line.find(" # ");
    if (comment != std::string::npos) line = line.substr(0, comment);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0) line.pop_back();
    if (!line.empty()) commands.push_back(line);
  }
  return commands;
}

/// A scratch working directory with copies of what the Usage commands read and write.
fs::path scratch_tree(const std::string& name) {
  const fs::path root = fresh_directory("readme_usage_" + name);
  const fs::path source(kSource);
  const auto copy = [&](const char* part) {
    fs::create_directories((root / part).parent_path());
    fs::copy(source / part, root / part, fs::copy_options::recursive);
  };
  for (const char* part : {"configs", "workloads/weights", "workloads/ptychonn"}) copy(part);
  fs::create_directories(root / "docs");
  fs::create_directories(root / "home");
  fs::copy(source / "workloads/mnist/data", root / "home" / "mnist", fs::copy_options::recursive);
  return root;
}

TEST(ReadmeUsage, TheBlockHoldsTheCommandsOfBothAccelerators) {
  const std::vector<std::string> commands = usage_commands();
  EXPECT_GE(commands.size(), 15U);
  for (const std::string& command : commands) {
    EXPECT_EQ(command.rfind("build/spinaps ", 0), 0U) << "not a spinaps command: " << command;
  }
}

class ReadmeUsageCommand : public ::testing::TestWithParam<std::string> {};

TEST_P(ReadmeUsageCommand, RunsAsWrittenAndExitsZero) {
  const std::string& command = GetParam();
  const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const fs::path root = scratch_tree(name.substr(name.rfind('/') + 1));
  const std::string arguments = command.substr(std::string("build/spinaps").size());
  // HOME is exported first: the shell expands ~ with the HOME it has, not one set on the command.
  const Outcome outcome = run_command("cd '" + root.string() + "' && export HOME='" + (root / "home").string() +
                                      "' CI=1 && " + kCli + arguments);
  EXPECT_EQ(outcome.exit_code, 0) << command << "\n" << outcome.output;
  if (!::testing::Test::HasFailure()) fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(Readme, ReadmeUsageCommand, ::testing::ValuesIn(usage_commands()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           // c07_train: the position in the block and the subcommand.
                           std::string words = info.param.substr(std::string("build/spinaps ").size());
                           words = words.substr(0, words.find(' '));
                           std::string name = (info.index < 10 ? "c0" : "c") + std::to_string(info.index) + "_";
                           for (const char c : words) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
