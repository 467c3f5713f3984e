// The validation report's section on published compute-in-memory macros: the model's figures next
// to the published ones with their ratios, each macro's configuration with its confidence, the
// model's energy and area breakdown, and what explains each difference. The figures themselves
// come from compare_with_published_macros (macro_validation.cpp).
#include <algorithm>
#include <sstream>

#include "tools/validation/macro_validation.h"
#include "tools/validation/validation_markdown.h"

namespace spinaps::validation {
namespace {

std::string figure(double value) { return format("%.3g", value); }
std::string integer_text(double value) { return std::to_string(static_cast<std::uint64_t>(value)); }
/// Energies in pJ: whole picojoules from 1000 up (no exponent), four digits below.
std::string picojoules(double value) { return format(value >= 1000.0 ? "%.0f" : "%.4g", value); }
std::string share(double fraction) { return format("%.1f %%", 100.0 * fraction); }

std::string published_cell(const StatedItem& item) {
  if (item.known) return figure(item.number) + " (P)";
  return "not confirmed";
}

std::string ratio_cell(const StatedItem& published, double model) {
  return published.known ? times(model / published.number) : "-";
}

std::string precision_of(const MacroModelFigures& f) {
  const memristor::TileGeometry& g = f.inputs.geometry;
  return std::to_string(g.input_bits) + " / " + std::to_string(g.weight_bits) + " / " + std::to_string(g.adc_bits);
}

std::string node_cell(const MacroComparison& c) {
  const std::string stated = format("%g", c.macro.stated.node_nm.number);
  return c.model.node_substituted ? stated + " -> " + format("%g", c.model.inputs.node_nm) : stated;
}

/// What one energy term is, in the model's own numbers.
std::string describe_energy(const EnergyTerm& term, const MacroModelFigures& f) {
  const memristor::TileGeometry& g = f.inputs.geometry;
  const std::string each = format("%.3g", term.pj_per_count) + " pJ";
  if (term.category == "adc") {
    return with_commas(term.count) + " conversions (" + count_of(f.phases, "phase") + " x " +
           count_of(f.inputs.slices, "slice") + " x " +
           count_of(static_cast<std::uint64_t>(f.logical_columns), "output") + ") of " + std::to_string(g.adc_bits) +
           " bits at " + each + " (Walden rule on the 32-nm SAR reference, scaled to " +
           format("%g", f.inputs.node_nm) + " nm)";
  }
  if (term.category == "array") {
    return "the device read V^2 G t (" + format("%.3g", f.read_pulse_ns) + "-ns pulse from " + f.read_pulse_basis +
           ", " + format("%.4g", static_cast<double>(term.count) * 1e-6) + " mS read at full drive)";
  }
  if (term.category == "dac") {
    return with_commas(term.count) + " word-line drives at " + each + " (ISAAC's 1-bit driver x 2^(" +
           std::to_string(g.dac_bits) + " - 1))";
  }
  if (term.category == "shift_add") {
    return with_commas(term.count) + " shift-and-adds of " + std::to_string(g.accumulator_bits) +
           "-bit accumulators at " + each;
  }
  if (term.category == "output_scale") return with_commas(term.count) + " output rescales at " + each;
  if (term.category == "sample_hold") return with_commas(term.count) + " samples held at " + each;
  if (term.category == "partial_sum") return with_commas(term.count) + " partial-sum additions at " + each;
  return "the tile's leakage, " + format("%.3g", term.pj_per_count) + " mW over the " + format("%g", f.interval_ns()) +
         "-ns MVM interval";
}

std::string describe_area(const AreaTerm& term, const MacroModelFigures& f) {
  const memristor::TileGeometry& g = f.inputs.geometry;
  if (term.component == "adcs") {
    return std::to_string(g.adcs_per_tile) + " ADCs of " + format("%.0f", term.area_mm2 * 1e6 / g.adcs_per_tile) +
           " um2 each (the 32-nm SAR reference, Andrulis et al.'s area rule, scaled to " +
           format("%g", f.inputs.node_nm) + " nm)";
  }
  if (term.component == "array_cells") {
    const double f_um = f.inputs.node_nm * 1e-3;
    const double cell_f2 = term.area_mm2 * 1e6 / (static_cast<double>(g.rows) * g.cols * f_um * f_um);
    return std::to_string(g.rows) + " x " + std::to_string(g.cols) + " cells of " + format("%g", cell_f2) + " F^2";
  }
  if (term.component == "shift_add") {
    return "the " + std::to_string(g.accumulator_bits) + "-bit accumulator of each of the " +
           std::to_string(f.logical_columns) + " outputs and one adder per ADC";
  }
  if (term.component == "dacs") return std::to_string(g.rows) + " word-line DACs";
  return "the " + term.component;
}

/// The terms of `terms` by size, largest first (stable: equal terms keep their order).
template <typename Term>
std::vector<const Term*> largest_first(const std::vector<Term>& terms, double (*size)(const Term&)) {
  std::vector<const Term*> sorted;
  sorted.reserve(terms.size());
  for (const Term& term : terms) sorted.push_back(&term);
  std::stable_sort(sorted.begin(), sorted.end(), [size](const Term* a, const Term* b) { return size(*a) > size(*b); });
  return sorted;
}

double energy_of(const EnergyTerm& term) { return term.energy_pj; }
double area_of(const AreaTerm& term) { return term.area_mm2; }

/// What the paper and the model do not share, from the data: each item is a cause the model's
/// figure cannot reflect.
std::vector<std::string> differences(const MacroComparison& c) {
  const StatedConfiguration& s = c.macro.stated;
  const MacroModelFigures& f = c.model;
  std::vector<std::string> list;
  if (f.node_substituted) {
    list.push_back("the paper's " + format("%g", s.node_nm.number) + " nm has no scaling data, so the model runs at " +
                   format("%g", f.inputs.node_nm) + " nm");
  }
  if (s.adc_type.known) {
    list.push_back("converter: " + s.adc_type.text + " (" + s.adc_type.confidence +
                   ") against the model's SAR ADC priced by the Walden rule");
  }
  if (s.input_application.known) {
    list.push_back("inputs: " + s.input_application.text + " (" + s.input_application.confidence +
                   ") against the model's " + std::to_string(f.inputs.geometry.dac_bits) +
                   "-bit word-line DAC per phase");
  }
  const std::uint32_t model_devices = 2 * f.inputs.slices;
  if (s.devices_per_weight.known && static_cast<std::uint32_t>(s.devices_per_weight.number) != model_devices) {
    list.push_back(integer_text(s.devices_per_weight.number) + " devices per weight (" +
                   s.devices_per_weight.confidence + ") against the model's " + std::to_string(model_devices));
  }
  std::vector<std::string> defaulted;
  for (const ModelSetting& setting : c.settings) {
    if (setting.confidence == "NC") defaulted.push_back(setting.parameter);
  }
  if (!defaulted.empty()) {
    std::string names;
    for (const std::string& name : defaulted) names += (names.empty() ? "" : ", ") + name;
    list.push_back("not confirmed for the paper, so the model's own: " + names);
  }
  const StatedItem& scope = c.macro.published.scope;
  if (scope.known) {
    list.push_back("the published figures cover " + scope.text + " (" + scope.confidence + ")");
  } else if (!scope.note.empty()) {
    list.push_back("what the published figures cover is not confirmed (" + scope.note + ")");
  }
  return list;
}

std::string render_energy_explanation(const MacroComparison& c) {
  const MacroModelFigures& f = c.model;
  const StatedItem& published = c.macro.published.tops_per_w;
  const std::vector<const EnergyTerm*> terms = largest_first<EnergyTerm>(f.energy, energy_of);
  const double model_pj_per_op = f.energy_pj / static_cast<double>(f.ops_per_mvm);
  std::ostringstream out;
  out << "- *TOPS/W*: ";
  if (published.known) {
    out << "model / published = " << times(f.tops_per_w / published.number) << " (the model "
        << (f.tops_per_w >= published.number ? "more" : "less") << " efficient): it needs "
        << format("%.3g", model_pj_per_op) << " pJ per operation against the published "
        << format("%.3g", 1.0 / published.number) << " pJ";
  } else {
    out << "published value not confirmed; the model needs " << format("%.3g", model_pj_per_op) << " pJ per operation";
  }
  out << ", " << share(terms[0]->energy_pj / f.energy_pj) << " of it " << describe_energy(*terms[0], f) << " and "
      << share(terms[1]->energy_pj / f.energy_pj) << " " << describe_energy(*terms[1], f) << ".";
  if (published.known) {
    const double top_pj_per_op = terms[0]->energy_pj / static_cast<double>(f.ops_per_mvm);
    out << " That term alone is " << times(top_pj_per_op * published.number) << " the published energy per operation.";
  }
  out << "\n";
  return out.str();
}

std::string render_area_explanation(const MacroComparison& c) {
  const MacroModelFigures& f = c.model;
  const StatedItem& published = c.macro.published.tops_per_mm2;
  const std::vector<const AreaTerm*> parts = largest_first<AreaTerm>(f.area, area_of);
  const bool read_bound = f.array_read_cycles >= f.conversion_cycles;
  std::ostringstream out;
  out << "- *TOPS/mm2*: ";
  if (published.known) {
    out << "model / published = " << times(f.tops_per_mm2 / published.number) << ": ";
  } else {
    out << "published value not confirmed; ";
  }
  out << "the model completes one MVM every " << format("%g", f.interval_ns()) << " ns (" << count_of(f.phases, "phase")
      << " x max(read " << f.array_read_cycles << ", conversions " << f.conversion_cycles << ") cycles at "
      << format("%g", f.inputs.clock_mhz) << " MHz, paced by the "
      << (read_bound ? format("%g", f.read_pulse_ns) + "-ns read pulse from " + f.read_pulse_basis
                     : "conversions: " + std::to_string(f.conversion_cycles / f.adc_conversion_cycles) +
                           " turns of the ADCs, each a " + format("%.3g", f.adc_conversion_ns) + "-ns conversion")
      << ") on " << format("%.4g", f.area_mm2) << " mm2, " << share(parts[0]->area_mm2 / f.area_mm2) << " of it "
      << describe_area(*parts[0], f) << ".\n";
  return out.str();
}

std::string render_macro(const MacroComparison& c) {
  const PublishedMacro& m = c.macro;
  const MacroModelFigures& f = c.model;
  std::ostringstream out;
  out << "### " << m.name << "\n\n" << m.citation << ".\n\n";
  MarkdownTable settings({"parameter", "the paper states", "confidence", "the model uses", "basis"}, 5);
  for (const ModelSetting& s : c.settings) settings.add_row({s.parameter, s.stated, s.confidence, s.model, s.basis});
  out << settings.render() << "\n";
  out << "Sources of the stated values: ";
  std::string sources;
  const StatedConfiguration& s = m.stated;
  const std::vector<std::pair<std::string, const StatedItem*>> items = {{"node", &s.node_nm},
                                                                        {"device", &s.device},
                                                                        {"levels", &s.device_levels},
                                                                        {"rows", &s.array_rows},
                                                                        {"columns", &s.array_cols},
                                                                        {"layout", &s.array_layout},
                                                                        {"devices per weight", &s.devices_per_weight},
                                                                        {"input bits", &s.input_bits},
                                                                        {"input sign", &s.input_signed},
                                                                        {"bits per phase", &s.input_bits_per_phase},
                                                                        {"input path", &s.input_application},
                                                                        {"weight bits", &s.weight_bits},
                                                                        {"ADC bits", &s.adc_bits},
                                                                        {"ADCs", &s.adcs},
                                                                        {"converter", &s.adc_type},
                                                                        {"clock", &s.clock_mhz}};
  for (const auto& [name, item] : items) {
    if (!item->known && item->note.empty()) continue;
    std::string entry = name + ": " + (item->known ? item->source : "not confirmed");
    if (!item->note.empty()) entry += " (" + item->note + ")";
    sources += (sources.empty() ? "" : "; ") + entry;
  }
  out << sources << ".\n\n";

  const PublishedFigures& p = m.published;
  auto published_text = [](const StatedItem& item) {
    return item.known ? figure(item.number) + " (P, " + item.source + ")"
                      : "published value not confirmed (" + item.note + ")";
  };
  out << "Published TOPS/W: " << published_text(p.tops_per_w)
      << ". Published TOPS/mm2: " << published_text(p.tops_per_mm2) << ". Measured at: "
      << (p.precision.known ? p.precision.text + " (" + p.precision.confidence + ")"
                            : "not confirmed (" + p.precision.note + ")")
      << ". One operation: "
      << (p.operation.known ? p.operation.text + " (" + p.operation.confidence + ", " + p.operation.source + ")"
                            : "not confirmed (" + p.operation.note + ")")
      << ".\n\n";
  if (!p.context.empty()) {
    out << "Listed, not compared:\n\n";
    for (const ContextFigure& x : p.context) {
      out << "- " << x.figure << ": " << x.value << " (" << x.confidence << ", " << x.source << "); "
          << x.why_not_compared << ".\n";
    }
    out << "\n";
  }

  out << "The model, one MVM of " << f.logical_rows << " inputs x " << f.logical_columns << " outputs ("
      << with_commas(f.ops_per_mvm) << " operations, " << count_of(f.phases, "input phase") << ", " << f.adc_clipped
      << " clipped conversions): " << picojoules(f.energy_pj) << " pJ, one MVM alone " << format("%g", f.latency_ns())
      << " ns, one more in a stream every " << format("%g", f.interval_ns()) << " ns, tile "
      << format("%.4g", f.area_mm2) << " mm2.\n\n";
  MarkdownTable energy({"term", "count", "pJ each", "pJ per MVM", "share"});
  for (const EnergyTerm& term : f.energy) {
    const bool leakage = term.category == "leakage";
    energy.add_row({leakage ? "tile leakage (mW x interval)" : code(term.action),
                    leakage ? "-" : with_commas(term.count),
                    leakage ? format("%.3g", term.pj_per_count) + " mW" : format("%.3g", term.pj_per_count),
                    picojoules(term.energy_pj), share(term.energy_pj / f.energy_pj)});
  }
  out << energy.render() << "\n";
  out << "Tile area: ";
  std::string area;
  for (const AreaTerm* part : largest_first<AreaTerm>(f.area, area_of)) {
    area += (area.empty() ? "" : ", ") + part->component + " " + format("%.3g", part->area_mm2) + " mm2 (" +
            share(part->area_mm2 / f.area_mm2) + ")";
  }
  out << area << ".\n\n";

  out << "**What explains the difference** (computed from the breakdown above):\n\n"
      << render_energy_explanation(c) << render_area_explanation(c) << "- *Not shared by the paper and the model*: ";
  std::string list;
  for (const std::string& item : differences(c)) list += (list.empty() ? "" : "; ") + item;
  out << list << ".\n\n";
  return out.str();
}

}  // namespace

std::string render_macro_comparison(const MacroValidation& validation) {
  const memristor::TileGeometry defaults;
  const memristor::TileTechnologyInputs input_defaults;
  std::ostringstream out;
  out << "Inputs: " << code(validation.data_file)
      << ": published RRAM and PCM compute-in-memory macros, each item of their configuration and figures with its "
      << "confidence (P: confirmed in the primary source, S: only in the secondary source named, NC: not confirmed) "
      << "and source, from the research note on CIM macros. Only figures marked P are compared; S and NC figures "
      << "are listed, never compared. The tile model (" << code("hw/memristor") << ", "
      << code("docs/tile_technology.md")
      << ") takes every stated value (P or S) as it is and its own default for every one not confirmed ("
      << defaults.rows << " x " << defaults.cols << " devices, " << defaults.input_bits << "-bit unsigned inputs, "
      << defaults.dac_bits << " input bit per phase, " << defaults.weight_bits << "-bit weights, " << defaults.adc_bits
      << "-bit ADCs, " << defaults.adcs_per_tile << " ADCs per tile, " << format("%g", input_defaults.clock_mhz)
      << " MHz: the reference configuration of docs/tile_technology.md); a node without scaling data becomes the "
      << "nearest node of " << code("node_scaling.json") << ". Nothing is adjusted to a published figure.\n\n"
      << "Per macro the model computes one matrix-vector multiply (MVM) of the whole array, one tile: weights "
      << "uniform over the whole range and one input vector uniform over the stated input codes, drawn from "
      << code("std::mt19937_64") << " seeded " << validation.weight_and_input_seed
      << " (the devices' programming spread seeded " << validation.programming_seed
      << "); the action counts are those of " << code("CrossbarMatrix::multiply")
      << ", priced with the tile technology's action table, plus the tile's leakage over the MVM interval. The "
      << "digital units and activation buffers (" << code("digital.*") << ", " << code("buffer.*")
      << ") are left out: a macro has neither. Operations = " << validation.ops_per_mac
      << " x inputs x outputs (1 MAC = 2 operations; only NeuRRAM states its definition, the others' is not "
      << "confirmed). Time as the accelerator times a row (" << code("UnitPlan::row_cycles")
      << "): one MVM alone takes read + (phases - 1) x max(read, conversions) + conversions cycles, each further "
      << "MVM of a stream phases x max(read, conversions), with conversions = ceil(conversions per phase / ADCs) x "
      << "ADC conversion cycles; TOPS are from the stream interval, as peak throughputs are quoted. Area = one "
      << "tile's components (" << code("tile_components") << "). Ratios are model / published.\n\n";
  MarkdownTable table({"macro", "node (nm)", "bits in / w / ADC", "TOPS/W model", "TOPS/W published", "ratio",
                       "TOPS/mm2 model", "TOPS/mm2 published", "ratio"},
                      3);
  for (const MacroComparison& c : validation.comparisons) {
    const PublishedFigures& p = c.macro.published;
    table.add_row({c.macro.name, node_cell(c), precision_of(c.model), figure(c.model.tops_per_w),
                   published_cell(p.tops_per_w), ratio_cell(p.tops_per_w, c.model.tops_per_w),
                   figure(c.model.tops_per_mm2), published_cell(p.tops_per_mm2),
                   ratio_cell(p.tops_per_mm2, c.model.tops_per_mm2)});
  }
  out << table.render() << "\n"
      << "\"node\" shows the paper's node and, after an arrow, the node the model ran at when the paper's has no "
      << "scaling data. \"bits\" are the model's input, weight and ADC bits (stated where the paper states them). "
      << "\"not confirmed\" means no value confirmed in the primary source: the published figure is either not "
      << "published, only in a plot, or only in a secondary source (see each macro).\n\n";
  for (const MacroComparison& c : validation.comparisons) out << render_macro(c);
  return out.str();
}

}  // namespace spinaps::validation
