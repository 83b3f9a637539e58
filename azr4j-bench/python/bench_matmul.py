#!/usr/bin/env python3
"""PyTorch fp32 side of `azr bench matmul`: the same shapes, variants and thread count.

    bench_matmul.py --from ours.json [--json]      # shapes/threads from `azr bench matmul --json`
    bench_matmul.py --threads 2 --m 1024 --n 512 --k 512
    bench_matmul.py --merge ours1.json torch1.json ours2.json torch2.json ...   # best-of table

With --from it prints one Markdown table: ours vs PyTorch GFLOP/s per shape and % of the peak
that the Java side estimated. Timing is the same as the Java side: a warm-up, then batches of
calls of ~1/8 of the budget each, reporting the best (and median) batch.

Variants (C is [m x n]):  transB  C = A[m x k] . B[n x k]^T   (linear forward, torch.mm(A, B.t()))
                          plain   C = A[m x k] . B[k x n]     (input gradient)
                          transA  C = A[k x m]^T . B[k x n]   (weight gradient)
"""
import argparse
import json
import sys
import time

import torch


def measure(variant, m, n, k, min_time_s):
    g = torch.Generator().manual_seed(m * 31 + n * 17 + k)
    if variant == "transB":
        a, b = torch.rand(m, k, generator=g) * 2 - 1, torch.rand(n, k, generator=g) * 2 - 1
        fn = lambda out: torch.mm(a, b.t(), out=out)
    elif variant == "plain":
        a, b = torch.rand(m, k, generator=g) * 2 - 1, torch.rand(k, n, generator=g) * 2 - 1
        fn = lambda out: torch.mm(a, b, out=out)
    elif variant == "transA":
        a, b = torch.rand(k, m, generator=g) * 2 - 1, torch.rand(k, n, generator=g) * 2 - 1
        fn = lambda out: torch.mm(a.t(), b, out=out)
    else:
        raise SystemExit(f"bench_matmul.py: unknown variant {variant!r}")
    out = torch.empty(m, n)
    calls, t0 = 0, time.perf_counter()
    while calls < 3 or time.perf_counter() - t0 < max(0.2, min_time_s / 2):
        fn(out)
        calls += 1
    per_call = (time.perf_counter() - t0) / calls
    reps = max(1, min(1_000_000, int(min_time_s / 8 / per_call)))
    batches, end = [], time.perf_counter() + min_time_s
    while len(batches) < 3 or time.perf_counter() < end:
        s = time.perf_counter()
        for _ in range(reps):
            fn(out)
        batches.append((time.perf_counter() - s) / reps)
    batches.sort()
    flops = 2.0 * m * n * k
    return flops / batches[0] / 1e9, flops / batches[len(batches) // 2] / 1e9


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="source", help="JSON written by `azr bench matmul --json`")
    p.add_argument("--threads", type=int)
    p.add_argument("--m", type=int)
    p.add_argument("--n", type=int)
    p.add_argument("--k", type=int)
    p.add_argument("--min-time-ms", type=float, default=800)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--merge", nargs="+", metavar="FILE",
                   help="pairs of (azr4j JSON, PyTorch --json output) from repeated runs: print the best of each")
    args = p.parse_args()

    if args.merge:
        return merge(args.merge)

    if args.source:
        with open(args.source) as f:
            ours = json.load(f)
        threads = args.threads or ours["threads"]
        cases = ours["results"]
    elif args.m and args.n and args.k:
        ours = None
        threads = args.threads or torch.get_num_threads()
        cases = [{"layer": "custom", "variant": v, "m": args.m, "n": args.n, "k": args.k}
                 for v in ("transB", "plain", "transA")]
    else:
        p.error("give --from FILE, or --m, --n and --k")
    torch.set_num_threads(threads)
    rows = []
    for c in cases:
        best, median = measure(c["variant"], c["m"], c["n"], c["k"], args.min_time_ms / 1000)
        rows.append(dict(c, torch_gflops=round(best, 1), torch_gflops_median=round(median, 1)))
    info = {"torch": torch.__version__, "threads": threads, "blas": torch.backends.mkl.is_available() and "mkl" or "other",
            "cpu_capability": torch.backends.cpu.get_cpu_capability()}
    if args.json:
        print(json.dumps({"info": info, "results": rows}))
        return
    print_table(ours, info, rows, threads)


def merge(files):
    """Best-of table over repeated side-by-side runs (each run: azr4j JSON, then PyTorch JSON)."""
    if len(files) % 2:
        raise SystemExit("bench_matmul.py: --merge takes pairs of files (azr4j JSON, PyTorch JSON)")
    runs = []
    for i in range(0, len(files), 2):
        with open(files[i]) as f:
            ours = json.load(f)
        with open(files[i + 1]) as f:
            theirs = json.load(f)
        runs.append((ours, theirs))
    base, info = runs[0][0], runs[0][1]["info"]
    rows = []
    for idx, r in enumerate(base["results"]):
        row = dict(r)
        row["gflops"] = max(o["results"][idx]["gflops"] for o, _ in runs)
        row["torch_gflops"] = max(t["results"][idx]["torch_gflops"] for _, t in runs)
        rows.append(row)
    base = dict(base)
    base["peak"] = max((o["peak"] for o, _ in runs), key=lambda p: p["peak_gflops"])
    print(f"best of {len(runs)} run(s)")
    print_table(base, info, rows, base["threads"])


def print_table(ours, info, rows, threads):
    peak = ours["peak"]["peak_gflops"] if ours else None
    if ours:
        pk = ours["peak"]
        print(f"peak estimate: {pk['cpu_model']}, {pk['isa']}, {pk['vector_bits']}-bit: nominal {pk['nominal_gflops']} GFLOP/s "
              f"({threads} x {pk['ghz']:.2f} GHz x {pk['fma_per_cycle']} FMA/cycle x 2 x {pk['vector_bits'] // 32} lanes), "
              f"measured FMA loop {pk['measured_fma_gflops']} GFLOP/s (one thread's rate x {threads}); peak used: {peak} GFLOP/s")
    print(f"PyTorch {info['torch']} ({info['blas']}, {info['cpu_capability']}), {threads} thread(s)"
          + (f"; azr4j: {ours['backend']}; peak {peak} GFLOP/s" if ours else ""))
    print()
    head = "| layer | variant | m | n | k | "
    if ours:
        print(head + "azr4j GFLOP/s | PyTorch GFLOP/s | azr4j / PyTorch | azr4j % of peak | PyTorch % of peak |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['layer']} | {r['variant']} | {r['m']} | {r['n']} | {r['k']} | {r['gflops']:.1f} | "
                  f"{r['torch_gflops']:.1f} | {r['gflops'] / r['torch_gflops']:.2f}x | "
                  f"{100 * r['gflops'] / peak:.0f}% | {100 * r['torch_gflops'] / peak:.0f}% |")
    else:
        print(head + "PyTorch GFLOP/s | median |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['layer']} | {r['variant']} | {r['m']} | {r['n']} | {r['k']} | "
                  f"{r['torch_gflops']:.1f} | {r['torch_gflops_median']:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
