# Sourced by the side-by-side benchmark scripts: require_python PY MODULE... stops the calling
# script (exit 2, one line naming it) unless interpreter PY can import every MODULE.
require_python() {
  local py=$1; shift
  if ! "$py" -c "import $(IFS=,; echo "$*")" 2>/dev/null; then
    echo "$(basename "$0"): $py cannot import $*; set PYTHON to an interpreter that has them" >&2
    exit 2
  fi
}
