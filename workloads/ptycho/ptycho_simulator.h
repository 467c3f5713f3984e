#pragma once
// The ptychography data generator: object, probe, scan and detector from one PtychoConfig, and for
// each scan position n the detector frame and its two products, the edge model's input and the
// ground-truth phase it should output. docs/ptychography.md derives every step.
//
// Geometry: the object is a square of side N + 2 ceil(extent) + 2 pixels (N = detector_pixels,
// extent = the scan's largest coordinate), the scan centred on it. A position (x, y) is rounded to
// the nearest object pixel: the N x N patch under the probe starts at round(c + y) - N/2 (rows) and
// round(c + x) - N/2 (columns), c = side / 2, so the probe centre (pixel N/2 of the patch) sits on the
// rounded position; the ground truth is centred there too. Sub-pixel positions are not modelled.
//
// Determinism: frame n draws its Poisson counts from std::mt19937_64 seeded with
// rng::mix64(rng::mix64(seed) ^ n), so a frame depends on (configuration, n) only, whatever other
// frames were made before it or in which order.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "workloads/mnist/idx_dataset.h"
#include "workloads/ptycho/far_field.h"
#include "workloads/ptycho/grid.h"
#include "workloads/ptycho/ptycho_config.h"
#include "workloads/ptycho/scan.h"

namespace spinaps::ptycho {

struct PtychoFrame {
  std::size_t index = 0;
  ScanPoint position;                         ///< nominal, relative to the scan centre
  std::int64_t probe_row = 0, probe_col = 0;  ///< object pixel under the probe centre (rounded)
  double expected_photons = 0.0;              ///< sum of the noiseless intensity over the detector
  double detected_photons = 0.0;              ///< sum of the Poisson counts over the detector
  RealImage input;                            ///< prepared model input, output_pixels square
  RealImage phase;                            ///< ground-truth phase (rad), output_pixels square
};

class PtychoSimulator {
 public:
  /// `digits` is read when object.image is "mnist" (and only during construction).
  explicit PtychoSimulator(const PtychoConfig& config, const data::ImageDataset* digits = nullptr);

  [[nodiscard]] const PtychoConfig& config() const { return config_; }
  [[nodiscard]] std::size_t frame_count() const { return positions_.size(); }
  [[nodiscard]] const std::vector<ScanPoint>& positions() const { return positions_; }
  [[nodiscard]] const ScanSummary& scan_summary() const { return scan_summary_; }
  [[nodiscard]] const ComplexImage& object() const { return object_; }
  [[nodiscard]] const ComplexImage& probe() const { return probe_; }
  /// phi_ref, the circular mean of the object's phase, subtracted from every ground truth.
  [[nodiscard]] double reference_phase_rad() const { return reference_phase_rad_; }
  /// N / crop_pixels: object pixels between neighbouring ground-truth samples.
  [[nodiscard]] double ground_truth_spacing_px() const;

  /// The noiseless far-field intensity of frame n (photons per detector pixel, fftshifted).
  [[nodiscard]] RealImage expected_intensity(std::size_t index);
  /// The Poisson counts of frame n over the whole detector.
  [[nodiscard]] RealImage detector_counts(std::size_t index);
  /// Frame n complete: counts, prepared input and ground truth. Throws std::out_of_range past the scan.
  [[nodiscard]] PtychoFrame frame(std::size_t index);

 private:
  [[nodiscard]] ComplexImage exit_wave(std::size_t index) const;
  [[nodiscard]] RealImage counts_of(const RealImage& expected, std::size_t index) const;
  void locate(std::size_t index, std::int64_t& row, std::int64_t& col) const;

  PtychoConfig config_;
  std::vector<ScanPoint> positions_;
  ScanSummary scan_summary_;
  ComplexImage object_;
  ComplexImage probe_;
  double reference_phase_rad_ = 0.0;
  FarFieldPropagator propagator_;
};

}  // namespace spinaps::ptycho
