#pragma once
// Multi-level memristive devices (RRAM, PCM) holding signed weights on differential pairs: the
// parameters from models/memristor/devices.json, the weight -> conductance mapping (one pair, or
// sliced across pairs), programming with variability and stuck-at devices, drift and read noise,
// and the weight read back. Shared by the analog tiles and the device-aware training study; pure
// C++ (no SystemC). Equations and sources: docs/memristor.md.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace spinaps::memristor {

/// One device type. A value no source gave is 0 and means "not modelled".
struct DeviceParameters {
  std::string name;
  std::string technology;  ///< "rram" or "pcm"
  std::string source;
  /// Target conductances per device, Gmin..Gmax evenly spaced; 0 = analog (any conductance in
  /// [Gmin, Gmax] is a target; sources of write-verify devices publish no level count).
  std::uint32_t levels = 0;
  double g_min_us = 0.0;
  double g_max_us = 0.0;
  /// Programming spread: in level steps (needs levels >= 2), or absolute; at most one is non-zero.
  double programming_sigma_levels = 0.0;
  double programming_sigma_us = 0.0;
  double read_noise_sigma_relative = 0.0;  ///< std dev of one read, relative to the conductance
  double stuck_at_gmin_rate = 0.0;         ///< fraction of devices stuck at Gmin
  double stuck_at_gmax_rate = 0.0;         ///< fraction of devices stuck at Gmax
  double drift_nu = 0.0;                   ///< PCM drift exponent; 0 = no drift
  double drift_t0_s = 0.0;                 ///< time after programming at which G = G0
  // Descriptive (used by the tiles' energy/area model, not by this model).
  double read_voltage_v = 0.0;
  double read_pulse_ns = 0.0;
  double program_pulse_ns = 0.0;
  double program_energy_pj_per_pulse = 0.0;
  double cell_area_f2 = 0.0;
  double reference_node_nm = 0.0;

  /// Gmax - Gmin over levels - 1; 0 for an analog device.
  [[nodiscard]] double level_step_us() const;
  /// The programming standard deviation in uS, whichever way it was given.
  [[nodiscard]] double programming_sigma_in_us() const;
};

/// Throws std::invalid_argument naming the device and the field when a value is out of range or
/// two fields disagree (for parameters built in code, e.g. a sweep point).
void validate(const DeviceParameters& parameters);

/// models/memristor/devices.json of this source tree.
std::string default_devices_file();
/// Reads and checks one device of a devices file; throws config::ConfigError naming the file and
/// the key (unknown keys, missing `source`, out-of-range values, an unknown device name).
DeviceParameters load_device(const std::string& file, const std::string& device);
/// Reads and checks every device of the file (in name order: the JSON object is read unordered).
std::vector<DeviceParameters> load_devices(const std::string& file);

/// Deterministic samplers on raw 64-bit draws (std::*_distribution output is implementation-defined).
/// A uniform double in (0, 1]: the top 53 bits of one draw.
double uniform_open_closed(std::mt19937_64& rng);
/// A standard normal from exactly two draws (Box-Muller, cosine branch only, nothing cached).
double standard_normal(std::mt19937_64& rng);

/// The two conductances of a signed weight: G+ - G- carries it; the idle device sits at Gmin.
struct ConductancePair {
  double g_plus_us = 0.0;
  double g_minus_us = 0.0;
};

class DeviceModel {
 public:
  /// Validates the parameters (std::invalid_argument when they are not valid).
  explicit DeviceModel(DeviceParameters parameters);

  [[nodiscard]] const DeviceParameters& parameters() const { return parameters_; }
  /// The N target conductances, Gmin first; empty for an analog device.
  [[nodiscard]] std::vector<double> target_conductances_us() const;

  /// w in [-w_max, w_max] (clamped) onto one pair, at the nearest level (or exactly, analog).
  [[nodiscard]] ConductancePair quantise(double weight, double w_max) const;
  /// The weight a pair holds: (G+ - G-) / (Gmax - Gmin) * w_max.
  [[nodiscard]] double weight_of(const ConductancePair& pair, double w_max) const;

  /// Pairs needed for a signed `weight_bits` integer weight: the least S with levels^S - 1 >=
  /// 2^(weight_bits-1) - 1 (needs levels >= 2).
  [[nodiscard]] std::uint32_t slice_count(std::uint32_t weight_bits) const;
  /// w quantised to q = round(w / w_max * (2^(weight_bits-1) - 1)), |q| written in base `levels`
  /// across slice_count pairs, least significant first, every slice with the sign of q.
  [[nodiscard]] std::vector<ConductancePair> slice(double weight, double w_max, std::uint32_t weight_bits) const;
  /// The weight sliced pairs hold: sum_s levels^s (G+_s - G-_s) / step, times w_max / (2^(bits-1) - 1).
  [[nodiscard]] double weight_of(const std::vector<ConductancePair>& slices, double w_max,
                                 std::uint32_t weight_bits) const;

  /// Programs one device towards `target_us`. Always takes three draws, in this order: one uniform
  /// u (u <= stuck_at_gmin_rate: stuck at Gmin; else u <= both rates: stuck at Gmax), then one
  /// normal z; otherwise G = clip(target + sigma z, Gmin, Gmax). Equal draw counts keep the
  /// noise of a seed the same across parameter sweeps.
  [[nodiscard]] double program(double target_us, std::mt19937_64& rng) const;
  /// The same, also saying whether the device came out stuck (the fault map a report counts).
  enum class Fault { kNone, kStuckAtGmin, kStuckAtGmax };
  [[nodiscard]] double program(double target_us, std::mt19937_64& rng, Fault& fault) const;
  /// G+ first, then G-.
  [[nodiscard]] ConductancePair program(const ConductancePair& target, std::mt19937_64& rng) const;

  /// The drifted conductance t_s after programming: G0 (t/t0)^-nu for t > t0, G0 otherwise.
  [[nodiscard]] double drifted(double g_us, double t_s) const;
  /// One read t_s after programming: drift, then G (1 + sigma_read z), floored at 0. Takes one
  /// normal (two draws) always.
  [[nodiscard]] double read(double g_us, double t_s, std::mt19937_64& rng) const;
  [[nodiscard]] ConductancePair read(const ConductancePair& pair, double t_s, std::mt19937_64& rng) const;

 private:
  DeviceParameters parameters_;
};

}  // namespace spinaps::memristor
