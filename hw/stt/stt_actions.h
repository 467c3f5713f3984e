#pragma once
// The action names the STT-RAM (or SRAM-baseline) synapse subarrays count;
// synapse_array_technology.* prices each (energy = count x energy per action).
#include <string>
#include <vector>

namespace spinaps::stt {

/// One bit cell sensed by a row read (cell and bit-line share of the read energy).
inline constexpr const char* kActionCellReadBit = "stt.cell_read_bit";
/// One sense-amplifier decision.
inline constexpr const char* kActionSenseAmpSense = "stt.sense_amp_sense";
/// One row read of one subarray: predecoder, row decoder and word line, column mux, precharge and
/// output routing.
inline constexpr const char* kActionRowActivation = "stt.row_activation";

inline const std::vector<std::string>& stt_action_names() {
  static const std::vector<std::string> kNames = {kActionCellReadBit, kActionSenseAmpSense, kActionRowActivation};
  return kNames;
}

}  // namespace spinaps::stt
