// write_uci_har_directory: the UCI HAR layout from a HarSplits, so that tests can build directories
// and a user can inspect generated data with any tool that reads the real data set.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <stdexcept>
#include <tuple>

#include "models/io/atomic_file.h"
#include "workloads/har/har_dataset.h"

namespace spinaps::har {
namespace {

namespace fs = std::filesystem;

/// The labels and subjects of a split, from whichever view it holds (both must agree).
struct SplitIndex {
  const std::vector<std::uint8_t>* labels = nullptr;
  const std::vector<std::uint16_t>* subjects = nullptr;
};

SplitIndex check_split(const HarSplit& split, const std::string& name, bool with_features, bool with_inertial,
                       std::uint32_t features) {
  const std::string where = "write_uci_har_directory: " + name + " split: ";
  if (with_features && with_inertial &&
      (split.features.labels != split.inertial.labels || split.features.subjects != split.inertial.subjects)) {
    throw std::invalid_argument(where +
                                "the feature and inertial views hold different windows (labels or subjects "
                                "differ); expected the same windows in the same order in both views");
  }
  if (with_features) {
    if (split.features.features != features || split.features.values.size() != split.features.size() * features) {
      throw std::invalid_argument(where + "feature view holds " + std::to_string(split.features.values.size()) +
                                  " values for " + std::to_string(split.features.size()) + " windows; expected " +
                                  std::to_string(features) + " features per window in both splits");
    }
  }
  if (with_inertial && split.inertial.values.size() != split.inertial.size() * InertialDataset::kValuesPerWindow) {
    throw std::invalid_argument(where + "inertial view holds " + std::to_string(split.inertial.values.size()) +
                                " values for " + std::to_string(split.inertial.size()) +
                                " windows; expected 9 x 128 "
                                "per window");
  }
  SplitIndex index;
  index.labels = with_features ? &split.features.labels : &split.inertial.labels;
  index.subjects = with_features ? &split.features.subjects : &split.inertial.subjects;
  if (index.subjects->size() != index.labels->size()) {
    throw std::invalid_argument(where + "holds " + std::to_string(index.subjects->size()) + " subject ids for " +
                                std::to_string(index.labels->size()) + " windows; expected one subject id per window");
  }
  for (std::size_t n = 0; n < index.labels->size(); ++n) {
    if ((*index.labels)[n] >= kActivityCount) {
      throw std::invalid_argument(where + "window " + std::to_string(n) + " has class " +
                                  std::to_string((*index.labels)[n]) + "; expected 0..5 (UCI labels 1..6)");
    }
    if ((*index.subjects)[n] < 1 || (*index.subjects)[n] > kMaximumSubjectId) {
      throw std::invalid_argument(where + "window " + std::to_string(n) + " has subject " +
                                  std::to_string((*index.subjects)[n]) + "; expected 1..30 as in UCI HAR");
    }
  }
  return index;
}

void append_float(std::string& text, float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest exact round trip
  text.append(buffer, result.ptr);
}

/// Rows of `columns` floats taken `stride` apart starting at `first`: the X file (stride = columns)
/// or one signal of the inertial view (stride = 9 x 128).
std::string number_rows(const float* first, std::size_t rows, std::size_t columns, std::size_t stride) {
  std::string text;
  text.reserve(rows * columns * 14);
  for (std::size_t row = 0; row < rows; ++row) {
    const float* values = first + row * stride;
    for (std::size_t column = 0; column < columns; ++column) {
      if (column > 0) text += ' ';
      append_float(text, values[column]);
    }
    text += '\n';
  }
  return text;
}

template <typename Integer>
std::string integer_lines(const std::vector<Integer>& values, int offset) {
  std::string text;
  for (const Integer value : values) text += std::to_string(static_cast<int>(value) + offset) + "\n";
  return text;
}

std::string numbered_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (names[k].find_first_of("\r\n") != std::string::npos || names[k].find_first_not_of(" \t") == std::string::npos) {
      throw std::invalid_argument("write_uci_har_directory: name " + std::to_string(k + 1) + " ('" + names[k] +
                                  "') is blank or spans lines; expected a one-line name");
    }
    text += std::to_string(k + 1) + " " + names[k] + "\n";
  }
  return text;
}

void make_directories(const fs::path& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) throw std::runtime_error(path.string() + ": cannot create directory (" + error.message() + ")");
}

}  // namespace

void write_uci_har_directory(const std::string& directory, const HarSplits& splits) {
  const bool with_features = splits.train.features.features > 0 || splits.test.features.features > 0;
  const bool with_inertial = !splits.train.inertial.labels.empty() || !splits.test.inertial.labels.empty();
  if (!with_features && !with_inertial) {
    throw std::invalid_argument("write_uci_har_directory: " + directory +
                                ": both views are empty in both splits; expected features or inertial windows");
  }
  const HarSplit& reference = splits.train;
  const std::uint32_t features = std::max(splits.train.features.features, splits.test.features.features);
  const SplitIndex train = check_split(splits.train, "train", with_features, with_inertial, features);
  const SplitIndex test = check_split(splits.test, "test", with_features, with_inertial, features);

  const fs::path root(directory);
  make_directories(root);
  std::vector<std::string> class_names =
      with_features ? reference.features.class_names : reference.inertial.class_names;
  if (class_names.size() != kActivityCount) class_names = activity_names();
  io::write_file_atomically((root / "activity_labels.txt").string(), numbered_names(class_names));
  if (with_features) {
    std::vector<std::string> names = splits.train.features.feature_names;
    if (names.size() != features) {
      names.clear();
      for (std::uint32_t k = 1; k <= features; ++k) names.push_back("feature_" + std::to_string(k));
    }
    io::write_file_atomically((root / "features.txt").string(), numbered_names(names));
  }
  const std::string& origin = with_features ? reference.features.origin : reference.inertial.origin;
  io::write_file_atomically(
      (root / "README.txt").string(),
      kReadmeOriginPrefix + origin +
          "\nWritten by spinaps in the directory layout of the UCI HAR Dataset (Anguita et al., ESANN 2013).\n" +
          "The first line records where the data came from; see docs/har.md in the spinaps sources.\n");

  for (const auto& [name, split, index] :
       {std::tuple{"train", &splits.train, &train}, std::tuple{"test", &splits.test, &test}}) {
    const std::string split_name = name;
    const fs::path folder = root / split_name;
    make_directories(folder);
    io::write_file_atomically((folder / ("y_" + split_name + ".txt")).string(), integer_lines(*index->labels, 1));
    io::write_file_atomically((folder / ("subject_" + split_name + ".txt")).string(),
                              integer_lines(*index->subjects, 0));
    if (with_features) {
      const FeatureDataset& dataset = split->features;
      io::write_file_atomically((folder / ("X_" + split_name + ".txt")).string(),
                                number_rows(dataset.values.data(), dataset.size(), features, features));
    }
    if (with_inertial) {
      const fs::path signals = folder / "Inertial Signals";
      make_directories(signals);
      const InertialDataset& dataset = split->inertial;
      for (std::uint32_t s = 0; s < kInertialSignalCount; ++s) {
        // An empty split has no data pointer to offset; number_rows then reads nothing.
        const float* first = dataset.size() > 0 ? dataset.signal(0, s) : nullptr;
        io::write_file_atomically(
            (signals / (std::string(kInertialSignalNames[s]) + "_" + split_name + ".txt")).string(),
            number_rows(first, dataset.size(), kWindowSamples, InertialDataset::kValuesPerWindow));
      }
    }
  }
}

}  // namespace spinaps::har
