#include "workloads/snn/first_to_spike.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/rng/counter_rng.h"

namespace spinaps::snn {
namespace {

constexpr std::uint32_t kAlwaysSpikes = 65536;  // threshold above every 16-bit draw

/// log(1 + e^u) without overflow or loss of precision.
double softplus(double u) { return u > 0.0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u)); }

double sigmoid(double u) {
  if (u >= 0.0) return 1.0 / (1.0 + std::exp(-u));
  const double e = std::exp(u);
  return e / (1.0 + e);
}

}  // namespace

void encode_sample(const SnnConfig& shape, const std::uint8_t* pixels, std::uint32_t label, std::uint64_t seed,
                   std::uint64_t sample_id, EncodedSample& sample) {
  const std::uint32_t window_mask = (1U << shape.window_steps) - 1U;
  sample.label = label;
  sample.step_begin.assign(1, 0);
  sample.inputs.clear();
  sample.windows.clear();
  // Only inputs with a non-zero spike probability can ever be active; the others keep window 0,
  // exactly as in the golden model (threshold 0 never beats a draw).
  thread_local std::vector<std::uint32_t> candidates, thresholds, windows;
  candidates.clear();
  thresholds.clear();
  for (std::uint32_t j = 0; j < shape.inputs; ++j) {
    const std::uint32_t threshold = input_threshold(pixels[j], shape.input_max_spike_probability);
    if (threshold == 0) continue;
    candidates.push_back(j);
    thresholds.push_back(threshold);
  }
  windows.assign(candidates.size(), 0);
  for (std::uint32_t step = 1; step <= shape.time_steps; ++step) {
    for (std::size_t n = 0; n < candidates.size(); ++n) {
      const std::uint32_t j = candidates[n];
      const bool spike = thresholds[n] >= kAlwaysSpikes ||
                         rng::draw_u16(seed, rng::Stream::kInputEncoding, sample_id, step, j) < thresholds[n];
      windows[n] = ((windows[n] << 1U) | (spike ? 1U : 0U)) & window_mask;
      if (windows[n] != 0) {
        sample.inputs.push_back(j);
        sample.windows.push_back(windows[n]);
      }
    }
    sample.step_begin.push_back(static_cast<std::uint32_t>(sample.inputs.size()));
  }
}

FloatGlm::FloatGlm(std::uint32_t input_count, std::uint32_t output_count, std::uint32_t kernel_count)
    : inputs(input_count),
      outputs(output_count),
      kernels(kernel_count),
      weights(static_cast<std::size_t>(input_count) * output_count * kernel_count, 0.0),
      bias(output_count, 0.0) {}

void FloatGlm::set_zero() {
  std::fill(weights.begin(), weights.end(), 0.0);
  std::fill(bias.begin(), bias.end(), 0.0);
}

// The first-to-spike likelihood and its gradient.
//
// With q_i(t) = sigmoid(u_i(t)) and correct class c, the probability that c is the first (and
// only) neuron to spike, at step t, is
//     P_t = prod_{t'<t} prod_i (1 - q_i(t'))  *  q_c(t) * prod_{i!=c} (1 - q_i(t)).
// In log space, using log(1 - sigmoid(u)) = -softplus(u) and log sigmoid(u) = u - softplus(u):
//     log P_t = A_t + u_c(t),   A_t = -sum_{t'<=t} sum_i softplus(u_i(t')).
// L = log sum_t P_t = logsumexp_t(log P_t), evaluated by subtracting the largest term.
//
// Gradient. Since d softplus(u)/du = q, d log P_t / d u_i(t') is
//     -q_i(t')                    for t' < t   (neuron i stayed silent at t'),
//     [i == c] - q_i(t')          for t' = t   (c spiked, the others stayed silent),
//     0                           for t' > t   (after the decision).
// With the posterior weights r_t = P_t / sum_s P_s (so dL = sum_t r_t d log P_t):
//     dL/du_i(t') = -q_i(t') * sum_{t>t'} r_t + r_t' * ([i == c] - q_i(t'))
//                 = -q_i(t') * R_t' + [i == c] * r_t',   R_t' = sum_{t>=t'} r_t.
// The potentials are linear in the parameters, so dL/dw[j][i][k] = sum_t dL/du_i(t) * x_jk(t) and
// dL/dgamma_i = sum_t dL/du_i(t).
double first_to_spike_log_likelihood(const Potentials& potentials, std::uint32_t label, Potentials* gradient) {
  const Eigen::Index steps = potentials.rows();
  const Eigen::Index outputs = potentials.cols();
  thread_local std::vector<double> log_p;
  log_p.assign(static_cast<std::size_t>(steps), 0.0);
  double silent = 0.0;  // A_t
  double largest = -std::numeric_limits<double>::infinity();
  for (Eigen::Index t = 0; t < steps; ++t) {
    for (Eigen::Index i = 0; i < outputs; ++i) silent -= softplus(potentials(t, i));
    log_p[static_cast<std::size_t>(t)] = silent + potentials(t, label);
    largest = std::max(largest, log_p[static_cast<std::size_t>(t)]);
  }
  double total = 0.0;
  for (const double value : log_p) total += std::exp(value - largest);
  const double log_likelihood = largest + std::log(total);
  if (gradient != nullptr) {
    gradient->resize(steps, outputs);
    double later = 0.0;  // R_t accumulated from the last step backwards
    for (Eigen::Index t = steps - 1; t >= 0; --t) {
      const double r = std::exp(log_p[static_cast<std::size_t>(t)] - log_likelihood);
      later += r;
      for (Eigen::Index i = 0; i < outputs; ++i) (*gradient)(t, i) = -sigmoid(potentials(t, i)) * later;
      (*gradient)(t, label) += r;
    }
  }
  return log_likelihood;
}

