#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# c-tests.sh BUILD_DIR - builds the C tests of the platform layer with the library's
# own flags, links them with the POSIX platform layer (src/main/c/common and posix)
# and runs them:
#  - platform_test: every operation and every error of shm_platform.h;
#  - load_test (when LIB is set): the JNI library loaded with dlopen, as a JVM does;
#  - two_process_test: one process creates "/shm4j-c-<pid>" and writes the sample
#    message, a second process opens it read-only and checks it;
#  - sync_test: every operation of sync_platform.h, across processes (fork).
# Run from native/. Ends with "c-tests[ LABEL]: N passed, M failed".
# Environment, for other targets (natively built and run without it):
#   CC        the compiler (default gcc), e.g. aarch64-linux-gnu-gcc or musl-gcc;
#   RUN       a command that runs the built programs, e.g. an emulator:
#             "qemu-aarch64-static -L /usr/aarch64-linux-gnu";
#   PEER_CC   also build two_process_test natively with this compiler and share one
#             object between a native and a RUN process, each way (e.g. an x86-64
#             writer and an aarch64 reader);
#   LIB       also load this JNI library with load_test (dlopen, as a JVM does) under
#             RUN: the built library on its own C library and loader;
#   LABEL     named in the closing line;
#   SANITIZE  build every test program, and the platform layer in it, with these
#             sanitizers ("address,undefined"): -fsanitize=$SANITIZE
#             -fno-sanitize-recover=all, so that any report ends the program with a
#             non-zero status and fails the run. The JNI library (LIB) itself is
#             never instrumented (a JVM does not load the sanitizer runtimes), but
#             load_test still loads it from an instrumented program.
set -euo pipefail
out=${1:?usage: c-tests.sh BUILD_DIR}
mkdir -p "$out"
CC=${CC:-gcc}
read -r -a run_with <<<"${RUN:-}"
CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror -Isrc/main/c)
if [ -n "${SANITIZE:-}" ]; then
    # _FORTIFY_SOURCE's checked copies would bypass the sanitizer's own checks.
    CFLAGS+=(-fsanitize="$SANITIZE" -fno-sanitize-recover=all -fno-omit-frame-pointer)
    # LeakSanitizer is on with AddressSanitizer; forked children leave with _exit,
    # which skips its check, as it skips every exit handler. A report exits with 1.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
    CFLAGS+=(-D_FORTIFY_SOURCE=2)
fi
# aarch64: atomics inline, as the library builds them (gcc's outline atomics need
# glibc's __getauxval, which musl lacks).
TARGET_CFLAGS=("${CFLAGS[@]}")
case "$("$CC" -dumpmachine)" in aarch64*) TARGET_CFLAGS+=(-mno-outline-atomics) ;; esac
# The platform layer as the library builds it: every source of common/ and posix/
# (the folders are the list, as in native/pom.xml; jni/ is tested through LIB).
platform=(src/main/c/common/*.c src/main/c/posix/*.c -pthread)
if [ -n "${SANITIZE:-}" ] &&
   ! echo 'int main(void) { return 0; }' | "$CC" -x c -fsanitize="$SANITIZE" -o "$out/probe" - 2>"$out/probe.log"; then
    cat "$out/probe.log" >&2
    echo "c-tests: ERROR: $CC cannot link with -fsanitize=$SANITIZE; install the sanitizer" \
         "runtimes of this gcc (Debian, gcc 12: libasan8 libubsan1)" >&2
    exit 1
fi
if [ ${#run_with[@]} -gt 0 ] && ! command -v "${run_with[0]}" >/dev/null; then
    echo "c-tests: ERROR: '${run_with[0]}' not found (RUN=$RUN); install it (qemu-user-static)" >&2
    exit 1
fi

"$CC" "${TARGET_CFLAGS[@]}" -o "$out/platform_test" src/test/c/platform_test.c "${platform[@]}"
"$CC" "${TARGET_CFLAGS[@]}" -o "$out/two_process_test" src/test/c/two_process_test.c "${platform[@]}"
"$CC" "${TARGET_CFLAGS[@]}" -o "$out/sync_test" src/test/c/sync_test.c "${platform[@]}"
if [ -n "${LIB:-}" ]; then
    # dlopen is in libdl before glibc 2.34 (and in libc, which -ldl also names, on musl)
    "$CC" "${TARGET_CFLAGS[@]}" -o "$out/load_test" src/test/c/load_test.c "${platform[@]}" -ldl
fi
if [ -n "${PEER_CC:-}" ]; then
    "$PEER_CC" "${CFLAGS[@]}" -o "$out/two_process_peer" src/test/c/two_process_test.c "${platform[@]}"
fi
# The sync layout's C peer, against shm4j_sync.h alone (Java's SyncInteropIT runs it).
"$CC" "${TARGET_CFLAGS[@]}" -o "$out/sync_peer" src/test/c/sync_peer.c -lpthread

passed=0
failed=0
run() { # name command...
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL $name" >&2; failed=$((failed + 1)); fi
}

run platform_test ${run_with[@]+"${run_with[@]}"} "$out/platform_test" "$out"
if [ -n "${LIB:-}" ]; then
    run load_test ${run_with[@]+"${run_with[@]}"} "$out/load_test" "$LIB"
fi

# Two processes: the writer holds the object until its stdin gets a line.
# two_process WRITER READER: each a program path, "-" for the emulated test program.
two_process() {
    local name="/shm4j-c-$$" fifo="$out/writer.in" log="$out/writer.out"
    local writer_cmd reader_cmd
    if [ "$1" = - ]; then writer_cmd=(${run_with[@]+"${run_with[@]}"} "$out/two_process_test"); else writer_cmd=("$1"); fi
    if [ "$2" = - ]; then reader_cmd=(${run_with[@]+"${run_with[@]}"} "$out/two_process_test"); else reader_cmd=("$2"); fi
    rm -f "$fifo" "$log"; mkfifo "$fifo"   # no "ready" from an earlier run
    "${writer_cmd[@]}" writer "$name" <"$fifo" >"$log" 2>&1 &
    local writer=$!
    exec 7>"$fifo"                       # keep the writer's stdin open
    local i=0
    until grep -q '^ready' "$log" 2>/dev/null; do
        if ! kill -0 "$writer" 2>/dev/null || [ $i -ge 100 ]; then
            cat "$log" >&2; exec 7>&-; wait "$writer" || true; return 1
        fi
        sleep 0.1; i=$((i + 1))
    done
    local rc=0
    "${reader_cmd[@]}" reader "$name" || rc=$?
    echo >&7; exec 7>&-                  # release the writer
    wait "$writer" || rc=$?
    rm -f "$fifo"
    return $rc
}
run two_process two_process - -
run sync_test ${run_with[@]+"${run_with[@]}"} "$out/sync_test"
if [ -n "${PEER_CC:-}" ]; then
    run two_process_native_writer two_process "$out/two_process_peer" -
    run two_process_native_reader two_process - "$out/two_process_peer"
fi

echo "c-tests${LABEL:+ $LABEL}: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
