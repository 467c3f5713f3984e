#pragma once
// Per-metric tolerances for comparing run reports (spinaps diff, golden regression tests).
// A tolerance file (format "spinaps-tolerances", docs/reports.md) lists paths to ignore and rules
// matched against a metric's dotted path; the first matching rule decides. A change is within
// tolerance when |new - old| <= absolute or |new - old| <= relative * |old|. A rule with
// "gate": false reports changes without failing on them (inputs such as technology parameters,
// whose consequences are gated through the figures they move).
#include <string>
#include <vector>

namespace spinaps::report {

struct ToleranceRule {
  std::string pattern;    ///< glob over dotted paths: '*' within one segment, '**' across segments
  double relative = 0.0;  ///< allowed |change| / |old|
  double absolute = 0.0;  ///< allowed |change|, in the metric's unit
  bool gate = true;       ///< false: report the change, never fail on it
  std::string why;        ///< the reason for the tolerance, shown in docs and failures
};

struct Tolerances {
  std::string file;                 ///< where they came from (for messages)
  std::vector<std::string> ignore;  ///< globs of paths never compared (identity, provenance)
  std::vector<ToleranceRule> rules;
  ToleranceRule fallback;       ///< for paths no rule matches ("default" in the file)
  bool fail_on_added = false;   ///< a metric only the new report has
  bool fail_on_removed = true;  ///< a metric only the old report has

  [[nodiscard]] bool ignored(const std::string& path) const;
  [[nodiscard]] const ToleranceRule& rule_for(const std::string& path) const;
};

/// Reads and validates a tolerance file; throws config::ConfigError naming the file and key.
Tolerances load_tolerances(const std::string& file);

/// The project's default tolerances: reports/tolerances/default.json of the source tree.
std::string default_tolerances_file();

/// True when `path` matches `pattern` ('*': any characters but '.', '**': any characters).
bool glob_match(const std::string& pattern, const std::string& path);

}  // namespace spinaps::report
