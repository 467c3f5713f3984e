#include "hw/cnn_accel/accelerator.h"

#include <cmath>
#include <cstring>

namespace spinaps::cnn_accel {
namespace {

std::uint64_t frame_bytes(const cnn::Graph& graph) {
  std::uint64_t bytes = 0;
  for (const std::string& input : graph.inputs) {
    bytes += static_cast<std::uint64_t>(cnn::element_count(graph.shapes.at(input))) * sizeof(float);
  }
  return bytes;
}

}  // namespace

MemristiveAccelerator::MemristiveAccelerator(const sc_core::sc_module_name& name, const AcceleratorConfig& config,
                                             const cnn::Graph& graph, const AcceleratorPlan& plan,
                                             const TileNetwork& network, std::uint64_t frames,
                                             Pipeline::Progress progress)
    : sc_core::sc_module(name),
      frame_port("frame_port"),
      graph_(graph),
      // Quantum 1: frames arrive from SystemC threads at arbitrary times, so the pipeline never
      // runs ahead of SystemC time.
      clock_domain_("clock_domain", config.clock.period_ns(), config.simulation.idle_skipping, 1) {
  frame_port.register_b_transport(this, &MemristiveAccelerator::b_transport);
  if (config.noc.nodes() > 1) {
    mesh_ = std::make_unique<noc::MeshNetwork>(
        config.noc, [this](noc::NodeId destination, const noc::Packet& packet, hw::Cycle arrival) {
          pipeline_->on_delivery(destination, packet, arrival);
        });
  }
  pipeline_ = std::make_unique<Pipeline>(plan, network, mesh_.get(), config.tile.accumulator_bits, std::move(progress));
  pipeline_->expect_frames(frames);
  clock_domain_.add(*pipeline_);
  if (mesh_) clock_domain_.add(*mesh_);
}

void MemristiveAccelerator::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  if (payload.get_address() != kFramePortAddress || !payload.is_write()) return;
  if (payload.get_data_length() != frame_bytes(graph_)) {
    payload.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  // The payload holds each graph input's float32 values back to back.
  cnn::TensorMap inputs;
  const unsigned char* data = payload.get_data_ptr();
  for (const std::string& name : graph_.inputs) {
    cnn::Tensor tensor;
    tensor.shape = graph_.shapes.at(name);
    tensor.values.resize(static_cast<std::size_t>(cnn::element_count(tensor.shape)));
    std::memcpy(tensor.values.data(), data, tensor.values.size() * sizeof(float));
    data += tensor.values.size() * sizeof(float);
    inputs.emplace(name, std::move(tensor));
  }
  const double arrival_ns = (sc_core::sc_time_stamp() + delay).to_seconds() * 1e9;
  const auto arrival = static_cast<hw::Cycle>(std::ceil(arrival_ns / clock_domain_.period_ns() - 1e-9));
  pipeline_->enqueue_frame(std::move(inputs), arrival);
  clock_domain_.wake();
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

FrameSource::FrameSource(const sc_core::sc_module_name& name, const cnn::Graph& graph,
                         const std::vector<cnn::TensorMap>& frames, double rate_hz)
    : sc_core::sc_module(name), socket("socket"), graph_(graph), frames_(frames), rate_hz_(rate_hz) {
  SC_HAS_PROCESS(FrameSource);
  SC_THREAD(run);
}

void FrameSource::run() {
  std::vector<unsigned char> buffer;
  for (std::size_t frame = 0; frame < frames_.size(); ++frame) {
    if (rate_hz_ > 0.0) {
      const sc_core::sc_time due(static_cast<double>(frame) / rate_hz_, sc_core::SC_SEC);
      if (due > sc_core::sc_time_stamp()) wait(due - sc_core::sc_time_stamp());
    }
    buffer.clear();
    for (const std::string& name : graph_.inputs) {
      const cnn::Tensor& tensor = frames_[frame].at(name);
      const auto* bytes = reinterpret_cast<const unsigned char*>(tensor.values.data());
      buffer.insert(buffer.end(), bytes, bytes + tensor.values.size() * sizeof(float));
    }
    tlm::tlm_generic_payload payload;
    payload.set_command(tlm::TLM_WRITE_COMMAND);
    payload.set_address(kFramePortAddress);
    payload.set_data_ptr(buffer.data());
    payload.set_data_length(static_cast<unsigned int>(buffer.size()));
    payload.set_streaming_width(static_cast<unsigned int>(buffer.size()));
    payload.set_byte_enable_ptr(nullptr);
    payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(payload, delay);
    if (payload.is_response_error()) {
      SC_REPORT_ERROR("spinaps/frame_source", payload.get_response_string().c_str());
    }
  }
}

}  // namespace spinaps::cnn_accel
