#pragma once
// The non-spiking baseline the SNN is compared with: multinomial logistic regression of the same
// size (inputs -> classes), on pixel intensities / 255, trained like the SNN (optimiser.h).
#include <cstdint>

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::snn {

struct BaselineOptions {
  std::uint32_t epochs = 0;
  double learning_rate = 0.0;  ///< Adam step size at the first epoch (cosine-annealed)
  std::uint32_t batch_size = 1;
  std::uint64_t seed = 1;  ///< minibatch order (same as the SNN's for the same seed)
};

/// Trains on `train` by maximum likelihood (softmax cross-entropy) from zero weights and returns
/// the accuracy (argmax of the logits) on `test`.
double logistic_regression_accuracy(const data::ImageDataset& train, const data::ImageDataset& test,
                                    std::uint32_t classes, const BaselineOptions& options);

}  // namespace spinaps::snn
