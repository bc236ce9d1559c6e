#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# Fails when a source file lacks the project's license header: the line
#   Copyright YEAR the shm4j authors. Licensed under the Apache License, Version 2.0.
# within its first 5 lines, in the file's own comment syntax. Source files are Java,
# Kotlin, C, shell, cmd, Groovy and linker-script files, POMs, and scripts with a
# shebang; build output (target/), test data (src/*/resources) and the results of
# bench/ are not. Run by the root POM in the validate phase; by hand:
#   tools/check-license-headers.sh [ROOT] [--list]   (--list: print the files, exit 0)
set -euo pipefail

root=.
list_only=false
for arg in "$@"; do
    case $arg in
        --list) list_only=true ;;
        *) root=$arg ;;
    esac
done
cd "$root"

header='Copyright [0-9]{4}(-[0-9]{4})? the shm4j authors\. Licensed under the Apache License, Version 2\.0\.'


is_source() { # FILE
    case $1 in
        *.java|*.kt|*.kts|*.c|*.h|*.sh|*.cmd|*.bat|*.groovy|*.map|*/pom.xml|pom.xml) return 0 ;;
    esac
    [ -f "$1" ] && head -c 2 "$1" | grep -q '^#!'
}

missing=()
checked=0
while IFS= read -r -d '' f; do
    f=${f#./}
    is_source "$f" || continue
    checked=$((checked + 1))
    if ! head -n 5 "$f" | grep -Eq "$header"; then
        missing+=("$f")
    fi
done < <(find . \( -name .git -o -name target -o -name resources -o -path ./bench/results \
                   -o -name node_modules -o -name .idea \) -prune -o -type f -print0 | sort -z)

if $list_only; then
    [ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}"
    exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "check-license-headers: ${#missing[@]} source file(s) lack the license header line" >&2
    echo "  (// or # or <!-- --> or rem: \"Copyright $(date +%Y) the shm4j authors. Licensed under the Apache License, Version 2.0.\")" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi
echo "check-license-headers: $checked source files, all with the license header"
