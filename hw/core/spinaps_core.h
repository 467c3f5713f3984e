#pragma once
// One SpinAPS core: the STT-RAM subarrays holding one partition of a layer's weights bit by bit
// (rows first_input.. of the layer, neurons first_neuron..), the spike-trace unit, the GLM neuron
// unit and the controller that sequences each algorithmic time step:
//   step start (1 cycle)  windows shift, accumulators load their biases (zero on non-owners)
//   rows                  the priority encoder grants active rows; each row read occupies its
//                         subarrays for read_cycles, up to read_buffer_depth rows are in flight,
//                         the MAC lanes take ceil(N*K/L) cycles per row (pipelined with the reads)
//   non-owner             sends its partial sums to the owner over the NoC, then is done
//   owner: partials       waits for the other row blocks' partial sums; adding one packet takes
//                         ceil(N/L) cycles on the MAC lanes' adders
//   feedback              ceil(MACs/L) cycles, only for neurons whose own window holds a spike
//   fire                  ceil(N/firing_lanes) cycles: sigmoid LUT, RNG draw, compare; the spikes
//                         leave as address events and the core is done with the step
// The chip (CoreLink) starts inferences and steps once every core is done (the barrier), carries
// packets, and makes the decision. The core reports its next busy cycle, so the scheduler skips
// the cycles in between.
#include <array>
#include <deque>
#include <memory>
#include <vector>

#include "hw/common/clocked_component.h"
#include "hw/core/inference_job.h"
#include "hw/core/trace_sink.h"
#include "hw/core/weight_layout.h"
#include "hw/neuron/glm_neuron_unit.h"
#include "hw/neuron/spike_trace_unit.h"
#include "hw/stt/stt_subarray.h"
#include "models/energy/action_counts.h"

namespace spinaps::core {

struct CoreConfig {
  stt::CrossbarConfig crossbar;
  neuron::NeuronUnitConfig neuron;
  std::uint32_t read_cycles = 1;  ///< cycles one row read occupies a subarray (cells + sense amps)
  std::uint64_t seed = 1;
  stt::SttFaultConfig faults;  ///< device faults injected into the subarrays
  std::string config_file;     ///< for error messages
  TraceSink* trace = nullptr;  ///< optional timeline observer (not owned); null: no tracing
};

/// Which part of the network a core holds and what it does with its results.
struct CoreRole {
  std::uint32_t partition = 0;  ///< index in the chip's mapping
  std::uint32_t layer = 0;
  std::uint32_t first_input = 0;          ///< the layer's input index of this core's row 0
  std::uint32_t first_neuron = 0;         ///< the layer's neuron index of this core's neuron 0
  bool owner = true;                      ///< fires its neurons (else sends partial sums to the owner)
  std::uint32_t partial_sum_packets = 0;  ///< partial-sum packets an owner waits for each step
  bool counts_rows = true;                ///< counts algorithmic active rows and input spikes (column block 0 only)
};

class SpinapsCore;

/// The chip around a core.
class CoreLink {
 public:
  CoreLink() = default;
  CoreLink(const CoreLink&) = delete;
  CoreLink& operator=(const CoreLink&) = delete;
  CoreLink(CoreLink&&) = delete;
  CoreLink& operator=(CoreLink&&) = delete;
  virtual ~CoreLink() = default;
  /// A non-owner's accumulators after its rows, for the owner of its neurons.
  virtual void send_partial_sums(const SpinapsCore& core, const std::vector<std::int64_t>& sums, hw::Cycle now) = 0;
  /// An owner's spiking neurons (core-local indices) with their potentials, after firing.
  virtual void send_spikes(const SpinapsCore& core, const std::vector<std::uint32_t>& spiking,
                           const std::vector<std::int64_t>& potentials, hw::Cycle now) = 0;
  /// The core has finished the current step (everything it sends is injected).
  virtual void step_done(const SpinapsCore& core, hw::Cycle now) = 0;
};

class SpinapsCore : public hw::ClockedComponent {
 public:
  /// `network` is this core's partition as a one-layer network (it must outlive the core).
  SpinapsCore(const CoreConfig& config, const snn::QuantisedNetwork& network, const CoreRole& role, CoreLink& link);

  /// A new inference; its first step starts at `now`. `pixels` are the layer-0 inputs (else unused).
  /// `traced`: report this inference's phases and rows to config.trace.
  void begin_inference(std::uint64_t sample_id, const std::uint8_t* pixels, hw::Cycle now, bool traced);
  /// Step `step` starts at `now` (every step after the first).
  void begin_step(std::uint32_t step, hw::Cycle now);
  /// A spike of the previous layer for this core's input `local_input`, for the next step.
  void receive_spike(std::uint32_t local_input);
  /// Partial sums for this owner's neurons from another row block, arriving at `now`.
  void receive_partial_sums(const std::vector<std::int64_t>& sums, hw::Cycle now);
  /// The inference is over (the chip decided).
  void end_inference(hw::Cycle now);

  /// Bits of one weight row of this core's partition: neurons x K x B (neuron-major, then kernel,
  /// then bit, LSB first: the order the host writes them in).
  [[nodiscard]] std::uint32_t row_bits() const;
  /// Programs local row `row` from `bits` (row_bits() bits packed LSB first in bytes): the weight
  /// loading path of the host interface. Stuck cells and failed writes keep their faulty state.
  void program_row(std::uint32_t row, const std::uint8_t* bits);
  /// The row `row` of the partition's weights, packed as program_row() expects (what the host sends).
  [[nodiscard]] std::vector<std::uint8_t> weight_row_bits(std::uint32_t row) const;
  /// Programs every row from the partition's weights directly (the back door tests use when no host
  /// loads the weights).
  void program_weights();
  [[nodiscard]] const CoreRole& role() const { return role_; }
  [[nodiscard]] const snn::QuantisedNetwork& network() const { return network_; }
  /// Potentials summed over the steps (for the decision when no output neuron spiked by T).
  [[nodiscard]] const std::vector<std::int64_t>& potential_sums() const { return neuron_unit_.potential_sums(); }
  /// Algorithmic counts since the inference began (rows and input spikes only if role().counts_rows).
  [[nodiscard]] snn::OperationCounts inference_counts() const;

