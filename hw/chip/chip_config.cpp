#include "hw/chip/chip_config.h"

#include "models/io/atomic_file.h"

namespace spinaps::chip {
namespace {

ClockConfig parse_clock(config::ConfigNode node) {
  ClockConfig clock;
  clock.frequency_mhz = node.real("frequency_mhz", 1.0, 10000.0);
  node.finish();
  return clock;
}

WorkloadConfig parse_workload(config::ConfigNode node, const std::string& config_dir) {
  WorkloadConfig workload;
  workload.dataset = node.choice("dataset", {"mnist", "har"});
  if (workload.dataset == "har" && node.has("input_encoding")) {
    workload.har_encoding = har::parse_encoding_config(node.child("input_encoding"));
  }
  if (workload.dataset != "har" && node.has("input_encoding")) {
    throw node.error("input_encoding", "is only allowed with \"dataset\": \"har\"");
  }
  node.skip("input_encoding");
  workload.data_dir = io::resolve_path(config_dir, node.text_or("data_dir", ""));
  workload.split = node.choice_or("split", {"train", "test"}, "test");
  workload.samples = static_cast<std::uint32_t>(node.integer("samples", 0, 100000000));
  node.finish();
  return workload;
}

Placement parse_mapping(config::ConfigNode node) {
  const std::string placement = node.choice_or("placement", {"naive", "traffic_aware"}, "naive");
  node.finish();
  return placement == "naive" ? Placement::kNaive : Placement::kTrafficAware;
}

SynchronisationConfig parse_synchronisation(config::ConfigNode node) {
  SynchronisationConfig sync;
  sync.scheme = node.choice_or("scheme", {"barrier"}, "barrier");
  sync.barrier_hop_cycles = static_cast<std::uint32_t>(node.integer_or("barrier_hop_cycles", 0, 64, 1));
  node.finish();
  return sync;
}

SimulationConfig parse_simulation(config::ConfigNode node) {
  SimulationConfig simulation;
  simulation.idle_skipping = node.boolean_or("idle_skipping", true);
  simulation.quantum_cycles = node.integer_or("quantum_cycles", 1, 1ULL << 40U, 4096);
  node.finish();
  return simulation;
}

}  // namespace

ChipConfig parse_chip_config(const config::Json& document, const std::string& file) {
  const std::string config_dir = io::directory_of(file);
  config::ConfigNode root(document, file, "");
  ChipConfig chip;
  chip.file = file;
  chip.document = document;
  chip.name = root.text("name");
  chip.seed = root.integer("seed", 0, UINT64_MAX);
  chip.snn = snn::parse_snn_config(root.child("snn"), config_dir);
  chip.technology = tech::parse_technology_config(root.child("technology"), config_dir);
  chip.clock = parse_clock(root.child("clock"));
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
  chip.workload = parse_workload(root.child("workload"), config_dir);
  chip.simulation = root.has("simulation") ? parse_simulation(root.child("simulation")) : SimulationConfig{};
  root.skip("simulation");
  if (root.has("faults")) {
    config::ConfigNode faults = root.child("faults");
    chip.stt_faults = faults.has("stt") ? stt::parse_stt_fault_config(faults.child("stt")) : stt::SttFaultConfig{};
    faults.skip("stt");
    faults.finish();
  }
  root.skip("faults");
  root.skip("description");
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
