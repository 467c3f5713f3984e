#include "tools/report/spinaps_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "hw/noc/noc_actions.h"
#include "tools/report/provenance.h"

namespace spinaps::report {
namespace {

OrderedJson chip_section(const chip::ChipConfig& config, const chip::SimulationResult& simulation, double total_pj,
                         double noc_pj, double area_mm2, double noc_area_mm2) {
  const chip::FabricStatistics& fabric = simulation.fabric;
  OrderedJson chip;
  chip["cores"] = simulation.cores;
  chip["cores_used"] = simulation.mapping.partitions.size();
  chip["core_area_mm2"] = simulation.core_area_mm2;
  chip["mapping"] = simulation.mapping.to_json();
  chip["synchronisation"] = {{"scheme", config.synchronisation.scheme},
                             {"barrier_cycles_per_step", simulation.barrier_cycles},
                             {"barriers", fabric.barriers},
                             {"barrier_wait_cycles", fabric.barrier_wait_cycles},
                             {"drain_wait_cycles", fabric.drain_wait_cycles}};
  OrderedJson noc = simulation.noc.to_json();
  noc["routing"] = noc::routing_name(config.noc.routing);
  noc["fan_out"] = noc::fan_out_name(config.noc.fan_out);
  noc["flit_bits"] = config.noc.flit_bits;
  noc["link_length_mm"] = simulation.link_length_mm;
  noc["partial_sum_packets"] = fabric.partial_sum_packets;
  noc["spike_packets"] = fabric.spike_packets;
  noc["output_spike_packets"] = fabric.output_spike_packets;
  noc["local_output_spikes"] = fabric.local_output_spikes;
  noc["energy_pj"] = noc_pj;
  noc["energy_share"] = safe_ratio(noc_pj, total_pj);
  noc["area_mm2"] = noc_area_mm2;
  noc["area_share"] = safe_ratio(noc_area_mm2, area_mm2);
  chip["noc"] = noc;
  return chip;
}

}  // namespace

OrderedJson build_spinaps_report(const chip::ChipConfig& config, const chip::SimulationResult& simulation,
                                 const std::string& dataset_description, const std::string& command_line,
                                 const CommandLineInputs& inputs) {
  const hw::RunResult& run = simulation.run;
  const auto& inferences = simulation.inferences;
  const auto count = static_cast<double>(inferences.size());
  std::vector<double> latency_cycles;
  std::vector<double> latency_ns;
  std::vector<double> decision_steps;
  snn::OperationCounts totals;
  std::size_t correct = 0;
  std::size_t decided_by_spike = 0;
  for (const auto& record : inferences) {
    latency_cycles.push_back(static_cast<double>(record.latency_cycles()));
    latency_ns.push_back(static_cast<double>(record.latency_cycles()) * run.period_ns);
    decision_steps.push_back(record.result.decision_step);
    totals += record.result.counts;
    correct += record.result.decision == record.label ? 1 : 0;
    decided_by_spike += record.result.decided_by_spike ? 1 : 0;
  }
  const double simulated_ns = run.simulated_time_ns();
  const auto sops = static_cast<double>(totals.sops());
  const energy::EnergyBreakdown energy = run.energy();
  const double total_pj = energy.total_pj;
  const double area_mm2 = run.components.total_area_mm2();
  const double gsops = safe_ratio(sops, simulated_ns);          // SOP per ns = 1e9 SOP/s
  const double gsops_per_w = safe_ratio(sops, total_pj) * 1e3;  // SOP/pJ = 1e12 SOP/J -> /1e9

  ReportIdentity identity;
  identity.accelerator = hw::AcceleratorKind::kSpinaps;
  identity.command_line = command_line;
  identity.config_name = config.name;
  identity.config_file = config.file;
  identity.document = config.document;
  identity.seed = config.seed;
  identity.parameter_sources = parameter_sources(config.document, config.file, inputs,
                                                 {{"crossbar.column_mux_ratio", config.crossbar.column_mux_ratio},
                                                  {"crossbar.read_buffer_depth", config.crossbar.read_buffer_depth},
                                                  {"workload.split", config.workload.split},
                                                  {"simulation.idle_skipping", config.simulation.idle_skipping},
                                                  {"simulation.quantum_cycles", config.simulation.quantum_cycles},
                                                  {"technology.data_dir", "models/tech (built in)"}});

  ReportParts parts;
  parts.category_order = {"synapse_array", "sense_amps", "periphery", "spike_trace", "neuron_logic", "rng", "control"};
  parts.workload = {{"dataset", snn::dataset_choices().name_of(config.workload.dataset)},
                    {"split", config.workload.split},
                    {"description", dataset_description},
                    {"samples", inferences.size()}};
  OrderedJson& metrics = parts.metrics;
  metrics["inferences"] = inferences.size();
  metrics["correct"] = correct;
  metrics["accuracy"] = safe_ratio(static_cast<double>(correct), count);
  metrics["sops"] = totals.sops();
  metrics["sops_per_inference"] = safe_ratio(sops, count);
  metrics["gsops"] = gsops;
  metrics["gsops_per_w"] = gsops_per_w;
  metrics["gsops_per_w_per_mm2"] = safe_ratio(gsops_per_w, area_mm2);
  metrics["decision_step"] = summarise(decision_steps);
  metrics["spike_decided_fraction"] = safe_ratio(static_cast<double>(decided_by_spike), count);
  metrics["latency_cycles"] = summarise(latency_cycles);
  metrics["latency_ns"] = summarise(latency_ns);
  metrics["simulated_time_ns"] = simulated_ns;
  metrics["cycles"] = run.simulated_cycles;
  metrics["clock_mhz"] = config.clock.frequency_mhz;
  metrics["energy_pj"] = {{"total", total_pj},
                          {"dynamic", energy.dynamic_pj},
                          {"leakage", energy.leakage_pj},
                          {"per_inference", safe_ratio(total_pj, count)},
                          {"per_sop", safe_ratio(total_pj, sops)}};
  metrics["average_power_mw"] = safe_ratio(total_pj, simulated_ns);
  metrics["leakage_power_mw"] = energy.leakage_mw;
  metrics["area_mm2"] = {{"total", area_mm2}};

  OrderedJson& own = parts.own;
  if (!config.snn.weights_file.empty()) own["weights"] = weights_provenance(config.snn.weights_file);
  // Per-inference distributions, for the plots (decision steps 1..T, latency in cycles).
  std::vector<std::uint64_t> step_counts(config.snn.time_steps, 0);
  for (const double step : decision_steps) {
    if (step >= 1.0 && step <= static_cast<double>(step_counts.size()))
      ++step_counts[static_cast<std::size_t>(step) - 1];
  }
  own["distributions"] = {{"decision_step", {{"first_step", 1}, {"counts", step_counts}}},
                          {"latency_cycles", histogram(latency_cycles, 40)}};
  own["operation_counts"] = {{"time_steps", totals.time_steps},       {"input_spikes", totals.input_spikes},
                             {"active_rows", totals.active_rows},     {"synapse_macs", totals.synapse_macs},
                             {"feedback_macs", totals.feedback_macs}, {"neuron_updates", totals.neuron_updates},
                             {"output_spikes", totals.output_spikes}, {"hidden_spikes", totals.hidden_spikes}};
  own["hardware"] = {{"subarrays", simulation.subarrays},
                     {"row_groups", simulation.row_groups},
                     {"column_groups", simulation.column_groups},
                     {"read_cycles_per_row", simulation.read_cycles},
                     {"mac_cycles_per_row", simulation.mac_cycles_per_row},
                     {"stt_read_latency_ns", simulation.memory.read_latency_ns}};
  const std::map<std::string, double> area_by_category = run.components.area_by_category_mm2();
  const auto noc_area = area_by_category.find("noc");
  const auto noc_energy = energy.dynamic_by_category_pj.find("noc");
  own["chip"] = chip_section(config, simulation, total_pj,
                             noc_energy == energy.dynamic_by_category_pj.end() ? 0.0 : noc_energy->second, area_mm2,
                             noc_area == area_by_category.end() ? 0.0 : noc_area->second);
  const double write_pulses =
      safe_ratio(static_cast<double>(simulation.bits_programmed), simulation.memory.write_switching_probability);
  const chip::LoadingStatistics& loading = simulation.loading;
  double loading_noc_pj = 0.0;
  if (simulation.cores > 1) {
    // Each payload flit is written and read once per router it crosses and crosses each link once.
    const energy::ActionTable& table = run.action_table;
    const double per_flit_hop = table.energy_pj(noc::kActionBufferWrite) + table.energy_pj(noc::kActionBufferRead) +
                                table.energy_pj(noc::kActionCrossbar) + table.energy_pj(noc::kActionLink);
    loading_noc_pj = static_cast<double>(loading.noc_flit_hops) * per_flit_hop;
  }
  const double cells_pj = write_pulses * simulation.memory.write_energy_pj_per_bit;
  own["weight_programming"] = {
      {"bits", simulation.bits_programmed},
      {"expected_write_pulses", write_pulses},
      {"energy_pj", cells_pj + loading_noc_pj},
      {"cell_energy_pj", cells_pj},
      {"noc_energy_pj", loading_noc_pj},
      {"time_ns", loading.time_ns},
      {"cycles", loading.start_cycle},
      {"tlm_transactions", loading.transactions},
      {"rows_written", loading.rows_written},
      {"noc_flits", loading.noc_flits},
      {"noc_flit_hops", loading.noc_flit_hops},
      {"note",
       "one-time loading by the host over TLM-2.0 before inference (write-verify: 1/p pulses per bit, payload "
       "over the NoC from node 0); not in the inference energy or time"}};
  const chip::StreamingStatistics& streaming = simulation.streaming;
  own["host_streaming"] = {
      {"inputs_written", simulation.io.inputs_written},
      {"input_bytes", simulation.io.input_bytes},
      {"decisions_read", simulation.io.decisions_read},
      {"tlm_transactions", streaming.transactions},
      {"input_transfer_cycles", streaming.input_transfer_cycles},
      {"input_wait_cycles", simulation.fabric.input_wait_cycles},
      {"host_wait_cycles", simulation.io.host_wait_cycles},
      {"input_flits", streaming.input_flits},
      {"input_flit_hops", streaming.input_flit_hops},
      {"decision_flits", streaming.decision_flits},
      {"note",
       "the host streams each input vector over TLM-2.0 into the chip's input buffers (2) and reads each "
       "decision back; input_wait_cycles: the chip idle between inferences for want of input (counted in "
       "the simulated time); input flit-hops are in the NoC's actions on a multi-core chip"}};
  const stt::SttFaultConfig& faults = config.stt_faults;
  const stt::SttFaultCounts& injected = simulation.fault_counts;
  own["faults"] = {{"stt",
                    {{"stuck_at_p_rate", faults.stuck_at_p_rate},
                     {"stuck_at_ap_rate", faults.stuck_at_ap_rate},
                     {"write_failure_rate", faults.write_failure_rate},
                     {"read_error_probability", faults.read_error_probability},
                     {"stuck_at_p_cells", injected.stuck_at_p_cells},
                     {"stuck_at_ap_cells", injected.stuck_at_ap_cells},
                     {"write_failures", injected.write_failures},
                     {"corrupted_cells", injected.corrupted_cells},
                     {"cells_programmed", simulation.bits_programmed},
                     {"read_errors", injected.read_errors}}}};
  parts.definitions = {
      {"sop",
       "one synaptic operation: one multiply-accumulate of a stored weight with a basis-filtered spike trace "
       "(w[i,j,k] * (a_k*s_j)(t) for an input j whose window holds a spike, or a feedback MAC)"},
      {"latency",
       "cycles from the start of time step 1 of an inference (its image already in the input cores' "
       "buffers) to the cycle the decision is registered, inclusive: every step's rows, partial-sum and "
       "spike traffic over the NoC, the barrier that keeps the cores in step, and the decision; excludes "
       "host transfer and weight programming"},
      {"simulated_time",
       "inferences back to back from the first one's start: the sum of the latencies plus any "
       "cycles the chip waited for an input"},
      {"gsops", "total SOPs / total simulated time (inferences back to back), in 1e9 SOP/s"},
      {"gsops_per_w", "total SOPs / total energy (dynamic + leakage), in 1e9 SOP/J"},
      {"gsops_per_w_per_mm2", "GSOPS/W divided by the chip's total area (every core of the mesh and the NoC)"},
      {"energy", "sum over actions of count x energy per action + total leakage power x simulated time"},
      {"percentiles", "nearest-rank"}};
  return assemble_report(identity, parts, run, energy);
}

}  // namespace spinaps::report
