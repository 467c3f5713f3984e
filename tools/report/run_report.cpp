#include "tools/report/run_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "hw/noc/noc_actions.h"

namespace spinaps::report {
namespace {

// Categories in the order the report lists them.
const std::vector<std::string> kEnergyCategories = {"synapse_array", "sense_amps", "periphery", "spike_trace",
                                                    "neuron_logic",  "rng",        "control"};

double safe_ratio(double numerator, double denominator) { return denominator > 0.0 ? numerator / denominator : 0.0; }

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

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size(), std::max<std::size_t>(rank, 1)) - 1];
}

OrderedJson summarise(const std::vector<double>& values) {
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  OrderedJson summary;
  summary["mean"] = safe_ratio(sum, static_cast<double>(values.size()));
  summary["p50"] = percentile(values, 50.0);
  summary["p99"] = percentile(values, 99.0);
  summary["max"] = values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
  return summary;
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

OrderedJson histogram(const std::vector<double>& values, std::size_t max_bins) {
  const double largest = values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
  double width = 1.0;
  // The smallest 1-2-5 x 10^k width that covers [0, largest] in at most max_bins bins.
  for (double decade = 1.0; largest / width >= static_cast<double>(max_bins); decade *= 10.0) {
    for (const double step : {1.0, 2.0, 5.0}) {
      width = step * decade;
      if (largest / width < static_cast<double>(max_bins)) break;
    }
  }
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(largest / width) + 1, 0);
  for (const double value : values) ++counts[static_cast<std::size_t>(std::max(0.0, value) / width)];
  return {{"bin_width", width}, {"counts", counts}};
}

