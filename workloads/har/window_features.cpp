#include "workloads/har/window_features.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace spinaps::har {
namespace {

constexpr std::uint32_t kStatisticSignals = kInertialSignalCount + 2;  // + body_acc_mag, body_gyro_mag
constexpr std::uint32_t kBodyAccMagnitude = kInertialSignalCount;
constexpr std::uint32_t kBodyGyroMagnitude = kInertialSignalCount + 1;
constexpr std::array<const char*, 6> kStatisticNames{"mean", "std", "min", "max", "energy", "iqr"};
/// Signals with spectral features, and the DFT bins [first, last] of each band.
constexpr std::array<std::uint32_t, 7> kSpectralSignals{0, 1, 2, 3, 4, 5, kBodyAccMagnitude};
struct Band {
  std::uint32_t first_bin, last_bin;
  const char* name;
};
constexpr std::array<Band, 3> kBands{
    {{1, 3, "power_0.4-1.2Hz"}, {4, 7, "power_1.6-2.7Hz"}, {8, 15, "power_3.1-5.9Hz"}}};
constexpr std::uint32_t kHighestBin = 15;
constexpr double kPi = 3.14159265358979323846;

using Signal = std::array<double, kWindowSamples>;

std::string signal_name(std::uint32_t signal) {
  if (signal == kBodyAccMagnitude) return "body_acc_mag";
  if (signal == kBodyGyroMagnitude) return "body_gyro_mag";
  return kInertialSignalNames[signal];
}

double mean_of(const Signal& x) {
  double sum = 0.0;
  for (const double v : x) sum += v;
  return sum / kWindowSamples;
}

double deviation_of(const Signal& x, double mean) {
  double sum = 0.0;
  for (const double v : x) sum += (v - mean) * (v - mean);
  return std::sqrt(sum / kWindowSamples);
}

/// Quantile by linear interpolation between order statistics at position q * (N - 1).
double quantile(const Signal& sorted, double q) {
  const double position = q * (kWindowSamples - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min<std::size_t>(below + 1, kWindowSamples - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

double correlation(const Signal& a, const Signal& b) {
  const double mean_a = mean_of(a);
  const double mean_b = mean_of(b);
  double cross = 0.0;
  double square_a = 0.0;
  double square_b = 0.0;
  for (std::size_t n = 0; n < kWindowSamples; ++n) {
    cross += (a[n] - mean_a) * (b[n] - mean_b);
    square_a += (a[n] - mean_a) * (a[n] - mean_a);
    square_b += (b[n] - mean_b) * (b[n] - mean_b);
  }
  // A flat signal has no defined correlation; 0 says "no linear relation" without a NaN.
  return square_a > 0.0 && square_b > 0.0 ? cross / std::sqrt(square_a * square_b) : 0.0;
}

}  // namespace

std::vector<std::string> window_feature_names() {
  std::vector<std::string> names;
  for (std::uint32_t s = 0; s < kStatisticSignals; ++s) {
    for (const char* statistic : kStatisticNames) names.push_back(signal_name(s) + "-" + statistic);
  }
  for (const std::uint32_t s : kSpectralSignals) {
    for (const Band& band : kBands) names.push_back(signal_name(s) + "-" + band.name);
    names.push_back(signal_name(s) + "-dominant_hz");
  }
  for (const char* group : {"body_acc", "body_gyro"}) {
    for (const auto& [a, b] : {std::pair{"x", "y"}, std::pair{"x", "z"}, std::pair{"y", "z"}}) {
      names.push_back(std::string("corr(") + group + "_" + a + "," + group + "_" + b + ")");
    }
  }
  for (const char* axis : {"x", "y", "z"}) names.push_back(std::string("angle(") + axis + ",gravity)");
  return names;
}

void compute_window_features(const float* window, float* features) {
  std::array<Signal, kStatisticSignals> signals{};
  for (std::uint32_t s = 0; s < kInertialSignalCount; ++s) {
    std::copy(window + std::size_t{s} * kWindowSamples, window + std::size_t{s + 1} * kWindowSamples,
              signals[s].begin());
  }
  for (std::size_t n = 0; n < kWindowSamples; ++n) {
    const auto norm = [&](std::uint32_t first) {
      return std::sqrt(signals[first][n] * signals[first][n] + signals[first + 1][n] * signals[first + 1][n] +
                       signals[first + 2][n] * signals[first + 2][n]);
    };
    signals[kBodyAccMagnitude][n] = norm(kBodyAccSignal);
    signals[kBodyGyroMagnitude][n] = norm(kBodyGyroSignal);
  }

  float* out = features;
  std::array<double, kStatisticSignals> means{};
  for (std::uint32_t s = 0; s < kStatisticSignals; ++s) {
    const Signal& x = signals[s];
    Signal sorted = x;
    std::sort(sorted.begin(), sorted.end());
    double energy = 0.0;
    for (const double v : x) energy += v * v;
    means[s] = mean_of(x);
    *out++ = static_cast<float>(means[s]);
    *out++ = static_cast<float>(deviation_of(x, means[s]));
    *out++ = static_cast<float>(sorted.front());
    *out++ = static_cast<float>(sorted.back());
    *out++ = static_cast<float>(energy / kWindowSamples);
    *out++ = static_cast<float>(quantile(sorted, 0.75) - quantile(sorted, 0.25));
  }

  std::array<double, kWindowSamples> cosine{};
  std::array<double, kWindowSamples> sine{};
  for (std::size_t n = 0; n < kWindowSamples; ++n) {
    cosine[n] = std::cos(2.0 * kPi * static_cast<double>(n) / kWindowSamples);
    sine[n] = std::sin(2.0 * kPi * static_cast<double>(n) / kWindowSamples);
  }
  for (const std::uint32_t s : kSpectralSignals) {
    std::array<double, kHighestBin + 1> power{};  // |X_k|^2
    for (std::uint32_t k = 1; k <= kHighestBin; ++k) {
      double real = 0.0;
      double imaginary = 0.0;
      for (std::size_t n = 0; n < kWindowSamples; ++n) {
        const double centred = signals[s][n] - means[s];
        const std::size_t phase = (k * n) % kWindowSamples;
        real += centred * cosine[phase];
        imaginary -= centred * sine[phase];
      }
      power[k] = real * real + imaginary * imaginary;
    }
    constexpr double kScale = 2.0 / (static_cast<double>(kWindowSamples) * kWindowSamples);
    for (const Band& band : kBands) {
      double sum = 0.0;
      for (std::uint32_t k = band.first_bin; k <= band.last_bin; ++k) sum += power[k];
      *out++ = static_cast<float>(kScale * sum);
    }
    const auto dominant = static_cast<std::uint32_t>(std::max_element(power.begin() + 1, power.end()) - power.begin());
    *out++ = static_cast<float>(dominant * kSampleRateHz / kWindowSamples);
  }

  for (const std::uint32_t group : {kBodyAccSignal, kBodyGyroSignal}) {
    *out++ = static_cast<float>(correlation(signals[group], signals[group + 1]));
    *out++ = static_cast<float>(correlation(signals[group], signals[group + 2]));
    *out++ = static_cast<float>(correlation(signals[group + 1], signals[group + 2]));
  }

  const double gx = means[kTotalAccSignal];
  const double gy = means[kTotalAccSignal + 1];
  const double gz = means[kTotalAccSignal + 2];
  const double gravity = std::sqrt(gx * gx + gy * gy + gz * gz);
  for (const double component : {gx, gy, gz}) {
    *out++ = static_cast<float>(gravity > 0.0 ? std::acos(std::clamp(component / gravity, -1.0, 1.0)) : kPi / 2);
  }
}

FeatureDataset window_features(const InertialDataset& inertial) {
  FeatureDataset dataset;
  dataset.features = kWindowFeatureCount;
  dataset.values.resize(inertial.size() * kWindowFeatureCount);
  for (std::size_t n = 0; n < inertial.size(); ++n) {
    compute_window_features(inertial.window(n), dataset.values.data() + n * kWindowFeatureCount);
  }
  dataset.labels = inertial.labels;
  dataset.subjects = inertial.subjects;
  dataset.class_names = inertial.class_names;
  dataset.feature_names = window_feature_names();
  dataset.origin = inertial.origin + ", " + std::to_string(kWindowFeatureCount) + " window features";
  dataset.synthetic = inertial.synthetic;
  return dataset;
}

}  // namespace spinaps::har
