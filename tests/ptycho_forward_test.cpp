// Tests for the ptychography forward model: energy conservation of the far field, the Gaussian
// probe's predicted far-field width, the Airy probe's profile, crop and binning, the object mapping
// and the ground-truth patch, and frame determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "workloads/ptycho/far_field.h"
#include "workloads/ptycho/poisson.h"
#include "workloads/ptycho/preprocess.h"
#include "workloads/ptycho/probe.h"
#include "workloads/ptycho/ptycho_simulator.h"
#include "workloads/ptycho/test_object.h"

namespace spinaps::ptycho {
namespace {

constexpr double kPi = 3.14159265358979323846;

double total(const RealImage& image) { return std::accumulate(image.values.begin(), image.values.end(), 0.0); }

/// A small configuration that runs in milliseconds: 96-pixel frames, 64-pixel crop, 4x4 binning.
PtychoConfig small_config() {
  PtychoConfig config;
  config.detector_pixels = 96;
  config.crop_pixels = 64;
  config.binning = 4;
  config.photons_per_frame = 1.0e5;
  config.probe.width_px = 8.0;
  config.scan.points = 6;
  config.scan.step_px = 3.0;
  return config;
}

TEST(PtychoForward, ParsevalTheFarFieldHoldsEveryIncidentPhotonOfAPhaseObject) {
  for (const ProbeKind kind : {ProbeKind::kGaussian, ProbeKind::kAiry}) {
    PtychoConfig config = small_config();
    config.probe.kind = kind;
    config.object.amplitude_min = 1.0;  // pure phase object: nothing absorbed
    PtychoSimulator simulator(config);
    EXPECT_NEAR(total(simulator.expected_intensity(0)), config.photons_per_frame, 1e-9 * config.photons_per_frame);
    const PtychoFrame frame = simulator.frame(1);
    EXPECT_NEAR(frame.expected_photons, config.photons_per_frame, 1e-9 * config.photons_per_frame);
  }
  // An absorbing object removes exactly sum |P|^2 (1 - A^2).
  PtychoConfig config = small_config();
  config.object.amplitude_min = 0.5;
  PtychoSimulator simulator(config);
  const ComplexImage& probe = simulator.probe();
  const PtychoFrame frame = simulator.frame(0);
  double transmitted = 0.0;
  const auto top = static_cast<std::uint32_t>(frame.probe_row - config.detector_pixels / 2);
  const auto left = static_cast<std::uint32_t>(frame.probe_col - config.detector_pixels / 2);
  for (std::uint32_t r = 0; r < probe.rows; ++r) {
    for (std::uint32_t c = 0; c < probe.cols; ++c) {
      transmitted += std::norm(probe.at(r, c) * simulator.object().at(top + r, left + c));
    }
  }
  EXPECT_NEAR(frame.expected_photons, transmitted, 1e-9 * transmitted);
  EXPECT_LT(frame.expected_photons, config.photons_per_frame);
}

TEST(PtychoForward, GaussianProbeOnAUniformObjectGivesAGaussianFarFieldOfThePredictedWidth) {
  constexpr std::uint32_t kSide = 256;
  ProbeConfig probe_config;
  probe_config.kind = ProbeKind::kGaussian;
  probe_config.width_px = 16.0;
  const ComplexImage probe = make_probe(probe_config, kSide, 1.0e6);  // uniform object: exit wave = probe
  FarFieldPropagator propagator(kSide);
  const RealImage far_field = propagator.intensity(probe);
  // Intensity sigma s = w / (2 sqrt(2 ln 2)) in real space -> N / (4 pi s) pixels on the detector.
  const double sigma_px = probe_config.width_px / (2.0 * std::sqrt(2.0 * std::log(2.0)));
  const double predicted_px = kSide / (4.0 * kPi * sigma_px);
  double sum = 0.0, row_moment = 0.0, col_moment = 0.0, radial = 0.0;
  const double centre = kSide / 2;
  for (std::uint32_t r = 0; r < kSide; ++r) {
    for (std::uint32_t c = 0; c < kSide; ++c) {
      const double value = far_field.at(r, c);
      sum += value;
      row_moment += value * (r - centre);
      col_moment += value * (c - centre);
      radial += value * ((r - centre) * (r - centre) + (c - centre) * (c - centre));
    }
  }
  EXPECT_NEAR(row_moment / sum, 0.0, 1e-9);  // centred on pixel N/2 after fftshift
  EXPECT_NEAR(col_moment / sum, 0.0, 1e-9);
  EXPECT_NEAR(std::sqrt(radial / sum / 2.0), predicted_px, 0.005 * predicted_px);
  // The profile itself is Gaussian: exp(-k^2 / (2 s_k^2)) along a row through the centre.
  const auto c = static_cast<std::uint32_t>(centre);
  for (const std::uint32_t k : {1U, 2U, 3U, 5U}) {
    const double offset = k;
    EXPECT_NEAR(far_field.at(c, c + k) / far_field.at(c, c),
                std::exp(-offset * offset / (2.0 * predicted_px * predicted_px)), 2e-3);
  }
}

TEST(PtychoForward, ProbeProfilesHaveTheConfiguredFullWidthAtHalfMaximum) {
  for (const ProbeKind kind : {ProbeKind::kGaussian, ProbeKind::kAiry}) {
    ProbeConfig config;
    config.kind = kind;
    config.width_px = 20.0;
    const double half_width = probe_amplitude(config, 10.0);
    EXPECT_NEAR(half_width * half_width, 0.5, 1e-12) << probe_kind_name(kind);
    EXPECT_DOUBLE_EQ(probe_amplitude(config, 0.0), 1.0);
  }
  ProbeConfig airy;
  airy.width_px = 20.0;
  // First dark ring at 3.8317 / k = 1.18532 FWHM.
  EXPECT_NEAR(probe_amplitude(airy, kBesselJ1FirstZero / (2.0 * kAiryHalfMaximumArgument) * 20.0), 0.0, 1e-12);
}

TEST(PtychoForward, CropIsCentredAndBinningPreservesCounts) {
  RealImage image(12, 12);
  PoissonSampler sampler(7);
  for (double& value : image.values) value = static_cast<double>(sampler.draw(20.0));
  const RealImage crop = crop_centre(image, 8);
  EXPECT_EQ(crop.at(0, 0), image.at(2, 2));
  EXPECT_EQ(crop.at(7, 7), image.at(9, 9));
  const RealImage binned = bin_sum(crop, 4);
  ASSERT_EQ(binned.rows, 2U);
  EXPECT_DOUBLE_EQ(total(binned), total(crop));
  double block = 0.0;
  for (std::uint32_t r = 4; r < 8; ++r) {
    for (std::uint32_t c = 0; c < 4; ++c) block += crop.at(r, c);
  }
  EXPECT_DOUBLE_EQ(binned.at(1, 0), block);
  EXPECT_THROW((void)bin_sum(crop, 3), std::invalid_argument);
  EXPECT_THROW((void)crop_centre(image, 9), std::invalid_argument);  // odd margin cannot be centred

  PtychoConfig config = small_config();
  config.detector_pixels = 12;
  config.crop_pixels = 8;
  config.binning = 4;
  config.binning_reduction = BinningReduction::kSum;
  EXPECT_DOUBLE_EQ(total(prepare_frame(image, config)), total(crop));
  config.binning_reduction = BinningReduction::kMean;  // the edge model's reduction: sums / 16
  EXPECT_DOUBLE_EQ(prepare_frame(image, config).at(1, 0), block / 16.0);
}

TEST(PtychoForward, ObjectMapsTheTestImageOntoAmplitudeAndPhaseRanges) {
  ObjectConfig config;
  config.amplitude_min = 0.7;
  config.phase_max_rad = 0.9;
  RealImage pattern(1, 3);
  pattern.values = {0.0, 0.5, 1.0};
  const ComplexImage object = object_from_pattern(pattern, config);
  EXPECT_NEAR(std::abs(object.values[0]), 1.0, 1e-15);
  EXPECT_NEAR(std::arg(object.values[0]), -0.9, 1e-15);
  EXPECT_NEAR(std::abs(object.values[1]), 0.85, 1e-15);
  EXPECT_NEAR(std::arg(object.values[1]), 0.0, 1e-15);
  EXPECT_NEAR(std::abs(object.values[2]), 0.7, 1e-15);
  EXPECT_NEAR(std::arg(object.values[2]), 0.9, 1e-15);

  const RealImage star = siemens_star_pattern(200);
  double low = 1.0, high = 0.0;
  for (const double value : star.values) low = std::min(low, value), high = std::max(high, value);
  EXPECT_EQ(low, 0.0);
  EXPECT_EQ(high, 1.0);
}

TEST(PtychoForward, MnistDigitsAreTiledFromTheFirstIndexOn) {
  data::ImageDataset digits;
  digits.rows = digits.cols = 2;
  digits.pixels = {0, 255, 255, 0, 51, 51, 51, 51};
  digits.labels = {0, 1};
  const RealImage tiled = tiled_digits_pattern(4, digits, 1, 1);
  EXPECT_DOUBLE_EQ(tiled.at(0, 0), 0.2);  // digit 1 first
  EXPECT_DOUBLE_EQ(tiled.at(0, 2), 0.0);  // then digit 0 (wrapping)
  EXPECT_DOUBLE_EQ(tiled.at(0, 3), 1.0);
  EXPECT_DOUBLE_EQ(tiled.at(2, 0), 0.2);  // the second row of tiles continues it: digits 1 + 2 = 3 -> 1
  EXPECT_THROW((void)tiled_digits_pattern(4, digits, 1, 2), std::invalid_argument);
  const RealImage upsampled = tiled_digits_pattern(4, digits, 2, 0);
  EXPECT_DOUBLE_EQ(upsampled.at(0, 0), 0.0);  // clamped at the digit's border
  EXPECT_DOUBLE_EQ(upsampled.at(0, 3), 1.0);
  EXPECT_DOUBLE_EQ(upsampled.at(0, 1), 0.25);  // a quarter of the way from 0 to 255
}

TEST(PtychoForward, GroundTruthIsTheObjectPhaseAroundTheProbeRelativeToTheReference) {
  PtychoConfig config = small_config();
  config.crop_pixels = config.detector_pixels;  // spacing 1: samples fall on object pixels
  config.binning = 4;
  PtychoSimulator simulator(config);
  const PtychoFrame frame = simulator.frame(2);
  const std::uint32_t half = config.output_pixels() / 2;
  const double reference = simulator.reference_phase_rad();
  for (const auto& [dr, dc] : {std::pair<int, int>{0, 0}, {-5, 3}, {7, -11}}) {
    const std::complex<double> value = simulator.object().at(static_cast<std::uint32_t>(frame.probe_row + dr),
                                                             static_cast<std::uint32_t>(frame.probe_col + dc));
    EXPECT_NEAR(frame.phase.at(half + dr, half + dc), std::arg(value * std::polar(1.0, -reference)), 1e-12);
  }
  EXPECT_EQ(frame.input.rows, config.output_pixels());
  EXPECT_EQ(frame.phase.rows, config.output_pixels());
}

TEST(PtychoForward, TheSameSeedGivesIdenticalFramesInAnyOrder) {
  const PtychoConfig config = small_config();
  PtychoSimulator first(config), second(config);
  const PtychoFrame late = second.frame(4);  // made before frame 0 this time
  const PtychoFrame early = second.frame(0);
  EXPECT_EQ(first.frame(0).input.values, early.input.values);
  EXPECT_EQ(first.frame(4).input.values, late.input.values);
  EXPECT_EQ(first.detector_counts(3).values, second.detector_counts(3).values);
  EXPECT_NE(first.frame(0).input.values, first.frame(1).input.values);
  PtychoConfig reseeded = config;
  reseeded.seed = 2;
  PtychoSimulator third(reseeded);
  EXPECT_NE(third.frame(0).input.values, early.input.values);
  EXPECT_EQ(third.expected_intensity(0).values, first.expected_intensity(0).values);  // only the noise differs
  EXPECT_THROW((void)first.frame(config.scan.points), std::out_of_range);
}

}  // namespace
}  // namespace spinaps::ptycho
