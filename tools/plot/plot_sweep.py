#!/usr/bin/python3
"""Plots of a design-space sweep, written by `spinaps pareto` (PNG and SVG of each figure).

Usage: plot_sweep.py INPUT.json
INPUT names the output directory, the swept parameters, the collected metrics, the objectives and
every finished point (its parameter values, metrics, feasibility and whether it is on the front).
Figures:
  pareto_front.{png,svg}         the objectives against each other (pairs when there are more than
                                 two), front points highlighted and joined for two objectives
  metrics_vs_<parameter>.{png,svg}  every metric against one swept parameter
Axes, file writing and determinism are spinaps_plot's (beside this script), shared with every
other standalone figure: a failed run leaves no figure, and the same sweep gives the same files.
"""
import json
import math
import re
import sys

from spinaps_plot import plt, save_all, x_axis

FRONT = dict(color="#d62728", s=36, zorder=3, label="Pareto front")
OTHERS = dict(color="#1f77b4", s=18, alpha=0.6, zorder=2, label="feasible")
INFEASIBLE = dict(color="#7f7f7f", s=18, marker="x", alpha=0.6, zorder=1, label="infeasible")


def label(objective):
    return f"{objective['metric']} ({'max' if objective['maximise'] else 'min'})"


def scatter_groups(axis, points, x_of, y_of):
    """Draws infeasible, feasible and front points; returns the front points."""
    groups = {"infeasible": [], "feasible": [], "front": []}
    for point in points:
        x, y = x_of(point), y_of(point)
        if x is None or y is None:
            continue
        key = "front" if point["front"] else ("feasible" if point["feasible"] else "infeasible")
        groups[key].append((x, y))
    for key, style in (("infeasible", INFEASIBLE), ("feasible", OTHERS), ("front", FRONT)):
        if groups[key]:
            xs, ys = zip(*groups[key])
            axis.scatter(xs, ys, **style)
    return groups["front"]


def metric_of(name, metrics):
    position = metrics.index(name)
    return lambda point: point["metrics"][position]


def plot_front(data):
    objectives, metrics, points = data["objectives"], data["metrics"], data["points"]
    if len(objectives) == 1:
        figure, axis = plt.subplots(figsize=(6.4, 4.4))
        scatter_groups(axis, points, lambda p: p["point"], metric_of(objectives[0]["metric"], metrics))
        axis.set_xlabel("design point")
        axis.set_ylabel(label(objectives[0]))
        axes = [axis]
    else:
        pairs = [(a, b) for a in range(len(objectives)) for b in range(a + 1, len(objectives))]
        columns = min(3, len(pairs))
        rows = math.ceil(len(pairs) / columns)
        figure, grid = plt.subplots(rows, columns, figsize=(5.2 * columns, 4.2 * rows), squeeze=False)
        axes = [axis for row in grid for axis in row]
        for axis, (a, b) in zip(axes, pairs):
            front = scatter_groups(axis, points, metric_of(objectives[a]["metric"], metrics),
                                   metric_of(objectives[b]["metric"], metrics))
            if len(objectives) == 2 and len(front) > 1:
                xs, ys = zip(*sorted(front))
                axis.plot(xs, ys, color=FRONT["color"], linewidth=1, zorder=2)
            axis.set_xlabel(label(objectives[a]))
            axis.set_ylabel(label(objectives[b]))
        for axis in axes[len(pairs):]:
            axis.set_visible(False)
    for axis in axes:
        axis.grid(True, alpha=0.3)
    axes[0].legend(fontsize="small")
    figure.suptitle(f"{data['title']}: Pareto front ({len(data['front_points'])} of {len(points)} points)")
    return figure, "pareto_front"


def plot_parameter(data, position, parameter):
    metrics, points = data["metrics"], data["points"]
    values = [point["values"][position] for point in points]
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    categories = [] if numeric else sorted({json.dumps(v) for v in values})
    x_of = (lambda p: p["values"][position]) if numeric else (lambda p: categories.index(json.dumps(p["values"][position])))
    columns = min(3, len(metrics))
    rows = math.ceil(len(metrics) / columns)
    figure, grid = plt.subplots(rows, columns, figsize=(4.6 * columns, 3.6 * rows), squeeze=False)
    axes = [axis for row in grid for axis in row]
    for axis, name in zip(axes, metrics):
        scatter_groups(axis, points, x_of, metric_of(name, metrics))
        axis.set_ylabel(name)
        axis.grid(True, alpha=0.3)
        if numeric:
            x_axis(axis, values, parameter["key"], log=parameter["scale"] == "log")
        else:
            axis.set_xlabel(parameter["key"])
            axis.set_xticks(range(len(categories)))
            axis.set_xticklabels([json.loads(c) if c.startswith('"') else c for c in categories],
                                 rotation=20, fontsize="small")
    for axis in axes[len(metrics):]:
        axis.set_visible(False)
    axes[0].legend(fontsize="small")
    figure.suptitle(f"{data['title']}: metrics against {parameter['key']}")
    stem = "metrics_vs_" + re.sub(r"[^A-Za-z0-9_.-]", "_", parameter["key"])
    return figure, stem


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: plot_sweep.py INPUT.json")
    with open(sys.argv[1], encoding="utf-8") as stream:
        data = json.load(stream)
    data["front_points"] = [p for p in data["points"] if p["front"]]
    figures = [plot_front(data)]
    for position, parameter in enumerate(data["parameters"]):
        figures.append(plot_parameter(data, position, parameter))
    for path in save_all(figures, data["output_dir"], ("png", "svg")):
        print(path)


if __name__ == "__main__":
    main()
