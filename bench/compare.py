#!/usr/bin/env python3
"""Cairn beside PyTorch CPU on NB201 workloads, interleaved in one run.

    bench/setup-pytorch.sh                      # once: a venv with torch in .build/bench-venv
    swift build -c release --product cairn-bench
    python3 bench/compare.py [--threads 2] [--reps 5] [--out docs/results/performance/compare.json]

Every repetition runs each case once in each implementation (Cairn, PyTorch NCHW, PyTorch channels-last), each
in its own process (so peak RSS is per workload), in an order that rotates between repetitions. A process times
a few steps after warm-up and reports their times; the table shows, per case and implementation, the median over
repetitions of each process's median step (or pool pass). Ratios are PyTorch's better layout over Cairn.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = ("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3")
# The stand-alone case runs the first architecture: the one of docs/PERFORMANCE.md's training-step table.
STANDALONE = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"

# name, workload case, batch, timed steps, warm-up steps
CASES = [
    ("a. super-net step, b64", "step", 64, 8, 2),
    ("a. super-net step, b256", "step", 256, 3, 1),
    ("b. step + landmark pair, b64", "landmark", 64, 6, 2),
    ("c. pool eval, 200 archs, b64", "pool", 64, 1, 2),
    ("d. stand-alone N=1 step, b64", "standalone", 64, 20, 3),
]


def architectures(count, seed):
    rng = random.Random(seed)
    lines = [STANDALONE]
    for _ in range(count - 1):
        ops = [rng.choice(OPS) for _ in range(6)]
        lines.append(
            "|{}~0|+|{}~0|{}~1|+|{}~0|{}~1|{}~2|".format(*ops)
        )
    return lines


def parse(text):
    ops = []
    for node in text.split("+"):
        ops += [t.split("~")[0] for t in node.split("|") if t]
    return ops


def conv_flops(ops, batch, channels=16, cells=5):
    """Forward FLOPs (2 per multiply-add) of the convolutions an NB201 path runs on CIFAR-sized input."""
    total = 2 * batch * channels * 32 * 32 * 3 * 9  # stem
    for stage in range(3):
        width, side = channels << stage, 32 >> stage
        plane = 2 * batch * width * side * side
        if stage > 0:
            total += plane * (width // 2) * 9 + plane * width * 9 + plane * (width // 2)
        for op in ops:
            if op == "nor_conv_3x3":
                total += cells * plane * width * 9
            elif op == "nor_conv_1x1":
                total += cells * plane * width
    return total


def training_conv_flops(ops, batch):
    """Forward + backward-data + backward-weights, less the stem's backward-data (nobody needs image gradients)."""
    stem = 2 * batch * 16 * 32 * 32 * 3 * 9
    return 3 * conv_flops(ops, batch) - stem


