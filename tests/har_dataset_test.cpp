// Tests for the UCI HAR layout: directories written here (by write_uci_har_directory and by hand in
// the published number format) load with the expected shapes, labels and values, and every
// malformed file gives one DatasetError that starts with its path and names the line.
#include "workloads/har/har_dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::har {
namespace {

namespace fs = std::filesystem;

/// 3 train and 2 test windows of 4 features and 9 x 128 samples, every value distinct.
HarSplits small_splits() {
  HarSplits splits;
  const std::vector<std::vector<std::uint8_t>> labels{{0, 5, 3}, {2, 4}};
  const std::vector<std::vector<std::uint16_t>> subjects{{1, 30, 7}, {2, 9}};
  for (std::size_t s = 0; s < 2; ++s) {
    HarSplit& split = s == 0 ? splits.train : splits.test;
    const std::size_t windows = labels[s].size();
    split.features.features = 4;
    for (std::size_t n = 0; n < windows * 4; ++n) {
      split.features.values.push_back(static_cast<float>(s * 100 + n) * 0.37F - 1.5F);
    }
    split.features.labels = labels[s];
    split.features.subjects = subjects[s];
    split.features.class_names = activity_names();
    split.features.feature_names = {"alpha", "beta gamma", "delta()-X", "e"};
    split.features.origin = "synthetic test data";
    split.features.synthetic = true;
    for (std::size_t n = 0; n < windows * InertialDataset::kValuesPerWindow; ++n) {
      split.inertial.values.push_back(std::sin(static_cast<float>(n + s * 7)) * 1.25e-3F * static_cast<float>(n % 97));
    }
    split.inertial.labels = labels[s];
    split.inertial.subjects = subjects[s];
    split.inertial.class_names = activity_names();
    split.inertial.origin = "synthetic test data";
    split.inertial.synthetic = true;
  }
  return splits;
}

class HarDatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device entropy;
    const std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    directory_ = fs::temp_directory_path() / ("spinaps_har_test_" + test_name + "_" + std::to_string(entropy()));
    fs::create_directories(directory_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }
  std::string path(const std::string& relative) const {
    return relative.empty() ? directory_.string() : (directory_ / relative).string();
  }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories(fs::path(path(relative)).parent_path());
    std::ofstream(path(relative), std::ios::binary) << text;
  }
  std::string read(const std::string& relative) const {
    std::ifstream file(path(relative), std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  }
  /// Writes the small splits and expects loading to fail with one error starting with
  /// `bad_file` (relative) and mentioning every string of `problems`.
  void expect_error(const std::string& bad_file, const std::vector<std::string>& problems,
                    HarViews views = HarViews::kBoth) const {
    try {
      load_uci_har_directory(directory_.string(), views);
      ADD_FAILURE() << "no DatasetError; expected one about " << bad_file;
    } catch (const data::DatasetError& error) {
      const std::string message = error.what();
      EXPECT_EQ(error.path(), path(bad_file)) << message;
      EXPECT_EQ(message.rfind(path(bad_file) + ": ", 0), 0U) << message;
      EXPECT_NE(message.find("expected"), std::string::npos) << message;
      for (const std::string& problem : problems) EXPECT_NE(message.find(problem), std::string::npos) << message;
    }
  }
  fs::path directory_;
};

TEST_F(HarDatasetTest, WrittenDirectoryLoadsBackIdentically) {
  const HarSplits written = small_splits();
  write_uci_har_directory(directory_.string(), written);
  for (const char* file :
       {"activity_labels.txt", "features.txt", "README.txt", "train/X_train.txt", "train/y_train.txt",
        "train/subject_train.txt", "test/Inertial Signals/total_acc_z_test.txt"}) {
    EXPECT_TRUE(fs::is_regular_file(path(file))) << file;
  }
  EXPECT_EQ(read("train/y_train.txt"), "1\n6\n4\n");  // UCI labels are 1-based
  const HarSplits loaded = load_uci_har_directory(directory_.string());
  for (const auto& [name, expected, actual] :
       {std::tuple{"train", &written.train, &loaded.train}, std::tuple{"test", &written.test, &loaded.test}}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(actual->features.features, 4U);
    EXPECT_EQ(actual->features.values, expected->features.values);  // shortest float text round-trips exactly
    EXPECT_EQ(actual->features.labels, expected->features.labels);
    EXPECT_EQ(actual->features.subjects, expected->features.subjects);
    EXPECT_EQ(actual->features.feature_names, expected->features.feature_names);
    EXPECT_EQ(actual->features.class_names, activity_names());
    EXPECT_EQ(actual->inertial.values, expected->inertial.values);
    EXPECT_EQ(actual->inertial.labels, expected->inertial.labels);
    EXPECT_EQ(actual->inertial.subjects, expected->inertial.subjects);
    EXPECT_TRUE(actual->features.synthetic);
    EXPECT_TRUE(actual->inertial.synthetic);
    EXPECT_NE(actual->features.origin.find("synthetic test data"), std::string::npos) << actual->features.origin;
  }
  EXPECT_EQ(loaded.train.inertial.signal(1, 6)[0], written.train.inertial.signal(1, 6)[0]);
  EXPECT_NE(loaded.description.find("3 train / 2 test windows, 4 features, inertial 9x128"), std::string::npos)
      << loaded.description;
}

