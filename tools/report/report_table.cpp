#include "tools/report/report_table.h"

#include <cstdio>

#include "tools/report/cnn_report.h"
#include "tools/report/spinaps_report.h"

namespace spinaps::report {
namespace table {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

void line(std::ostringstream& out, const std::string& label, const std::string& value) {
  out << "  " << label;
  for (std::size_t pad = label.size(); pad < 34; ++pad) out << ' ';
  out << value << "\n";
}

void breakdowns(std::ostringstream& out, const OrderedJson& report, double energy_divisor,
                const std::string& energy_unit) {
  const OrderedJson& energy = report["energy"];
  const double total_pj = energy["total_pj"].get<double>();
  const double divisor = energy_divisor > 0.0 ? energy_divisor : 1.0;
  line(out, "energy " + energy_unit, format("%.4g pJ", total_pj / divisor));
  for (const auto& [name, value] : energy["by_category_pj"].items()) {
    const double amount = value.get<double>();
    line(out, "  " + name,
         format("%12.4g pJ", amount / divisor) + format("  %5.1f %%", total_pj > 0 ? 100.0 * amount / total_pj : 0.0));
  }
  out << "\n";
  const OrderedJson& area = report["area"];
  const double area_mm2 = area["total_mm2"].get<double>();
  line(out, "area total", format("%.5f mm2", area_mm2));
  for (const auto& [name, value] : area["by_category_mm2"].items()) {
    const double amount = value.get<double>();
    line(out, "  " + name,
         format("%12.5f mm2", amount) + format("  %5.1f %%", area_mm2 > 0 ? 100.0 * amount / area_mm2 : 0.0));
  }
}

}  // namespace table

std::string format_report(const OrderedJson& report) {
  if (report.value("accelerator", "") == hw::accelerator_kinds().name_of(hw::AcceleratorKind::kMemristiveCnn)) {
    return format_cnn_report(report);
  }
  return format_spinaps_report(report);
}

}  // namespace spinaps::report
