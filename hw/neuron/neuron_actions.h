#pragma once
// The action names of the spike-trace unit, the GLM neuron unit and its RNG units;
// neuron_technology.* prices each (energy = count x energy per action).
#include <string>
#include <vector>

namespace spinaps::neuron {

// Spike-trace unit.
/// One window register bit written when the step's spikes shift in.
inline constexpr const char* kActionWindowShiftBit = "trace.window_shift_bit";
/// One basis-function LUT read (a window pattern to one trace value).
inline constexpr const char* kActionBasisLutRead = "trace.basis_lut_read";
/// One active row granted by the priority encoder.
inline constexpr const char* kActionPriorityEncoderGrant = "control.priority_encoder_grant";

// GLM neuron unit.
/// One multiply-accumulate of a stored weight with a trace (synapse or feedback): one SOP.
inline constexpr const char* kActionMac = "neuron.mac";
/// One partial sum from another row block's core added to an accumulator.
inline constexpr const char* kActionPartialSumAdd = "neuron.partial_sum_add";
/// One accumulator loaded with its bias at a step's start.
inline constexpr const char* kActionAccumulatorReset = "neuron.accumulator_reset";
/// One sigmoid LUT read (a potential to a firing threshold).
inline constexpr const char* kActionSigmoidLutRead = "neuron.sigmoid_lut_read";
/// One threshold compared with a random draw.
inline constexpr const char* kActionCompare = "neuron.compare";

// RNG units.
/// One random draw for a neuron's firing decision.
inline constexpr const char* kActionRngDraw = "rng.draw";
/// Folding (seed, stream) and the sample into the counter once per sample.
inline constexpr const char* kActionRngSampleSetup = "rng.sample_setup";

inline const std::vector<std::string>& neuron_action_names() {
  static const std::vector<std::string> kNames = {
      kActionWindowShiftBit, kActionBasisLutRead,     kActionPriorityEncoderGrant, kActionMac,
      kActionPartialSumAdd,  kActionAccumulatorReset, kActionSigmoidLutRead,       kActionCompare,
      kActionRngDraw,        kActionRngSampleSetup};
  return kNames;
}

}  // namespace spinaps::neuron
