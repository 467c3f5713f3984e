"""What every standalone figure of spinaps shares (the sweep plots of `spinaps pareto` and the
figures of `spinaps fidelity`, `spinaps study` and `spinaps map --plot-dir`): Debian's matplotlib on
the Agg backend, numeric axes labelled at any scale (a log x axis, said in the label, when the
values span two decades or more), and deterministic files (no date, fixed SVG ids) written under a
temporary name and renamed into place only when every figure of the run has been drawn.

Without matplotlib, importing this module exits with MISSING_MATPLOTLIB and one line on stderr; the
simulator turns that exit into one clear error.
"""
import math
import os
import sys

MISSING_MATPLOTLIB = 3  # the exit status spinaps maps to "matplotlib is missing"

try:
    import matplotlib
except ImportError:
    sys.stderr.write("matplotlib is missing\n")
    sys.exit(MISSING_MATPLOTLIB)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator  # noqa: E402

plt.rcParams["svg.hashsalt"] = "spinaps"  # deterministic SVG element ids

LOG_SPAN = 100.0  # a positive parameter whose largest value is >= 100x its smallest gets a log axis


def number(value):
    """A tick label: the shortest text that gives the value back (0.25, 1e-05, 2000)."""
    return f"{value:g}"


def spans_decades(values):
    positive = [v for v in values if v is not None]
    return bool(positive) and min(positive) > 0 and max(positive) / min(positive) >= LOG_SPAN


def x_axis(axis, values, label, log=False):
    """Scales and labels the x axis of `values`: log when asked or when they span two decades or
    more, ticks at the values themselves when they are few and far enough apart to read,
    matplotlib's otherwise."""
    distinct = sorted({v for v in values if v is not None})
    log = (log and bool(distinct) and distinct[0] > 0) or spans_decades(distinct)
    if log:
        axis.set_xscale("log")
    axis.set_xlabel(label + (" (log scale)" if log else ""))
    if not distinct or len(distinct) > 10:
        return
    position = [math.log10(v) for v in distinct] if log else distinct
    span = position[-1] - position[0]
    if span > 0 and min(b - a for a, b in zip(position, position[1:])) < 0.06 * span:
        return  # crowded: the default locator labels them without overlap
    axis.xaxis.set_major_locator(FixedLocator(distinct))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    axis.xaxis.set_minor_locator(NullLocator())


def save_all(figures, directory, extensions):
    """Writes each (figure, stem) as every extension into `directory`: all to temporary names first,
    then renamed into place, so a failed run leaves no figure of it. Returns the paths written."""
    os.makedirs(directory, exist_ok=True)
    pending = []
    try:
        for figure, stem in figures:
            figure.tight_layout(rect=(0, 0, 1, 0.95))  # room for the title, no overlapping labels
            for extension in extensions:
                target = os.path.join(directory, f"{stem}.{extension}")
                pending.append((target + ".tmp", target))
                metadata = {"Date": None} if extension == "svg" else {"Software": None}
                figure.savefig(target + ".tmp", format=extension, dpi=120, bbox_inches="tight", metadata=metadata)
            plt.close(figure)
    except BaseException:
        for temporary, _ in pending:
            if os.path.exists(temporary):
                os.remove(temporary)
        raise
    for temporary, target in pending:
        os.replace(temporary, target)
    return [target for _, target in pending]
