#pragma once
// Moves data-file numbers (Params) from their reference node to the configured node with the
// Stillmaker & Baas factors of node_scaling.json and records, in the ParamLog, the value each took
// and the rule that got it there. Every technology model (SpinAPS core, memristive tiles) scales
// through this one class.
#include <string>

#include "models/tech/technology.h"

namespace spinaps::tech {

class Scaler {
 public:
  Scaler(const NodeScaling& scaling, double node_nm, ParamLog& log) : scaling_(scaling), node_(node_nm), log_(log) {}

  double energy(const Param& p) { return apply(p, scaling_.energy(p.reference_node_nm, node_), "energy"); }
  double leakage(const Param& p) { return apply(p, scaling_.leakage(p.reference_node_nm, node_), "leakage"); }
  double area(const Param& p) { return apply(p, scaling_.area(p.reference_node_nm, node_), "area"); }
  double delay(const Param& p) { return apply(p, scaling_.delay(p.reference_node_nm, node_), "delay"); }
  /// A value that does not scale with the CMOS node (a device property, a count), and why.
  double unscaled(const Param& p, const std::string& why);

  [[nodiscard]] double energy_factor(double from_nm) const { return scaling_.energy(from_nm, node_); }
  [[nodiscard]] double area_factor(double from_nm) const { return scaling_.area(from_nm, node_); }
  [[nodiscard]] double delay_factor(double from_nm) const { return scaling_.delay(from_nm, node_); }
  [[nodiscard]] double node() const { return node_; }
  [[nodiscard]] const NodeScaling& scaling() const { return scaling_; }
  [[nodiscard]] ParamLog& log() { return log_; }

 private:
  double apply(const Param& p, double factor, const char* kind);

  const NodeScaling& scaling_;
  double node_;
  ParamLog& log_;
};

/// A number as derivation texts show it (6 significant digits).
std::string format_number(double value);

}  // namespace spinaps::tech
