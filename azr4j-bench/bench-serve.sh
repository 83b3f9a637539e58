#!/usr/bin/env bash
# Served tokens/s at 1, 4 and 16 concurrent streaming clients (loopback HTTP, no early stop)
# beside the Sampler alone on the same prompts as one batch, same model and run, and the median
# time to the first streamed token; one JSON line per preset and client count.
#   WAIT_IDLE=85 azr4j-bench/bench-serve.sh [PRESETS] [CLIENTS] [NEW_TOKENS] [REPEAT]
# defaults: "tiny small", 1,4,16, 64 new tokens after 16 prompt tokens, 3 repeats (median).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/bin/jdk.sh"
azr_find_jdk
JAR="$ROOT/azr4j-bench/target/benchmarks.jar"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && JAVA_HOME=$AZR_JAVA_HOME mvn -B -ntp -q -pl azr4j-bench -am -DskipTests package)
fi
. "$ROOT/azr4j-bench/wait-idle.sh"
for preset in ${1:-tiny small}; do
  wait_idle "${WAIT_IDLE:-}"
  "$AZR_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp "$JAR" \
    dev.azr4j.bench.ServeBench "$preset" "${2:-1,4,16}" "${3:-64}" 16 "${4:-3}" 2>&1 | grep '^{'
done
