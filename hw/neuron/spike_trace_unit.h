#pragma once
// The spike-trace unit: a tau_y-bit shift register per input, the basis-function LUTs indexed by a
// window, and the priority encoder that hands the controller the active rows (inputs whose window
// holds a spike) in ascending order, one grant per cycle at most.
#include <cstdint>
#include <vector>

#include "workloads/snn/network.h"

namespace spinaps::neuron {

struct SpikeTraceCounts {
  std::uint64_t window_shift_bits = 0;  ///< register bits shifted (inputs * tau_y per step)
  std::uint64_t input_spikes = 0;       ///< spikes that entered a window
  std::uint64_t basis_lut_reads = 0;    ///< one per kernel per granted row
  std::uint64_t encoder_grants = 0;     ///< active rows granted
};

class SpikeTraceUnit {
 public:
  explicit SpikeTraceUnit(const snn::QuantisedNetwork& network);

  /// Clears every window (a new inference).
  void clear();
  /// Shifts this step's input spikes (one flag per input) into the windows and arms the encoder.
  void shift_in(const std::vector<std::uint8_t>& spikes);
  /// shift_in when only the inputs listed in `candidates` (ascending) can spike during this
  /// inference: every other window is zero since clear() and stays zero, so only the candidates'
  /// windows are shifted in the model (the counts still cover every input, as the hardware shifts
  /// them all). Other inputs' entries of `spikes` are not read.
  void shift_in(const std::vector<std::uint8_t>& spikes, const std::vector<std::uint32_t>& candidates);
  /// True while the priority encoder has another active row to grant.
  [[nodiscard]] bool has_pending_row() const { return next_grant_ < active_rows_.size(); }
  /// The row the encoder will grant next (valid when has_pending_row()).
  [[nodiscard]] std::uint32_t pending_row() const { return active_rows_[next_grant_]; }
  /// Grants the pending row and reads its K trace values from the basis LUTs into `traces`
  /// (inline: the row pipeline calls it once per active row).
  std::uint32_t grant(std::uint32_t* traces) {
    const std::uint32_t row = active_rows_[next_grant_++];
    read_traces(row, traces);
    count_grants(1);
    return row;
  }
  /// The rows still to be granted this step, in grant order, and how many there are: for a
  /// controller that works out the whole phase at once (it then calls grant_all()).
  [[nodiscard]] const std::uint32_t* pending_rows() const { return active_rows_.data() + next_grant_; }
  [[nodiscard]] std::size_t pending_row_count() const { return active_rows_.size() - next_grant_; }
  /// The K trace values of active row `row` from the basis LUTs (what grant() reads).
  void read_traces(std::uint32_t row, std::uint32_t* traces) const {
    const std::uint32_t window = windows_[row];
    const std::uint32_t kernels = network_.shape.basis_functions;
    for (std::uint32_t k = 0; k < kernels; ++k) traces[k] = network_.trace_lut.at(k, window);
  }
  /// Grants every pending row at once (their traces were read with read_traces).
  void grant_all() {
    count_grants(active_rows_.size() - next_grant_);
    next_grant_ = active_rows_.size();
  }
  [[nodiscard]] const SpikeTraceCounts& counts() const { return counts_; }

 private:
  void count_grants(std::size_t rows) {
    counts_.basis_lut_reads += static_cast<std::uint64_t>(rows) * network_.shape.basis_functions;
    counts_.encoder_grants += rows;
  }

  const snn::QuantisedNetwork& network_;
  std::uint32_t window_mask_;
  std::vector<std::uint32_t> windows_;
  std::vector<std::uint32_t> active_rows_;  ///< what the priority encoder walks this step
  std::size_t next_grant_ = 0;
  SpikeTraceCounts counts_;
};

}  // namespace spinaps::neuron
