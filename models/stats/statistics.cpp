#include "models/stats/statistics.h"

#include <stdexcept>

namespace spinaps::stats {

void StatisticSet::add(const std::string& name, std::uint64_t value, const std::string& unit,
                       const std::string& description) {
  add_value(name, value, unit, description);
}

void StatisticSet::add(const std::string& name, double value, const std::string& unit, const std::string& description) {
  add_value(name, value, unit, description);
}

void StatisticSet::add_value(const std::string& name, nlohmann::json value, const std::string& unit,
                             const std::string& description) {
  for (const Statistic& statistic : statistics_) {
    if (statistic.name == name) throw std::logic_error("statistic '" + name + "' is published twice");
  }
  statistics_.push_back({name, std::move(value), unit, description});
}

const Statistic& StatisticSet::at(const std::string& name) const {
  for (const Statistic& statistic : statistics_) {
    if (statistic.name == name) return statistic;
  }
  throw std::out_of_range("no statistic '" + name + "'");
}

nlohmann::ordered_json StatisticSet::to_json() const {
  nlohmann::ordered_json document = nlohmann::ordered_json::object();
  for (const Statistic& statistic : statistics_) {
    document[statistic.name] = {
        {"value", statistic.value}, {"unit", statistic.unit}, {"description", statistic.description}};
  }
  return document;
}

}  // namespace spinaps::stats
