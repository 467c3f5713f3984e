#include "models/io/data_paths.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace spinaps::io {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMarker = "models/tech/node_scaling.json";

bool holds_data(const fs::path& candidate) {
  std::error_code error;
  return fs::is_regular_file(candidate / kMarker, error);
}

std::string find_data_root() {
  const char* variable = std::getenv(kDataDirVariable);
  if (variable != nullptr && *variable != '\0') {
    const fs::path given = fs::absolute(variable).lexically_normal();
    if (!holds_data(given)) {
      throw std::runtime_error(std::string(kDataDirVariable) + "=" + variable + " does not hold spinaps's data (" +
                               kMarker + " is missing)");
    }
    return given.string();
  }
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  std::vector<fs::path> candidates;
  if (!error) {
    const fs::path directory = executable.parent_path();
    candidates = {directory / ".." / "share" / "spinaps", directory / "share" / "spinaps"};
  }
  std::string looked;
  for (const fs::path& candidate : candidates) {
    if (holds_data(candidate)) return fs::weakly_canonical(candidate).string();
    looked += (looked.empty() ? "" : ", ") + candidate.lexically_normal().string();
  }
  throw std::runtime_error("cannot find spinaps's data (" + std::string(kMarker) + ") in " +
                           (looked.empty() ? std::string("any place beside the executable") : looked) + "; set " +
                           kDataDirVariable + " to the directory that holds models/, configs/ and workloads/");
}

}  // namespace

const std::string& data_root() {
  static const std::string root = find_data_root();
  return root;
}

std::string data_path(const std::string& relative) { return (fs::path(data_root()) / relative).string(); }

std::string relative_to_data_root(const std::string& path) {
  fs::path root;
  try {
    root = data_root();
  } catch (const std::runtime_error&) {
    return path;  // no data root: nothing to be relative to
  }
  const auto inside = [](const fs::path& candidate, const fs::path& base) {
    const fs::path relative = candidate.lexically_relative(base);
    return !relative.empty() && *relative.begin() != ".." ? relative : fs::path();
  };
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error).lexically_normal();
  if (error) return path;
  if (const fs::path relative = inside(absolute, root); !relative.empty()) return relative.generic_string();
  // The build tree's data root holds links to the source folders: compare resolved paths too.
  const fs::path resolved = fs::weakly_canonical(absolute, error);
  if (error) return path;
  for (const fs::directory_entry& entry : fs::directory_iterator(root, error)) {
    const fs::path target = fs::weakly_canonical(entry.path(), error);
    if (error) continue;
    if (const fs::path relative = inside(resolved, target); !relative.empty()) {
      return (entry.path().filename() / relative).generic_string();
    }
  }
  return path;
}

}  // namespace spinaps::io
