#pragma once
// Named statistics with units, gathered once at the end of a run (as Ramulator 2 registers them):
// components publish what they counted into a StatisticSet; the report writes every entry with its
// unit and description. Values are integers or reals; names are dotted ("noc.flit_hops").
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace spinaps::stats {

struct Statistic {
  std::string name;
  nlohmann::json value;  ///< an integer or a real
  std::string unit;      ///< "cycle", "packet", "flit-hop", "1" for a plain count or ratio, ...
  std::string description;
};

class StatisticSet {
 public:
  /// Throws std::logic_error when `name` is already published (two components must not claim it).
  void add(const std::string& name, std::uint64_t value, const std::string& unit, const std::string& description);
  void add(const std::string& name, double value, const std::string& unit, const std::string& description);
  [[nodiscard]] const std::vector<Statistic>& all() const { return statistics_; }
  /// Throws std::out_of_range naming the statistic.
  [[nodiscard]] const Statistic& at(const std::string& name) const;
  /// {"name": {"value", "unit", "description"}, ...} in publication order.
  [[nodiscard]] nlohmann::ordered_json to_json() const;

 private:
  void add_value(const std::string& name, nlohmann::json value, const std::string& unit,
                 const std::string& description);
  std::vector<Statistic> statistics_;
};

}  // namespace spinaps::stats
