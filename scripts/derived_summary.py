#!/usr/bin/env python3
"""Summarises the architectures a differentiable-search experiment derived (docs/RESULTS.md): per arm, each seed's
argmax-α architecture with its ground truth, skip connections, parameter-free operations and training time, then
mean ± sample std over seeds. Usage: scripts/derived_summary.py EXPERIMENT_DIR"""
import json
import pathlib
import statistics
import sys

if len(sys.argv) != 2 or not (pathlib.Path(sys.argv[1]) / "plan.json").is_file():
    sys.exit("usage: scripts/derived_summary.py EXPERIMENT_DIR (a directory with plan.json)")
root = pathlib.Path(sys.argv[1])
plan = json.loads((root / "plan.json").read_text())
arms = [arm["name"] for arm in plan["arms"]] if isinstance(plan.get("arms"), list) else sorted(
    p.name for p in root.iterdir() if p.is_dir())


def spread(values, digits=2):
    if not values:
        return ""
    mean = statistics.mean(values)
    if len(values) < 2:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {statistics.stdev(values):.{digits}f}"


print("| arm | seeds | ground truth (per seed) | mean ± std | skips | parameter-free | training s |")
print("|---|---|---|---|---|---|---|")
for arm in arms:
    rows = []
    for seed_dir in sorted((root / arm).glob("seed-*")):
        result_file = seed_dir / "result.json"
        if not result_file.is_file():
            continue
        result = json.loads(result_file.read_text())
        if result.get("derivedArchitecture") is None:
            continue
        census = result.get("derivedCensus") or {}
        rows.append((seed_dir.name, result.get("derivedTruth"), census.get("skipConnections"),
                     census.get("parameterFree"), census.get("operations"), result.get("seconds")))
    if not rows:
        continue
    truths = [r[1] for r in rows if r[1] is not None]
    skips = [r[2] for r in rows if r[2] is not None]
    free = [f"{r[3]}/{r[4]}" for r in rows if r[3] is not None]
    seconds = [r[5] for r in rows if r[5] is not None]
    print(f"| {arm} | {len(rows)} | {' / '.join(f'{t:.2f}' for t in truths)} | {spread(truths)} | "
          f"{' / '.join(map(str, skips))} | {' / '.join(free)} | {spread(seconds, 0)} |")
