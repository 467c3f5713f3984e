// The device-aware MLP study (workloads/mlp/, docs/device_study.md): ideal devices reproduce the
// float network; accuracy falls on average as levels shrink or variability grows, whether the
// weights are programmed or trained in situ; the in-situ rule keeps every device in [Gmin, Gmax]
// and its refresh moves a saturated pair's net weight onto one device; noise, determinism and the
// ONNX export read back by the project's importer.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "models/memristor/device_model.h"
#include "tools/report/study_report.h"
#include "workloads/cnn/onnx_import.h"
#include "workloads/cnn/reference_inference.h"
#include "workloads/mlp/device_mlp.h"
#include "workloads/mlp/mlp.h"
#include "workloads/mlp/noise.h"
#include "workloads/mlp/onnx_export.h"
#include "workloads/mlp/study.h"

namespace spinaps::mlp {
namespace {

memristor::DeviceParameters rram() {
  return memristor::load_device(memristor::default_devices_file(), "rram_neurram_wan2022");
}

/// A small problem on which every claim of the study still shows: 2,000 training digits, one
/// hidden layer of 64, 1,000 test digits.
struct SmallProblem {
  data::DatasetSplits data = data::load_bundled_mnist();
  data::ImageDataset train = data.train.first(2000);
  data::ImageDataset test = data.test.first(1000);
  Eigen::MatrixXf train_images = images_as_columns(train);
  Eigen::MatrixXf test_images = images_as_columns(test);
  std::vector<std::uint32_t> sizes = {784, 64, 10};

