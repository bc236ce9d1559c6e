#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# wine-tests.sh - cross-builds the C tests of the native library for Windows and
# runs them headless under Wine: the platform-layer tests (platform_test.c), a
# two-process test (two_process_test.c), the JNI glue through a fake JVM
# (jni_host.c loading the cross-built shm4j.dll), and wire compatibility with the
# original sample: a plain-Win32 server and client (sample_*_win32.c) against
# shm4j's platform layer, in both directions, on Local\SampleMap; and the named
# mutex, event and semaphore of shm4j's sync layer against a plain-Win32 program
# (sync_interop_test.c, sync_peer_win32.c), both directions, owner death included.
#
# Usage (from the native/ directory, as Maven runs it):
#
#   bash src/test/sh/wine-tests.sh BUILDDIR [DLL]
#
#   BUILDDIR  where the test programs, their logs and the Wine prefix go (created
#             if missing; the prefix is kept between runs, which saves wineboot).
#   DLL       the cross-built library. Default:
#             BUILDDIR/../classes/io/github/shm4j/native/windows-x86_64/shm4j.dll
#
# Environment:
#   SHM4J_SKIP_WINE=1  do nothing and print a SKIPPED line. Without it, a missing
#                      MinGW-w64 or Wine is an error, not a skip.
#   JNI_INCLUDE        the directory with the JDK's jni.h (default: $JAVA_HOME/include,
#                      else the include directory of the JDK that owns `javac`).
#   MINGW_CC           the cross compiler (default x86_64-w64-mingw32-gcc).
#
# The DLL's imports and exports are checked by check-windows-dll.sh, not here.
#
# Prints each program's output, then a closing line "N passed, M failed" summing
# every program's checks (a program that crashes, hangs or exits non-zero without
# reporting a failure counts as one failure). Exits non-zero on any failure.

set -euo pipefail

if [[ "${SHM4J_SKIP_WINE:-}" == 1 ]]; then
    echo "wine-tests: SKIPPED (SHM4J_SKIP_WINE=1): the Windows build was not tested"
    exit 0
fi

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: bash src/test/sh/wine-tests.sh BUILDDIR [DLL]" >&2
    exit 2
fi
if [[ ! -d src/main/c/win32 ]]; then
    echo "wine-tests: run me from the native/ directory" >&2
    exit 2
fi

die() {
    echo "wine-tests: ERROR: $*" >&2
    exit 1
}

CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
for tool in "$CC" wine wineserver wineboot; do
    command -v "$tool" >/dev/null 2>&1 \
        || die "'$tool' not found: install mingw-w64 and wine (64-bit), or set SHM4J_SKIP_WINE=1 to skip the Windows tests"
done

BUILDDIR=$(mkdir -p "$1" && cd "$1" && pwd)
DLL=${2:-$BUILDDIR/../classes/io/github/shm4j/native/windows-x86_64/shm4j.dll}
[[ -f "$DLL" ]] || die "the Windows library $DLL does not exist (build it first)"
DLL=$(cd "$(dirname "$DLL")" && pwd)/$(basename "$DLL")

if [[ -z "${JNI_INCLUDE:-}" ]]; then
    if [[ -n "${JAVA_HOME:-}" && -f "$JAVA_HOME/include/jni.h" ]]; then
        JNI_INCLUDE=$JAVA_HOME/include
    elif command -v javac >/dev/null 2>&1; then
        JNI_INCLUDE=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")/include
    fi
fi
[[ -n "${JNI_INCLUDE:-}" && -f "$JNI_INCLUDE/jni.h" ]] \
    || die "jni.h not found: set JAVA_HOME or JNI_INCLUDE"

# ---- build ---------------------------------------------------------------------

