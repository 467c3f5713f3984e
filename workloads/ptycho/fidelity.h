#pragma once
// How close a reconstructed image x is to its reference y (same size), the figures a reconstruction
// is reported with:
//   MSE  = (1 / n) sum (x - y)^2
//   PSNR = 10 log10(L^2 / MSE) dB, L the data range (2 pi for a phase in [-pi, pi]); +infinity when
//          MSE = 0
//   SSIM = mean over window positions of
//          ((2 mu_x mu_y + C1)(2 s_xy + C2)) / ((mu_x^2 + mu_y^2 + C1)(s_x^2 + s_y^2 + C2)),
//          C1 = (0.01 L)^2, C2 = (0.03 L)^2, with means, variances and covariance weighted by an
//          11 x 11 circular Gaussian window of sigma 1.5 pixels (normalised to sum 1), evaluated where
//          the window lies wholly inside the image (Z. Wang, A. C. Bovik, H. R. Sheikh,
//          E. P. Simoncelli, "Image quality assessment: from error visibility to structural
//          similarity", IEEE Trans. Image Process. 13(4), 600-612 (2004), and the authors' ssim.m,
//          which filters with 'valid'). Variances are the window-weighted (biased) ones, as there.
// Phases are compared as values, without unwrapping: references here stay within (-pi, pi].
#include "workloads/ptycho/grid.h"

namespace spinaps::ptycho {

/// L for a phase the model outputs as pi tanh(.): the interval [-pi, pi].
inline constexpr double kPhaseDataRangeRad = 2.0 * 3.14159265358979323846;
/// The window of Wang et al. (2004).
inline constexpr int kSsimWindowPx = 11;
inline constexpr double kSsimSigmaPx = 1.5;

struct Fidelity {
  double mse = 0.0;
  double psnr_db = 0.0;
  double ssim = 0.0;
};

/// Throws std::invalid_argument when the sizes differ or the images are empty.
double mean_squared_error(const RealImage& image, const RealImage& reference);
double psnr_db(double mse, double data_range);
/// Throws std::invalid_argument when the images are smaller than the 11 x 11 window or data_range <= 0.
double ssim(const RealImage& image, const RealImage& reference, double data_range);
Fidelity compare(const RealImage& image, const RealImage& reference, double data_range);

}  // namespace spinaps::ptycho
