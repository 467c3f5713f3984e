#include "hw/noc/mesh_routing.h"

#include <algorithm>
#include <stdexcept>

namespace spinaps::noc {
namespace {

std::uint32_t distance(std::uint32_t a, std::uint32_t b) { return a > b ? a - b : b - a; }

bool between(std::uint32_t value, std::uint32_t a, std::uint32_t b) {
  return value >= std::min(a, b) && value <= std::max(a, b);
}

class XyRouting final : public RoutingFunction {
 public:
  explicit XyRouting(const MeshGeometry& mesh) : mesh_(mesh) {}
  [[nodiscard]] PortMask allowed_ports(NodeId current, NodeId destination) const override {
    return port_bit(xy_port(mesh_, current, destination));
  }

 private:
  MeshGeometry mesh_;
};

class WestFirstRouting final : public RoutingFunction {
 public:
  explicit WestFirstRouting(const MeshGeometry& mesh) : mesh_(mesh) {}
  [[nodiscard]] PortMask allowed_ports(NodeId current, NodeId destination) const override {
    const std::uint32_t row = mesh_.row(current), col = mesh_.col(current);
    const std::uint32_t to_row = mesh_.row(destination), to_col = mesh_.col(destination);
    if (to_col < col) {
      return port_bit(kWest);  // all west hops come first: no turn into west is ever needed
    }
    PortMask ports = 0;
    if (to_col > col) ports |= port_bit(kEast);
    if (to_row < row) ports |= port_bit(kNorth);
    if (to_row > row) ports |= port_bit(kSouth);
    return ports == 0 ? port_bit(kLocal) : ports;
  }

 private:
  MeshGeometry mesh_;
};

}  // namespace

MeshGeometry::MeshGeometry(std::uint32_t rows, std::uint32_t cols)
    : rows_(rows), cols_(cols), row_multiplier_(cols == 0 ? 0 : ((std::uint64_t{1} << 32U) + cols - 1) / cols) {
  if (rows == 0 || cols == 0 || static_cast<std::uint64_t>(rows) * cols * cols >= (std::uint64_t{1} << 32U)) {
    throw std::invalid_argument("a mesh needs 1 or more rows and columns, and fewer than 2^32 nodes x columns");
  }
}

NodeId MeshGeometry::neighbour(NodeId node, std::uint32_t port) const {
  const std::uint32_t r = row(node), c = col(node);
  switch (port) {
    case kNorth:
      return r == 0 ? kNoNode : this->node(r - 1, c);
    case kEast:
      return c + 1 == cols_ ? kNoNode : this->node(r, c + 1);
    case kSouth:
      return r + 1 == rows_ ? kNoNode : this->node(r + 1, c);
    case kWest:
      return c == 0 ? kNoNode : this->node(r, c - 1);
    default:
      return kNoNode;
  }
}

std::uint32_t MeshGeometry::hops(NodeId from, NodeId to) const {
  return distance(row(from), row(to)) + distance(col(from), col(to));
}

std::string MeshGeometry::name(NodeId node) const {
  return std::to_string(row(node)) + "," + std::to_string(col(node));
}

std::uint32_t MeshGeometry::opposite(std::uint32_t port) {
  switch (port) {
    case kNorth:
      return kSouth;
    case kEast:
      return kWest;
    case kSouth:
      return kNorth;
    case kWest:
      return kEast;
    default:
      return kLocal;
  }
}

std::uint32_t xy_port(const MeshGeometry& mesh, NodeId current, NodeId destination) {
  const std::uint32_t col = mesh.col(current), to_col = mesh.col(destination);
  if (to_col > col) return kEast;
  if (to_col < col) return kWest;
  const std::uint32_t row = mesh.row(current), to_row = mesh.row(destination);
  if (to_row < row) return kNorth;
  if (to_row > row) return kSouth;
  return kLocal;
}

bool on_xy_path(const MeshGeometry& mesh, NodeId source, NodeId current, NodeId destination) {
  const std::uint32_t row = mesh.row(current), col = mesh.col(current);
  const std::uint32_t from_row = mesh.row(source), from_col = mesh.col(source);
  const std::uint32_t to_row = mesh.row(destination), to_col = mesh.col(destination);
  // The X leg runs along the source row, the Y leg along the destination column.
  return (row == from_row && between(col, from_col, to_col)) || (col == to_col && between(row, from_row, to_row));
}

PortMask xy_tree_ports(const MeshGeometry& mesh, NodeId source, NodeId current,
                       const std::vector<NodeId>& destinations) {
  PortMask ports = 0;
  for (const NodeId destination : destinations) {
    if (on_xy_path(mesh, source, current, destination)) {
      ports |= port_bit(xy_port(mesh, current, destination));
    }
  }
  return ports;
}

std::unique_ptr<RoutingFunction> make_routing_function(Routing routing, const MeshGeometry& mesh) {
  if (routing == Routing::kWestFirst) {
    return std::make_unique<WestFirstRouting>(mesh);
  }
  return std::make_unique<XyRouting>(mesh);
}

}  // namespace spinaps::noc
