#include "workloads/har/synthetic_har.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "models/rng/counter_rng.h"
#include "workloads/har/window_features.h"

namespace spinaps::har {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRadiansPerDegree = kPi / 180.0;

/// What a draw is for; bits 32..39 of the counter's sample field.
enum class Purpose : std::uint64_t { kSubjectTraits = 1, kRecordingTraits = 2, kSensorNoise = 3 };

/// Per-activity parameters; docs/har.md gives the source or reasoning of each value.
struct ActivityProfile {
  double step_frequency_hz;  // 0 for a static posture
  double vertical_g;         // trunk acceleration at the step frequency, along the long axis
  double anteroposterior_g;  // same, forward-backward
  double mediolateral_g;     // at the stride frequency (half the step frequency), side to side
  double second_harmonic;    // vertical harmonics relative to the fundamental: heel-strike impacts
  double third_harmonic;
  double tilt_deg;        // pelvic oscillation amplitudes: about the mediolateral axis (per step),
  double obliquity_deg;   // about the anteroposterior axis (per stride),
  double rotation_deg;    // about the long axis (per stride)
  double impact_noise_g;  // step-to-step variability of the acceleration, white
  double gait_gyro_noise_rad_per_s;
  double lean_deg;         // posture: tilt of the trunk's long axis from vertical
  double lean_spread_deg;  // standard deviation of that tilt between recordings
  double roll_spread_deg;  // rotation about the long axis, uniform in +-this between recordings
  double sway_deg;         // postural sway amplitude (static postures)
  double breathing_g;      // breathing acceleration, anteroposterior (static postures)
};

constexpr std::array<ActivityProfile, kActivityCount> kProfiles{{
    // f_step  vert  ap    ml    h2    h3    tilt obliq rot  impact gyro  lean spread roll sway breath
    {1.90, 0.22, 0.12, 0.07, 0.35, 0.15, 2.0, 5.0, 4.0, 0.03, 0.04, 4.0, 2.0, 0.0, 0.0, 0.0},   // WALKING
    {1.60, 0.20, 0.08, 0.06, 0.30, 0.10, 3.0, 5.0, 4.0, 0.03, 0.04, 12.0, 3.0, 0.0, 0.0, 0.0},  // UPSTAIRS
    {1.75, 0.30, 0.10, 0.08, 0.55, 0.30, 2.5, 5.0, 4.0, 0.05, 0.05, -2.0, 3.0, 0.0, 0.0, 0.0},  // DOWNSTAIRS
    {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 25.0, 6.0, 10.0, 0.3, 0.004},       // SITTING
    {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0, 2.0, 5.0, 0.8, 0.002},         // STANDING
    {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 88.0, 4.0, 35.0, 0.2, 0.006},       // LAYING
}};

/// Sensor noise of a phone-grade MEMS unit after UCI's 20 Hz low-pass (docs/har.md).
constexpr double kAccelerometerNoiseG = 0.005;
constexpr double kGyroscopeNoiseRadPerS = 0.006;

using Vector = std::array<double, 3>;

Vector rotate_x(const Vector& v, double angle) {  // about the long axis
  const double c = std::cos(angle), s = std::sin(angle);
  return {v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]};
}
Vector rotate_y(const Vector& v, double angle) {  // about the mediolateral axis
  const double c = std::cos(angle), s = std::sin(angle);
  return {c * v[0] + s * v[2], v[1], -s * v[0] + c * v[2]};
}
Vector rotate_z(const Vector& v, double angle) {  // about the anteroposterior axis
  const double c = std::cos(angle), s = std::sin(angle);
  return {c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]};
}

