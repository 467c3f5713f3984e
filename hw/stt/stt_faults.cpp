#include "hw/stt/stt_faults.h"

#include "models/rng/counter_rng.h"

namespace spinaps::stt {
namespace {

constexpr double kTwoTo32 = 4294967296.0;

double unit_draw(std::uint64_t seed, rng::Stream stream, std::uint64_t key, std::uint32_t step, std::uint32_t index) {
  return rng::draw_u32(seed, stream, key, step, index) / kTwoTo32;  // in [0, 1)
}

}  // namespace

SttFaultConfig parse_stt_fault_config(config::ConfigNode node) {
  SttFaultConfig faults;
  faults.stuck_at_p_rate = node.real_or("stuck_at_p_rate", 0.0, 1.0, 0.0);
  faults.stuck_at_ap_rate = node.real_or("stuck_at_ap_rate", 0.0, 1.0, 0.0);
  faults.write_failure_rate = node.real_or("write_failure_rate", 0.0, 1.0, 0.0);
  faults.read_error_probability = node.real_or("read_error_probability", 0.0, 1.0, 0.0);
  if (faults.stuck_at_p_rate + faults.stuck_at_ap_rate > 1.0) {
    throw node.error("stuck_at_ap_rate", "stuck_at_p_rate + stuck_at_ap_rate must not exceed 1");
  }
  node.finish();
  return faults;
}

CellFault draw_cell_fault(const SttFaultConfig& faults, std::uint64_t seed, std::uint32_t subarray, std::uint32_t row,
                          std::uint32_t col) {
  if (!faults.any_static()) {
    return CellFault::kNone;
  }
  // One draw decides the stuck state (P below stuck_at_p_rate, AP in the next band); an
  // independent draw decides a write failure of a cell that is not stuck.
  const double stuck = unit_draw(seed, rng::Stream::kCellFaults, subarray, row, col);
  if (stuck < faults.stuck_at_p_rate) return CellFault::kStuckAtP;
  if (stuck < faults.stuck_at_p_rate + faults.stuck_at_ap_rate) return CellFault::kStuckAtAp;
  const double write = unit_draw(seed, rng::Stream::kWriteFailures, subarray, row, col);
  return write < faults.write_failure_rate ? CellFault::kWriteFailure : CellFault::kNone;
}

bool draw_read_error(const SttFaultConfig& faults, std::uint64_t seed, std::uint32_t subarray, std::uint64_t read_index,
                     std::uint32_t col) {
  if (faults.read_error_probability <= 0.0) {
    return false;
  }
  const auto step = static_cast<std::uint32_t>(read_index >> 32U);
  const auto low = static_cast<std::uint32_t>(read_index);
  const std::uint64_t key = (static_cast<std::uint64_t>(subarray) << 32U) | low;
  return unit_draw(seed, rng::Stream::kReadErrors, key, step, col) < faults.read_error_probability;
}

}  // namespace spinaps::stt
