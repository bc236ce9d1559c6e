#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# arm64-root.sh - prints the path of a private folder that holds what the aarch64 legs
# of the build need beside the cross compiler, making it first if it is not cached:
#   - an aarch64 JRE (Debian's openjdk-17-jre-headless:arm64 and zlib1g:arm64) whose
#     bin/java and lib/jspawnhelper are small scripts that run the real programs
#     through qemu-aarch64-static (there is no binfmt_misc here; without the
#     jspawnhelper script every ProcessBuilder of the emulated JVM exits with 127),
#     and the cross glibc of /usr/aarch64-linux-gnu linked where its loader looks;
#   - the aarch64 musl (musl:arm64, musl-dev:arm64) and bin/aarch64-linux-musl-gcc,
#     the Debian musl-gcc wrapper with its paths moved into this folder.
# Nothing is installed system-wide: the packages come from a private apt index
# (architecture arm64 only, the machine's own sources) and are unpacked with
# dpkg-deb -x. The folder is a cache outside the build tree, so that only the
# first build downloads (about 44 MB, a few seconds); a lock keeps concurrent builds
# from making it twice. Change the folder's name when what this script makes changes,
# so that no old cache is reused.
#
# Usage: arm64-root.sh [DIR]      makes DIR (default: ~/.cache/shm4j/arm64-root-v2;
#                                 the poms name it) unless it is complete, then
#                                 prints it (stdout); progress goes to stderr
# Layout of DIR:
#   jre/bin/java                  the emulated JVM (runs java.real under qemu)
#   bin/aarch64-linux-musl-gcc    the musl cross compiler wrapper
#   (the rest is the packages' own tree, with absolute links made relative to it)
set -euo pipefail

PACKAGES=(openjdk-17-jre-headless zlib1g musl musl-dev)
root=${1:-$HOME/.cache/shm4j/arm64-root-v2}
cache=$(dirname "$root")
cross=/usr/aarch64-linux-gnu

die() {
    echo "arm64-root: ERROR: $*" >&2
    exit 1
}

if [[ -f $root/.complete ]]; then
    echo "$root"
    exit 0
fi
for tool in aarch64-linux-gnu-gcc qemu-aarch64-static apt-get dpkg-deb flock; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: install gcc-aarch64-linux-gnu," \
        "libc6-dev-arm64-cross and qemu-user-static (see README, Build and test)"
done
[[ -f $cross/lib/ld-linux-aarch64.so.1 ]] || die "$cross/lib/ld-linux-aarch64.so.1 is missing: install libc6-dev-arm64-cross"

mkdir -p "$cache" || die "cannot create $cache: name another folder with -Dshm4j.arm64.root=DIR"
exec 9>"$root.lock"
flock 9
if [[ -f $root/.complete ]]; then # made by a concurrent build while we waited
    echo "$root"
    exit 0
fi

work=$(mktemp -d "$root.XXXXXX")
trap 'rm -rf "$work"' EXIT
new=$work/root
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/debs" "$new"
touch "$work/apt/status"
apt_opts=(-q -o APT::Architecture=arm64 -o APT::Architectures::=arm64
    -o Dir::State::Lists="$work/apt/lists" -o Dir::State::status="$work/apt/status"
    -o Dir::Cache="$work/apt/cache" -o Debug::NoLocking=1)

echo "arm64-root: downloading ${PACKAGES[*]} (arm64) into $root" >&2
started=$SECONDS
apt-get "${apt_opts[@]}" update >"$work/apt-update.log" 2>&1 \
    || { cat "$work/apt-update.log" >&2; die "apt-get update of a private arm64 index failed"; }
(cd "$work/debs" && apt-get "${apt_opts[@]}" download "${PACKAGES[@]/%/:arm64}") >"$work/apt-download.log" 2>&1 \
    || { cat "$work/apt-download.log" >&2; die "apt-get download ${PACKAGES[*]} (arm64) failed"; }
for deb in "$work"/debs/*.deb; do
    dpkg-deb -x "$deb" "$new"
done

# Absolute links (/etc/java-17-openjdk/..., /usr/lib/aarch64-linux-musl/libc.so) would
# reach the host's files: point them into this folder instead.
while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    ln -sfn "$root$target" "$link"
done < <(find "$new" -type l -lname '/*' -print0)

# The cross glibc (and libstdc++, libgcc_s), where the aarch64 loader searches.
mkdir -p "$new/lib/aarch64-linux-gnu"
for f in "$cross"/lib/*.so*; do
    [[ -e $new/lib/aarch64-linux-gnu/$(basename "$f") ]] || ln -s "$f" "$new/lib/aarch64-linux-gnu/"
done
ln -sfn "$cross/lib/ld-linux-aarch64.so.1" "$new/lib/ld-linux-aarch64.so.1"

# The JRE, behind qemu.
jre=$root/usr/lib/jvm/java-17-openjdk-arm64
[[ -x $new/usr/lib/jvm/java-17-openjdk-arm64/bin/java ]] || die "the JRE package has no bin/java"
ln -s "usr/lib/jvm/java-17-openjdk-arm64" "$new/jre"
# Every JVM, the tests' child JVMs too, runs with C1 only (-XX:TieredStopAtLevel=1):
# under emulation the optimizing compiler costs more time than it saves.
for program in bin/java lib/jspawnhelper; do
    mv "$new/usr/lib/jvm/java-17-openjdk-arm64/$program" "$new/usr/lib/jvm/java-17-openjdk-arm64/$program.real"
    options=
    [[ $program == bin/java ]] && options=" -XX:TieredStopAtLevel=1"
    cat >"$new/usr/lib/jvm/java-17-openjdk-arm64/$program" <<EOF
#!/bin/sh
# Runs the aarch64 $program under user-mode emulation (made by arm64-root.sh).
exec qemu-aarch64-static -L "$root" "$jre/$program.real"$options "\$@"
EOF
    chmod 755 "$new/usr/lib/jvm/java-17-openjdk-arm64/$program"
done

# The musl cross compiler: Debian's wrapper and specs, with this folder's paths. The
# specs look for libc.so in usr/lib/aarch64-linux-musl, where a merged /usr has it
# (else the linker takes libc.a and the library carries its own libc).
mkdir -p "$new/bin"
ln -s "$root/lib/aarch64-linux-musl/libc.so" "$new/usr/lib/aarch64-linux-musl/libc.so"
sed "s#/usr/#$root/usr/#g" "$new/usr/lib/aarch64-linux-musl/musl-gcc.specs" >"$new/usr/lib/aarch64-linux-musl/shm4j-musl-gcc.specs"
cat >"$new/bin/aarch64-linux-musl-gcc" <<EOF
#!/bin/sh
# aarch64-linux-gnu-gcc against the musl of this folder (made by arm64-root.sh).
exec aarch64-linux-gnu-gcc "\$@" -specs "$root/usr/lib/aarch64-linux-musl/shm4j-musl-gcc.specs"
EOF
chmod 755 "$new/bin/aarch64-linux-musl-gcc"

touch "$new/.complete"
rm -rf "$root"
mv "$new" "$root"
echo "arm64-root: ready in $((SECONDS - started)) s" >&2
echo "$root"
