// spinaps compare on two memristive CNN configurations (same model, same frames): frames/s,
// latency, energy per frame, TOPS/W with and without leakage, area and fidelity, and what the
// breakdowns, the bottleneck layer and the converters say about the difference.
#include <algorithm>
#include <sstream>

#include "tools/cli/compare_support.h"

namespace spinaps::cli::compare {
namespace {

Json select_figures(const nlohmann::json& report, const std::vector<std::string>& energy_categories,
                    const std::vector<std::string>& area_categories) {
  const auto& metrics = report.at("metrics");
  Json out;
  out["config"] = {{"name", report.at("config").at("name")}, {"file", report.at("config").at("file")}};
  out["workload"] = {{"model", report.at("workload").at("model")},
                     {"frames", report.at("workload").at("frames")},
                     {"description", report.at("workload").at("description")}};
  Json m;
  for (const char* key : {"frames", "frames_per_s", "energy_per_frame_uj", "dynamic_energy_per_frame_uj",
                          "leakage_energy_per_frame_uj", "average_power_mw", "leakage_power_mw", "tops", "tops_per_w",
                          "tops_per_w_without_leakage", "tops_per_w_per_mm2"}) {
    m[key] = metrics.at(key);
  }
  m["latency_ns"] = {{"mean", metrics.at("latency_ns").at("mean")}, {"p99", metrics.at("latency_ns").at("p99")}};
  m["area_mm2"] = {{"total", metrics.at("area_mm2").at("total")}};
  const auto& fidelity = metrics.at("fidelity");
  m["fidelity"] = {
      {"rel_error", fidelity.at("rel_error")}, {"psnr_db", fidelity.at("psnr_db")}, {"ssim", fidelity.at("ssim")}};
  if (metrics.contains("accuracy")) m["accuracy"] = metrics.at("accuracy");
  out["metrics"] = m;
  out["energy"] = {{"by_category_pj", breakdown_over(report.at("energy").at("by_category_pj"), energy_categories)}};
  out["area"] = {{"by_category_mm2", breakdown_over(report.at("area").at("by_category_mm2"), area_categories)}};
  const auto& own = report.at("memristive_cnn");
  const auto& mapping = own.at("mapping");
  out["memristive_cnn"] = {{"mapping",
                            {{"tiles_used", mapping.at("tiles_used")},
                             {"nodes_used", mapping.at("nodes_used")},
                             {"bottleneck_cycles_per_frame", mapping.at("bottleneck_cycles_per_frame")}}},
                           {"streaming", {{"max_sustained_rate_hz", own.at("streaming").at("max_sustained_rate_hz")}}},
                           {"converters", {{"adc_bits", own.at("converters").at("adc_bits")}}},
                           {"bottleneck_layer", mapping.at("bottleneck_layer")}};
  return out;
}

std::vector<Row> table_rows(const Json& a) {
  const double frames = std::max(1.0, a["metrics"]["frames"].get<double>());
  std::vector<Row> rows = {{"frames/s (this run)", {"metrics", "frames_per_s"}, 1.0},
                           {"max sustained rate (Hz)", {"memristive_cnn", "streaming", "max_sustained_rate_hz"}, 1.0},
                           {"latency mean (ns)", {"metrics", "latency_ns", "mean"}, 1.0},
                           {"latency p99 (ns)", {"metrics", "latency_ns", "p99"}, 1.0},
                           {"energy/frame (uJ)", {"metrics", "energy_per_frame_uj"}, 1.0},
                           {"  dynamic (uJ)", {"metrics", "dynamic_energy_per_frame_uj"}, 1.0},
                           {"  leakage (uJ)", {"metrics", "leakage_energy_per_frame_uj"}, 1.0}};
  for (const auto& item : a["energy"]["by_category_pj"].items()) {
    rows.push_back({"  " + item.key() + " (uJ/frame)", {"energy", "by_category_pj", item.key()}, 1e-6 / frames});
  }
  rows.push_back({"TOPS", {"metrics", "tops"}, 1.0});
  rows.push_back({"TOPS/W", {"metrics", "tops_per_w"}, 1.0});
  rows.push_back({"TOPS/W without leakage", {"metrics", "tops_per_w_without_leakage"}, 1.0});
  rows.push_back({"TOPS/W/mm2", {"metrics", "tops_per_w_per_mm2"}, 1.0});
  rows.push_back({"average power (mW)", {"metrics", "average_power_mw"}, 1.0});
  rows.push_back({"leakage power (mW)", {"metrics", "leakage_power_mw"}, 1.0});
  rows.push_back({"area (mm2)", {"metrics", "area_mm2", "total"}, 1.0});
  for (const auto& item : a["area"]["by_category_mm2"].items()) {
    rows.push_back({"  " + item.key() + " (mm2)", {"area", "by_category_mm2", item.key()}, 1.0});
  }
  rows.push_back({"tiles used", {"memristive_cnn", "mapping", "tiles_used"}, 1.0});
  rows.push_back({"nodes used", {"memristive_cnn", "mapping", "nodes_used"}, 1.0});
  rows.push_back({"bottleneck (cycles/frame)", {"memristive_cnn", "mapping", "bottleneck_cycles_per_frame"}, 1.0});
  rows.push_back({"fidelity: relative error", {"metrics", "fidelity", "rel_error"}, 1.0});
  rows.push_back({"fidelity: PSNR (dB)", {"metrics", "fidelity", "psnr_db"}, 1.0});
  rows.push_back({"fidelity: SSIM", {"metrics", "fidelity", "ssim"}, 1.0});
  if (a["metrics"].contains("accuracy")) rows.push_back({"accuracy", {"metrics", "accuracy"}, 1.0});
  return rows;
}

std::string describe_workload(const Json& a) {
  return std::to_string(a["workload"]["frames"].get<std::uint64_t>()) + " frames of model " +
         a["workload"]["model"].get<std::string>() + " (" + a["workload"]["description"].get<std::string>() + ")";
}

double ratio_of(const Json& a, const Json& b, const char* key) {
  const double before = a["metrics"][key].get<double>();
  return before != 0.0 ? b["metrics"][key].get<double>() / before : 0.0;
}

std::vector<std::string> explain_difference(const Json& a, const Json& b) {
  const std::string name_b = b["config"]["name"].get<std::string>();
  const double frames = std::max(1.0, a["metrics"]["frames"].get<double>());
  std::vector<std::string> sentences;
  sentences.push_back(driver_sentence("Energy per frame", "uJ", a["energy"]["by_category_pj"],
                                      b["energy"]["by_category_pj"], 1e-6 / frames, name_b));
  sentences.push_back(
      driver_sentence("Area", "mm2", a["area"]["by_category_mm2"], b["area"]["by_category_mm2"], 1.0, name_b));
  const Json& own_a = a["memristive_cnn"];
  const Json& own_b = b["memristive_cnn"];
  std::ostringstream throughput;
  throughput << "Frames/s is " << general(ratio_of(a, b, "frames_per_s"))
             << "x: the slowest layer sets the frame interval, " << own_a["bottleneck_layer"].get<std::string>() << " ("
             << general(own_a["mapping"]["bottleneck_cycles_per_frame"].get<double>()) << " cycles/frame) -> "
             << own_b["bottleneck_layer"].get<std::string>() << " ("
             << general(own_b["mapping"]["bottleneck_cycles_per_frame"].get<double>()) << " cycles/frame), on "
             << general(own_a["mapping"]["tiles_used"].get<double>()) << " -> "
             << general(own_b["mapping"]["tiles_used"].get<double>()) << " tiles.";
  sentences.push_back(throughput.str());
  std::ostringstream efficiency;
  efficiency << "TOPS/W is " << general(ratio_of(a, b, "tops_per_w")) << "x ("
             << general(ratio_of(a, b, "tops_per_w_without_leakage")) << "x without leakage) and TOPS/W/mm2 "
             << general(ratio_of(a, b, "tops_per_w_per_mm2")) << "x.";
  sentences.push_back(efficiency.str());
  std::ostringstream fidelity;
  fidelity << "Fidelity against the float reference: SSIM " << general(a["metrics"]["fidelity"]["ssim"].get<double>())
           << " -> " << general(b["metrics"]["fidelity"]["ssim"].get<double>()) << ", relative error "
           << general(a["metrics"]["fidelity"]["rel_error"].get<double>()) << " -> "
           << general(b["metrics"]["fidelity"]["rel_error"].get<double>()) << ", PSNR "
           << general(a["metrics"]["fidelity"]["psnr_db"].get<double>()) << " -> "
           << general(b["metrics"]["fidelity"]["psnr_db"].get<double>()) << " dB.";
  sentences.push_back(fidelity.str());
  return sentences;
}

}  // namespace

Profile cnn_profile() { return {select_figures, table_rows, describe_workload, explain_difference}; }

}  // namespace spinaps::cli::compare
