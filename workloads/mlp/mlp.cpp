#include "workloads/mlp/mlp.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "models/memristor/device_model.h"
#include "workloads/snn/optimiser.h"

namespace spinaps::mlp {
namespace {

/// Adam on one Eigen array of parameters (the descent form of snn::Adam).
class AdamState {
 public:
  explicit AdamState(Eigen::Index size) : first_(Eigen::ArrayXf::Zero(size)), second_(Eigen::ArrayXf::Zero(size)) {}

  void descend(float* parameters, const float* gradient, double step_size) {
    ++steps_;
    const double correction1 = 1.0 - std::pow(kBeta1, static_cast<double>(steps_));
    const double correction2 = 1.0 - std::pow(kBeta2, static_cast<double>(steps_));
    Eigen::Map<Eigen::ArrayXf> p(parameters, first_.size());
    const Eigen::Map<const Eigen::ArrayXf> g(gradient, first_.size());
    first_ = static_cast<float>(kBeta1) * first_ + static_cast<float>(1.0 - kBeta1) * g;
    second_ = static_cast<float>(kBeta2) * second_ + static_cast<float>(1.0 - kBeta2) * g * g;
    const auto scale = static_cast<float>(step_size / correction1);
    const auto root_correction = static_cast<float>(1.0 / std::sqrt(correction2));
    p -= scale * first_ / (second_.sqrt() * root_correction + static_cast<float>(kEpsilon));
  }

 private:
  static constexpr double kBeta1 = 0.9;
  static constexpr double kBeta2 = 0.999;
  static constexpr double kEpsilon = 1e-8;
  Eigen::ArrayXf first_;
  Eigen::ArrayXf second_;
  std::uint64_t steps_ = 0;
};

void check_data(const Mlp& network, const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels) {
  if (network.layers.empty()) throw std::invalid_argument("mlp: the network has no layers");
  if (images.rows() != network.inputs()) {
    throw std::invalid_argument("mlp: images have " + std::to_string(images.rows()) + " pixels; expected " +
                                std::to_string(network.inputs()) + " (the network's inputs)");
  }
  if (static_cast<std::size_t>(images.cols()) != labels.size()) {
    throw std::invalid_argument("mlp: " + std::to_string(images.cols()) + " images but " +
                                std::to_string(labels.size()) + " labels");
  }
  for (const std::uint8_t label : labels) {
    if (label >= network.outputs()) {
      throw std::invalid_argument("mlp: label " + std::to_string(label) + " is not one of the " +
                                  std::to_string(network.outputs()) + " outputs");
    }
  }
}

}  // namespace

std::uint32_t Mlp::inputs() const {
  return layers.empty() ? 0 : static_cast<std::uint32_t>(layers.front().weights.cols());
}

std::uint32_t Mlp::outputs() const {
  return layers.empty() ? 0 : static_cast<std::uint32_t>(layers.back().weights.rows());
}

std::vector<std::uint32_t> Mlp::sizes() const {
  std::vector<std::uint32_t> widths;
  if (layers.empty()) return widths;
  widths.push_back(inputs());
  for (const DenseLayer& layer : layers) widths.push_back(static_cast<std::uint32_t>(layer.weights.rows()));
  return widths;
}

Eigen::MatrixXf Mlp::logits(const Eigen::MatrixXf& inputs) const {
  Eigen::MatrixXf activation = inputs;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    Eigen::MatrixXf next = layers[l].weights * activation;
    next.colwise() += layers[l].bias;
    if (l + 1 < layers.size()) next = next.cwiseMax(0.0F);
    activation = std::move(next);
  }
  return activation;
}

double initial_weight_bound(std::uint32_t fan_in) { return std::sqrt(6.0 / static_cast<double>(fan_in)); }

Mlp initialise(const std::vector<std::uint32_t>& sizes, std::uint64_t seed) {
  if (sizes.size() < 2) throw std::invalid_argument("mlp: expected at least two layer widths (inputs and outputs)");
  for (const std::uint32_t width : sizes) {
    if (width == 0) throw std::invalid_argument("mlp: a layer width is 0; expected at least 1");
  }
  std::mt19937_64 rng(seed);
  Mlp network;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    DenseLayer layer;
    layer.weights.resize(sizes[l + 1], sizes[l]);
    layer.bias = Eigen::VectorXf::Zero(sizes[l + 1]);
    const double bound = initial_weight_bound(sizes[l]);
    for (Eigen::Index row = 0; row < layer.weights.rows(); ++row) {
      for (Eigen::Index col = 0; col < layer.weights.cols(); ++col) {
        // uniform_open_closed is in (0, 1]: 2u - 1 is in (-1, 1].
        layer.weights(row, col) = static_cast<float>(bound * (2.0 * memristor::uniform_open_closed(rng) - 1.0));
      }
    }
    network.layers.push_back(std::move(layer));
  }
  return network;
}

