#pragma once
// The human-readable table printed after a run: the accelerator's headline lines, then the energy
// and area breakdowns by category with their shares (the same for every accelerator).
#include <sstream>
#include <string>

#include "tools/report/report_core.h"

namespace spinaps::report {

/// The table of any report (dispatches on "accelerator").
std::string format_report(const OrderedJson& report);

namespace table {
/// printf of one number.
std::string format(const char* pattern, double value);
/// "  label ...... value" with the value at a fixed column.
void line(std::ostringstream& out, const std::string& label, const std::string& value);
/// The energy and area by category with shares, from the report's "energy" and "area" sections;
/// energy divided by `energy_divisor` and labelled `energy_unit` (per inference, per frame).
void breakdowns(std::ostringstream& out, const OrderedJson& report, double energy_divisor,
                const std::string& energy_unit);
}  // namespace table

}  // namespace spinaps::report