  Mlp trained_float(std::uint64_t seed = 1) const {
    Mlp network = initialise(sizes, seed);
    FloatTrainingOptions options;
    options.epochs = 4;
    options.seed = seed;
    train_float(network, train_images, train.labels, options);
    return network;
  }
};

const SmallProblem& problem() {
  static const SmallProblem instance;
  return instance;
}

memristor::DeviceModel device(std::uint32_t levels, double sigma_levels, double dynamic_range = 15.0) {
  return memristor::DeviceModel(device_for(rram(), {levels, dynamic_range, true, sigma_levels}));
}

/// Accuracy of the programmed network averaged over `seeds` programming seeds.
double mean_programmed_accuracy(const Mlp& trained, const memristor::DeviceModel& model, int seeds) {
  double sum = 0.0;
  for (int seed = 1; seed <= seeds; ++seed) {
    const Mlp read = program_network(trained, model, static_cast<std::uint64_t>(seed)).read_back(model);
    sum += accuracy(read, problem().test_images, problem().test.labels);
  }
  return sum / seeds;
}

TEST(MlpStudy, FloatTrainingLearnsAndIsDeterministic) {
  const Mlp a = problem().trained_float(3);
  const Mlp b = problem().trained_float(3);
  ASSERT_EQ(a.layers.size(), 2U);
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    EXPECT_TRUE(a.layers[l].weights == b.layers[l].weights);
    EXPECT_TRUE(a.layers[l].bias == b.layers[l].bias);
  }
  EXPECT_GT(accuracy(a, problem().test_images, problem().test.labels), 0.85);
}

TEST(MlpStudy, IdealDevicesReproduceTheFloatAccuracy) {
  const Mlp trained = problem().trained_float();
  const double float_accuracy = accuracy(trained, problem().test_images, problem().test.labels);
  const memristor::DeviceModel ideal = device(4096, 0.0);
  const DeviceNetwork pairs = program_network(trained, ideal, 1);
  const double device_accuracy = accuracy(pairs.read_back(ideal), problem().test_images, problem().test.labels);
  EXPECT_NEAR(device_accuracy, float_accuracy, 0.01);
  // Every weight within half a level of the float weight.
  const Mlp read = pairs.read_back(ideal);
  for (std::size_t l = 0; l < read.layers.size(); ++l) {
    const double half_level = pairs.layers[l].w_max / (2.0 * 4095.0);
    EXPECT_LE((read.layers[l].weights - trained.layers[l].weights).cwiseAbs().maxCoeff(), half_level * 1.001 + 1e-7);
  }
}

TEST(MlpStudy, ProgrammedAccuracyFallsAsLevelsShrink) {
  const Mlp trained = problem().trained_float();
  const double many = mean_programmed_accuracy(trained, device(64, 0.5), 3);
  const double few = mean_programmed_accuracy(trained, device(4, 0.5), 3);
  const double two = mean_programmed_accuracy(trained, device(2, 0.5), 3);
  EXPECT_GT(many, few + 0.01);
  EXPECT_GT(few, two + 0.01);
}

TEST(MlpStudy, ProgrammedAccuracyFallsAsVariabilityGrows) {
  const Mlp trained = problem().trained_float();
  const double none = mean_programmed_accuracy(trained, device(16, 0.0), 3);
  const double some = mean_programmed_accuracy(trained, device(16, 2.0), 3);
  const double much = mean_programmed_accuracy(trained, device(16, 5.0), 3);
  EXPECT_GT(none, some);
  EXPECT_GT(some, much + 0.02);
}

TEST(MlpStudy, DynamicRangeAloneDoesNotMoveADifferentialPair) {
  // With sigma in level steps, Gmin cancels in G+ - G-: the read-back weights agree to rounding.
  const Mlp trained = problem().trained_float();
  const memristor::DeviceModel narrow = device(32, 0.5, 2.0);
  const memristor::DeviceModel wide = device(32, 0.5, 1000.0);
  const Mlp a = program_network(trained, narrow, 5).read_back(narrow);
  const Mlp b = program_network(trained, wide, 5).read_back(wide);
  EXPECT_LT((a.layers[0].weights - b.layers[0].weights).cwiseAbs().maxCoeff(), 1e-5);
  // With the device file's absolute sigma (uS) a narrower range means a smaller step and more noise.
  const memristor::DeviceModel absolute_narrow(device_for(rram(), {32, 2.0, false, 0.0}));
  const memristor::DeviceModel absolute_wide(device_for(rram(), {32, 1000.0, false, 0.0}));
  EXPECT_GT(absolute_narrow.parameters().programming_sigma_in_us() / absolute_narrow.parameters().level_step_us(),
            1.9 * absolute_wide.parameters().programming_sigma_in_us() / absolute_wide.parameters().level_step_us());
}

InsituOptions small_insitu(std::uint32_t epochs) {
  InsituOptions options;
  options.epochs = epochs;
  options.seed = 2;
  return options;
}

TEST(MlpStudy, InsituTrainingLearnsAndStaysInsideTheConductanceRange) {
  const memristor::DeviceModel model = device(32, 0.5);
  InsituStatistics statistics;
  const DeviceNetwork network =
      train_insitu(problem().sizes, model, problem().train_images, problem().train.labels, small_insitu(2), statistics);
  EXPECT_GT(accuracy(network.read_back(model), problem().test_images, problem().test.labels), 0.80);
  EXPECT_GT(statistics.potentiation_steps, 100000U);
  EXPECT_GT(statistics.refresh_cycles, 0U);
  EXPECT_GT(statistics.refreshed_pairs, 0U);
  EXPECT_GE(network.g_min_seen_us(), model.parameters().g_min_us);
  EXPECT_LE(network.g_max_seen_us(), model.parameters().g_max_us);
}

TEST(MlpStudy, InsituRuleClipsEveryDeviceEvenWhenDrivenHard) {
  // A large learning rate, few levels, much variability and no refresh push devices to both ends.
  const memristor::DeviceModel model = device(8, 3.0, 2.0);
  InsituOptions options = small_insitu(1);
  options.learning_rate = 0.5;
  options.refresh_interval = 0;
  InsituStatistics statistics;
  const DeviceNetwork network =
      train_insitu(problem().sizes, model, problem().train_images.leftCols(500),
                   std::vector<std::uint8_t>(problem().train.labels.begin(), problem().train.labels.begin() + 500),
                   options, statistics);
  EXPECT_GT(statistics.clipped_updates, 0U);
  for (const PairLayer& layer : network.layers) {
    for (std::size_t n = 0; n < layer.g_plus_us.size(); ++n) {
      ASSERT_GE(layer.g_plus_us[n], model.parameters().g_min_us);
      ASSERT_LE(layer.g_plus_us[n], model.parameters().g_max_us);
      ASSERT_GE(layer.g_minus_us[n], model.parameters().g_min_us);
      ASSERT_LE(layer.g_minus_us[n], model.parameters().g_max_us);
    }
  }
  EXPECT_DOUBLE_EQ(network.g_max_seen_us(), model.parameters().g_max_us);
}

TEST(MlpStudy, InsituAccuracyFallsAsVariabilityGrowsOrLevelsShrink) {
  const auto trained_accuracy = [](const memristor::DeviceModel& model) {
    InsituStatistics statistics;
    const DeviceNetwork network = train_insitu(problem().sizes, model, problem().train_images, problem().train.labels,
                                               small_insitu(1), statistics);
    return accuracy(network.read_back(model), problem().test_images, problem().test.labels);
  };
  const double reference = trained_accuracy(device(32, 0.0));
  EXPECT_GT(reference, trained_accuracy(device(32, 4.0)) + 0.02);
  EXPECT_GT(reference, trained_accuracy(device(4, 0.0)) + 0.02);
}

TEST(MlpStudy, RefreshMovesTheNetWeightOfASaturatedPairOntoOneDevice) {
  const memristor::DeviceModel model = device(9, 0.0, 5.0);  // Gmin 8, step 4 uS
  const double g_min = model.parameters().g_min_us;
  const double step = model.parameters().level_step_us();
  std::mt19937_64 rng(1);
  double g_plus = model.parameters().g_max_us;
  double g_minus = g_min + 3 * step;
  ASSERT_TRUE(refresh_pair(g_plus, g_minus, model, rng));
  EXPECT_NEAR(g_plus, g_min + 5 * step, 1e-9);
  EXPECT_NEAR(g_minus, g_min, 1e-9);
  g_plus = g_min + 2 * step;
  g_minus = model.parameters().g_max_us - 0.4 * step;  // within half a step of Gmax: saturated
  ASSERT_TRUE(refresh_pair(g_plus, g_minus, model, rng));
  EXPECT_NEAR(g_plus, g_min, 1e-9);
  EXPECT_NEAR(g_minus, g_min + 6 * step, 1e-9);
  g_plus = g_min + 2 * step;
  g_minus = g_min + 7 * step;  // one step below Gmax: left alone
  EXPECT_FALSE(refresh_pair(g_plus, g_minus, model, rng));
  EXPECT_EQ(g_minus, g_min + 7 * step);
}

TEST(MlpStudy, DeviceSettingsOutOfRangeNameTheField) {
  EXPECT_THROW(device_for(rram(), {1, 15.0, true, 0.0}), std::invalid_argument);
  EXPECT_THROW(device_for(rram(), {32, 0.5, true, 0.0}), std::invalid_argument);
  EXPECT_THROW(device_for(rram(), {32, 15.0, true, -1.0}), std::invalid_argument);
  try {
    (void)device_for(rram(), {32, 1.0, true, 0.0});
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("dynamic range"), std::string::npos);
  }
  const memristor::DeviceParameters point = device_for(rram(), {32, 15.0, true, 0.5});
  EXPECT_DOUBLE_EQ(point.g_min_us, point.g_max_us / 15.0);
  EXPECT_EQ(point.levels, 32U);
}