Eigen::MatrixXf images_as_columns(const data::ImageDataset& dataset) {
  Eigen::MatrixXf images(dataset.pixels_per_image(), static_cast<Eigen::Index>(dataset.size()));
  for (std::size_t n = 0; n < dataset.size(); ++n) {
    const std::uint8_t* pixels = dataset.image(n);
    for (std::uint32_t p = 0; p < dataset.pixels_per_image(); ++p) {
      images(p, static_cast<Eigen::Index>(n)) = static_cast<float>(pixels[p]) / 255.0F;
    }
  }
  return images;
}

void train_float(Mlp& network, const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels,
                 const FloatTrainingOptions& options, const ProgressCallback& progress) {
  check_data(network, images, labels);
  const std::size_t layers = network.layers.size();
  std::vector<AdamState> weight_state, bias_state;
  for (const DenseLayer& layer : network.layers) {
    weight_state.emplace_back(layer.weights.size());
    bias_state.emplace_back(layer.bias.size());
  }
  const std::size_t count = labels.size();
  const std::size_t batch = std::max<std::uint32_t>(options.batch_size, 1);
  std::vector<Eigen::MatrixXf> activations(layers + 1);
  for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
    const std::vector<std::uint32_t> order = snn::shuffled_order(count, options.seed, epoch);
    const double step_size = snn::annealed_step_size(options.learning_rate, epoch, options.epochs);
    for (std::size_t begin = 0; begin < count; begin += batch) {
      const std::size_t end = std::min(count, begin + batch);
      const auto size = static_cast<Eigen::Index>(end - begin);
      activations[0].resize(images.rows(), size);
      for (Eigen::Index b = 0; b < size; ++b) activations[0].col(b) = images.col(order[begin + b]);
      for (std::size_t l = 0; l < layers; ++l) {
        activations[l + 1] = network.layers[l].weights * activations[l];
        activations[l + 1].colwise() += network.layers[l].bias;
        if (l + 1 < layers) activations[l + 1] = activations[l + 1].cwiseMax(0.0F);
      }
      // Softmax cross-entropy: d loss / d logits = (softmax - one-hot) / batch.
      Eigen::MatrixXf delta = activations[layers];
      for (Eigen::Index b = 0; b < size; ++b) {
        auto column = delta.col(b);
        column = (column.array() - column.maxCoeff()).exp().matrix();
        column /= column.sum();
        column(labels[order[begin + b]]) -= 1.0F;
      }
      delta /= static_cast<float>(size);
      for (std::size_t l = layers; l-- > 0;) {
        const Eigen::MatrixXf weight_gradient = delta * activations[l].transpose();
        const Eigen::VectorXf bias_gradient = delta.rowwise().sum();
        if (l > 0) {
          Eigen::MatrixXf previous = network.layers[l].weights.transpose() * delta;
          delta = previous.cwiseProduct((activations[l].array() > 0.0F).cast<float>().matrix());
        }
        weight_state[l].descend(network.layers[l].weights.data(), weight_gradient.data(), step_size);
        bias_state[l].descend(network.layers[l].bias.data(), bias_gradient.data(), step_size);
      }
      if (progress) progress(epoch * count + end, options.epochs * count);
    }
  }
}

double accuracy(const Mlp& network, const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels) {
  check_data(network, images, labels);
  if (labels.empty()) return 0.0;
  std::size_t correct = 0;
  constexpr Eigen::Index kChunk = 512;
  for (Eigen::Index begin = 0; begin < images.cols(); begin += kChunk) {
    const Eigen::Index size = std::min(kChunk, images.cols() - begin);
    const Eigen::MatrixXf logits = network.logits(images.middleCols(begin, size));
    for (Eigen::Index b = 0; b < size; ++b) {
      Eigen::Index best = 0;
      logits.col(b).maxCoeff(&best);
      correct += static_cast<std::size_t>(best) == labels[static_cast<std::size_t>(begin + b)] ? 1 : 0;
    }
  }
  return static_cast<double>(correct) / static_cast<double>(labels.size());
}

}  // namespace spinaps::mlp
