#!/usr/bin/env bash
# check-linux-so.sh LIB - fails unless LIB loads on glibc 2.17 and exports only JNI.
#  - no symbol bound to a GLIBC_ version above 2.17 (objdump -T);
#  - the only dynamic symbols it defines are JNI_OnLoad and JNI_OnUnload.
set -euo pipefail
lib=${1:?usage: check-linux-so.sh path/to/libshm4j.so}
[ -f "$lib" ] || { echo "check-linux-so: $lib does not exist" >&2; exit 1; }

newest=$(objdump -T "$lib" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
too_new=$(objdump -T "$lib" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV |
          awk -F. '$1 > 2 || ($1 == 2 && $2 > 17)')
exports=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort | tr '\n' ' ')

passed=0
failed=0
if [ -n "$too_new" ]; then
    echo "FAIL $lib needs glibc symbol versions newer than 2.17: $too_new" >&2
    objdump -T "$lib" | grep -E "GLIBC_($(echo $too_new | sed 's/ /|/g'))\b" >&2 || true
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
echo "check-linux-so: newest glibc symbol version GLIBC_$newest; exports: $exports"
echo "check-linux-so: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
