#pragma once
// A square or rectangular sampled field, row-major, as the ptychography forward model passes it
// between stages (object, probe, exit wave, detector frame). Plain storage: std::complex<double> has
// the layout of fftw_complex, so complex grids go to FFTW without copies of a different type.
#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spinaps::ptycho {

template <typename T>
struct Grid {
  std::uint32_t rows = 0, cols = 0;
  std::vector<T> values;  ///< rows * cols, row-major

  Grid() = default;
  Grid(std::uint32_t row_count, std::uint32_t col_count, T fill = T())
      : rows(row_count), cols(col_count), values(static_cast<std::size_t>(row_count) * col_count, fill) {}

  [[nodiscard]] T& at(std::uint32_t row, std::uint32_t col) {
    return values[static_cast<std::size_t>(row) * cols + col];
  }
  [[nodiscard]] const T& at(std::uint32_t row, std::uint32_t col) const {
    return values[static_cast<std::size_t>(row) * cols + col];
  }
  [[nodiscard]] std::size_t size() const { return values.size(); }
};

using RealImage = Grid<double>;
using ComplexImage = Grid<std::complex<double>>;

}  // namespace spinaps::ptycho
