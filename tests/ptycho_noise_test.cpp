// Tests for the deterministic Poisson sampler (inversion below a mean of 10, PTRS from 10 on) and
// the scan geometry and overlap figures.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "workloads/ptycho/poisson.h"
#include "workloads/ptycho/scan.h"

namespace spinaps::ptycho {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(PtychoPoisson, MeanAndVarianceMatchTheDoseOnBothSidesOfTheMethodSwitch) {
  constexpr int kDraws = 200000;
  for (const double mean : {0.05, 0.7, 4.0, 9.99, 10.0, 37.5, 1000.0, 2.5e5}) {
    PoissonSampler sampler(42);
    double sum = 0.0, sum_squares = 0.0;
    for (int n = 0; n < kDraws; ++n) {
      const auto count = static_cast<double>(sampler.draw(mean));
      sum += count;
      sum_squares += count * count;
    }
    const double sample_mean = sum / kDraws;
    const double sample_variance = (sum_squares - kDraws * sample_mean * sample_mean) / (kDraws - 1);
    // Five standard errors: of the mean sqrt(m / n), of the variance m sqrt((2 + 1/m) / n).
    EXPECT_NEAR(sample_mean, mean, 5.0 * std::sqrt(mean / kDraws)) << "mean " << mean;
    EXPECT_NEAR(sample_variance, mean, 5.0 * mean * std::sqrt((2.0 + 1.0 / mean) / kDraws)) << "mean " << mean;
  }
}

TEST(PtychoPoisson, ProbabilitiesOfSmallCountsAreExact) {
  constexpr int kDraws = 200000;
  PoissonSampler sampler(3);
  std::vector<int> histogram(8, 0);
  for (int n = 0; n < kDraws; ++n) {
    const std::uint64_t count = sampler.draw(1.5);
    if (count < histogram.size()) ++histogram[count];
  }
  double probability = std::exp(-1.5);
  for (std::size_t k = 0; k < 5; ++k) {
    const double expected = kDraws * probability;
    EXPECT_NEAR(histogram[k], expected, 5.0 * std::sqrt(expected)) << "P(" << k << ")";
    probability *= 1.5 / static_cast<double>(k + 1);
  }
}

TEST(PtychoPoisson, TheSeedFixesEveryCount) {
  PoissonSampler a(99), b(99), c(100);
  bool any_different = false;
  for (int n = 0; n < 1000; ++n) {
    const double mean = 0.1 * n;  // both methods
    const std::uint64_t from_a = a.draw(mean);
    EXPECT_EQ(from_a, b.draw(mean));
    any_different = any_different || from_a != c.draw(mean);
  }
  EXPECT_TRUE(any_different);
  EXPECT_EQ(a.draw(0.0), 0U);
  EXPECT_EQ(a.draw(-1.0), 0U);
}

TEST(PtychoScan, OverlapFormulasGiveTheirKnownValues) {
  EXPECT_DOUBLE_EQ(linear_overlap(0.0, 10.0), 1.0);
  EXPECT_DOUBLE_EQ(linear_overlap(5.0, 10.0), 0.5);
  EXPECT_DOUBLE_EQ(linear_overlap(15.0, 10.0), 0.0);
  EXPECT_NEAR(area_overlap(0.0, 10.0), 1.0, 1e-15);
  EXPECT_DOUBLE_EQ(area_overlap(10.0, 10.0), 0.0);
  // Centres one radius apart: 2/3 - sqrt(3) / (2 pi) of a disc.
  EXPECT_NEAR(area_overlap(5.0, 10.0), 2.0 / 3.0 - std::sqrt(3.0) / (2.0 * kPi), 1e-14);
}

TEST(PtychoScan, RasterHasThePitchAndIsCentred) {
  ScanConfig config;
  config.pattern = ScanPattern::kRaster;
  config.step_px = 4.0;
  config.points = 9;
  const std::vector<ScanPoint> points = scan_positions(config);
  ASSERT_EQ(points.size(), 9U);
  EXPECT_DOUBLE_EQ(points[0].x_px, -4.0);
  EXPECT_DOUBLE_EQ(points[0].y_px, -4.0);
  EXPECT_DOUBLE_EQ(points[5].x_px, 4.0);
  EXPECT_DOUBLE_EQ(points[5].y_px, 0.0);
  const ScanSummary summary = summarise_scan(points, 16.0);
  EXPECT_DOUBLE_EQ(summary.mean_nearest_neighbour_px, 4.0);
  EXPECT_DOUBLE_EQ(summary.linear_overlap, 0.75);
  EXPECT_DOUBLE_EQ(summary.extent_px, 4.0);
  EXPECT_DOUBLE_EQ(summarise_scan({points[0]}, 16.0).linear_overlap, 0.0);  // one point overlaps nothing
}

TEST(PtychoScan, FermatSpiralHasTheDensityOfARasterOfTheSameStep) {
  ScanConfig config;
  config.step_px = 5.0;
  config.points = 2000;
  const std::vector<ScanPoint> points = scan_positions(config);
  EXPECT_DOUBLE_EQ(points[0].x_px, 0.0);
  // Point n lies at r = step sqrt(n / pi): n points fill the disc of that radius at step^2 each.
  const double radius = std::hypot(points[1000].x_px, points[1000].y_px);
  EXPECT_NEAR(kPi * radius * radius / 1000.0, 25.0, 1e-9);
  const ScanSummary summary = summarise_scan(points, 20.0);
  // Its nearest neighbours sit close to the raster pitch (the spiral packs nearly hexagonally).
  EXPECT_GT(summary.mean_nearest_neighbour_px, 0.8 * config.step_px);
  EXPECT_LT(summary.mean_nearest_neighbour_px, 1.2 * config.step_px);
}

}  // namespace
}  // namespace spinaps::ptycho
