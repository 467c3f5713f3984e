#include "workloads/ptycho/ptycho_simulator.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/rng/counter_rng.h"
#include "workloads/ptycho/poisson.h"
#include "workloads/ptycho/preprocess.h"
#include "workloads/ptycho/probe.h"
#include "workloads/ptycho/test_object.h"

namespace spinaps::ptycho {

PtychoSimulator::PtychoSimulator(const PtychoConfig& config, const data::ImageDataset* digits)
    : config_(config),
      positions_(scan_positions(config.scan)),
      scan_summary_(summarise_scan(positions_, config.probe.width_px)),
      probe_(make_probe(config.probe, config.detector_pixels, config.photons_per_frame)),
      propagator_(config.detector_pixels) {
  // A margin of one pixel on each side absorbs the rounding of positions.
  const auto side = static_cast<std::uint32_t>(config.detector_pixels + 2 * std::ceil(scan_summary_.extent_px) + 2);
  object_ = object_from_pattern(make_pattern(config.object, side, digits), config.object);
  reference_phase_rad_ = circular_mean_phase(object_);
}

double PtychoSimulator::ground_truth_spacing_px() const {
  return static_cast<double>(config_.detector_pixels) / config_.crop_pixels;
}

void PtychoSimulator::locate(std::size_t index, std::int64_t& row, std::int64_t& col) const {
  if (index >= positions_.size()) {
    throw std::out_of_range("ptycho: frame " + std::to_string(index) + " is beyond the scan's " +
                            std::to_string(positions_.size()) + " positions");
  }
  const double centre = object_.rows / 2;
  row = std::llround(centre + positions_[index].y_px);
  col = std::llround(centre + positions_[index].x_px);
}

ComplexImage PtychoSimulator::exit_wave(std::size_t index) const {
  std::int64_t row = 0, col = 0;
  locate(index, row, col);
  const std::uint32_t side = config_.detector_pixels;
  const auto top = static_cast<std::uint32_t>(row - side / 2), left = static_cast<std::uint32_t>(col - side / 2);
  ComplexImage wave(side, side);
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) wave.at(r, c) = probe_.at(r, c) * object_.at(top + r, left + c);
  }
  return wave;
}

RealImage PtychoSimulator::expected_intensity(std::size_t index) { return propagator_.intensity(exit_wave(index)); }

RealImage PtychoSimulator::counts_of(const RealImage& expected, std::size_t index) const {
  PoissonSampler sampler(rng::mix64(rng::mix64(config_.seed) ^ static_cast<std::uint64_t>(index)));
  return poisson_counts(expected, sampler);
}

RealImage PtychoSimulator::detector_counts(std::size_t index) { return counts_of(expected_intensity(index), index); }

PtychoFrame PtychoSimulator::frame(std::size_t index) {
  PtychoFrame frame;
  frame.index = index;
  locate(index, frame.probe_row, frame.probe_col);
  frame.position = positions_[index];
  const RealImage expected = expected_intensity(index);
  const RealImage counts = counts_of(expected, index);
  for (const double value : expected.values) frame.expected_photons += value;
  for (const double value : counts.values) frame.detected_photons += value;
  frame.input = prepare_frame(counts, config_);
  frame.phase = ground_truth_phase(object_, static_cast<double>(frame.probe_row), static_cast<double>(frame.probe_col),
                                   config_.output_pixels(), ground_truth_spacing_px(), reference_phase_rad_);
  return frame;
}

}  // namespace spinaps::ptycho
