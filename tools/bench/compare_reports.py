#!/usr/bin/env python3
"""Checks that a change to the simulator keeps every result exact: runs the same commands with two
builds and compares their reports, leaving out only what may differ between builds (wall-clock
times and rates, the git commit, the command line).

    tools/bench/compare_reports.py BASE_SPINAPS NEW_SPINAPS [--quick] [--keep DIR]

BASE_SPINAPS is a binary built before the change (copy build/spinaps aside before rebuilding),
NEW_SPINAPS the one after. Both run from the source tree with SPINAPS_SHARE_DIR pointing at this build's data
(build/share/spinaps), so a copied binary finds its technology tables and datasets. Compared:
- `spinaps run` reports and `--trace` files of every bundled SNN configuration, with STT faults
  and read errors, idle skipping off, other read-buffer depths and MAC lanes, and every inference
  traced;
- `spinaps noc` reports under both routings, 1 to 8 virtual channels, buffer depths 1 to 8,
  pipelines and link latencies, packet lengths, all traffic patterns and 2x2 to 16x16 meshes;
- `spinaps run` reports of the CNN configurations (edge PtychoNN with other NoC settings and a
  streaming rate, mnist_mlp_rram).
--quick runs a smaller set (seconds; the whole set takes about 40 s on a 2-core machine). Exits 1
and names every case that differs, 0 when all match. docs/performance.md says when to run it.
"""
import argparse
import difflib
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Keys whose values legitimately differ between two builds or two runs of one build.
VOLATILE_KEYS = {"command", "command_line", "date", "host"}


def volatile(key):
    return key in VOLATILE_KEYS or key.startswith("git") or "wall" in key or key.endswith("_per_second")


def stable(value):
    if isinstance(value, dict):
        return {key: stable(item) for key, item in value.items() if not volatile(key)}
    if isinstance(value, list):
        return [stable(item) for item in value]
    return value


SNN_CASES = [
    ("default", ["run", "configs/spinaps.json", "--samples", "200"]),
    ("har", ["run", "configs/spinaps_har.json", "--samples", "100"]),
    ("784x500x10", ["run", "configs/spinaps_784x500x10.json", "--samples", "50"]),
    ("5x5", ["run", "configs/spinaps_k4b8_5x5.json", "--samples", "200"]),
    ("5x5_faults", ["run", "configs/spinaps_k4b8_5x5.json", "--samples", "100", "-p",
                    "faults.stt.read_error_probability=0.001", "-p", "faults.stt.stuck_at_p_rate=0.001"]),
    ("5x5_no_skip", ["run", "configs/spinaps_k4b8_5x5.json", "--samples", "30", "-p",
                     "simulation.idle_skipping=false"]),
    ("784x500x10_pipeline", ["run", "configs/spinaps_784x500x10.json", "--samples", "30", "-p",
                             "crossbar.read_buffer_depth=1", "-p", "neuron.mac_lanes=4"]),
    ("5x5_all_traced", ["run", "configs/spinaps_k4b8_5x5.json", "--samples", "60", "--trace-inferences", "60"]),
]
NOC_CASES = [
    ("noc_8x8", "--mesh 8x8 --traffic uniform --rates 0.01,0.04,0.1,0.3,0.5 --cycles 20000 --fan-out unicast"),
    ("noc_1vc", "--mesh 4x4 --traffic uniform --rates 0.05,0.2,0.6,0.9 --cycles 10000 --vcs 1 --buffer-depth 2"),
    ("noc_4vc", "--mesh 4x4 --traffic uniform --rates 0.05,0.3,0.8 --cycles 10000 --vcs 4 --buffer-depth 8 "
                "--pipeline 1 --link-latency 3"),
    ("noc_hotspot", "--mesh 6x5 --traffic hotspot --rates 0.02,0.1,0.4 --cycles 10000 --routing west_first"),
    ("noc_transpose", "--mesh 8x8 --traffic transpose --rates 0.05,0.2,0.5 --cycles 10000 --routing west_first "
                      "--vcs 3 --buffer-depth 3"),
    ("noc_complement", "--mesh 8x8 --traffic bit_complement --rates 0.05,0.3 --cycles 10000 --pipeline 3 "
                       "--link-latency 2 --packet-flits 7"),
    ("noc_1flit", "--mesh 3x7 --traffic uniform --rates 0.1,0.7 --cycles 10000 --packet-flits 1 --buffer-depth 1"),
    ("noc_long", "--mesh 5x5 --traffic uniform --rates 0.2,0.9 --cycles 10000 --packet-flits 12 --vcs 5 "
                 "--buffer-depth 5 --pipeline 1"),
    ("noc_16x16", "--mesh 16x16 --traffic uniform --rates 0.04,0.2 --cycles 5000 --seed 7"),
    ("noc_8vc", "--mesh 2x2 --traffic uniform --rates 1.0 --cycles 5000 --vcs 8 --buffer-depth 2 --link-latency 5"),
]
CNN_CASES = [
    ("ptychonn", ["run", "configs/ptychonn_edge.json", "--frames", "2"]),
    ("ptychonn_noc", ["run", "configs/ptychonn_edge.json", "--frames", "2", "-p", "noc.virtual_channels=1", "-p",
                      "noc.buffer_depth_flits=2", "-p", "noc.flit_bits=64"]),
    ("ptychonn_stream", ["run", "configs/ptychonn_edge.json", "--frames", "3", "-p", "workload.stream_rate_hz=20000",
                         "-p", "noc.routing=west_first", "-p", "noc.virtual_channels=3"]),
    ("mnist_mlp_rram", ["run", "configs/mnist_mlp_rram.json"]),
]
QUICK = {"default", "5x5_faults", "noc_8x8", "noc_hotspot", "noc_long", "mnist_mlp_rram"}


