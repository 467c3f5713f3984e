#include "workloads/har/har_dataset.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "workloads/har/text_table.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::har {

namespace {

namespace fs = std::filesystem;

bool directory_exists(const fs::path& path) {
  std::error_code ignored;
  return fs::is_directory(path, ignored);
}

/// The folder that holds train/ and test/: `directory` itself, or the "UCI HAR Dataset" folder the
/// published zip extracts into.
fs::path find_layout_root(const std::string& directory) {
  fs::path given(directory);
  if (directory_exists(given / "train") || directory_exists(given / "test")) return given;
  if (directory_exists(given / "UCI HAR Dataset")) return given / "UCI HAR Dataset";
  const std::string expectation =
      "expected the UCI HAR Dataset layout (activity_labels.txt, features.txt, train/ and test/), either in this "
      "directory or in its 'UCI HAR Dataset' subdirectory";
  if (!directory_exists(given)) throw data::DatasetError(directory, "is not a readable directory; " + expectation);
  throw data::DatasetError(directory, "has no train/ or test/ subdirectory; " + expectation);
}

std::string lines_text(std::size_t lines) { return std::to_string(lines) + (lines == 1 ? " line" : " lines"); }

/// One file of a split and the number of windows (lines) it holds.
struct CountedFile {
  std::string path;
  std::size_t lines = 0;
};

/// All files of a split must hold the same number of lines. The odd one out is the file whose
/// count differs from most others (the labels file on a tie), so a truncated file is the one named.
void check_line_counts(const std::vector<CountedFile>& files) {
  std::map<std::size_t, std::size_t> files_per_count;
  for (const CountedFile& file : files) ++files_per_count[file.lines];
  if (files_per_count.size() <= 1) return;
  std::size_t majority = files.front().lines;  // the labels file
  for (const auto& [lines, count] : files_per_count) {
    if (count > files_per_count[majority]) majority = lines;
  }
  const auto reference =
      std::find_if(files.begin(), files.end(), [&](const CountedFile& file) { return file.lines == majority; });
  for (const CountedFile& file : files) {
    if (file.lines == majority) continue;
    const std::size_t agreeing = files_per_count[majority] - 1;
    throw data::DatasetError(
        file.path, "holds " + lines_text(file.lines) + " but " + reference->path + " holds " + lines_text(majority) +
                       (agreeing > 0 ? " (as do " + std::to_string(agreeing) + " other files of the split)" : "") +
                       "; expected one line per window in every file of the split");
  }
}

HarSplit load_split(const fs::path& root, const std::string& split, HarViews views,
                    const std::vector<std::string>& class_names, const std::vector<std::string>& feature_names,
                    const std::string& origin, bool synthetic) {
  const fs::path folder = root / split;
  const std::string labels_path = (folder / ("y_" + split + ".txt")).string();
  const std::string subjects_path = (folder / ("subject_" + split + ".txt")).string();
  const std::vector<std::uint32_t> labels = read_integer_lines(
      labels_path, 1, kActivityCount, "one activity label 1..6 per line (UCI HAR y_" + split + ".txt)");
  const std::vector<std::uint32_t> subjects = read_integer_lines(
      subjects_path, 1, kMaximumSubjectId, "one subject id 1..30 per line (UCI HAR subject_" + split + ".txt)");
  std::vector<CountedFile> counted{{labels_path, labels.size()}, {subjects_path, subjects.size()}};

  HarSplit result;
  NumberTable features;
  if (views != HarViews::kInertial) {
    const std::string path = (folder / ("X_" + split + ".txt")).string();
    const auto columns = static_cast<std::uint32_t>(feature_names.size());
    features = read_number_table(path, columns,
                                 std::to_string(columns) +
                                     " feature values per line, one per line of features.txt "
                                     "(UCI HAR X_" +
                                     split + ".txt)");
    counted.push_back({path, features.rows});
  }
  std::vector<NumberTable> signals;
  if (views != HarViews::kFeatures) {
    for (const char* signal_name : kInertialSignalNames) {
      const std::string name = std::string(signal_name) + "_" + split + ".txt";
      const std::string path = (folder / "Inertial Signals" / name).string();
      signals.push_back(
          read_number_table(path, kWindowSamples, "128 samples per line (UCI HAR Inertial Signals/" + name + ")"));
      counted.push_back({path, signals.back().rows});
    }
  }
  check_line_counts(counted);

  std::vector<std::uint8_t> labels_0_based(labels.size());
  std::transform(labels.begin(), labels.end(), labels_0_based.begin(),
                 [](std::uint32_t label) { return static_cast<std::uint8_t>(label - 1); });
  const std::vector<std::uint16_t> subject_ids(subjects.begin(), subjects.end());
  if (views != HarViews::kInertial) {
    FeatureDataset& dataset = result.features;
    dataset.features = static_cast<std::uint32_t>(feature_names.size());
    dataset.values = std::move(features.values);
    dataset.labels = labels_0_based;
    dataset.subjects = subject_ids;
    dataset.class_names = class_names;
    dataset.feature_names = feature_names;
    dataset.origin = origin + ", " + split;
    dataset.synthetic = synthetic;
  }
  if (views != HarViews::kFeatures) {
    InertialDataset& dataset = result.inertial;
    dataset.values.resize(labels.size() * InertialDataset::kValuesPerWindow);
    for (std::size_t n = 0; n < labels.size(); ++n) {
      for (std::uint32_t s = 0; s < kInertialSignalCount; ++s) {
        const float* source = signals[s].values.data() + n * kWindowSamples;
        std::copy(source, source + kWindowSamples,
                  dataset.values.begin() + static_cast<std::ptrdiff_t>(n * InertialDataset::kValuesPerWindow +
                                                                       std::size_t{s} * kWindowSamples));
      }
    }
    dataset.labels = labels_0_based;
    dataset.subjects = subject_ids;
    dataset.class_names = class_names;
    dataset.origin = origin + ", " + split;
    dataset.synthetic = synthetic;
  }
  return result;
}

/// The origin a README.txt written by write_uci_har_directory recorded, or "" for any other README.
std::string recorded_origin(const fs::path& root) {
  const fs::path readme = root / "README.txt";
  std::error_code ignored;
  if (!fs::is_regular_file(readme, ignored)) return "";
  const std::string text = read_text_file(readme.string(), "a README");
  const std::string prefix = kReadmeOriginPrefix;
  if (text.rfind(prefix, 0) != 0) return "";
  const std::size_t end = text.find_first_of("\r\n");
  return text.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
}

}  // namespace

