#pragma once
// The first frame's phase as the float network, the tiles and the ptychography simulator's ground
// truth give it, block-averaged to a small square grid, for the report (memristive_cnn.phase_images)
// and the HTML page, which draws the three side by side: a picture says more than a PSNR.
#include <nlohmann/json.hpp>

#include "workloads/ptycho/grid.h"

namespace spinaps::report {

/// The side of the grid the images are averaged to (a 128 x 128 phase becomes 32 x 32 of 4 x 4 blocks).
inline constexpr std::uint32_t kPhaseImageSide = 32;

/// {frame, side, source_rows, source_cols, float, tiles, ground_truth} with each image row-major,
/// each value the mean of its block in radians rounded to 1e-4. All three images must have the same
/// shape; when that shape is smaller than the grid side the images keep their own size.
nlohmann::ordered_json phase_images_section(const ptycho::RealImage& float_phase, const ptycho::RealImage& tile_phase,
                                            const ptycho::RealImage& ground_truth);

}  // namespace spinaps::report
