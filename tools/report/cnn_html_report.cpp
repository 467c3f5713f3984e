// The HTML page of a memristive CNN run report (declared in tools/report/html_report.h).
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "tools/report/html_common.h"
#include "tools/report/html_report.h"
#include "tools/report/svg_plot.h"

namespace spinaps::report {
namespace {

using OrderedJson = nlohmann::ordered_json;
using html::row;
using report::number_at;
using svg::escape;
using svg::format_number;

std::string headline_table(const OrderedJson& report) {
  const auto n = [&](const char* pointer) { return number_at(report, pointer); };
  const OrderedJson& cnn = report["memristive_cnn"];
  std::ostringstream out;
  out << "<table class=\"headline\">" << row("frames", format_number("%.0f", n("/metrics/frames")))
      << row("frames/s (this run)", format_number("%.1f", n("/metrics/frames_per_s")))
      << row("latency mean / p50 / p99 (ns)", format_number("%.1f", n("/metrics/latency_ns/mean")) + " / " +
                                                  format_number("%.1f", n("/metrics/latency_ns/p50")) + " / " +
                                                  format_number("%.1f", n("/metrics/latency_ns/p99")))
      << row("energy per frame: total / dynamic / leakage (uJ)",
             format_number("%.2f", n("/metrics/energy_per_frame_uj")) + " / " +
                 format_number("%.2f", n("/metrics/dynamic_energy_per_frame_uj")) + " / " +
                 format_number("%.2f", n("/metrics/leakage_energy_per_frame_uj")))
      << row("average power / leakage power (mW)", format_number("%.1f", n("/metrics/average_power_mw")) + " / " +
                                                       format_number("%.1f", n("/metrics/leakage_power_mw")))
      << row("TOPS", format_number("%.4g", n("/metrics/tops")))
      << row("TOPS/W (without leakage)", format_number("%.4g", n("/metrics/tops_per_w")) + " (" +
                                             format_number("%.4g", n("/metrics/tops_per_w_without_leakage")) + ")")
      << row("TOPS/W/mm2", format_number("%.4g", n("/metrics/tops_per_w_per_mm2")))
      << row("area (mm2)", format_number("%.3f", n("/metrics/area_mm2/total")));
  if (cnn.contains("mapping")) {
    const OrderedJson& mapping = cnn["mapping"];
    out << row("tiles used / nodes used", format_number("%.0f", mapping.value("tiles_used", 0.0)) + " / " +
                                              format_number("%.0f", mapping.value("nodes_used", 0.0)))
        << row("bottleneck layer (cycles per frame)",
               mapping.value("bottleneck_layer", "") + " (" +
                   format_number("%.0f", mapping.value("bottleneck_cycles_per_frame", 0.0)) + ")");
  }
  if (report.contains("golden_check")) {
    const OrderedJson& golden = report["golden_check"];
    out << row("functional golden model",
               std::string(golden.value("outputs_identical", false) ? "outputs identical" : "outputs DIFFER") + ", " +
                   (golden.value("counts_identical", false) ? "counts identical" : "counts DIFFER"));
  }
  out << "</table>";
  return out.str();
}

/// Rows of (label, fidelity object) with relative error, PSNR and SSIM; absent objects are skipped.
std::string fidelity_section(const OrderedJson& report) {
  const OrderedJson::json_pointer fidelity_path("/metrics/fidelity");
  if (!report.contains(fidelity_path)) {
    return "<p class=\"note\">This report has no fidelity figures.</p>";
  }
  const OrderedJson& fidelity = report[fidelity_path];
  const auto fidelity_row = [](const std::string& label, const OrderedJson& figures) {
    return "<tr><th>" + escape(label) + "</th><td class=\"num\">" +
           format_number("%.4f", figures.value("rel_error", 0.0)) + "</td><td class=\"num\">" +
           format_number("%.2f", figures.value("psnr_db", 0.0)) + "</td><td class=\"num\">" +
           format_number("%.4f", figures.value("ssim", 0.0)) + "</td></tr>";
  };
  std::ostringstream out;
  out << "<p>Against the float32 reference inference of the same graph and weights (all outputs):</p>"
      << "<table><tr><th></th><th>relative error</th><th>PSNR (dB)</th><th>SSIM</th></tr>"
      << fidelity_row("tiles (this design)", fidelity);
  if (fidelity.contains("ideal_converters")) {
    out << fidelity_row("floor: ideal converters (devices alone)", fidelity["ideal_converters"]);
  }
  if (fidelity.contains("quantisation_floor")) {
    out << fidelity_row("floor: ideal devices and converters (quantisation alone)", fidelity["quantisation_floor"]);
  }
  out << "</table>";
  const OrderedJson::json_pointer truth_path("/memristive_cnn/ground_truth");
  if (report.contains(truth_path)) {
    const OrderedJson& truth = report[truth_path];
    out << "<p>Against the ptychography simulator's ground-truth phase (" << escape(truth.value("output", ""))
        << " output, " << format_number("%.0f", truth.value("frames", 0.0)) << " frames):</p>"
        << "<table><tr><th></th><th>phase RMSE (rad)</th><th>PSNR (dB)</th><th>SSIM</th></tr>";
    for (const char* set : {"float", "tiles", "ideal_converters", "quantisation_floor"}) {
      if (!truth.contains(set)) continue;
      const OrderedJson& figures = truth[set];
      out << "<tr><th>" << escape(set) << "</th><td class=\"num\">"
          << format_number("%.4f", figures.value("phase_rmse_rad", 0.0)) << "</td><td class=\"num\">"
          << format_number("%.2f", figures.value("psnr_db", 0.0)) << "</td><td class=\"num\">"
          << format_number("%.4f", figures.value("ssim", 0.0)) << "</td></tr>";
    }
    out << "</table>";
  }
  return out.str();
}

/// The first frame's phase from the float network, the tiles and the ground truth, side by side on
/// one grey scale (memristive_cnn.phase_images); empty when the frames carry no ground truth.
std::string phase_images_section(const OrderedJson& cnn) {
  if (!cnn.contains("phase_images")) return "";
  const OrderedJson& images = cnn["phase_images"];
  std::vector<svg::GreyImage> row_of_images;
  double low = 0.0;
  double high = 0.0;
  bool first = true;
  for (const auto& [key, caption] : {std::pair<const char*, const char*>{"float", "float network"},
                                     {"tiles", "tiles (this design)"},
                                     {"ground_truth", "ground truth"}}) {
    svg::GreyImage image{caption, images[key].get<std::vector<double>>()};
    for (const double value : image.values) {
      low = first ? value : std::min(low, value);
      high = first ? value : std::max(high, value);
      first = false;
    }
    row_of_images.push_back(std::move(image));
  }
  const auto rows = images["rows"].get<std::uint32_t>();
  const auto cols = images["cols"].get<std::uint32_t>();
  return "<p>Frame " + format_number("%.0f", images.value("frame", 0.0)) + ", " +
         format_number("%.0f", images.value("source_rows", 0.0)) + " x " +
         format_number("%.0f", images.value("source_cols", 0.0)) + " px shown as " + format_number("%.0f", rows) +
         " x " + format_number("%.0f", cols) + " block means.</p>" +
         svg::image_row("Phase of the first frame", rows, cols, row_of_images, low, high, "rad");
}

std::string layer_section(const OrderedJson& cnn) {
  if (!cnn.contains("layers")) return "";
  std::vector<svg::Bar> cycles;
  std::ostringstream table;
  table << "<table><tr><th>layer</th><th>op</th><th>engine</th><th>tiles</th><th>copies</th><th>cycles/frame</th>"
           "<th>busy</th><th>uJ/frame</th><th>ADC clipped</th></tr>";
  for (const auto& layer : cnn["layers"]) {
    const std::string name = layer.value("name", "");
    cycles.push_back({name, layer.value("cycles_per_frame", 0.0)});
    table << "<tr><td>" << escape(name) << "</td><td>" << escape(layer.value("op_type", "")) << "</td><td>"
          << escape(layer.value("engine", "")) << "</td><td class=\"num\">"
          << format_number("%.0f", layer.value("tiles", 0.0)) << "</td><td class=\"num\">"
          << format_number("%.0f", layer.value("copies", 0.0)) << "</td><td class=\"num\">"
          << format_number("%.0f", layer.value("cycles_per_frame", 0.0)) << "</td><td class=\"num\">"
          << format_number("%.2f", layer.value("busy_fraction", 0.0)) << "</td><td class=\"num\">"
          << format_number("%.4f", layer.value("energy_per_frame_uj", 0.0)) << "</td><td class=\"num\">"
          << (layer.contains("adc_clipped_fraction")
                  ? format_number("%.4f %%", 100.0 * layer.value("adc_clipped_fraction", 0.0))
                  : std::string("-"))
          << "</td></tr>";
  }
  table << "</table>";
  return svg::bar_chart("Cycles per frame by layer (the slowest sets the frame rate)", cycles, "%.0f", "cycles") +
         "\n" + table.str();
}

std::string streaming_section(const OrderedJson& cnn) {
  if (!cnn.contains("streaming")) return "";
  const OrderedJson& streaming = cnn["streaming"];
  std::ostringstream out;
  out << "<table class=\"headline\">" << row("mode", streaming.value("mode", ""))
      << row("offered rate (Hz, 0: all frames queued at once)",
             format_number("%.1f", streaming.value("stream_rate_hz", 0.0)))
      << row("completion rate (Hz)", format_number("%.1f", streaming.value("completion_rate_hz", 0.0)) +
                                         ", limited by " + streaming.value("completion_rate_limited_by", ""))
      << row("maximum sustained rate (Hz)", format_number("%.1f", streaming.value("max_sustained_rate_hz", 0.0)))
      << row("target (Hz)", format_number("%.1f", streaming.value("target_frames_per_s", 0.0)) +
                                (streaming.value("meets_target", false) ? ": met" : ": NOT met"))
      << row("input queue depth, maximum", format_number("%.0f", streaming.value("queue_depth_max", 0.0)))
      << "</table>";
  if (streaming.contains("queue_depth_at_arrival") && streaming["queue_depth_at_arrival"].size() > 1) {
    std::vector<svg::Point> depth;
    for (const auto& sample : streaming["queue_depth_at_arrival"]) {
      depth.push_back({sample.value("arrival_ns", 0.0) / 1000.0, sample.value("queue_depth", 0.0)});
    }
    out << svg::line_chart("Input queue depth at each frame's arrival", depth, "frames waiting", {}, "",
                           "arrival time (us)", "queue depth (frames)");
  }
  return out.str();
}

std::string key_value_table(const OrderedJson& object) {
  std::ostringstream out;
  out << "<table>";
  for (const auto& [key, value] : object.items()) {
    out << "<tr><th><code>" << escape(key) << "</code></th><td>"
        << escape(value.is_string() ? value.get<std::string>() : value.dump()) << "</td></tr>";
  }
  out << "</table>";
  return out.str();
}

std::string noc_section(const OrderedJson& report) {
  const OrderedJson::json_pointer statistics_path("/memristive_cnn/noc/statistics");
  if (!report.contains(statistics_path)) return "<p class=\"note\">This report has no network-on-chip section.</p>";
  const OrderedJson& noc = report["memristive_cnn"]["noc"];
  // The mesh the simulation ran: its nodes in rows of the configured width.
  const int columns = std::max(1, static_cast<int>(number_at(report, "/config/effective/noc/mesh_cols")));
  const int nodes = static_cast<int>(number_at(report, "/memristive_cnn/noc/statistics/nodes"));
  const int rows = std::max(1, nodes / columns);
  const std::string extra =
      row("packets: activations / partial sums / same-node transfers",
          format_number("%.0f", noc.value("activation_packets", 0.0)) + " / " +
              format_number("%.0f", noc.value("partial_sum_packets", 0.0)) + " / " +
              format_number("%.0f", noc.value("local_transfers", 0.0))) +
      row("NoC energy per frame (uJ)", format_number("%.3f", number_at(report,
                                                                       "/memristive_cnn/"
                                                                       "energy_per_frame_uj_by_category/noc")));
  return html::noc_section(noc["statistics"], rows, columns, extra);
}

}  // namespace

std::string render_cnn_html_report(const OrderedJson& report) {
  const double frames = number_at(report, "/metrics/frames");
  const OrderedJson& cnn = report["memristive_cnn"];
  const OrderedJson& workload = report["workload"];
  std::ostringstream out;
  out << html::page_head("spinaps run report: " + report["config"].value("name", "") + " (memristive CNN)")
      << html::provenance_paragraph(report, "model " + workload.value("model", "") + ", " +
                                                format_number("%.0f", frames) +
                                                " frames: " + workload.value("description", ""));
  out << "<h2>Headline figures</h2>\n"
      << headline_table(report) << "\n<h2>Fidelity</h2>\n"
      << fidelity_section(report) << "\n"
      << phase_images_section(cnn) << "\n<h2>Energy per frame</h2>\n"
      << svg::bar_chart(
             "Energy per frame by category (uJ)",
             html::bars_of(cnn.contains("energy_per_frame_uj_by_category") ? cnn["energy_per_frame_uj_by_category"]
                                                                           : OrderedJson::object(),
                           1.0),
             "%.4g", "uJ")
      << "\n<h2>Area</h2>\n"
      << svg::bar_chart("Area by category (mm2)", html::bars_of(report["area"]["by_category_mm2"], 1.0), "%.4f", "mm2")
      << "\n<h2>Layers</h2>\n"
      << layer_section(cnn) << "\n<h2>Input queue and streaming</h2>\n"
      << streaming_section(cnn) << "\n<h2>Converters and calibration</h2>\n"
      << (cnn.contains("converters") ? key_value_table(cnn["converters"]) : std::string()) << "\n<h2>Devices</h2>\n"
      << (cnn.contains("device_faults") ? key_value_table(cnn["device_faults"]) : std::string())
      << "\n<h2>Network-on-chip link utilisation</h2>\n"
      << noc_section(report) << "\n<h2>Actions</h2>\n"
      << html::actions_table(report) << "\n<h2>Configuration values and their sources</h2>\n"
      << html::sources_table(report) << "\n</body></html>\n";
  return out.str();
}

}  // namespace spinaps::report
