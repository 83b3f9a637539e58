#!/usr/bin/env bash
# Side-by-side matmul benchmark: `azr bench matmul --json ARGS...`, then PyTorch on the same shapes
# and thread count, printed as one Markdown table. PYTHON selects an interpreter with torch
# (default python3). OpenBLAS tuning variables are unset for the PyTorch run only.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PY=${PYTHON:-python3}
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "bench-matmul.sh: $PY cannot import torch; set PYTHON to an interpreter that has it" >&2
  exit 2
fi
OURS=$(mktemp "${TMPDIR:-/tmp}/azr-matmul.XXXXXX.json")
trap 'rm -f "$OURS"' EXIT
"$ROOT/bin/azr" bench matmul --json "$@" > "$OURS"
MIN_TIME=$(sed -n 's/.*--min-time-ms[ =]\([0-9]*\).*/\1/p' <<<"$*")
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$ROOT/azr4j-bench/python/bench_matmul.py" --from "$OURS" \
  ${MIN_TIME:+--min-time-ms "$MIN_TIME"}