CFLAGS=(-std=c11 -Wall -Wextra -Werror -O2)
# The platform layer as the library builds it: every source of common/ and win32/
# (the folders are the list, as in native/pom.xml; jni/ is tested through the DLL).
PLATFORM_SRC=(src/main/c/common/*.c src/main/c/win32/*.c)

echo "wine-tests: building the test programs in $BUILDDIR"
"$CC" "${CFLAGS[@]}" -Isrc/main/c -static-libgcc -o "$BUILDDIR/platform_test.exe" \
    src/test/c/platform_test.c "${PLATFORM_SRC[@]}"
"$CC" "${CFLAGS[@]}" -Isrc/main/c -static-libgcc -o "$BUILDDIR/two_process_test.exe" \
    src/test/c/two_process_test.c "${PLATFORM_SRC[@]}"
"$CC" "${CFLAGS[@]}" -Isrc/main/c -static-libgcc -o "$BUILDDIR/sync_interop_test.exe" \
    src/test/c/sync_interop_test.c "${PLATFORM_SRC[@]}"
"$CC" "${CFLAGS[@]}" -municode -static-libgcc -o "$BUILDDIR/sync_peer_win32.exe" src/test/c/sync_peer_win32.c
"$CC" "${CFLAGS[@]}" -static-libgcc -o "$BUILDDIR/sample_server_win32.exe" src/test/c/sample_server_win32.c
"$CC" "${CFLAGS[@]}" -static-libgcc -o "$BUILDDIR/sample_client_win32.exe" src/test/c/sample_client_win32.c
# Our jni_md.h for Windows first; never the JDK's include/linux.
"$CC" "${CFLAGS[@]}" -Isrc/main/include/win32 -I"$JNI_INCLUDE" -static-libgcc \
    -o "$BUILDDIR/jni_host.exe" src/test/c/jni_host.c

# ---- Wine ------------------------------------------------------------------------

# shellcheck source=wine-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/wine-env.sh"

FIFO=$BUILDDIR/two_process.fifo
writer_pid=

cleanup() {
    local status=$?
    exec 3>&-
    if [[ -n "$writer_pid" ]] && kill -0 "$writer_pid" 2>/dev/null; then
        kill "$writer_pid" 2>/dev/null || true
    fi
    rm -f "$FIFO"
    if [[ $status -ne 0 ]]; then
        wine_stop 1 >/dev/null 2>&1 || true
    fi
    exit "$status"
}
trap cleanup EXIT

wine_env "$BUILDDIR/wineprefix" || die "cannot set up the Wine prefix"

total_passed=0
total_failed=0

# Adds "N passed, M failed" from a log (the last such line), or one failure when
# the program did not report or exited non-zero without reporting a failure.
count() {
    local name=$1 status=$2 log=$3 line p=0 f=0
    line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
    if [[ -n "$line" ]]; then
        p=${line%% passed*}
        f=${line#*passed, }
        f=${f%% failed*}
    else
        echo "FAIL $name printed no 'N passed, M failed' line"
        f=1
    fi
    if [[ $status -ne 0 && $f -eq 0 ]]; then
        echo "FAIL $name exited with status $status"
        f=1
    fi
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
}

# run NAME TIMEOUT PROGRAM ARGS...: runs a test program under Wine from BUILDDIR.
run() {
    local name=$1 limit=$2 status=0 log=$BUILDDIR/$1.log
    shift 2
    echo "== $name"
    (cd "$BUILDDIR" && timeout "$limit" wine "$@") </dev/null 2>&1 | tr -d '\r' >"$log" \
        || status=$?
    # With pipefail, status is wine's (or timeout's 124) unless tr failed.
    cat "$log"
    count "$name" "$status" "$log"
}


# ---- the programs ------------------------------------------------------------------

run platform_test 300 platform_test.exe .
run jni_host 300 jni_host.exe "$(winpath "$DLL")"
# Named mutex, event and semaphore: shm4j's layer and a plain-Win32 program, both ways.
run sync_interop 300 sync_interop_test.exe

# pair LABEL READY EXPECT WRITER... -- READER...: two processes share one object.
# The writer runs in the background with a FIFO as its stdin and holds the object
# (and so its name) until it reads a line; once its output has a line matching the
# regex READY, the reader runs, and must exit 0 with a line equal to EXPECT.
pair() {
    local label=$1 ready=$2 expect=$3 writer=() reader=() status _
    shift 3
    while [[ $1 != -- ]]; do writer+=("$1"); shift; done
    shift
    reader=("$@")
    echo "== $label"
    rm -f "$FIFO"
    mkfifo "$FIFO"
    (cd "$BUILDDIR" && exec timeout 300 wine "${writer[@]}" <"$FIFO" >"$BUILDDIR/$label.writer.log" 2>&1) &
    writer_pid=$!
    # Read-write, so that this open does not wait for the writer's (Linux FIFO rule).
    exec 3<>"$FIFO"
    writer_ready() {
        for _ in $(seq 1 600); do
            tr -d '\r' <"$BUILDDIR/$label.writer.log" 2>/dev/null | grep -Eq "$ready" && return 0
            kill -0 "$writer_pid" 2>/dev/null || return 1
            sleep 0.1
        done
        return 1
    }
    check "$label: the writer created and filled the object" writer_ready
    status=0
    (cd "$BUILDDIR" && timeout 120 wine "${reader[@]}") </dev/null 3>&- 2>&1 \
        | tr -d '\r' >"$BUILDDIR/$label.reader.log" || status=$?
    cat "$BUILDDIR/$label.reader.log"
    echo
    check "$label: the reader reads the writer's message" \
        grep -qxF "$expect" "$BUILDDIR/$label.reader.log"
    check "$label: the reader exits with status 0" test "$status" -eq 0
    echo go >&3
    exec 3>&-
    status=0
    wait "$writer_pid" || status=$?
    writer_pid=
    tr -d '\r' <"$BUILDDIR/$label.writer.log"
    echo
    rm -f "$FIFO"
    check "$label: the writer unmaps, closes and exits with status 0" test "$status" -eq 0
}

# shm4j's platform layer on both sides.
name="Local\\shm4j-two-process-$$"
pair two_process '^ready' 'Message from the first process.' \
    two_process_test.exe writer "$name" -- two_process_test.exe reader "$name"
gone_status=0
(cd "$BUILDDIR" && timeout 120 wine two_process_test.exe reader "$name") </dev/null 2>&1 \
    | tr -d '\r' >"$BUILDDIR/two_process_gone.log" || gone_status=$?
cat "$BUILDDIR/two_process_gone.log"
check "the name is gone once its last handle is closed (NOT_FOUND)" \
    grep -q 'kind NOT_FOUND' "$BUILDDIR/two_process_gone.log"
check "a reader of a missing name exits non-zero" test "$gone_status" -ne 0

# The original sample's wire format: a plain-Win32 server, as the C++ sample writes
# it, read by shm4j's platform layer (which checks the 64 bytes exactly) ...
pair sample_server_to_shm4j 'The file view is mapped' 'Message from the first process.' \
    sample_server_win32.exe -- two_process_test.exe reader 'Local\SampleMap'
# ... and shm4j's platform layer as the server, read by a plain-Win32 client.
pair shm4j_to_sample_client '^ready' '"Message from the first process."' \
    two_process_test.exe writer 'Local\SampleMap' -- sample_client_win32.exe

total_passed=$((total_passed + checks_passed))
total_failed=$((total_failed + checks_failed))

# ---- done ------------------------------------------------------------------------

wine_stop

echo "$total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 ]]
