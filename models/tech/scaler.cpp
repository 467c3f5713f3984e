#include "models/tech/scaler.h"

#include <sstream>

namespace spinaps::tech {

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

double Scaler::unscaled(const Param& p, const std::string& why) {
  log_.scaled(p, p.value, "not scaled: " + why);
  return p.value;
}

double Scaler::apply(const Param& p, double factor, const char* kind) {
  const double value = p.value * factor;
  log_.scaled(p, value,
              std::string(kind) + " factor " + format_number(factor) + " (" + format_number(p.reference_node_nm) +
                  " -> " + format_number(node_) + " nm, Stillmaker & Baas)");
  return value;
}

}  // namespace spinaps::tech