TEST_F(HarDatasetTest, ViewsCanBeLoadedAlone) {
  HarSplits written = small_splits();
  written.train.inertial = {};
  written.test.inertial = {};
  write_uci_har_directory(directory_.string(), written);
  EXPECT_FALSE(fs::exists(path("train/Inertial Signals")));
  const HarSplits features = load_uci_har_directory(directory_.string(), HarViews::kFeatures);
  EXPECT_EQ(features.train.features.size(), 3U);
  EXPECT_EQ(features.train.inertial.size(), 0U);
  expect_error("train/Inertial Signals/body_acc_x_train.txt", {"missing"}, HarViews::kInertial);
}

/// The published files: values like "  2.8858451e-001 -2.0294171e-002" (MATLAB's %e with a
/// three-digit exponent, padded), inside the "UCI HAR Dataset" folder the zip extracts to.
TEST_F(HarDatasetTest, PublishedNumberFormatAndNestedFolderLoad) {
  const std::string root = "UCI HAR Dataset/";
  write(root + "activity_labels.txt",
        "1 WALKING\n2 WALKING_UPSTAIRS\n3 WALKING_DOWNSTAIRS\n4 SITTING\n5 STANDING\n6 LAYING\n");
  write(root + "features.txt", "1 tBodyAcc-mean()-X\n2 tBodyAcc-mean()-Y\n3 tBodyAcc-mean()-Z\n");
  std::string signal_line;
  for (int i = 0; i < 128; ++i) signal_line += (i % 2 == 0 ? "  1.8085150e-004" : " -1.0138560e-002");
  for (const std::string split : {"train", "test"}) {
    // "<root><split>/<stem>_<split>.txt"
    const auto file = [&](std::string stem) {
      stem.append("_").append(split).append(".txt");
      return (fs::path(root) / split / stem).string();
    };
    write(file("X"),
          "  2.8858451e-001 -2.0294171e-002 -1.3290514e-001\r\n  2.7841883e-001 -1.6410568e-002 -1.2352019e-001\r\n");
    write(file("y"), "5\n5\n");
    write(file("subject"), "1\n1\n");
    std::string two_lines = signal_line;
    two_lines += '\n';
    two_lines += signal_line;
    for (const char* signal : kInertialSignalNames) write(file(std::string("Inertial Signals/") + signal), two_lines);
  }
  const HarSplits loaded = load_uci_har_directory(directory_.string());
  EXPECT_EQ(loaded.train.features.size(), 2U);
  EXPECT_EQ(loaded.train.features.features, 3U);
  EXPECT_FLOAT_EQ(loaded.train.features.sample(0)[0], 0.28858451F);
  EXPECT_FLOAT_EQ(loaded.test.features.sample(1)[2], -0.12352019F);
  EXPECT_EQ(loaded.train.features.labels, (std::vector<std::uint8_t>{4, 4}));  // STANDING, 0-based
  EXPECT_EQ(loaded.train.features.class_names[4], "STANDING");
  EXPECT_EQ(loaded.train.features.feature_names[1], "tBodyAcc-mean()-Y");
  EXPECT_FLOAT_EQ(loaded.test.inertial.signal(1, 8)[127], -1.0138560e-2F);
  EXPECT_FALSE(loaded.train.features.synthetic);
  EXPECT_NE(loaded.description.find("UCI HAR layout at"), std::string::npos) << loaded.description;
}

TEST_F(HarDatasetTest, TruncatedFileNamesTheFileAndLine) {
  write_uci_har_directory(directory_.string(), small_splits());
  std::string text = read("train/X_train.txt");
  text.resize(text.size() - 12);  // cut inside the last line
  write("train/X_train.txt", text);
  expect_error("train/X_train.txt", {"line 3", "numbers", "4 feature values per line", "cut short"});
}

TEST_F(HarDatasetTest, FileCutAtALineBoundaryIsTheOneNamed) {
  write_uci_har_directory(directory_.string(), small_splits());
  const std::string text = read("test/Inertial Signals/body_gyro_y_test.txt");
  write("test/Inertial Signals/body_gyro_y_test.txt", text.substr(0, text.find('\n') + 1));
  expect_error("test/Inertial Signals/body_gyro_y_test.txt",
               {"holds 1 line but", "holds 2 lines", "one line per window"});
}

TEST_F(HarDatasetTest, ExtraLabelLineNamesTheLabelFile) {
  write_uci_har_directory(directory_.string(), small_splits());
  write("train/y_train.txt", "1\n6\n4\n2\n");
  expect_error("train/y_train.txt", {"holds 4 lines", "holds 3"});
}

TEST_F(HarDatasetTest, WrongColumnCountNamesTheLine) {
  write_uci_har_directory(directory_.string(), small_splits());
  write("test/X_test.txt", "1 2 3 4\n1 2 3 4 5\n");
  expect_error("test/X_test.txt", {"line 2", "more than 4 numbers", "column 5"});
  write("test/X_test.txt", "1 2 3\n1 2 3 4\n");
  expect_error("test/X_test.txt", {"line 1", "has 3 numbers"});
}

