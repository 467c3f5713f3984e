#pragma once
// The energy backbone every accelerator shares (Accelergy's split): components count actions by
// name (ActionCounts), each block's technology model prices one action of each name
// (ActionTable), and lists what it is made of with area and leakage (ComponentTable). price()
// turns counts into energy by category; nothing else multiplies counts by energies.
//   energy = sum over actions (count x energy_pj per action) + total leakage power x elapsed time
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/energy/action_counts.h"

namespace spinaps::energy {

/// The energy of ONE action of a name.
struct ActionCost {
  double energy_pj = 0.0;
  std::string unit;        ///< what one action is ("bit read", "conversion", "flit-hop", ...)
  std::string category;    ///< the breakdown the report sums it into ("adc", "noc", "neuron_logic", ...)
  std::string derivation;  ///< the formula with its numbers
  std::string source;      ///< the data files or publications the numbers come from
};

class ActionTable {
 public:
  /// Adds an action; throws std::logic_error when the name is already priced (two blocks must not
  /// claim the same action).
  void add(const std::string& action, ActionCost cost);
  /// Adds every action of `other` (same rule).
  void merge(const ActionTable& other);
  [[nodiscard]] bool contains(const std::string& action) const { return costs_.count(action) != 0; }
  /// Throws std::out_of_range naming the action.
  [[nodiscard]] const ActionCost& at(const std::string& action) const;
  [[nodiscard]] double energy_pj(const std::string& action) const { return at(action).energy_pj; }
  [[nodiscard]] const std::map<std::string, ActionCost>& all() const { return costs_; }
  /// Throws std::logic_error naming the first of `names` without a price (a block forgot one).
  void require(const std::vector<std::string>& names, const std::string& block) const;

 private:
  std::map<std::string, ActionCost> costs_;
};

/// One physical part: its area and its leakage power (what it costs while powered, doing nothing).
struct ComponentCost {
  std::string component;
  std::string category;
  double area_mm2 = 0.0;
  double leakage_mw = 0.0;
  std::string derivation;
};

class ComponentTable {
 public:
  void add(ComponentCost component);
  /// Adds every component of `other` times `instances`, prefixing the names with `prefix` and
  /// appending "x N what" to each derivation (a chip of cores, a mesh of routers).
  void add_instances(const ComponentTable& other, double instances, const std::string& what,
                     const std::string& prefix = "");
  [[nodiscard]] const std::vector<ComponentCost>& all() const { return components_; }
  [[nodiscard]] double total_area_mm2() const;
  [[nodiscard]] double total_leakage_mw() const;
  [[nodiscard]] std::map<std::string, double> area_by_category_mm2() const;
  [[nodiscard]] std::map<std::string, double> leakage_by_category_mw() const;

 private:
  std::vector<ComponentCost> components_;
};

/// One counted action, priced.
struct PricedAction {
  std::string action;
  std::uint64_t count = 0;
  double energy_pj_per_action = 0.0;
  double energy_pj = 0.0;
  std::string category;
};

struct EnergyBreakdown {
  std::vector<PricedAction> actions;                     ///< every priced action, by name (count 0 included)
  std::map<std::string, double> dynamic_by_category_pj;  ///< sum of the actions' energy per category
  double dynamic_pj = 0.0;
  double leakage_mw = 0.0;
  double elapsed_ns = 0.0;
  double leakage_pj = 0.0;  ///< leakage_mw x elapsed_ns
  double total_pj = 0.0;
  /// The dynamic categories plus "leakage".
  [[nodiscard]] std::map<std::string, double> by_category_pj() const;
};

/// The one place counts become energy. Every action of `table` appears in the result (count 0 when
/// not counted); a counted action without a price throws std::logic_error naming it (a block
/// counted something nobody priced: a bug).
EnergyBreakdown price(const ActionTable& table, const ActionCounts& counts, double leakage_mw, double elapsed_ns);

}  // namespace spinaps::energy
