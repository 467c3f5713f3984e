#include "workloads/ptycho/preprocess.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace spinaps::ptycho {

RealImage crop_centre(const RealImage& image, std::uint32_t side) {
  if (side > image.rows || side > image.cols || (image.rows - side) % 2 != 0 || (image.cols - side) % 2 != 0) {
    throw std::invalid_argument("crop: cannot centre a " + std::to_string(side) + "-pixel crop in a " +
                                std::to_string(image.rows) + " x " + std::to_string(image.cols) + " image");
  }
  const std::uint32_t row0 = (image.rows - side) / 2, col0 = (image.cols - side) / 2;
  RealImage crop(side, side);
  for (std::uint32_t row = 0; row < side; ++row) {
    for (std::uint32_t col = 0; col < side; ++col) crop.at(row, col) = image.at(row0 + row, col0 + col);
  }
  return crop;
}

RealImage bin_sum(const RealImage& image, std::uint32_t factor) {
  if (factor == 0 || image.rows % factor != 0 || image.cols % factor != 0) {
    throw std::invalid_argument("binning: " + std::to_string(factor) + " does not divide a " +
                                std::to_string(image.rows) + " x " + std::to_string(image.cols) + " image");
  }
  RealImage binned(image.rows / factor, image.cols / factor);
  for (std::uint32_t row = 0; row < image.rows; ++row) {
    for (std::uint32_t col = 0; col < image.cols; ++col) binned.at(row / factor, col / factor) += image.at(row, col);
  }
  return binned;
}

RealImage prepare_frame(const RealImage& detector_counts, const PtychoConfig& config) {
  RealImage binned = bin_sum(crop_centre(detector_counts, config.crop_pixels), config.binning);
  if (config.binning_reduction == BinningReduction::kMean) {
    const double scale = 1.0 / (static_cast<double>(config.binning) * config.binning);
    for (double& value : binned.values) value *= scale;
  }
  return binned;
}

double circular_mean_phase(const ComplexImage& object) {
  std::complex<double> sum = 0.0;
  for (const auto& value : object.values) {
    if (std::abs(value) > 0.0) sum += value / std::abs(value);
  }
  return std::arg(sum);
}

RealImage ground_truth_phase(const ComplexImage& object, double centre_row, double centre_col,
                             std::uint32_t output_pixels, double spacing_px, double reference_phase_rad) {
  RealImage phase(output_pixels, output_pixels);
  const std::complex<double> rotation = std::polar(1.0, -reference_phase_rad);
  // Output pixel output_pixels/2 sits on the probe centre, as the zero frequency does on the detector.
  const double half = output_pixels / 2;
  const auto clamp_row = [&](double value) { return std::clamp(value, 0.0, object.rows - 1.0); };
  const auto clamp_col = [&](double value) { return std::clamp(value, 0.0, object.cols - 1.0); };
  for (std::uint32_t row = 0; row < output_pixels; ++row) {
    const double y = clamp_row(centre_row + (row - half) * spacing_px);
    const auto r0 = static_cast<std::uint32_t>(std::floor(y));
    const std::uint32_t r1 = std::min(r0 + 1, object.rows - 1);
    const double fy = y - r0;
    for (std::uint32_t col = 0; col < output_pixels; ++col) {
      const double x = clamp_col(centre_col + (col - half) * spacing_px);
      const auto c0 = static_cast<std::uint32_t>(std::floor(x));
      const std::uint32_t c1 = std::min(c0 + 1, object.cols - 1);
      const double fx = x - c0;
      const std::complex<double> value = (1 - fy) * ((1 - fx) * object.at(r0, c0) + fx * object.at(r0, c1)) +
                                         fy * ((1 - fx) * object.at(r1, c0) + fx * object.at(r1, c1));
      phase.at(row, col) = std::arg(value * rotation);
    }
  }
  return phase;
}

}  // namespace spinaps::ptycho
