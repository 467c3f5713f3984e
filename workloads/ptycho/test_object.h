#pragma once
// The sample the simulated beam scans: a complex transmission function O = A exp(i phi) built from a
// grey-level test image t in [0, 1], as for one material of varying thickness (thicker: less
// amplitude, more phase):
//   A = 1 - (1 - amplitude_min) t,   phi = phase_max_rad (2 t - 1).
// The test image is either the built-in deterministic pattern (a Siemens star with discs, so every
// scan position sees edges at many orientations and spatial frequencies) or bundled MNIST digits
// scaled up and tiled.
#include <cstdint>

#include "workloads/mnist/idx_dataset.h"
#include "workloads/ptycho/grid.h"
#include "workloads/ptycho/ptycho_config.h"

namespace spinaps::ptycho {

/// The built-in pattern, side x side pixels, values in [0, 1]: a 24-spoke Siemens star centred on
/// the image (radius 0.45 side) over eight grey discs; 2 x 2 supersampled so edges are anti-aliased.
RealImage siemens_star_pattern(std::uint32_t side);

/// Digits of `digits` (8-bit, any size) upsampled bilinearly by `pixel_px` and tiled row by row over
/// a side x side image, starting with digit `first_index` (wrapping around the dataset); values are
/// the pixel bytes / 255. Throws std::invalid_argument when the dataset is empty or first_index is
/// beyond it.
RealImage tiled_digits_pattern(std::uint32_t side, const data::ImageDataset& digits, std::uint32_t pixel_px,
                               std::uint32_t first_index);

/// O = A exp(i phi) from a test image (see the top of this file).
ComplexImage object_from_pattern(const RealImage& pattern, const ObjectConfig& config);

/// The test image the configuration names, side x side. `digits` is needed for "mnist" only.
RealImage make_pattern(const ObjectConfig& config, std::uint32_t side, const data::ImageDataset* digits);

}  // namespace spinaps::ptycho
