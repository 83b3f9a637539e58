# Sourced by bin/azr and bin/test: finds a JDK >= 25 and exports AZR_JAVA_HOME.
# Order: JAVA_HOME if it is >= 25, else `java` on PATH if >= 25, else the newest JDK >= 25
# under /usr/lib/jvm (or AZR_JVM_DIR).

azr_java_major() { # prints the feature version of the java binary $1, or nothing
  # the JDK's release file answers without starting a JVM (JAVA_VERSION="25.0.3"; "1.8.0_x" reads as 1)
  local release="${1%/bin/java}/release"
  if [ -r "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n1
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

azr_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(azr_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 25 ]; then AZR_JAVA_HOME="$JAVA_HOME"; export AZR_JAVA_HOME; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    candidate=${candidate%/bin/java}
    major=$(azr_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 25 ] && [ -x "$candidate/bin/javac" ]; then
      AZR_JAVA_HOME="$candidate"; export AZR_JAVA_HOME; return 0
    fi
  fi
  for candidate in "${AZR_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(azr_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major=$major
    fi
  done
  if [ -n "$best" ]; then AZR_JAVA_HOME="$best"; export AZR_JAVA_HOME; return 0; fi
  echo "azr4j needs a JDK 25 or newer and found none (checked JAVA_HOME, java on PATH and ${AZR_JVM_DIR:-/usr/lib/jvm}); install one (README.md, 'What you need', has the lines for Debian/Ubuntu, macOS and SDKMAN) and set JAVA_HOME to it." >&2
  return 1
}

azr_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "azr4j is built with Apache Maven 3.8 or newer, and 'mvn' is not on PATH; install it (e.g. 'apt-get install maven')." >&2
    return 1
  fi
}

# JVM flags for running azr4j: the Vector API, native access for FFM, the parallel collector.
# MaxNewSize caps the young generation: the Vector API's JIT warm-up allocates gigabytes of
# short-lived boxes in the first seconds, and without a cap ParallelGC grows the young generation
# to match and keeps it (a training step's resident set doubles, with no gain in speed); the
# engine's large arrays are long-lived and go to the old generation anyway.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
AZR_JVM_FLAGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:MaxRAMPercentage=60 -XX:MaxNewSize=128m -Xss16m"

# The JVM prints "WARNING: Using incubator modules: jdk.incubator.vector" as the first line of
# stderr on every start (jdk.internal.module.ModuleBootstrap; no option turns it off). This
# filter drops exactly that line when it comes first, then passes everything through
# unbuffered (cat), so progress bars redrawn with \r still appear at once. It ignores INT/TERM/HUP
# and ends when the JVM closes its stderr, so nothing the JVM writes while shutting down is lost.
azr_stderr_filter() {
  trap '' INT TERM HUP QUIT
  local first
  if IFS= read -r first; then
    [ "$first" = "WARNING: Using incubator modules: jdk.incubator.vector" ] || printf '%s\n' "$first"
  else
    [ -z "$first" ] || printf '%s' "$first"
    return 0
  fi
  exec cat
}

# Runs "$@" (a java command line) with stderr through azr_stderr_filter and exits with its exit
# status. Signals behave as if the JVM had been exec'ed: Ctrl-C/Ctrl-\ reach it directly (same
# process group; the default handlers are restored, since a background command would ignore
# them); TERM and HUP sent to this script are forwarded; when the JVM dies of INT, TERM or HUP,
# this script dies of the same signal. AZR_RAW_STDERR=1, or an env without --default-signal,
# skips the filter and execs the JVM directly.
azr_exec_java() {
  if [ -n "${AZR_RAW_STDERR:-}" ] || ! env --default-signal=INT true 2>/dev/null; then
    exec "$@"
  fi
  set +e
  trap '' INT QUIT
  local pid filter rc sig i
  exec 3> >(azr_stderr_filter >&2)
  filter=$!
  env --default-signal=INT,QUIT "$@" <&0 2>&3 3>&- &
  pid=$!
  exec 3>&-
  trap 'kill -TERM "$pid" 2>/dev/null' TERM
  trap 'kill -HUP "$pid" 2>/dev/null' HUP
  # wait returns early when a trapped signal arrives; wait again until the JVM has really exited
  while kill -0 "$pid" 2>/dev/null; do wait "$pid"; done
  wait "$pid"; rc=$?
  # let the filter write what the JVM wrote last (bounded: a forked child could hold stderr open)
  for i in $(seq 50); do kill -0 "$filter" 2>/dev/null || break; sleep 0.05; done
  trap - INT QUIT TERM HUP
  case $rc in
    129) sig=HUP ;; 130) sig=INT ;; 143) sig=TERM ;; *) sig= ;;
  esac
  [ -z "$sig" ] || kill -s "$sig" $$
  exit "$rc"
}
