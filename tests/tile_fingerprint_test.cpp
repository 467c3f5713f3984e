// The tile numerics bit for bit: each case of tests/tile_fingerprint_cases.h hashes to the value
// recorded when the arithmetic was last changed on purpose. A speed-up that changes any output bit,
// count or read-noise draw fails here (the reports would move with it). Recorded with Eigen 3.4 on
// x86-64 SSE2 without FMA (the project's Release build); a build whose SIMD differs is skipped, since
// Eigen's own sums, which the tiles reproduce (hw/memristor/digit_product.h), differ there.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "hw/memristor/digit_product.h"
#include "tests/tile_fingerprint_cases.h"

namespace spinaps::memristor::fingerprint {
namespace {

TEST(TileFingerprint, EveryCaseKeepsItsBits) {
  if (!replicates_eigen()) GTEST_SKIP() << "fingerprints recorded with SSE2 float packets and no FMA";
  const std::map<std::string, std::string> recorded = {
      {"bit-serial", "14e97952fabd7fd5"},
      {"ideal-converter", "06365f6360ed92bc"},
      {"signed-multi-bit-dac", "8ad45b7e7d508324"},
      {"signed-2-bit-dac-noise", "2c06ec89afab4153"},
      {"read-noise", "6ea233f9c6d9245b"},
      {"calibrated-adc", "a2ef6ee4d02a9fd8"},
      {"calibrated-adc-percentile", "b911459c40c418a1"},
      {"two-devices-per-slice", "bc2d0ee0af11ef05"},
      {"one-position", "67e29cae2b6ca87e"},
      {"tiny", "f09585632d34118f"},
      {"deep-chunk", "eca4b5c2c3e0c0d7"},
      {"wide", "8a1cf17aa24313ac"},
  };
  const std::vector<Case> all = cases();
  ASSERT_EQ(all.size(), recorded.size());
  for (const Case& c : all) {
    ASSERT_EQ(recorded.count(c.name), 1U) << c.name;
    EXPECT_EQ(fingerprint(c), recorded.at(c.name)) << c.name << ": the tile arithmetic changed";
  }
}

}  // namespace
}  // namespace spinaps::memristor::fingerprint
