#pragma once
// Counter-based random numbers: every draw is a pure function of (seed, stream, sample, step, index),
// so the golden model and the cycle-accurate model draw identical numbers whatever order they
// evaluate neurons in, and a sweep gives the same results whatever its process count.
#include <cstdint>

namespace spinaps::rng {

/// What a draw is used for; part of the counter so that streams never overlap.
enum class Stream : std::uint32_t {
  kInputEncoding = 1,  ///< Bernoulli input spikes, index = input neuron
  kNeuronFiring = 2,   ///< output neuron firing draws, index = output neuron
  kTraining = 3,       ///< trainer shuffling and initialisation
  kCellFaults = 4,     ///< STT cells stuck at P or AP, key = subarray, step = row, index = column
  kWriteFailures = 5,  ///< failed programming writes, same key as kCellFaults
  kReadErrors = 6,     ///< transient read flips, key = (subarray, read), index = column
};

/// SplitMix64 finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a bijective 64-bit mixer with full avalanche.
constexpr std::uint64_t mix64(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27U)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31U);
}

/// The part of a draw's state fixed by (seed, stream, sample): a caller drawing many numbers for one
/// sample computes it once and finishes each draw with draw_u32_after.
constexpr std::uint64_t counter_prefix(std::uint64_t seed, Stream stream, std::uint64_t sample) {
  return mix64(mix64(seed ^ (static_cast<std::uint64_t>(stream) << 56U)) ^ sample);
}

/// draw_u32 for the (seed, stream, sample) whose counter_prefix is `prefix`.
constexpr std::uint32_t draw_u32_after(std::uint64_t prefix, std::uint32_t step, std::uint32_t index) {
  return static_cast<std::uint32_t>(mix64(prefix ^ ((static_cast<std::uint64_t>(step) << 32U) | index)) >> 32U);
}

/// Bernoulli trials over a block of counters: bit k % 64 of below[k / 64] is set when
/// draw_u32_after(prefix, step, first_index + k * index_stride) < threshold, for k in [0, count);
/// the unused bits of the last word are cleared. threshold is in [0, 2^32]. The same draws as one
/// at a time, computed eight at a time where the processor has AVX2 (chosen at run time). Used
/// where every member of a large set draws on every step (a NoC's nodes deciding to inject).
void draws_below(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index, std::uint32_t index_stride,
                 std::uint32_t count, std::uint64_t threshold, std::uint64_t* below);

namespace detail {
/// The two implementations behind draws_below, exposed so that a test can compare both with
/// draw_u32_after. The AVX2 one must only be called where __builtin_cpu_supports("avx2").
void draws_below_portable(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index,
                          std::uint32_t index_stride, std::uint32_t count, std::uint64_t threshold,
                          std::uint64_t* below);
void draws_below_avx2(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index, std::uint32_t index_stride,
                      std::uint32_t count, std::uint64_t threshold, std::uint64_t* below);
}  // namespace detail

/// One 32-bit uniform draw keyed by the full counter. Each field is folded in through the mixer,
/// so neighbouring counters give independent-looking values.
constexpr std::uint32_t draw_u32(std::uint64_t seed, Stream stream, std::uint64_t sample, std::uint32_t step,
                                 std::uint32_t index) {
  return draw_u32_after(counter_prefix(seed, stream, sample), step, index);
}

/// The 16-bit draw the hardware RNG delivers per request (the top 16 bits of the 32-bit draw).
constexpr std::uint32_t draw_u16(std::uint64_t seed, Stream stream, std::uint64_t sample, std::uint32_t step,
                                 std::uint32_t index) {
  return draw_u32(seed, stream, sample, step, index) >> 16U;
}

}  // namespace spinaps::rng
