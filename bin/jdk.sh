# Sourced by bin/azr and bin/test: finds a JDK >= 25 and exports AZR_JAVA_HOME.
# Order: JAVA_HOME if it is >= 25, else `java` on PATH if >= 25, else the newest JDK >= 25
# under /usr/lib/jvm (or AZR_JVM_DIR).

azr_java_major() { # prints the feature version of the java binary $1, or nothing
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
  echo "azr4j needs a JDK 25 or newer and found none (checked JAVA_HOME, java on PATH and ${AZR_JVM_DIR:-/usr/lib/jvm}); install one, e.g. 'apt-get install temurin-25-jdk' or from https://adoptium.net, and set JAVA_HOME to it." >&2
  return 1
}

azr_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "azr4j is built with Apache Maven 3.8 or newer, and 'mvn' is not on PATH; install it (e.g. 'apt-get install maven')." >&2
    return 1
  fi
}

# JVM flags for running azr4j: the Vector API, native access for FFM, the parallel collector.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
AZR_JVM_FLAGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:MaxRAMPercentage=60 -Xss16m"
