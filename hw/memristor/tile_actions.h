#pragma once
// The action names of the memristive accelerator: the tiles, the per-node digital units and
// activation buffers count under these names, and tile_technology.* gives each its energy per
// action (energy = count x energy per action). The NoC counts under noc_actions.h.
#include <string>
#include <vector>

namespace spinaps::memristor {

/// One word line driven with a non-zero input code for one DAC phase.
inline constexpr const char* kActionDacDrive = "tile.dac_drive";
/// One nanosiemens of device conductance read for one DAC phase at full drive: a read of devices
/// totalling G nS with code c of a dac_bits DAC counts G x (c / (2^dac_bits - 1))^2 (rounded once
/// per multiply), so the energy V^2 x G x t_read scales with the conductances actually programmed.
inline constexpr const char* kActionArrayReadNanosiemens = "tile.array_read_ns";
/// One column signal held for conversion (one per ADC conversion).
inline constexpr const char* kActionSampleHold = "tile.sample_hold";
/// One ADC conversion at the tile's resolution.
inline constexpr const char* kActionAdcConversion = "tile.adc_conversion";
/// One conversion result shifted and added into its accumulator.
inline constexpr const char* kActionShiftAdd = "tile.shift_add";
/// One partial sum from another row-chunk tile added to an output (accumulator width).
inline constexpr const char* kActionPartialSumAdd = "tile.partial_sum_add";
/// One output rescaled to activation units and its bias added (one multiply and one add).
inline constexpr const char* kActionOutputScale = "tile.output_scale";

/// Digital units (one per NoC node), one action per element operation.
inline constexpr const char* kActionRelu = "digital.relu";
inline constexpr const char* kActionCompare = "digital.compare";          ///< max-pool, per window tap
inline constexpr const char* kActionInterpolate = "digital.interpolate";  ///< bilinear, per tap (mul + add)
inline constexpr const char* kActionCopy = "digital.copy";                ///< nearest resize, flatten, concat
inline constexpr const char* kActionLookup = "digital.lookup";            ///< tanh / sigmoid table read
inline constexpr const char* kActionMultiply = "digital.multiply";        ///< Mul by a constant
inline constexpr const char* kActionAdd = "digital.add";                  ///< Add of a constant or tensor
inline constexpr const char* kActionQuantise = "digital.quantise";        ///< activation -> input code

/// Activation buffers (SRAM, one per node), per bit.
inline constexpr const char* kActionBufferWriteBit = "buffer.write_bit";
inline constexpr const char* kActionBufferReadBit = "buffer.read_bit";

inline const std::vector<std::string>& tile_action_names() {
  static const std::vector<std::string> kNames = {kActionDacDrive,     kActionArrayReadNanosiemens,
                                                  kActionSampleHold,   kActionAdcConversion,
                                                  kActionShiftAdd,     kActionPartialSumAdd,
                                                  kActionOutputScale,  kActionRelu,
                                                  kActionCompare,      kActionInterpolate,
                                                  kActionCopy,         kActionLookup,
                                                  kActionMultiply,     kActionAdd,
                                                  kActionQuantise,     kActionBufferWriteBit,
                                                  kActionBufferReadBit};
  return kNames;
}

}  // namespace spinaps::memristor
