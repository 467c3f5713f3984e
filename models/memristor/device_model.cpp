#include "models/memristor/device_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "models/config/config_reader.h"
#include "models/io/data_paths.h"

namespace spinaps::memristor {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;
constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;  // 2^-53
constexpr std::uint32_t kMaxLevels = 1u << 16;
constexpr std::uint32_t kMaxWeightBits = 32;

/// The largest |q| of a signed `weight_bits` integer weight (symmetric: a pair has no -2^(B-1)).
double max_integer(std::uint32_t weight_bits) { return std::ldexp(1.0, static_cast<int>(weight_bits) - 1) - 1.0; }

void require(bool condition, const DeviceParameters& p, const std::string& field, const std::string& problem) {
  if (!condition) {
    throw std::invalid_argument("memristive device '" + p.name + "': " + field + ": " + problem);
  }
}

DeviceParameters read_device(config::ConfigNode& node, const std::string& name) {
  DeviceParameters p;
  p.name = name;
  p.technology = node.choice("technology", {"rram", "pcm"});
  p.source = node.text("source");
  (void)node.text_or("derivation", "");
  (void)node.text_or("checked", "");
  p.levels = static_cast<std::uint32_t>(node.integer_or("levels", 2, kMaxLevels, 0));
  p.g_min_us = node.real_or("g_min_us", 0, 1e6, 0);
  p.g_max_us = node.real("g_max_us", 1e-6, 1e6);
  p.programming_sigma_levels = node.real_or("programming_sigma_levels", 0, 100, 0);
  p.programming_sigma_us = node.real_or("programming_sigma_us", 0, 1e6, 0);
  p.read_noise_sigma_relative = node.real_or("read_noise_sigma_relative", 0, 1, 0);
  p.stuck_at_gmin_rate = node.real_or("stuck_at_gmin_rate", 0, 1, 0);
  p.stuck_at_gmax_rate = node.real_or("stuck_at_gmax_rate", 0, 1, 0);
  p.drift_nu = node.real_or("drift_nu", 0, 1, 0);
  p.drift_t0_s = node.real_or("drift_t0_s", 1e-12, 1e12, 0);
  p.read_voltage_v = node.real_or("read_voltage_v", 0, 10, 0);
  p.read_pulse_ns = node.real_or("read_pulse_ns", 0, 1e9, 0);
  p.program_pulse_ns = node.real_or("program_pulse_ns", 0, 1e9, 0);
  p.program_energy_pj_per_pulse = node.real_or("program_energy_pj_per_pulse", 0, 1e9, 0);
  p.cell_area_f2 = node.real_or("cell_area_f2", 0, 1e4, 0);
  p.reference_node_nm = node.real_or("reference_node_nm", 0, 1000, 0);
  node.finish();
  // Cross-field rules, reported against the key a user would fix.
  if (p.g_max_us <= p.g_min_us) {
    throw node.error("g_max_us", "must exceed g_min_us (" + std::to_string(p.g_min_us) + ")");
  }
  if (p.programming_sigma_levels > 0 && p.levels == 0) {
    throw node.error("programming_sigma_levels", "needs `levels` (an analog device has no level step)");
  }
  if (p.programming_sigma_levels > 0 && p.programming_sigma_us > 0) {
    throw node.error("programming_sigma_us", "give programming_sigma_levels or programming_sigma_us, not both");
  }
  if (p.stuck_at_gmin_rate + p.stuck_at_gmax_rate > 1) {
    throw node.error("stuck_at_gmax_rate", "stuck_at_gmin_rate + stuck_at_gmax_rate must not exceed 1");
  }
  if (p.drift_nu > 0 && p.drift_t0_s <= 0) {
    throw node.error("drift_t0_s", "is required when drift_nu is given");
  }
  return p;
}

}  // namespace

double DeviceParameters::level_step_us() const {
  return levels >= 2 ? (g_max_us - g_min_us) / static_cast<double>(levels - 1) : 0.0;
}

double DeviceParameters::programming_sigma_in_us() const {
  return programming_sigma_levels > 0 ? programming_sigma_levels * level_step_us() : programming_sigma_us;
}

