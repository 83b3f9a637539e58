# Sourced by the side-by-side benchmark scripts: wait_idle PERCENT waits until the CPUs have been
# at least PERCENT% idle over 3 seconds, so a measurement starts when the machine is quiet. An
# empty PERCENT returns at once; after 10 minutes it gives up and says so.
wait_idle() {
  [ -n "${1:-}" ] || return 0
  local i t1 i1 t2 i2
  for ((i = 0; i < 200; i++)); do
    read -r t1 i1 < <(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat)
    sleep 3
    read -r t2 i2 < <(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat)
    if (( (i2 - i1) * 100 >= $1 * (t2 - t1) )); then return 0; fi
  done
  echo "$(basename "$0"): the CPUs were never $1% idle; measuring anyway" >&2
}