/// Draws for one purpose of one (subject, activity).
class Draws {
 public:
  Draws(std::uint64_t seed, Purpose purpose, std::uint32_t subject, std::uint32_t activity)
      : seed_(seed),
        key_(kSyntheticHarKey | (static_cast<std::uint64_t>(purpose) << 32U) | (std::uint64_t{subject} << 8U) |
             activity) {}
  /// Uniform in (0, 1): never 0, so the logarithm below is finite.
  [[nodiscard]] double uniform(std::uint32_t step, std::uint32_t index) const {
    return (rng::draw_u32(seed_, rng::Stream::kTraining, key_, step, index) + 0.5) / 4294967296.0;
  }
  /// Two independent standard normals by the Box-Muller transform of draws 2*pair and 2*pair + 1.
  [[nodiscard]] std::array<double, 2> gaussian_pair(std::uint32_t step, std::uint32_t pair) const {
    const double radius = std::sqrt(-2.0 * std::log(uniform(step, 2 * pair)));
    const double angle = 2.0 * kPi * uniform(step, 2 * pair + 1);
    return {radius * std::cos(angle), radius * std::sin(angle)};
  }
  /// One standard normal: the first of gaussian_pair(step, index).
  [[nodiscard]] double gaussian(std::uint32_t step, std::uint32_t index) const { return gaussian_pair(step, index)[0]; }

 private:
  std::uint64_t seed_;
  std::uint64_t key_;
};

/// The traits of a subject (fixed over all activities) and of one recording.
struct Recording {
  double cadence = 1.0;     // multiplies the activity's step frequency
  double amplitude = 1.0;   // multiplies the gait amplitudes
  double mount_tilt = 0.0;  // phone misalignment on the belt, rad
  double mount_roll = 0.0;
  double lean = 0.0;  // rad
  double roll = 0.0;  // rad
  std::array<double, 9> phase{};
};

Recording recording_traits(std::uint64_t seed, std::uint32_t subject, std::uint32_t activity) {
  const Draws person(seed, Purpose::kSubjectTraits, subject, 0);
  const Draws trip(seed, Purpose::kRecordingTraits, subject, activity);
  const ActivityProfile& profile = kProfiles[activity];
  Recording r;
  r.cadence = std::clamp(1.0 + 0.05 * person.gaussian(0, 0), 0.85, 1.15) * (1.0 + 0.02 * trip.gaussian(0, 0));
  r.amplitude = std::clamp(1.0 + 0.15 * person.gaussian(0, 1), 0.6, 1.5);
  r.mount_tilt = 5.0 * kRadiansPerDegree * person.gaussian(0, 2);
  r.mount_roll = 5.0 * kRadiansPerDegree * person.gaussian(0, 3);
  r.lean = (profile.lean_deg + profile.lean_spread_deg * trip.gaussian(0, 1)) * kRadiansPerDegree;
  r.roll = profile.roll_spread_deg * (2.0 * trip.uniform(1, 0) - 1.0) * kRadiansPerDegree;
  for (std::uint32_t k = 0; k < r.phase.size(); ++k) r.phase[k] = 2.0 * kPi * trip.uniform(2, k);
  return r;
}

/// A sinusoid a * sin(2 pi f t + p) and its time derivative.
struct Oscillation {
  double value, rate;
};
Oscillation oscillation(double amplitude, double frequency_hz, double t, double phase) {
  const double w = 2.0 * kPi * frequency_hz;
  return {amplitude * std::sin(w * t + phase), amplitude * w * std::cos(w * t + phase)};
}

}  // namespace

SyntheticWindowKey synthetic_window_key(bool test_split, std::uint64_t n) {
  const std::uint32_t subjects = test_split ? kSyntheticSubjects - kSyntheticTrainSubjects : kSyntheticTrainSubjects;
  const std::uint32_t first_subject = test_split ? kSyntheticTrainSubjects + 1 : 1;
  const std::uint64_t round = n / kActivityCount;
  SyntheticWindowKey key;
  key.activity = static_cast<std::uint32_t>(n % kActivityCount);
  key.subject = first_subject + static_cast<std::uint32_t>(round % subjects);
  key.window_index = static_cast<std::uint32_t>(round / subjects);
  return key;
}

