"""A reference executor built the way the original AZR's is (utils/code_utils/python_executor.py),
for side-by-side benchmarks with azr4j's executor.

Like the original: a process pool (multiprocessing here; the original uses pebble, not installed),
each task `exec`s the program text with a per-task timeout (a signal alarm inside the task, like
timeout_decorator, and a timeout on the result outside, like pebble's map timeout), the last line
of the templated code is `eval`ed, and the result is `str(...).strip()` cut to 400 characters.
Templates follow the original: validate = determinism template (two calls, repr of the result),
check_output = `{predicted} == f({input})` (the original's sandboxed grading template). No isolation at all, as in the original.

Usage: reference_executor.py WORKLOAD.jsonl WORKERS TIMEOUT_S
The workload holds {"phase": str, "mode": "batch"|"sequential"|"warmup", "op": "validate"|"check_output",
"program", "input", "predicted"} lines; prints one "AZR4J-REF {json}" summary line per phase.
"""
import contextlib
import io
import json
import os
import shutil
import tempfile
import multiprocessing as mp
import resource
import signal
import sys
import time
import traceback


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout("Timeout Error")


def _cut(s, n=400):
    return s if len(s) <= n else s[: n // 2] + "..." + s[-n // 2:]


def _execute(code, timeout_s):
    """Runs code lines: all but the last are exec'ed, the last is eval'ed (the original's auto mode)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout_s)
    try:
        lines = code.strip().split("\n")
        g = {}
        with contextlib.redirect_stdout(io.StringIO()):  # programs print; the original captured it too
            exec("\n".join(lines[:-1]), g)
            result = eval(lines[-1], g)
        text = str(result).strip()
        status = "Done"
    except BaseException:
        text, status = "", traceback.format_exc().strip().split("\n")[-1]
    finally:
        signal.alarm(0)
    return _cut(text), _cut(status)


def _code(task):
    prog, inp = task["program"], task["input"]
    if task["op"] == "validate":
        return (prog + "\nreturns = f(" + inp + ")\nif returns != f(" + inp + "):\n"
                "    raise Exception('Non-deterministic code')\nrepr(returns)")
    # the original's sandboxed grading template `{gold} == f({input})` (its abduction check; its
    # deduction check compares two texts without calling f, which would measure nothing)
    return prog + "\n" + task["predicted"] + " == f(" + inp + ")"


def _run_one(args):
    code, timeout_s = args
    return _execute(code, timeout_s)


def main():
    path, workers, timeout_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    phases = {}
    for line in open(path):
        t = json.loads(line)
        phases.setdefault((t["phase"], t["mode"]), []).append(t)
    # The original has no isolation; at least keep files the programs write out of the caller's directory.
    scratch = tempfile.mkdtemp(prefix="azr4j-reference-")
    os.chdir(scratch)
    try:
        run_phases(phases, workers, timeout_s)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _main_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _worker_cpu(pool):
    """CPU seconds so far of each live pool process, from /proc (ended processes are missed)."""
    tick = os.sysconf("SC_CLK_TCK")
    cpu = {}
    for p in pool._pool:
        try:
            with open("/proc/%d/stat" % p.pid) as f:
                fields = f.read().rpartition(")")[2].split()
            cpu[p.pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return cpu


def run_phases(phases, workers, timeout_s):
    with mp.get_context("fork").Pool(workers) as pool:
        for (phase, mode), tasks in phases.items():
            codes = [(_code(t), timeout_s) for t in tasks]
            if mode == "warmup":  # run, not reported
                pool.map(_run_one, codes)
                continue
            latencies = []
            main0, workers0 = _main_cpu(), _worker_cpu(pool)
            t0 = time.perf_counter()
            if mode == "batch":
                submitted = [(time.perf_counter(), pool.apply_async(_run_one, (c,))) for c in codes]
                results = []
                for start, fut in submitted:
                    try:
                        results.append(fut.get(timeout=timeout_s + 1))
                    except mp.TimeoutError:
                        results.append(("", "Timeout Error"))
                    latencies.append((time.perf_counter() - start) * 1000)
            else:
                results = []
                for c in codes:
                    start = time.perf_counter()
                    try:
                        results.append(pool.apply_async(_run_one, (c,)).get(timeout=timeout_s + 1))
                    except mp.TimeoutError:
                        results.append(("", "Timeout Error"))
                    latencies.append((time.perf_counter() - start) * 1000)
            wall = time.perf_counter() - t0
            main_cpu = _main_cpu() - main0
            workers1 = _worker_cpu(pool)
            worker_cpu = sum(c - workers0.get(pid, 0.0) for pid, c in workers1.items())
            ok = sum(1 for _, status in results if "error" not in status.lower())
            latencies.sort()
            pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
            print("AZR4J-REF " + json.dumps({"phase": phase, "mode": mode, "n": len(codes), "ok": ok, "wall_s": wall,
                              "per_s": len(codes) / wall, "p50_ms": pick(0.50), "p99_ms": pick(0.99),
                              "main_cpu_us": main_cpu * 1e6 / len(codes),
                              "worker_cpu_us": worker_cpu * 1e6 / len(codes)}), flush=True)


if __name__ == "__main__":
    main()