OrderedJson build_run_report(const chip::ChipConfig& config, const chip::SimulationResult& simulation,
                             const std::string& dataset_description, const std::string& command_line,
                             const CommandLineInputs& inputs) {
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
    latency_ns.push_back(static_cast<double>(record.latency_cycles()) * simulation.period_ns);
    decision_steps.push_back(record.result.decision_step);
    totals += record.result.counts;
    correct += record.result.decision == record.label ? 1 : 0;
    decided_by_spike += record.result.decided_by_spike ? 1 : 0;
  }
  const double simulated_ns = static_cast<double>(simulation.total_cycles) * simulation.period_ns;
  const auto sops = static_cast<double>(totals.sops());

  // Energy: dynamic = sum over actions of count x energy per action; leakage = power x time.
  const tech::TechnologyModel& technology = simulation.technology;
  std::map<std::string, double> energy_by_category;
  for (const auto& category : kEnergyCategories) energy_by_category[category] = 0.0;
  OrderedJson actions = OrderedJson::object();
  for (const auto& [action, action_count] : simulation.actions.all()) {
    const tech::ActionEnergy& entry = technology.energy_per_action.at(action);
    const double energy_pj = static_cast<double>(action_count) * entry.energy_pj;
    energy_by_category[entry.category] += energy_pj;
    actions[action] = {{"count", action_count},
                       {"energy_pj_per_action", entry.energy_pj},
                       {"energy_pj", energy_pj},
                       {"category", entry.category}};
  }
  const double leakage_mw = technology.total_leakage_mw();
  const double leakage_pj = leakage_mw * simulated_ns;  // mW x ns = pJ
  OrderedJson energy_breakdown = OrderedJson::object();
  double dynamic_pj = 0.0;
  for (const auto& category : kEnergyCategories) {
    energy_breakdown[category] = energy_by_category[category];
    dynamic_pj += energy_by_category[category];
  }
  for (const auto& [category, value] : energy_by_category) {
    if (std::find(kEnergyCategories.begin(), kEnergyCategories.end(), category) == kEnergyCategories.end()) {
      energy_breakdown[category] = value;  // a category the table added beyond the known ones
      dynamic_pj += value;
    }
  }
  energy_breakdown["leakage"] = leakage_pj;
  const double total_pj = dynamic_pj + leakage_pj;

  OrderedJson area_breakdown = OrderedJson::object();
  OrderedJson area_components = OrderedJson::array();
  for (const auto& area : technology.areas) {
    area_breakdown[area.category] = area_breakdown.value(area.category, 0.0) + area.area_mm2;
    area_components.push_back({{"component", area.component},
                               {"category", area.category},
                               {"area_mm2", area.area_mm2},
                               {"derivation", area.derivation}});
  }
  const double area_mm2 = technology.total_area_mm2();
  OrderedJson leakage_components = OrderedJson::array();
  for (const auto& leak : technology.leakage) {
    leakage_components.push_back({{"component", leak.component},
                                  {"category", leak.category},
                                  {"leakage_mw", leak.leakage_mw},
                                  {"derivation", leak.derivation}});
  }

  const double gsops = safe_ratio(sops, simulated_ns);          // SOP per ns = 1e9 SOP/s
  const double gsops_per_w = safe_ratio(sops, total_pj) * 1e3;  // SOP/pJ = 1e12 SOP/J -> /1e9
  OrderedJson report;
  report["schema"] = "spinaps-run-report";
  report["schema_version"] = kRunReportSchemaVersion;
  report["tool"] = tool_provenance();
  report["command"] = command_line;
  report["config"] = {{"name", config.name},
                      {"file", config.file},
                      {"hash_fnv1a64", fnv1a_hex(config.document.dump())},
                      {"effective", config.document},
                      {"parameter_sources", parameter_sources(config, inputs)}};
  if (!config.snn.weights_file.empty()) report["weights"] = weights_provenance(config.snn.weights_file);
  report["seed"] = config.seed;
  report["workload"] = {{"dataset", config.workload.dataset},
                        {"split", config.workload.split},
                        {"description", dataset_description},
                        {"samples", inferences.size()}};
  report["accuracy"] = safe_ratio(static_cast<double>(correct), count);
  OrderedJson metrics;
  metrics["inferences"] = inferences.size();
  metrics["correct"] = correct;
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
  metrics["cycles"] = simulation.total_cycles;
  metrics["clock_mhz"] = config.clock.frequency_mhz;
  metrics["energy_pj"] = {{"total", total_pj},
                          {"dynamic", dynamic_pj},
                          {"per_inference", safe_ratio(total_pj, count)},
                          {"per_sop", safe_ratio(total_pj, sops)},
                          {"breakdown", energy_breakdown}};
  metrics["average_power_mw"] = safe_ratio(total_pj, simulated_ns);
  metrics["leakage_power_mw"] = leakage_mw;
  metrics["area_mm2"] = {{"total", area_mm2}, {"breakdown", area_breakdown}};
  report["metrics"] = metrics;
  // Per-inference distributions, for the plots (decision steps 1..T, latency in cycles).
  std::vector<std::uint64_t> step_counts(config.snn.time_steps, 0);
  for (const double step : decision_steps) {
    if (step >= 1.0 && step <= static_cast<double>(step_counts.size()))
      ++step_counts[static_cast<std::size_t>(step) - 1];
  }
  report["distributions"] = {{"decision_step", {{"first_step", 1}, {"counts", step_counts}}},
                             {"latency_cycles", histogram(latency_cycles, 40)}};
  report["operation_counts"] = {{"time_steps", totals.time_steps},       {"input_spikes", totals.input_spikes},
                                {"active_rows", totals.active_rows},     {"synapse_macs", totals.synapse_macs},
                                {"feedback_macs", totals.feedback_macs}, {"neuron_updates", totals.neuron_updates},
                                {"output_spikes", totals.output_spikes}, {"hidden_spikes", totals.hidden_spikes}};
  report["actions"] = actions;
  report["hardware"] = {{"subarrays", simulation.subarrays},
                        {"row_groups", simulation.row_groups},
                        {"column_groups", simulation.column_groups},
                        {"read_cycles_per_row", simulation.read_cycles},
                        {"mac_cycles_per_row", simulation.mac_cycles_per_row},
                        {"stt_read_latency_ns", technology.stt_read_latency_ns},
                        {"area_components", area_components},
                        {"leakage_components", leakage_components}};
  report["chip"] = chip_section(config, simulation, total_pj, energy_breakdown.value("noc", 0.0), area_mm2,
                                area_breakdown.value("noc", 0.0));
  const double write_pulses =
      safe_ratio(static_cast<double>(simulation.bits_programmed), technology.stt_write_switching_probability);
  const chip::LoadingStatistics& loading = simulation.loading;
  double loading_noc_pj = 0.0;
  if (simulation.cores > 1) {
    // Each payload flit is written and read once per router it crosses and crosses each link once.
    const double per_flit_hop = technology.energy_pj(noc::kActionBufferWrite) +
                                technology.energy_pj(noc::kActionBufferRead) +
                                technology.energy_pj(noc::kActionCrossbar) + technology.energy_pj(noc::kActionLink);
    loading_noc_pj = static_cast<double>(loading.noc_flit_hops) * per_flit_hop;
  }
  const double cells_pj = write_pulses * technology.stt_write_energy_pj_per_bit;
  report["weight_programming"] = {
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
  report["host_streaming"] = {
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
  report["faults"] = {{"stt",
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
  report["definitions"] = {
      {"sop",
       "one synaptic operation: one multiply-accumulate of a stored weight with a basis-filtered spike trace "
       "(w[i,j,k] * (a_k*s_j)(t) for an input j whose window holds a spike, or a feedback MAC)"},
      {"latency",
       "cycles from the start of time step 1 of an inference (its image already in the input cores' "
       "buffers) to the cycle the decision is registered, inclusive: every step's rows, partial-sum and "
       "spike traffic over the NoC, the barrier that keeps the cores in step, and the decision; excludes "
       "host transfer and weight programming"},
      {"gsops", "total SOPs / total simulated time (inferences back to back), in 1e9 SOP/s"},
      {"gsops_per_w", "total SOPs / total energy (dynamic + leakage), in 1e9 SOP/J"},
      {"gsops_per_w_per_mm2", "GSOPS/W divided by the chip's total area (every core of the mesh and the NoC)"},
      {"energy", "sum over actions of count x energy per action + total leakage power x simulated time"},
      {"percentiles", "nearest-rank"}};
  report["parameters"] = technology.parameters_used;
  return report;
}

}  // namespace spinaps::report
