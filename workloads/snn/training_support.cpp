#include "workloads/snn/training_support.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "models/rng/counter_rng.h"

namespace spinaps::snn {

double initial_weight(std::uint64_t seed, std::uint64_t key, std::uint32_t index, double scale) {
  const std::uint32_t draw = rng::draw_u32(seed, rng::Stream::kTraining, key, 0, index);
  return scale * (2.0 * (draw / 4294967296.0) - 1.0);
}

std::int32_t quantised_code(double value, double lsb, std::int32_t low, std::int32_t high) {
  const double code = std::round(value / lsb);
  return static_cast<std::int32_t>(std::clamp(code, static_cast<double>(low), static_cast<double>(high)));
}

void dequantise(const FloatGlm& shadow, double lsb, double potential_lsb, std::int32_t low, std::int32_t high,
                FloatGlm& quantised) {
  for (std::size_t n = 0; n < shadow.weights.size(); ++n) {
    quantised.weights[n] = quantised_code(shadow.weights[n], lsb, low, high) * lsb;
  }
  for (std::size_t i = 0; i < shadow.bias.size(); ++i) {
    quantised.bias[i] = std::round(shadow.bias[i] / potential_lsb) * potential_lsb;
  }
}

void check_datasets(const data::ImageDataset& train, const data::ImageDataset& test, std::uint32_t inputs,
                    std::uint32_t outputs) {
  for (const data::ImageDataset* set : {&train, &test}) {
    if (set->pixels_per_image() != inputs) {
      throw std::invalid_argument(set->source + ": images have " + std::to_string(set->pixels_per_image()) +
                                  " pixels but the network has " + std::to_string(inputs) + " inputs");
    }
    for (const std::uint8_t label : set->labels) {
      if (label >= outputs) {
        throw std::invalid_argument(set->source + ": label " + std::to_string(label) + " has no output neuron (" +
                                    std::to_string(outputs) + " outputs)");
      }
    }
  }
  if (train.size() == 0) throw std::invalid_argument(train.source + ": no training images");
}

void check_accumulator(const QuantisedNetwork& network, std::uint32_t accumulator_bits, const std::string& what) {
  const std::int64_t limit =
      accumulator_bits >= 64 ? INT64_MAX : (std::int64_t{1} << (std::max(accumulator_bits, 1U) - 1)) - 1;
  if (network.max_abs_potential() > limit) {
    throw std::runtime_error(what + " reaches |u| = " + std::to_string(network.max_abs_potential()) +
                             " LSBs, beyond a signed " + std::to_string(accumulator_bits) +
                             "-bit accumulator (neuron.accumulator_bits)");
  }
}

Progress::Progress(bool enabled, std::uint32_t epochs, std::size_t samples_per_epoch)
    : enabled_(enabled), epochs_(epochs), samples_per_epoch_(samples_per_epoch), start_(Clock::now()) {}

void Progress::training(std::uint32_t epoch, std::size_t done_in_epoch) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double done = static_cast<double>(epoch) * samples_per_epoch_ + done_in_epoch;
  const double total = static_cast<double>(epochs_) * samples_per_epoch_;
  const double rate = elapsed > 0.0 ? done / elapsed : 0.0;
  const double eta = rate > 0.0 ? (total - done) / rate : 0.0;
  std::fprintf(stderr, "\r  training epoch %u/%u  %.0f samples/s  ETA %.1f s   ", epoch + 1, epochs_, rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::stage(const std::string& text) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%80s\r  %s", "", text.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() const {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%80s\r", "");
  std::fflush(stderr);
}

}  // namespace spinaps::snn
