#pragma once
// The pieces the single-layer trainer (trainer.h) and the multi-layer trainer
// (multilayer_trainer.h) share, so both quantise, key their draws, check their inputs and show
// progress the same way.
#include <chrono>
#include <cstdint>
#include <string>

#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/first_to_spike.h"
#include "workloads/snn/network.h"

namespace spinaps::snn {

/// The `sample` field of the initialisation draws rng::draw_u32(seed, kTraining, key + layer, 0, n).
inline constexpr std::uint64_t kInitialisationKey = 0xFFFFFFFF00000000ULL;

/// Sample id of training image n in epoch e: e * 2^32 + n, so every epoch draws fresh spike trains
/// and evaluation (sample id = test index) never reuses a training draw of the same epoch-0 image.
inline std::uint64_t training_sample_id(std::uint32_t epoch, std::size_t n) {
  return (static_cast<std::uint64_t>(epoch) << 32U) + n;
}

/// Uniform in [-scale, scale) from rng::draw_u32(seed, kTraining, key, 0, index).
double initial_weight(std::uint64_t seed, std::uint64_t key, std::uint32_t index, double scale);

/// clamp(round(value / lsb), low, high): a B-bit weight code.
std::int32_t quantised_code(double value, double lsb, std::int32_t low, std::int32_t high);

/// The model the quantised network computes, in real units (the forward pass of quantisation-aware
/// training): weights as their codes times `lsb`, bias rounded to a multiple of `potential_lsb`.
void dequantise(const FloatGlm& shadow, double lsb, double potential_lsb, std::int32_t low, std::int32_t high,
                FloatGlm& quantised);

/// Throws std::invalid_argument unless every image has `inputs` pixels and every label an output
/// neuron, and `train` is not empty.
void check_datasets(const data::ImageDataset& train, const data::ImageDataset& test, std::uint32_t inputs,
                    std::uint32_t outputs);

/// Throws std::runtime_error if `network` can exceed a signed `accumulator_bits` accumulator;
/// `what` names the network in the message.
void check_accumulator(const QuantisedNetwork& network, std::uint32_t accumulator_bits, const std::string& what);

/// Progress on stderr, one line redrawn at most five times a second, cleared at the end (the
/// same look as the CLI's progress lines).
class Progress {
 public:
  Progress(bool enabled, std::uint32_t epochs, std::size_t samples_per_epoch);
  void training(std::uint32_t epoch, std::size_t done_in_epoch);
  void stage(const std::string& text);
  void finish() const;

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::uint32_t epochs_;
  std::size_t samples_per_epoch_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace spinaps::snn