TEST(MlpStudy, NoiseIsSeededAndHasTheRequestedStrength) {
  const Eigen::MatrixXf images = problem().test_images.leftCols(200);
  std::vector<NoiseSpec> specs;
  parse_noise("gaussian:0,0.2", "--noise", specs);
  parse_noise("salt_pepper:0.1", "--noise", specs);
  ASSERT_EQ(specs.size(), 3U);
  EXPECT_TRUE(corrupt(images, specs[0], 1) == images);
  const Eigen::MatrixXf gaussian = corrupt(images, specs[1], 1);
  EXPECT_TRUE(gaussian == corrupt(images, specs[1], 1));
  EXPECT_FALSE(gaussian == corrupt(images, specs[1], 2));
  EXPECT_GE(gaussian.minCoeff(), 0.0F);
  EXPECT_LE(gaussian.maxCoeff(), 1.0F);
  const Eigen::MatrixXf grey = Eigen::MatrixXf::Constant(784, 200, 0.5F);
  const Eigen::MatrixXf salted = corrupt(grey, specs[2], 1);
  const double changed = (salted.array() != grey.array()).cast<double>().sum() / static_cast<double>(grey.size());
  const double white = (salted.array() == 1.0F).cast<double>().sum() / static_cast<double>(grey.size());
  EXPECT_NEAR(changed, 0.1, 0.005);
  EXPECT_NEAR(white, 0.05, 0.005);
  for (const char* bad : {"gaussian", "uniform:0.1", "salt_pepper:2", "gaussian:0.1,x", "gaussian:"}) {
    std::vector<NoiseSpec> ignored;
    EXPECT_THROW(parse_noise(bad, "--noise", ignored), std::invalid_argument) << bad;
  }
}

