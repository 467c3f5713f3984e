#include "workloads/ptycho/ptycho_config.h"

#include <cmath>

namespace spinaps::ptycho {
namespace {

constexpr double kPi = 3.14159265358979323846;

ProbeConfig parse_probe(config::ConfigNode node, std::uint32_t detector_pixels) {
  ProbeConfig probe;
  probe.kind =
      node.choice_or("kind", {"gaussian", "airy"}, "airy") == "gaussian" ? ProbeKind::kGaussian : ProbeKind::kAiry;
  // A quarter of the grid keeps the probe, and most of an Airy spot's rings, inside the window the
  // FFT wraps around; below a pixel the spot is not sampled at all.
  probe.width_px = node.real_or("width_px", 1.0, detector_pixels / 4.0, probe.width_px);
  node.finish();
  return probe;
}

ScanConfig parse_scan(config::ConfigNode node, std::uint32_t detector_pixels) {
  ScanConfig scan;
  scan.pattern = node.choice_or("pattern", {"raster", "fermat_spiral"}, "fermat_spiral") == "raster"
                     ? ScanPattern::kRaster
                     : ScanPattern::kFermatSpiral;
  // A step beyond the frame leaves no overlap at all; ptychography needs some.
  scan.step_px = node.real_or("step_px", 0.1, detector_pixels, scan.step_px);
  scan.points = static_cast<std::uint32_t>(node.integer_or("points", 1, 10000, scan.points));
  node.finish();
  return scan;
}

ObjectConfig parse_object(config::ConfigNode node) {
  ObjectConfig object;
  object.image = node.choice_or("image", {"siemens_star", "mnist"}, "siemens_star") == "mnist"
                     ? TestImageKind::kMnist
                     : TestImageKind::kSiemensStar;
  object.amplitude_min = node.real_or("amplitude_min", 0.0, 1.0, object.amplitude_min);
  // Beyond pi the phase wraps and the ground truth would be ambiguous.
  object.phase_max_rad = node.real_or("phase_max_rad", 0.0, kPi, object.phase_max_rad);
  object.mnist_pixel_px = static_cast<std::uint32_t>(node.integer_or("mnist_pixel_px", 1, 64, object.mnist_pixel_px));
  object.mnist_first_index =
      static_cast<std::uint32_t>(node.integer_or("mnist_first_index", 0, 100000000, object.mnist_first_index));
  node.finish();
  return object;
}

}  // namespace

std::string probe_kind_name(ProbeKind kind) { return kind == ProbeKind::kGaussian ? "gaussian" : "airy"; }
std::string scan_pattern_name(ScanPattern pattern) {
  return pattern == ScanPattern::kRaster ? "raster" : "fermat_spiral";
}
std::string test_image_name(TestImageKind kind) { return kind == TestImageKind::kMnist ? "mnist" : "siemens_star"; }
std::string binning_reduction_name(BinningReduction reduction) {
  return reduction == BinningReduction::kSum ? "sum" : "mean";
}

PtychoConfig parse_ptycho_config(config::ConfigNode node) {
  PtychoConfig config;
  config.name = node.text_or("name", config.name);
  config.description = node.text_or("description", "");
  node.skip("source");  // citations; load_ptycho_config checks their form
  config.seed = node.integer_or("seed", 0, UINT64_MAX, config.seed);
  config.detector_pixels =
      static_cast<std::uint32_t>(node.integer_or("detector_pixels", 16, 4096, config.detector_pixels));
  config.crop_pixels =
      static_cast<std::uint32_t>(node.integer_or("crop_pixels", 8, config.detector_pixels, config.crop_pixels));
  if ((config.detector_pixels - config.crop_pixels) % 2 != 0) {
    // An odd margin cannot be split evenly, and the zero frequency would leave the crop's centre.
    throw node.error("crop_pixels", "value " + std::to_string(config.crop_pixels) +
                                        " is not allowed; expected detector_pixels minus crop_pixels to be even");
  }
  config.binning = static_cast<std::uint32_t>(node.integer_or("binning", 1, 64, config.binning));
  if (config.crop_pixels % config.binning != 0 || config.output_pixels() < 8) {
    throw node.error("binning", "value " + std::to_string(config.binning) + " is not allowed; expected a divisor of " +
                                    "crop_pixels (" + std::to_string(config.crop_pixels) +
                                    ") leaving at least 8 output pixels");
  }
  config.binning_reduction = node.choice_or("binning_reduction", {"mean", "sum"}, "mean") == "sum"
                                 ? BinningReduction::kSum
                                 : BinningReduction::kMean;
  config.photons_per_frame = node.real_or("photons_per_frame", 1.0, 1.0e15, config.photons_per_frame);
  config.object_pixel_nm = node.real_or("object_pixel_nm", 0.001, 1.0e6, config.object_pixel_nm);
  if (node.has("probe")) config.probe = parse_probe(node.child("probe"), config.detector_pixels);
  if (node.has("scan")) config.scan = parse_scan(node.child("scan"), config.detector_pixels);
  if (node.has("object")) config.object = parse_object(node.child("object"));
  node.finish();
  return config;
}

nlohmann::ordered_json ptycho_config_to_json(const PtychoConfig& config) {
  nlohmann::ordered_json json;
  json["name"] = config.name;
  json["description"] = config.description;
  json["seed"] = config.seed;
  json["detector_pixels"] = config.detector_pixels;
  json["crop_pixels"] = config.crop_pixels;
  json["binning"] = config.binning;
  json["binning_reduction"] = binning_reduction_name(config.binning_reduction);
  json["photons_per_frame"] = config.photons_per_frame;
  json["object_pixel_nm"] = config.object_pixel_nm;
  json["probe"] = {{"kind", probe_kind_name(config.probe.kind)}, {"width_px", config.probe.width_px}};
  json["scan"] = {{"pattern", scan_pattern_name(config.scan.pattern)},
                  {"step_px", config.scan.step_px},
                  {"points", config.scan.points}};
  json["object"] = {{"image", test_image_name(config.object.image)},
                    {"amplitude_min", config.object.amplitude_min},
                    {"phase_max_rad", config.object.phase_max_rad},
                    {"mnist_pixel_px", config.object.mnist_pixel_px},
                    {"mnist_first_index", config.object.mnist_first_index}};
  return json;
}

PtychoConfig load_ptycho_config(const std::string& file, const std::vector<std::string>& overrides) {
  config::Json document = config::read_json_file(file);
  for (const std::string& assignment : overrides) config::apply_override(document, assignment, file);
  PtychoConfig config = parse_ptycho_config(config::ConfigNode(document, file, ""));
  config.sources = config::read_sources(document, file);
  return config;
}

}  // namespace spinaps::ptycho
