#include "tools/report/phase_images.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace spinaps::report {
namespace {

/// Block means of `image` on a side x side grid (blocks of rows/side x cols/side pixels, the last
/// ones taking the remainder), rounded to 1e-4 so the report stays short and byte-stable.
nlohmann::ordered_json block_means(const ptycho::RealImage& image, std::uint32_t side_rows, std::uint32_t side_cols) {
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  for (std::uint32_t block_row = 0; block_row < side_rows; ++block_row) {
    const std::uint32_t row_begin = block_row * image.rows / side_rows;
    const std::uint32_t row_end = (block_row + 1) * image.rows / side_rows;
    for (std::uint32_t block_col = 0; block_col < side_cols; ++block_col) {
      const std::uint32_t col_begin = block_col * image.cols / side_cols;
      const std::uint32_t col_end = (block_col + 1) * image.cols / side_cols;
      double sum = 0.0;
      for (std::uint32_t row = row_begin; row < row_end; ++row) {
        for (std::uint32_t col = col_begin; col < col_end; ++col) sum += image.at(row, col);
      }
      const double mean = sum / static_cast<double>((row_end - row_begin) * (col_end - col_begin));
      values.push_back(std::round(mean * 1e4) / 1e4);
    }
  }
  return values;
}

}  // namespace

nlohmann::ordered_json phase_images_section(const ptycho::RealImage& float_phase, const ptycho::RealImage& tile_phase,
                                            const ptycho::RealImage& ground_truth) {
  for (const ptycho::RealImage* image : {&tile_phase, &ground_truth}) {
    if (image->rows != float_phase.rows || image->cols != float_phase.cols) {
      throw std::logic_error("phase images of different shapes");
    }
  }
  const std::uint32_t rows = std::min(kPhaseImageSide, float_phase.rows);
  const std::uint32_t cols = std::min(kPhaseImageSide, float_phase.cols);
  return {{"frame", 0},
          {"rows", rows},
          {"cols", cols},
          {"source_rows", float_phase.rows},
          {"source_cols", float_phase.cols},
          {"unit", "rad, the mean of each block of source pixels, row-major"},
          {"float", block_means(float_phase, rows, cols)},
          {"tiles", block_means(tile_phase, rows, cols)},
          {"ground_truth", block_means(ground_truth, rows, cols)}};
}

}  // namespace spinaps::report
