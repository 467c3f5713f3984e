#include "hw/stt/synapse_array_technology.h"

#include "models/tech/tech_data.h"

namespace spinaps::stt {
namespace {

using tech::format_number;

constexpr const char* kCellsSource = "models/tech/stt_cells.json";
constexpr const char* kSramSource = "models/tech/sram_cells.json";
constexpr const char* kPeripherySource = "models/tech/array_periphery.json (NVSim)";

struct Builder {
  const SubarrayShape& z;
  const tech::PeripheryData& per;
  tech::Scaler& sc;
  energy::ActionTable& actions;
  energy::ComponentTable& components;
  MemoryTiming timing;

  [[nodiscard]] double ratio(const tech::ScaledPart& part) const {
    return tech::size_ratio(part.rule, z.rows, z.cols, per.reference_rows, per.reference_cols);
  }
  void component(const std::string& name, const std::string& category, double um2, double uw,
                 const std::string& area_derivation, const std::string& leakage_derivation) {
    components.add(
        {name, category, um2 * 1e-6, uw * 1e-3, "area: " + area_derivation + "; leakage: " + leakage_derivation});
  }
  void log_cell_area(const std::string& id, double f2, double cell_um2) {
    sc.log().note(id, {{"value", cell_um2},
                       {"unit", "um^2"},
                       {"derivation", format_number(f2) + " F^2 x (" + format_number(sc.node()) +
                                          " nm)^2; F^2 count kept at every node"}});
  }

  void stt_cells(const tech::SttCellData& cell) {
    const double rows = z.rows, cols = z.cols, count = z.count;
    actions.add(
        kActionCellReadBit,
        {sc.unscaled(cell.read_energy_pj_per_bit, "MTJ read energy is set by the MTJ"), "bit read", "synapse_array",
         "cell + bitline share of one bit read of cell '" + cell.name + "' (stt_cells.json)", kCellsSource});
    const double f_nm = sc.node();
    const double cell_um2 =
        sc.unscaled(cell.cell_area_f2, "F^2 count kept; cell area = F^2 x (node)^2") * (f_nm * 1e-3) * (f_nm * 1e-3);
    log_cell_area("derived:stt_cell_area_um2", cell.cell_area_f2.value, cell_um2);
    component("stt_cells", "synapse_array", count * rows * cols * cell_um2, 0.0,
              format_number(count) + " x " + format_number(rows) + " x " + format_number(cols) + " cells x " +
                  format_number(cell.cell_area_f2.value) + " F^2 x (" + format_number(f_nm) +
                  " nm)^2; no array-efficiency overhead (periphery counted separately)",
              "non-volatile MTJs; unselected 1T-1MTJ access transistors have bitline and source line at the same "
              "potential, so no leakage is charged (NVSim SubArray.cpp also sets MRAM cell leakage to 0)");
    timing.read_latency_ns = sc.delay(cell.read_latency_ns);
    timing.write_latency_ns = sc.unscaled(cell.write_latency_ns, "MTJ switching pulse");
    timing.write_energy_pj_per_bit = sc.unscaled(cell.write_energy_pj_per_bit, "MTJ switching energy");
    timing.write_switching_probability = sc.unscaled(cell.write_switching_probability, "device property");
  }

  /// SRAM cells are all CMOS: read/write energy and leakage scale with the energy factor, latency
  /// with the delay factor, and every cell leaks. The action keeps its stt.* name so reports of
  /// both memories have the same keys.
  void sram_cells(const tech::SramCellData& sram) {
    const double rows = z.rows, cols = z.cols, count = z.count;
    actions.add(kActionCellReadBit,
                {sc.energy(sram.read_energy_pj_per_bit), "bit read", "synapse_array",
                 "cell + bitline share of one bit read of SRAM cell '" + sram.name + "' (sram_cells.json), scaled " +
                     format_number(sram.reference_node_nm) + " -> " + format_number(sc.node()) + " nm",
                 kSramSource});
    const double f_nm = sc.node();
    const double cell_um2 =
        sc.unscaled(sram.cell_area_f2, "F^2 count kept; cell area = F^2 x (node)^2") * (f_nm * 1e-3) * (f_nm * 1e-3);
    log_cell_area("derived:sram_cell_area_um2", sram.cell_area_f2.value, cell_um2);
    const double cells = count * rows * cols;
    component("sram_cells", "synapse_array", cells * cell_um2, cells * sc.leakage(sram.leakage_uw_per_bit),
              format_number(count) + " x " + format_number(rows) + " x " + format_number(cols) + " SRAM cells x " +
                  format_number(sram.cell_area_f2.value) + " F^2 x (" + format_number(f_nm) +
                  " nm)^2; no array-efficiency overhead (periphery counted separately)",
              format_number(cells) +
                  " SRAM cells x NVSim cell leakage (sram_cells.json), scaled with the energy "
                  "factor");
    timing.read_latency_ns = sc.delay(sram.read_latency_ns);
    timing.write_latency_ns = sc.delay(sram.write_latency_ns);
    timing.write_energy_pj_per_bit = sc.energy(sram.write_energy_pj_per_bit);
    timing.write_switching_probability = 1.0;  // a CMOS latch write does not fail stochastically
  }