  void tick(hw::Cycle now) override;
  [[nodiscard]] hw::Cycle next_busy_cycle() const override { return next_busy_; }
  [[nodiscard]] const hw::Cycle* next_busy_field() const override { return &next_busy_; }

  [[nodiscard]] const WeightLayout& layout() const { return layout_; }
  [[nodiscard]] std::uint32_t mac_cycles_per_row() const { return mac_cycles_per_row_; }
  /// Adds this core's action counts (energy-table action names) to `counts`.
  void publish(energy::ActionCounts& counts) const;
  /// The weights as the cells hold them after programming (faults included): what a fault-free
  /// golden model must be given to agree with this core.
  [[nodiscard]] snn::QuantisedNetwork programmed_network() const;
  [[nodiscard]] stt::SttFaultCounts fault_counts() const;

 private:
  enum class Phase { kIdle, kStepStart, kRows, kRowsDone, kSendPartials, kWaitPartials, kFeedback, kFire, kSendSpikes };
  static constexpr std::uint32_t kMaxKernels = 8;
  struct RowRead {
    std::uint32_t row = 0;
    std::uint32_t row_group = 0;  ///< row / rows_per_subarray
    std::uint32_t local_row = 0;  ///< row % rows_per_subarray
    std::array<std::uint32_t, kMaxKernels> traces{};
    hw::Cycle ready = 0;
    std::uint64_t read_index = 0;  ///< keys transient read errors
  };

  /// Runs the phase due at `now`; returns true if another phase is due in the same cycle.
  bool step_phase(hw::Cycle now);
  void start_step();
  /// Runs the row pipeline from `now` to the end of the phase (see the .cpp for why that is exact).
  bool run_rows(hw::Cycle now);
  /// Grants and multiplies every pending row at once, with the cycles advance_rows would give
  /// them; returns the cycle the phase ends.
  hw::Cycle rows_end_cycle(hw::Cycle now);
  /// One cycle of the row pipeline; true when the rows are done at `now`, else next_busy_ is the
  /// next cycle at which something can happen.
  bool advance_rows(hw::Cycle now);
  /// Hands over from the rows to the phase after them at `now`.
  bool finish_rows(hw::Cycle now);
  bool wait_partials(hw::Cycle now);
  void consume_row(const RowRead& read);
  /// The MAC lanes' work on one column group's part of a row read.
  void consume_column_group(const RowRead& read, std::uint32_t column_group);
  /// Reports the phase that ran since phase_begin_ to the trace sink and starts timing the next.
  void trace_phase(CorePhase phase, hw::Cycle end);
  [[nodiscard]] bool row_group_free(std::uint32_t row, hw::Cycle now) const;
  [[nodiscard]] hw::Cycle row_group_free_cycle(std::uint32_t row) const;
  [[nodiscard]] snn::OperationCounts snapshot_counts() const;

  CoreConfig config_;
  const snn::QuantisedNetwork& network_;
  CoreRole role_;
  CoreLink& link_;
  WeightLayout layout_;
  std::vector<std::unique_ptr<stt::SttSubarray>> subarrays_;
  neuron::SpikeTraceUnit trace_unit_;
  neuron::GlmNeuronUnit neuron_unit_;
  std::uint32_t mac_cycles_per_row_;

  Phase phase_ = Phase::kIdle;
  hw::Cycle next_busy_ = 0;
  hw::Cycle mac_free_at_ = 0;
  std::vector<hw::Cycle> mac_starts_;  ///< rows_end_cycle: MAC start of the last read_buffer_depth rows
  std::deque<RowRead> row_reads_;      ///< issued rows, in issue order (equal latency: also ready order)
  std::vector<std::uint8_t> input_spikes_;
  std::vector<std::uint8_t> next_input_spikes_;  ///< previous-layer spikes received for the next step
  std::uint32_t partial_packets_received_ = 0;
  hw::Cycle partial_adders_free_at_ = 0;
  std::uint64_t partial_sum_adds_ = 0;
  std::uint64_t partial_sum_packets_sent_ = 0;
  std::vector<std::uint32_t> input_thresholds_;
  std::vector<std::uint32_t> encoded_inputs_;  ///< layer 0: the inputs whose threshold is not zero (ascending)
  std::array<std::uint32_t, 256> threshold_of_pixel_{};  ///< snn::input_threshold of each 8-bit pixel
  std::uint64_t input_prefix_ = 0;                       ///< snn::input_spike_prefix of the sample
  std::vector<std::uint32_t> spiking_;
  std::vector<std::uint32_t> group_first_neuron_;  ///< per column group: its first neuron
  std::vector<std::uint32_t> group_neurons_;       ///< per column group: how many neurons it holds
  std::vector<std::int32_t> row_weights_;          ///< decoded weights of one row, one column group at a time

  std::uint64_t sample_id_ = 0;
  snn::OperationCounts counts_at_start_;
  std::uint32_t step_ = 0;
  hw::Cycle inference_start_ = 0;
  std::uint64_t inferences_done_ = 0;
  std::uint64_t active_cycles_ = 0;
  bool tracing_ = false;       ///< the current inference is traced (config_.trace is set on this core)
  hw::Cycle phase_begin_ = 0;  ///< first cycle of the current phase, for the trace only
};

}  // namespace spinaps::core