TEST(MlpStudy, StudySweepsTheProductAndIsDeterministic) {
  StudyOptions options;
  options.device = rram();
  options.levels = {4, 32};
  options.dynamic_ranges = {2.0, 15.0};
  options.sigmas = {0.0, 1.0};
  options.hidden = {32};
  options.float_training.epochs = 1;
  options.train_samples = 1000;
  options.test_samples = 300;
  options.noise = {{NoiseKind::kGaussian, 0.3}};
  const StudyResult a = run_study(problem().data, options);
  ASSERT_EQ(a.points.size(), 8U);
  EXPECT_EQ(a.points[1].setting.sigma_levels, 1.0);
  EXPECT_EQ(a.points[2].setting.dynamic_range, 15.0);
  EXPECT_EQ(a.points[4].setting.levels, 32U);
  ASSERT_EQ(a.points[0].noise.size(), 1U);
  EXPECT_LT(a.points[0].noise[0].float_accuracy, a.float_accuracy);
  const std::vector<SweepMeans> means = sweep_means(a, options);
  ASSERT_EQ(means.size(), 3U);
  EXPECT_DOUBLE_EQ(means[0].mean_accuracy[0],
                   (a.points[0].accuracy + a.points[1].accuracy + a.points[2].accuracy + a.points[3].accuracy) / 4.0);
  const StudyResult b = run_study(problem().data, options);
  EXPECT_EQ(report::study_report(a, options).dump(), report::study_report(b, options).dump());
  options.seed = 2;
  const StudyResult c = run_study(problem().data, options);
  EXPECT_NE(report::study_report(a, options).dump(), report::study_report(c, options).dump());
}

TEST(MlpStudy, OnnxExportReadsBackThroughTheImporter) {
  const Mlp network = initialise({784, 20, 12, 10}, 4);
  Mlp trained = network;
  for (DenseLayer& layer : trained.layers) layer.bias.setLinSpaced(-0.3F, 0.4F);  // non-zero biases
  const std::string bytes = onnx_model_bytes(trained, "test");
  const cnn::Graph graph = cnn::import_onnx_bytes(bytes, "exported.onnx");
  ASSERT_EQ(graph.inputs.size(), 1U);
  EXPECT_EQ(graph.inputs[0], "x");
  for (Eigen::Index sample = 0; sample < 3; ++sample) {
    const Eigen::VectorXf pixels = problem().test_images.col(sample);
    cnn::Tensor input{{1, 784}, std::vector<float>(pixels.data(), pixels.data() + pixels.size())};
    const cnn::TensorMap outputs = cnn::run_reference(graph, {{"x", input}});
    const cnn::Tensor& y = outputs.at("y");
    ASSERT_EQ(y.shape, (cnn::Shape{1, 10}));
    const Eigen::VectorXf expected = trained.logits(pixels);
    for (int c = 0; c < 10; ++c) EXPECT_NEAR(y.values[c], expected(c), 1e-4) << c;
  }
}

}  // namespace
}  // namespace spinaps::mlp
