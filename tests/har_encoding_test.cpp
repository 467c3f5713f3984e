// Tests for HAR feature normalisation (fitted on the training split only), the encoding
// configuration, and the rate, population and delta spike encoders.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/config/config_reader.h"
#include "workloads/har/encoding_config.h"
#include "workloads/har/normalisation.h"
#include "workloads/har/spike_encoder.h"
#include "workloads/snn/network.h"

namespace spinaps::har {
namespace {

FeatureDataset dataset_of(std::uint32_t features, const std::vector<float>& values, const std::string& origin) {
  FeatureDataset dataset;
  dataset.features = features;
  dataset.values = values;
  dataset.labels.assign(values.size() / features, 0);
  dataset.origin = origin;
  return dataset;
}

TEST(HarNormalisation, MinMaxUsesOnlyTrainingStatisticsAndClipsTheTestSplit) {
  HarSplits splits;
  // Feature 0 spans [2, 6] in training; feature 1 is constant there.
  splits.train.features = dataset_of(2, {2.0F, 7.0F, 6.0F, 7.0F, 3.0F, 7.0F}, "train");
  splits.test.features = dataset_of(2, {-100.0F, 7.0F, 4.0F, 8.0F, 1000.0F, 0.0F}, "test");
  const FeatureNormaliser normaliser = normalise_features(splits, Normalisation::kMinMax);
  EXPECT_EQ(normaliser.centre(), (std::vector<double>{2.0, 7.0}));
  EXPECT_EQ(normaliser.gain(), (std::vector<double>{0.25, 0.0}));
  EXPECT_EQ(splits.train.features.values, (std::vector<float>{0.0F, 0.0F, 1.0F, 0.0F, 0.25F, 0.0F}));
  // The test split is mapped with the training range: outside values clip, never refit.
  EXPECT_EQ(splits.test.features.values, (std::vector<float>{0.0F, 0.0F, 0.5F, 0.0F, 1.0F, 0.0F}));
  EXPECT_NE(splits.test.features.origin.find("min_max normalised (fitted on the training split)"), std::string::npos);

  // Changing the test data changes nothing the normaliser learnt.
  HarSplits other = splits;
  other.train.features = dataset_of(2, {2.0F, 7.0F, 6.0F, 7.0F, 3.0F, 7.0F}, "train");
  other.test.features = dataset_of(2, {5.0F, 5.0F, 5.0F, 5.0F, 5.0F, 5.0F}, "test");
  const FeatureNormaliser refit = normalise_features(other, Normalisation::kMinMax);
  EXPECT_EQ(refit.centre(), normaliser.centre());
  EXPECT_EQ(refit.gain(), normaliser.gain());
  EXPECT_EQ(other.train.features.values, splits.train.features.values);
}

TEST(HarNormalisation, ZScoreMapsThreeSigmaOntoTheUnitInterval) {
  // Feature 0: mean 0, population std 2.
  const FeatureDataset train = dataset_of(2, {-2.0F, 1.0F, 2.0F, 1.0F, -2.0F, 1.0F, 2.0F, 1.0F}, "train");
  const FeatureNormaliser normaliser = FeatureNormaliser::fit(train, Normalisation::kZScore);
  EXPECT_DOUBLE_EQ(normaliser.centre()[0], 0.0);
  EXPECT_DOUBLE_EQ(normaliser.gain()[0], 1.0 / 12.0);
  EXPECT_FLOAT_EQ(normaliser.normalise(0, 0.0F), 0.5F);
  EXPECT_FLOAT_EQ(normaliser.normalise(0, 6.0F), 1.0F);    // +3 sigma
  EXPECT_FLOAT_EQ(normaliser.normalise(0, -3.0F), 0.25F);  // -1.5 sigma
  EXPECT_FLOAT_EQ(normaliser.normalise(0, -60.0F), 0.0F);  // clipped
  EXPECT_FLOAT_EQ(normaliser.normalise(1, 123.0F), 0.5F);  // constant feature: z = 0
}

TEST(HarNormalisation, MismatchedOrEmptyDataIsRejected) {
  EXPECT_THROW(FeatureNormaliser::fit(dataset_of(2, {}, "empty"), Normalisation::kMinMax), std::invalid_argument);
  const FeatureNormaliser normaliser = FeatureNormaliser::fit(dataset_of(2, {1, 2}, "train"), Normalisation::kMinMax);
  EXPECT_THROW((void)normaliser.apply(dataset_of(3, {1, 2, 3}, "other")), std::invalid_argument);
}

TEST(HarRateEncoder, EqualsThePixelCodeBitForBit) {
  std::vector<float> normalised;
  normalised.reserve(300);
  for (int f = 0; f < 300; ++f) normalised.push_back(static_cast<float>(f % 101) / 100.0F);
  normalised[7] = -0.5F;  // clipped to 0
  normalised[8] = 1.5F;   // clipped to 1
  for (const double probability : {1.0, 0.35}) {
    const EncodingConfig config;  // rate
    const auto encoder = make_feature_encoder(config, normalised.data(), 300, probability);
    ASSERT_EQ(encoder->inputs(), 300U);
    std::vector<std::uint8_t> spikes(300);
    for (const std::uint64_t seed : {1ULL, 987654321ULL}) {
      for (const std::uint64_t sample : {0ULL, 41ULL}) {
        for (std::uint32_t step = 1; step <= 16; ++step) {
          encoder->encode(seed, sample, step, spikes.data());
          for (std::uint32_t j = 0; j < 300; ++j) {
            const auto intensity =
                static_cast<std::uint8_t>(std::lround(255.0 * std::clamp(normalised[j], 0.0F, 1.0F)));
            const bool expected = snn::input_spike(seed, sample, step, j, snn::input_threshold(intensity, probability));
            ASSERT_EQ(spikes[j], expected ? 1 : 0)
                << "seed " << seed << " sample " << sample << " step " << step << " input " << j;
          }
        }
      }
    }
  }
}

TEST(HarRateEncoder, IntensityDatasetFeedsThePixelPathUnchanged) {
  FeatureDataset normalised = dataset_of(3, {0.0F, 0.5F, 1.0F, 0.2F, 0.998F, 0.001F}, "normalised");
  normalised.labels = {4, 1};
  const data::ImageDataset images = to_intensity_dataset(normalised, EncodingConfig{});
  EXPECT_EQ(images.rows, 1U);
  EXPECT_EQ(images.cols, 3U);
  EXPECT_EQ(images.pixels, (std::vector<std::uint8_t>{0, 128, 255, 51, 254, 0}));
  EXPECT_EQ(images.labels, normalised.labels);
  const RateEncoder encoder(std::vector<std::uint8_t>(images.image(1), images.image(1) + 3), 1.0);
  for (std::uint32_t j = 0; j < 3; ++j) {
    EXPECT_EQ(encoder.thresholds()[j], snn::input_threshold(images.image(1)[j], 1.0));
  }
}

TEST(HarPopulationEncoder, GaussianFieldsPeakAtTheirCentres) {
  EncodingConfig config;
  config.kind = EncodingKind::kPopulation;
  config.population_size = 5;  // centres 0, 0.25, 0.5, 0.75, 1
  config.receptive_field_width = 0.125;
  const std::vector<float> x{0.5F, 0.0F, 0.625F};
  const std::vector<std::uint8_t> intensities = input_intensities(config, x.data(), 3);
  ASSERT_EQ(intensities.size(), 15U);
  ASSERT_EQ(encoded_input_count(config, 3), 15U);
  // Feature 0 at 0.5: field 2 fires fully, neighbours at 2 sigma: 255 exp(-2) = 34.5.
  EXPECT_EQ(std::vector<std::uint8_t>(intensities.begin(), intensities.begin() + 5),
            (std::vector<std::uint8_t>{0, 35, 255, 35, 0}));
  EXPECT_EQ(intensities[5], 255);  // feature 1 at 0: the first field (input index 1 * P + 0)
  // Feature 2 halfway between centres 0.5 and 0.75: both at 1 sigma, 255 exp(-1/2) = 154.7.
  EXPECT_EQ(intensities[12], 155);
  EXPECT_EQ(intensities[13], 155);
  // Spikes are the rate code of these intensities, input by input.
  const auto encoder = make_feature_encoder(config, x.data(), 3, 1.0);
  std::vector<std::uint8_t> spikes(15);
  encoder->encode(3, 9, 2, spikes.data());
  for (std::uint32_t j = 0; j < 15; ++j) {
    EXPECT_EQ(spikes[j], snn::input_spike(3, 9, 2, j, snn::input_threshold(intensities[j], 1.0)) ? 1 : 0);
  }
}

TEST(HarDeltaEncoder, ResamplingAveragesBoxesExactly) {
  std::vector<float> ramp(128);
  for (int i = 0; i < 128; ++i) ramp[i] = static_cast<float>(i);
  const std::vector<double> sixteen = resample_to_steps(ramp.data(), 128, 16);
  EXPECT_DOUBLE_EQ(sixteen[0], 3.5);  // mean of samples 0..7
  EXPECT_DOUBLE_EQ(sixteen[15], 123.5);
  const std::vector<double> doubled = resample_to_steps(ramp.data(), 128, 256);
  EXPECT_DOUBLE_EQ(doubled[10], 5.0);  // every sample held for two steps
  EXPECT_DOUBLE_EQ(doubled[11], 5.0);
  const std::vector<double> three = resample_to_steps(ramp.data(), 128, 3);  // 42.67 samples a step
  double weighted = 0.0;
  for (const double value : three) weighted += value / 3.0;
  EXPECT_NEAR(weighted, 63.5, 1e-9);  // the mean is preserved
}

TEST(HarDeltaEncoder, StaticGravityIsABurstAndASwingAlternates) {
  std::vector<float> window(InertialDataset::kValuesPerWindow, 0.0F);
  for (int i = 0; i < 128; ++i) {
    window[std::size_t{kTotalAccSignal} * 128 + i] = 0.95F;  // total_acc_x: a static 0.95 g
    window[std::size_t{kBodyGyroSignal} * 128 + i] =
        static_cast<float>(std::sin(2.0 * 3.14159265358979 * i / 64.0));  // 1 rad/s
  }
  const DeltaEncoder encoder(window.data(), 32, 0.1, 0.3);
  ASSERT_EQ(encoder.inputs(), 18U);
  std::vector<int> up_total(33), down_total(33), up_gyro(33), down_gyro(33);
  std::vector<std::uint8_t> spikes(18);
  int silent_inputs = 0;
  for (std::uint32_t step = 1; step <= 32; ++step) {
    encoder.encode(0, 0, step, spikes.data());
    constexpr std::size_t kUpTotal = std::size_t{2} * kTotalAccSignal;  // total_acc_x: UP, then DOWN
    constexpr std::size_t kUpGyro = std::size_t{2} * kBodyGyroSignal;   // body_gyro_x
    up_total[step] = spikes[kUpTotal];
    down_total[step] = spikes[kUpTotal + 1];
    up_gyro[step] = spikes[kUpGyro];
    down_gyro[step] = spikes[kUpGyro + 1];
    for (std::uint32_t j = 0; j < 18; ++j) {
      if (j / 2 != kTotalAccSignal && j / 2 != kBodyGyroSignal) silent_inputs += spikes[j];
    }
  }
  EXPECT_EQ(silent_inputs, 0);
  // 0.95 g from a zero reference: UP at steps 1..9 (reference 0.9), then within one threshold.
  for (std::uint32_t step = 1; step <= 32; ++step) {
    EXPECT_EQ(up_total[step], step <= 9 ? 1 : 0) << step;
    EXPECT_EQ(down_total[step], 0) << step;
  }
  // Two periods of a 1 rad/s sine: both directions fire, never together, about equally often.
  int ups = 0, downs = 0;
  for (std::uint32_t step = 1; step <= 32; ++step) {
    EXPECT_FALSE(up_gyro[step] == 1 && down_gyro[step] == 1);
    ups += up_gyro[step];
    downs += down_gyro[step];
  }
  EXPECT_GE(ups, 4);
  EXPECT_GE(downs, 4);
  EXPECT_LE(std::abs(ups - downs), 4);
  // Deterministic: seed and sample id do not matter.
  std::vector<std::uint8_t> again(18);
  encoder.encode(0, 0, 3, spikes.data());
  encoder.encode(77, 5, 3, again.data());
  EXPECT_EQ(spikes, again);
  EXPECT_THROW(encoder.encode(0, 0, 0, spikes.data()), std::out_of_range);
  EXPECT_THROW(encoder.encode(0, 0, 33, spikes.data()), std::out_of_range);
}

TEST(HarEncoderFactory, SelectsTheViewTheEncodingNeeds) {
  HarSplit split;
  split.features = dataset_of(2, {0.1F, 0.9F}, "features");
  EncodingConfig delta;
  delta.kind = EncodingKind::kDelta;
  EXPECT_THROW(make_encoder(delta, split, 0, 1.0, 16), std::invalid_argument);  // no inertial view
  EXPECT_THROW(to_intensity_dataset(split.features, delta), std::invalid_argument);
  EXPECT_EQ(make_encoder(EncodingConfig{}, split, 0, 1.0, 16)->inputs(), 2U);
  EXPECT_THROW(make_encoder(EncodingConfig{}, split, 1, 1.0, 16), std::invalid_argument);
  split.inertial.values.assign(InertialDataset::kValuesPerWindow, 0.0F);
  split.inertial.labels = {0};
  EXPECT_EQ(make_encoder(delta, split, 0, 1.0, 16)->inputs(), 18U);
}

EncodingConfig parse(const std::string& json) {
  const config::Json document = config::Json::parse(json);
  return parse_encoding_config(config::ConfigNode(document, "har.json", "workload.encoding"));
}

void expect_config_error(const std::string& json, const std::string& key, const std::string& problem) {
  try {
    parse(json);
    ADD_FAILURE() << "no ConfigError for " << json;
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.file(), "har.json");
    EXPECT_EQ(error.key(), "workload.encoding." + key) << error.what();
    EXPECT_NE(std::string(error.what()).find(problem), std::string::npos) << error.what();
  }
}

TEST(HarEncodingConfig, ParsesEachEncodingWithItsDefaults) {
  const EncodingConfig rate = parse(R"({"encoding": "rate"})");
  EXPECT_EQ(rate.kind, EncodingKind::kRate);
  EXPECT_EQ(rate.normalisation, Normalisation::kMinMax);
  const EncodingConfig population =
      parse(R"({"encoding": "population", "population_size": 9, "normalisation": "z_score"})");
  EXPECT_EQ(population.kind, EncodingKind::kPopulation);
  EXPECT_EQ(population.population_size, 9U);
  EXPECT_DOUBLE_EQ(population.receptive_field_width, 0.5 / 8);  // half the centre spacing
  EXPECT_EQ(population.normalisation, Normalisation::kZScore);
  EXPECT_DOUBLE_EQ(parse(R"({"encoding": "population", "receptive_field_width": 0.3})").receptive_field_width, 0.3);
  const EncodingConfig delta = parse(R"({"encoding": "delta", "delta_threshold_g": 0.05})");
  EXPECT_EQ(delta.kind, EncodingKind::kDelta);
  EXPECT_DOUBLE_EQ(delta.delta_threshold_g, 0.05);
  EXPECT_DOUBLE_EQ(delta.delta_threshold_rad_per_s, 0.2);
  EXPECT_EQ(encoded_input_count(delta, 561), 18U);
  EXPECT_EQ(encoding_name(delta.kind), "delta");
}

TEST(HarEncodingConfig, RejectsBadValuesForeignKeysAndUnknownKeys) {
  expect_config_error(R"({"encoding": "morse"})", "encoding", "\"rate\", \"population\", \"delta\"");
  expect_config_error(R"({})", "encoding", "required");
  expect_config_error(R"({"encoding": "population", "population_size": 1})", "population_size", "[2, 64]");
  expect_config_error(R"({"encoding": "population", "receptive_field_width": 0})", "receptive_field_width", "range");
  expect_config_error(R"({"encoding": "rate", "normalisation": "max"})", "normalisation", "\"min_max\", \"z_score\"");
  expect_config_error(R"({"encoding": "rate", "population_size": 4})", "population_size",
                      "applies only to encoding \"population\"");
  expect_config_error(R"({"encoding": "delta", "normalisation": "z_score"})", "normalisation", "applies only to");
  expect_config_error(R"({"encoding": "population", "delta_threshold_g": 0.1})", "delta_threshold_g",
                      "applies only to encoding \"delta\"");
  expect_config_error(R"({"encoding": "delta", "delta_threshold_g": -1})", "delta_threshold_g", "range");
  expect_config_error(R"({"encoding": "rate", "threshold": 1})", "threshold", "unknown key");
}

}  // namespace
}  // namespace spinaps::har
