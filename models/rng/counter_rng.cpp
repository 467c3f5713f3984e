#include "models/rng/counter_rng.h"

namespace spinaps::rng {
namespace {

// The step fills the upper half of the counter and the index the lower, so the prefix and step are
// folded once and each draw only XORs its index in (the same counter as draw_u32_after builds).
inline std::uint64_t step_base(std::uint64_t prefix, std::uint32_t step) {
  return prefix ^ (static_cast<std::uint64_t>(step) << 32U);
}

}  // namespace

namespace detail {

void draw_u32_block_portable(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index,
                             std::uint32_t index_stride, std::uint32_t count, std::uint32_t* out) {
  const std::uint64_t base = step_base(prefix, step);
  for (std::uint32_t k = 0; k < count; ++k) {
    out[k] = static_cast<std::uint32_t>(mix64(base ^ (first_index + k * index_stride)) >> 32U);
  }
}

// The same loop compiled for AVX2: the compiler vectorises the 64-bit multiplies of mix64 four
// lanes at a time (integer arithmetic, so the results are the same bits).
__attribute__((target("avx2"))) void draw_u32_block_avx2(std::uint64_t prefix, std::uint32_t step,
                                                         std::uint32_t first_index, std::uint32_t index_stride,
                                                         std::uint32_t count, std::uint32_t* out) {
  const std::uint64_t base = step_base(prefix, step);
  for (std::uint32_t k = 0; k < count; ++k) {
    out[k] = static_cast<std::uint32_t>(mix64(base ^ (first_index + k * index_stride)) >> 32U);
  }
}

}  // namespace detail

void draw_u32_block(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index, std::uint32_t index_stride,
                    std::uint32_t count, std::uint32_t* out) {
  static const bool wide = __builtin_cpu_supports("avx2");
  if (wide) {
    detail::draw_u32_block_avx2(prefix, step, first_index, index_stride, count, out);
  } else {
    detail::draw_u32_block_portable(prefix, step, first_index, index_stride, count, out);
  }
}

}  // namespace spinaps::rng
