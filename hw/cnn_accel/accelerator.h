#pragma once
// The memristive CNN accelerator as a SystemC model: one clock domain ticking the dataflow pipeline
// and the mesh, a TLM-2.0 target socket through which frames arrive (one b_transport write of the
// frame's float32 pixels per frame), and a detector model that writes frames at a fixed rate (or
// all at once, to measure the saturated throughput).
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <systemc>
#include <tlm>
#include <vector>

#include "hw/cnn_accel/pipeline.h"
#include "hw/common/clock_domain.h"

namespace spinaps::cnn_accel {

/// The frame port's address: a write of one frame's input tensors, in graph-input order.
inline constexpr std::uint64_t kFramePortAddress = 0xFFFF000300000000ULL;

class MemristiveAccelerator : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<MemristiveAccelerator> frame_port;

  MemristiveAccelerator(const sc_core::sc_module_name& name, const AcceleratorConfig& config, const cnn::Graph& graph,
                        const AcceleratorPlan& plan, const TileNetwork& network, std::uint64_t frames,
                        Pipeline::Progress progress);

  [[nodiscard]] const Pipeline& pipeline() const { return *pipeline_; }
  /// Reports the pipeline's rows of the frames `sink` wants (null: no tracing). Not owned.
  void trace_rows(PipelineTraceSink* sink) { pipeline_->set_trace(sink); }
  [[nodiscard]] const noc::MeshNetwork* mesh() const { return mesh_.get(); }
  [[nodiscard]] const hw::ClockDomain& clock_domain() const { return clock_domain_; }
  [[nodiscard]] double period_ns() const { return clock_domain_.period_ns(); }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);

  const cnn::Graph& graph_;
  hw::ClockDomain clock_domain_;
  std::unique_ptr<noc::MeshNetwork> mesh_;
  std::unique_ptr<Pipeline> pipeline_;
};

/// The detector: writes frame n at n / rate seconds (all at time 0 when the rate is 0).
class FrameSource : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<FrameSource> socket;
  FrameSource(const sc_core::sc_module_name& name, const cnn::Graph& graph, const std::vector<cnn::TensorMap>& frames,
              double rate_hz);

 private:
  void run();
  const cnn::Graph& graph_;
  const std::vector<cnn::TensorMap>& frames_;
  double rate_hz_;
};

}  // namespace spinaps::cnn_accel
