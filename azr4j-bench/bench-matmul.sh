#!/usr/bin/env bash
# Side-by-side matmul benchmark: `azr bench matmul --json ARGS...`, then PyTorch on the same shapes
# and thread count, printed as one Markdown table. REPEAT=R alternates R such pairs of runs and
# prints the best of each (the machine may be shared). PYTHON selects an interpreter with torch
# (default python3). WAIT_IDLE=P starts each run only once the CPUs were at least P% idle over 3 s
# (gives up waiting after 10 minutes): on a shared machine, measure when others are quiet.
# OpenBLAS tuning variables are unset for the PyTorch run only.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PY=${PYTHON:-python3}
. "$ROOT/azr4j-bench/require-python.sh"
require_python "$PY" torch
DIR=$(mktemp -d "${TMPDIR:-/tmp}/azr-matmul.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
MIN_TIME=$(sed -n 's/.*--min-time-ms[ =]\([0-9]*\).*/\1/p' <<<"$*")
. "$ROOT/azr4j-bench/wait-idle.sh"
FILES=()
for ((r = 1; r <= ${REPEAT:-1}; r++)); do
  wait_idle "${WAIT_IDLE:-}"
  "$ROOT/bin/azr" bench matmul --json "$@" > "$DIR/ours$r.json"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$ROOT/azr4j-bench/python/bench_matmul.py" \
    --from "$DIR/ours$r.json" --json ${MIN_TIME:+--min-time-ms "$MIN_TIME"} > "$DIR/torch$r.json"
  FILES+=("$DIR/ours$r.json" "$DIR/torch$r.json")
  echo "run $r: load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
"$PY" "$ROOT/azr4j-bench/python/bench_matmul.py" --merge "${FILES[@]}"
