#pragma once
// A small intermediate representation of a feed-forward CNN: float tensors in NCHW order, float
// constants (weights, biases, broadcast operands) and nodes in topological order. The ONNX importer
// and the C++ graph builders produce it; shape inference, the float reference and the per-layer
// summary read it. Everything that only steers an operator (Resize scales, Reshape targets, pads)
// is resolved into the node's parameters, so a node's inputs are always float tensors.
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace spinaps::cnn {

/// Dimensions, outermost first: NCHW for images, [rows, cols] for matrices.
using Shape = std::vector<std::int64_t>;

/// A dense row-major float tensor.
struct Tensor {
  Shape shape;
  std::vector<float> values;
};

/// The most elements one tensor may hold (2^31, 8 GiB of floats): hostile files claiming more are
/// refused before anything is allocated.
inline constexpr std::int64_t kMaximumTensorElements = std::int64_t{1} << 31;

enum class OpKind {
  kConv,
  kRelu,
  kMaxPool,
  kResize,
  kTanh,
  kSigmoid,
  kMul,
  kAdd,
  kGemm,
  kMatMul,
  kFlatten,
  kConcat,
  kReshape,
  kIdentity,
};

/// Spatial window of a convolution or pooling, every length in pixels.
struct WindowParams {
  std::int64_t kernel_h = 1, kernel_w = 1;
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t dilation_h = 1, dilation_w = 1;
  std::int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  /// ONNX auto_pad SAME_UPPER / SAME_LOWER: the pads are computed from the input size by shape
  /// inference (SAME_UPPER puts the odd pixel at the end).
  enum class AutoPad { kExplicit, kSameUpper, kSameLower } auto_pad = AutoPad::kExplicit;
};

struct ConvParams {
  WindowParams window;
  std::int64_t groups = 1;
};

struct PoolParams {
  WindowParams window;
  bool ceil_mode = false;
};

enum class ResizeMode { kNearest, kLinear };
/// How an output pixel index maps to an input coordinate (the ONNX names).
enum class CoordinateMode { kHalfPixel, kPytorchHalfPixel, kAsymmetric, kAlignCorners };
/// How nearest mode rounds the input coordinate.
enum class NearestRounding { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil };

/// Resize of NCHW tensors; exactly one of scales and sizes is set (the other is empty), both for
/// all four axes as in ONNX. Only H and W may change (shape inference checks N and C).
struct ResizeParams {
  ResizeMode mode = ResizeMode::kNearest;
  CoordinateMode coordinates = CoordinateMode::kHalfPixel;
  NearestRounding rounding = NearestRounding::kRoundPreferFloor;
  std::vector<double> scales;
  std::vector<std::int64_t> sizes;
};

/// Y = alpha * op(A) * op(B) + beta * C, inputs A (activation), B (constant), optional C.
struct GemmParams {
  bool transpose_a = false;
  bool transpose_b = false;
  float alpha = 1.0F;
  float beta = 1.0F;
};

/// Flatten and Concat: the axis as written (negative counts from the end); shape inference makes it
/// non-negative.
struct AxisParams {
  std::int64_t axis = 1;
};

/// Reshape target as in ONNX: 0 copies the input dimension (unless allow_zero), -1 is inferred.
struct ReshapeParams {
  Shape target;
  bool allow_zero = false;
};

using NodeParams =
    std::variant<std::monostate, ConvParams, PoolParams, ResizeParams, GemmParams, AxisParams, ReshapeParams>;

struct Node {
  std::string name;     // unique; the ONNX node name, or one made up for unnamed nodes
  std::string op_type;  // as written in the model ("Upsample" and "Resize" both give kResize)
  OpKind kind = OpKind::kIdentity;
  /// Float tensors read: graph inputs, constants or earlier outputs. Conv: X, W, optional B.
  std::vector<std::string> inputs;
  std::string output;
  NodeParams params;
};

struct Graph {
  std::string source;  // the file or builder the graph came from; every error message names it
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::map<std::string, Tensor> constants;
  std::vector<Node> nodes;
  /// Every value's shape (inputs, constants, node outputs); filled by infer_shapes.
  std::map<std::string, Shape> shapes;
};

/// "[1,16,128,128]"
std::string to_string(const Shape& shape);
/// Product of the dimensions (1 for a scalar).
std::int64_t element_count(const Shape& shape);
/// The conventional name of a kind, e.g. "Conv".
std::string op_name(OpKind kind);

/// The node that produces `value`, or nullptr for graph inputs, constants and unknown names.
const Node* producer_of(const Graph& graph, const std::string& value);

/// The error for a problem of one node: data::DatasetError "SOURCE: node 'NAME' (OP): PROBLEM".
[[noreturn]] void throw_node_error(const std::string& source, const std::string& node_name, const std::string& op_type,
                                   const std::string& problem);
[[noreturn]] void throw_node_error(const Graph& graph, const Node& node, const std::string& problem);

}  // namespace spinaps::cnn
