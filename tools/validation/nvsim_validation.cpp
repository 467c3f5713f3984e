#include "tools/validation/nvsim_validation.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "hw/core/core_technology.h"
#include "models/config/config_reader.h"
#include "tools/validation/validation_markdown.h"

namespace spinaps::validation {
namespace {

using config::ConfigNode;

/// NVSim's printed figures, grouped as the simulator's model is grouped.
ArrayFigures read_nvsim_figures(ConfigNode figures) {
  ArrayFigures f;
  f.read_latency_ns = figures.real("read_latency_ns", 0.0, 1e6);
  figures.skip("read_latency_components_ns");
  ConfigNode energy = figures.child("read_energy_components_pj");
  f.cell_energy_pj = energy.real("bitline_and_cell", 0.0, 1e9);
  f.sense_energy_pj = energy.real("sense_amplifier", 0.0, 1e9);
  for (const char* part : {"non_h_tree_routing", "predecoder", "row_decoder", "mux_decoder", "precharge"}) {
    f.periphery_energy_pj += energy.real(part, 0.0, 1e9);
  }
  energy.finish();
  (void)figures.real("read_energy_pj", 0.0, 1e9);  // the sum of the parts above, as NVSim prints it
  f.leakage_uw = figures.real("leakage_uw", 0.0, 1e12);
  f.area_um2 = figures.real("area_um2", 0.0, 1e12);
  // NVSim prints the cells' share of the subarray's area ("area efficiency").
  f.cell_area_um2 =
      figures.real("subarray_area_um2", 0.0, 1e12) * figures.real("subarray_cell_area_percent", 0.0, 100.0) / 100.0;
  figures.finish();
  return f;
}

/// The simulator's model of one subarray of `c` (one sense amplifier per column, as NVSim was forced).
ArrayFigures spinaps_figures(const NvsimCase& c, const std::string& tech_data_dir) {
  tech::TechnologyConfig technology;
  technology.node_nm = c.node_nm;
  technology.stt_cell = c.cell;
  technology.data_dir = tech_data_dir;
  core::CoreSizes sizes;
  sizes.subarrays.rows = c.rows;
  sizes.subarrays.cols = c.cols;
  sizes.subarrays.count = 1;
  sizes.subarrays.sense_amps_per_subarray = c.sense_amps;
  const core::CoreTechnology model = core::build_core_technology(technology, sizes);
  ArrayFigures f;
  f.read_latency_ns = model.memory.read_latency_ns;
  f.cell_energy_pj = model.actions.energy_pj(stt::kActionCellReadBit) * c.cols;
  f.sense_energy_pj = model.actions.energy_pj(stt::kActionSenseAmpSense) * c.sense_amps;
  f.periphery_energy_pj = model.actions.energy_pj(stt::kActionRowActivation);
  for (const energy::ComponentCost& part : model.components.all()) {
    if (part.category != "synapse_array" && part.category != "sense_amps" && part.category != "periphery") continue;
    f.area_um2 += part.area_mm2 * 1e6;
    if (part.category == "synapse_array") f.cell_area_um2 += part.area_mm2 * 1e6;
    f.leakage_uw += part.leakage_mw * 1e3;
  }
  return f;
}

/// "NVSim / spinaps (spinaps / NVSim)".
std::string pair(const char* pattern, double nvsim, double spinaps) {
  return format(pattern, nvsim) + " / " + format(pattern, spinaps) + " (" + times(spinaps / nvsim) + ")";
}

double deviation(double nvsim, double spinaps) { return std::abs(spinaps / nvsim - 1.0); }

}  // namespace

NvsimComparison compare_with_nvsim(const std::string& reference_file, const std::string& tech_data_dir) {
  const config::Json document = config::read_json_file(reference_file);
  ConfigNode root(document, reference_file, "");
  NvsimComparison result;
  result.reference_file = reference_file;
  result.nvsim_commit = root.text("nvsim_commit");
  result.build_command = root.text("build_command");
  result.node_note = root.text("node_note");
  for (const char* key : {"description", "source", "cell_files", "cell_derivation"}) root.skip(key);
  root.skip("runs");
  root.finish();
  const config::Json& runs = document.at("runs");
  for (std::size_t n = 0; n < runs.size(); ++n) {
    ConfigNode run(runs[n], reference_file, "runs[" + std::to_string(n) + "]");
    NvsimCase c;
    c.id = run.text("id");
    c.purpose = run.text("purpose");
    c.cell = run.text("spinaps_cell");
    c.node_nm = run.real("node_nm", 1.0, 1000.0);
    c.rows = static_cast<unsigned>(run.integer("rows", 8, 4096));
    c.cols = static_cast<unsigned>(run.integer("cols", 8, 4096));
    c.sense_amps = static_cast<unsigned>(run.integer("sense_amps", 1, 4096));
    c.anchor = run.boolean_or("anchor", false);
    for (const char* key : {"nvsim_cell_file", "command", "config"}) run.skip(key);
    ConfigNode figures = run.child("figures");
    c.nvsim = read_nvsim_figures(figures);
    const config::Json& latency = runs[n].at("figures").at("read_latency_components_ns");
    c.nvsim_sense_latency_ns = latency.at("sense_amplifier").get<double>();
    c.nvsim_decoder_latency_ns = latency.at("row_decoder").get<double>() + latency.at("predecoder").get<double>();
    c.nvsim_precharge_latency_ns = latency.at("precharge").get<double>();
    run.finish();
    c.spinaps = spinaps_figures(c, tech_data_dir);
    result.cases.push_back(c);
  }
  return result;
}

std::string render_nvsim_comparison(const NvsimComparison& comparison, const std::string& default_cell,
                                    double default_node_nm) {
  std::ostringstream out;
  out << "Inputs: " << code(comparison.reference_file) << ": NVSim commit " << code(comparison.nvsim_commit)
      << ", built with " << code(comparison.build_command) << "; the file holds each run's exact " << code(".cfg")
      << " and " << code(".cell") << " contents and command. Every run is one subarray (rows x columns below) with one "
      << "sense amplifier per column, RAM, HP devices, 350 K, non-H-tree routing, as in docs/technology.md. The "
      << "simulator's figures are its own array model (" << code("build_core_technology") << " with one subarray) for "
      << "the same cell, node and shape. " << comparison.node_note << "\n\n"
      << "Each cell: NVSim / spinaps (spinaps / NVSim). Energy is one row read; area and leakage are the subarray "
      << "with its sense amplifiers, decoders, precharge and predecoder.\n\n";
  MarkdownTable table({"case", "cell", "node (nm)", "rows x cols", "read latency (ns)", "read energy (pJ)",
                       "area (um2)", "leakage (uW)"},
                      4);
  const NvsimCase* main_case = nullptr;
  const NvsimCase* anchor = nullptr;
  for (const NvsimCase& c : comparison.cases) {
    table.add_row({c.id, code(c.cell), format("%g", c.node_nm), std::to_string(c.rows) + " x " + std::to_string(c.cols),
                   pair("%.3f", c.nvsim.read_latency_ns, c.spinaps.read_latency_ns),
                   pair("%.2f", c.nvsim.read_energy_pj(), c.spinaps.read_energy_pj()),
                   pair("%.0f", c.nvsim.area_um2, c.spinaps.area_um2),
                   pair("%.1f", c.nvsim.leakage_uw, c.spinaps.leakage_uw)});
    if (c.cell == default_cell && c.node_nm == default_node_nm && main_case == nullptr) main_case = &c;
    if (c.anchor && anchor == nullptr) anchor = &c;
  }
  out << table.render() << "\n";
  for (const NvsimCase& c : comparison.cases) out << "- " << code(c.id) << ": " << c.purpose << ".\n";
  out << "\n";
  if (anchor != nullptr) {
    out << "**Consistency.** At " << code(anchor->id) << " the simulator's periphery data are NVSim's own output for "
        << "this very configuration (array_periphery.json), so agreement there checks the bookkeeping, not the model: "
        << "latency and energy agree within "
        << format("%.2f", 100.0 * std::max(deviation(anchor->nvsim.read_latency_ns, anchor->spinaps.read_latency_ns),
                                           deviation(anchor->nvsim.read_energy_pj(), anchor->spinaps.read_energy_pj())))
        << " %, leakage within "
        << format("%.2f", 100.0 * deviation(anchor->nvsim.leakage_uw, anchor->spinaps.leakage_uw))
        << " %; the simulator's area is " << format("%.0f", std::abs(anchor->nvsim.area_um2 - anchor->spinaps.area_um2))
        << " um2 (" << format("%.2f", 100.0 * deviation(anchor->nvsim.area_um2, anchor->spinaps.area_um2)) << " %) "
        << (anchor->spinaps.area_um2 <= anchor->nvsim.area_um2 ? "smaller" : "larger")
        << ": it sums the components it counts (cells, sense amplifiers, row decoder, precharge, predecoder), while "
        << "NVSim's subarray is the outline that holds them.\n\n";
  }
  if (main_case == nullptr) return out.str();
  const NvsimCase& c = *main_case;
  out << "**The default configuration** (" << code(c.id) << ") part by part:\n\n";
  MarkdownTable parts({"part", "NVSim", "spinaps", "spinaps / NVSim"});
  auto row = [&parts](const std::string& label, const char* pattern, double nvsim, double spinaps) {
    parts.add_row({label, format(pattern, nvsim), format(pattern, spinaps), times(spinaps / nvsim)});
  };
  row("read latency (ns)", "%.3f", c.nvsim.read_latency_ns, c.spinaps.read_latency_ns);
  row("read energy: bitline and cells (pJ)", "%.2f", c.nvsim.cell_energy_pj, c.spinaps.cell_energy_pj);
  row("read energy: sense amplifiers (pJ)", "%.2f", c.nvsim.sense_energy_pj, c.spinaps.sense_energy_pj);
  row("read energy: decoders, precharge, routing (pJ)", "%.2f", c.nvsim.periphery_energy_pj,
      c.spinaps.periphery_energy_pj);
  row("read energy: total (pJ)", "%.2f", c.nvsim.read_energy_pj(), c.spinaps.read_energy_pj());
  row("area: cells (um2)", "%.0f", c.nvsim.cell_area_um2, c.spinaps.cell_area_um2);
  row("area: everything else (um2)", "%.0f", c.nvsim.area_um2 - c.nvsim.cell_area_um2,
      c.spinaps.area_um2 - c.spinaps.cell_area_um2);
  row("leakage (uW)", "%.1f", c.nvsim.leakage_uw, c.spinaps.leakage_uw);
  out << parts.render() << "\n**What each model includes, and why they differ:**\n\n"
      << "- *Read latency* " << times(c.spinaps.read_latency_ns / c.nvsim.read_latency_ns)
      << ": the simulator uses the ISSCC'18 macro's measured read access time (a whole 1 Mb macro, its I/O included), "
      << "scaled to other nodes with the Stillmaker & Baas delay factor. NVSim adds up one subarray's path: "
      << "predecoder and row decoder " << format("%.3f", c.nvsim_decoder_latency_ns) << " ns, sense amplifier "
      << format("%.3f", c.nvsim_sense_latency_ns) << " ns (an HSPICE constant per node in NVSim's SenseAmp.cpp), "
      << "bitline and output routing "
      << format("%.3f", c.nvsim.read_latency_ns - c.nvsim_decoder_latency_ns - c.nvsim_sense_latency_ns)
      << " ns; its precharge (" << format("%.3f", c.nvsim_precharge_latency_ns)
      << " ns) precedes the access and is not in the read latency.\n"
      << "- *Bitline and cell energy* " << times(c.spinaps.cell_energy_pj / c.nvsim.cell_energy_pj)
      << ": the simulator takes the macro's measured read energy per bit times NVSim's 45 nm cell share "
      << "(stt_cells.json) and does not scale it; NVSim charges 2 x read power x sense time per column (a reference "
      << "cell beside every read cell), so its figure follows its sense-amplifier latency. The cell's read power and "
      << "resistances in the NVSim run are NVSim's sample values (the paper gives none), so this row compares a "
      << "measurement with a model of another MTJ.\n"
      << "- *Sense amplifiers and periphery* " << times(c.spinaps.sense_energy_pj / c.nvsim.sense_energy_pj) << " and "
      << times(c.spinaps.periphery_energy_pj / c.nvsim.periphery_energy_pj)
      << ": the simulator scales NVSim's 45 nm figures with the Stillmaker & Baas energy factor; NVSim uses its own "
      << "device table and HSPICE sense-amplifier energies for the node.\n"
      << "- *Area*: cells " << times(c.spinaps.cell_area_um2 / c.nvsim.cell_area_um2)
      << " (both count the cell's F^2 at the node); the rest "
      << times((c.spinaps.area_um2 - c.spinaps.cell_area_um2) / (c.nvsim.area_um2 - c.nvsim.cell_area_um2))
      << ": the simulator scales NVSim's 45 nm periphery areas with the Stillmaker & Baas area factor, NVSim sizes "
      << "the periphery again for the node and adds its subarray outline.\n"
      << "- *Leakage* " << times(c.spinaps.leakage_uw / c.nvsim.leakage_uw)
      << ": neither model charges MTJ cells; the simulator scales NVSim's 45 nm periphery leakage with the energy "
      << "factor (Accelergy's rule), NVSim uses the off-state currents of its device table for the node at 350 K.\n\n";
  return out.str();
}

}  // namespace spinaps::validation
