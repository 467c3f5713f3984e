#include "tools/report/markdown_summary.h"

#include <sstream>

#include "tools/report/report_core.h"
#include "tools/report/svg_plot.h"

namespace spinaps::report {
namespace {

using OrderedJson = nlohmann::ordered_json;
using svg::format_number;

void breakdown_table(std::ostringstream& out, const char* heading, const OrderedJson& parts, double divisor,
                     const char* pattern) {
  double total = 0.0;
  for (const auto& [name, value] : parts.items()) total += value.get<double>();
  out << "\n| category | " << heading << " | share |\n|---|---:|---:|\n";
  for (const auto& [name, value] : parts.items()) {
    const double amount = value.get<double>();
    out << "| " << name << " | " << format_number(pattern, divisor > 0.0 ? amount / divisor : 0.0) << " | "
        << format_number("%.1f %%", total > 0.0 ? 100.0 * amount / total : 0.0) << " |\n";
  }
}

std::string cnn_summary(const OrderedJson& report) {
  const OrderedJson& tool = report["tool"];
  const OrderedJson& workload = report["workload"];
  std::ostringstream out;
  out << "### spinaps: " << report["config"].value("name", "") << " (memristive CNN)\n\n"
      << format_number("%.0f", number_at(report, "/metrics/frames")) << " frames of model `"
      << workload.value("model", "") << "` (" << workload.value("description", "") << ", seed "
      << report.value("seed", 0) << "), spinaps " << tool.value("version", "") << " at `"
      << tool.value("git_commit", "unknown").substr(0, 12) << "`"
      << (tool.value("git_dirty", false) ? " (uncommitted changes)" : "") << ", config hash `"
      << report["config"].value("hash_fnv1a64", "") << "`.\n\n";
  out << "| metric | value |\n|---|---:|\n"
      << "| frames/s | " << format_number("%.1f", number_at(report, "/metrics/frames_per_s")) << " |\n"
      << "| latency mean / p99 | " << format_number("%.1f", number_at(report, "/metrics/latency_ns/mean")) << " / "
      << format_number("%.1f", number_at(report, "/metrics/latency_ns/p99")) << " ns |\n"
      << "| energy per frame (dynamic + leakage) | "
      << format_number("%.2f", number_at(report, "/metrics/energy_per_frame_uj")) << " uJ ("
      << format_number("%.2f", number_at(report, "/metrics/dynamic_energy_per_frame_uj")) << " + "
      << format_number("%.2f", number_at(report, "/metrics/leakage_energy_per_frame_uj")) << ") |\n"
      << "| TOPS/W (without leakage) | " << format_number("%.4g", number_at(report, "/metrics/tops_per_w")) << " ("
      << format_number("%.4g", number_at(report, "/metrics/tops_per_w_without_leakage")) << ") |\n"
      << "| area | " << format_number("%.3f", number_at(report, "/metrics/area_mm2/total")) << " mm2 |\n"
      << "| fidelity vs float: rel. error / PSNR / SSIM | "
      << format_number("%.4f", number_at(report, "/metrics/fidelity/rel_error")) << " / "
      << format_number("%.2f", number_at(report, "/metrics/fidelity/psnr_db")) << " dB / "
      << format_number("%.4f", number_at(report, "/metrics/fidelity/ssim")) << " |\n";
  const OrderedJson::json_pointer floor("/metrics/fidelity/quantisation_floor");
  if (report.contains(floor)) {
    out << "| quantisation floor: rel. error / SSIM | "
        << format_number("%.4f", number_at(report, "/metrics/fidelity/quantisation_floor/rel_error")) << " / "
        << format_number("%.4f", number_at(report, "/metrics/fidelity/quantisation_floor/ssim")) << " |\n";
  }
  if (report.contains(OrderedJson::json_pointer("/metrics/accuracy"))) {
    out << "| accuracy | " << format_number("%.2f %%", 100.0 * number_at(report, "/metrics/accuracy")) << " |\n";
  }
  const double frames = number_at(report, "/metrics/frames");
  breakdown_table(out, "energy per frame (uJ)", report["energy"]["by_category_pj"], frames * 1e6, "%.4g");
  breakdown_table(out, "area (mm2)", report["area"]["by_category_mm2"], 1.0, "%.5f");
  return out.str();
}

}  // namespace

std::string render_markdown_summary(const OrderedJson& report) {
  if (report.value("accelerator", "") == "memristive_cnn") return cnn_summary(report);
  const double inferences = number_at(report, "/metrics/inferences");
  const OrderedJson& tool = report["tool"];
  std::ostringstream out;
  out << "### spinaps: " << report["config"].value("name", "") << "\n\n"
      << format_number("%.0f", inferences) << " inferences of " << report["workload"].value("description", "")
      << " (split " << report["workload"].value("split", "") << ", seed " << report.value("seed", 0) << "), spinaps "
      << tool.value("version", "") << " at `" << tool.value("git_commit", "unknown").substr(0, 12) << "`"
      << (tool.value("git_dirty", false) ? " (uncommitted changes)" : "") << ", config hash `"
      << report["config"].value("hash_fnv1a64", "") << "`.\n\n";
  out << "| metric | value |\n|---|---:|\n"
      << "| accuracy | " << format_number("%.2f %%", 100.0 * number_at(report, "/metrics/accuracy")) << " |\n"
      << "| decision time step mean / p99 | " << format_number("%.2f", number_at(report, "/metrics/decision_step/mean"))
      << " / " << format_number("%.0f", number_at(report, "/metrics/decision_step/p99")) << " |\n"
      << "| latency mean / p50 / p99 | " << format_number("%.1f", number_at(report, "/metrics/latency_ns/mean"))
      << " / " << format_number("%.1f", number_at(report, "/metrics/latency_ns/p50")) << " / "
      << format_number("%.1f", number_at(report, "/metrics/latency_ns/p99")) << " ns |\n"
      << "| SOPs per inference | " << format_number("%.1f", number_at(report, "/metrics/sops_per_inference")) << " |\n"
      << "| GSOPS | " << format_number("%.4g", number_at(report, "/metrics/gsops")) << " |\n"
      << "| GSOPS/W | " << format_number("%.4g", number_at(report, "/metrics/gsops_per_w")) << " |\n"
      << "| GSOPS/W/mm2 | " << format_number("%.4g", number_at(report, "/metrics/gsops_per_w_per_mm2")) << " |\n"
      << "| energy per inference | " << format_number("%.2f", number_at(report, "/metrics/energy_pj/per_inference"))
      << " pJ (" << format_number("%.4f", number_at(report, "/metrics/energy_pj/per_sop")) << " pJ/SOP) |\n"
      << "| area | " << format_number("%.5f", number_at(report, "/metrics/area_mm2/total")) << " mm2 |\n";
  if (report.contains("golden_check")) {
    out << "| golden-model mismatches | " << format_number("%.0f", number_at(report, "/golden_check/mismatches"))
        << " |\n";
  }
  breakdown_table(out, "energy per inference (pJ)", report["energy"]["by_category_pj"], inferences, "%.4g");
  breakdown_table(out, "area (mm2)", report["area"]["by_category_mm2"], 1.0, "%.5f");
  return out.str();
}

}  // namespace spinaps::report
