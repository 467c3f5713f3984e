// Tests for the reconstruction-fidelity figures: MSE, PSNR and Gaussian-window SSIM.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "workloads/ptycho/fidelity.h"
#include "workloads/ptycho/poisson.h"

namespace spinaps::ptycho {
namespace {

RealImage ramp(std::uint32_t side) {
  RealImage image(side, side);
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) image.at(r, c) = std::sin(0.3 * r) * std::cos(0.17 * c);
  }
  return image;
}

TEST(PtychoFidelity, AnImageIsPerfectlySimilarToItself) {
  const RealImage image = ramp(32);
  const Fidelity fidelity = compare(image, image, kPhaseDataRangeRad);
  EXPECT_EQ(fidelity.mse, 0.0);
  EXPECT_EQ(fidelity.psnr_db, std::numeric_limits<double>::infinity());
  EXPECT_NEAR(fidelity.ssim, 1.0, 1e-12);
}

TEST(PtychoFidelity, PsnrOfAConstantErrorIsTwentyLogOfRangeOverError) {
  const RealImage reference = ramp(16);
  RealImage image = reference;
  for (double& value : image.values) value += 0.1;
  EXPECT_NEAR(mean_squared_error(image, reference), 0.01, 1e-12);
  EXPECT_NEAR(psnr_db(0.01, 1.0), 20.0, 1e-12);
  EXPECT_NEAR(psnr_db(1e-4, 255.0 / 255.0), 40.0, 1e-12);
  EXPECT_NEAR(compare(image, reference, 2.0).psnr_db, 20.0 * std::log10(2.0 / 0.1), 1e-9);
}

TEST(PtychoFidelity, SsimOfConstantImagesIsTheLuminanceTerm) {
  // No variance anywhere: SSIM = (2 a b + C1) / (a^2 + b^2 + C1), C1 = (0.01 L)^2.
  const RealImage a(20, 20, 0.4), b(20, 20, 0.6);
  const double c1 = 0.01 * 0.01;
  EXPECT_NEAR(ssim(a, b, 1.0), (2 * 0.4 * 0.6 + c1) / (0.4 * 0.4 + 0.6 * 0.6 + c1), 1e-12);
}

TEST(PtychoFidelity, SsimFallsWithNoiseAndIsSymmetric) {
  const RealImage reference = ramp(40);
  RealImage slightly = reference, badly = reference;
  PoissonSampler sampler(5);
  for (std::size_t n = 0; n < reference.size(); ++n) {
    const double noise = sampler.uniform() - 0.5;
    slightly.values[n] += 0.05 * noise;
    badly.values[n] += 0.8 * noise;
  }
  const double good = ssim(slightly, reference, 2.0), bad = ssim(badly, reference, 2.0);
  EXPECT_LT(good, 1.0);
  EXPECT_LT(bad, good);
  EXPECT_NEAR(ssim(reference, badly, 2.0), bad, 1e-12);
}

TEST(PtychoFidelity, MismatchedOrTooSmallImagesAreRejected) {
  EXPECT_THROW((void)mean_squared_error(RealImage(4, 4), RealImage(4, 5)), std::invalid_argument);
  EXPECT_THROW((void)ssim(RealImage(10, 10), RealImage(10, 10), 1.0), std::invalid_argument);
  EXPECT_THROW((void)ssim(RealImage(12, 12), RealImage(12, 12), 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace spinaps::ptycho
