// The human-readable form of a SpinAPS report: the headline figures, the breakdowns with shares,
// the hardware, and the multi-core chip's mapping and NoC traffic.
#include <sstream>
#include <string>

#include "tools/report/report_table.h"
#include "tools/report/spinaps_report.h"

namespace spinaps::report {
namespace {

using table::format;
using table::line;

/// The multi-core part: mapping, synchronisation and NoC traffic.
std::string chip_lines(const OrderedJson& chip) {
  std::ostringstream out;
  const OrderedJson& mapping = chip["mapping"];
  out << "  chip: " << chip["cores_used"].get<int>() << " of " << chip["cores"].get<int>() << " cores used on a "
      << mapping["mesh"].get<std::string>() << " mesh, " << mapping["placement"].get<std::string>() << " placement\n";
  std::size_t layer_index = 0;
  for (const OrderedJson& layer : mapping["layers"]) {
    out << "    layer " << layer_index << " (" << layer["inputs"].get<int>() << " -> " << layer["neurons"].get<int>()
        << "): " << layer["row_blocks"].get<int>() << " row x " << layer["column_blocks"].get<int>()
        << " column blocks on";
    for (const OrderedJson& part : mapping["partitions"]) {
      if (part["layer"].get<std::size_t>() == layer_index) {
        out << " (" << part["mesh_row"].get<int>() << "," << part["mesh_col"].get<int>() << ")";
      }
    }
    out << "\n";
    ++layer_index;
  }
  const OrderedJson& sync = chip["synchronisation"];
  out << "  barrier: " << sync["barrier_cycles_per_step"].get<std::uint64_t>() << " cycles per step, "
      << sync["barriers"].get<std::uint64_t>() << " barriers, " << sync["barrier_wait_cycles"].get<std::uint64_t>()
      << " cycles waited (" << sync["drain_wait_cycles"].get<std::uint64_t>() << " for the NoC to drain)\n";
  const OrderedJson& noc = chip["noc"];
  out << "  NoC (" << noc["routing"].get<std::string>() << ", " << noc["fan_out"].get<std::string>() << ", "
      << noc["flit_bits"].get<int>() << "-bit flits, " << format("%.3f", noc["link_length_mm"].get<double>())
      << " mm links): " << noc["packets_injected"].get<std::uint64_t>() << " packets ("
      << noc["partial_sum_packets"].get<std::uint64_t>() << " partial sums, "
      << noc["spike_packets"].get<std::uint64_t>() << " spikes, " << noc["output_spike_packets"].get<std::uint64_t>()
      << " output spikes), " << noc["flit_hops"].get<std::uint64_t>() << " flit-hops\n";
  out << "    packet latency mean/p99 " << format("%.1f", noc["latency_cycles"]["mean"].get<double>()) << " / "
      << noc["latency_cycles"]["p99"].get<std::uint64_t>() << " cycles; busiest link "
      << noc["busiest_link"]["name"].get<std::string>() << " at "
      << format("%.2f %%", 100.0 * noc["busiest_link"]["utilisation"].get<double>()) << "; NoC "
      << format("%.1f %%", 100.0 * noc["energy_share"].get<double>()) << " of energy, "
      << format("%.1f %%", 100.0 * noc["area_share"].get<double>()) << " of area\n";
  return out.str();
}

}  // namespace

std::string format_spinaps_report(const OrderedJson& report) {
  const OrderedJson& metrics = report["metrics"];
  const OrderedJson& own = report["spinaps"];
  std::ostringstream out;
  out << "spinaps run report: " << report["config"]["name"].get<std::string>() << "\n";
  out << "  workload: " << report["workload"]["description"].get<std::string>() << ", split "
      << report["workload"]["split"].get<std::string>() << ", " << report["workload"]["samples"].get<std::size_t>()
      << " inferences, seed " << report["seed"].get<std::uint64_t>() << "\n\n";
  line(out, "accuracy", format("%.2f %%", 100.0 * metrics["accuracy"].get<double>()));
  line(out, "decision time step (mean/p50/p99)",
       format("%.2f", metrics["decision_step"]["mean"].get<double>()) + " / " +
           format("%.0f", metrics["decision_step"]["p50"].get<double>()) + " / " +
           format("%.0f", metrics["decision_step"]["p99"].get<double>()));
  line(out, "decided by a spike", format("%.1f %%", 100.0 * metrics["spike_decided_fraction"].get<double>()));
  line(out, "latency cycles (mean/p50/p99)",
       format("%.1f", metrics["latency_cycles"]["mean"].get<double>()) + " / " +
           format("%.0f", metrics["latency_cycles"]["p50"].get<double>()) + " / " +
           format("%.0f", metrics["latency_cycles"]["p99"].get<double>()));
  line(out, "latency ns (mean/p50/p99)",
       format("%.1f", metrics["latency_ns"]["mean"].get<double>()) + " / " +
           format("%.1f", metrics["latency_ns"]["p50"].get<double>()) + " / " +
           format("%.1f", metrics["latency_ns"]["p99"].get<double>()));
  line(out, "synaptic operations (SOPs)",
       format("%.0f", metrics["sops"].get<double>()) +
           format("  (%.0f per inference)", metrics["sops_per_inference"].get<double>()));
  line(out, "GSOPS", format("%.4g", metrics["gsops"].get<double>()));
  line(out, "GSOPS/W", format("%.4g", metrics["gsops_per_w"].get<double>()));
  line(out, "GSOPS/W/mm2", format("%.4g", metrics["gsops_per_w_per_mm2"].get<double>()));
  line(out, "energy per inference",
       format("%.2f pJ", metrics["energy_pj"]["per_inference"].get<double>()) +
           format("  (%.3f pJ/SOP)", metrics["energy_pj"]["per_sop"].get<double>()));
  line(out, "average power", format("%.3f mW", metrics["average_power_mw"].get<double>()));
  out << "\n";
  table::breakdowns(out, report, 1.0, "total");
  out << "\n";
  const OrderedJson& hardware = own["hardware"];
  out << "  " << hardware["subarrays"].get<int>() << " STT-RAM subarrays (" << hardware["row_groups"].get<int>()
      << " row groups x " << hardware["column_groups"].get<int>() << " column groups), "
      << hardware["read_cycles_per_row"].get<int>() << " cycles per row read, "
      << hardware["mac_cycles_per_row"].get<int>() << " MAC cycles per row, "
      << format("%.0f", metrics["clock_mhz"].get<double>()) << " MHz\n";
  if (own.contains("chip") && own["chip"]["cores"].get<int>() > 1) out << chip_lines(own["chip"]);
  if (own.contains("host_streaming")) {
    const OrderedJson& stream = own["host_streaming"];
    out << "  host stream (TLM-2.0): " << stream["inputs_written"].get<std::uint64_t>() << " inputs in, "
        << stream["decisions_read"].get<std::uint64_t>() << " decisions out; "
        << stream["input_transfer_cycles"].get<std::uint64_t>() << " cycles per input transfer; chip waited "
        << stream["input_wait_cycles"].get<std::uint64_t>() << " cycles for input\n";
  }
  if (own.contains("faults")) {
    const OrderedJson& stt = own["faults"]["stt"];
    const auto injected = stt["stuck_at_p_cells"].get<std::uint64_t>() + stt["stuck_at_ap_cells"].get<std::uint64_t>() +
                          stt["write_failures"].get<std::uint64_t>() + stt["read_errors"].get<std::uint64_t>();
    if (injected > 0) {
      out << "  STT faults: " << stt["stuck_at_p_cells"].get<std::uint64_t>() << " cells stuck at P, "
          << stt["stuck_at_ap_cells"].get<std::uint64_t>() << " stuck at AP, "
          << stt["write_failures"].get<std::uint64_t>() << " failed writes ("
          << stt["corrupted_cells"].get<std::uint64_t>() << " of " << stt["cells_programmed"].get<std::uint64_t>()
          << " cells hold a wrong bit), " << stt["read_errors"].get<std::uint64_t>() << " read errors\n";
    }
  }
  return out.str();
}

}  // namespace spinaps::report
