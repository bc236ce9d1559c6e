#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# check-reproducible.sh [MVN_ARGS...] - builds the committed HEAD twice, in two
# different folders, and compares shm4j's jars (main, sources, javadoc) byte for byte;
# on a difference, says which entries differ. Not part of the build (about 3 minutes);
# run it after changing how anything in the jar is made. The native libraries are
# built by gcc and MinGW: see native/pom.xml for the flags that keep them identical
# (-ffile-prefix-map, and for the DLL --no-insert-timestamp, --disable-auto-image-base).
# Exit status: 0 if identical, 1 if not.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/shm4j-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT

for side in one two-with-a-longer-path; do
    mkdir -p "$work/$side"
    git archive --format=tar --prefix=shm4j/ HEAD | tar -x -C "$work/$side"
    echo "check-reproducible: building in $work/$side/shm4j"
    (cd "$work/$side/shm4j" && mvn -B -q -DskipTests -pl .,native,java-api \
        -P '!linux-aarch64-jvm,!windows-jvm' "$@" package) >"$work/$side.log" 2>&1 \
        || { tail -n 40 "$work/$side.log" >&2; exit 1; }
done

status=0
for jar in "$work"/one/shm4j/java-api/target/shm4j-*.jar; do
    name=${jar##*/}
    other=$work/two-with-a-longer-path/shm4j/java-api/target/$name
    if cmp -s "$jar" "$other"; then
        echo "check-reproducible: $name identical ($(sha256sum <"$jar" | cut -c1-16))"
    else
        status=1
        echo "check-reproducible: $name DIFFERS; entries:" >&2
        mkdir -p "$work/x1/$name" "$work/x2/$name"
        (cd "$work/x1/$name" && unzip -q "$jar")
        (cd "$work/x2/$name" && unzip -q "$other")
        diff -rq "$work/x1/$name" "$work/x2/$name" | sed "s|$work/x[12]/||g" >&2 || true
    fi
done
exit $status
