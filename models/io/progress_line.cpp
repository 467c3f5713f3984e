#include "models/io/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace spinaps::io {

bool progress_wanted() {
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') {
    return false;
  }
  return ::isatty(STDERR_FILENO) != 0;
}

ProgressLine::ProgressLine(std::string what, bool enabled)
    : what_(std::move(what)), enabled_(enabled), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressLine::update(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  std::fprintf(stderr, "\r  %s %zu/%zu  %.0f/s  ETA %.1f s   ", what_.c_str(), done, total, rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r%80s\r", "");
    std::fflush(stderr);
  }
}

}  // namespace spinaps::io
