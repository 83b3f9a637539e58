#!/usr/bin/env bash
# Side-by-side engine benchmark, azr4j vs PyTorch/transformers on the same preset, random
# weights, fp32, same thread count: training step (forward + backward + clip + AdamW) and batched
# KV-cache sampling. The two engines alternate ROUNDS times (the machine may be shared), each
# round's numbers are kept, and a Markdown table of best and median values is printed (on a
# shared machine others' load only slows a run down, so the best of several is the fairer figure).
#   PYTHON=/work/venv-torch/bin/python WAIT_IDLE=85 azr4j-bench/bench-engine.sh [ROUNDS]
# WAIT_IDLE=P starts each measurement only once the CPUs were at least P% idle over 3 s.
# Environment: PRESET (small), THREADS (2), TRAIN_BATCH (4), SEQ (256), DECODE_BATCH (16),
# NEW_TOKENS (256), AZR_JAVA_OPTS (extra JVM options; the launcher already caps the young
# generation with -XX:MaxNewSize=128m, see bin/jdk.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PY=${PYTHON:-python3}
ROUNDS=${1:-3}
PRESET=${PRESET:-small}; THREADS=${THREADS:-2}; TRAIN_BATCH=${TRAIN_BATCH:-4}; SEQ=${SEQ:-256}
DECODE_BATCH=${DECODE_BATCH:-16}; NEW_TOKENS=${NEW_TOKENS:-256}
. "$ROOT/azr4j-bench/require-python.sh"
require_python "$PY" torch transformers
OUT=$(mktemp "${TMPDIR:-/tmp}/azr-engine-bench.XXXXXX.jsonl")
. "$ROOT/azr4j-bench/wait-idle.sh"
PYDIR="$ROOT/azr4j-bench/python"
for r in $(seq "$ROUNDS"); do
  wait_idle "${WAIT_IDLE:-}"
  "$ROOT/bin/azr" bench train --json --model-preset "$PRESET" --batch "$TRAIN_BATCH" --seq "$SEQ" --threads "$THREADS" --steps 3 \
    | sed 's/^{/{"side":"azr4j","bench":"train",/' >> "$OUT"
  wait_idle "${WAIT_IDLE:-}"
  (cd "$PYDIR" && "$PY" bench_train.py --json --preset "$PRESET" --batch "$TRAIN_BATCH" --seq "$SEQ" --threads "$THREADS" --steps 3) \
    | sed 's/^{/{"side":"pytorch","bench":"train",/' >> "$OUT"
  wait_idle "${WAIT_IDLE:-}"
  "$ROOT/bin/azr" bench decode --json --model-preset "$PRESET" --batch "$DECODE_BATCH" --new-tokens "$NEW_TOKENS" --threads "$THREADS" --repeat 1 \
    | sed 's/^{/{"side":"azr4j","bench":"decode",/' >> "$OUT"
  wait_idle "${WAIT_IDLE:-}"
  (cd "$PYDIR" && "$PY" bench_decode.py --json --preset "$PRESET" --batch "$DECODE_BATCH" --new-tokens "$NEW_TOKENS" --threads "$THREADS" --repeat 1) \
    | sed 's/^{/{"side":"pytorch","bench":"decode",/' >> "$OUT"
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def values(bench, side, key):
    return [r[key] for r in rows if r["bench"] == bench and r["side"] == side]
print("| measurement | azr4j | PyTorch | ratio |")
print("|---|---|---|---|")
for bench, label in (("train", "train step tokens/s"), ("decode", "sampling tokens/s")):
    a, p = values(bench, "azr4j", "tokens_per_s"), values(bench, "pytorch", "tokens_per_s")
    print(f"| {label}, best of {len(a)} | {max(a):.1f} | {max(p):.1f} | {max(a) / max(p):.2f}x |")
    ma, mp = statistics.median(a), statistics.median(p)
    print(f"| {label}, median of {len(a)} | {ma:.1f} | {mp:.1f} | {ma / mp:.2f}x |")
    a, p = values(bench, "azr4j", "peak_rss_mib"), values(bench, "pytorch", "peak_rss_mib")
    print(f"| {bench} peak RSS MiB (max) | {max(a):.0f} | {max(p):.0f} | {max(a) / max(p):.2f}x |")
print(f"\nraw results: {sys.argv[1]}")
PY
