#include "workloads/ptycho/frame_file.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "models/io/atomic_file.h"

namespace spinaps::ptycho {
namespace {

void append_float32(std::string& bytes, double value) {
  const auto single = static_cast<float>(value);
  std::uint32_t bits = 0;
  std::memcpy(&bits, &single, sizeof bits);
  for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>((bits >> shift) & 0xFFU));
}

double read_float32(const std::string& bytes, std::size_t offset) {
  std::uint32_t bits = 0;
  for (int n = 0; n < 4; ++n)
    bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + n])) << (8 * n);
  float single = 0.0F;
  std::memcpy(&single, &bits, sizeof single);
  return single;
}

std::string file_name_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string binary_path_for(const std::string& header_path) {
  const std::size_t slash = header_path.find_last_of('/');
  const std::size_t dot = header_path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return header_path + ".bin";
  return header_path.substr(0, dot) + ".bin";
}

nlohmann::ordered_json frame_file_header(const PtychoSimulator& simulator, const std::vector<PtychoFrame>& frames,
                                         const std::string& binary_file, const std::string& command_line) {
  const PtychoConfig& config = simulator.config();
  const std::uint32_t side = config.output_pixels();
  const ScanSummary& scan = simulator.scan_summary();
  nlohmann::ordered_json header;
  header["format"] = kFrameFileFormat;
  header["version"] = kFrameFileVersion;
  header["command_line"] = command_line;
  header["config"] = ptycho_config_to_json(config);
  header["source"] = config.sources;
  header["derived"] = {{"object_pixels", simulator.object().rows},
                       {"output_pixels", side},
                       {"ground_truth_spacing_px", simulator.ground_truth_spacing_px()},
                       {"output_pixel_nm", simulator.ground_truth_spacing_px() * config.object_pixel_nm},
                       {"output_field_of_view_px", side * simulator.ground_truth_spacing_px()},
                       {"probe_fwhm_nm", config.probe.width_px * config.object_pixel_nm},
                       {"reference_phase_rad", simulator.reference_phase_rad()},
                       {"scan_positions", simulator.frame_count()},
                       {"scan_extent_px", scan.extent_px},
                       {"mean_nearest_neighbour_px", scan.mean_nearest_neighbour_px},
                       {"mean_nearest_neighbour_nm", scan.mean_nearest_neighbour_px * config.object_pixel_nm},
                       {"linear_overlap", scan.linear_overlap},
                       {"area_overlap", scan.area_overlap}};
  header["preprocessing"] = "centred " + std::to_string(config.crop_pixels) + "x" + std::to_string(config.crop_pixels) +
                            " crop of the " + std::to_string(config.detector_pixels) + "x" +
                            std::to_string(config.detector_pixels) + " Poisson frame, " +
                            std::to_string(config.binning) + "x" + std::to_string(config.binning) + " " +
                            binning_reduction_name(config.binning_reduction) + " binning to " + std::to_string(side) +
                            "x" + std::to_string(side) + ", linear photon counts (no log or scaling), float32";
  const std::size_t block_bytes = frames.size() * side * side * sizeof(float);
  header["binary"] = {{"file", binary_file},
                      {"dtype", "float32"},
                      {"byte_order", "little"},
                      {"frames", frames.size()},
                      {"shape", {frames.size(), side, side}},
                      {"inputs_offset_bytes", 0},
                      {"phases_offset_bytes", block_bytes},
                      {"size_bytes", 2 * block_bytes},
                      {"phase_unit", "rad"}};
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const PtychoFrame& frame : frames) {
    double input_sum = 0.0;
    for (const double value : frame.input.values) input_sum += value;
    rows.push_back({{"index", frame.index},
                    {"x_px", frame.position.x_px},
                    {"y_px", frame.position.y_px},
                    {"probe_row", frame.probe_row},
                    {"probe_col", frame.probe_col},
                    {"expected_photons", frame.expected_photons},
                    {"detected_photons", frame.detected_photons},
                    {"input_sum", input_sum}});
  }
  header["frames"] = std::move(rows);
  return header;
}

std::string frame_file_payload(const std::vector<PtychoFrame>& frames) {
  std::string bytes;
  std::size_t values = 0;
  for (const PtychoFrame& frame : frames) values += frame.input.size() + frame.phase.size();
  bytes.reserve(values * sizeof(float));
  for (const PtychoFrame& frame : frames) {
    for (const double value : frame.input.values) append_float32(bytes, value);
  }
  for (const PtychoFrame& frame : frames) {
    for (const double value : frame.phase.values) append_float32(bytes, value);
  }
  return bytes;
}

std::string write_frame_file(const std::string& header_path, const PtychoSimulator& simulator,
                             const std::vector<PtychoFrame>& frames, const std::string& command_line) {
  const std::string binary = binary_path_for(header_path);
  const auto header = frame_file_header(simulator, frames, file_name_of(binary), command_line);
  // The payload first: a header never names a binary that is not (yet) there.
  io::write_file_atomically(binary, frame_file_payload(frames));
  io::write_file_atomically(header_path, header.dump(2) + "\n");
  return binary;
}

FrameFile read_frame_file(const std::string& header_path) {
  std::ifstream header_stream(header_path);
  if (!header_stream) throw std::runtime_error(header_path + ": cannot be read");
  FrameFile file;
  file.header = nlohmann::json::parse(header_stream, nullptr, false);
  if (file.header.is_discarded() || !file.header.is_object() || file.header.value("format", "") != kFrameFileFormat ||
      file.header.value("version", 0) != kFrameFileVersion) {
    throw std::runtime_error(header_path + ": not a " + std::string(kFrameFileFormat) + " version " +
                             std::to_string(kFrameFileVersion) + " header");
  }
  const auto& binary = file.header.at("binary");
  const std::size_t frames = binary.at("frames").get<std::size_t>();
  const auto side = binary.at("shape").at(1).get<std::uint32_t>();
  // The binary is looked for beside the header, whatever directory the writer was in.
  const std::string binary_path =
      io::resolve_path(io::directory_of(header_path), file_name_of(binary.at("file").get<std::string>()));
  std::ifstream payload_stream(binary_path, std::ios::binary);
  if (!payload_stream) throw std::runtime_error(binary_path + ": cannot be read");
  const std::string bytes((std::istreambuf_iterator<char>(payload_stream)), std::istreambuf_iterator<char>());
  const std::size_t per_image = static_cast<std::size_t>(side) * side;
  if (bytes.size() != 2 * frames * per_image * sizeof(float)) {
    throw std::runtime_error(binary_path + ": " + std::to_string(bytes.size()) + " bytes; the header describes " +
                             std::to_string(2 * frames * per_image * sizeof(float)));
  }
  for (std::size_t block = 0; block < 2; ++block) {
    auto& images = block == 0 ? file.inputs : file.phases;
    for (std::size_t frame = 0; frame < frames; ++frame) {
      RealImage image(side, side);
      const std::size_t base = ((block * frames + frame) * per_image) * sizeof(float);
      for (std::size_t n = 0; n < per_image; ++n) image.values[n] = read_float32(bytes, base + n * sizeof(float));
      images.push_back(std::move(image));
    }
  }
  return file;
}

}  // namespace spinaps::ptycho