def run(command, env):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"compare.py: {' '.join(command)} failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cases", default="all", help="comma-separated case numbers (0-based) or 'all'")
    parser.add_argument("--cairn", default=os.path.join(ROOT, ".build/release/cairn-bench"))
    parser.add_argument("--python", default=os.path.join(ROOT, ".build/bench-venv/bin/python"))
    parser.add_argument("--out", help="write every measurement here as JSON")
    parser.add_argument(
        "--with-isa", metavar="ISA",
        help="also run Cairn with oneDNN capped at ISA (ONEDNN_MAX_CPU_ISA, e.g. AVX2), as 'cairn-ISA'",
    )
    parser.add_argument(
        "--with-bf16", action="store_true",
        help="also run Cairn with precision bf16 and PyTorch channels-last under bf16 autocast",
    )
    args = parser.parse_args()
    for path, hint in (
        (args.cairn, "swift build -c release --product cairn-bench"),
        (args.python, "bench/setup-pytorch.sh"),
    ):
        if not os.path.exists(path):
            sys.exit(f"compare.py: {path} is missing; run {hint}")
    cases = CASES if args.cases == "all" else [CASES[int(i)] for i in args.cases.split(",")]

    archs_path = os.path.join(ROOT, ".build/bench-archs.txt")
    archs = architectures(256, seed=0)
    with open(archs_path, "w") as f:
        f.write("\n".join(archs) + "\n")
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    script = os.path.join(ROOT, "bench/pytorch/nb201_bench.py")
    impls = {
        "cairn": lambda case, common: [args.cairn, "nb201", case] + common,
        "pytorch-nchw": lambda case, common: [args.python, script, case, "--layout", "nchw"] + common,
        "pytorch-cl": lambda case, common: [args.python, script, case, "--layout", "cl"] + common,
    }
    environments = {name: env for name in impls}
    variant = f"cairn-{args.with_isa.lower()}" if args.with_isa else None
    if variant:
        impls[variant] = impls["cairn"]
        environments[variant] = dict(env, ONEDNN_MAX_CPU_ISA=args.with_isa)
    bf16 = ["cairn-bf16", "pytorch-cl-bf16"] if args.with_bf16 else []
    if args.with_bf16:
        impls["cairn-bf16"] = lambda case, common: impls["cairn"](case, common) + ["--precision", "bf16"]
        impls["pytorch-cl-bf16"] = lambda case, common: impls["pytorch-cl"](case, common) + ["--precision", "bf16"]
        environments.update({name: env for name in bf16})
    names = list(impls)

    sgemm = subprocess.run([args.cairn, "sgemm", str(args.threads)], capture_output=True, text=True, env=env)
    peak = None
    for line in sgemm.stdout.splitlines():
        if line.startswith("sgemm"):
            peak = float(line.split(":")[1].split("GFLOP/s")[0])
    print(f"sgemm peak ({args.threads} threads): {peak} GFLOP/s", flush=True)

    measurements = []
    started = time.time()
    for rep in range(args.reps):
        for label, case, batch, steps, warmup in cases:
            order = names[rep % len(names) :] + names[: rep % len(names)]
            for impl in order:
                common = [
                    "--batch", str(batch), "--threads", str(args.threads), "--steps", str(steps),
                    "--warmup", str(warmup), "--archs", archs_path,
                ]
                m = run(impls[impl](case, common), environments[impl])
                m.update(impl=impl, label=label, rep=rep, median=statistics.median(m["times"]))
                if case == "step":
                    positions = range(warmup, warmup + steps)
                    flops = sum(training_conv_flops(parse(archs[p % len(archs)]), batch) for p in positions)
                    m["conv_gflops"] = flops / sum(m["times"]) / 1e9
                measurements.append(m)
                print(
                    f"rep {rep + 1}/{args.reps} {label:32s} {impl:13s} {m['median'] * 1e3:9.1f} ms"
                    f"  RSS {m['peak_rss_mb']:7.1f} MB  params {m['parameters']}",
                    flush=True,
                )
    print(f"\n{args.reps} repetitions in {time.time() - started:.0f} s, {args.threads} threads\n")

    def summary(label, impl, key):
        values = [m[key] for m in measurements if m["label"] == label and m["impl"] == impl]
        return statistics.median(values)

    def bf16_cells(label, better_fp32):
        cairn, torch_bf16 = summary(label, "cairn-bf16", "median"), summary(label, "pytorch-cl-bf16", "median")
        return (
            f" {cairn * 1e3:.1f} | {torch_bf16 * 1e3:.1f} | {torch_bf16 / cairn:.2f}x | {better_fp32 / cairn:.2f}x |"
        )

    extra = f" {variant} ms |" if variant else ""
    if bf16:
        extra += " Cairn bf16 ms | PyTorch CL bf16 ms | bf16 speed-up (Cairn bf16 vs PyTorch CL bf16) | Cairn bf16 vs better PyTorch fp32 |"
    print(
        "| case | Cairn ms | PyTorch NCHW ms | PyTorch CL ms | speed-up vs better PyTorch | Cairn RSS MB "
        f"| PyTorch RSS MB (better layout) |{extra}"
    )
    print("|---|---|---|---|---|---|---|" + ("---|" if variant else "") + ("---|" * 4 if bf16 else ""))
    for label, *_ in cases:
        cairn = summary(label, "cairn", "median")
        nchw = summary(label, "pytorch-nchw", "median")
        cl = summary(label, "pytorch-cl", "median")
        better = "pytorch-nchw" if nchw <= cl else "pytorch-cl"
        print(
            f"| {label} | {cairn * 1e3:.1f} | {nchw * 1e3:.1f} | {cl * 1e3:.1f} | {min(nchw, cl) / cairn:.2f}x "
            f"| {summary(label, 'cairn', 'peak_rss_mb'):.0f} | {summary(label, better, 'peak_rss_mb'):.0f} |"
            + (f" {summary(label, variant, 'median') * 1e3:.1f} |" if variant else "")
            + (bf16_cells(label, min(nchw, cl)) if bf16 else "")
        )
    for label, case, *_ in cases:
        if case != "step":
            continue
        row = ", ".join(f"{impl} {summary(label, impl, 'conv_gflops'):.1f}" for impl in names)
        share = summary(label, "cairn", "conv_gflops") / peak * 100 if peak else float("nan")
        print(f"\nconv GFLOP/s in {label}: {row} (Cairn at {share:.0f}% of the sgemm peak {peak})")
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out + ".tmp", "w") as f:
            json.dump({"threads": args.threads, "sgemm_gflops": peak, "measurements": measurements}, f, indent=1)
        os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
