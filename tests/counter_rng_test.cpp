// Bernoulli trials over a block of counters give the same outcomes as one draw at a time, in both
// implementations: NoC traffic draws every node's injection as a block and must keep the stream.
#include "models/rng/counter_rng.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace spinaps::rng {
namespace {

using BlockTrials = void (*)(std::uint64_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint64_t,
                             std::uint64_t*);

void expect_same_as_single_draws(BlockTrials trials) {
  const std::uint64_t prefix = counter_prefix(7, Stream::kInputEncoding, 0x5eedULL);
  constexpr std::uint64_t kAll = std::uint64_t{1} << 32U;
  // Block sizes that are not multiples of the vector width or of a word, strides other than 1,
  // indices near 2^32, and thresholds at both ends and around 2^31 (the signed-compare boundary).
  for (const std::uint32_t count : {0U, 1U, 7U, 8U, 63U, 64U, 65U, 257U}) {
    for (const std::uint32_t stride : {1U, 4U}) {
      for (const std::uint32_t first : {0U, 0xFFFFFF00U}) {
        for (const std::uint32_t step : {0U, 0xFFFFFFFFU}) {
          for (const std::uint64_t threshold :
               {std::uint64_t{0}, std::uint64_t{1} << 25U, std::uint64_t{0x7FFFFFFF}, std::uint64_t{0x80000000},
                std::uint64_t{0x80000001}, std::uint64_t{0xFFFFFFFF}, kAll}) {
            const std::size_t words = (count + 63) / 64;
            std::vector<std::uint64_t> below(words + 1, 0xA5A5A5A5A5A5A5A5ULL);
            trials(prefix, step, first, stride, count, threshold, below.data());
            for (std::uint32_t k = 0; k < words * 64; ++k) {
              const bool expected = k < count && draw_u32_after(prefix, step, first + k * stride) < threshold;
              ASSERT_EQ((below[k / 64] >> (k % 64)) & 1U, expected ? 1U : 0U)
                  << "count " << count << " stride " << stride << " first " << first << " step " << step
                  << " threshold " << threshold << " k " << k;
            }
            EXPECT_EQ(below[words], 0xA5A5A5A5A5A5A5A5ULL) << "wrote past the block";
          }
        }
      }
    }
  }
}

TEST(CounterRng, BlockTrialsMatchSingleDraws) { expect_same_as_single_draws(draws_below); }

TEST(CounterRng, PortableBlockTrialsMatchSingleDraws) { expect_same_as_single_draws(detail::draws_below_portable); }

TEST(CounterRng, Avx2BlockTrialsMatchSingleDraws) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this processor has no AVX2";
  expect_same_as_single_draws(detail::draws_below_avx2);
}

}  // namespace
}  // namespace spinaps::rng
