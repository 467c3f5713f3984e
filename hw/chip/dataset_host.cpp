#include "hw/chip/dataset_host.h"

#include <algorithm>

namespace spinaps::chip {

DatasetHost::DatasetHost(const data::ImageDataset& dataset, std::size_t samples, Progress progress)
    : dataset_(dataset), samples_(std::min(samples, dataset.size())), progress_(std::move(progress)) {
  records_.reserve(samples_);
}

bool DatasetHost::next_job(core::InferenceJob& job, hw::Cycle now) {
  if (next_sample_ >= samples_) {
    return false;
  }
  job.sample_id = next_sample_;
  job.pixels = dataset_.image(next_sample_);
  job.label = dataset_.labels[next_sample_];
  job.ready_cycle = now;  // the test bench's inputs are there when the chip asks
  ++next_sample_;
  return true;
}

void DatasetHost::job_done(const core::InferenceJob& job, const snn::InferenceResult& result, hw::Cycle start_cycle,
                           hw::Cycle end_cycle) {
  records_.push_back({job.sample_id, job.label, result, start_cycle, end_cycle});
  if (progress_) {
    progress_(records_.size(), samples_);
  }
}

}  // namespace spinaps::chip
