// The memristive device model: quantisation, slicing, programming statistics, determinism, stuck-at
// devices, drift, and the checked parameter file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "models/config/config_reader.h"
#include "models/memristor/device_model.h"

namespace spinaps::memristor {
namespace {

namespace fs = std::filesystem;

DeviceParameters test_device(std::uint32_t levels, double sigma_levels) {
  DeviceParameters p;
  p.name = "test";
  p.technology = "rram";
  p.source = "test";
  p.levels = levels;
  p.g_min_us = 1.0;
  p.g_max_us = 31.0;
  p.programming_sigma_levels = sigma_levels;
  return p;
}

/// Largest |w - weight read back| over a grid of weights in [-w_max, w_max], ideal programming.
double max_error(const DeviceModel& model, double w_max) {
  std::mt19937_64 rng(1);
  double worst = 0.0;
  for (int i = -1000; i <= 1000; ++i) {
    const double w = w_max * i / 1000.0;
    const ConductancePair programmed = model.program(model.quantise(w, w_max), rng);
    worst = std::max(worst, std::abs(model.weight_of(programmed, w_max) - w));
  }
  return worst;
}

TEST(MemristorDevice, IdealDeviceReproducesWeightsWithinHalfAStep) {
  const DeviceModel model(test_device(1024, 0.0));
  const double w_max = 0.75;
  const double half_step = 0.5 * w_max / 1023.0;
  EXPECT_LE(max_error(model, w_max), half_step + 1e-12);
  EXPECT_EQ(model.target_conductances_us().size(), 1024u);
  EXPECT_DOUBLE_EQ(model.target_conductances_us().front(), 1.0);
  EXPECT_DOUBLE_EQ(model.target_conductances_us().back(), 31.0);
}

TEST(MemristorDevice, QuantisationErrorShrinksAsLevelsGrow) {
  double previous = 1e9;
  for (std::uint32_t levels : {2u, 4u, 8u, 16u, 32u, 64u, 256u}) {
    const double error = max_error(DeviceModel(test_device(levels, 0.0)), 1.0);
    EXPECT_LT(error, previous) << levels << " levels";
    EXPECT_LE(error, 0.5 / (levels - 1) + 1e-12) << levels << " levels";
    previous = error;
  }
}

TEST(MemristorDevice, ProgrammedConductancesStayInsideTheRange) {
  DeviceParameters p = test_device(8, 3.0);
  p.stuck_at_gmin_rate = 0.01;
  p.stuck_at_gmax_rate = 0.01;
  const DeviceModel model(p);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const double target = model.target_conductances_us()[i % 8];
    const double g = model.program(target, rng);
    ASSERT_GE(g, p.g_min_us);
    ASSERT_LE(g, p.g_max_us);
  }
}

TEST(MemristorDevice, ProgrammingSpreadMatchesSigma) {
  const DeviceModel model(test_device(16, 0.5));            // step 2 uS, sigma 1 uS
  const double target = model.target_conductances_us()[7];  // 15 uS: 14 sigma from either bound
  std::mt19937_64 rng(2024);
  const int n = 40000;
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double d = model.program(target, rng) - target;
    sum += d;
    sum_sq += d * d;
  }
  const double mean = sum / n;
  const double sigma = std::sqrt(sum_sq / n - mean * mean);
  // Standard errors: 1/sqrt(n) = 0.005 for the mean, 1/sqrt(2n) = 0.0035 for sigma; allow ~6 of them.
  EXPECT_NEAR(mean, 0.0, 0.03);
  EXPECT_NEAR(sigma, 1.0, 0.02);
}

TEST(MemristorDevice, SameSeedGivesIdenticalConductances) {
  DeviceParameters p = test_device(32, 0.8);
  p.stuck_at_gmax_rate = 0.05;
  const DeviceModel model(p);
  auto run = [&](std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<double> values;
    for (int i = 0; i < 1000; ++i) {
      const ConductancePair pair = model.program(model.quantise(std::sin(i), 1.0), rng);
      values.push_back(pair.g_plus_us);
      values.push_back(pair.g_minus_us);
    }
    return values;
  };
  EXPECT_EQ(run(99), run(99));
  EXPECT_NE(run(99), run(100));
}

TEST(MemristorDevice, SamplerIsAStandardNormal) {
  std::mt19937_64 rng(5);
  const int n = 100000;
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double z = standard_normal(rng);
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sum_sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.02);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.03);
}

TEST(MemristorDevice, SlicingReconstructsEightBitWeightsExactly) {
  // 8-bit signed weights: |q| <= 127. Base-4 digits: 4^3 - 1 = 63 < 127 <= 4^4 - 1, so 4 pairs.
  const DeviceModel four(test_device(4, 0.0));
  EXPECT_EQ(four.slice_count(8), 4u);
  EXPECT_EQ(DeviceModel(test_device(16, 0.0)).slice_count(8), 2u);
  EXPECT_EQ(DeviceModel(test_device(128, 0.0)).slice_count(8), 1u);
  const double w_max = 2.5;
  std::mt19937_64 rng(3);
  for (int q = -127; q <= 127; ++q) {
    const double w = w_max * q / 127.0;
    std::vector<ConductancePair> slices = four.slice(w, w_max, 8);
    ASSERT_EQ(slices.size(), 4u);
    for (ConductancePair& pair : slices) {
      pair = four.program(pair, rng);  // ideal: sigma 0, no stuck devices
      ASSERT_TRUE(pair.g_plus_us == 1.0 || pair.g_minus_us == 1.0) << "the idle device sits at Gmin";
    }
    const double back = four.weight_of(slices, w_max, 8);
    EXPECT_EQ(std::lround(back / w_max * 127.0), q);
    EXPECT_NEAR(back, w, 1e-12);
  }
}