void synthesise_window(std::uint64_t seed, const SyntheticWindowKey& key, float* window) {
  const ActivityProfile& profile = kProfiles[key.activity];
  const Recording r = recording_traits(seed, key.subject, key.activity);
  const Draws noise(seed, Purpose::kSensorNoise, key.subject, key.activity);
  const bool gait = profile.step_frequency_hz > 0.0;
  const Vector upright{std::cos(r.lean), std::sin(r.lean) * std::sin(r.roll), std::sin(r.lean) * std::cos(r.roll)};
  const double accelerometer_noise_g = kAccelerometerNoiseG + profile.impact_noise_g;
  const double gyroscope_noise = kGyroscopeNoiseRadPerS + profile.gait_gyro_noise_rad_per_s;
  // The phone's mounting: trunk-frame vectors are tilted about y, then rolled about x. Its matrix's
  // columns are the images of the trunk axes.
  std::array<Vector, 3> mount{};
  for (std::uint32_t column = 0; column < 3; ++column) {
    Vector axis{0.0, 0.0, 0.0};
    axis[column] = 1.0;
    const Vector image = rotate_x(rotate_y(axis, r.mount_tilt), r.mount_roll);
    for (std::uint32_t row = 0; row < 3; ++row) mount[row][column] = image[row];
  }

  for (std::uint32_t i = 0; i < kWindowSamples; ++i) {
    const std::uint32_t sample = key.window_index * kWindowStrideSamples + i;  // along the recording
    const double t = sample / kSampleRateHz;
    Vector acceleration{0.0, 0.0, 0.0};      // trunk frame: x long axis, y mediolateral, z anteroposterior; g
    Vector angular_velocity{0.0, 0.0, 0.0};  // rad/s
    // Slow postural sway (below UCI's 0.3 Hz gravity cut-off, so it stays in the gravity estimate).
    const Oscillation sway_a = oscillation(profile.sway_deg * kRadiansPerDegree, 0.11, t, r.phase[3]);
    const Oscillation sway_b = oscillation(0.6 * profile.sway_deg * kRadiansPerDegree, 0.23, t, r.phase[4]);
    const Oscillation sway_c = oscillation(0.7 * profile.sway_deg * kRadiansPerDegree, 0.13, t, r.phase[5]);
    const Oscillation sway_d = oscillation(0.35 * profile.sway_deg * kRadiansPerDegree, 0.27, t, r.phase[6]);
    const double slow_tilt = sway_a.value + sway_b.value;
    const double slow_obliquity = sway_c.value + sway_d.value;
    angular_velocity[1] += sway_a.rate + sway_b.rate;
    angular_velocity[2] += sway_c.rate + sway_d.rate;
    acceleration[2] += oscillation(profile.breathing_g, 0.25, t, r.phase[7]).value;

    double gait_tilt = 0.0;
    double gait_obliquity = 0.0;
    if (gait) {
      // Gait phase with a slow wander (walking speed is never perfectly constant), and a slowly
      // modulated amplitude.
      const double step_hz = profile.step_frequency_hz * r.cadence;
      const Oscillation wander = oscillation(0.3, 1.0 / 9.7, t, r.phase[1]);
      const double phi = 2.0 * kPi * step_hz * t + r.phase[0] + wander.value;
      const double phi_rate = 2.0 * kPi * step_hz + wander.rate;
      const double a = r.amplitude * (1.0 + 0.08 * std::sin(2.0 * kPi * t / 6.3 + r.phase[2]));
      acceleration[0] += a * profile.vertical_g *
                         (std::sin(phi) + profile.second_harmonic * std::sin(2.0 * phi + 0.6) +
                          profile.third_harmonic * std::sin(3.0 * phi + 1.1));
      acceleration[2] += a * profile.anteroposterior_g * (std::cos(phi) + 0.3 * std::sin(2.0 * phi + 2.0));
      acceleration[1] += a * profile.mediolateral_g * std::sin(0.5 * phi + 0.4);
      const double tilt = a * profile.tilt_deg * kRadiansPerDegree;
      const double obliquity = a * profile.obliquity_deg * kRadiansPerDegree;
      const double rotation = a * profile.rotation_deg * kRadiansPerDegree;
      gait_tilt = tilt * std::sin(phi + 1.2);
      gait_obliquity = obliquity * std::sin(0.5 * phi + 0.9);
      angular_velocity[1] += tilt * std::cos(phi + 1.2) * phi_rate;
      angular_velocity[2] += obliquity * 0.5 * std::cos(0.5 * phi + 0.9) * phi_rate;
      angular_velocity[0] += rotation * 0.5 * std::cos(0.5 * phi) * phi_rate;
    }

    // Specific force of gravity (+1 g "up") in the trunk frame, with and without the gait-rate
    // tilting; the slow part is what a 0.3 Hz low-pass would call gravity.
    const Vector slow_up = rotate_y(rotate_z(upright, slow_obliquity), slow_tilt);
    const Vector up = rotate_y(rotate_z(upright, slow_obliquity + gait_obliquity), slow_tilt + gait_tilt);
    const auto to_sensor = [&](const Vector& v) {
      return Vector{mount[0][0] * v[0] + mount[0][1] * v[1] + mount[0][2] * v[2],
                    mount[1][0] * v[0] + mount[1][1] * v[1] + mount[1][2] * v[2],
                    mount[2][0] * v[0] + mount[2][1] * v[1] + mount[2][2] * v[2]};
    };
    const Vector gravity = to_sensor(slow_up);
    const Vector total = to_sensor({up[0] + acceleration[0], up[1] + acceleration[1], up[2] + acceleration[2]});
    const Vector gyro = to_sensor(angular_velocity);
    // Channels 0..5 (accelerometer x, y, z, gyroscope x, y, z) take the Box-Muller pairs 0, 1, 2 in order.
    std::array<double, 6> unit_noise{};
    for (std::uint32_t pair = 0; pair < 3; ++pair) {
      const std::array<double, 2> normals = noise.gaussian_pair(sample, pair);
      unit_noise[std::size_t{2} * pair] = normals[0];
      unit_noise[std::size_t{2} * pair + 1] = normals[1];
    }
    for (std::uint32_t axis = 0; axis < 3; ++axis) {
      const double measured = total[axis] + accelerometer_noise_g * unit_noise[axis];
      const double rate = gyro[axis] + gyroscope_noise * unit_noise[3 + axis];
      window[std::size_t{kTotalAccSignal + axis} * kWindowSamples + i] = static_cast<float>(measured);
      window[std::size_t{kBodyAccSignal + axis} * kWindowSamples + i] = static_cast<float>(measured - gravity[axis]);
      window[std::size_t{kBodyGyroSignal + axis} * kWindowSamples + i] = static_cast<float>(rate);
    }
  }
}

