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
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "bench-matmul.sh: $PY cannot import torch; set PYTHON to an interpreter that has it" >&2
  exit 2
fi
DIR=$(mktemp -d "${TMPDIR:-/tmp}/azr-matmul.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
MIN_TIME=$(sed -n 's/.*--min-time-ms[ =]\([0-9]*\).*/\1/p' <<<"$*")
wait_idle() { # $1: percent
  local i u1 u2 t1 t2
  for ((i = 0; i < 200; i++)); do
    read -r t1 u1 < <(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat)
    sleep 3
    read -r t2 u2 < <(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat)
    if (( (u2 - u1) * 100 >= $1 * (t2 - t1) )); then return 0; fi
  done
  echo "bench-matmul.sh: the CPUs were never $1% idle; measuring anyway" >&2
}
FILES=()
for ((r = 1; r <= ${REPEAT:-1}; r++)); do
  if [ -n "${WAIT_IDLE:-}" ]; then wait_idle "$WAIT_IDLE"; fi
  "$ROOT/bin/azr" bench matmul --json "$@" > "$DIR/ours$r.json"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$ROOT/azr4j-bench/python/bench_matmul.py" \
    --from "$DIR/ours$r.json" --json ${MIN_TIME:+--min-time-ms "$MIN_TIME"} > "$DIR/torch$r.json"
  FILES+=("$DIR/ours$r.json" "$DIR/torch$r.json")
  echo "run $r: load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
"$PY" "$ROOT/azr4j-bench/python/bench_matmul.py" --merge "${FILES[@]}"
