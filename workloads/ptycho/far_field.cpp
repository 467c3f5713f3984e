#include "workloads/ptycho/far_field.h"

#include <fftw3.h>

#include <cstring>
#include <stdexcept>

namespace spinaps::ptycho {

struct FarFieldPropagator::Buffers {
  fftw_complex* in = nullptr;
  fftw_complex* out = nullptr;
  fftw_plan plan = nullptr;
};

FarFieldPropagator::FarFieldPropagator(std::uint32_t side) : side_(side), buffers_(new Buffers) {
  const std::size_t count = static_cast<std::size_t>(side) * side;
  buffers_->in = fftw_alloc_complex(count);
  buffers_->out = fftw_alloc_complex(count);
  if (buffers_->in != nullptr && buffers_->out != nullptr) {
    const int n = static_cast<int>(side);
    buffers_->plan = fftw_plan_dft_2d(n, n, buffers_->in, buffers_->out, FFTW_FORWARD, FFTW_ESTIMATE);
  }
  if (buffers_->plan == nullptr) {
    fftw_free(buffers_->in);
    fftw_free(buffers_->out);
    delete buffers_;
    throw std::runtime_error("FFTW could not plan a " + std::to_string(side) + " x " + std::to_string(side) + " DFT");
  }
}

FarFieldPropagator::~FarFieldPropagator() {
  fftw_destroy_plan(buffers_->plan);
  fftw_free(buffers_->in);
  fftw_free(buffers_->out);
  delete buffers_;
}

RealImage FarFieldPropagator::intensity(const ComplexImage& exit_wave) {
  if (exit_wave.rows != side_ || exit_wave.cols != side_) {
    throw std::invalid_argument("far field: exit wave is " + std::to_string(exit_wave.rows) + " x " +
                                std::to_string(exit_wave.cols) + ", the plan is " + std::to_string(side_) + " x " +
                                std::to_string(side_));
  }
  // std::complex<double> and fftw_complex share their layout (FFTW manual, "Complex numbers").
  std::memcpy(buffers_->in, exit_wave.values.data(), exit_wave.size() * sizeof(fftw_complex));
  fftw_execute(buffers_->plan);
  RealImage result(side_, side_);
  const double scale = 1.0 / (static_cast<double>(side_) * side_);
  const std::uint32_t shift = side_ / 2;
  for (std::uint32_t row = 0; row < side_; ++row) {
    const std::uint32_t to_row = (row + shift) % side_;
    for (std::uint32_t col = 0; col < side_; ++col) {
      const fftw_complex& value = buffers_->out[static_cast<std::size_t>(row) * side_ + col];
      result.at(to_row, (col + shift) % side_) = (value[0] * value[0] + value[1] * value[1]) * scale;
    }
  }
  return result;
}

}  // namespace spinaps::ptycho