HarSplits generate_synthetic_har(const SyntheticHarConfig& config) {
  const std::string origin = std::string(kSyntheticHarGenerator) + ", seed " + std::to_string(config.seed);
  HarSplits splits;
  for (const bool test : {false, true}) {
    HarSplit& split = test ? splits.test : splits.train;
    const std::uint32_t windows = test ? config.test_windows : config.train_windows;
    InertialDataset& inertial = split.inertial;
    inertial.values.resize(std::size_t{windows} * InertialDataset::kValuesPerWindow);
    inertial.labels.resize(windows);
    inertial.subjects.resize(windows);
    for (std::uint32_t n = 0; n < windows; ++n) {
      const SyntheticWindowKey key = synthetic_window_key(test, n);
      synthesise_window(config.seed, key, inertial.values.data() + std::size_t{n} * InertialDataset::kValuesPerWindow);
      inertial.labels[n] = static_cast<std::uint8_t>(key.activity);
      inertial.subjects[n] = static_cast<std::uint16_t>(key.subject);
    }
    inertial.class_names = activity_names();
    inertial.origin = origin + (test ? ", test" : ", train");
    inertial.synthetic = true;
    split.features = window_features(inertial);
  }
  splits.description = origin + " (" + har_sizes_text(splits) + ")";
  return splits;
}

}  // namespace spinaps::har
