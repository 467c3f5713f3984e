#include "workloads/snn/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "workloads/snn/optimiser.h"

namespace spinaps::snn {

double logistic_regression_accuracy(const data::ImageDataset& train, const data::ImageDataset& test,
                                    std::uint32_t classes, const BaselineOptions& options) {
  const std::uint32_t inputs = train.pixels_per_image();
  std::vector<double> weights(static_cast<std::size_t>(inputs) * classes, 0.0);  // [j * classes + c]
  std::vector<double> bias(classes, 0.0);
  std::vector<double> weight_gradient(weights.size());
  std::vector<double> bias_gradient(classes);
  std::vector<double> logits(classes);
  Adam weight_optimiser(weights.size());
  Adam bias_optimiser(classes);
  auto compute_logits = [&](const std::uint8_t* pixels) {
    logits = bias;
    for (std::uint32_t j = 0; j < inputs; ++j) {
      if (pixels[j] == 0) continue;
      const double x = pixels[j] / 255.0;
      const double* w = &weights[static_cast<std::size_t>(j) * classes];
      for (std::uint32_t c = 0; c < classes; ++c) logits[c] += w[c] * x;
    }
  };
  const std::uint32_t batch = std::max<std::uint32_t>(options.batch_size, 1);
  for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
    const auto order = shuffled_order(train.size(), options.seed, epoch);
    const double step_size = annealed_step_size(options.learning_rate, epoch, options.epochs);
    for (std::size_t begin = 0; begin < order.size(); begin += batch) {
      const std::size_t end = std::min(order.size(), begin + batch);
      const double scale = 1.0 / static_cast<double>(end - begin);
      std::fill(weight_gradient.begin(), weight_gradient.end(), 0.0);
      std::fill(bias_gradient.begin(), bias_gradient.end(), 0.0);
      for (std::size_t b = begin; b < end; ++b) {
        const std::uint8_t* pixels = train.image(order[b]);
        compute_logits(pixels);
        const double largest = *std::max_element(logits.begin(), logits.end());
        double total = 0.0;
        for (double& z : logits) total += (z = std::exp(z - largest));
        // d log softmax(z)_label / d z_c = [c == label] - p_c; logits now holds it, scaled.
        for (std::uint32_t c = 0; c < classes; ++c) {
          logits[c] = (((c == train.labels[order[b]]) ? 1.0 : 0.0) - logits[c] / total) * scale;
          bias_gradient[c] += logits[c];
        }
        for (std::uint32_t j = 0; j < inputs; ++j) {
          if (pixels[j] == 0) continue;
          const double x = pixels[j] / 255.0;
          double* g = &weight_gradient[static_cast<std::size_t>(j) * classes];
          for (std::uint32_t c = 0; c < classes; ++c) g[c] += logits[c] * x;
        }
      }
      weight_optimiser.ascend(weights, weight_gradient, step_size);
      bias_optimiser.ascend(bias, bias_gradient, step_size);
    }
  }
  std::size_t correct = 0;
  for (std::size_t n = 0; n < test.size(); ++n) {
    compute_logits(test.image(n));
    const auto best = static_cast<std::uint32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
    correct += best == test.labels[n] ? 1 : 0;
  }
  return static_cast<double>(correct) / static_cast<double>(std::max<std::size_t>(test.size(), 1));
}

}  // namespace spinaps::snn
