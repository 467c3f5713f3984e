#include "tools/report/tolerances.h"

#include "models/config/config_reader.h"
#include "models/io/data_paths.h"

namespace spinaps::report {
namespace {

bool glob_match_from(const std::string& pattern, std::size_t p, const std::string& path, std::size_t s) {
  while (p < pattern.size()) {
    if (pattern[p] == '*') {
      const bool any_segments = p + 1 < pattern.size() && pattern[p + 1] == '*';
      const std::size_t rest = p + (any_segments ? 2 : 1);
      for (std::size_t end = s;; ++end) {
        if (glob_match_from(pattern, rest, path, end)) return true;
        if (end == path.size() || (!any_segments && path[end] == '.')) return false;
      }
    }
    if (s == path.size() || pattern[p] != path[s]) return false;
    ++p;
    ++s;
  }
  return s == path.size();
}

ToleranceRule parse_rule(config::ConfigNode node, bool needs_pattern) {
  ToleranceRule rule;
  if (needs_pattern) {
    rule.pattern = node.text("match");
    if (rule.pattern.empty()) throw node.error("match", "must not be empty: a glob such as metrics.energy_pj.**");
  }
  rule.relative = node.real_or("relative", 0.0, 1e6, 0.0);
  rule.absolute = node.real_or("absolute", 0.0, 1e300, 0.0);
  rule.gate = node.boolean_or("gate", true);
  rule.why = node.text_or("why", "");
  node.finish();
  return rule;
}

}  // namespace

bool glob_match(const std::string& pattern, const std::string& path) { return glob_match_from(pattern, 0, path, 0); }

bool Tolerances::ignored(const std::string& path) const {
  for (const std::string& pattern : ignore) {
    if (glob_match(pattern, path)) return true;
  }
  return false;
}

const ToleranceRule& Tolerances::rule_for(const std::string& path) const {
  for (const ToleranceRule& rule : rules) {
    if (glob_match(rule.pattern, path)) return rule;
  }
  return fallback;
}

std::string default_tolerances_file() { return io::data_path("reports/tolerances/default.json"); }

Tolerances load_tolerances(const std::string& file) {
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  Tolerances tolerances;
  tolerances.file = file;
  (void)root.choice("format", {"spinaps-tolerances"});
  (void)root.integer("version", 1, 1);
  (void)root.text_or("description", "");
  if (root.has("default")) tolerances.fallback = parse_rule(root.child("default"), false);
  const std::string added = root.choice_or("added", {"pass", "fail"}, "pass");
  const std::string removed = root.choice_or("removed", {"pass", "fail"}, "fail");
  tolerances.fail_on_added = added == "fail";
  tolerances.fail_on_removed = removed == "fail";
  root.skip("ignore");
  root.skip("rules");
  root.finish();
  if (document.contains("ignore")) {
    const config::Json& ignore = document["ignore"];
    if (!ignore.is_array()) throw config::ConfigError(file, "ignore", "expected an array of path globs");
    for (std::size_t n = 0; n < ignore.size(); ++n) {
      if (!ignore[n].is_string() || ignore[n].get<std::string>().empty()) {
        throw config::ConfigError(file, "ignore[" + std::to_string(n) + "]", "expected a non-empty path glob string");
      }
      tolerances.ignore.push_back(ignore[n].get<std::string>());
    }
  }
  if (document.contains("rules")) {
    const config::Json& rules = document["rules"];
    if (!rules.is_array()) throw config::ConfigError(file, "rules", "expected an array of rule objects");
    for (std::size_t n = 0; n < rules.size(); ++n) {
      tolerances.rules.push_back(
          parse_rule(config::ConfigNode(rules[n], file, "rules[" + std::to_string(n) + "]"), true));
    }
  }
  return tolerances;
}

}  // namespace spinaps::report
