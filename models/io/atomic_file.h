#pragma once
// Outputs are written to a temporary file beside the target and renamed over it, so a run that is
// killed or fails never leaves a truncated report behind.
#include <string>

namespace spinaps::io {

/// Writes `content` to `path` atomically. Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::string& path, const std::string& content);

/// The directory part of a path ("." when it has none).
std::string directory_of(const std::string& path);

/// `path` if absolute, else `base_dir/path`.
std::string resolve_path(const std::string& base_dir, const std::string& path);

}  // namespace spinaps::io
