#pragma once
// Mesh geometry and the routing algorithms, behind one interface so the router does not know
// which one it runs. Both algorithms are minimal. XY is deadlock-free because it never turns from
// Y back to X; west-first (Glass & Ni's turn model) forbids the two turns into west, which breaks
// every cycle of the channel dependency graph while leaving east/north/south traffic a choice.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/noc/noc_config.h"

namespace spinaps::noc {

using NodeId = std::uint32_t;  ///< row * cols + col

/// Router ports. North is towards row 0, east towards higher columns.
enum Port : std::uint8_t { kLocal = 0, kNorth = 1, kEast = 2, kSouth = 3, kWest = 4 };
constexpr std::uint32_t kPorts = 5;
using PortMask = std::uint8_t;  ///< bit p set: port p
constexpr NodeId kNoNode = 0xFFFFFFFFU;

constexpr PortMask port_bit(std::uint32_t port) { return static_cast<PortMask>(1U << port); }

class MeshGeometry {
 public:
  /// Throws std::invalid_argument when a side is 0 or nodes x cols reaches 2^32 (beyond any
  /// configurable mesh: the row of a node is then no longer exact by multiply-shift).
  MeshGeometry(std::uint32_t rows, std::uint32_t cols);
  [[nodiscard]] std::uint32_t rows() const { return rows_; }
  [[nodiscard]] std::uint32_t cols() const { return cols_; }
  [[nodiscard]] std::uint32_t nodes() const { return rows_ * cols_; }
  // Routing asks for rows and columns on every hop; a multiply-shift by ceil(2^32 / cols) is
  // exact for node < 2^32 / cols and avoids a hardware division.
  [[nodiscard]] std::uint32_t row(NodeId node) const {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(node) * row_multiplier_) >> 32U);
  }
  [[nodiscard]] std::uint32_t col(NodeId node) const { return node - row(node) * cols_; }
  [[nodiscard]] NodeId node(std::uint32_t row, std::uint32_t col) const { return row * cols_ + col; }
  /// The router on the other side of `port`, or kNoNode at the mesh edge (and for kLocal).
  [[nodiscard]] NodeId neighbour(NodeId node, std::uint32_t port) const;
  [[nodiscard]] std::uint32_t hops(NodeId from, NodeId to) const;
  /// "r,c"
  [[nodiscard]] std::string name(NodeId node) const;

  static std::uint32_t opposite(std::uint32_t port);

 private:
  std::uint32_t rows_, cols_;
  std::uint64_t row_multiplier_;  ///< ceil(2^32 / cols_)
};

/// The output port a dimension-order (XY) route takes at `current` towards `destination`.
std::uint32_t xy_port(const MeshGeometry& mesh, NodeId current, NodeId destination);

/// True when the XY route from `source` to `destination` visits `current`.
bool on_xy_path(const MeshGeometry& mesh, NodeId source, NodeId current, NodeId destination);

/// The output ports of the XY multicast tree at `current`: the union of xy_port(current, d) over
/// the destinations d whose XY route from `source` visits `current`. The tree branches where the
/// destination set splits, so every link of the tree carries the packet once.
PortMask xy_tree_ports(const MeshGeometry& mesh, NodeId source, NodeId current,
                       const std::vector<NodeId>& destinations);

/// One routing algorithm: which output ports a single-destination packet may take.
class RoutingFunction {
 public:
  RoutingFunction() = default;
  RoutingFunction(const RoutingFunction&) = delete;
  RoutingFunction& operator=(const RoutingFunction&) = delete;
  RoutingFunction(RoutingFunction&&) = delete;
  RoutingFunction& operator=(RoutingFunction&&) = delete;
  virtual ~RoutingFunction() = default;

  /// The minimal output ports allowed at `current` towards `destination`; port_bit(kLocal) when
  /// there. The router picks one of several by downstream credits.
  [[nodiscard]] virtual PortMask allowed_ports(NodeId current, NodeId destination) const = 0;
};

std::unique_ptr<RoutingFunction> make_routing_function(Routing routing, const MeshGeometry& mesh);

}  // namespace spinaps::noc