TEST(MemristorDevice, StuckAtRatesAreObserved) {
  DeviceParameters p = test_device(16, 0.0);
  p.stuck_at_gmin_rate = 0.02;
  p.stuck_at_gmax_rate = 0.05;
  const DeviceModel model(p);
  const double target = model.target_conductances_us()[8];
  std::mt19937_64 rng(11);
  const int n = 100000;
  int at_min = 0, at_max = 0;
  for (int i = 0; i < n; ++i) {
    const double g = model.program(target, rng);
    at_min += g == p.g_min_us;
    at_max += g == p.g_max_us;
  }
  // Binomial standard errors: 0.00044 and 0.00069; allow 5 of them.
  EXPECT_NEAR(static_cast<double>(at_min) / n, 0.02, 0.0023);
  EXPECT_NEAR(static_cast<double>(at_max) / n, 0.05, 0.0035);
}

TEST(MemristorDevice, DriftAndReadNoise) {
  DeviceParameters p = test_device(0, 0.0);
  p.technology = "pcm";
  p.drift_nu = 0.05;
  p.drift_t0_s = 20.0;
  p.read_noise_sigma_relative = 0.1;
  const DeviceModel model(p);
  EXPECT_DOUBLE_EQ(model.drifted(10.0, 20.0), 10.0);
  EXPECT_DOUBLE_EQ(model.drifted(10.0, 5.0), 10.0);
  EXPECT_NEAR(model.drifted(10.0, 2000.0), 10.0 * std::pow(100.0, -0.05), 1e-12);
  std::mt19937_64 rng(4);
  const int n = 40000;
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double g = model.read(10.0, 0.0, rng);
    sum += g;
    sum_sq += g * g;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 10.0, 0.03);
  EXPECT_NEAR(std::sqrt(sum_sq / n - mean * mean), 1.0, 0.03);
  // An analog device (levels 0) maps a weight exactly and refuses slicing.
  EXPECT_NEAR(model.weight_of(model.quantise(0.123, 1.0), 1.0), 0.123, 1e-12);
  EXPECT_THROW((void)model.slice_count(8), std::invalid_argument);
}

TEST(MemristorDevice, InvalidParametersNameTheField) {
  DeviceParameters p = test_device(0, 0.5);  // sigma in level steps without levels
  try {
    DeviceModel model(p);
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("programming_sigma_levels"), std::string::npos) << e.what();
  }
  p = test_device(8, 0.0);
  p.g_max_us = 0.5;
  EXPECT_THROW(DeviceModel{p}, std::invalid_argument);
}

TEST(MemristorConfig, ShippedDevicesLoad) {
  const std::vector<DeviceParameters> devices = load_devices(default_devices_file());
  ASSERT_GE(devices.size(), 2u);
  for (const DeviceParameters& p : devices) {
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_GT(p.g_max_us, p.g_min_us) << p.name;
    EXPECT_NO_THROW(DeviceModel{p}) << p.name;
  }
  const DeviceParameters pcm = load_device(default_devices_file(), "pcm_joshi2020");
  EXPECT_DOUBLE_EQ(pcm.g_max_us, 25.0);
  EXPECT_DOUBLE_EQ(pcm.drift_nu, 0.049);
  EXPECT_EQ(pcm.levels, 0u);
  EXPECT_THROW((void)load_device(default_devices_file(), "no_such_device"), config::ConfigError);
}

/// Loads a copy of the shipped file with `edit` applied; returns the error's key ("" if none).
std::string error_key_of(const std::function<void(config::Json&)>& edit, std::string* message = nullptr) {
  config::Json document = config::read_json_file(default_devices_file());
  edit(document);
  const fs::path file = fs::temp_directory_path() / ("spinaps_memristor_" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << document.dump(2);
  std::string key;
  try {
    (void)load_devices(file.string());
  } catch (const config::ConfigError& e) {
    key = e.key();
    EXPECT_EQ(e.file(), file.string());
    if (message != nullptr) {
      *message = e.what();
    }
  }
  fs::remove(file);
  return key;
}

TEST(MemristorConfig, MalformedCopiesNameTheField) {
  const std::string device = "devices.rram_neurram_wan2022";
  std::string message;
  EXPECT_EQ(error_key_of([](config::Json& d) { d["devices"]["rram_neurram_wan2022"]["g_max_ohm"] = 1; }, &message),
            device + ".g_max_ohm");
  EXPECT_NE(message.find("unknown key"), std::string::npos) << message;
  EXPECT_EQ(error_key_of([](config::Json& d) { d["devices"]["rram_neurram_wan2022"]["g_max_us"] = -3; }),
            device + ".g_max_us");
  EXPECT_EQ(error_key_of([](config::Json& d) { d["devices"]["rram_neurram_wan2022"]["levels"] = 1; }),
            device + ".levels");
  EXPECT_EQ(error_key_of([](config::Json& d) { d["devices"]["rram_neurram_wan2022"].erase("source"); }),
            device + ".source");
  EXPECT_EQ(error_key_of([](config::Json& d) { d["devices"]["pcm_joshi2020"].erase("drift_t0_s"); }),
            "devices.pcm_joshi2020.drift_t0_s");
  EXPECT_EQ(error_key_of([](config::Json& d) { d["devices"]["rram_neurram_wan2022"]["g_min_us"] = 50; }),
            device + ".g_max_us");
  EXPECT_EQ(error_key_of([](config::Json&) {}), "");  // the unedited copy loads
}

}  // namespace
}  // namespace spinaps::memristor