TEST_F(HarDatasetTest, MalformedAndNonFiniteNumbersAreRejected) {
  write_uci_har_directory(directory_.string(), small_splits());
  for (const auto& [token, problem] :
       {std::pair{"1.0.0", "not a number"}, std::pair{"abc", "not a number"}, std::pair{"2.5e-", "not a number"},
        std::pair{"nan", "finite"}, std::pair{"-inf", "finite"}, std::pair{"1e39", "fits a float"}}) {
    SCOPED_TRACE(token);
    write("train/X_train.txt", "1 2 3 4\n5 6 " + std::string(token) + " 8\n9 10 11 12\n");
    expect_error("train/X_train.txt", {"line 2", "column 3", "'" + std::string(token) + "'", problem});
  }
}

TEST_F(HarDatasetTest, BadLabelsAndSubjectsAreRejected) {
  write_uci_har_directory(directory_.string(), small_splits());
  for (const char* labels : {"1\n7\n4\n", "1\n0\n4\n", "1\n-2\n4\n", "1\nWALKING\n4\n", "1\n2 3\n4\n"}) {
    write("train/y_train.txt", labels);
    expect_error("train/y_train.txt", {"line 2", "activity label 1..6"});
  }
  write("train/y_train.txt", "1\n6\n4\n");
  write("test/subject_test.txt", "2\n31\n");
  expect_error("test/subject_test.txt", {"line 2", "'31'", "subject id 1..30"});
}

TEST_F(HarDatasetTest, BlankLinesAreAllowedOnlyAtTheEnd) {
  write_uci_har_directory(directory_.string(), small_splits());
  write("train/y_train.txt", "1\n6\n4\n\n  \n");
  EXPECT_EQ(load_uci_har_directory(directory_.string()).train.features.size(), 3U);
  write("train/y_train.txt", "1\n6\n4");  // no final newline
  EXPECT_EQ(load_uci_har_directory(directory_.string()).train.features.size(), 3U);
  write("train/y_train.txt", "1\n\n6\n4\n");
  expect_error("train/y_train.txt", {"line 2 is blank"});
}

TEST_F(HarDatasetTest, LabelAndFeatureNameFilesAreChecked) {
  write_uci_har_directory(directory_.string(), small_splits());
  write("activity_labels.txt", "1 WALKING\n2 WALKING_UPSTAIRS\n3 WALKING_DOWNSTAIRS\n4 SITTING\n5 STANDING\n");
  expect_error("activity_labels.txt", {"names 5 activities"});
  write("activity_labels.txt", "1 WALKING\n3 WALKING_UPSTAIRS\n");
  expect_error("activity_labels.txt", {"line 2", "'2 <name>'"});
  write_uci_har_directory(directory_.string(), small_splits());
  write("features.txt", "1 a\n2 b\n3 c\n");  // three names: X files hold four columns
  expect_error("train/X_train.txt", {"line 1", "more than 3 numbers"});
}

TEST_F(HarDatasetTest, MissingPiecesAreNamed) {
  expect_error("", {"no train/ or test/"});
  write_uci_har_directory(directory_.string(), small_splits());
  fs::remove(path("test/subject_test.txt"));
  expect_error("test/subject_test.txt", {"missing", "subject id"});
  const std::string absent = path("nowhere");
  try {
    load_uci_har_directory(absent);
    ADD_FAILURE() << "no error for an absent directory";
  } catch (const data::DatasetError& error) {
    EXPECT_EQ(error.path(), absent);
    EXPECT_NE(std::string(error.what()).find("not a readable directory"), std::string::npos) << error.what();
  }
}

TEST_F(HarDatasetTest, WriterRejectsInconsistentSplits) {
  HarSplits splits = small_splits();
  splits.test.inertial.labels[0] = 1;  // the views disagree
  EXPECT_THROW(write_uci_har_directory(directory_.string(), splits), std::invalid_argument);
  splits = small_splits();
  splits.train.features.subjects[1] = 31;
  EXPECT_THROW(write_uci_har_directory(directory_.string(), splits), std::invalid_argument);
  splits = small_splits();
  splits.train.features.values.pop_back();
  EXPECT_THROW(write_uci_har_directory(directory_.string(), splits), std::invalid_argument);
}

TEST(HarFeatureDataset, FirstKeepsAPrefix) {
  const FeatureDataset full = small_splits().train.features;
  const FeatureDataset prefix = full.first(2);
  EXPECT_EQ(prefix.size(), 2U);
  EXPECT_EQ(prefix.values, std::vector<float>(full.values.begin(), full.values.begin() + 8));
  EXPECT_EQ(prefix.subjects, (std::vector<std::uint16_t>{1, 30}));
  EXPECT_NE(prefix.origin.find("first 2 of 3"), std::string::npos) << prefix.origin;
  EXPECT_EQ(full.first(10).size(), 3U);
}

}  // namespace
}  // namespace spinaps::har
