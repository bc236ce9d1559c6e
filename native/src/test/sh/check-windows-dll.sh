#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# check-windows-dll.sh DLL - fails unless DLL imports only KERNEL32.dll and the C
# runtime, and exports only JNI entry points.
set -euo pipefail
dll=${1:?usage: check-windows-dll.sh path/to/shm4j.dll}
[ -f "$dll" ] || { echo "check-windows-dll: $dll does not exist" >&2; exit 1; }
objdump=${MINGW_OBJDUMP:-x86_64-w64-mingw32-objdump}

dump=$("$objdump" -p "$dll")
imports=$(printf '%s\n' "$dump" | sed -n 's/^\s*DLL Name: //p' | sort -u | tr '\n' ' ')
# The export table lists "[ordinal] name" rows after "[Ordinal/Name Pointer] Table".
exports=$(printf '%s\n' "$dump" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
          sed -n 's/^\s*\[\s*[0-9]*\] //p' | sort | tr '\n' ' ')

passed=0
failed=0
bad_imports=""
for d in $imports; do
    case "${d,,}" in
        kernel32.dll|msvcrt.dll|ucrtbase.dll|vcruntime140.dll|api-ms-win-crt-*.dll) ;;
        *) bad_imports="$bad_imports $d" ;;
    esac
done
if [ -z "$imports" ] || [ -n "$bad_imports" ]; then
    echo "FAIL $dll imports:$bad_imports (only KERNEL32.dll and the C runtime are allowed)" >&2
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
if [ "$exports" != "JNI_OnLoad JNI_OnUnload " ]; then
    echo "FAIL $dll must export only JNI_OnLoad and JNI_OnUnload, exports: $exports" >&2
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
echo "check-windows-dll: imports: $imports; exports: $exports"
echo "check-windows-dll: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
