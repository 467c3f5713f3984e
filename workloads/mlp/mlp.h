#pragma once
// A fully connected ReLU network (multilayer perceptron) with a softmax output, trained in floating
// point with Adam on minibatches: the baseline of the device-aware study (docs/device_study.md)
// and the network whose weights `--mode program` writes onto memristive pairs. Eigen, single
// threaded; the same seed gives bit-identical weights (initialisation from std::mt19937_64 through
// the exactly specified samplers of models/memristor/device_model.h, minibatch order from
// snn::shuffled_order).
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <vector>

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::mlp {

/// One dense layer: outputs = weights * inputs + bias.
struct DenseLayer {
  Eigen::MatrixXf weights;  ///< [outputs, inputs]
  Eigen::VectorXf bias;     ///< [outputs]
};

/// Layers in order; ReLU after every layer but the last, whose outputs are the logits.
struct Mlp {
  std::vector<DenseLayer> layers;

  [[nodiscard]] std::uint32_t inputs() const;
  [[nodiscard]] std::uint32_t outputs() const;
  /// The layer widths, inputs first (e.g. 784, 256, 128, 10).
  [[nodiscard]] std::vector<std::uint32_t> sizes() const;
  /// Logits of a batch given as columns ([inputs, batch] -> [outputs, batch]).
  [[nodiscard]] Eigen::MatrixXf logits(const Eigen::MatrixXf& inputs) const;
};

/// He-uniform initialisation (He et al., ICCV 2015, for ReLU): every weight uniform in
/// +-sqrt(6 / fan_in), biases 0, drawn layer by layer, row by row from std::mt19937_64(seed).
/// `sizes` are the widths, inputs first; at least two, each >= 1.
Mlp initialise(const std::vector<std::uint32_t>& sizes, std::uint64_t seed);

/// The He-uniform bound sqrt(6 / fan_in) of a layer with `fan_in` inputs.
double initial_weight_bound(std::uint32_t fan_in);

/// Images as the columns of a matrix, each pixel byte / 255 (0 = black, 1 = white).
Eigen::MatrixXf images_as_columns(const data::ImageDataset& dataset);

struct FloatTrainingOptions {
  std::uint32_t epochs = 5;
  std::uint32_t batch_size = 32;
  double learning_rate = 1e-3;  ///< Adam step size at the first epoch, cosine-annealed towards 0
  std::uint64_t seed = 1;       ///< minibatch order
};

/// Called after every minibatch with (samples done, samples in all epochs).
using ProgressCallback = std::function<void(std::size_t, std::size_t)>;

/// Minimises the softmax cross-entropy on `images` (columns) and `labels` with Adam (Kingma and Ba,
/// ICLR 2015; beta1 0.9, beta2 0.999, epsilon 1e-8). Throws std::invalid_argument when the sizes
/// disagree or a label is not an output.
void train_float(Mlp& network, const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels,
                 const FloatTrainingOptions& options, const ProgressCallback& progress = {});

/// The fraction of columns whose largest logit is their label.
double accuracy(const Mlp& network, const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels);

}  // namespace spinaps::mlp
