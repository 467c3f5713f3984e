#include "workloads/ptycho/scan.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spinaps::ptycho {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

std::vector<ScanPoint> scan_positions(const ScanConfig& config) {
  std::vector<ScanPoint> positions;
  positions.reserve(config.points);
  if (config.pattern == ScanPattern::kRaster) {
    const auto per_row = static_cast<std::uint32_t>(std::ceil(std::sqrt(static_cast<double>(config.points))));
    const std::uint32_t rows = (config.points + per_row - 1) / per_row;
    for (std::uint32_t n = 0; n < config.points; ++n) {
      positions.push_back({config.step_px * ((n % per_row) - (per_row - 1) / 2.0),
                           config.step_px * ((n / per_row) - (rows - 1) / 2.0)});
    }
    return positions;
  }
  const double golden_angle_rad = kPi * (3.0 - std::sqrt(5.0));
  for (std::uint32_t n = 0; n < config.points; ++n) {
    const double radius = config.step_px * std::sqrt(n / kPi);
    const double angle = golden_angle_rad * n;
    positions.push_back({radius * std::cos(angle), radius * std::sin(angle)});
  }
  return positions;
}

double linear_overlap(double distance_px, double diameter_px) {
  return std::clamp(1.0 - distance_px / diameter_px, 0.0, 1.0);
}

double area_overlap(double distance_px, double diameter_px) {
  const double radius = diameter_px / 2.0;
  if (distance_px >= diameter_px) return 0.0;
  const double lens = 2.0 * radius * radius * std::acos(distance_px / diameter_px) -
                      distance_px / 2.0 * std::sqrt(diameter_px * diameter_px - distance_px * distance_px);
  return lens / (kPi * radius * radius);
}

ScanSummary summarise_scan(const std::vector<ScanPoint>& positions, double beam_diameter_px) {
  ScanSummary summary;
  double sum = 0.0;
  for (std::size_t a = 0; a < positions.size(); ++a) {
    summary.extent_px = std::max({summary.extent_px, std::abs(positions[a].x_px), std::abs(positions[a].y_px)});
    double nearest = std::numeric_limits<double>::infinity();
    // Quadratic: a scan holds at most 10,000 points (the parser's limit) and this runs once per dataset.
    for (std::size_t b = 0; b < positions.size(); ++b) {
      if (a != b) {
        nearest =
            std::min(nearest, std::hypot(positions[a].x_px - positions[b].x_px, positions[a].y_px - positions[b].y_px));
      }
    }
    if (positions.size() > 1) sum += nearest;
  }
  if (positions.size() > 1) {
    summary.mean_nearest_neighbour_px = sum / static_cast<double>(positions.size());
    summary.linear_overlap = linear_overlap(summary.mean_nearest_neighbour_px, beam_diameter_px);
    summary.area_overlap = area_overlap(summary.mean_nearest_neighbour_px, beam_diameter_px);
  }
  return summary;
}

}  // namespace spinaps::ptycho
