#pragma once
// The accelerators spinaps models, as a configuration's top-level "accelerator" names them. One
// table serves the configuration reader, `spinaps run` and --help; adding an accelerator adds a row
// here, its hw/ folder, its configuration section and its report section (docs/architecture.md).
#include <string>

#include "models/config/choice.h"
#include "models/config/common_config.h"

namespace spinaps::hw {

enum class AcceleratorKind {
  kSpinaps,        ///< the SpinAPS chip: STT-RAM synapse cores, GLM neurons, mesh NoC (hw/chip)
  kMemristiveCnn,  ///< the memristive CNN accelerator: analog crossbar tiles, digital units, mesh (hw/cnn_accel)
};

inline const config::ChoiceTable<AcceleratorKind>& accelerator_kinds() {
  static const config::ChoiceTable<AcceleratorKind> kTable(
      "accelerator",
      {{"spinaps", AcceleratorKind::kSpinaps,
        "the SpinAPS chip: probabilistic SNNs on binary STT-RAM crossbar cores with GLM neurons and a mesh NoC"},
       {"memristive_cnn", AcceleratorKind::kMemristiveCnn,
        "a CNN (ONNX) on multi-level memristive crossbar tiles with digital units on a mesh NoC"}});
  return kTable;
}

/// The accelerator a configuration document names; config::ConfigError naming the file otherwise.
inline AcceleratorKind accelerator_of(const config::Json& document, const std::string& file) {
  const std::string name = config::accelerator_name(document, file, accelerator_kinds().listed());
  for (const auto& entry : accelerator_kinds().entries()) {
    if (entry.name == name) return entry.value;
  }
  throw config::ConfigError(file, "accelerator",
                            "value \"" + name + "\" is not allowed; expected one of " + accelerator_kinds().listed());
}

}  // namespace spinaps::hw
