#pragma once
// The human-activity-recognition (HAR) workload's data: the UCI HAR Dataset of Anguita et al.
// ("A public domain dataset for human activity recognition using smartphones", ESANN 2013) in its
// published directory layout, and anything else written in that layout (the synthetic generator's
// output, see synthetic_har.h). docs/har.md describes the layout, the two views and their units.
//
// Two views of the same windows (2.56 s, 128 samples at 50 Hz, 50 % overlap):
//   features: one real-valued vector per window (561 for the real data, X_<split>.txt);
//   inertial: the raw 9 x 128 signals of the window ("Inertial Signals/", in g and rad/s).
// Labels are stored 0-based (UCI label 1 = WALKING is class 0).
//
// Text files are parsed strictly (text_table.h): every problem is one data::DatasetError whose
// message starts with the offending file and names the line and what was expected.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace spinaps::har {

inline constexpr std::uint32_t kActivityCount = 6;
inline constexpr std::uint32_t kUciFeatureCount = 561;
inline constexpr std::uint32_t kInertialSignalCount = 9;
inline constexpr std::uint32_t kWindowSamples = 128;
inline constexpr double kSampleRateHz = 50.0;
/// Windows overlap by 50 %: window k+1 starts kWindowStrideSamples after window k.
inline constexpr std::uint32_t kWindowStrideSamples = kWindowSamples / 2;
/// UCI's README: "Its range is from 1 to 30" (the 30 volunteers).
inline constexpr std::uint32_t kMaximumSubjectId = 30;

/// The inertial signals in the order a window holds them, named as UCI's file stems
/// ("Inertial Signals/<name>_<split>.txt"). Accelerations are in g, angular velocities in rad/s.
inline constexpr std::array<const char*, kInertialSignalCount> kInertialSignalNames{
    "body_acc_x",  "body_acc_y",  "body_acc_z",  "body_gyro_x", "body_gyro_y",
    "body_gyro_z", "total_acc_x", "total_acc_y", "total_acc_z"};
/// First signal of each tri-axial group (x, y, z follow).
inline constexpr std::uint32_t kBodyAccSignal = 0;
inline constexpr std::uint32_t kBodyGyroSignal = 3;
inline constexpr std::uint32_t kTotalAccSignal = 6;
/// True for the gyroscope signals (rad/s), false for the accelerometer signals (g).
constexpr bool is_gyro_signal(std::uint32_t signal) { return signal >= kBodyGyroSignal && signal < kTotalAccSignal; }

/// UCI's activity_labels.txt in label order: WALKING, WALKING_UPSTAIRS, WALKING_DOWNSTAIRS,
/// SITTING, STANDING, LAYING.
std::vector<std::string> activity_names();

/// Real-valued feature vectors with one label (and one subject) each.
struct FeatureDataset {
  std::uint32_t features = 0;
  std::vector<float> values;               // size() * features, row-major, sample after sample
  std::vector<std::uint8_t> labels;        // 0-based class, < class_names.size()
  std::vector<std::uint16_t> subjects;     // who performed the window (1-based); may be empty
  std::vector<std::string> class_names;    // e.g. activity_names()
  std::vector<std::string> feature_names;  // one name per feature (features.txt), or empty
  std::string origin;                      // e.g. "UCI HAR layout at DIR" or "synthetic HAR generator v1, seed 1"
  bool synthetic = false;                  // true for generated data: reports must never call it real

  [[nodiscard]] std::size_t size() const { return labels.size(); }
  [[nodiscard]] const float* sample(std::size_t n) const { return values.data() + n * features; }
  /// The first min(count, size()) samples; origin notes the truncation.
  [[nodiscard]] FeatureDataset first(std::size_t count) const;
};

/// Raw inertial windows: kInertialSignalCount x kWindowSamples floats per window.
struct InertialDataset {
  std::vector<float> values;            // size() * 9 * 128: window, then signal (kInertialSignalNames order), then time
  std::vector<std::uint8_t> labels;     // 0-based class
  std::vector<std::uint16_t> subjects;  // 1-based subject of each window; may be empty
  std::vector<std::string> class_names;
  std::string origin;
  bool synthetic = false;

  static constexpr std::size_t kValuesPerWindow = std::size_t{kInertialSignalCount} * kWindowSamples;
  [[nodiscard]] std::size_t size() const { return labels.size(); }
  [[nodiscard]] const float* window(std::size_t n) const { return values.data() + n * kValuesPerWindow; }
  [[nodiscard]] const float* signal(std::size_t n, std::uint32_t signal_index) const {
    return window(n) + std::size_t{signal_index} * kWindowSamples;
  }
};

/// One split in both views; either view may be empty (not loaded), else both describe the same
/// windows in the same order.
struct HarSplit {
  FeatureDataset features;
  InertialDataset inertial;
};

struct HarSplits {
  HarSplit train;
  HarSplit test;
  std::string description;  // one line for reports: origin, sizes, views
};

enum class HarViews { kFeatures, kInertial, kBoth };

/// Reads the UCI HAR layout under `directory`, which may be the "UCI HAR Dataset" folder itself or
/// the folder the published zip was extracted into. Needs activity_labels.txt (6 lines "k NAME"),
/// features.txt (one "k name" line per feature; its line count sets the columns of X_<split>.txt),
/// and for train and test: y_<split>.txt (labels 1..6), subject_<split>.txt (1..30),
/// X_<split>.txt for the feature view and "Inertial Signals/<signal>_<split>.txt" (128 numbers per
/// line) for the inertial view. Every file of a split must have one line per window. A README.txt
/// written by write_uci_har_directory restores the origin (and the synthetic flag) it recorded.
HarSplits load_uci_har_directory(const std::string& directory, HarViews views = HarViews::kBoth);

/// The first line of the README.txt that write_uci_har_directory writes: this prefix, then the origin.
inline constexpr const char* kReadmeOriginPrefix = "spinaps-har-origin: ";

/// Writes `splits` in the same layout (each file atomically; directories are created), with the
/// shortest decimal form of every float so that loading gives the identical values back, and a
/// README.txt recording the origin. Views that are empty in both splits are not written.
/// Throws std::invalid_argument if the splits are inconsistent (see docs/har.md).
void write_uci_har_directory(const std::string& directory, const HarSplits& splits);

/// "N train / M test windows, F features, inertial 9x128" for descriptions.
std::string har_sizes_text(const HarSplits& splits);

}  // namespace spinaps::har