def cases(quick):
    listed = [(name, args, True) for name, args in SNN_CASES]  # SNN runs are compared with their traces
    listed += [(name, ["noc"] + args.split(), False) for name, args in NOC_CASES]
    listed += [(name, args, False) for name, args in CNN_CASES]
    return [case for case in listed if not quick or case[0] in QUICK]


def run(binary, args, out, trace, environment):
    command = [binary] + args + ["--out", str(out), "-q"]
    if trace is not None:
        command += ["--trace", str(trace)]
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        return f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()[-500:]}"
    return None


def compare(name, args, traced, base, new, scratch, environment):
    """Returns a list of problems with this case (empty when the two builds agree)."""
    outputs = {}
    for label, binary in (("base", base), ("new", new)):
        out = scratch / f"{name}.{label}.json"
        trace = scratch / f"{name}.{label}.trace.json" if traced else None
        failure = run(binary, args, out, trace, environment)
        if failure:
            return [f"{label}: {failure}"]
        outputs[label] = (out, trace)
    problems = []
    reports = [json.dumps(stable(json.loads(outputs[label][0].read_text())), indent=1, sort_keys=True).splitlines()
               for label in ("base", "new")]
    if reports[0] != reports[1]:
        diff = list(difflib.unified_diff(reports[0], reports[1], "base", "new", n=1, lineterm=""))
        problems.append("report differs:\n  " + "\n  ".join(diff[:20]))
    if traced and outputs["base"][1].read_bytes() != outputs["new"][1].read_bytes():
        problems.append("trace differs")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="spinaps built before the change")
    parser.add_argument("new", help="spinaps built after the change")
    parser.add_argument("--quick", action="store_true", help="a smaller set of cases (seconds)")
    parser.add_argument("--keep", help="write the reports here and keep them (default: a temporary directory)")
    arguments = parser.parse_args()
    binaries = [str(pathlib.Path(binary).resolve()) for binary in (arguments.base, arguments.new)]
    for binary in binaries:
        if not os.access(binary, os.X_OK):
            sys.exit(f"compare_reports.py: {binary} is not an executable")
    environment = dict(os.environ)
    environment.setdefault("SPINAPS_SHARE_DIR", str(ROOT / "build" / "share" / "spinaps"))
    failed = []
    with tempfile.TemporaryDirectory() as temporary:
        scratch = pathlib.Path(arguments.keep or temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        for name, args, traced in cases(arguments.quick):
            problems = compare(name, args, traced, binaries[0], binaries[1], scratch, environment)
            print(f"{'same' if not problems else 'DIFFERS'}  {name}: spinaps {' '.join(args)}", flush=True)
            for problem in problems:
                print("  " + problem)
            if problems:
                failed.append(name)
    if failed:
        print(f"{len(failed)} case(s) differ: {', '.join(failed)}")
        return 1
    print("every report is identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
