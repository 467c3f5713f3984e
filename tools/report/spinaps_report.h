#pragma once
// The report of a SpinAPS chip run in the common shape (report_core.h): the headline metrics
// (accuracy, latency, SOPs, GSOPS, GSOPS/W, GSOPS/W/mm2, energy, area) and the chip's own sections
// under "spinaps" (distributions, operation counts, hardware, chip and NoC, weight programming, host
// streaming, faults, the weights' provenance). The definitions are written into the report itself
// and into README.md.
#include <string>

#include "hw/chip/chip_config.h"
#include "hw/chip/simulation.h"
#include "tools/report/report_core.h"

namespace spinaps::report {

/// `inputs` attributes each configuration value to the file or the command line; the weights file
/// is read for its hash and training record.
OrderedJson build_spinaps_report(const chip::ChipConfig& config, const chip::SimulationResult& simulation,
                                 const std::string& dataset_description, const std::string& command_line,
                                 const CommandLineInputs& inputs = {});

/// The human-readable table of a SpinAPS report.
std::string format_spinaps_report(const OrderedJson& report);

}  // namespace spinaps::report
