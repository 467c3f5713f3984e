#pragma once
// The host: hands the core the images of a dataset one after another (inputs are double-buffered,
// so the next image is ready when the core finishes the previous one) and collects the results.
#include <functional>
#include <vector>

#include "hw/core/inference_job.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::chip {

struct InferenceRecord {
  std::uint64_t sample_id = 0;
  std::uint8_t label = 0;
  snn::InferenceResult result;
  hw::Cycle start_cycle = 0;
  hw::Cycle end_cycle = 0;
  [[nodiscard]] hw::Cycle latency_cycles() const { return end_cycle - start_cycle + 1; }
};

class DatasetHost : public core::InferenceSource {
 public:
  using Progress = std::function<void(std::size_t done, std::size_t total)>;
  DatasetHost(const data::ImageDataset& dataset, std::size_t samples, Progress progress);

  bool next_job(core::InferenceJob& job, hw::Cycle now) override;
  void job_done(const core::InferenceJob& job, const snn::InferenceResult& result, hw::Cycle start_cycle,
                hw::Cycle end_cycle) override;
  [[nodiscard]] std::vector<InferenceRecord>& records() { return records_; }

 private:
  const data::ImageDataset& dataset_;
  std::size_t samples_;
  std::size_t next_sample_ = 0;
  Progress progress_;
  std::vector<InferenceRecord> records_;
};

}  // namespace spinaps::chip
