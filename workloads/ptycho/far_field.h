#pragma once
// Far-field (Fraunhofer) propagation of the exit wave psi = P * O_patch to the detector:
//   I(k) = |F{psi}(k)|^2 / N^2,   F the unnormalised 2-D DFT on the N x N grid,
// fftshifted so the zero frequency sits on pixel (N/2, N/2). The 1/N^2 makes the transform
// energy-preserving (Parseval: sum_k I(k) = sum_r |psi(r)|^2), so I is in photons per pixel when
// |P|^2 is. One FFTW plan is made per propagator, with FFTW_ESTIMATE so the plan (and so every
// result bit) does not depend on timing measurements, and reused for every frame.
#include <cstdint>

#include "workloads/ptycho/grid.h"

namespace spinaps::ptycho {

class FarFieldPropagator {
 public:
  /// Plans an N x N forward DFT. Not thread-safe (FFTW's planner is not), like the rest of this class.
  explicit FarFieldPropagator(std::uint32_t side);
  ~FarFieldPropagator();
  FarFieldPropagator(const FarFieldPropagator&) = delete;
  FarFieldPropagator& operator=(const FarFieldPropagator&) = delete;

  [[nodiscard]] std::uint32_t side() const { return side_; }

  /// The expected photon counts I(k) of an exit wave of the propagator's size (fftshifted).
  [[nodiscard]] RealImage intensity(const ComplexImage& exit_wave);

 private:
  std::uint32_t side_;
  struct Buffers;  // FFTW types stay out of this header
  Buffers* buffers_;
};

}  // namespace spinaps::ptycho
