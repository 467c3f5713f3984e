#include "tools/report/golden_check.h"

#include "workloads/snn/golden_model.h"

namespace spinaps::report {

std::vector<std::string> compare_with_golden(const snn::LayeredNetwork& network, std::uint64_t seed,
                                             const data::ImageDataset& dataset,
                                             const std::vector<chip::InferenceRecord>& records) {
  const snn::GoldenModel golden(network, seed);
  std::vector<std::string> differences;
  for (const auto& record : records) {
    const snn::InferenceResult expected = golden.infer(dataset.image(record.sample_id), record.sample_id);
    const snn::InferenceResult& actual = record.result;
    std::string what;
    if (expected.decision != actual.decision) what += " decision";
    if (expected.decision_step != actual.decision_step) what += " decision_step";
    if (expected.decided_by_spike != actual.decided_by_spike) what += " decided_by_spike";
    if (expected.steps_run != actual.steps_run) what += " steps_run";
    if (!(expected.spikes == actual.spikes)) what += " spikes";
    if (expected.hidden_spike_digest != actual.hidden_spike_digest) what += " hidden_spikes";
    if (expected.counts != actual.counts) what += " operation_counts";
    if (!what.empty()) {
      differences.push_back("sample " + std::to_string(record.sample_id) + ":" + what);
    }
  }
  return differences;
}

}  // namespace spinaps::report
