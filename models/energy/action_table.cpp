#include "models/energy/action_table.h"

#include <numeric>
#include <stdexcept>

namespace spinaps::energy {
namespace {

std::string trim_number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

void ActionTable::add(const std::string& action, ActionCost cost) {
  if (!costs_.emplace(action, std::move(cost)).second) {
    throw std::logic_error("energy table: action '" + action + "' is priced twice");
  }
}

void ActionTable::merge(const ActionTable& other) {
  for (const auto& [action, cost] : other.costs_) add(action, cost);
}

const ActionCost& ActionTable::at(const std::string& action) const {
  const auto found = costs_.find(action);
  if (found == costs_.end()) throw std::out_of_range("energy table: no energy per action for '" + action + "'");
  return found->second;
}

void ActionTable::require(const std::vector<std::string>& names, const std::string& block) const {
  for (const std::string& name : names) {
    if (!contains(name)) throw std::logic_error(block + ": action '" + name + "' has no energy");
  }
}

void ComponentTable::add(ComponentCost component) { components_.push_back(std::move(component)); }

void ComponentTable::add_instances(const ComponentTable& other, double instances, const std::string& what,
                                   const std::string& prefix) {
  const std::string times = " x " + trim_number(instances) + " " + what;
  for (ComponentCost component : other.components_) {
    component.component = prefix + component.component;
    component.area_mm2 *= instances;
    component.leakage_mw *= instances;
    component.derivation += times;
    components_.push_back(std::move(component));
  }
}

double ComponentTable::total_area_mm2() const {
  return std::accumulate(components_.begin(), components_.end(), 0.0,
                         [](double sum, const ComponentCost& c) { return sum + c.area_mm2; });
}

double ComponentTable::total_leakage_mw() const {
  return std::accumulate(components_.begin(), components_.end(), 0.0,
                         [](double sum, const ComponentCost& c) { return sum + c.leakage_mw; });
}

std::map<std::string, double> ComponentTable::area_by_category_mm2() const {
  std::map<std::string, double> by_category;
  for (const ComponentCost& component : components_) by_category[component.category] += component.area_mm2;
  return by_category;
}

std::map<std::string, double> ComponentTable::leakage_by_category_mw() const {
  std::map<std::string, double> by_category;
  for (const ComponentCost& component : components_) by_category[component.category] += component.leakage_mw;
  return by_category;
}

std::map<std::string, double> EnergyBreakdown::by_category_pj() const {
  std::map<std::string, double> categories = dynamic_by_category_pj;
  categories["leakage"] += leakage_pj;
  return categories;
}

EnergyBreakdown price(const ActionTable& table, const ActionCounts& counts, double leakage_mw, double elapsed_ns) {
  for (const auto& [action, count] : counts.all()) {
    if (count != 0 && !table.contains(action)) {
      throw std::logic_error("energy: action '" + action + "' was counted " + std::to_string(count) +
                             " times but has no energy per action");
    }
  }
  EnergyBreakdown breakdown;
  for (const auto& [action, cost] : table.all()) {
    PricedAction priced{action, counts.get(action), cost.energy_pj, 0.0, cost.category};
    priced.energy_pj = static_cast<double>(priced.count) * cost.energy_pj;
    breakdown.dynamic_by_category_pj[cost.category] += priced.energy_pj;
    breakdown.dynamic_pj += priced.energy_pj;
    breakdown.actions.push_back(std::move(priced));
  }
  breakdown.leakage_mw = leakage_mw;
  breakdown.elapsed_ns = elapsed_ns;
  breakdown.leakage_pj = leakage_mw * elapsed_ns;  // mW x ns = pJ
  breakdown.total_pj = breakdown.dynamic_pj + breakdown.leakage_pj;
  return breakdown;
}

}  // namespace spinaps::energy
