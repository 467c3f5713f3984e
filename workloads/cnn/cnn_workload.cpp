#include "workloads/cnn/cnn_workload.h"

#include <stdexcept>
#include <utility>

#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"
#include "workloads/cnn/onnx_import.h"
#include "workloads/cnn/ptychonn_original.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/ptycho/frame_file.h"
#include "workloads/ptycho/ptycho_simulator.h"

namespace spinaps::cnn {
namespace {
/// The model's single image input: its name and side (square NCHW with one channel).
std::pair<std::string, std::uint32_t> image_input(const Graph& graph) {
  if (graph.inputs.size() != 1) {
    throw std::invalid_argument(graph.source + ": expected one graph input (the diffraction frame), found " +
                                std::to_string(graph.inputs.size()));
  }
  const Shape& shape = graph.shapes.at(graph.inputs[0]);
  if (shape.size() != 4 || shape[1] != 1 || shape[2] != shape[3]) {
    throw std::invalid_argument(graph.source + ": input '" + graph.inputs[0] + "' is " + to_string(shape) +
                                "; expected a square single-channel image [1,1,N,N]");
  }
  return {graph.inputs[0], static_cast<std::uint32_t>(shape[2])};
}

TensorMap as_input(const std::string& name, std::uint32_t side, const ptycho::RealImage& image) {
  Tensor tensor;
  tensor.shape = {1, 1, side, side};
  tensor.values.assign(image.values.begin(), image.values.end());
  TensorMap map;
  map.emplace(name, std::move(tensor));
  return map;
}

/// One graph input of 784 elements, [1,784] or [1,1,28,28].
bool is_digit_classifier(const Graph& graph) {
  if (graph.inputs.size() != 1) return false;
  const Shape& shape = graph.shapes.at(graph.inputs[0]);
  return element_count(shape) == 784 && (shape == Shape{1, 784} || shape == Shape{1, 1, 28, 28});
}

}  // namespace

CnnWorkloadConfig parse_cnn_workload(config::ConfigNode node, const std::string& config_dir) {
  CnnWorkloadConfig workload;
  const std::string model = node.text("model");
  workload.model = model == kOriginalPtychoNN ? model : io::resolve_path(config_dir, model);
  workload.frames = node.integer_or("frames", 1, 100000, workload.frames);
  workload.frames_file = io::resolve_path(config_dir, node.text_or("frames_file", ""));
  workload.ptycho_config = io::resolve_path(config_dir, node.text_or("ptycho_config", ""));
  workload.stream_rate_hz = node.real_or("stream_rate_hz", 0.0, 1e9, workload.stream_rate_hz);
  node.finish();
  return workload;
}

std::string ptycho_config_file(const CnnWorkloadConfig& workload) {
  return workload.ptycho_config.empty() ? io::data_path("configs/ptycho/ptycho_data.json") : workload.ptycho_config;
}

Graph load_cnn_model(const CnnWorkloadConfig& options, std::uint64_t seed) {
  if (options.model == kOriginalPtychoNN) {
    OriginalPtychoNNOptions original;
    original.seed = seed;
    Graph graph = build_original_ptychonn(original);
    return graph;
  }
  OnnxImportOptions import_options;
  import_options.batch = 1;
  return import_onnx(options.model, import_options);
}

CnnFrames make_cnn_frames(const CnnWorkloadConfig& options, const Graph& graph, std::uint32_t calibration_count) {
  CnnFrames result;
  if (is_digit_classifier(graph)) {
    if (!options.frames_file.empty()) {
      throw std::invalid_argument("workload.frames_file holds ptychography frames; " + graph.source +
                                  " takes 784-pixel digits (the bundled MNIST test digits are used)");
    }
    const data::DatasetSplits digits = data::load_bundled_mnist();
    const std::size_t needed = options.frames + calibration_count;
    if (needed > digits.test.size()) {
      throw std::invalid_argument("workload.frames " + std::to_string(options.frames) +
                                  ": the bundled test split holds " + std::to_string(digits.test.size()) + " digits, " +
                                  std::to_string(calibration_count) + " of them kept for calibration");
    }
    const std::string& name = graph.inputs[0];
    const Shape& shape = graph.shapes.at(name);
    const auto digit = [&](std::size_t index) {
      Tensor tensor;
      tensor.shape = shape;
      const std::uint8_t* pixels = digits.test.image(index);
      for (std::size_t i = 0; i < 784; ++i) tensor.values.push_back(static_cast<float>(pixels[i]) / 255.0F);
      TensorMap map;
      map.emplace(name, std::move(tensor));
      return map;
    };
    for (std::size_t i = 0; i < options.frames; ++i) {
      result.frames.push_back(digit(i));
      result.labels.push_back(digits.test.labels[i]);
    }
    for (std::size_t i = 0; i < calibration_count; ++i) result.calibration.push_back(digit(options.frames + i));
    result.description = "MNIST test digits 0.." + std::to_string(options.frames - 1) + " scaled to [0, 1] (" +
                         digits.description + "), the next " + std::to_string(calibration_count) + " for calibration";
    return result;
  }
  std::vector<TensorMap>& frames = result.frames;
  std::vector<TensorMap>& calibration = result.calibration;
  std::string& description = result.description;
  const auto [name, side] = image_input(graph);
  if (!options.frames_file.empty()) {
    const ptycho::FrameFile file = ptycho::read_frame_file(options.frames_file);
    if (file.inputs.empty() || file.inputs.front().rows != side || file.inputs.front().cols != side) {
      throw std::invalid_argument(options.frames_file + ": frames are not " + std::to_string(side) + "x" +
                                  std::to_string(side) + " (the model's input)");
    }
    const std::size_t total = file.inputs.size();
    if (total < 2) {
      throw std::invalid_argument(options.frames_file + ": expected at least 2 frames (1 for calibration)");
    }
    const std::size_t streamed = std::min<std::size_t>(options.frames, total - 1);
    for (std::size_t i = 0; i < streamed; ++i) {
      frames.push_back(as_input(name, side, file.inputs[i]));
      if (i < file.phases.size()) result.ground_truth_phase.push_back(file.phases[i]);
    }
    // Calibration on frames not streamed (the last ones of the file).
    for (std::size_t i = 0; i < calibration_count && streamed + i < total; ++i) {
      calibration.push_back(as_input(name, side, file.inputs[total - 1 - i]));
    }
    description = options.frames_file + " (" + std::to_string(streamed) + " frames streamed, calibration on the last " +
                  std::to_string(calibration.size()) + ")";
    return result;
  }
  const std::string ptycho_file = ptycho_config_file(options);
  std::vector<std::string> overrides;
  ptycho::PtychoConfig probe_config = ptycho::load_ptycho_config(ptycho_file);
  if (probe_config.crop_pixels % side != 0) {
    throw std::invalid_argument(ptycho_file + ": crop_pixels " + std::to_string(probe_config.crop_pixels) +
                                " is not a multiple of the model's input side " + std::to_string(side));
  }
  overrides.push_back("binning=" + std::to_string(probe_config.crop_pixels / side));
  const std::uint64_t needed = options.frames + calibration_count;
  if (probe_config.scan.points < needed) overrides.push_back("scan.points=" + std::to_string(needed));
  const ptycho::PtychoConfig config = ptycho::load_ptycho_config(ptycho_file, overrides);
  ptycho::PtychoSimulator simulator(config);
  for (std::uint64_t i = 0; i < options.frames; ++i) {
    ptycho::PtychoFrame frame = simulator.frame(i);
    frames.push_back(as_input(name, side, frame.input));
    result.ground_truth_phase.push_back(std::move(frame.phase));
  }
  for (std::uint32_t i = 0; i < calibration_count; ++i) {
    calibration.push_back(as_input(name, side, simulator.frame(options.frames + i).input));
  }
  description = "spinaps ptycho frames from " + io::relative_to_data_root(ptycho_file) + " binned " +
                std::to_string(config.binning) + "x to " + std::to_string(side) + " px: scan points 0.." +
                std::to_string(options.frames - 1) + " streamed, " + std::to_string(calibration_count) +
                " following point(s) for calibration";
  return result;
}

}  // namespace spinaps::cnn
