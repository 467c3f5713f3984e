// Tests for the synthetic HAR generator and the window features: determinism and its keying, the
// UCI-like windowing (50 % overlap, subject-disjoint splits), physical sanity of the signals, and
// that the six activities are separable by a simple classifier, which is what the workload relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "workloads/har/normalisation.h"
#include "workloads/har/synthetic_har.h"
#include "workloads/har/window_features.h"

namespace spinaps::har {
namespace {

constexpr double kPi = 3.14159265358979323846;

SyntheticHarConfig small_config(std::uint64_t seed) {
  SyntheticHarConfig config;
  config.seed = seed;
  config.train_windows = 600;
  config.test_windows = 240;
  return config;
}

TEST(HarSynthetic, IsDeterministicForASeedAndSaysItIsSynthetic) {
  const HarSplits first = generate_synthetic_har(small_config(5));
  const HarSplits again = generate_synthetic_har(small_config(5));
  const HarSplits other = generate_synthetic_har(small_config(6));
  EXPECT_EQ(first.train.inertial.values, again.train.inertial.values);
  EXPECT_EQ(first.test.features.values, again.test.features.values);
  EXPECT_NE(first.train.inertial.values, other.train.inertial.values);
  for (const HarSplit* split : {&first.train, &first.test}) {
    EXPECT_TRUE(split->features.synthetic);
    EXPECT_TRUE(split->inertial.synthetic);
    EXPECT_NE(split->features.origin.find("synthetic HAR generator v1, seed 5"), std::string::npos)
        << split->features.origin;
    EXPECT_EQ(split->features.features, kWindowFeatureCount);
    EXPECT_EQ(split->features.feature_names, window_feature_names());
    EXPECT_EQ(split->features.class_names, activity_names());
    EXPECT_EQ(split->features.labels, split->inertial.labels);
    for (const float value : split->inertial.values) ASSERT_TRUE(std::isfinite(value));
    for (const float value : split->features.values) ASSERT_TRUE(std::isfinite(value));
  }
  EXPECT_NE(first.description.find("synthetic"), std::string::npos);
  EXPECT_NE(first.description.find("600 train / 240 test windows"), std::string::npos) << first.description;
}

TEST(HarSynthetic, AWindowDependsOnlyOnItsKeyNotOnTheSplitSizes) {
  SyntheticHarConfig larger = small_config(5);
  larger.train_windows = 900;
  larger.test_windows = 12;
  const HarSplits small = generate_synthetic_har(small_config(5));
  const HarSplits large = generate_synthetic_har(larger);
  const auto& a = small.train.inertial.values;
  EXPECT_TRUE(std::equal(a.begin(), a.end(), large.train.inertial.values.begin()));
  EXPECT_TRUE(std::equal(large.test.inertial.values.begin(), large.test.inertial.values.end(),
                         small.test.inertial.values.begin()));
}

TEST(HarSynthetic, SplitsAreSubjectDisjointAndEveryPrefixIsBalanced) {
  const HarSplits splits = generate_synthetic_har(small_config(1));
  const std::set<std::uint16_t> train(splits.train.inertial.subjects.begin(), splits.train.inertial.subjects.end());
  const std::set<std::uint16_t> test(splits.test.inertial.subjects.begin(), splits.test.inertial.subjects.end());
  EXPECT_EQ(train.size(), kSyntheticTrainSubjects);
  EXPECT_EQ(test.size(), kSyntheticSubjects - kSyntheticTrainSubjects);
  EXPECT_EQ(*train.rbegin(), 21);
  EXPECT_EQ(*test.begin(), 22);
  for (std::size_t n = 0; n < 12; ++n) EXPECT_EQ(splits.test.inertial.labels[n], n % 6);
}

TEST(HarSynthetic, ConsecutiveWindowsOverlapByHalfAsInUci) {
  std::vector<float> first(InertialDataset::kValuesPerWindow);
  std::vector<float> second(InertialDataset::kValuesPerWindow);
  for (std::uint32_t activity = 0; activity < kActivityCount; ++activity) {
    synthesise_window(3, {4, activity, 7}, first.data());
    synthesise_window(3, {4, activity, 8}, second.data());
    for (std::uint32_t s = 0; s < kInertialSignalCount; ++s) {
      for (std::uint32_t i = 0; i < kWindowStrideSamples; ++i) {
        ASSERT_EQ(first[s * 128 + kWindowStrideSamples + i], second[s * 128 + i]) << "signal " << s << " sample " << i;
      }
    }
  }
  // The key mapping of the split's samples: a recording's windows follow each other.
  const SyntheticWindowKey key = synthetic_window_key(false, 6 * 21 + 6 * 3 + 2);
  EXPECT_EQ(key.activity, 2U);
  EXPECT_EQ(key.subject, 4U);
  EXPECT_EQ(key.window_index, 1U);
}

/// Mean over the windows of one activity of a feature.
double activity_mean(const FeatureDataset& dataset, std::uint32_t activity, std::uint32_t feature) {
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t n = 0; n < dataset.size(); ++n) {
    if (dataset.labels[n] != activity) continue;
    sum += dataset.sample(n)[feature];
    ++count;
  }
  return sum / static_cast<double>(count);
}

std::uint32_t feature_index(const std::string& name) {
  const std::vector<std::string> names = window_feature_names();
  return static_cast<std::uint32_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

TEST(HarSynthetic, SignalsArePhysicallyPlausible) {
  const FeatureDataset features = generate_synthetic_har(small_config(2)).train.features;
  for (std::uint32_t activity = 0; activity < kActivityCount; ++activity) {
    SCOPED_TRACE(activity_names()[activity]);
    // The gravity estimate is 1 g long whatever the posture.
    const double gx = activity_mean(features, activity, feature_index("total_acc_x-mean"));
    const double gy = activity_mean(features, activity, feature_index("total_acc_y-mean"));
    const double gz = activity_mean(features, activity, feature_index("total_acc_z-mean"));
    EXPECT_NEAR(std::sqrt(gx * gx + gy * gy + gz * gz), 1.0, 0.05);
    const double gait_hz = activity_mean(features, activity, feature_index("body_acc_x-dominant_hz"));
    const double gyro_magnitude = activity_mean(features, activity, feature_index("body_gyro_mag-mean"));
    if (activity < 3) {  // walking activities: a step frequency in the gait range, real rotation
      EXPECT_GT(gait_hz, 1.3);
      EXPECT_LT(gait_hz, 2.3);
      EXPECT_GT(gyro_magnitude, 0.1);
    } else {  // static postures: little rotation
      EXPECT_LT(gyro_magnitude, 0.05);
    }
  }
  // Upright postures load the long (x) axis; laying does not.
  EXPECT_LT(activity_mean(features, 4, feature_index("angle(x,gravity)")), 0.4);
  EXPECT_GT(activity_mean(features, 5, feature_index("angle(x,gravity)")), 1.2);
  // Stairs down hit harder than walking: more vertical power above 3 Hz.
  EXPECT_GT(activity_mean(features, 2, feature_index("body_acc_x-power_3.1-5.9Hz")),
            activity_mean(features, 0, feature_index("body_acc_x-power_3.1-5.9Hz")));
}

/// Nearest-centroid classifier on min-max features fitted on train, scored on the test subjects.
TEST(HarSynthetic, ActivitiesAreSeparableOnUnseenSubjects) {
  HarSplits splits = generate_synthetic_har(small_config(11));
  normalise_features(splits, Normalisation::kMinMax);
  const FeatureDataset& train = splits.train.features;
  const FeatureDataset& test = splits.test.features;
  std::vector<std::vector<double>> centroid(kActivityCount, std::vector<double>(train.features, 0.0));
  std::vector<double> count(kActivityCount, 0.0);
  for (std::size_t n = 0; n < train.size(); ++n) {
    for (std::uint32_t f = 0; f < train.features; ++f) centroid[train.labels[n]][f] += train.sample(n)[f];
    count[train.labels[n]] += 1.0;
  }
  for (std::uint32_t c = 0; c < kActivityCount; ++c) {
    for (double& value : centroid[c]) value /= count[c];
  }
  std::vector<std::size_t> correct(kActivityCount, 0), total(kActivityCount, 0);
  for (std::size_t n = 0; n < test.size(); ++n) {
    std::uint32_t best = 0;
    double best_distance = INFINITY;
    for (std::uint32_t c = 0; c < kActivityCount; ++c) {
      double distance = 0.0;
      for (std::uint32_t f = 0; f < test.features; ++f) {
        distance += (test.sample(n)[f] - centroid[c][f]) * (test.sample(n)[f] - centroid[c][f]);
      }
      if (distance < best_distance) best_distance = distance, best = c;
    }
    ++total[test.labels[n]];
    correct[test.labels[n]] += best == test.labels[n] ? 1 : 0;
  }
  const double accuracy = static_cast<double>(std::accumulate(correct.begin(), correct.end(), std::size_t{0})) /
                          static_cast<double>(test.size());
  EXPECT_GT(accuracy, 0.8) << "chance is 1/6";
  for (std::uint32_t c = 0; c < kActivityCount; ++c) {
    EXPECT_GT(static_cast<double>(correct[c]) / static_cast<double>(total[c]), 0.5) << activity_names()[c];
  }
}

TEST(HarSynthetic, WrittenSyntheticDataReloadsAsSynthetic) {
  const HarSplits generated = generate_synthetic_har(small_config(4));
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("spinaps_har_synthetic_" + std::to_string(std::random_device{}()));
  write_uci_har_directory(directory.string(), generated);
  const HarSplits loaded = load_uci_har_directory(directory.string());
  std::filesystem::remove_all(directory);
  EXPECT_EQ(loaded.train.features.values, generated.train.features.values);
  EXPECT_EQ(loaded.test.inertial.values, generated.test.inertial.values);
  EXPECT_TRUE(loaded.train.features.synthetic);
  EXPECT_NE(loaded.description.find("synthetic HAR generator v1, seed 4"), std::string::npos) << loaded.description;
}

TEST(HarWindowFeatures, MatchTheirDefinitionsOnAKnownWindow) {
  std::vector<float> window(InertialDataset::kValuesPerWindow, 0.0F);
  for (std::uint32_t i = 0; i < 128; ++i) {
    // body_acc_x: 0.2 g at bin 5 (1.953 Hz); body_acc_y = 2 * body_acc_x; gravity along +x.
    const double value = 0.2 * std::sin(2.0 * kPi * 5.0 * i / 128.0);
    window[0 * 128 + i] = static_cast<float>(value);
    window[1 * 128 + i] = static_cast<float>(2.0 * value);
    window[kTotalAccSignal * 128 + i] = 1.0F;
    window[kBodyGyroSignal * 128 + i] = i < 64 ? -0.5F : 0.5F;
  }
  std::vector<float> features(kWindowFeatureCount);
  compute_window_features(window.data(), features.data());
  ASSERT_EQ(window_feature_names().size(), kWindowFeatureCount);
  const auto at = [&](const std::string& name) { return features.at(feature_index(name)); };
  EXPECT_NEAR(at("body_acc_x-mean"), 0.0, 1e-6);
  EXPECT_NEAR(at("body_acc_x-std"), 0.2 / std::sqrt(2.0), 1e-5);
  EXPECT_NEAR(at("body_acc_x-energy"), 0.02, 1e-6);
  EXPECT_NEAR(at("body_acc_x-max"), 0.2, 1e-3);
  EXPECT_NEAR(at("body_gyro_x-iqr"), 1.0, 1e-6);
  EXPECT_NEAR(at("body_gyro_x-min"), -0.5, 1e-6);
  EXPECT_NEAR(at("body_acc_x-dominant_hz"), 5 * 50.0 / 128, 1e-6);
  EXPECT_NEAR(at("body_acc_x-power_1.6-2.7Hz"), 0.02, 1e-6);  // a sinusoid's mean square, in its band
  EXPECT_NEAR(at("body_acc_x-power_0.4-1.2Hz"), 0.0, 1e-9);
  EXPECT_NEAR(at("corr(body_acc_x,body_acc_y)"), 1.0, 1e-6);
  EXPECT_NEAR(at("corr(body_acc_x,body_acc_z)"), 0.0, 1e-9);                     // flat z: defined as 0
  EXPECT_NEAR(at("body_acc_mag-mean"), std::sqrt(5.0) * 0.2 * 2.0 / kPi, 1e-3);  // mean |sin| = 2/pi
  EXPECT_NEAR(at("angle(x,gravity)"), 0.0, 1e-6);
  EXPECT_NEAR(at("angle(y,gravity)"), kPi / 2, 1e-6);
  EXPECT_EQ(feature_index("angle(z,gravity)"), kWindowFeatureCount - 1);
}

}  // namespace
}  // namespace spinaps::har
