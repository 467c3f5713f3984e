#pragma once
// Progress for long runs: count, rate and ETA on one terminal line, redrawn at most a few times a
// second; silent when standard error is not a terminal or CI is set (progress_wanted()).
#include <chrono>
#include <cstddef>
#include <string>

namespace spinaps::io {

/// True when standard error is a terminal and CI is not set: progress output is shown then.
bool progress_wanted();

class ProgressLine {
 public:
  ProgressLine(std::string what, bool enabled);
  void update(std::size_t done, std::size_t total);
  /// Clears the line (call before printing the result).
  void finish();

 private:
  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace spinaps::io
