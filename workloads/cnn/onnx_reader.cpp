#include "workloads/cnn/onnx_reader.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::cnn::onnx_reader {

namespace {

using AttributeType = onnx::AttributeProto_AttributeType;

std::string type_name(AttributeType type) { return onnx::AttributeProto_AttributeType_Name(type); }

std::string data_type_name(std::int32_t type) {
  return onnx::TensorProto_DataType_IsValid(type)
             ? onnx::TensorProto_DataType_Name(static_cast<onnx::TensorProto_DataType>(type))
             : "unknown (" + std::to_string(type) + ")";
}

[[noreturn]] void fail_tensor(const std::string& source, const std::string& prefix, const std::string& problem) {
  throw data::DatasetError(source, prefix + ": " + problem);
}

/// Little-endian bytes to a value, whatever the host's byte order (ONNX raw_data is little-endian).
template <typename Value, typename Bits>
Value from_little_endian(const char* bytes) {
  Bits bits = 0;
  for (std::size_t i = 0; i < sizeof(Bits); ++i) {
    bits |= static_cast<Bits>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  }
  Value value;
  std::memcpy(&value, &bits, sizeof(Value));
  return value;
}

/// Converts without undefined behaviour: a double beyond float range becomes infinity, which the
/// callers reject as not finite.
template <typename Out, typename In>
Out convert(In value) {
  if constexpr (std::is_same_v<Out, float> && std::is_same_v<In, double>) {
    if (!(std::fabs(value) <= static_cast<double>(std::numeric_limits<float>::max()))) {
      return std::numeric_limits<float>::infinity();
    }
  }
  return static_cast<Out>(value);
}

/// The values of `tensor` as Out, from raw_data (Bits wide, read as Raw) or the typed field.
template <typename Out, typename Raw, typename Bits, typename Field>
std::vector<Out> decode_values(const onnx::TensorProto& tensor, const Field& typed, std::int64_t count,
                               const std::string& source, const std::string& prefix) {
  const std::string& raw = tensor.raw_data();
  const auto expected = static_cast<std::size_t>(count);
  std::vector<Out> values;
  if (!raw.empty() || typed.empty()) {
    if (raw.size() != expected * sizeof(Bits)) {
      fail_tensor(source, prefix,
                  "holds " + std::to_string(raw.size()) + " bytes of raw data; expected " +
                      std::to_string(expected * sizeof(Bits)) + " for " + std::to_string(count) + " elements");
    }
    values.reserve(expected);
    for (std::size_t i = 0; i < expected; ++i) {
      values.push_back(convert<Out>(from_little_endian<Raw, Bits>(raw.data() + i * sizeof(Bits))));
    }
    return values;
  }
  if (static_cast<std::size_t>(typed.size()) != expected) {
    fail_tensor(source, prefix, "holds " + std::to_string(typed.size()) + " values; expected " + std::to_string(count));
  }
  values.reserve(expected);
  for (const auto value : typed) values.push_back(convert<Out>(value));
  return values;
}

Shape dims_of(const onnx::TensorProto& tensor) { return Shape(tensor.dims().begin(), tensor.dims().end()); }

}  // namespace

NodeAttributes::NodeAttributes(const onnx::NodeProto& node, std::string source, std::string node_name)
    : node_(node), source_(std::move(source)), node_name_(std::move(node_name)) {}

void NodeAttributes::fail(const std::string& problem) const {
  throw_node_error(source_, node_name_, node_.op_type(), problem);
}

bool NodeAttributes::has(const std::string& name) const {
  for (const auto& attribute : node_.attribute()) {
    if (attribute.name() == name) return true;
  }
  return false;
}

const onnx::AttributeProto* NodeAttributes::find(const std::string& name, AttributeType type) {
  const onnx::AttributeProto* found = nullptr;
  for (const auto& attribute : node_.attribute()) {
    if (attribute.name() != name) continue;
    if (found != nullptr) fail("attribute '" + name + "' is given twice; expected it at most once");
    found = &attribute;
  }
  if (found == nullptr) return nullptr;
  consumed_.insert(name);
  // Files older than IR version 3 may leave the type UNDEFINED; the field then decides.
  if (found->type() != type && found->type() != onnx::AttributeProto_AttributeType_UNDEFINED) {
    fail("attribute '" + name + "' has type " + type_name(found->type()) + "; expected " + type_name(type));
  }
  return found;
}

std::int64_t NodeAttributes::integer(const std::string& name, std::int64_t fallback) {
  const auto* attribute = find(name, onnx::AttributeProto_AttributeType_INT);
  return attribute == nullptr ? fallback : attribute->i();
}

std::vector<std::int64_t> NodeAttributes::integers(const std::string& name, const std::vector<std::int64_t>& fallback) {
  const auto* attribute = find(name, onnx::AttributeProto_AttributeType_INTS);
  if (attribute == nullptr) return fallback;
  return {attribute->ints().begin(), attribute->ints().end()};
}

