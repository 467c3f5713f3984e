#include "tools/report/cnn_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

#include "hw/cnn_accel/tile_network.h"
#include "hw/memristor/tile_actions.h"
#include "hw/noc/noc_actions.h"
#include "models/io/data_paths.h"
#include "tools/report/phase_images.h"
#include "tools/report/report_table.h"
#include "workloads/ptycho/fidelity.h"

namespace spinaps::report {
namespace {

using Json = nlohmann::ordered_json;

/// Cycles between completions in the second half of the run (the pipeline's steady state); the
/// single frame's own latency when there is one.
double steady_interval_cycles(const std::vector<cnn_accel::FrameRecord>& records) {
  const std::size_t n = records.size();
  if (n == 1) return static_cast<double>(records[0].completed_cycle - records[0].admitted_cycle);
  const std::size_t first = (n - 1) / 2;
  return static_cast<double>(records[n - 1].completed_cycle - records[first].completed_cycle) /
         static_cast<double>(n - 1 - first);
}

/// Frames waiting in the queue at the moment each frame arrived (itself included). Frames arrive and
/// are admitted in order, so the frames still waiting when frame i arrives are a run k..i whose
/// start only moves forward: one pass.
std::vector<std::uint64_t> depths_at_arrival(const std::vector<cnn_accel::FrameRecord>& records) {
  std::vector<std::uint64_t> depths(records.size());
  std::size_t first_waiting = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    while (first_waiting < i && records[first_waiting].admitted_cycle <= records[i].arrival_cycle) ++first_waiting;
    depths[i] = i - first_waiting + 1;
  }
  return depths;
}

Json round_json(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

/// The phase output the ground truth is compared with: the output named "phase", else the only
/// output; empty when neither exists or its shape is not [1, 1, M, M] of the ground truth's M.
std::string phase_output(const cnn::Graph& graph, const ptycho::RealImage& truth) {
  std::string name;
  for (const std::string& output : graph.outputs) {
    if (output == "phase") name = output;
  }
  if (name.empty() && graph.outputs.size() == 1) name = graph.outputs.front();
  if (name.empty()) return "";
  const cnn::Shape& shape = graph.shapes.at(name);
  const bool fits =
      shape.size() == 4 && shape[0] == 1 && shape[1] == 1 && shape[2] == truth.rows && shape[3] == truth.cols;
  return fits ? name : "";
}

ptycho::RealImage image_of(const cnn::Tensor& tensor) {
  ptycho::RealImage image(static_cast<std::uint32_t>(tensor.shape[2]), static_cast<std::uint32_t>(tensor.shape[3]));
  for (std::size_t i = 0; i < image.values.size(); ++i) image.values[i] = tensor.values[i];
  return image;
}

/// Each set of outputs against the ground-truth phase: RMSE (rad) and PSNR from the mean squared
/// error over every pixel of every frame, SSIM averaged over frames; L = 2 pi (ptycho/fidelity.h).
Json ground_truth_section(const cnn::Graph& graph, const std::vector<ptycho::RealImage>& truth,
                          const std::vector<cnn::TensorMap>& references, const std::vector<cnn::TensorMap>& outputs,
                          const std::vector<cnn::TensorMap>& ideal_converters,
                          const std::vector<cnn::TensorMap>& quantisation_floor) {
  const std::string name = phase_output(graph, truth.front());
  if (name.empty()) return nullptr;
  const auto compare = [&](const std::vector<cnn::TensorMap>& maps) {
    double mse = 0.0, ssim = 0.0;
    const std::size_t frames = std::min(truth.size(), maps.size());
    for (std::size_t frame = 0; frame < frames; ++frame) {
      const ptycho::Fidelity f =
          ptycho::compare(image_of(maps[frame].at(name)), truth[frame], ptycho::kPhaseDataRangeRad);
      mse += f.mse;
      ssim += f.ssim;
    }
    mse /= static_cast<double>(std::max<std::size_t>(frames, 1));
    return Json{{"phase_rmse_rad", std::sqrt(mse)},
                {"psnr_db", round_json(ptycho::psnr_db(mse, ptycho::kPhaseDataRangeRad))},
                {"ssim", ssim / static_cast<double>(std::max<std::size_t>(frames, 1))}};
  };
  Json section = {{"output", name},
                  {"frames", std::min(truth.size(), outputs.size())},
                  {"data_range_rad", ptycho::kPhaseDataRangeRad},
                  {"reference", "the ptychography simulator's ground-truth phase of each frame (docs/ptychography.md)"},
                  {"float", compare(references)},
                  {"tiles", compare(outputs)}};
  if (!ideal_converters.empty()) section["ideal_converters"] = compare(ideal_converters);
  if (!quantisation_floor.empty()) section["quantisation_floor"] = compare(quantisation_floor);
  return section;
}

/// How the signals reach the tiles and leave them: precisions, the ADC range and how it was set,
/// the weight scales and the devices that share one weight slice.
Json converters_section(const cnn_accel::AcceleratorConfig& config) {
  const memristor::TileGeometry& tile = config.tile;
  Json section = {
      {"input_bits", tile.input_bits},
      {"weight_bits", tile.weight_bits},
      {"dac_bits", tile.dac_bits},
      {"adc_bits", tile.adc_bits},
      {"adc_range", cnn_accel::adc_range_choices().name_of(tile.adc_range)},
      {"weight_scale", cnn_accel::weight_scale_choices().name_of(config.mapping.weight_scale)},
      {"output_calibration", cnn_accel::output_calibration_choices().name_of(config.mapping.output_calibration)},
      {"devices_per_slice", tile.devices_per_slice},
      {"calibration_frames", config.mapping.calibration_frames},
      {"input_calibration_percentile", config.mapping.calibration_percentile}};
  if (tile.adc_range == memristor::AdcRange::kCalibrated) {
    section["adc_calibration_percentile"] = tile.adc_calibration_percentile;
    section["adc_range_method"] =
        "per row chunk, column chunk and weight slice: the adc_calibration_percentile of |column signal| over the "
        "calibration frames (never streamed), with the float network's activations as inputs";
  } else {
    section["adc_full_scale_fraction"] = tile.adc_full_scale_fraction;
    section["adc_range_method"] =
        "adc_full_scale_fraction x the largest possible column signal (rows x (2^dac_bits - 1) x (Gmax - Gmin))";
  }
  return section;
}

/// The input queue and the beamline verdict. The verdict compares the highest rate the
/// accelerator sustains (a saturated run) with the target; the completion rate of a stream run is
/// limited by the offered load, so it says nothing about what the accelerator can do.
Json streaming_section(const cnn_accel::AcceleratorResult& result, double stream_rate_hz, double frames_per_s,
                       const CnnReportInputs& inputs) {
  const double period_ns = result.run.period_ns;
  Json streaming;
  streaming["stream_rate_hz"] = stream_rate_hz;
  streaming["mode"] = stream_rate_hz > 0.0 ? "stream" : "saturated";
  streaming["completion_rate_hz"] = frames_per_s;
  streaming["completion_rate_limited_by"] = stream_rate_hz > 0.0
                                                ? "the offered load (stream_rate_hz) or the accelerator"
                                                : "the accelerator (every frame queued at time 0)";
  std::uint64_t max_depth = 0;
  Json depth_series = Json::array();
  const std::vector<std::uint64_t> depths = depths_at_arrival(result.records);
  for (std::size_t i = 0; i < result.records.size(); ++i) {
    const std::uint64_t depth = depths[i];
    max_depth = std::max(max_depth, depth);
    depth_series.push_back({{"frame", i},
                            {"arrival_ns", static_cast<double>(result.records[i].arrival_cycle) * period_ns},
                            {"queue_depth", depth}});
  }
  const std::size_t n = result.records.size();
  streaming["queue_depth_max"] = max_depth;
  streaming["backlog_growing"] = n >= 4 && depths[n - 1] > depths[n / 2];
  streaming["queue_depth_at_arrival"] = depth_series;
  const bool measured_apart = inputs.max_sustained_rate_hz >= 0.0;
  const double sustained = measured_apart ? inputs.max_sustained_rate_hz : frames_per_s;
  streaming["max_sustained_rate_hz"] = sustained;
  streaming["max_sustained_rate_method"] =
      measured_apart ? "steady-state completion rate of a separate saturated run (every frame queued at time 0)"
                     : (stream_rate_hz > 0.0 ? "this run's steady-state completion rate (a lower bound: limited by "
                                               "the offered load)"
                                             : "steady-state completion rate of this saturated run");
  if (inputs.labels.empty()) {  // detector frames: the beamline's rate applies
    streaming["target_frames_per_s"] = kTargetFramesPerSecond;
    streaming["meets_target"] = sustained >= kTargetFramesPerSecond;
  }
  streaming["max_frames_in_flight"] = result.max_frames_in_flight;
  return streaming;
}

}  // namespace

std::vector<OutputFidelity> measure_fidelity(const std::vector<cnn::TensorMap>& outputs,
                                             const std::vector<cnn::TensorMap>& references) {
  std::vector<OutputFidelity> fidelity;
  if (references.empty()) return fidelity;
  for (const auto& [name, first] : references.front()) {
    OutputFidelity entry;
    entry.output = name;
    double error_sq = 0.0, reference_sq = 0.0, low = std::numeric_limits<double>::infinity(), high = -low;
    std::size_t elements = 0;
    double ssim_sum = 0.0;
    std::size_t ssim_frames = 0;
    for (std::size_t frame = 0; frame < references.size(); ++frame) {
      const cnn::Tensor& reference = references[frame].at(name);
      const cnn::Tensor& output = outputs.at(frame).at(name);
      for (std::size_t index = 0; index < reference.values.size(); ++index) {
        const double r = reference.values[index];
        const double difference = static_cast<double>(output.values[index]) - r;
        error_sq += difference * difference;
        reference_sq += r * r;
        low = std::min(low, r);
        high = std::max(high, r);
        entry.max_abs_error = std::max(entry.max_abs_error, std::fabs(difference));
      }
      elements += reference.values.size();
    }
    const double range = high - low;
    for (std::size_t frame = 0; frame < references.size(); ++frame) {
      const cnn::Tensor& reference = references[frame].at(name);
      if (reference.shape.size() != 4 || reference.shape[2] < ptycho::kSsimWindowPx ||
          reference.shape[3] < ptycho::kSsimWindowPx || range <= 0.0) {
        continue;
      }
      const auto rows = static_cast<std::uint32_t>(reference.shape[2]);
      const auto cols = static_cast<std::uint32_t>(reference.shape[3]);
      ptycho::RealImage a(rows, cols), b(rows, cols);
      const cnn::Tensor& output = outputs.at(frame).at(name);
      for (std::size_t index = 0; index < static_cast<std::size_t>(rows) * cols; ++index) {
        a.values[index] = output.values[index];
        b.values[index] = reference.values[index];
      }
      ssim_sum += ptycho::ssim(a, b, range);
      ++ssim_frames;
    }
    entry.rel_error = reference_sq > 0.0 ? std::sqrt(error_sq / reference_sq) : std::sqrt(error_sq);
    const double mse = error_sq / static_cast<double>(std::max<std::size_t>(elements, 1));
    entry.psnr_db = range > 0.0 ? ptycho::psnr_db(mse, range) : std::numeric_limits<double>::quiet_NaN();
    entry.ssim =
        ssim_frames > 0 ? ssim_sum / static_cast<double>(ssim_frames) : std::numeric_limits<double>::quiet_NaN();
    fidelity.push_back(entry);
  }
  return fidelity;
}

OrderedJson build_cnn_report(const cnn_accel::AcceleratorConfig& config, const cnn::Graph& graph,
                             const std::vector<cnn::LayerSummary>& layers, const cnn_accel::AcceleratorResult& result,
                             const std::vector<OutputFidelity>& fidelity, const std::vector<cnn::TensorMap>& references,
                             const CnnReportInputs& inputs) {
  const hw::RunResult& run = result.run;
  const double period_ns = run.period_ns;
  const auto frames = static_cast<double>(result.frames);
  std::vector<double> latency_ns, compute_ns;
  for (const cnn_accel::FrameRecord& record : result.records) {
    latency_ns.push_back(static_cast<double>(record.completed_cycle - record.arrival_cycle) * period_ns);
    compute_ns.push_back(static_cast<double>(record.completed_cycle - record.admitted_cycle) * period_ns);
  }
  const double interval_ns = steady_interval_cycles(result.records) * period_ns;
  const double frames_per_s = interval_ns > 0.0 ? 1e9 / interval_ns : 0.0;
  const double simulated_ns = run.simulated_time_ns();

  // Energy: every action counted times its energy, plus leakage over the simulated time. Per frame,
  // leakage is charged over one steady-state frame interval (what a frame costs in a long stream),
  // not over this run's pipeline fill and drain.
  const energy::EnergyBreakdown energy = run.energy();
  const double dynamic_per_frame_pj = energy.dynamic_pj / frames;
  const double leakage_per_frame_pj = energy.leakage_mw * interval_ns;  // mW x ns = pJ
  const double energy_per_frame_pj = dynamic_per_frame_pj + leakage_per_frame_pj;
  const double macs = static_cast<double>(cnn::total_macs(layers));
  const double area = run.components.total_area_mm2();
  const double tops_per_w = safe_ratio(2.0 * macs, energy_per_frame_pj);
  const double gsops_per_w = safe_ratio(macs, energy_per_frame_pj) * 1e3;

  ReportIdentity identity;
  identity.accelerator = hw::AcceleratorKind::kMemristiveCnn;
  identity.command_line = inputs.command_line;
  identity.config_name = config.name;
  identity.config_file = config.file;
  identity.document = config.document;
  identity.seed = config.seed;
  identity.parameter_sources = parameter_sources(config.document, config.file, inputs.command,
                                                 {{"workload.frames", config.workload.frames},
                                                  {"workload.stream_rate_hz", config.workload.stream_rate_hz},
                                                  {"simulation.idle_skipping", config.simulation.idle_skipping},
                                                  {"technology.data_dir", "models/tech (built in)"}});

  ReportParts parts;
  parts.category_order = {"array",       "dac",          "sample_hold", "adc",    "shift_add",
                          "partial_sum", "output_scale", "digital",     "buffer", "noc"};
  OrderedJson& workload = parts.workload;
  workload["model"] = config.workload.model == cnn::kOriginalPtychoNN
                          ? config.workload.model
                          : io::relative_to_data_root(config.workload.model);
  workload["inputs"] = OrderedJson::object();
  for (const std::string& name : graph.inputs) workload["inputs"][name] = graph.shapes.at(name);
  workload["outputs"] = OrderedJson::object();
  for (const std::string& name : graph.outputs) workload["outputs"][name] = graph.shapes.at(name);
  workload["layers"] = layers.size();
  workload["macs_per_frame"] = cnn::total_macs(layers);
  workload["parameters"] = cnn::total_parameters(layers);
  workload["frames"] = result.frames;
  workload["description"] = inputs.frames_description;
  workload["stream_rate_hz"] = config.workload.stream_rate_hz;

  OrderedJson& metrics = parts.metrics;
  metrics["frames"] = result.frames;
  metrics["frames_per_s"] = frames_per_s;
  metrics["latency_ns"] = summarise(latency_ns);
  metrics["compute_latency_ns"] = summarise(compute_ns);
  metrics["simulated_time_ns"] = simulated_ns;
  metrics["cycles"] = run.simulated_cycles;
  metrics["clock_mhz"] = config.clock.frequency_mhz;
  metrics["energy_pj"] = {{"total", energy.total_pj}, {"dynamic", energy.dynamic_pj}, {"leakage", energy.leakage_pj}};
  metrics["energy_per_frame_uj"] = energy_per_frame_pj * 1e-6;
  metrics["dynamic_energy_per_frame_uj"] = dynamic_per_frame_pj * 1e-6;
  metrics["leakage_energy_per_frame_uj"] = leakage_per_frame_pj * 1e-6;
  metrics["average_power_mw"] = energy_per_frame_pj * frames_per_s * 1e-9;
  metrics["leakage_power_mw"] = energy.leakage_mw;
  metrics["area_mm2"] = {{"total", area}};
  metrics["tops"] = 2.0 * macs * frames_per_s / 1e12;
  metrics["tops_per_w"] = tops_per_w;
  metrics["tops_per_w_without_leakage"] = safe_ratio(2.0 * macs, dynamic_per_frame_pj);
  metrics["tops_per_w_per_mm2"] = safe_ratio(tops_per_w, area);
  metrics["gsops"] = macs * frames_per_s / 1e9;
  metrics["gsops_per_w"] = gsops_per_w;
  metrics["gsops_per_w_per_mm2"] = safe_ratio(gsops_per_w, area);

  OrderedJson& own = parts.own;
  const auto fidelity_summary = [](const std::vector<OutputFidelity>& entries) {
    double worst_rel = 0.0, worst_psnr = std::numeric_limits<double>::infinity();
    for (const OutputFidelity& entry : entries) {
      worst_rel = std::max(worst_rel, entry.rel_error);
      worst_psnr = std::min(worst_psnr, entry.psnr_db);
    }
    return Json{
        {"rel_error", worst_rel},
        {"psnr_db", round_json(worst_psnr)},
        {"ssim", round_json(entries.empty() ? std::numeric_limits<double>::quiet_NaN() : entries.front().ssim)}};
  };
  const auto output_rows = [](const std::vector<OutputFidelity>& entries) {
    Json rows = Json::array();
    for (const OutputFidelity& entry : entries) {
      rows.push_back({{"output", entry.output},
                      {"rel_error", entry.rel_error},
                      {"psnr_db", round_json(entry.psnr_db)},
                      {"ssim", round_json(entry.ssim)},
                      {"max_abs_error", entry.max_abs_error}});
    }
    return rows;
  };
  if (!fidelity.empty()) {
    Json summary = fidelity_summary(fidelity);
    Json detail = {{"reference", "float32 reference inference of the same graph and weights (workloads/cnn)"},
                   {"outputs", output_rows(fidelity)}};
    const std::pair<const char*, const std::vector<cnn::TensorMap>*> floors[] = {
        {"ideal_converters", &result.ideal_converter_outputs},
        {"quantisation_floor", &result.quantisation_floor_outputs}};
    for (const auto& [name, outputs] : floors) {
      if (outputs->empty()) continue;
      const std::vector<OutputFidelity> floor = measure_fidelity(*outputs, references);
      summary[name] = fidelity_summary(floor);
      detail[name] = {{"outputs", output_rows(floor)}};
    }
    metrics["fidelity"] = summary;
    own["fidelity"] = detail;
  }
  if (!inputs.ground_truth_phase.empty()) {
    std::vector<cnn::TensorMap> outputs;
    for (const auto& [frame, values] : result.outputs) outputs.push_back(values);
    Json ground_truth = ground_truth_section(graph, inputs.ground_truth_phase, references, outputs,
                                             result.ideal_converter_outputs, result.quantisation_floor_outputs);
    if (!ground_truth.is_null()) {
      metrics["ground_truth"] = {{"phase_rmse_rad", ground_truth["tiles"]["phase_rmse_rad"]},
                                 {"psnr_db", ground_truth["tiles"]["psnr_db"]},
                                 {"ssim", ground_truth["tiles"]["ssim"]},
                                 {"float_phase_rmse_rad", ground_truth["float"]["phase_rmse_rad"]},
                                 {"float_psnr_db", ground_truth["float"]["psnr_db"]},
                                 {"float_ssim", ground_truth["float"]["ssim"]}};
      own["ground_truth"] = ground_truth;
      const std::string name = ground_truth["output"].get<std::string>();
      own["phase_images"] = phase_images_section(image_of(references.front().at(name)),
                                                 image_of(outputs.front().at(name)), inputs.ground_truth_phase.front());
    }
  }
  if (!inputs.labels.empty() && graph.outputs.size() == 1) {
    // Digit classifiers: the predicted class is the largest of the output's values.
    const auto argmax = [](const cnn::Tensor& tensor) {
      return static_cast<int>(std::max_element(tensor.values.begin(), tensor.values.end()) - tensor.values.begin());
    };
    const std::string& name = graph.outputs.front();
    std::size_t tile_correct = 0, float_correct = 0, agree = 0;
    for (std::size_t frame = 0; frame < inputs.labels.size(); ++frame) {
      const int tile_class = argmax(result.outputs.at(frame).at(name));
      const int float_class = argmax(references.at(frame).at(name));
      tile_correct += tile_class == inputs.labels[frame] ? 1 : 0;
      float_correct += float_class == inputs.labels[frame] ? 1 : 0;
      agree += tile_class == float_class ? 1 : 0;
    }
    const auto n = static_cast<double>(inputs.labels.size());
    metrics["accuracy"] = static_cast<double>(tile_correct) / n;
    own["classification"] = {{"accuracy", static_cast<double>(tile_correct) / n},
                             {"float_accuracy", static_cast<double>(float_correct) / n},
                             {"agreement_with_float", static_cast<double>(agree) / n},
                             {"frames", inputs.labels.size()}};
  }
  own["technology"] = {{"clock_mhz", config.clock.frequency_mhz},
                       {"node_nm", config.technology.node_nm},
                       {"device", config.device.name},
                       {"levels", config.device.levels}};
  own["converters"] = converters_section(config);
  own["device_faults"] = {{"devices", result.faults.devices},
                          {"stuck_at_gmin_devices", result.faults.stuck_at_gmin},
                          {"stuck_at_gmax_devices", result.faults.stuck_at_gmax},
                          {"stuck_at_gmin_rate", config.device.stuck_at_gmin_rate},
                          {"stuck_at_gmax_rate", config.device.stuck_at_gmax_rate},
                          {"read_time_s", config.tile.read_time_s},
                          {"drift_nu", config.device.drift_nu},
                          {"programming_sigma_us", config.device.programming_sigma_in_us()},
                          {"read_noise_sigma_relative", config.device.read_noise_sigma_relative}};
  Json per_frame = Json::object();
  for (const std::string& category : parts.category_order) {
    const auto found = energy.dynamic_by_category_pj.find(category);
    if (found != energy.dynamic_by_category_pj.end()) per_frame[category] = found->second / frames * 1e-6;
  }
  for (const auto& [category, pj] : energy.dynamic_by_category_pj) {
    if (!per_frame.contains(category)) per_frame[category] = pj / frames * 1e-6;
  }
  per_frame["leakage"] = leakage_per_frame_pj * 1e-6;
  own["energy_per_frame_uj_by_category"] = per_frame;

  const cnn_accel::AcceleratorPlan& plan = result.plan;
  std::map<std::string, std::uint64_t> macs_of;
  for (const cnn::LayerSummary& layer : layers) macs_of[layer.name] = layer.macs;
  Json layer_rows = Json::array();
  for (std::size_t index = 0; index < plan.units.size(); ++index) {
    const cnn_accel::UnitPlan& unit = plan.units[index];
    const cnn_accel::UnitCounts& counts = result.unit_counts[index];
    double unit_pj = 0.0;
    for (const auto& [action, count] : counts.actions.all()) {
      unit_pj += run.action_table.energy_pj(action) * static_cast<double>(count);
    }
    Json row;
    row["name"] = unit.name;
    row["op_type"] = unit.op_type;
    row["engine"] = unit.weight_layer ? "tiles" : "digital";
    row["tiles"] = unit.tiles_per_copy * unit.copies;
    row["copies"] = unit.copies;
    row["utilisation"] = unit.utilisation;
    row["home_node"] = unit.home_node;
    row["rows"] = unit.rows;
    row["cycles_per_row"] = unit.row_cycles();
    row["cycles_per_frame"] = static_cast<std::uint64_t>(unit.rows) * unit.row_cycles();
    row["busy_fraction"] = run.simulated_cycles > 0 ? static_cast<double>(result.unit_busy_cycles[index]) /
                                                          static_cast<double>(run.simulated_cycles)
                                                    : 0.0;
    row["macs_per_frame"] = macs_of[unit.name];
    row["energy_per_frame_uj"] = unit_pj / frames * 1e-6;
    if (unit.weight_layer) {
      row["im2col_k"] = unit.k;
      row["im2col_m"] = unit.m;
      row["row_chunks"] = unit.row_chunks;
      row["column_chunks"] = unit.column_chunks;
      const std::uint64_t conversions = counts.actions.get(memristor::kActionAdcConversion);
      row["adc_conversions_per_frame"] = static_cast<double>(conversions) / frames;
      row["adc_clipped_fraction"] =
          safe_ratio(static_cast<double>(counts.adc_clipped_conversions), static_cast<double>(conversions));
    }
    layer_rows.push_back(row);
  }
  own["layers"] = layer_rows;
  std::uint64_t slowest = 0;
  std::string bottleneck;
  for (const cnn_accel::UnitPlan& unit : plan.units) {
    const std::uint64_t cycles = static_cast<std::uint64_t>(unit.rows) * unit.row_cycles();
    if (cycles > slowest) {
      slowest = cycles;
      bottleneck = unit.name;
    }
  }
  own["mapping"] = {{"tiles_used", plan.tiles_used},
                    {"tile_capacity", plan.tile_capacity},
                    {"nodes_used", plan.nodes_used},
                    {"mesh_nodes", plan.nodes},
                    {"mesh_rows_built", result.technology.mesh_rows_built},
                    {"replication", cnn_accel::replication_name(config.mapping.replication)},
                    {"chip_sizing", cnn_accel::chip_sizing_choices().name_of(config.mapping.chip_sizing)},
                    {"bottleneck_layer", bottleneck},
                    {"bottleneck_cycles_per_frame", slowest},
                    {"adc_conversion_cycles", plan.timing.adc_conversion_cycles},
                    {"array_read_cycles", plan.timing.array_read_cycles},
                    {"digital_op_cycles", plan.timing.digital_op_cycles},
                    {"node_pitch_mm", result.technology.node_pitch_mm()}};
  for (const cnn_accel::UnitPlan& unit : plan.units) {
    if (unit.weight_layer) {
      own["mapping"]["slices_per_weight"] = unit.slices;
      break;
    }
  }
  own["streaming"] = streaming_section(result, config.workload.stream_rate_hz, frames_per_s, inputs);
  Json noc_json;
  noc_json["activation_packets"] = result.activation_packets;
  noc_json["partial_sum_packets"] = result.partial_sum_packets;
  noc_json["local_transfers"] = result.local_transfers;
  if (result.has_mesh) noc_json["statistics"] = result.noc_statistics.to_json();
  own["noc"] = noc_json;
  parts.definitions = {
      {"synaptic_operation",
       "one weight multiply-accumulate of a Conv, Gemm or MatMul layer (workloads/cnn layer summary)"},
      {"tops", "2 x weight MACs per frame x frames_per_s / 1e12 (a MAC counts as two operations)"},
      {"tops_per_w", "2 x weight MACs per frame / energy per frame in pJ"},
      {"tops_per_w_without_leakage", "2 x weight MACs per frame / dynamic energy per frame in pJ"},
      {"gsops", "weight MACs per frame x frames_per_s / 1e9"},
      {"gsops_per_w", "weight MACs per frame / energy per frame in nJ"},
      {"frames_per_s",
       "1 / the mean interval between frame completions over the second half of the run (steady state)"},
      {"latency_ns", "completion minus arrival at the input queue, per frame (includes queueing)"},
      {"compute_latency_ns", "completion minus admission into an input buffer, per frame"},
      {"energy_per_frame_uj",
       "sum over actions of count x energy per action / frames + leakage power x the steady-state frame interval"},
      {"energy", "the run's total: sum over actions of count x energy per action + leakage power x simulated time"},
      {"fidelity.rel_error", "largest over outputs of ||tile - float||_2 / ||float||_2 over all frames"},
      {"fidelity.psnr_db", "smallest over outputs of 10 log10(L^2 / MSE), L = range of the float output"},
      {"fidelity.ssim", "mean over frames of the first output's SSIM against the float output"},
      {"fidelity.ideal_converters",
       "the same figures for the same programmed tiles read through ideal converters (unlimited resolution and "
       "range): what the devices alone cost"},
      {"fidelity.quantisation_floor",
       "the same figures for ideal devices (no programming spread, read noise, faults or drift) through ideal "
       "converters, at the configured levels, weight and input bits: what quantisation alone costs"},
      {"ground_truth",
       "the phase output against the simulator's ground-truth phase: RMSE in rad and PSNR from the mean squared "
       "error over every pixel of every frame, SSIM averaged over frames, data range 2 pi; float_* for the float "
       "reference"},
      {"percentiles", "nearest-rank"}};
  OrderedJson report = assemble_report(identity, parts, run, energy);
  if (result.golden.ran) {
    report["golden_check"] = {{"outputs_identical", result.golden.outputs_identical},
                              {"counts_identical", result.golden.counts_identical},
                              {"first_difference", result.golden.first_difference}};
  }
  return report;
}

std::string format_cnn_report(const Json& report) {
  const Json& metrics = report["metrics"];
  const Json& own = report["memristive_cnn"];
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "spinaps run report: %s, %s on memristive tiles, %llu frames\n",
                report["config"]["name"].get<std::string>().c_str(),
                report["workload"]["model"].get<std::string>().c_str(),
                static_cast<unsigned long long>(metrics["frames"].get<std::uint64_t>()));
  out << line << "  workload: " << report["workload"]["description"].get<std::string>() << ", seed "
      << report["seed"].get<std::uint64_t>() << "\n\n";
  const Json& streaming = own["streaming"];
  std::snprintf(line, sizeof line, "  throughput     %12.1f frames/s (completion rate, limited by %s)\n",
                metrics["frames_per_s"].get<double>(),
                streaming["completion_rate_limited_by"].get<std::string>().c_str());
  out << line;
  if (streaming.contains("meets_target")) {
    std::snprintf(line, sizeof line, "  beamline       max sustained %.1f frames/s against %.0f: %s\n",
                  streaming["max_sustained_rate_hz"].get<double>(), streaming["target_frames_per_s"].get<double>(),
                  streaming["meets_target"].get<bool>() ? "met" : "NOT met");
    out << line;
  }
  std::snprintf(line, sizeof line, "  latency        %12.1f us p50, %.1f us p99 (compute %.1f us)\n",
                metrics["latency_ns"]["p50"].get<double>() / 1e3, metrics["latency_ns"]["p99"].get<double>() / 1e3,
                metrics["compute_latency_ns"]["p50"].get<double>() / 1e3);
  out << line;
  std::snprintf(line, sizeof line,
                "  energy         %12.3f uJ/frame (%.3f dynamic, %.3f leakage), power %.1f mW, area %.3f mm2\n",
                metrics["energy_per_frame_uj"].get<double>(), metrics["dynamic_energy_per_frame_uj"].get<double>(),
                metrics["leakage_energy_per_frame_uj"].get<double>(), metrics["average_power_mw"].get<double>(),
                metrics["area_mm2"]["total"].get<double>());
  out << line;
  std::snprintf(line, sizeof line,
                "  efficiency     %12.3f TOPS, %.3f TOPS/W (%.3f without leakage), %.4f TOPS/W/mm2; %.1f GSOPS, "
                "%.1f GSOPS/W\n",
                metrics["tops"].get<double>(), metrics["tops_per_w"].get<double>(),
                metrics["tops_per_w_without_leakage"].get<double>(), metrics["tops_per_w_per_mm2"].get<double>(),
                metrics["gsops"].get<double>(), metrics["gsops_per_w"].get<double>());
  out << line;
  const Json& mapping = own["mapping"];
  std::snprintf(line, sizeof line, "  mapping        %lld of %lld tiles on %lld nodes, bottleneck %s\n",
                static_cast<long long>(mapping["tiles_used"].get<std::int64_t>()),
                static_cast<long long>(mapping["tile_capacity"].get<std::int64_t>()),
                static_cast<long long>(mapping["nodes_used"].get<std::int64_t>()),
                mapping["bottleneck_layer"].get<std::string>().c_str());
  out << line;
  if (own.contains("fidelity")) {
    for (const Json& entry : own["fidelity"]["outputs"]) {
      std::snprintf(line, sizeof line, "  fidelity %-6s rel. error %.4g, PSNR %s dB, SSIM %s\n",
                    entry["output"].get<std::string>().c_str(), entry["rel_error"].get<double>(),
                    entry["psnr_db"].is_null() ? "-" : table::format("%.2f", entry["psnr_db"].get<double>()).c_str(),
                    entry["ssim"].is_null() ? "-" : table::format("%.4f", entry["ssim"].get<double>()).c_str());
      out << line;
    }
  }
  if (metrics.contains("fidelity")) {
    const Json& fidelity = metrics["fidelity"];
    const auto floor_line = [&](const char* key, const char* label) {
      if (!fidelity.contains(key)) return;
      const Json& floor = fidelity[key];
      std::snprintf(line, sizeof line, "  floor          %-34s rel. error %.4g, SSIM %s\n", label,
                    floor["rel_error"].get<double>(),
                    floor["ssim"].is_null() ? "-" : table::format("%.4f", floor["ssim"].get<double>()).c_str());
      out << line;
    };
    floor_line("ideal_converters", "ideal converters (devices alone):");
    floor_line("quantisation_floor", "ideal devices and converters:");
  }
  if (own.contains("ground_truth")) {
    const Json& truth = own["ground_truth"];
    const auto truth_line = [&](const char* key, const char* label) {
      if (!truth.contains(key)) return;
      const Json& entry = truth[key];
      std::snprintf(line, sizeof line, "  ground truth   %-17s phase RMSE %.3f rad, PSNR %s dB, SSIM %.4f\n", label,
                    entry["phase_rmse_rad"].get<double>(),
                    entry["psnr_db"].is_null() ? "-" : table::format("%.2f", entry["psnr_db"].get<double>()).c_str(),
                    entry["ssim"].get<double>());
      out << line;
    };
    truth_line("float", "float network:");
    truth_line("tiles", "tiles:");
  }
  if (own.contains("classification")) {
    const Json& classes = own["classification"];
    std::snprintf(line, sizeof line,
                  "  classification accuracy %.2f %% (float %.2f %%), agreement with float %.2f %%\n",
                  100.0 * classes["accuracy"].get<double>(), 100.0 * classes["float_accuracy"].get<double>(),
                  100.0 * classes["agreement_with_float"].get<double>());
    out << line;
  }
  const Json& faults = own["device_faults"];
  std::snprintf(line, sizeof line,
                "  devices        %llu programmed, %llu stuck at Gmin, %llu at Gmax; read %.3g s after programming\n",
                static_cast<unsigned long long>(faults["devices"].get<std::uint64_t>()),
                static_cast<unsigned long long>(faults["stuck_at_gmin_devices"].get<std::uint64_t>()),
                static_cast<unsigned long long>(faults["stuck_at_gmax_devices"].get<std::uint64_t>()),
                faults["read_time_s"].get<double>());
  out << line;
  std::snprintf(line, sizeof line, "  streaming      rate %.1f Hz, queue max %llu, backlog %s\n",
                streaming["stream_rate_hz"].get<double>(),
                static_cast<unsigned long long>(streaming["queue_depth_max"].get<std::uint64_t>()),
                streaming["mode"] == "saturated"           ? "saturated (all frames queued at 0)"
                : streaming["backlog_growing"].get<bool>() ? "GROWING"
                                                           : "bounded");
  out << line;
  if (report.contains("golden_check")) {
    std::snprintf(line, sizeof line, "  golden model   outputs %s, counts %s\n",
                  report["golden_check"]["outputs_identical"].get<bool>() ? "identical" : "DIFFER",
                  report["golden_check"]["counts_identical"].get<bool>() ? "identical" : "DIFFER");
    out << line;
  }
  out << "\n";
  table::breakdowns(out, report, metrics["frames"].get<double>(), "per frame (run average)");
  out << "\n  layer                      op          engine  tiles copies  util  cycles/frame   busy  uJ/frame\n";
  for (const Json& row : own["layers"]) {
    std::snprintf(line, sizeof line, "  %-26.26s %-11.11s %-7s %5lld %6u %5.2f %13llu %6.2f %9.4f\n",
                  row["name"].get<std::string>().c_str(), row["op_type"].get<std::string>().c_str(),
                  row["engine"].get<std::string>().c_str(), static_cast<long long>(row["tiles"].get<std::int64_t>()),
                  row["copies"].get<unsigned>(), row["utilisation"].get<double>(),
                  static_cast<unsigned long long>(row["cycles_per_frame"].get<std::uint64_t>()),
                  row["busy_fraction"].get<double>(), row["energy_per_frame_uj"].get<double>());
    out << line;
  }
  return out.str();
}

}  // namespace spinaps::report