std::vector<double> real_trace_table(const TraceLut& lut) {
  const std::uint32_t patterns = 1U << lut.window_steps;
  std::vector<double> table(static_cast<std::size_t>(patterns) * lut.kernels);
  for (std::uint32_t window = 0; window < patterns; ++window) {
    for (std::uint32_t k = 0; k < lut.kernels; ++k) {
      table[static_cast<std::size_t>(window) * lut.kernels + k] = lut.at(k, window) * lut.lsb;
    }
  }
  return table;
}

double sample_log_likelihood(const FloatGlm& model, const std::vector<double>& trace_table, const EncodedSample& sample,
                             SampleWorkspace& workspace, FloatGlm* gradient) {
  const auto time_steps = static_cast<std::uint32_t>(sample.step_begin.size() - 1);
  const std::uint32_t outputs = model.outputs;
  const std::uint32_t kernels = model.kernels;
  Potentials& u = workspace.potentials;
  u.resize(time_steps, outputs);
  for (std::uint32_t t = 0; t < time_steps; ++t) {
    double* row = &u(t, 0);
    for (std::uint32_t i = 0; i < outputs; ++i) row[i] = model.bias[i];
    for (std::uint32_t n = sample.step_begin[t]; n < sample.step_begin[t + 1]; ++n) {
      const double* trace = &trace_table[static_cast<std::size_t>(sample.windows[n]) * kernels];
      const double* w = &model.weights[static_cast<std::size_t>(sample.inputs[n]) * kernels * outputs];
      for (std::uint32_t k = 0; k < kernels; ++k, w += outputs) {
        const double x = trace[k];
        if (x == 0.0) continue;
        for (std::uint32_t i = 0; i < outputs; ++i) row[i] += w[i] * x;
      }
    }
  }
  if (gradient == nullptr) {
    return first_to_spike_log_likelihood(u, sample.label, nullptr);
  }
  Potentials& du = workspace.gradient;
  const double log_likelihood = first_to_spike_log_likelihood(u, sample.label, &du);
  for (std::uint32_t t = 0; t < time_steps; ++t) {
    const double* row = &du(t, 0);
    for (std::uint32_t i = 0; i < outputs; ++i) gradient->bias[i] += row[i];
    for (std::uint32_t n = sample.step_begin[t]; n < sample.step_begin[t + 1]; ++n) {
      const double* trace = &trace_table[static_cast<std::size_t>(sample.windows[n]) * kernels];
      double* g = &gradient->weights[static_cast<std::size_t>(sample.inputs[n]) * kernels * outputs];
      for (std::uint32_t k = 0; k < kernels; ++k, g += outputs) {
        const double x = trace[k];
        if (x == 0.0) continue;
        for (std::uint32_t i = 0; i < outputs; ++i) g[i] += row[i] * x;
      }
    }
  }
  return log_likelihood;
}

}  // namespace spinaps::snn
