#include "workloads/ptycho/test_object.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace spinaps::ptycho {
namespace {

constexpr int kStarSpokes = 24;
constexpr double kStarRadiusFraction = 0.45;
/// Below this radius the spokes are narrower than a pixel; a grey disc stands in for them.
constexpr double kStarHubPx = 3.0;

struct Disc {
  double x_fraction, y_fraction, radius_fraction, level;
};
/// Fixed positions (fractions of the side) and grey levels: the pattern is the same for every run.
constexpr std::array<Disc, 8> kDiscs = {{{0.12, 0.12, 0.06, 0.6},
                                         {0.88, 0.12, 0.04, 0.3},
                                         {0.12, 0.88, 0.05, 0.8},
                                         {0.88, 0.88, 0.07, 0.45},
                                         {0.50, 0.06, 0.03, 0.7},
                                         {0.06, 0.50, 0.025, 0.5},
                                         {0.94, 0.50, 0.035, 0.9},
                                         {0.50, 0.94, 0.045, 0.35}}};

double star_value(double x, double y, double side) {
  const double dx = x - side / 2.0;
  const double dy = y - side / 2.0;
  const double radius = std::hypot(dx, dy);
  double value = 0.0;
  if (radius < kStarHubPx) {
    value = 0.5;
  } else if (radius < kStarRadiusFraction * side) {
    value = std::sin(kStarSpokes * std::atan2(dy, dx)) > 0.0 ? 1.0 : 0.0;
  }
  for (const Disc& disc : kDiscs) {
    if (std::hypot(x - disc.x_fraction * side, y - disc.y_fraction * side) < disc.radius_fraction * side) {
      value = std::max(value, disc.level);
    }
  }
  return value;
}

}  // namespace

RealImage siemens_star_pattern(std::uint32_t side) {
  RealImage image(side, side);
  const double size = side;
  for (std::uint32_t row = 0; row < side; ++row) {
    for (std::uint32_t col = 0; col < side; ++col) {
      double sum = 0.0;
      for (const double sub_y : {0.25, 0.75}) {
        for (const double sub_x : {0.25, 0.75}) sum += star_value(col + sub_x, row + sub_y, size);
      }
      image.at(row, col) = sum / 4.0;
    }
  }
  return image;
}

RealImage tiled_digits_pattern(std::uint32_t side, const data::ImageDataset& digits, std::uint32_t pixel_px,
                               std::uint32_t first_index) {
  if (digits.size() == 0 || digits.rows == 0 || digits.cols == 0) {
    throw std::invalid_argument("object.image \"mnist\": the digit dataset is empty");
  }
  if (first_index >= digits.size()) {
    throw std::invalid_argument("object.mnist_first_index: " + std::to_string(first_index) +
                                " is beyond the digit dataset (" + std::to_string(digits.size()) + " images)");
  }
  const std::uint32_t tile_rows = digits.rows * pixel_px;
  const std::uint32_t tile_cols = digits.cols * pixel_px;
  const std::uint32_t tiles_per_row = (side + tile_cols - 1) / tile_cols;
  RealImage image(side, side);
  for (std::uint32_t row = 0; row < side; ++row) {
    for (std::uint32_t col = 0; col < side; ++col) {
      const std::size_t tile = static_cast<std::size_t>(row / tile_rows) * tiles_per_row + col / tile_cols;
      const std::uint8_t* digit = digits.image((first_index + tile) % digits.size());
      // Bilinear between digit pixel centres, clamped at the digit's border.
      const double y = ((row % tile_rows) + 0.5) / pixel_px - 0.5;
      const double x = ((col % tile_cols) + 0.5) / pixel_px - 0.5;
      const double y0 = std::clamp(std::floor(y), 0.0, digits.rows - 1.0);
      const double x0 = std::clamp(std::floor(x), 0.0, digits.cols - 1.0);
      const auto r0 = static_cast<std::uint32_t>(y0), c0 = static_cast<std::uint32_t>(x0);
      const std::uint32_t r1 = std::min(r0 + 1, digits.rows - 1), c1 = std::min(c0 + 1, digits.cols - 1);
      const double fy = std::clamp(y - y0, 0.0, 1.0), fx = std::clamp(x - x0, 0.0, 1.0);
      const auto pixel = [&](std::uint32_t r, std::uint32_t c) { return digit[r * digits.cols + c] / 255.0; };
      image.at(row, col) = (1 - fy) * ((1 - fx) * pixel(r0, c0) + fx * pixel(r0, c1)) +
                           fy * ((1 - fx) * pixel(r1, c0) + fx * pixel(r1, c1));
    }
  }
  return image;
}

ComplexImage object_from_pattern(const RealImage& pattern, const ObjectConfig& config) {
  ComplexImage object(pattern.rows, pattern.cols);
  for (std::size_t n = 0; n < pattern.size(); ++n) {
    const double t = std::clamp(pattern.values[n], 0.0, 1.0);
    const double amplitude = 1.0 - (1.0 - config.amplitude_min) * t;
    object.values[n] = std::polar(amplitude, config.phase_max_rad * (2.0 * t - 1.0));
  }
  return object;
}

RealImage make_pattern(const ObjectConfig& config, std::uint32_t side, const data::ImageDataset* digits) {
  if (config.image == TestImageKind::kSiemensStar) return siemens_star_pattern(side);
  if (digits == nullptr) throw std::invalid_argument("object.image \"mnist\" needs the digit dataset");
  return tiled_digits_pattern(side, *digits, config.mnist_pixel_px, config.mnist_first_index);
}

}  // namespace spinaps::ptycho
