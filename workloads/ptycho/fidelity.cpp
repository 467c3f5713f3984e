#include "workloads/ptycho/fidelity.h"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace spinaps::ptycho {
namespace {

void require_same_size(const RealImage& image, const RealImage& reference) {
  if (image.rows != reference.rows || image.cols != reference.cols || image.size() == 0) {
    throw std::invalid_argument("fidelity: images of " + std::to_string(image.rows) + " x " +
                                std::to_string(image.cols) + " and " + std::to_string(reference.rows) + " x " +
                                std::to_string(reference.cols) + " pixels cannot be compared");
  }
}

std::array<double, kSsimWindowPx> gaussian_taps() {
  std::array<double, kSsimWindowPx> taps{};
  double sum = 0.0;
  for (int n = 0; n < kSsimWindowPx; ++n) {
    const double offset = n - (kSsimWindowPx - 1) / 2.0;
    taps[n] = std::exp(-offset * offset / (2.0 * kSsimSigmaPx * kSsimSigmaPx));
    sum += taps[n];
  }
  for (double& tap : taps) tap /= sum;
  return taps;
}

/// The 'valid' part of the image filtered by the separable window (the 2-D Gaussian is the outer
/// product of the 1-D taps, so rows then columns give the same result as the 2-D sum).
RealImage filter_valid(const RealImage& image, const std::array<double, kSsimWindowPx>& taps) {
  const std::uint32_t out_rows = image.rows - kSsimWindowPx + 1, out_cols = image.cols - kSsimWindowPx + 1;
  RealImage along_rows(image.rows, out_cols);
  for (std::uint32_t row = 0; row < image.rows; ++row) {
    for (std::uint32_t col = 0; col < out_cols; ++col) {
      double sum = 0.0;
      for (int n = 0; n < kSsimWindowPx; ++n) sum += taps[n] * image.at(row, col + n);
      along_rows.at(row, col) = sum;
    }
  }
  RealImage result(out_rows, out_cols);
  for (std::uint32_t row = 0; row < out_rows; ++row) {
    for (std::uint32_t col = 0; col < out_cols; ++col) {
      double sum = 0.0;
      for (int n = 0; n < kSsimWindowPx; ++n) sum += taps[n] * along_rows.at(row + n, col);
      result.at(row, col) = sum;
    }
  }
  return result;
}

RealImage product(const RealImage& a, const RealImage& b) {
  RealImage result(a.rows, a.cols);
  for (std::size_t n = 0; n < a.size(); ++n) result.values[n] = a.values[n] * b.values[n];
  return result;
}

}  // namespace

double mean_squared_error(const RealImage& image, const RealImage& reference) {
  require_same_size(image, reference);
  double sum = 0.0;
  for (std::size_t n = 0; n < image.size(); ++n) {
    const double difference = image.values[n] - reference.values[n];
    sum += difference * difference;
  }
  return sum / static_cast<double>(image.size());
}

double psnr_db(double mse, double data_range) {
  if (mse <= 0.0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(data_range * data_range / mse);
}

double ssim(const RealImage& image, const RealImage& reference, double data_range) {
  require_same_size(image, reference);
  if (image.rows < kSsimWindowPx || image.cols < kSsimWindowPx || !(data_range > 0.0)) {
    throw std::invalid_argument("SSIM needs images of at least 11 x 11 pixels and a positive data range");
  }
  const auto taps = gaussian_taps();
  const RealImage mu_x = filter_valid(image, taps), mu_y = filter_valid(reference, taps);
  const RealImage xx = filter_valid(product(image, image), taps);
  const RealImage yy = filter_valid(product(reference, reference), taps);
  const RealImage xy = filter_valid(product(image, reference), taps);
  const double c1 = (0.01 * data_range) * (0.01 * data_range);
  const double c2 = (0.03 * data_range) * (0.03 * data_range);
  double sum = 0.0;
  for (std::size_t n = 0; n < mu_x.size(); ++n) {
    const double mx = mu_x.values[n], my = mu_y.values[n];
    const double variance_x = xx.values[n] - mx * mx, variance_y = yy.values[n] - my * my;
    const double covariance = xy.values[n] - mx * my;
    sum +=
        ((2.0 * mx * my + c1) * (2.0 * covariance + c2)) / ((mx * mx + my * my + c1) * (variance_x + variance_y + c2));
  }
  return sum / static_cast<double>(mu_x.size());
}

Fidelity compare(const RealImage& image, const RealImage& reference, double data_range) {
  Fidelity fidelity;
  fidelity.mse = mean_squared_error(image, reference);
  fidelity.psnr_db = psnr_db(fidelity.mse, data_range);
  fidelity.ssim = ssim(image, reference, data_range);
  return fidelity;
}

}  // namespace spinaps::ptycho