void validate(const DeviceParameters& p) {
  require(p.levels == 0 || (p.levels >= 2 && p.levels <= kMaxLevels), p, "levels", "must be 0 (analog) or 2..65536");
  require(std::isfinite(p.g_min_us) && p.g_min_us >= 0, p, "g_min_us", "must be >= 0");
  require(std::isfinite(p.g_max_us) && p.g_max_us > p.g_min_us, p, "g_max_us", "must exceed g_min_us");
  require(p.programming_sigma_levels >= 0 && p.programming_sigma_levels <= 100, p, "programming_sigma_levels",
          "must be in [0, 100]");
  require(p.programming_sigma_levels == 0 || p.levels >= 2, p, "programming_sigma_levels", "needs levels >= 2");
  require(p.programming_sigma_us >= 0 && std::isfinite(p.programming_sigma_us), p, "programming_sigma_us",
          "must be >= 0");
  require(p.programming_sigma_levels == 0 || p.programming_sigma_us == 0, p, "programming_sigma_us",
          "give programming_sigma_levels or programming_sigma_us, not both");
  require(p.read_noise_sigma_relative >= 0 && p.read_noise_sigma_relative <= 1, p, "read_noise_sigma_relative",
          "must be in [0, 1]");
  require(p.stuck_at_gmin_rate >= 0 && p.stuck_at_gmax_rate >= 0 && p.stuck_at_gmin_rate + p.stuck_at_gmax_rate <= 1, p,
          "stuck_at_gmin_rate/stuck_at_gmax_rate", "must be >= 0 and sum to at most 1");
  require(p.drift_nu >= 0 && p.drift_nu <= 1, p, "drift_nu", "must be in [0, 1]");
  require(p.drift_nu == 0 || p.drift_t0_s > 0, p, "drift_t0_s", "must be > 0 when drift_nu is given");
}

std::string default_devices_file() { return io::data_path("models/memristor/devices.json"); }

std::vector<DeviceParameters> load_devices(const std::string& file) {
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  (void)root.text_or("description", "");
  config::ConfigNode devices = root.child("devices");
  root.finish();
  std::vector<DeviceParameters> result;
  for (const auto& item : document.at("devices").items()) {
    config::ConfigNode node = devices.child(item.key());
    result.push_back(read_device(node, item.key()));
  }
  devices.finish();
  if (result.empty()) {
    throw root.error("devices", "names no device");
  }
  return result;
}

DeviceParameters load_device(const std::string& file, const std::string& device) {
  std::vector<DeviceParameters> all = load_devices(file);
  std::string names;
  for (DeviceParameters& p : all) {
    if (p.name == device) {
      return std::move(p);
    }
    names += (names.empty() ? "" : ", ") + p.name;
  }
  throw config::ConfigError(file, "devices." + device, "no such device; the devices are: " + names);
}

double uniform_open_closed(std::mt19937_64& rng) {
  // (k + 1) 2^-53 for k in [0, 2^53): never 0, so log() below is finite.
  return static_cast<double>((rng() >> 11) + 1) * kTwoToMinus53;
}

