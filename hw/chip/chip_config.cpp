#include "hw/chip/chip_config.h"

#include "hw/common/accelerator_kind.h"
#include "models/io/atomic_file.h"

namespace spinaps::chip {
namespace {

Placement parse_mapping(config::ConfigNode node) {
  const Placement placement = placement_choices().parse_or(node, "placement", Placement::kNaive);
  node.finish();
  return placement;
}

SynchronisationConfig parse_synchronisation(config::ConfigNode node) {
  SynchronisationConfig sync;
  sync.scheme = node.choice_or("scheme", {"barrier"}, "barrier");
  sync.barrier_hop_cycles = static_cast<std::uint32_t>(node.integer_or("barrier_hop_cycles", 0, 64, 1));
  node.finish();
  return sync;
}

}  // namespace

ChipConfig parse_chip_config(const config::Json& document, const std::string& file) {
  const std::string config_dir = io::directory_of(file);
  config::ConfigNode root(document, file, "");
  ChipConfig chip;
  chip.file = file;
  chip.document = document;
  if (hw::accelerator_of(document, file) != hw::AcceleratorKind::kSpinaps) {
    throw config::ConfigError(file, "accelerator", "expected \"spinaps\" in a SpinAPS chip configuration");
  }
  root.skip("accelerator");
  chip.name = root.text("name");
  chip.description = root.text_or("description", "");
  chip.seed = root.integer("seed", 0, UINT64_MAX);
  chip.snn = snn::parse_snn_config(root.child("snn"), config_dir);
  chip.technology = tech::parse_technology_config(root.child("technology"), config_dir);
  chip.clock = config::parse_clock(root.child("clock"));
  chip.crossbar = stt::parse_crossbar_config(root.child("crossbar"));
  chip.neuron = neuron::parse_neuron_unit_config(root.child("neuron"));
  if (root.has("core")) chip.core = parse_core_geometry(root.child("core"));
  root.skip("core");
  if (root.has("noc")) chip.noc = noc::parse_noc_config(root.child("noc"));
  root.skip("noc");
  if (root.has("mapping")) chip.placement = parse_mapping(root.child("mapping"));
  root.skip("mapping");
  if (root.has("synchronisation")) chip.synchronisation = parse_synchronisation(root.child("synchronisation"));
  root.skip("synchronisation");
  chip.workload = snn::parse_snn_workload(root.child("workload"), config_dir);
  chip.simulation =
      root.has("simulation") ? config::parse_simulation(root.child("simulation"), true) : SimulationConfig{};
  root.skip("simulation");
  if (root.has("faults")) {
    config::ConfigNode faults = root.child("faults");
    chip.stt_faults = faults.has("stt") ? stt::parse_stt_fault_config(faults.child("stt")) : stt::SttFaultConfig{};
    faults.skip("stt");
    faults.finish();
  }
  root.skip("faults");
  root.finish();
  return chip;
}

ChipConfig load_chip_config(const std::string& file, const std::vector<std::string>& overrides) {
  config::Json document = config::read_json_file(file);
  for (const auto& assignment : overrides) {
    config::apply_override(document, assignment, file);
  }
  return parse_chip_config(document, file);
}

}  // namespace spinaps::chip
