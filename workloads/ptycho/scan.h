#pragma once
// Scan positions of the probe over the object, in object pixels relative to the scan centre, and
// the overlap between neighbouring illuminated areas that ptychography relies on.
//   raster:        a square grid of pitch step_px, ceil(sqrt(points)) per row, row by row, centred;
//                  the last row may be partial.
//   fermat_spiral: r_n = step_px sqrt(n / pi), theta_n = n * 137.508 deg (the golden angle),
//                  n = 0 .. points-1 (Huang et al., Opt. Express 22, 12634 (2014)); every point then
//                  holds an area of step_px^2, the density of a raster of the same pitch.
// Overlap of two illuminated discs of diameter D (the probe FWHM) whose centres are d apart:
//   linear overlap  o = 1 - d / D   (0 when d >= D; Bunk et al., Ultramicroscopy 108, 481 (2008)),
//   area overlap    2 R^2 acos(d / 2R) - (d / 2) sqrt(4 R^2 - d^2), over pi R^2, R = D / 2.
// The reported figures use d = the mean nearest-neighbour distance of the actual positions.
#include <vector>

#include "workloads/ptycho/ptycho_config.h"

namespace spinaps::ptycho {

struct ScanPoint {
  double x_px = 0.0;  ///< along columns
  double y_px = 0.0;  ///< along rows
};

struct ScanSummary {
  double mean_nearest_neighbour_px = 0.0;  ///< 0 for a single point
  double linear_overlap = 0.0;
  double area_overlap = 0.0;
  double extent_px = 0.0;  ///< the largest |x| or |y| of any point
};

std::vector<ScanPoint> scan_positions(const ScanConfig& config);

/// 1 - d / D, clamped to [0, 1].
double linear_overlap(double distance_px, double diameter_px);

/// Intersection of two discs of diameter D at distance d, as a fraction of one disc's area.
double area_overlap(double distance_px, double diameter_px);

/// Overlap of the positions for a probe of diameter `beam_diameter_px` (see the top of this file).
ScanSummary summarise_scan(const std::vector<ScanPoint>& positions, double beam_diameter_px);

}  // namespace spinaps::ptycho
