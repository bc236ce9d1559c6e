#!/usr/bin/env bash
# c-tests.sh BUILD_DIR - builds the C tests of the platform layer with the library's
# own flags, links them with the POSIX platform layer and runs them natively:
#  - platform_test: every operation and every error of shm_platform.h;
#  - two_process_test: one process creates "/shm4j-c-<pid>" and writes the sample
#    message, a second process opens it read-only and checks it.
# Run from native/. Ends with "c-tests: N passed, M failed".
set -euo pipefail
out=${1:?usage: c-tests.sh BUILD_DIR}
mkdir -p "$out"
CC=${CC:-gcc}
CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror -D_FORTIFY_SOURCE=2 -Isrc/main/c)
platform=(src/main/c/shm_posix.c src/main/c/shm_error.c)

"$CC" "${CFLAGS[@]}" -o "$out/platform_test" src/test/c/platform_test.c "${platform[@]}"
"$CC" "${CFLAGS[@]}" -o "$out/two_process_test" src/test/c/two_process_test.c "${platform[@]}"
# The sync layout's C peer, against shm4j_sync.h alone (Java's SyncInteropIT runs it).
"$CC" "${CFLAGS[@]}" -o "$out/sync_peer" src/test/c/sync_peer.c -lpthread

passed=0
failed=0
run() { # name command...
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL $name" >&2; failed=$((failed + 1)); fi
}

run platform_test "$out/platform_test" "$out"

# Two processes: the writer holds the object until its stdin gets a line.
two_process() {
    local name="/shm4j-c-$$" fifo="$out/writer.in" log="$out/writer.out"
    rm -f "$fifo"; mkfifo "$fifo"
    "$out/two_process_test" writer "$name" <"$fifo" >"$log" 2>&1 &
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
    "$out/two_process_test" reader "$name" || rc=$?
    echo >&7; exec 7>&-                  # release the writer
    wait "$writer" || rc=$?
    rm -f "$fifo"
    return $rc
}
run two_process two_process

echo "c-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
