#pragma once
// What the host hands the core: one image to classify, keyed by its sample id (which keys the
// random numbers), and what the core hands back.
#include <cstdint>

#include "hw/common/clocked_component.h"
#include "workloads/snn/inference_result.h"

namespace spinaps::core {

struct InferenceJob {
  std::uint64_t sample_id = 0;
  const std::uint8_t* pixels = nullptr;  ///< one intensity (0..255) per input
  std::uint8_t label = 0;                ///< ground truth, for accuracy only (the core never reads it)
  hw::Cycle ready_cycle = 0;             ///< the first cycle the input is in the input cores' buffers
};

/// The host side: supplies the next job when the core is ready for it.
class InferenceSource {
 public:
  InferenceSource() = default;
  InferenceSource(const InferenceSource&) = delete;
  InferenceSource& operator=(const InferenceSource&) = delete;
  InferenceSource(InferenceSource&&) = delete;
  InferenceSource& operator=(InferenceSource&&) = delete;
  virtual ~InferenceSource() = default;
  /// Returns false when no input is waiting (the chip then idles until input_arrived()).
  virtual bool next_job(InferenceJob& job, hw::Cycle now) = 0;
  /// Called when an inference has finished.
  virtual void job_done(const InferenceJob& job, const snn::InferenceResult& result, hw::Cycle start_cycle,
                        hw::Cycle end_cycle) = 0;
};

}  // namespace spinaps::core
