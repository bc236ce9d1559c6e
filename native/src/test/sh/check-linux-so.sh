#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# check-linux-so.sh [--musl] LIB - fails unless LIB loads on glibc 2.17 (or, with
# --musl, on musl) and exports only JNI.
#  - glibc: it needs libc.so.6, and no symbol bound to a GLIBC_ version above 2.17
#    (objdump -T);
#  - musl: no GLIBC_ version at all, and it needs no library but musl's libc.so;
#  - the only dynamic symbols it defines are JNI_OnLoad and JNI_OnUnload.
# OBJDUMP and NM name the binutils for LIB's architecture (default: the host's),
# e.g. aarch64-linux-gnu-objdump.
set -euo pipefail
musl=false
if [ "${1:-}" = --musl ]; then musl=true; shift; fi
lib=${1:?usage: check-linux-so.sh [--musl] path/to/libshm4j.so}
[ -f "$lib" ] || { echo "check-linux-so: $lib does not exist" >&2; exit 1; }
OBJDUMP=${OBJDUMP:-objdump}
NM=${NM:-nm}

versions=$("$OBJDUMP" -T "$lib" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV || true)
newest=$(printf '%s\n' "$versions" | tail -n 1)
too_new=$(printf '%s\n' "$versions" | awk -F. 'NF && ($1 > 2 || ($1 == 2 && $2 > 17))')
exports=$("$NM" -D --defined-only "$lib" | awk '{print $3}' | sort | tr '\n' ' ')
needed=$("$OBJDUMP" -p "$lib" | awk '$1 == "NEEDED" {print $2}' | sort | tr '\n' ' ')

passed=0
failed=0
if $musl; then
    if [ -n "$versions" ] || [ "$needed" != "libc.so " ]; then
        echo "FAIL $lib is not a musl library: needs $needed, glibc versions: $(echo $versions)" >&2
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
elif [ -z "$versions" ] || [[ " $needed" != *" libc.so.6 "* ]]; then
    echo "FAIL $lib is not a glibc library: needs $needed" >&2
    failed=$((failed + 1))
elif [ -n "$too_new" ]; then
    echo "FAIL $lib needs glibc symbol versions newer than 2.17: $too_new" >&2
    "$OBJDUMP" -T "$lib" | grep -E "GLIBC_($(echo $too_new | sed 's/ /|/g'))\b" >&2 || true
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
if [ "$exports" != "JNI_OnLoad JNI_OnUnload " ]; then
    echo "FAIL $lib must export only JNI_OnLoad and JNI_OnUnload, exports: $exports" >&2
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
if $musl; then
    echo "check-linux-so: musl, needs: $needed; exports: $exports"
else
    echo "check-linux-so: newest glibc symbol version GLIBC_$newest; needs: $needed; exports: $exports"
fi
echo "check-linux-so: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
