#pragma once
// Section 1 of the validation report: the STT-RAM design against its SRAM baseline, from the
// output of `spinaps compare` (both designs simulated cycle by cycle on the same samples).
#include <nlohmann/json.hpp>
#include <string>

namespace spinaps::validation {

/// One design of the comparison, as its configuration names it.
struct MemoryDesign {
  std::string config_file;
  std::string memory;  ///< "stt" or "sram"
  std::string cell;    ///< the STT or SRAM cell of models/tech
  double node_nm = 0.0;
};

/// `comparison` is the JSON `spinaps compare STT SRAM --out` writes ({a, b, ratio, explanation}),
/// with a = the STT-RAM design and b = the SRAM baseline. `command` is how it was produced.
std::string render_memory_comparison(const nlohmann::json& comparison, const MemoryDesign& stt,
                                     const MemoryDesign& sram, const std::string& command);

}  // namespace spinaps::validation
