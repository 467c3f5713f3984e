#include "workloads/cnn/shape_inference.h"

#include <cmath>
#include <set>

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::cnn {

namespace {

/// Reads a node's operands and checks them; every failure names the node.
class NodeChecker {
 public:
  NodeChecker(const Graph& graph, const Node& node) : graph_(graph), node_(node) {}

  [[noreturn]] void fail(const std::string& problem) const { throw_node_error(graph_, node_, problem); }

  void expect_inputs(std::size_t min_count, std::size_t max_count) const {
    const std::size_t count = node_.inputs.size();
    if (count < min_count || count > max_count) {
      fail("has " + std::to_string(count) + " inputs; expected " +
           (min_count == max_count ? std::to_string(min_count)
                                   : std::to_string(min_count) + " to " + std::to_string(max_count)));
    }
  }

  const Shape& shape(std::size_t input) const { return graph_.shapes.at(node_.inputs.at(input)); }

  const Shape& shape_of_rank(std::size_t input, std::size_t rank, const std::string& what) const {
    const Shape& dims = shape(input);
    if (dims.size() != rank) {
      fail("input " + std::to_string(input) + " ('" + node_.inputs[input] + "') has shape " + to_string(dims) +
           "; expected " + what);
    }
    return dims;
  }

  void expect_constant(std::size_t input, const std::string& role) const {
    if (graph_.constants.count(node_.inputs.at(input)) == 0) {
      fail("input " + std::to_string(input) + " ('" + node_.inputs[input] + "') is computed at run time; expected " +
           role + " given as an initialiser or Constant");
    }
  }

 private:
  const Graph& graph_;
  const Node& node_;
};

std::int64_t normalised_axis(const NodeChecker& check, std::int64_t axis, std::int64_t rank, bool inclusive_end) {
  const std::int64_t upper = inclusive_end ? rank : rank - 1;
  const std::int64_t resolved = axis < 0 ? axis + rank : axis;
  if (resolved < 0 || resolved > upper) {
    check.fail("attribute 'axis' is " + std::to_string(axis) + "; expected -" + std::to_string(rank) + " .. " +
               std::to_string(upper) + " for a rank-" + std::to_string(rank) + " input");
  }
  return resolved;
}

/// Resolves SAME auto-padding and returns {out_h, out_w}, failing when the window does not fit.
std::pair<std::int64_t, std::int64_t> window_output(const NodeChecker& check, WindowParams& window, std::int64_t height,
                                                    std::int64_t width, bool ceil_mode) {
  // Bounded so that extents and spans below cannot overflow, whatever a hostile file says.
  constexpr std::int64_t kLargest = std::int64_t{1} << 24;
  const std::int64_t lengths[] = {window.kernel_h, window.kernel_w,   window.stride_h,
                                  window.stride_w, window.dilation_h, window.dilation_w};
  const std::int64_t pads[] = {window.pad_top, window.pad_left, window.pad_bottom, window.pad_right};
  for (const std::int64_t length : lengths) {
    if (length < 1 || length > kLargest) {
      check.fail("kernel, stride or dilation " + std::to_string(length) + "; expected 1 .. " +
                 std::to_string(kLargest));
    }
  }
  for (const std::int64_t pad : pads) {
    if (pad < 0 || pad > kLargest)
      check.fail("pad " + std::to_string(pad) + "; expected 0 .. " + std::to_string(kLargest));
  }
  const std::int64_t extent_h = (window.kernel_h - 1) * window.dilation_h + 1;
  const std::int64_t extent_w = (window.kernel_w - 1) * window.dilation_w + 1;
  if (window.auto_pad != WindowParams::AutoPad::kExplicit) {
    auto resolve = [&](std::int64_t length, std::int64_t stride, std::int64_t extent, std::int64_t& begin,
                       std::int64_t& end) {
      const std::int64_t output = (length + stride - 1) / stride;
      const std::int64_t total = std::max<std::int64_t>(0, (output - 1) * stride + extent - length);
      begin = window.auto_pad == WindowParams::AutoPad::kSameUpper ? total / 2 : total - total / 2;
      end = total - begin;
    };
    resolve(height, window.stride_h, extent_h, window.pad_top, window.pad_bottom);
    resolve(width, window.stride_w, extent_w, window.pad_left, window.pad_right);
    window.auto_pad = WindowParams::AutoPad::kExplicit;
  }
  const std::int64_t out_h = window_output_length(height, window.kernel_h, window.stride_h, window.dilation_h,
                                                  window.pad_top, window.pad_bottom, ceil_mode);
  const std::int64_t out_w = window_output_length(width, window.kernel_w, window.stride_w, window.dilation_w,
                                                  window.pad_left, window.pad_right, ceil_mode);
  if (out_h < 1 || out_w < 1) {
    check.fail("a " + std::to_string(extent_h) + "x" + std::to_string(extent_w) + " window (kernel with dilation) " +
               "does not fit the padded " + std::to_string(height) + "x" + std::to_string(width) +
               " input; expected a kernel no larger than the padded input");
  }
  return {out_h, out_w};
}

Shape broadcast(const NodeChecker& check, const Shape& a, const Shape& b) {
  Shape result(std::max(a.size(), b.size()));
  for (std::size_t i = 0; i < result.size(); ++i) {
    const std::size_t from_end = result.size() - 1 - i;
    const std::int64_t da = from_end < a.size() ? a[a.size() - 1 - from_end] : 1;
    const std::int64_t db = from_end < b.size() ? b[b.size() - 1 - from_end] : 1;
    if (da != db && da != 1 && db != 1) {
      check.fail("shapes " + to_string(a) + " and " + to_string(b) + " do not broadcast; expected equal dimensions " +
                 "or 1 (numpy rules)");
    }
    result[i] = da == 1 ? db : da;
  }
  return result;
}

Shape conv_shape(const NodeChecker& check, Node& node) {
  check.expect_inputs(2, 3);
  auto& params = std::get<ConvParams>(node.params);
  const Shape& x = check.shape_of_rank(0, 4, "an NCHW tensor");
  check.expect_constant(1, "the weights");
  const Shape& w = check.shape_of_rank(1, 4, "weights [M, C/group, kH, kW]");
  const std::int64_t groups = params.groups;
  if (groups < 1 || x[1] % groups != 0 || w[0] % groups != 0 || w[1] * groups != x[1]) {
    check.fail("group " + std::to_string(groups) + " with input channels " + std::to_string(x[1]) + " and weights " +
               to_string(w) + "; expected group >= 1 dividing both channel counts and weights [M, C/group, kH, kW]");
  }
  WindowParams& window = params.window;
  if (window.kernel_h != w[2] || window.kernel_w != w[3]) {
    check.fail("kernel_shape [" + std::to_string(window.kernel_h) + "," + std::to_string(window.kernel_w) +
               "] differs from the weights " + to_string(w) + "; expected the weights' last two dimensions");
  }
  if (node.inputs.size() == 3) {
    check.expect_constant(2, "the bias");
    if (check.shape(2) != Shape{w[0]}) {
      check.fail("bias has shape " + to_string(check.shape(2)) + "; expected [" + std::to_string(w[0]) + "]");
    }
  }
  const auto [out_h, out_w] = window_output(check, window, x[2], x[3], false);
  return {x[0], w[0], out_h, out_w};
}

Shape pool_shape(const NodeChecker& check, Node& node) {
  check.expect_inputs(1, 1);
  auto& params = std::get<PoolParams>(node.params);
  const Shape& x = check.shape_of_rank(0, 4, "an NCHW tensor");
  const auto [out_h, out_w] = window_output(check, params.window, x[2], x[3], params.ceil_mode);
  const WindowParams& window = params.window;
  const std::int64_t extent_h = (window.kernel_h - 1) * window.dilation_h + 1;
  const std::int64_t extent_w = (window.kernel_w - 1) * window.dilation_w + 1;
  // A window lying wholly in the padding would have no pixel to take the maximum of.
  if (std::max(window.pad_top, window.pad_bottom) >= extent_h ||
      std::max(window.pad_left, window.pad_right) >= extent_w) {
    check.fail("pads are as large as the window; expected every pad smaller than the kernel extent");
  }
  return {x[0], x[1], out_h, out_w};
}

Shape resize_shape(const NodeChecker& check, Node& node) {
  check.expect_inputs(1, 1);
  const auto& params = std::get<ResizeParams>(node.params);
  const Shape& x = check.shape_of_rank(0, 4, "an NCHW tensor (only H and W are resized)");
  const bool by_sizes = !params.sizes.empty();
  if ((by_sizes ? params.sizes.size() : params.scales.size()) != 4) {
    check.fail("has neither 4 scales nor 4 sizes; expected one of them for the N, C, H, W axes");
  }
  if (by_sizes ? (params.sizes[0] != x[0] || params.sizes[1] != x[1])
               : (params.scales[0] != 1.0 || params.scales[1] != 1.0)) {
    check.fail("resizes the batch or channel axis of " + to_string(x) + "; expected only H and W to change " +
               "(scale 1 for N and C)");
  }
  Shape output = x;
  for (std::size_t axis = 2; axis < 4; ++axis) {
    if (by_sizes) {
      output[axis] = params.sizes[axis];
    } else {
      // The file's scale, as ONNX defines the output size: floor(input * scale).
      const double length = std::floor(static_cast<double>(x[axis]) * params.scales[axis]);
      output[axis] = length >= 1.0 && length <= static_cast<double>(kMaximumTensorElements)
                         ? static_cast<std::int64_t>(length)
                         : 0;
    }
    if (output[axis] < 1) {
      check.fail("output size along " + std::string(axis == 2 ? "H" : "W") + " is below 1 pixel or too large; " +
                 "expected scales or sizes giving 1 .. " + std::to_string(kMaximumTensorElements) + " pixels");
    }
  }
  return output;
}

Shape gemm_shape(const NodeChecker& check, const Node& node) {
  check.expect_inputs(2, 3);
  const auto& params = std::get<GemmParams>(node.params);
  const Shape& a = check.shape_of_rank(0, 2, "a matrix");
  check.expect_constant(1, "matrix B (the weights)");
  const Shape& b = check.shape_of_rank(1, 2, "a matrix");
  const std::int64_t m = params.transpose_a ? a[1] : a[0];
  const std::int64_t k = params.transpose_a ? a[0] : a[1];
  const std::int64_t kb = params.transpose_b ? b[1] : b[0];
  const std::int64_t n = params.transpose_b ? b[0] : b[1];
  if (k != kb)
    check.fail("A " + to_string(a) + " and B " + to_string(b) + " have inner sizes " + std::to_string(k) + " and " +
               std::to_string(kb) + "; expected equal (after transA/transB)");
  if (node.inputs.size() == 3) {
    check.expect_constant(2, "C (the bias)");
    if (broadcast(check, check.shape(2), {m, n}) != Shape{m, n}) {
      check.fail("C " + to_string(check.shape(2)) + " does not broadcast to [" + std::to_string(m) + "," +
                 std::to_string(n) + "]");
    }
  }
  return {m, n};
}

Shape matmul_shape(const NodeChecker& check) {
  check.expect_inputs(2, 2);
  const Shape& a = check.shape(0);
  check.expect_constant(1, "matrix B (the weights)");
  const Shape& b = check.shape_of_rank(1, 2, "a [K, N] matrix");
  if (a.empty() || a.back() != b[0]) {
    check.fail("A " + to_string(a) + " and B " + to_string(b) + "; expected A's last dimension to equal B's first");
  }
  Shape output = a;
  output.back() = b[1];
  return output;
}

Shape concat_shape(const NodeChecker& check, Node& node) {
  if (node.inputs.empty()) check.fail("has no inputs; expected at least 1");
  auto& params = std::get<AxisParams>(node.params);
  Shape output = check.shape(0);
  params.axis = normalised_axis(check, params.axis, static_cast<std::int64_t>(output.size()), false);
  const auto axis = static_cast<std::size_t>(params.axis);
  for (std::size_t i = 1; i < node.inputs.size(); ++i) {
    const Shape& other = check.shape(i);
    Shape expected = output;
    if (other.size() == output.size()) expected[axis] = other[axis];
    if (other != expected) {
      check.fail("input " + std::to_string(i) + " has shape " + to_string(other) + "; expected " + to_string(expected) +
                 " (equal dimensions except along axis " + std::to_string(axis) + ")");
    }
    output[axis] += other[axis];
  }
  return output;
}

Shape reshape_shape(const NodeChecker& check, const Node& node) {
  check.expect_inputs(1, 1);
  const auto& params = std::get<ReshapeParams>(node.params);
  const Shape& x = check.shape(0);
  Shape output = params.target;
  int inferred = -1;
  std::int64_t known = 1;
  for (std::size_t i = 0; i < output.size(); ++i) {
    if (output[i] == 0 && !params.allow_zero) {
      if (i >= x.size()) check.fail("target shape copies dimension " + std::to_string(i) + " of " + to_string(x));
      output[i] = x[i];
    }
    if (output[i] == -1 && inferred < 0) {
      inferred = static_cast<int>(i);
      continue;
    }
    if (output[i] < 1 || output[i] > kMaximumTensorElements / known) {
      check.fail("target shape " + to_string(params.target) + " is invalid; expected positive dimensions, 0 " +
                 "(copy) and at most one -1 (inferred)");
    }
    known *= output[i];
  }
  const std::int64_t total = element_count(x);
  if (inferred >= 0) {
    if (total % known != 0) check.fail("cannot reshape " + to_string(x) + " to " + to_string(params.target));
    output[static_cast<std::size_t>(inferred)] = total / known;
  } else if (known != total) {
    check.fail("target shape " + to_string(params.target) + " holds " + std::to_string(known) + " elements; expected " +
               std::to_string(total) + " as in the input " + to_string(x));
  }
  return output;
}

Shape node_shape(const Graph& graph, Node& node) {
  const NodeChecker check(graph, node);
  switch (node.kind) {
    case OpKind::kConv:
      return conv_shape(check, node);
    case OpKind::kMaxPool:
      return pool_shape(check, node);
    case OpKind::kResize:
      return resize_shape(check, node);
    case OpKind::kRelu:
    case OpKind::kTanh:
    case OpKind::kSigmoid:
    case OpKind::kIdentity:
      check.expect_inputs(1, 1);
      return check.shape(0);
    case OpKind::kMul:
    case OpKind::kAdd:
      check.expect_inputs(2, 2);
      return broadcast(check, check.shape(0), check.shape(1));
    case OpKind::kGemm:
      return gemm_shape(check, node);
    case OpKind::kMatMul:
      return matmul_shape(check);
    case OpKind::kFlatten: {
      check.expect_inputs(1, 1);
      const Shape& x = check.shape(0);
      auto& params = std::get<AxisParams>(node.params);
      params.axis = normalised_axis(check, params.axis, static_cast<std::int64_t>(x.size()), true);
      const auto split = x.begin() + params.axis;
      return {element_count(Shape(x.begin(), split)), element_count(Shape(split, x.end()))};
    }
    case OpKind::kConcat:
      return concat_shape(check, node);
    case OpKind::kReshape:
      return reshape_shape(check, node);
  }
  check.fail("has an unknown kind");
}

/// Positive dimensions and at most kMaximumTensorElements elements, without overflow.
bool acceptable_shape(const Shape& shape) {
  std::int64_t count = 1;
  for (const std::int64_t dimension : shape) {
    if (dimension < 1 || dimension > kMaximumTensorElements / count) return false;
    count *= dimension;
  }
  return true;
}

}  // namespace

std::int64_t window_output_length(std::int64_t input_length, std::int64_t kernel, std::int64_t stride,
                                  std::int64_t dilation, std::int64_t pad_begin, std::int64_t pad_end, bool ceil_mode) {
  const std::int64_t span = input_length + pad_begin + pad_end - ((kernel - 1) * dilation + 1);
  if (span < 0) return 0;
  std::int64_t output = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  // ceil_mode must not start a window in the end padding (the PyTorch and onnxruntime rule).
  if (ceil_mode && (output - 1) * stride >= input_length + pad_begin) --output;
  return output;
}

void infer_shapes(Graph& graph) {
  for (const auto& [name, tensor] : graph.constants) {
    if (!acceptable_shape(tensor.shape)) {
      throw data::DatasetError(graph.source, "constant '" + name + "' has shape " + to_string(tensor.shape) +
                                                 "; expected positive dimensions");
    }
    if (static_cast<std::int64_t>(tensor.values.size()) != element_count(tensor.shape)) {
      throw data::DatasetError(graph.source, "constant '" + name + "' has " + std::to_string(tensor.values.size()) +
                                                 " values for shape " + to_string(tensor.shape));
    }
    graph.shapes[name] = tensor.shape;
  }
  std::set<std::string> defined(graph.inputs.begin(), graph.inputs.end());
  for (const std::string& input : graph.inputs) {
    const auto found = graph.shapes.find(input);
    if (found == graph.shapes.end() || !acceptable_shape(found->second)) {
      throw data::DatasetError(graph.source, "graph input '" + input + "' has no usable shape; expected positive " +
                                                 "dimensions of at most " + std::to_string(kMaximumTensorElements) +
                                                 " elements");
    }
  }
  for (const auto& [name, tensor] : graph.constants) defined.insert(name);
  for (Node& node : graph.nodes) {
    for (const std::string& input : node.inputs) {
      if (defined.count(input) == 0) {
        throw_node_error(graph, node,
                         "input '" + input + "' is neither a graph input, an initialiser nor the " +
                             "output of an earlier node; expected nodes in topological order");
      }
    }
    if (node.output.empty() || defined.count(node.output) != 0) {
      throw_node_error(graph, node, "output '" + node.output + "' is empty or already defined; expected a new name");
    }
    Shape shape = node_shape(graph, node);
    if (!acceptable_shape(shape)) {
      throw_node_error(graph, node,
                       "output shape " + to_string(shape) + " is too large; expected at most " +
                           std::to_string(kMaximumTensorElements) + " elements");
    }
    graph.shapes[node.output] = std::move(shape);
    defined.insert(node.output);
  }
  for (const std::string& output : graph.outputs) {
    if (defined.count(output) == 0) {
      throw data::DatasetError(graph.source, "graph output '" + output + "' is not produced by any node");
    }
  }
}

}  // namespace spinaps::cnn
