#pragma once
// Turning a detector frame into the edge PtychoNN model's input, and the object into its target.
//
// Input, as upstream (vbanakha/edgePtychoNN framePreProcess.py: frame[2:-2, 2:-2] of the 516 x 516
// frame, then .reshape(128, 4, 128, 4).mean(3).mean(1).astype('float32')): the centred crop_pixels
// square, then each binning x binning block reduced to one pixel, by its mean (upstream) or its sum.
// No log, square-root or per-frame scaling follows: the model sees linear photon counts (the training
// scripts in mcherukara/PtychoNN "Continual Learning/Training" feed the counts unscaled as well).
//
// Target: the phase the model should output for that frame. Binning b of a crop of C pixels from an
// N-pixel frame gives C / b pixels of pitch b p (p the detector pitch), whose DFT has a real-space
// pixel of lambda z / (C p) = (N / C) object pixels and a field of view C / b of those pixels. The
// target is the object sampled there: (C / b) x (C / b) points, spacing N / C object pixels, centred on
// the scan position (bilinear interpolation of the complex transmission), as the phase
// arg(O e^{-i phi_ref}) in (-pi, pi], where phi_ref is the circular mean of the object's phase (the
// training scripts remove scipy's circmean of the phases the same way: a global phase is invisible
// in the diffraction pattern, so only phases relative to a reference can be compared).
#include <cstdint>

#include "workloads/ptycho/grid.h"
#include "workloads/ptycho/ptycho_config.h"

namespace spinaps::ptycho {

/// The centred side x side crop of a square image (offset (N - side) / 2 on both axes).
RealImage crop_centre(const RealImage& image, std::uint32_t side);

/// Sums of factor x factor blocks; the image side must be a multiple of factor.
RealImage bin_sum(const RealImage& image, std::uint32_t factor);

/// crop_pixels crop, binning, then the configured reduction (mean divides the sums by binning^2).
RealImage prepare_frame(const RealImage& detector_counts, const PtychoConfig& config);

/// The circular mean of the phase over the whole object: arg(sum_r O(r) / |O(r)|).
double circular_mean_phase(const ComplexImage& object);

/// The target phase patch (see the top of this file). centre_col/centre_row are the object
/// coordinates (in pixels, pixel centres at integers) the probe centre was on.
RealImage ground_truth_phase(const ComplexImage& object, double centre_row, double centre_col,
                             std::uint32_t output_pixels, double spacing_px, double reference_phase_rad);

}  // namespace spinaps::ptycho
