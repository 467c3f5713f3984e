#pragma once
// One SpinAPS core: the STT-RAM subarrays holding the layer's weights bit by bit, the spike-trace
// unit, the GLM neuron unit and the controller that sequences each algorithmic time step:
//   step start (1 cycle)  windows shift, accumulators load their biases
//   rows                  the priority encoder grants active rows; each row read occupies its
//                         subarrays for read_cycles, up to read_buffer_depth rows are in flight,
//                         the MAC lanes take ceil(N*K/L) cycles per row (pipelined with the reads)
//   feedback              ceil(MACs/L) cycles, only for neurons whose own window holds a spike
//   fire                  ceil(N/firing_lanes) cycles: sigmoid LUT, RNG draw, compare
//   decide (1 cycle)      first spike -> decision; stop (early stop) or next step
// The core reports its next busy cycle, so the scheduler skips the cycles in between.
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

class SpinapsCore : public hw::ClockedComponent {
 public:
  SpinapsCore(const CoreConfig& config, const snn::QuantisedNetwork& network, InferenceSource& source);

  void tick(hw::Cycle now) override;
  [[nodiscard]] hw::Cycle next_busy_cycle() const override { return next_busy_; }

  [[nodiscard]] const WeightLayout& layout() const { return layout_; }
  [[nodiscard]] std::uint32_t mac_cycles_per_row() const { return mac_cycles_per_row_; }
  /// Adds this core's action counts (energy-table action names) to `counts`.
  void publish(energy::ActionCounts& counts) const;
  [[nodiscard]] std::uint64_t inferences_done() const { return inferences_done_; }
  /// The weights as the cells hold them after programming (faults included): what a fault-free
  /// golden model must be given to agree with this core.
  [[nodiscard]] snn::QuantisedNetwork programmed_network() const;
  [[nodiscard]] stt::SttFaultCounts fault_counts() const;

 private:
  enum class Phase { kIdle, kStepStart, kRows, kFeedback, kFire, kDecide, kFinished };
  static constexpr std::uint32_t kMaxKernels = 8;
  struct RowRead {
    std::uint32_t row = 0;
    std::array<std::uint32_t, kMaxKernels> traces{};
    hw::Cycle ready = 0;
    std::uint64_t read_index = 0;  ///< keys transient read errors
  };

  void program_weights();
  /// Runs the phase due at `now`; returns true if another phase is due in the same cycle.
  bool step_phase(hw::Cycle now);
  void start_inference(hw::Cycle now);
  void start_step(hw::Cycle now);
  bool run_rows(hw::Cycle now);
  void consume_row(const RowRead& read);
  void finish_inference(hw::Cycle now);
  /// Reports the phase that ran since phase_begin_ to the trace sink and starts timing the next.
  void trace_phase(CorePhase phase, hw::Cycle end);
  [[nodiscard]] bool row_group_free(std::uint32_t row, hw::Cycle now) const;
  [[nodiscard]] hw::Cycle row_group_free_cycle(std::uint32_t row) const;
  [[nodiscard]] snn::OperationCounts snapshot_counts() const;

  CoreConfig config_;
  const snn::QuantisedNetwork& network_;
  InferenceSource& source_;
  WeightLayout layout_;
  std::vector<std::unique_ptr<stt::SttSubarray>> subarrays_;
  neuron::SpikeTraceUnit trace_unit_;
  neuron::GlmNeuronUnit neuron_unit_;
  std::uint32_t mac_cycles_per_row_;

  Phase phase_ = Phase::kIdle;
  hw::Cycle next_busy_ = 0;
  hw::Cycle mac_free_at_ = 0;
  std::deque<RowRead> row_reads_;  ///< issued rows, in issue order (equal latency: also ready order)
  std::vector<std::uint8_t> input_spikes_;
  std::vector<std::uint32_t> input_thresholds_;
  std::vector<std::uint32_t> spiking_;
  std::vector<std::int32_t> row_weights_;  ///< decoded weights of one row, one column group at a time

  InferenceJob job_;
  snn::InferenceResult result_;
  snn::OperationCounts counts_at_start_;
  std::uint32_t step_ = 0;
  hw::Cycle inference_start_ = 0;
  std::uint64_t inferences_done_ = 0;
  std::uint64_t active_cycles_ = 0;
  bool tracing_ = false;       ///< the current inference is traced (config_.trace accepted it)
  hw::Cycle phase_begin_ = 0;  ///< first cycle of the current phase, for the trace only
};

}  // namespace spinaps::core
