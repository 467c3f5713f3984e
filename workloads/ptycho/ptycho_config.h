#pragma once
// Parameters of the ptychography data generator: detector and preprocessing, probe, scan, test
// object and dose. JSON form (configs/ptycho/ptycho_data.json; every key optional, defaults below; units in
// the key names; unknown keys are errors):
//   {"name": "...", "description": "...", "seed": 1,
//    "detector_pixels": 516, "crop_pixels": 512, "binning": 4, "binning_reduction": "mean",
//    "photons_per_frame": 1e6, "object_pixel_nm": 10,
//    "probe": {"kind": "airy", "width_px": 24},
//    "scan": {"pattern": "fermat_spiral", "step_px": 5, "points": 64},
//    "object": {"image": "siemens_star", "amplitude_min": 0.8, "phase_max_rad": 1.0,
//               "mnist_pixel_px": 8, "mnist_first_index": 0},
//    "source": {"<key>": "where its value comes from", ...}}
// docs/ptychography.md gives the equations each parameter enters.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/config/config_reader.h"

namespace spinaps::ptycho {

enum class ProbeKind { kGaussian, kAiry };
enum class ScanPattern { kRaster, kFermatSpiral };
enum class TestImageKind { kSiemensStar, kMnist };
/// How a binning x binning block of detector pixels becomes one model input pixel.
enum class BinningReduction { kMean, kSum };

struct ProbeConfig {
  ProbeKind kind = ProbeKind::kAiry;
  /// Full width at half maximum of the probe intensity |P|^2, in object pixels (both kinds).
  double width_px = 24.0;
};

struct ScanConfig {
  ScanPattern pattern = ScanPattern::kFermatSpiral;
  /// Raster: the grid pitch. Fermat spiral: r_n = step_px * sqrt(n / pi), which gives the same
  /// density of points (one per step_px^2) as a raster of that pitch.
  double step_px = 5.0;
  std::uint32_t points = 64;
};

struct ObjectConfig {
  TestImageKind image = TestImageKind::kSiemensStar;
  /// Transmission amplitude where the test image is 1 (densest); 1 where it is 0.
  double amplitude_min = 0.8;
  /// The phase spans [-phase_max_rad, +phase_max_rad] as the test image goes from 0 to 1.
  double phase_max_rad = 1.0;
  /// MNIST object: object pixels per digit pixel (a digit spans 28 * mnist_pixel_px pixels).
  std::uint32_t mnist_pixel_px = 8;
  /// MNIST object: the first test-split digit tiled (then the following ones, row by row).
  std::uint32_t mnist_first_index = 0;
};

struct PtychoConfig {
  std::string name = "ptycho-edge-default";
  std::string description;
  std::uint64_t seed = 1;
  /// Side of the simulated detector frame = side of the FFT grid (object pixels per patch).
  std::uint32_t detector_pixels = 516;
  /// Side of the centred crop taken from the frame before binning.
  std::uint32_t crop_pixels = 512;
  /// Side of the square block of cropped pixels merged into one model input pixel.
  std::uint32_t binning = 4;
  BinningReduction binning_reduction = BinningReduction::kMean;
  /// Photons incident on the sample per frame: sum over the grid of |P|^2.
  double photons_per_frame = 1.0e6;
  /// Physical size of one object pixel; only used to report lengths in nm.
  double object_pixel_nm = 10.0;
  ProbeConfig probe;
  ScanConfig scan;
  ObjectConfig object;
  /// The file's "source" entry: parameter name -> where its value comes from (reported, not used).
  std::map<std::string, std::string> sources;

  /// Side of a prepared frame and of its ground-truth phase patch (128 for the edge model).
  [[nodiscard]] std::uint32_t output_pixels() const { return crop_pixels / binning; }
};

/// Parses and validates a configuration node (see the top of this file); calls node.finish(), so
/// unknown keys are errors. Throws config::ConfigError naming the file and the key.
PtychoConfig parse_ptycho_config(config::ConfigNode node);

/// Reads, overrides (`key.path=value` each, as `-p` does) and parses a configuration file. A
/// "source" entry, if present, must be an object of strings; it fills PtychoConfig::sources.
PtychoConfig load_ptycho_config(const std::string& file, const std::vector<std::string>& overrides = {});

/// The configuration as the JSON object parse_ptycho_config reads (without "source").
nlohmann::ordered_json ptycho_config_to_json(const PtychoConfig& config);

std::string probe_kind_name(ProbeKind kind);
std::string scan_pattern_name(ScanPattern pattern);
std::string test_image_name(TestImageKind kind);
std::string binning_reduction_name(BinningReduction reduction);

}  // namespace spinaps::ptycho
