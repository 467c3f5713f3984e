#include "tools/validation/memory_validation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <vector>

#include "tools/validation/validation_markdown.h"

namespace spinaps::validation {
namespace {

using Json = nlohmann::json;

/// What each report category holds (README "Breakdown categories"), so a sentence can say what a
/// difference consists of. Descriptions only: every number comes from the comparison.
const std::map<std::string, std::string>& category_meaning() {
  static const std::map<std::string, std::string> meaning = {
      {"synapse_array", "the synapse cells (per-bit read energy; cell area)"},
      {"sense_amps", "the sense amplifiers"},
      {"periphery", "row decode, word line, precharge and output routing"},
      {"spike_trace", "spike-window registers and basis LUTs"},
      {"neuron_logic", "MACs, accumulators, sigmoid LUT and comparators"},
      {"rng", "the random-number units"},
      {"control", "the controller and priority encoder"},
      {"noc", "routers and links"},
      {"leakage", "static power of every component over the simulated time"}};
  return meaning;
}

std::string meaning_of(const std::string& category) {
  const auto found = category_meaning().find(category);
  return found == category_meaning().end() ? category : found->second;
}

double number_at(const Json& side, const char* pointer) { return side.at(Json::json_pointer(pointer)).get<double>(); }

/// Category table: per design the amount and its share of the total, then STT-RAM / SRAM.
std::string breakdown_table(const Json& stt, const Json& sram, const char* pointer, double divisor, const char* unit,
                            const char* pattern) {
  const Json& a = stt.at(Json::json_pointer(pointer));
  const Json& b = sram.at(Json::json_pointer(pointer));
  double total_a = 0.0, total_b = 0.0;
  for (const auto& item : a.items()) total_a += item.value().get<double>() / divisor;
  for (const auto& item : b.items()) total_b += item.value().get<double>() / divisor;
  MarkdownTable table({"category", std::string("STT-RAM (") + unit + ")", "share", std::string("SRAM (") + unit + ")",
                       "share", "STT-RAM / SRAM"});
  for (const auto& item : a.items()) {
    const double va = item.value().get<double>() / divisor, vb = b.at(item.key()).get<double>() / divisor;
    table.add_row({item.key(), format(pattern, va), percent(total_a > 0.0 ? va / total_a : 0.0), format(pattern, vb),
                   percent(total_b > 0.0 ? vb / total_b : 0.0), vb != 0.0 ? times(va / vb) : "-"});
  }
  table.add_row({"**total**", format(pattern, total_a), "", format(pattern, total_b), "",
                 total_b != 0.0 ? times(total_a / total_b) : "-"});
  return table.render();
}

/// The category that differs most between the designs, what it is, and where STT-RAM costs more
/// than SRAM (the opposite direction), so the reader sees both sides of the trade.
std::string difference_sentence(const Json& a, const Json& b, double divisor, const char* unit, const char* pattern) {
  std::string largest;
  double largest_change = 0.0, total_change = 0.0;  // SRAM - STT-RAM: positive = STT-RAM saves
  std::vector<std::string> costs_more;
  for (const auto& item : a.items()) {
    const double change = (b.at(item.key()).get<double>() - item.value().get<double>()) / divisor;
    total_change += change;
    if (largest.empty() || std::abs(change) > std::abs(largest_change)) {
      largest = item.key();
      largest_change = change;
    }
    if (change < 0.0) costs_more.push_back(item.key() + " +" + format(pattern, -change) + " " + unit);
  }
  std::string text = "STT-RAM " + std::string(total_change >= 0.0 ? "saves " : "costs ") +
                     format(pattern, std::abs(total_change)) + " " + unit + " in all; the largest part is " + largest +
                     " (" + meaning_of(largest) + "), " + (largest_change >= 0.0 ? "saved" : "added") + ": " +
                     format(pattern, std::abs(largest_change)) + " " + unit;
  if (!costs_more.empty()) {
    text += ". STT-RAM costs more in ";
    for (std::size_t n = 0; n < costs_more.size(); ++n) text += (n == 0 ? "" : ", ") + costs_more[n];
  }
  return text;
}

}  // namespace

std::string render_memory_comparison(const Json& comparison, const MemoryDesign& stt, const MemoryDesign& sram,
                                     const std::string& command) {
  const Json& a = comparison.at("a");
  const Json& b = comparison.at("b");
  const double inferences = std::max(1.0, number_at(a, "/metrics/inferences"));
  std::ostringstream out;
  out << "Inputs: " << code(command) << ". STT-RAM design " << code(stt.config_file) << " (cell " << code(stt.cell)
      << ", " << format("%g", stt.node_nm) << " nm); SRAM baseline " << code(sram.config_file) << " (cell "
      << code(sram.cell) << ", " << format("%g", sram.node_nm) << " nm): the same cores, neuron logic, weights and "
      << "NoC with only the synapse memory changed (docs/technology.md, \"SRAM baseline\"). Both designs ran "
      << a.at("workload").at("samples").get<std::size_t>() << " " << a.at("workload").at("split").get<std::string>()
      << " samples of the " << a.at("workload").at("dataset").get<std::string>() << " workload cycle by cycle.\n\n";

  struct Row {
    const char* label;
    const char* pointer;
    const char* pattern;
  };
  const Row rows[] = {{"accuracy", "/metrics/accuracy", nullptr},
                      {"GSOPS", "/metrics/gsops", "%.4g"},
                      {"GSOPS/W", "/metrics/gsops_per_w", "%.4g"},
                      {"GSOPS/W/mm2", "/metrics/gsops_per_w_per_mm2", "%.4g"},
                      {"mean latency (ns)", "/metrics/latency_ns/mean", "%.1f"},
                      {"row read (cycles)", "/spinaps/hardware/read_cycles_per_row", "%.0f"},
                      {"energy per inference (pJ)", "/metrics/energy_pj/per_inference", "%.1f"},
                      {"energy per SOP (pJ)", "/metrics/energy_pj/per_sop", "%.4f"},
                      {"leakage power (mW)", "/metrics/leakage_power_mw", "%.4f"},
                      {"area (mm2)", "/metrics/area_mm2/total", "%.5f"}};
  MarkdownTable headline({"metric", "STT-RAM", "SRAM", "STT-RAM / SRAM"});
  for (const Row& row : rows) {
    const double va = number_at(a, row.pointer), vb = number_at(b, row.pointer);
    headline.add_row({row.label, row.pattern ? format(row.pattern, va) : percent(va),
                      row.pattern ? format(row.pattern, vb) : percent(vb), vb != 0.0 ? times(va / vb) : "-"});
  }
  out << headline.render() << "\nEnergy per inference by category:\n\n"
      << breakdown_table(a, b, "/energy/by_category_pj", inferences, "pJ", "%.2f") << "\nArea by category:\n\n"
      << breakdown_table(a, b, "/area/by_category_mm2", 1.0, "mm2", "%.5f") << "\n";

  // GSOPS/W/mm2 = SOPs / (energy x area): its ratio is the energy-per-SOP ratio times the area ratio.
  const double energy_factor = number_at(b, "/metrics/energy_pj/per_sop") / number_at(a, "/metrics/energy_pj/per_sop");
  const double area_factor = number_at(b, "/metrics/area_mm2/total") / number_at(a, "/metrics/area_mm2/total");
  out << "**Causes.** GSOPS/W/mm2 is SOPs / (energy x area), so STT-RAM's "
      << times(number_at(a, "/metrics/gsops_per_w_per_mm2") / number_at(b, "/metrics/gsops_per_w_per_mm2"))
      << " of the SRAM figure is the product of " << times(energy_factor) << " from energy per SOP ("
      << format("%.4f", number_at(b, "/metrics/energy_pj/per_sop")) << " pJ in SRAM, "
      << format("%.4f", number_at(a, "/metrics/energy_pj/per_sop")) << " pJ in STT-RAM) and " << times(area_factor)
      << " from area (" << format("%.5f", number_at(b, "/metrics/area_mm2/total")) << " mm2 against "
      << format("%.5f", number_at(a, "/metrics/area_mm2/total")) << " mm2).\n\n"
      << "- Energy per inference: "
      << difference_sentence(a.at("energy").at("by_category_pj"), b.at("energy").at("by_category_pj"), inferences, "pJ",
                             "%.2f")
      << ".\n- Area: "
      << difference_sentence(a.at("area").at("by_category_mm2"), b.at("area").at("by_category_mm2"), 1.0, "mm2", "%.5f")
      << ".\n\n`spinaps compare`'s own explanation (B = SRAM against A = STT-RAM):\n\n";
  for (const auto& sentence : comparison.at("explanation")) out << "- " << sentence.get<std::string>() << "\n";
  out << "\n";
  return out.str();
}

}  // namespace spinaps::validation