  void periphery() {
    const double rows = z.rows, cols = z.cols, count = z.count;
    actions.add(kActionSenseAmpSense,
                {sc.energy(per.sense_energy_pj), "sense", "sense_amps",
                 "NVSim sense amplifier energy per decision, scaled " + format_number(per.reference_node_nm) + " -> " +
                     format_number(sc.node()) + " nm",
                 kPeripherySource});
    const double e_pre = sc.energy(per.predecoder_energy_pj.value) * ratio(per.predecoder_energy_pj);
    const double e_row = sc.energy(per.row_decoder_energy_pj.value) * ratio(per.row_decoder_energy_pj);
    const double e_mux = sc.energy(per.mux_decoder_energy_pj.value) * ratio(per.mux_decoder_energy_pj);
    const double e_chg = sc.energy(per.precharge_energy_pj.value) * ratio(per.precharge_energy_pj);
    const double e_out = sc.energy(per.routing_energy_pj.value) * ratio(per.routing_energy_pj);
    actions.add(
        kActionRowActivation,
        {e_pre + e_row + e_mux + e_chg + e_out, "row read of one subarray", "periphery",
         "one row read of one " + format_number(rows) + "x" + format_number(cols) + " subarray: predecoder " +
             format_number(e_pre) + " + row decoder/wordline " + format_number(e_row) + " + column mux decoder " +
             format_number(e_mux) + " + precharge " + format_number(e_chg) + " + output routing " +
             format_number(e_out) + " pJ (NVSim components, size rules in array_periphery.json)",
         kPeripherySource});
    const double sa = count * z.sense_amps_per_subarray;
    component("sense_amps", "sense_amps", sa * sc.area(per.sense_area_um2), sa * sc.leakage(per.sense_leakage_uw),
              format_number(sa) + " sense amplifiers x NVSim area", format_number(sa) + " x NVSim leakage");
    const double per_um2 = rows * sc.area(per.row_decoder_area_um2_per_row) +
                           cols * sc.area(per.precharge_area_um2_per_col) +
                           sc.area(per.predecoder_area_um2.value) * ratio(per.predecoder_area_um2) +
                           sc.area(per.mux_decoder_area_um2.value) * ratio(per.mux_decoder_area_um2);
    const double per_uw = rows * sc.leakage(per.row_decoder_leakage_uw_per_row) +
                          cols * sc.leakage(per.precharge_leakage_uw_per_col) +
                          sc.leakage(per.predecoder_leakage_uw.value) * ratio(per.predecoder_leakage_uw) +
                          sc.leakage(per.mux_decoder_leakage_uw.value) * ratio(per.mux_decoder_leakage_uw);
    component("decoders_drivers_precharge", "periphery", count * per_um2, count * per_uw,
              format_number(count) +
                  " subarrays x (rows x row-decoder area/row + cols x precharge area/col + predecoder + mux decoder)",
              "same composition as the area, NVSim leakages");
    (void)sc.delay(per.sense_latency_ns);
    (void)sc.delay(per.row_decoder_latency_ns);
    (void)sc.delay(per.precharge_latency_ns);
  }
};

}  // namespace

MemoryTiming add_synapse_array(const tech::TechnologyConfig& config, const SubarrayShape& shape, tech::Scaler& scaler,
                               energy::ActionTable& actions, energy::ComponentTable& components) {
  const bool use_sram = config.memory == "sram";
  if (use_sram) {
    scaler.log().note("memory", {{"memory", "sram"},
                                 {"sram_cell", config.sram_cell},
                                 {"note", "SRAM baseline: only the synapse cells differ from the STT design"}});
  }
  // Only the selected cell is read, so parameters_used lists just the numbers this run used.
  tech::SttCellData cell;
  tech::SramCellData sram;
  if (use_sram) {
    sram = tech::load_sram_cell(config.data_dir, config.sram_cell, scaler.log());
  } else {
    cell = tech::load_stt_cell(config.data_dir, config.stt_cell, scaler.log());
  }
  const tech::PeripheryData periphery = tech::load_periphery(config.data_dir, scaler.log());
  for (const double reference :
       {use_sram ? sram.reference_node_nm : cell.reference_node_nm, periphery.reference_node_nm}) {
    (void)scaler.scaling().at(reference);  // a reference node without scaling data is a data error
  }
  Builder builder{shape, periphery, scaler, actions, components, {}};
  if (use_sram) {
    builder.sram_cells(sram);
  } else {
    builder.stt_cells(cell);
  }
  builder.periphery();
  return builder.timing;
}

}  // namespace spinaps::stt
