#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# check-version.sh ROOT VERSION - fails unless the version is written once: the root
# POM's <version>, repeated only in each module's <parent> (Maven 3 needs it there).
# Fails when a module's <parent> names another version, when a module sets a
# <version> of its own, or when a POM (outside <parent>) or a script spells the
# version out instead of using ${project.version}. Documentation (*.md) may quote it.
set -euo pipefail
root=$1
version=$2
cd "$root"

problems=()
while IFS= read -r -d '' pom; do
    pom=${pom#./}
    [ "$pom" = pom.xml ] && continue
    parent_version=$(sed -n '/<parent>/,/<\/parent>/p' "$pom" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p' | head -n 1)
    if [ -n "$parent_version" ] && [ "$parent_version" != "$version" ]; then
        problems+=("$pom: <parent> version $parent_version, the root POM's is $version")
    fi
    # A <version> right under <project> (two spaces of indentation, after </parent>).
    if sed '/<parent>/,/<\/parent>/d' "$pom" | grep -q '^  <version>'; then
        problems+=("$pom: sets a <version> of its own (inherit the root POM's)")
    fi
done < <(find . \( -name .git -o -name target -o -path './*/src/it' \) -prune -o -name pom.xml -type f -print0)

# The version spelled out anywhere else but documentation and the <parent> blocks.
while IFS= read -r hit; do
    file=${hit%%:*}
    case $file in
        pom.xml|*/pom.xml)
            line=${hit#*:}; line=${line%%:*}
            # inside a <parent> block?
            if sed -n "1,${line}p" "$file" | tac | grep -m1 -E '<(/?)parent>' | grep -q '<parent>'; then
                continue
            fi ;;
    esac
    [ "$file" = pom.xml ] && [ "$(sed -n "${line}p" pom.xml | tr -d ' ')" = "<version>$version</version>" ] \
        && [ "$(grep -n -m1 '<version>' pom.xml | cut -d: -f1)" = "$line" ] && continue
    problems+=("$hit: the version spelled out (use \${project.version}, or no version in the file name)")
done < <(grep -rnF --exclude-dir=.git --exclude-dir=target --exclude='*.md' -- "$version" . | sed 's:^\./::')

if [ ${#problems[@]} -gt 0 ]; then
    echo "check-version: the version $version is not set once:" >&2
    printf '  %s\n' "${problems[@]}" >&2
    exit 1
fi
echo "check-version: $version is set once (root pom.xml), every module inherits it"
