#pragma once
// Corrupted test inputs for the noise-robustness comparison of the device-aware study
// (docs/device_study.md): additive Gaussian noise and salt-and-pepper noise on images whose pixels
// are intensities in [0, 1]. Seeded and exactly specified (the samplers of
// models/memristor/device_model.h), so a seed gives the same corrupted images on every machine.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace spinaps::mlp {

enum class NoiseKind { kGaussian, kSaltPepper };

struct NoiseSpec {
  NoiseKind kind = NoiseKind::kGaussian;
  /// Gaussian: standard deviation in units of the full intensity range (0..10);
  /// salt-and-pepper: the fraction of pixels replaced (0..1).
  double level = 0.0;
};

/// "gaussian" or "salt_pepper".
std::string to_string(NoiseKind kind);

/// Parses one --noise value, KIND:LEVEL[,LEVEL...] with KIND gaussian or salt_pepper, e.g.
/// "gaussian:0.1,0.2" or "salt_pepper:0.05"; appends one spec per level. Throws
/// std::invalid_argument naming `option` and the expected syntax.
void parse_noise(const std::string& text, const std::string& option, std::vector<NoiseSpec>& specs);

/// A corrupted copy of `images` (one image per column, pixels in [0, 1]), column by column, pixel
/// by pixel, from std::mt19937_64(seed):
///   gaussian:    x' = clip(x + level * z, 0, 1), z standard normal (two draws per pixel);
///   salt_pepper: with probability level the pixel becomes 0 or 1 (equally likely), otherwise it
///                stays (two uniform draws per pixel, always).
Eigen::MatrixXf corrupt(const Eigen::MatrixXf& images, const NoiseSpec& noise, std::uint64_t seed);

}  // namespace spinaps::mlp
