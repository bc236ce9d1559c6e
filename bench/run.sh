#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# Runs every shm4j benchmark and writes bench/results/RESULTS.md and chart.svg.
#
#   bench/run.sh                 build (mvn -Pbench install) + full run (< 10 min)
#   QUICK=1 bench/run.sh         short blocks: a smoke test of the whole pipeline (~1-2 min)
#   NO_BUILD=1 bench/run.sh      skip the Maven build (use bench/target as it is)
#   NO_JMH=1 / NO_STRACE=1       skip the JMH reference run / the strace evidence
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
results="$here/results"
evidence="$results/evidence"
jar="$here/target/benchmarks.jar"
cdir="$here/target/c"
quick="${QUICK:-0}"

if [[ "${NO_BUILD:-0}" != 1 ]]; then
  echo "== build: mvn -B -q -Pbench -DskipTests install" >&2
  mvn -B -q -Pbench -DskipTests install
fi

rm -rf "$results"
mkdir -p "$results" "$evidence"

# Stop whatever we started, and leave nothing in /dev/shm, however we end.
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -f /dev/shm/shm4j-bench-* 2>/dev/null || true
}
trap cleanup EXIT INT TERM

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc:   $(nproc)"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel:  $(uname -srm)"
  echo "jdk:     $(java -version 2>&1 | head -1) / $(java -version 2>&1 | sed -n 3p)"
  echo "gcc:     $(gcc --version | head -1)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; should be < 0.3 for a real run)"
  echo "mode:    $([[ $quick == 1 ]] && echo QUICK smoke test || echo full)"
} > "$results/machine.txt"
cat "$results/machine.txt" >&2

# Evidence for the lifecycle figures: syscalls per cycle, N cycles minus 0 cycles.
if [[ "${NO_STRACE:-0}" != 1 ]] && command -v strace >/dev/null; then
  n=$([[ $quick == 1 ]] && echo 500 || echo 2000)
  echo "$n" > "$evidence/strace-N"
  echo "== strace -c -f of $n lifecycle cycles (shm4j, JDK, C)" >&2
  for k in 0 "$n"; do
    tag=$([[ $k == 0 ]] && echo 0 || echo N)
    strace -f -c -o "$evidence/strace-shm4j-$tag.txt" java -cp "$jar" io.github.shm4j.bench.Harness solo-lifecycle shm4j "$k" >/dev/null
    strace -f -c -o "$evidence/strace-jdk-$tag.txt" java -cp "$jar" io.github.shm4j.bench.Harness solo-lifecycle jdk "$k" >/dev/null
    if [[ $k == 0 ]]; then
      strace -f -c -o "$evidence/strace-c-0.txt" "$cdir/lifecycle_c" "shm4j-bench-strace-$$" 65536 </dev/null
    else
      echo "$k" | strace -f -c -o "$evidence/strace-c-N.txt" "$cdir/lifecycle_c" "shm4j-bench-strace-$$" 65536 >/dev/null
    fi
  done
fi
if command -v perf >/dev/null; then
  { echo '$ perf stat -e instructions true'; perf stat -e instructions true 2>&1 || true; } > "$evidence/perf-check.txt"
fi

# JMH: absolute figures for the Java sides (reference only; the ratios come from the harness).
if [[ "${NO_JMH:-0}" != 1 ]]; then
  echo "== JMH (Java sides, absolute)" >&2
  if [[ $quick == 1 ]]; then jopts=(-f 1 -wi 2 -w 300ms -i 3 -r 300ms); else jopts=(-f 1 -wi 3 -w 1s -i 5 -r 1s); fi
  java -jar "$jar" "${jopts[@]}" -tu s 'io.github.shm4j.bench.*Benchmark' > "$results/jmh.txt" 2>&1
fi

echo "== alternating harness: lifecycle, bulk copy, ping-pong" >&2
hargs=(--cdir "$cdir" --out "$results" --machine "$results/machine.txt" --evidence "$evidence")
[[ -f "$results/jmh.txt" ]] && hargs+=(--jmh "$results/jmh.txt")
[[ $quick == 1 ]] && hargs+=(--quick)
java -Xms256m -cp "$jar" io.github.shm4j.bench.Harness "${hargs[@]}" &
pids+=($!)
wait "${pids[-1]}"

echo "== sync: mutex, event, owner death, side by side with C" >&2
sargs=("$cdir" "$results/SYNC.md")
[[ $quick == 1 ]] && sargs+=(--quick)
java -cp "$jar" io.github.shm4j.bench.SyncBench "${sargs[@]}" >/dev/null &
pids+=($!)
wait "${pids[-1]}"

echo "== channel (issue 12): throughput and ping-pong vs Agrona and C, wake, idle, peer death" >&2
# Agrona on Java 17 needs jdk.internal.misc; ChannelBench passes the same flags to its children.
cargs=("$cdir" "$results/CHANNEL.md")
[[ $quick == 1 ]] && cargs+=(--quick)
java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
  -cp "$jar" io.github.shm4j.bench.ChannelBench "${cargs[@]}" >/dev/null &
pids+=($!)
wait "${pids[-1]}"
# The ping-pong again with a receiver that spins 1 ms before parking (the documented knob).
java -Dio.github.shm4j.channel.spinMicros=1000 --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  --enable-native-access=ALL-UNNAMED -cp "$jar" io.github.shm4j.bench.ChannelBench "$cdir" \
  "$results/CHANNEL-spin.md" --pingpong-only $([[ $quick == 1 ]] && echo --quick) >/dev/null &
pids+=($!)
wait "${pids[-1]}"
{ echo; cat "$results/CHANNEL.md"; echo; echo "With -Dio.github.shm4j.channel.spinMicros=1000:"; echo;
  sed -n '/^| benchmark/,$p' "$results/CHANNEL-spin.md"; } >> "$results/RESULTS.md"

echo "== wrote $results/RESULTS.md, $results/SYNC.md, $results/CHANNEL.md, $results/chart.svg and chart-channel.svg" >&2
sed -n '/^| benchmark/,/^$/p' "$results/RESULTS.md"
