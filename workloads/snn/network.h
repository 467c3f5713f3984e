#pragma once
// A trained, quantised GLM spiking network and the tables derived from it. This is exactly what
// the hardware stores: B-bit two's complement weights (one binary STT cell per bit), integer biases
// in accumulator LSBs, basis-function LUTs indexed by a spike window, and a sigmoid LUT.
//
// Fixed-point semantics (the golden model and the hardware both implement exactly this):
//   window_j(t)   = the last tau_y input spikes of input j, bit 0 = newest. The spike that enters
//                   at step t is drawn with counter step t (it is the input of the instant just
//                   before u(t) is computed, s_j(t-1) in DESIGN-NOTES' numbering), so step 1 already
//                   sees one input spike.
//   trace_jk(t)   = basis_lut[k][window_j(t)]                    (unsigned, trace_bits wide)
//   u_i(t)        = bias_i + sum_{j: window_j != 0} sum_k w[j][i][k] * trace_jk(t)
//                          + sum_k v[i][k] * feedback_lut[k][own_window_i(t)]
//   index_i(t)    = clamp((u_i(t) >> sigmoid_shift) + entries / 2, 0, entries - 1)   (arithmetic shift)
//   spike_i(t)    = rng16(seed, firing, sample, t, i) < sigmoid_lut[index_i(t)]
// The real-valued potential is u_i * weight_lsb * trace_lsb.
#include <cstdint>
#include <string>
#include <vector>

#include "models/rng/counter_rng.h"
#include "workloads/snn/snn_config.h"

namespace spinaps::snn {

/// The real-valued raised-cosine kernels a_k(tau), tau = 1..window_steps (Pillow et al., Nature
/// 2008, use the same family). Kernel k is centred at c_k = 1 + k*d with d = (tau_y-1)/(K-1) and
/// a_k(tau) = 0.5*(1 + cos(pi*(tau-c_k)/d)) for |tau-c_k| < d, else 0 (for K=1: a(tau) = 1).
/// Returned as [k][tau-1].
std::vector<std::vector<double>> raised_cosine_basis(std::uint32_t kernels, std::uint32_t window_steps);

/// LUT of quantised filtered traces: lut[k * 2^window_steps + window] and the LSB in real units.
struct TraceLut {
  std::uint32_t kernels = 0;
  std::uint32_t window_steps = 0;
  double lsb = 0.0;                   ///< real trace value of one LSB
  std::vector<std::uint32_t> values;  ///< kernels * 2^window_steps entries
  [[nodiscard]] std::uint32_t at(std::uint32_t kernel, std::uint32_t window) const {
    return values[(static_cast<std::size_t>(kernel) << window_steps) + window];
  }
};
/// Builds the LUT so that the largest kernel sum maps to 2^trace_bits - 1.
TraceLut build_trace_lut(std::uint32_t kernels, std::uint32_t window_steps, std::uint32_t trace_bits);

/// The sigmoid LUT: probability * 65536 per entry, indexed as documented above.
struct SigmoidLut {
  std::uint32_t shift = 0;               ///< u LSBs per entry = 2^shift
  std::vector<std::uint32_t> threshold;  ///< in [0, 65536]; spike iff rng16 < threshold
  [[nodiscard]] std::uint32_t index(std::int64_t potential) const {
    const std::int64_t half = static_cast<std::int64_t>(threshold.size() / 2);
    std::int64_t entry = (potential >> shift) + half;  // arithmetic shift: floor division
    if (entry < 0) entry = 0;
    const auto last = static_cast<std::int64_t>(threshold.size()) - 1;
    if (entry > last) entry = last;
    return static_cast<std::uint32_t>(entry);
  }
};
/// Chooses the smallest shift such that the LUT spans at least [-range, range) in real units of
/// potential (potential_lsb = weight_lsb * trace_lsb); entry e holds sigmoid at the centre of its bin.
SigmoidLut build_sigmoid_lut(double potential_lsb, double range, std::uint32_t entries);

/// Input encoding: a pixel of intensity p (0..255) spikes in a step iff rng16 < input_threshold(p).
std::uint32_t input_threshold(std::uint8_t pixel, double max_spike_probability);

/// The input spike of `input` entering the windows at `step` (the stimulus both models receive).
inline bool input_spike(std::uint64_t seed, std::uint64_t sample, std::uint32_t step, std::uint32_t input,
                        std::uint32_t threshold) {
  return rng::draw_u16(seed, rng::Stream::kInputEncoding, sample, step, input) < threshold;
}

/// input_spike for many inputs of one sample: the draws' common part, computed once per sample ...
inline std::uint64_t input_spike_prefix(std::uint64_t seed, std::uint64_t sample) {
  return rng::counter_prefix(seed, rng::Stream::kInputEncoding, sample);
}
/// ... and each input's spike from it (the same 16-bit draw as input_spike).
inline bool input_spike_after(std::uint64_t prefix, std::uint32_t step, std::uint32_t input, std::uint32_t threshold) {
  return (rng::draw_u32_after(prefix, step, input) >> 16U) < threshold;
}

struct QuantisedNetwork {
  SnnConfig shape;                     ///< inputs, outputs, K, K_fb, tau_y, B, trace bits
  double weight_lsb = 0.0;             ///< real value of one weight LSB
  std::vector<std::int32_t> weights;   ///< w[(j*outputs + i)*K + k], in [-2^(B-1), 2^(B-1)-1]
  std::vector<std::int32_t> feedback;  ///< v[i*K_fb + k], same range
  std::vector<std::int32_t> bias;      ///< gamma_i in potential LSBs (weight_lsb*trace_lsb)
  TraceLut trace_lut;                  ///< basis kernels for the inputs
  TraceLut feedback_lut;               ///< kernels of the neuron's own history
  SigmoidLut sigmoid;

  [[nodiscard]] std::int32_t weight(std::uint32_t input, std::uint32_t output, std::uint32_t kernel) const {
    return weights[(static_cast<std::size_t>(input) * shape.outputs + output) * shape.basis_functions + kernel];
  }
  [[nodiscard]] double potential_lsb() const { return weight_lsb * trace_lut.lsb; }
  /// Largest |u| that any input can produce; the accumulator must hold it.
  [[nodiscard]] std::int64_t max_abs_potential() const;
};

/// Builds LUTs from the shape and checks every integer against its width.
/// Throws std::runtime_error naming `origin` on any inconsistency.
void finalise_network(QuantisedNetwork& network, const std::string& origin);

}  // namespace spinaps::snn
