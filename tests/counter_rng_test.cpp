// The block draw gives the same numbers as one draw at a time, in both of its implementations:
// NoC traffic draws every node's injection as a block and must keep the per-draw stream.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "models/rng/counter_rng.h"

namespace spinaps::rng {
namespace {

using BlockDraw = void (*)(std::uint64_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t*);

void expect_same_as_single_draws(BlockDraw block) {
  const std::uint64_t prefix = counter_prefix(7, Stream::kInputEncoding, 0x5eedULL);
  // Counts that are not multiples of the vector width, strides that are not 1, indices near 2^32.
  for (const std::uint32_t count : {0U, 1U, 3U, 4U, 5U, 64U, 257U}) {
    for (const std::uint32_t stride : {1U, 4U, 7U}) {
      for (const std::uint32_t first : {0U, 2U, 0xFFFFFF00U}) {
        for (const std::uint32_t step : {0U, 1U, 0xFFFFFFFFU}) {
          std::vector<std::uint32_t> out(count + 1, 0xDEADBEEFU);
          block(prefix, step, first, stride, count, out.data());
          for (std::uint32_t k = 0; k < count; ++k) {
            ASSERT_EQ(out[k], draw_u32_after(prefix, step, first + k * stride))
                << "count " << count << " stride " << stride << " first " << first << " step " << step << " k " << k;
          }
          EXPECT_EQ(out[count], 0xDEADBEEFU) << "wrote past the block";
        }
      }
    }
  }
}

TEST(CounterRng, BlockDrawMatchesSingleDraws) { expect_same_as_single_draws(draw_u32_block); }

TEST(CounterRng, PortableBlockDrawMatchesSingleDraws) { expect_same_as_single_draws(detail::draw_u32_block_portable); }

TEST(CounterRng, Avx2BlockDrawMatchesSingleDraws) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this processor has no AVX2";
  expect_same_as_single_draws(detail::draw_u32_block_avx2);
}

}  // namespace
}  // namespace spinaps::rng