std::vector<std::string> activity_names() {
  return {"WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS", "SITTING", "STANDING", "LAYING"};
}

FeatureDataset FeatureDataset::first(std::size_t count) const {
  if (count >= size()) return *this;
  FeatureDataset prefix = *this;
  prefix.labels.resize(count);
  if (!prefix.subjects.empty()) prefix.subjects.resize(count);
  prefix.values.resize(count * features);
  prefix.origin = origin + " (first " + std::to_string(count) + " of " + std::to_string(size()) + ")";
  return prefix;
}

std::string har_sizes_text(const HarSplits& splits) {
  const auto windows = [](const HarSplit& split) { return std::max(split.features.size(), split.inertial.size()); };
  std::string text =
      std::to_string(windows(splits.train)) + " train / " + std::to_string(windows(splits.test)) + " test windows";
  if (splits.train.features.features > 0) text += ", " + std::to_string(splits.train.features.features) + " features";
  if (!splits.train.inertial.values.empty() || !splits.test.inertial.values.empty()) text += ", inertial 9x128";
  return text;
}

HarSplits load_uci_har_directory(const std::string& directory, HarViews views) {
  const fs::path root = find_layout_root(directory);
  const std::vector<std::string> class_names = read_numbered_names(
      (root / "activity_labels.txt").string(), "6 lines '1 WALKING' .. '6 LAYING' (UCI HAR activity_labels.txt)");
  if (class_names.size() != kActivityCount) {
    throw data::DatasetError(
        (root / "activity_labels.txt").string(),
        "names " + std::to_string(class_names.size()) +
            " activities; expected 6 lines '1 WALKING' .. '6 LAYING' (UCI HAR activity_labels.txt)");
  }
  std::vector<std::string> feature_names;
  if (views != HarViews::kInertial) {
    feature_names = read_numbered_names((root / "features.txt").string(),
                                        "one line '<k> <feature name>' per feature (UCI HAR features.txt)");
    if (feature_names.empty()) {
      throw data::DatasetError((root / "features.txt").string(),
                               "names no features; expected one line '<k> <feature name>' per feature");
    }
  }
  std::string origin = recorded_origin(root);
  const bool synthetic = origin.find("synthetic") != std::string::npos;
  origin = origin.empty() ? "UCI HAR layout at " + root.string() : origin + " (read from " + root.string() + ")";

  HarSplits splits;
  splits.train = load_split(root, "train", views, class_names, feature_names, origin, synthetic);
  splits.test = load_split(root, "test", views, class_names, feature_names, origin, synthetic);
  splits.description = origin + " (" + har_sizes_text(splits) + ")";
  return splits;
}

}  // namespace spinaps::har
