#pragma once
// The illumination: a focused X-ray spot in the sample plane, sampled on the FFT grid and centred on
// pixel (side/2, side/2), the pixel fftshift maps the zero frequency to. Both kinds have a flat
// phase (the sample sits in the focus) and are parameterised by the full width at half maximum w of
// their intensity, in pixels:
//   gaussian: |P|^2 ~ exp(-r^2 / (2 s^2)),  s = w / (2 sqrt(2 ln 2))
//   airy:     P ~ 2 J1(k r) / (k r),  k = 2 x_h / w, x_h = 1.61634 (where (2 J1(x)/x)^2 = 1/2);
//             the first dark ring lies at r = 3.83171 / k = 1.18532 w. It is the focus of a
//             uniformly lit circular aperture (a zone plate), and its far field is a flat disc.
// The probe is scaled so that sum |P|^2 over the grid = photons_per_frame (incident photons).
#include <cstdint>

#include "workloads/ptycho/grid.h"
#include "workloads/ptycho/ptycho_config.h"

namespace spinaps::ptycho {

/// x_h: half maximum of the Airy intensity (2 J1(x)/x)^2.
inline constexpr double kAiryHalfMaximumArgument = 1.6163399483103948;
/// The first zero of J1.
inline constexpr double kBesselJ1FirstZero = 3.8317059702075123;

/// The probe on a side x side grid, normalised to `photons` (see the top of this file).
ComplexImage make_probe(const ProbeConfig& config, std::uint32_t side, double photons);

/// The unnormalised amplitude profile of the probe at distance radius_px from its centre (1 at 0).
double probe_amplitude(const ProbeConfig& config, double radius_px);

}  // namespace spinaps::ptycho
