#pragma once
// The HAR workload's bundled default: a deterministic generator of smartphone-at-the-waist inertial
// windows for the six UCI HAR activities, because the real data cannot be shipped or downloaded
// here. It is a physically motivated model, not a recording: docs/har.md lists its equations, every
// parameter with its source or the reason for its value, and what it does not model.
//
// Layout and units follow UCI HAR: 50 Hz, windows of 128 samples (2.56 s) with 50 % overlap cut from
// one continuous "recording" per (subject, activity), total_acc in g, body_acc = total_acc minus the
// low-frequency gravity the generator knows (in place of UCI's 0.3 Hz Butterworth split), body_gyro
// in rad/s. 30 subjects, 1..21 in train and 22..30 in test (UCI also split by volunteer, 70/30).
//
// Determinism: every random quantity is rng::draw_u32(seed, Stream::kTraining, key, step, index) with
// key = kSyntheticHarKey | purpose << 32 | subject << 8 | activity, where the top bytes "HAR" keep
// the keys apart from every key the trainer uses (epoch numbers and small constants). Sensor noise
// is keyed by the absolute sample index of the recording, so two overlapping windows share their
// common 64 samples exactly, as UCI's do. A window depends only on (seed, subject, activity,
// window index): the train set does not change when the test size does.
#include <cstdint>

#include "workloads/har/har_dataset.h"

namespace spinaps::har {

/// "HAR" in the top bytes of the counter's sample field.
inline constexpr std::uint64_t kSyntheticHarKey = 0x4841520000000000ULL;
inline constexpr const char* kSyntheticHarGenerator = "synthetic HAR generator v1";
inline constexpr std::uint32_t kSyntheticSubjects = 30;
inline constexpr std::uint32_t kSyntheticTrainSubjects = 21;

struct SyntheticHarConfig {
  std::uint64_t seed = 1;
  /// UCI's 7352 / 2947 windows scaled to a third: a simulation of the test split stays short, and
  /// the 71/29 ratio of the real split is kept. Multiples of 6 keep every prefix class-balanced.
  std::uint32_t train_windows = 2454;
  std::uint32_t test_windows = 984;
};

/// Which recording window sample `n` of a split is. Activities interleave (n mod 6) so any prefix is
/// class-balanced; subjects rotate within each activity; window_index counts along the recording.
struct SyntheticWindowKey {
  std::uint32_t subject = 1;       // 1..30
  std::uint32_t activity = 0;      // 0-based class
  std::uint32_t window_index = 0;  // window k starts at sample 64 k of the recording
};
SyntheticWindowKey synthetic_window_key(bool test_split, std::uint64_t n);

/// Writes the 9 x 128 window (kInertialSignalNames order, g and rad/s) of one recording window.
void synthesise_window(std::uint64_t seed, const SyntheticWindowKey& key, float* window);

/// Both splits in both views: the raw windows and their window_features() (103 features, see
/// window_features.h), labels 0-based, subjects, activity names; origin "synthetic HAR generator
/// v1, seed N" and synthetic = true. About 0.4 s of CPU time for the default sizes.
HarSplits generate_synthetic_har(const SyntheticHarConfig& config);

}  // namespace spinaps::har
