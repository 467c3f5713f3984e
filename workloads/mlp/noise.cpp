#include "workloads/mlp/noise.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "models/memristor/device_model.h"

namespace spinaps::mlp {

std::string to_string(NoiseKind kind) { return kind == NoiseKind::kGaussian ? "gaussian" : "salt_pepper"; }

void parse_noise(const std::string& text, const std::string& option, std::vector<NoiseSpec>& specs) {
  const std::string expected =
      "; expected KIND:LEVEL[,LEVEL...] with KIND gaussian (sigma 0..10, of the full intensity) or salt_pepper "
      "(fraction 0..1), e.g. gaussian:0.1,0.2";
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) throw std::invalid_argument(option + " '" + text + "': no ':'" + expected);
  const std::string kind_name = text.substr(0, colon);
  NoiseSpec spec;
  double largest = 0.0;
  if (kind_name == "gaussian") {
    spec.kind = NoiseKind::kGaussian;
    largest = 10.0;
  } else if (kind_name == "salt_pepper") {
    spec.kind = NoiseKind::kSaltPepper;
    largest = 1.0;
  } else {
    throw std::invalid_argument(option + " '" + text + "': unknown noise '" + kind_name + "'" + expected);
  }
  std::size_t begin = colon + 1;
  bool any = false;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const std::string number = text.substr(begin, comma - begin);
    char* end = nullptr;
    const double level = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !(level >= 0.0) || level > largest) {
      std::string message = option;
      message.append(" '").append(text).append("': level '").append(number).append("' is not a number in 0..");
      message.append(largest == 1.0 ? "1" : "10").append(expected);
      throw std::invalid_argument(message);
    }
    spec.level = level;
    specs.push_back(spec);
    any = true;
    begin = comma + 1;
  }
  if (!any) throw std::invalid_argument(option + " '" + text + "': no level" + expected);
}

Eigen::MatrixXf corrupt(const Eigen::MatrixXf& images, const NoiseSpec& noise, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Eigen::MatrixXf corrupted = images;
  for (Eigen::Index col = 0; col < corrupted.cols(); ++col) {
    for (Eigen::Index row = 0; row < corrupted.rows(); ++row) {
      float& pixel = corrupted(row, col);
      if (noise.kind == NoiseKind::kGaussian) {
        const double value = pixel + noise.level * memristor::standard_normal(rng);
        pixel = static_cast<float>(std::clamp(value, 0.0, 1.0));
      } else {
        const double replace = memristor::uniform_open_closed(rng);
        const double salt = memristor::uniform_open_closed(rng);
        if (replace <= noise.level) pixel = salt <= 0.5 ? 0.0F : 1.0F;
      }
    }
  }
  return corrupted;
}

}  // namespace spinaps::mlp
