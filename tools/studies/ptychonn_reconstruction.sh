#!/usr/bin/env bash
# Regenerates the study of docs/cnn_accelerator.md "Keeping the reconstruction": the sweep of
# configs/sweeps/ptychonn_reconstruction.json (18 designs of the edge PtychoNN x 3 seeds, 4 frames
# each; about 15 minutes on 2 cores), a summary of every design over its seeds (designs.txt: mean
# and lowest SSIM against the float reference, mean energy, leakage, area, frames/s; "keeps" when
# every seed keeps SSIM >= 0.8), spinaps pareto over the feasible points, and the results under
# docs/results/ptychonn_reconstruction/.
#   tools/studies/ptychonn_reconstruction.sh [SWEEP_DIR]    (default build/studies/ptychonn_reconstruction;
#                                                            finished points there are kept)
set -euo pipefail
cd "$(dirname "$0")/../.."
sweep_dir="${1:-build/studies/ptychonn_reconstruction}"
results=docs/results/ptychonn_reconstruction
mkdir -p "$results"
build/spinaps sweep configs/sweeps/ptychonn_reconstruction.json --out "$sweep_dir"
cp "$sweep_dir/results.csv" "$results/"
# One line per design (devices per slice, levels, ADC bits) over its seeds, least energy first.
awk -F, '
  NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
  $column["status"] == "ok" {
    design = $column["tile.devices_per_slice"] "," $column["device.levels"] "," $column["tile.adc_bits"]
    ssim = $column["fidelity.ssim"]
    seeds[design] += 1; ssim_sum[design] += ssim
    if (!(design in ssim_min) || ssim < ssim_min[design]) ssim_min[design] = ssim
    rel_sum[design] += $column["fidelity.rel_error"]; energy_sum[design] += $column["energy_per_frame_uj"]
    leakage_sum[design] += $column["leakage_energy_per_frame_uj"]; area[design] = $column["area_mm2.total"]
    fps_sum[design] += $column["frames_per_s"]
  }
  END {
    for (design in seeds) {
      n = seeds[design]; split(design, knob, ",")
      printf "%10.1f %9d %6d %8d %5d %9.3f %9.3f %9.3f %10.1f %9.1f %11.0f  %s\n", energy_sum[design] / n, knob[1],
             knob[2], knob[3], n, ssim_sum[design] / n, ssim_min[design], rel_sum[design] / n,
             leakage_sum[design] / n, area[design], fps_sum[design] / n, (ssim_min[design] >= 0.8 ? "keeps" : "-")
    }
  }' "$results/results.csv" | sort -n > "$results/designs.body"
{
  echo "edge PtychoNN on RRAM tiles: every design over its seeds (configs/sweeps/ptychonn_reconstruction.json)"
  echo "  uJ/frame   devices levels ADC_bits seeds mean_SSIM  min_SSIM  rel_err leakage_uJ  area_mm2  frames/s  SSIM>=0.8_every_seed"
  cat "$results/designs.body"
} > "$results/designs.txt"
rm -f "$results/designs.body"
cat "$results/designs.txt"
build/spinaps pareto "$sweep_dir" --objectives energy_per_frame_uj:min,fidelity.ssim:max --plots "$results/plots" \
  | sed "s|$sweep_dir|SWEEP_DIR|g" > "$results/pareto.txt"
cp "$sweep_dir/pareto.csv" "$results/"
echo "study written to $results/"
