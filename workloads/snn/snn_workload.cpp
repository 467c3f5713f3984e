#include "workloads/snn/snn_workload.h"

#include "models/io/atomic_file.h"
#include "workloads/har/har_workload.h"

namespace spinaps::snn {

const config::ChoiceTable<Dataset>& dataset_choices() {
  static const config::ChoiceTable<Dataset> kTable(
      "dataset", {{"mnist", Dataset::kMnist, "handwritten digits (the bundled MNIST subset, or IDX files)"},
                  {"har", Dataset::kHar, "human activity (the UCI HAR layout, or SYNTHETIC windows)"}});
  return kTable;
}

SnnWorkloadConfig parse_snn_workload(config::ConfigNode node, const std::string& config_dir) {
  SnnWorkloadConfig workload;
  workload.dataset = dataset_choices().parse(node, "dataset");
  if (workload.dataset == Dataset::kHar && node.has("input_encoding")) {
    workload.har_encoding = har::parse_encoding_config(node.child("input_encoding"));
  }
  if (workload.dataset != Dataset::kHar && node.has("input_encoding")) {
    throw node.error("input_encoding", "is only allowed with \"dataset\": \"har\"");
  }
  node.skip("input_encoding");
  workload.data_dir = io::resolve_path(config_dir, node.text_or("data_dir", ""));
  workload.split = node.choice_or("split", {"train", "test"}, "test");
  workload.samples = static_cast<std::uint32_t>(node.integer("samples", 0, 100000000));
  node.finish();
  return workload;
}

data::DatasetSplits load_snn_dataset(const SnnWorkloadConfig& workload, const std::string& config_file) {
  if (workload.dataset == Dataset::kHar) {
    return har::load_har_workload(workload.har_encoding, workload.data_dir, config_file);
  }
  if (workload.data_dir.empty()) return data::load_bundled_mnist();
  return data::load_idx_directory(workload.data_dir);
}

const data::ImageDataset& pick_split(const data::DatasetSplits& splits, const SnnWorkloadConfig& workload) {
  return workload.split == "train" ? splits.train : splits.test;
}

}  // namespace spinaps::snn
