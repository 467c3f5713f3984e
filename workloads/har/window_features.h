#pragma once
// A fixed, documented feature vector computed from one raw 9 x 128 inertial window. It follows the
// spirit of the UCI HAR feature set (time-domain statistics, correlations, spectral energies,
// gravity angles) but is a 103-feature subset of our own, NOT the 561 features of X_<split>.txt:
// the same extraction applies to real UCI windows ("Inertial Signals/") and to synthetic ones, so
// the two can be compared feature for feature.
//
// Feature order (docs/har.md has the table):
//   [0, 66)    for each of 11 signals (the 9 inertial signals, then body_acc_mag and
//              body_gyro_mag, the Euclidean norms of the body tri-axial signals):
//              mean, std (population), min, max, energy (mean of squares), iqr (Q3 - Q1, quantiles
//              by linear interpolation at q * (N - 1))
//   [66, 94)   for body_acc_x/y/z, body_gyro_x/y/z and body_acc_mag, after removing the mean:
//              power in three bands of the 128-point DFT at 50 Hz (bins 1-3 = 0.39-1.17 Hz,
//              bins 4-7 = 1.56-2.73 Hz, bins 8-15 = 3.13-5.86 Hz), power = (2 / N^2) sum |X_k|^2, the
//              mean-square of the band's content in the signal's units squared; then the dominant
//              frequency in Hz (the largest |X_k| over bins 1-15)
//   [94, 100)  Pearson correlations of body_acc (x,y), (x,z), (y,z) and body_gyro (x,y), (x,z), (y,z)
//   [100, 103) angle in rad between the window's mean total acceleration (the gravity estimate)
//              and the x, y, z axes
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/har/har_dataset.h"

namespace spinaps::har {

inline constexpr std::uint32_t kWindowFeatureCount = 103;

/// The names of the features in order, e.g. "body_acc_x-mean", "body_gyro_mag-iqr",
/// "body_acc_z-power_1.6-2.7Hz", "corr(body_acc_x,body_acc_y)", "angle(x,gravity)".
std::vector<std::string> window_feature_names();

/// Computes the kWindowFeatureCount features of one window (9 x 128, kInertialSignalNames order).
void compute_window_features(const float* window, float* features);

/// The features of every window of `inertial` (labels, subjects, origin and flag carried over).
FeatureDataset window_features(const InertialDataset& inertial);

}  // namespace spinaps::har
