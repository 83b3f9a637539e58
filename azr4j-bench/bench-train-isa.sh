#!/usr/bin/env bash
# Training step tokens/s, azr4j against PyTorch, on both x86 vector ISAs, in one run: the same
# preset, shape, random weights, fp32 and thread count; the two engines and the two ISAs alternate
# ROUNDS times (this machine may be shared, so each round's numbers are kept and the best and the
# median are printed). The AVX2 path is forced on an AVX-512 machine: -XX:UseAVX=2 for azr4j, and
# for PyTorch ATEN_CPU_CAPABILITY=avx2 with MKL_ENABLE_INSTRUCTIONS=AVX2 and ONEDNN_MAX_CPU_ISA=AVX2
# (ATen's own capability does not reach MKL's and oneDNN's GEMMs). On a machine without AVX-512
# the "avx512" rows measure what the machine has.
#   PYTHON=/work/venv-torch/bin/python azr4j-bench/bench-train-isa.sh [ROUNDS]
# Environment: PRESET (tiny), BATCH (64), SEQ (80), THREADS (2), STEPS (5), WARMUP (3),
# WAIT_IDLE (see wait-idle.sh), AZR_JAVA_OPTS (extra JVM options for both ISAs).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PY=${PYTHON:-python3}
ROUNDS=${1:-3}
PRESET=${PRESET:-tiny}; BATCH=${BATCH:-64}; SEQ=${SEQ:-80}; THREADS=${THREADS:-2}; STEPS=${STEPS:-5}; WARMUP=${WARMUP:-3}
. "$ROOT/azr4j-bench/require-python.sh"
require_python "$PY" torch transformers
OUT=$(mktemp "${TMPDIR:-/tmp}/azr-train-isa.XXXXXX.jsonl")
. "$ROOT/azr4j-bench/wait-idle.sh"
PYDIR="$ROOT/azr4j-bench/python"
for r in $(seq "$ROUNDS"); do
  for isa in avx512 avx2; do
    jvm=${AZR_JAVA_OPTS:-}; env_py=()
    if [ "$isa" = avx2 ]; then
      jvm="$jvm -XX:UseAVX=2"
      env_py=(ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2)
    fi
    wait_idle "${WAIT_IDLE:-}"
    AZR_JAVA_OPTS="$jvm" "$ROOT/bin/azr" bench train --json --model-preset "$PRESET" --batch "$BATCH" --seq "$SEQ" \
        --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP" | sed "s/^{/{\"side\":\"azr4j\",\"isa\":\"$isa\",/" >> "$OUT"
    wait_idle "${WAIT_IDLE:-}"
    (cd "$PYDIR" && env "${env_py[@]}" "$PY" bench_train.py --json --preset "$PRESET" --batch "$BATCH" --seq "$SEQ" \
        --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP") | sed "s/^{/{\"side\":\"pytorch\",\"isa\":\"$isa\",/" >> "$OUT"
  done
done
python3 - "$OUT" "$BATCH" "$SEQ" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"batch {sys.argv[2]} x {sys.argv[3]} tokens; training step tokens/s")
print("| ISA | azr4j best | PyTorch best | ratio | azr4j median | PyTorch median | ratio |")
print("|---|---|---|---|---|---|---|")
for isa in ("avx512", "avx2"):
    a = [r["tokens_per_s"] for r in rows if r["isa"] == isa and r["side"] == "azr4j"]
    p = [r["tokens_per_s"] for r in rows if r["isa"] == isa and r["side"] == "pytorch"]
    ma, mp = statistics.median(a), statistics.median(p)
    print(f"| {isa} | {max(a):.0f} | {max(p):.0f} | {max(a) / max(p):.2f}x | {ma:.0f} | {mp:.0f} | {ma / mp:.2f}x |")
print(f"\nrounds: {len(rows) // 4}; raw results: {sys.argv[1]}")
PY
