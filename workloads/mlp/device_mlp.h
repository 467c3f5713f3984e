#pragma once
// The MLP with every weight and bias on a differential pair of memristive devices
// (models/memristor/device_model.h): w = (G+ - G-) / (Gmax - Gmin) * w_max, per layer. Two ways to get
// there (docs/device_study.md):
//   * program_network: train in floating point, then program each weight onto its pair (nearest
//     level, programming variability);
//   * train_insitu: train with the devices in the loop, stochastic-computing updates of whole
//     conductance steps that only potentiate (Gokmen and Vlasov, Front. Neurosci. 10, 333 (2016);
//     Babu and Rajendran, arXiv:1711.03640 (2017)), with a periodic refresh of saturated pairs.
#include <cstdint>
#include <random>
#include <vector>

#include "models/memristor/device_model.h"
#include "workloads/mlp/mlp.h"

namespace spinaps::mlp {

/// One point of the device study.
struct DeviceSetting {
  std::uint32_t levels = 32;   ///< conductance levels per device, >= 2
  double dynamic_range = 0.0;  ///< Gmax / Gmin (> 1); 0 keeps the device file's Gmin
  bool sigma_given = false;    ///< false: the device file's absolute programming sigma (uS)
  double sigma_levels = 0.0;   ///< programming and update-step sigma in level steps, when given
};

/// The device of a study point: `base` (its Gmax, source, technology) with the setting's levels,
/// Gmin = Gmax / dynamic_range and sigma; no stuck devices, drift or read noise (the study does not
/// model them). Throws std::invalid_argument naming the field when the setting is out of range.
memristor::DeviceParameters device_for(const memristor::DeviceParameters& base, const DeviceSetting& setting);

/// One layer's pairs, row-major [output][input], the bias as the last column (an input held at 1).
struct PairLayer {
  std::uint32_t outputs = 0;
  std::uint32_t inputs = 0;  ///< without the bias column
  double w_max = 0.0;        ///< the weight of G+ - G- = Gmax - Gmin
  std::vector<double> g_plus_us;
  std::vector<double> g_minus_us;
  [[nodiscard]] std::size_t index(std::uint32_t output, std::uint32_t input) const {
    return static_cast<std::size_t>(output) * (inputs + 1) + input;
  }
};

/// A network held on device pairs.
struct DeviceNetwork {
  std::vector<PairLayer> layers;
  /// The weights the pairs hold (noise-free read), as a float network.
  [[nodiscard]] Mlp read_back(const memristor::DeviceModel& device) const;
  /// Smallest and largest conductance of any device.
  [[nodiscard]] double g_min_seen_us() const;
  [[nodiscard]] double g_max_seen_us() const;
  [[nodiscard]] std::size_t devices() const;
};

/// `--mode program`: each layer's w_max is its largest |weight| or |bias|; every weight goes to
/// the nearest level on its pair (DeviceModel::quantise) and is programmed with variability
/// (DeviceModel::program, G+ then G-), layer by layer, row by row, bias last, from
/// std::mt19937_64(seed): the same seed gives the same noise draws at every point of a sweep.
DeviceNetwork program_network(const Mlp& trained, const memristor::DeviceModel& device, std::uint64_t seed);

/// Hyper-parameters of the in-situ rule (docs/device_study.md says where each comes from).
struct InsituOptions {
  std::uint32_t epochs = 5;
  double learning_rate = 0.01;           ///< eta: expected weight change -eta * delta * x per sample
  std::uint32_t bit_length = 16;         ///< BL: bits per stochastic stream (1..64)
  double weight_range = 2.0;             ///< w_max of layer l = weight_range * sqrt(6 / fan_in_l)
  std::uint32_t refresh_interval = 500;  ///< samples between refreshes (0: never)
  std::uint64_t seed = 1;                ///< initial weights, programming, streams, variability, order
};

struct InsituStatistics {
  std::uint64_t potentiation_steps = 0;  ///< whole steps applied (coincidences)
  std::uint64_t clipped_updates = 0;     ///< updates that hit Gmax (or Gmin through a negative step)
  std::uint64_t refresh_cycles = 0;      ///< refreshes run
  std::uint64_t refreshed_pairs = 0;     ///< pairs rewritten by them
  double seconds = 0.0;                  ///< wall time of the training loop (not reported in JSON)
};

/// `--mode insitu`: initial weights He-uniform (mlp::initialise(sizes, seed)) programmed onto the
/// pairs, then `epochs` passes of per-sample stochastic updates (docs/device_study.md).
DeviceNetwork train_insitu(const std::vector<std::uint32_t>& sizes, const memristor::DeviceModel& device,
                           const Eigen::MatrixXf& images, const std::vector<std::uint8_t>& labels,
                           const InsituOptions& options, InsituStatistics& statistics,
                           const ProgressCallback& progress = {});

/// The refresh of one pair: when either device is within half a level step of Gmax, the net
/// conductance G+ - G- is rounded to whole steps and programmed onto one device (G+ if positive)
/// from Gmin, and the other device is programmed to Gmin (both with variability). Returns whether
/// it rewrote the pair.
bool refresh_pair(double& g_plus_us, double& g_minus_us, const memristor::DeviceModel& device, std::mt19937_64& rng);

}  // namespace spinaps::mlp