float NodeAttributes::real(const std::string& name, float fallback) {
  const auto* attribute = find(name, onnx::AttributeProto_AttributeType_FLOAT);
  if (attribute == nullptr) return fallback;
  if (!std::isfinite(attribute->f())) fail("attribute '" + name + "' is not finite; expected a finite number");
  return attribute->f();
}

std::vector<float> NodeAttributes::reals(const std::string& name) {
  const auto* attribute = find(name, onnx::AttributeProto_AttributeType_FLOATS);
  if (attribute == nullptr) return {};
  return {attribute->floats().begin(), attribute->floats().end()};
}

std::string NodeAttributes::choice(const std::string& name, const std::vector<std::string>& allowed,
                                   const std::string& fallback) {
  const auto* attribute = find(name, onnx::AttributeProto_AttributeType_STRING);
  if (attribute == nullptr) return fallback;
  for (const std::string& option : allowed) {
    if (attribute->s() == option) return option;
  }
  std::string expected;
  for (const std::string& option : allowed) expected += (expected.empty() ? "'" : ", '") + option + "'";
  fail("attribute '" + name + "' is '" + attribute->s() + "'; expected one of " + expected);
}

const onnx::TensorProto& NodeAttributes::tensor(const std::string& name) {
  const auto* attribute = find(name, onnx::AttributeProto_AttributeType_TENSOR);
  if (attribute == nullptr || !attribute->has_t()) fail("attribute '" + name + "' is missing; expected a tensor");
  return attribute->t();
}

void NodeAttributes::ignore(const std::vector<std::string>& names) { consumed_.insert(names.begin(), names.end()); }

void NodeAttributes::finish() const {
  for (const auto& attribute : node_.attribute()) {
    if (consumed_.count(attribute.name()) == 0) {
      fail("attribute '" + attribute.name() + "' is not supported for " + node_.op_type() +
           " (see docs/onnx.md for the supported attributes)");
    }
  }
}

std::int64_t declared_elements(const onnx::TensorProto& tensor, const std::string& source,
                               const std::string& fail_prefix) {
  if (tensor.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
    fail_tensor(source, fail_prefix, "keeps its data in an external file; expected the data inside the model");
  }
  if (tensor.has_segment()) fail_tensor(source, fail_prefix, "is segmented; expected one whole tensor");
  std::int64_t count = 1;
  for (const std::int64_t dimension : tensor.dims()) {
    if (dimension < 0 || (dimension > 0 && count > kMaximumTensorElements / dimension)) {
      fail_tensor(source, fail_prefix,
                  "has dimensions " + to_string(dims_of(tensor)) + "; expected non-negative ones of at most " +
                      std::to_string(kMaximumTensorElements) + " elements");
    }
    count *= dimension;
  }
  return count;
}

Tensor decode_float_tensor(const onnx::TensorProto& tensor, const std::string& source, const std::string& fail_prefix) {
  const std::int64_t count = declared_elements(tensor, source, fail_prefix);
  Tensor result;
  result.shape = dims_of(tensor);
  switch (tensor.data_type()) {
    case onnx::TensorProto_DataType_FLOAT:
      result.values =
          decode_values<float, float, std::uint32_t>(tensor, tensor.float_data(), count, source, fail_prefix);
      break;
    case onnx::TensorProto_DataType_DOUBLE:
      result.values =
          decode_values<float, double, std::uint64_t>(tensor, tensor.double_data(), count, source, fail_prefix);
      break;
    default:
      fail_tensor(source, fail_prefix,
                  "has data type " + data_type_name(tensor.data_type()) + "; expected FLOAT (or DOUBLE)");
  }
  for (const float value : result.values) {
    if (!std::isfinite(value)) fail_tensor(source, fail_prefix, "holds a value that is not finite as a float");
  }
  return result;
}

std::vector<std::int64_t> decode_integer_tensor(const onnx::TensorProto& tensor, const std::string& source,
                                                const std::string& fail_prefix) {
  const std::int64_t count = declared_elements(tensor, source, fail_prefix);
  switch (tensor.data_type()) {
    case onnx::TensorProto_DataType_INT64:
      return decode_values<std::int64_t, std::int64_t, std::uint64_t>(tensor, tensor.int64_data(), count, source,
                                                                      fail_prefix);
    case onnx::TensorProto_DataType_INT32:
      return decode_values<std::int64_t, std::int32_t, std::uint32_t>(tensor, tensor.int32_data(), count, source,
                                                                      fail_prefix);
    default:
      fail_tensor(source, fail_prefix, "has data type " + data_type_name(tensor.data_type()) + "; expected INT64");
  }
}

}  // namespace spinaps::cnn::onnx_reader
