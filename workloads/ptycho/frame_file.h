#pragma once
// The file pair `spinaps ptycho --out NAME.json` writes, read back by reader code and by numpy:
//   NAME.json  header: format "spinaps-ptycho-frames" version 1, the configuration, its sources,
//              derived geometry, per-frame metadata (position, photons), and the layout of
//   NAME.bin   little-endian IEEE float32, frame-major: all prepared inputs [frames][M][M], then all
//              ground-truth phases [frames][M][M] in rad (M = output_pixels, rows then columns).
// In numpy: np.fromfile("NAME.bin", "<f4").reshape(2, frames, M, M). docs/ptychography.md documents
// every header key.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workloads/ptycho/ptycho_simulator.h"

namespace spinaps::ptycho {

inline constexpr const char* kFrameFileFormat = "spinaps-ptycho-frames";
inline constexpr int kFrameFileVersion = 1;

/// Frames read back from a file pair (metadata as written, images as float32 widened to double).
struct FrameFile {
  nlohmann::json header;
  std::vector<RealImage> inputs;
  std::vector<RealImage> phases;
};

/// The header for `frames` of `simulator`; `binary_file` is the name written into it (the .bin
/// beside the header).
nlohmann::ordered_json frame_file_header(const PtychoSimulator& simulator, const std::vector<PtychoFrame>& frames,
                                         const std::string& binary_file, const std::string& command_line);

/// The float32 payload of `frames` (see the top of this file).
std::string frame_file_payload(const std::vector<PtychoFrame>& frames);

/// Writes NAME.bin then NAME.json (each atomically) for a header path NAME.json; returns the .bin path.
std::string write_frame_file(const std::string& header_path, const PtychoSimulator& simulator,
                             const std::vector<PtychoFrame>& frames, const std::string& command_line);

/// Reads a file pair back. Throws std::runtime_error naming the file when it is missing, is not
/// this format, or the payload size disagrees with the header.
FrameFile read_frame_file(const std::string& header_path);

/// NAME.bin for NAME.json (the extension replaced; appended when there is none).
std::string binary_path_for(const std::string& header_path);

}  // namespace spinaps::ptycho
