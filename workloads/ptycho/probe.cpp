#include "workloads/ptycho/probe.h"

#include <cmath>

namespace spinaps::ptycho {

double probe_amplitude(const ProbeConfig& config, double radius_px) {
  if (config.kind == ProbeKind::kGaussian) {
    const double sigma = config.width_px / (2.0 * std::sqrt(2.0 * std::log(2.0)));
    // exp(-r^2 / (4 s^2)) is the square root of the intensity exp(-r^2 / (2 s^2)).
    return std::exp(-radius_px * radius_px / (4.0 * sigma * sigma));
  }
  const double x = 2.0 * kAiryHalfMaximumArgument / config.width_px * radius_px;
  // 2 J1(x) / x -> 1 - x^2 / 8 near 0; the series avoids 0/0 at the centre.
  return x < 1e-6 ? 1.0 - x * x / 8.0 : 2.0 * std::cyl_bessel_j(1.0, x) / x;
}

ComplexImage make_probe(const ProbeConfig& config, std::uint32_t side, double photons) {
  ComplexImage probe(side, side);
  const double centre = side / 2;  // integer division: the pixel fftshift puts the zero frequency on
  double total = 0.0;
  for (std::uint32_t row = 0; row < side; ++row) {
    for (std::uint32_t col = 0; col < side; ++col) {
      const double amplitude = probe_amplitude(config, std::hypot(row - centre, col - centre));
      probe.at(row, col) = amplitude;
      total += amplitude * amplitude;
    }
  }
  const double scale = std::sqrt(photons / total);
  for (auto& value : probe.values) value *= scale;
  return probe;
}

}  // namespace spinaps::ptycho
