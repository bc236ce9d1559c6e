#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# aarch64-its.sh - the two ends of the aarch64 leg of java-api's integration tests,
# which Failsafe runs between them (execution "aarch64-its" of the linux-aarch64-jvm
# profile) on Debian's aarch64 JRE under qemu-aarch64-static:
#
#   aarch64-its.sh start ROOT STAMP REPORTS   makes sure ROOT holds the emulated JRE
#                                       (native/src/test/sh/arm64-root.sh; fetched once
#                                       into a cache), notes the time in STAMP and
#                                       removes the reports of an earlier run from
#                                       REPORTS (Failsafe keeps them; they would count)
#   aarch64-its.sh summary REPORTS STAMP  prints the closing line
#       "aarch64-its: N passed, M failed, K skipped (T s of tests on the aarch64 JVM;
#       P s for the integration tests on both JVMs)"
#     from Failsafe's XML reports in REPORTS; exits 1 when a test failed or none ran.
#     (Failsafe's verify goal fails the build too; this line is for the log.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

case ${1:-} in
start)
    root=${2:?usage: aarch64-its.sh start ROOT STAMP REPORTS}
    stamp=${3:?usage: aarch64-its.sh start ROOT STAMP REPORTS}
    reports=${4:?usage: aarch64-its.sh start ROOT STAMP REPORTS}
    rm -f "$reports"/TEST-*.xml "$reports"/*.txt "$reports"/failsafe-summary.xml
    bash "$here/../../../../native/src/test/sh/arm64-root.sh" "$root" >/dev/null
    "$root/jre/bin/java" -version 2>&1 | sed 's/^/aarch64-its: /'
    mkdir -p "$(dirname "$stamp")"
    date +%s >"$stamp"
    ;;
summary)
    reports=${2:?usage: aarch64-its.sh summary REPORTS STAMP}
    stamp=${3:?usage: aarch64-its.sh summary REPORTS STAMP}
    tests=0 failures=0 errors=0 skipped=0 seconds=0
    shopt -s nullglob
    for xml in "$reports"/TEST-*.xml; do
        # the <testsuite ...> element's counters and time
        head=$(grep -m1 -o '<testsuite [^>]*>' "$xml")
        for counter in tests failures errors skipped; do
            value=$(printf '%s' "$head" | grep -o " $counter=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0)
            printf -v "$counter" '%d' $((${!counter} + value))
        done
        time=$(printf '%s' "$head" | sed -n 's/.* time="\([0-9.]*\)".*/\1/p')
        seconds=$(awk -v a="$seconds" -v b="${time:-0}" 'BEGIN { printf "%.0f", a + b }')
    done
    failed=$((failures + errors))
    passed=$((tests - failed - skipped))
    phase=?
    [[ -f $stamp ]] && phase=$(($(date +%s) - $(cat "$stamp")))
    echo "aarch64-its: $passed passed, $failed failed, $skipped skipped ($seconds s of tests on the aarch64" \
        "JVM; $phase s for the integration tests on both JVMs)"
    if [[ $tests -eq 0 ]]; then
        echo "aarch64-its: FAIL no test ran (no reports in $reports)" >&2
        exit 1
    fi
    [[ $failed -eq 0 ]]
    ;;
*)
    echo "usage: aarch64-its.sh start ROOT STAMP REPORTS | summary REPORTS STAMP" >&2
    exit 2
    ;;
esac
