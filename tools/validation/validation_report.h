#pragma once
// docs/validation.md: the generated report that checks the simulator against its baseline, its
// own training records, a non-spiking model, NVSim and published compute-in-memory macros. `spinaps validate` gathers
// the measurements (tools/cli/validate_command.cpp); this puts them in one Markdown document with its inputs.
#include <string>
#include <vector>

#include "tools/validation/accuracy_validation.h"

namespace spinaps::validation {

/// Everything the report states about how it was made; no time or host, so equal inputs give
/// byte-identical text.
struct ReportInputs {
  std::string regenerate_command;  ///< e.g. "spinaps validate --out docs/validation.md"
  std::size_t samples = 0;         ///< --samples (0: every test sample)
  std::string sram_config;
  std::string nvsim_reference;
  std::string published_macros;
  std::string tech_data_dir;
};

/// The sections in order: 1 STT-RAM vs SRAM, 2 accuracy against T, 3 SNN vs logistic regression,
/// 4 array model vs NVSim, 5 tile model vs published macros. `memory_section`, `nvsim_section` and
/// `macro_section` are rendered by their modules.
std::string render_validation_report(const ReportInputs& inputs, const std::vector<WorkloadAccuracy>& workloads,
                                     const std::string& memory_section, const std::string& nvsim_section,
                                     const std::string& macro_section);

}  // namespace spinaps::validation
