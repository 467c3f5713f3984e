#include "workloads/cnn/reference_kernels.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

namespace spinaps::cnn::kernels {

namespace {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Index = Eigen::Index;

Tensor zeros(const Shape& shape) {
  return Tensor{shape, std::vector<float>(static_cast<std::size_t>(element_count(shape)))};
}

/// Row-major strides of `shape` placed at the end of `rank` axes, 0 where it broadcasts.
std::vector<std::int64_t> broadcast_strides(const Shape& shape, std::size_t rank) {
  std::vector<std::int64_t> strides(rank, 0);
  std::int64_t stride = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const std::size_t axis = shape.size() - 1 - i;
    const std::size_t target = rank - 1 - i;
    strides[target] = shape[axis] == 1 ? 0 : stride;
    stride *= shape[axis];
  }
  return strides;
}

/// The values of `x` broadcast to `shape`.
std::vector<float> expand(const Tensor& x, const Shape& shape) {
  if (x.shape == shape) return x.values;
  const std::vector<std::int64_t> strides = broadcast_strides(x.shape, shape.size());
  std::vector<float> result(static_cast<std::size_t>(element_count(shape)));
  std::vector<std::int64_t> index(shape.size(), 0);
  std::int64_t offset = 0;
  for (float& value : result) {
    value = x.values[static_cast<std::size_t>(offset)];
    for (std::size_t axis = shape.size(); axis-- > 0;) {  // odometer over the output index
      offset += strides[axis];
      if (++index[axis] < shape[axis]) break;
      offset -= strides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return result;
}

}  // namespace

Tensor conv(const Tensor& x, const Tensor& weights, const Tensor* bias, const ConvParams& params,
            const Shape& output_shape) {
  const WindowParams& w = params.window;
  const std::int64_t batch = x.shape[0], channels = x.shape[1], height = x.shape[2], width = x.shape[3];
  const std::int64_t outputs = weights.shape[0], out_h = output_shape[2], out_w = output_shape[3];
  const std::int64_t group_channels = channels / params.groups, group_outputs = outputs / params.groups;
  const std::int64_t taps = group_channels * w.kernel_h * w.kernel_w;  // rows of the im2col matrix
  const std::int64_t pixels = out_h * out_w;
  Tensor y = zeros(output_shape);
  RowMajorMatrix columns(taps, pixels);
  for (std::int64_t n = 0; n < batch; ++n) {
    for (std::int64_t g = 0; g < params.groups; ++g) {
      for (std::int64_t c = 0; c < group_channels; ++c) {
        const float* plane = x.values.data() + ((n * channels) + g * group_channels + c) * height * width;
        for (std::int64_t ky = 0; ky < w.kernel_h; ++ky) {
          for (std::int64_t kx = 0; kx < w.kernel_w; ++kx) {
            float* row = columns.data() + ((c * w.kernel_h + ky) * w.kernel_w + kx) * pixels;
            for (std::int64_t oy = 0; oy < out_h; ++oy) {
              const std::int64_t iy = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
              for (std::int64_t ox = 0; ox < out_w; ++ox) {
                const std::int64_t ix = ox * w.stride_w - w.pad_left + kx * w.dilation_w;
                const bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                row[oy * out_w + ox] = inside ? plane[iy * width + ix] : 0.0F;
              }
            }
          }
        }
      }
      const Eigen::Map<const RowMajorMatrix> kernel(weights.values.data() + g * group_outputs * taps, group_outputs,
                                                    taps);
      Eigen::Map<RowMajorMatrix> out(y.values.data() + (n * outputs + g * group_outputs) * pixels, group_outputs,
                                     pixels);
      out.noalias() = kernel * columns;
      if (bias != nullptr) {
        const Eigen::Map<const Eigen::VectorXf> offsets(bias->values.data() + g * group_outputs, group_outputs);
        out.colwise() += offsets;
      }
    }
  }
  return y;
}

Tensor max_pool(const Tensor& x, const PoolParams& params, const Shape& output_shape) {
  const WindowParams& w = params.window;
  const std::int64_t planes = x.shape[0] * x.shape[1], height = x.shape[2], width = x.shape[3];
  const std::int64_t out_h = output_shape[2], out_w = output_shape[3];
  Tensor y = zeros(output_shape);
  for (std::int64_t p = 0; p < planes; ++p) {
    const float* plane = x.values.data() + p * height * width;
    for (std::int64_t oy = 0; oy < out_h; ++oy) {
      for (std::int64_t ox = 0; ox < out_w; ++ox) {
        float best = -std::numeric_limits<float>::infinity();  // padding never wins
        for (std::int64_t ky = 0; ky < w.kernel_h; ++ky) {
          const std::int64_t iy = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
          if (iy < 0 || iy >= height) continue;
          for (std::int64_t kx = 0; kx < w.kernel_w; ++kx) {
            const std::int64_t ix = ox * w.stride_w - w.pad_left + kx * w.dilation_w;
            if (ix >= 0 && ix < width) best = std::max(best, plane[iy * width + ix]);
          }
        }
        y.values[static_cast<std::size_t>((p * out_h + oy) * out_w + ox)] = best;
      }
    }
  }
  return y;
}

double source_coordinate(CoordinateMode mode, std::int64_t index, std::int64_t input_length, std::int64_t output_length,
                         double scale) {
  const auto i = static_cast<double>(index);
  switch (mode) {
    case CoordinateMode::kHalfPixel:
      return (i + 0.5) / scale - 0.5;
    case CoordinateMode::kPytorchHalfPixel:
      return output_length > 1 ? (i + 0.5) / scale - 0.5 : 0.0;
    case CoordinateMode::kAsymmetric:
      return i / scale;
    case CoordinateMode::kAlignCorners:
      return output_length == 1 ? 0.0
                                : i * static_cast<double>(input_length - 1) / static_cast<double>(output_length - 1);
  }
  return 0.0;
}

namespace {

/// Per output index along one axis: the two input indices and the weight of the second.
struct AxisTaps {
  std::vector<std::int64_t> first, second;
  std::vector<double> weight;
};

std::int64_t round_nearest(double x, NearestRounding rounding) {
  const double floor = std::floor(x);
  const double fraction = x - floor;
  switch (rounding) {
    case NearestRounding::kRoundPreferFloor:
      return static_cast<std::int64_t>(fraction <= 0.5 ? floor : floor + 1.0);
    case NearestRounding::kRoundPreferCeil:
      return static_cast<std::int64_t>(fraction < 0.5 ? floor : floor + 1.0);
    case NearestRounding::kFloor:
      return static_cast<std::int64_t>(floor);
    case NearestRounding::kCeil:
      return static_cast<std::int64_t>(std::ceil(x));
  }
  return 0;
}

AxisTaps axis_taps(const ResizeParams& params, std::int64_t input_length, std::int64_t output_length,
                   std::size_t axis) {
  // With sizes, ONNX defines the scale as output / input.
  const double scale = params.scales.empty() ? static_cast<double>(output_length) / static_cast<double>(input_length)
                                             : params.scales[axis];
  const double last = static_cast<double>(input_length - 1);
  AxisTaps taps;
  for (std::int64_t o = 0; o < output_length; ++o) {
    // Clamped first: the ONNX reference and PyTorch both repeat the edge pixel outside the input.
    const double x =
        std::clamp(source_coordinate(params.coordinates, o, input_length, output_length, scale), 0.0, last);
    if (params.mode == ResizeMode::kNearest) {
      const std::int64_t index = std::clamp<std::int64_t>(round_nearest(x, params.rounding), 0, input_length - 1);
      taps.first.push_back(index);
      taps.second.push_back(index);
      taps.weight.push_back(0.0);
    } else {
      const auto lower = static_cast<std::int64_t>(std::floor(x));
      taps.first.push_back(lower);
      taps.second.push_back(std::min(lower + 1, input_length - 1));
      taps.weight.push_back(x - static_cast<double>(lower));
    }
  }
  return taps;
}

}  // namespace

Tensor resize(const Tensor& x, const ResizeParams& params, const Shape& output_shape) {
  const std::int64_t planes = x.shape[0] * x.shape[1], height = x.shape[2], width = x.shape[3];
  const std::int64_t out_h = output_shape[2], out_w = output_shape[3];
  const AxisTaps rows = axis_taps(params, height, out_h, 2);
  const AxisTaps cols = axis_taps(params, width, out_w, 3);
  Tensor y = zeros(output_shape);
  for (std::int64_t p = 0; p < planes; ++p) {
    const float* plane = x.values.data() + p * height * width;
    for (std::int64_t oy = 0; oy < out_h; ++oy) {
      const float* top = plane + rows.first[oy] * width;
      const float* bottom = plane + rows.second[oy] * width;
      const double wy = rows.weight[oy];
      for (std::int64_t ox = 0; ox < out_w; ++ox) {
        const std::int64_t left = cols.first[ox], right = cols.second[ox];
        const double wx = cols.weight[ox];
        const double upper = (1.0 - wx) * top[left] + wx * top[right];
        const double lower = (1.0 - wx) * bottom[left] + wx * bottom[right];
        y.values[static_cast<std::size_t>((p * out_h + oy) * out_w + ox)] =
            static_cast<float>((1.0 - wy) * upper + wy * lower);
      }
    }
  }
  return y;
}

Tensor binary(OpKind kind, const Tensor& a, const Tensor& b, const Shape& output_shape) {
  const std::vector<float> left = expand(a, output_shape);
  const std::vector<float> right = expand(b, output_shape);
  Tensor y = zeros(output_shape);
  for (std::size_t i = 0; i < y.values.size(); ++i) {
    y.values[i] = kind == OpKind::kMul ? left[i] * right[i] : left[i] + right[i];
  }
  return y;
}

Tensor gemm(const Tensor& a, const Tensor& b, const Tensor* c, const GemmParams& params, const Shape& output_shape) {
  const Eigen::Map<const RowMajorMatrix> a_stored(a.values.data(), a.shape[0], a.shape[1]);
  const Eigen::Map<const RowMajorMatrix> b_stored(b.values.data(), b.shape[0], b.shape[1]);
  const RowMajorMatrix op_a = params.transpose_a ? RowMajorMatrix(a_stored.transpose()) : RowMajorMatrix(a_stored);
  const RowMajorMatrix op_b = params.transpose_b ? RowMajorMatrix(b_stored.transpose()) : RowMajorMatrix(b_stored);
  Tensor y = zeros(output_shape);
  Eigen::Map<RowMajorMatrix> out(y.values.data(), output_shape[0], output_shape[1]);
  out.noalias() = params.alpha * (op_a * op_b);
  if (c != nullptr) {
    const std::vector<float> bias = expand(*c, output_shape);
    out += params.beta * Eigen::Map<const RowMajorMatrix>(bias.data(), output_shape[0], output_shape[1]);
  }
  return y;
}

Tensor matmul(const Tensor& a, const Tensor& b, const Shape& output_shape) {
  const std::int64_t inner = b.shape[0], columns = b.shape[1];
  const std::int64_t rows = element_count(a.shape) / inner;
  Tensor y = zeros(output_shape);
  Eigen::Map<RowMajorMatrix>(y.values.data(), rows, columns).noalias() =
      Eigen::Map<const RowMajorMatrix>(a.values.data(), rows, inner) *
      Eigen::Map<const RowMajorMatrix>(b.values.data(), inner, columns);
  return y;
}

Tensor concat(const std::vector<const Tensor*>& inputs, std::int64_t axis, const Shape& output_shape) {
  const auto split = static_cast<std::ptrdiff_t>(axis);
  const std::int64_t outer = element_count(Shape(output_shape.begin(), output_shape.begin() + split));
  Tensor y = zeros(output_shape);
  auto out = y.values.begin();
  for (std::int64_t o = 0; o < outer; ++o) {
    for (const Tensor* input : inputs) {
      const std::int64_t block = element_count(Shape(input->shape.begin() + split, input->shape.end()));
      const auto begin = input->values.begin() + o * block;
      out = std::copy(begin, begin + block, out);
    }
  }
  return y;
}

}  // namespace spinaps::cnn::kernels
