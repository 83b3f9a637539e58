"""CPU time one check_output costs inside the worker, strict vs lenient grading (BENCHMARKS.md, Executor).

Runs a copy of worker.py patched to report the CPU time (time.process_time) of each operation,
without the pipe, JSON and Java around it, on the seed rows ExecutorBench grades (recorded output as
the prediction), strict and lenient alternating. Usage (from the repository root):
    python3 azr4j-bench/python/grading_cost.py [SEED_DIR] [ROUNDS]
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
seed_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "azr-seed")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 6

src = open(os.path.join(root, "azr4j-executor/src/main/resources/dev/azr4j/executor/worker.py")).read()
call = "            result = run_op(op, req)\n"
assert src.count(call) == 1
src = src.replace(call, "            _c0 = _pt()\n" + call
                  + "            if result is not None:\n                result['cpu_us'] = (_pt() - _c0) * 1e6\n")
src = src.replace("def _main():\n", "def _main():\n    from time import process_time as _pt\n", 1)
tmp = tempfile.mkdtemp(prefix="azr4j-grading-")
worker = os.path.join(tmp, "worker.py")
open(worker, "w").write(src)
sandbox = os.path.join(tmp, "sandbox")
os.mkdir(sandbox)

rows = []
for fn in sorted(glob.glob(os.path.join(seed_dir, "*_seed_io.jsonl"))):
    for line in open(fn):
        r = json.loads(line)
        out = r.get("output", "")
        if out and len(out) <= 400:
            rows.append(("".join(i + "\n" for i in r.get("imports", [])) + r["snippet"], r["input"], out))

p = subprocess.Popen([sys.executable, "-s", "-B", worker], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     env={"PYTHONHASHSEED": "0", "PATH": os.environ.get("PATH", "")})
n = 0


def send(o):
    global n
    n += 1
    o["n"] = str(n)
    p.stdin.write((json.dumps(o) + "\n").encode())
    p.stdin.flush()
    answer = json.loads(p.stdout.readline())
    if answer.get("recycle"):
        sys.exit("the worker asked to be replaced; rerun")
    return answer


p.stdin.write((json.dumps({"sandbox": sandbox, "banned": [], "timeout_ms": 5000}) + "\n").encode())
p.stdin.flush()
p.stdout.readline()
for prog, inp, out in rows:  # compile and cache every program, import what they import
    send({"op": "validate", "program": prog, "input": inp})
per = {"strict": [], "lenient": []}
for r in range(rounds):
    for grading in ("strict", "lenient"):
        total, ok = 0.0, 0
        for prog, inp, out in rows:
            a = send({"op": "check_output", "program": prog, "input": inp, "predicted": out, "grading": grading})
            total += a.get("cpu_us", 0.0)
            ok += bool(a.get("ok"))
        per[grading].append(total / len(rows))
        print("round %d %-7s ok %d/%d  %.1f us/request" % (r + 1, grading, ok, len(rows), per[grading][-1]))
for grading, v in per.items():
    v = sorted(v)
    mid = len(v) // 2
    print("%-7s median %.1f us, min %.1f us CPU per check_output (the operation only)"
          % (grading, v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2, v[0]))
p.stdin.close()
p.wait()
