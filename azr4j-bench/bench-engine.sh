#!/usr/bin/env bash
# Side-by-side engine benchmark, azr4j vs PyTorch/transformers on the same preset, random
# weights, fp32, same thread count: training step (forward + backward + clip + AdamW) and batched
# KV-cache sampling. The two engines alternate ROUNDS times (the machine may be shared), each
# round's numbers are kept, and a Markdown table of medians is printed.
#   PYTHON=/work/venv-torch/bin/python azr4j-bench/bench-engine.sh [ROUNDS]
# Environment: PRESET (small), THREADS (2), TRAIN_BATCH (4), SEQ (256), DECODE_BATCH (16),
# NEW_TOKENS (256), AZR_JAVA_OPTS (extra JVM options, e.g. -Xmn64m).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PY=${PYTHON:-python3}
ROUNDS=${1:-3}
PRESET=${PRESET:-small}; THREADS=${THREADS:-2}; TRAIN_BATCH=${TRAIN_BATCH:-4}; SEQ=${SEQ:-256}
DECODE_BATCH=${DECODE_BATCH:-16}; NEW_TOKENS=${NEW_TOKENS:-256}
if ! "$PY" -c 'import torch, transformers' 2>/dev/null; then
  echo "bench-engine.sh: $PY cannot import torch and transformers; set PYTHON" >&2
  exit 2
fi
OUT=$(mktemp "${TMPDIR:-/tmp}/azr-engine-bench.XXXXXX.jsonl")
PYDIR="$ROOT/azr4j-bench/python"
for r in $(seq "$ROUNDS"); do
  "$ROOT/bin/azr" bench train --json --preset "$PRESET" --batch "$TRAIN_BATCH" --seq "$SEQ" --threads "$THREADS" --steps 3 \
    | sed 's/^{/{"side":"azr4j","bench":"train",/' >> "$OUT"
  (cd "$PYDIR" && "$PY" bench_train.py --json --preset "$PRESET" --batch "$TRAIN_BATCH" --seq "$SEQ" --threads "$THREADS" --steps 3) \
    | sed 's/^{/{"side":"pytorch","bench":"train",/' >> "$OUT"
  "$ROOT/bin/azr" bench decode --json --preset "$PRESET" --batch "$DECODE_BATCH" --new-tokens "$NEW_TOKENS" --threads "$THREADS" --repeat 1 \
    | sed 's/^{/{"side":"azr4j","bench":"decode",/' >> "$OUT"
  (cd "$PYDIR" && "$PY" bench_decode.py --json --preset "$PRESET" --batch "$DECODE_BATCH" --new-tokens "$NEW_TOKENS" --threads "$THREADS" --repeat 1) \
    | sed 's/^{/{"side":"pytorch","bench":"decode",/' >> "$OUT"
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(bench, side, key):
    v = [r[key] for r in rows if r["bench"] == bench and r["side"] == side]
    return statistics.median(v), len(v)
print("| measurement | azr4j | PyTorch | ratio |")
print("|---|---|---|---|")
for bench, label in (("train", "train step tokens/s"), ("decode", "sampling tokens/s")):
    a, n = med(bench, "azr4j", "tokens_per_s"); p, _ = med(bench, "pytorch", "tokens_per_s")
    print(f"| {label} (median of {n}) | {a:.1f} | {p:.1f} | {a / p:.2f}x |")
    a, _ = med(bench, "azr4j", "peak_rss_mib"); p, _ = med(bench, "pytorch", "peak_rss_mib")
    print(f"| {bench} peak RSS MiB | {a:.0f} | {p:.0f} | {a / p:.2f}x |")
print(f"\nraw results: {sys.argv[1]}")
PY
