#include "tools/sweep/pareto.h"

#include <set>
#include <sstream>
#include <stdexcept>

namespace spinaps::sweep {

std::vector<Objective> parse_objectives(const std::string& text) {
  std::vector<Objective> objectives;
  std::set<std::string> seen;
  std::istringstream entries(text);
  std::string entry;
  while (std::getline(entries, entry, ',')) {
    const auto colon = entry.rfind(':');
    const std::string direction = colon == std::string::npos ? "" : entry.substr(colon + 1);
    if (colon == std::string::npos || colon == 0 || (direction != "min" && direction != "max")) {
      throw std::invalid_argument("--objectives: \"" + entry + "\" is not METRIC:min or METRIC:max");
    }
    Objective objective{entry.substr(0, colon), direction == "max"};
    if (!seen.insert(objective.metric).second) {
      throw std::invalid_argument("--objectives: \"" + objective.metric + "\" is listed twice");
    }
    objectives.push_back(objective);
  }
  if (objectives.empty()) throw std::invalid_argument("--objectives: expected METRIC:min|max[,METRIC:min|max...]");
  return objectives;
}

bool dominates(const std::vector<double>& a, const std::vector<double>& b, const std::vector<Objective>& objectives) {
  bool strictly_better = false;
  for (std::size_t n = 0; n < objectives.size(); ++n) {
    const double gain = objectives[n].maximise ? a[n] - b[n] : b[n] - a[n];
    if (gain < 0.0) return false;
    if (gain > 0.0) strictly_better = true;
  }
  return strictly_better;
}

std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& values,
                                      const std::vector<Objective>& objectives) {
  // O(n^2 m): a sweep of thousands of points takes milliseconds, and it stays obviously correct.
  std::vector<std::size_t> front;
  for (std::size_t candidate = 0; candidate < values.size(); ++candidate) {
    bool dominated = false;
    for (std::size_t other = 0; other < values.size() && !dominated; ++other) {
      dominated = other != candidate && dominates(values[other], values[candidate], objectives);
    }
    if (!dominated) front.push_back(candidate);
  }
  return front;
}

}  // namespace spinaps::sweep
