#pragma once
// Progress for long runs: count, rate and ETA on one terminal line, redrawn at most a few times a
// second; silent when standard error is not a terminal or CI is set.
#include <chrono>
#include <string>

namespace spinaps::cli {

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

}  // namespace spinaps::cli
