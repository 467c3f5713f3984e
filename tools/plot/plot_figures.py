#!/usr/bin/python3
"""Standalone figures of `spinaps fidelity`, `spinaps study` and `spinaps map --plot-dir`, as SVG.

Usage: plot_figures.py INPUT.json      draw the figures INPUT describes, print each file written
       plot_figures.py --check         exit 0 when matplotlib can be imported (spinaps asks before a
                                       long run, so a missing matplotlib costs no simulation)
INPUT: {"output_dir": DIR, "figures": [FIGURE, ...]}, each FIGURE one file DIR/<file>.svg:
  {"file", "title", "kind": "lines", "x_label",
   "panels": [{"y_label", "series": [{"label", "points": [[x, y], ...], "reference": bool}]}]}
      one panel per y quantity over a shared x axis (spinaps_plot.x_axis: log when the values span
      two decades); measured series are lines with markers, references dashed;
  {"file", "title", "kind": "bars", "value_label", "value_format", "bars": [{"label", "value"}]}
      horizontal bars in the order given, each labelled with its value and share of the total.
Labels carry their units. Files are written all at once or not at all (spinaps_plot.save_all).
"""
import json
import sys

from spinaps_plot import plt, save_all, x_axis


def lines(figure_spec):
    panels = figure_spec["panels"]
    figure, axes = plt.subplots(len(panels), 1, figsize=(6.4, 1.0 + 3.2 * len(panels)), sharex=True, squeeze=False)
    axes = [row[0] for row in axes]
    xs = [x for panel in panels for series in panel["series"] for x, _ in series["points"]]
    for axis, panel in zip(axes, panels):
        for series in panel["series"]:
            if not series["points"]:
                continue
            px, py = zip(*series["points"])
            if series.get("reference"):
                axis.plot(px, py, linestyle="--", color="#7f7f7f", linewidth=1.2, label=series["label"])
            else:
                axis.plot(px, py, marker="o", markersize=4, linewidth=1.5, label=series["label"])
        axis.set_ylabel(panel["y_label"])
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize="small")
    for axis in axes:
        x_axis(axis, xs, figure_spec["x_label"])
        axis.tick_params(labelbottom=True)
    figure.suptitle(figure_spec["title"])
    return figure


def bars(figure_spec):
    items = figure_spec["bars"]
    figure, axis = plt.subplots(figsize=(7.2, 1.2 + 0.42 * max(1, len(items))))
    labels = [item["label"] for item in items]
    values = [item["value"] for item in items]
    positions = range(len(items))
    axis.barh(positions, values, color="#1f77b4")
    axis.set_yticks(list(positions))
    axis.set_yticklabels(labels)
    axis.invert_yaxis()  # the first bar on top
    total = sum(values)
    for position, value in zip(positions, values):
        share = f" ({100.0 * value / total:.1f} %)" if total > 0 else ""
        axis.annotate(figure_spec["value_format"] % value + share, (value, position), xytext=(3, 0),
                      textcoords="offset points", va="center", fontsize="small")
    axis.set_xlabel(figure_spec["value_label"])
    axis.set_xlim(0, 1.3 * max(values) if values and max(values) > 0 else 1)
    axis.grid(True, axis="x", alpha=0.3)
    figure.suptitle(figure_spec["title"])
    return figure


def main():
    if sys.argv[1:] == ["--check"]:
        return
    if len(sys.argv) != 2:
        sys.exit("usage: plot_figures.py INPUT.json | --check")
    with open(sys.argv[1], encoding="utf-8") as stream:
        data = json.load(stream)
    draw = {"lines": lines, "bars": bars}
    figures = [(draw[spec["kind"]](spec), spec["file"]) for spec in data["figures"]]
    for path in save_all(figures, data["output_dir"], ("svg",)):
        print(path)


if __name__ == "__main__":
    main()