double standard_normal(std::mt19937_64& rng) {
  const double u1 = uniform_open_closed(rng);
  const double u2 = uniform_open_closed(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

DeviceModel::DeviceModel(DeviceParameters parameters) : parameters_(std::move(parameters)) { validate(parameters_); }

std::vector<double> DeviceModel::target_conductances_us() const {
  std::vector<double> targets;
  const double step = parameters_.level_step_us();
  for (std::uint32_t k = 0; k < parameters_.levels; ++k) {
    targets.push_back(parameters_.g_min_us + step * k);
  }
  return targets;
}

ConductancePair DeviceModel::quantise(double weight, double w_max) const {
  if (!(w_max > 0)) {
    throw std::invalid_argument("quantise: w_max must be > 0");
  }
  const double magnitude = std::min(std::abs(weight) / w_max, 1.0);
  const double range_us = parameters_.g_max_us - parameters_.g_min_us;
  double g_us = parameters_.g_min_us + magnitude * range_us;
  if (parameters_.levels >= 2) {
    const double level = std::round(magnitude * (parameters_.levels - 1));
    g_us = parameters_.g_min_us + level * parameters_.level_step_us();
  }
  ConductancePair pair{parameters_.g_min_us, parameters_.g_min_us};
  (weight >= 0 ? pair.g_plus_us : pair.g_minus_us) = g_us;
  return pair;
}

double DeviceModel::weight_of(const ConductancePair& pair, double w_max) const {
  return (pair.g_plus_us - pair.g_minus_us) / (parameters_.g_max_us - parameters_.g_min_us) * w_max;
}

std::uint32_t DeviceModel::slice_count(std::uint32_t weight_bits) const {
  if (parameters_.levels < 2) {
    throw std::invalid_argument("slice: device '" + parameters_.name + "' is analog (levels = 0); set levels");
  }
  if (weight_bits < 2 || weight_bits > kMaxWeightBits) {
    throw std::invalid_argument("slice: weight_bits must be in 2..32");
  }
  const double needed = max_integer(weight_bits);
  std::uint32_t slices = 1;
  for (double reach = parameters_.levels - 1.0; reach < needed; ++slices) {
    reach = (reach + 1.0) * parameters_.levels - 1.0;  // levels^(s+1) - 1
  }
  return slices;
}

std::vector<ConductancePair> DeviceModel::slice(double weight, double w_max, std::uint32_t weight_bits) const {
  const std::uint32_t slices = slice_count(weight_bits);
  if (!(w_max > 0)) {
    throw std::invalid_argument("slice: w_max must be > 0");
  }
  const double q_max = max_integer(weight_bits);
  const double q = std::round(std::clamp(weight / w_max, -1.0, 1.0) * q_max);
  auto magnitude = static_cast<std::uint64_t>(std::abs(q));
  const double step = parameters_.level_step_us();
  std::vector<ConductancePair> pairs;
  for (std::uint32_t s = 0; s < slices; ++s) {
    const std::uint64_t digit = magnitude % parameters_.levels;
    magnitude /= parameters_.levels;
    ConductancePair pair{parameters_.g_min_us, parameters_.g_min_us};
    (q >= 0 ? pair.g_plus_us : pair.g_minus_us) = parameters_.g_min_us + step * static_cast<double>(digit);
    pairs.push_back(pair);
  }
  return pairs;
}

double DeviceModel::weight_of(const std::vector<ConductancePair>& slices, double w_max,
                              std::uint32_t weight_bits) const {
  const double step = parameters_.level_step_us();
  double q = 0.0;
  double place = 1.0;
  for (const ConductancePair& pair : slices) {
    q += place * (pair.g_plus_us - pair.g_minus_us) / step;
    place *= parameters_.levels;
  }
  return q * w_max / max_integer(weight_bits);
}

double DeviceModel::program(double target_us, std::mt19937_64& rng) const {
  Fault fault = Fault::kNone;
  return program(target_us, rng, fault);
}

double DeviceModel::program(double target_us, std::mt19937_64& rng, Fault& fault) const {
  const double u = uniform_open_closed(rng);
  const double z = standard_normal(rng);
  fault = Fault::kNone;
  if (u <= parameters_.stuck_at_gmin_rate) {
    fault = Fault::kStuckAtGmin;
    return parameters_.g_min_us;
  }
  if (u <= parameters_.stuck_at_gmin_rate + parameters_.stuck_at_gmax_rate) {
    fault = Fault::kStuckAtGmax;
    return parameters_.g_max_us;
  }
  const double g_us = target_us + parameters_.programming_sigma_in_us() * z;
  return std::clamp(g_us, parameters_.g_min_us, parameters_.g_max_us);
}

ConductancePair DeviceModel::program(const ConductancePair& target, std::mt19937_64& rng) const {
  ConductancePair programmed;
  programmed.g_plus_us = program(target.g_plus_us, rng);
  programmed.g_minus_us = program(target.g_minus_us, rng);
  return programmed;
}

double DeviceModel::drifted(double g_us, double t_s) const {
  if (parameters_.drift_nu <= 0 || t_s <= parameters_.drift_t0_s) {
    return g_us;
  }
  return g_us * std::pow(t_s / parameters_.drift_t0_s, -parameters_.drift_nu);
}

double DeviceModel::read(double g_us, double t_s, std::mt19937_64& rng) const {
  const double z = standard_normal(rng);
  const double g_drifted = drifted(g_us, t_s);
  return std::max(0.0, g_drifted * (1.0 + parameters_.read_noise_sigma_relative * z));
}

ConductancePair DeviceModel::read(const ConductancePair& pair, double t_s, std::mt19937_64& rng) const {
  ConductancePair result;
  result.g_plus_us = read(pair.g_plus_us, t_s, rng);
  result.g_minus_us = read(pair.g_minus_us, t_s, rng);
  return result;
}

}  // namespace spinaps::memristor
