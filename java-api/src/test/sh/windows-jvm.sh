#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# windows-jvm.sh - the Windows leg: runs shm4j on a real Windows x64 JVM (Eclipse
# Temurin 17.0.8.1, the JRE inside org.flywaydb:flyway-commandline:10.0.0:zip:
# windows-x64) under Wine, headless.
#
# Usage (Maven runs it in the windows-jvm profiles of java-api and demo-client):
#
#   bash windows-jvm.sh ZIP WORKDIR CLASSPATH_FILE TEST_CLASSES JAR [--demo-cmd=FILE]
#                       [-Dname=value...] [ARGS...]
#
#   Runs the *IT classes in TEST_CLASSES on the Windows JVM, through the JUnit
#   Platform console launcher, with JAR, TEST_CLASSES and the test dependencies
#   listed in CLASSPATH_FILE (':' between entries) on the class path.
#
#   ZIP       the flyway-commandline zip, as Maven resolved it into the local
#             repository. Its SHA-256 is checked; its flyway-10.0.0/jre/ folder is
#             unpacked once, next to the zip (ZIP minus ".zip", plus "-jre/"), and
#             reused by later builds.
#   WORKDIR   the leg's folder: the one Wine prefix (WORKDIR/prefix), the plain-Win32
#             test programs and the logs.
#   --demo-cmd=FILE  then also runs FILE (demo.cmd) with Wine's cmd on a virtual X
#             display (xvfb-run: the server that demo.cmd starts in a new console
#             window waits there for ENTER, as on Windows; without a display it would
#             read end of input and quit at once). Three checks: exit status 0, the
#             client's lines byte for byte with CRLF, and the status line.
#   -Dname=value  system properties for the test JVM; a value that is an absolute
#             Unix path is handed over in its Windows form (Z:\...).
#   ARGS      replace the launcher's selection of every *IT class (for one class:
#             --select-class io.github.shm4j.UseAfterCloseIT).
#
# The test JVM also gets -Dshm4j.test.win32Dir: a folder with the plain-Win32
# programs of native/src/test/c (*_win32.c) built with MinGW-w64: the sample's
# server and client, and event_holder_win32.exe.
#
# Environment: SHM4J_SKIP_WINE=1 prints a SKIPPED line and does nothing. Without it
# a missing Wine is an error, not a skip.
#
# The closing line is "N passed, M failed" (tests skipped by an assumption, such as
# the Linux-only ones, are counted apart on the line before). Exits non-zero on any
# failure.

set -euo pipefail

if [[ "${SHM4J_SKIP_WINE:-}" == 1 ]]; then
    echo "windows-jvm: SKIPPED (SHM4J_SKIP_WINE=1): the Windows JVM leg did not run"
    exit 0
fi

readonly ZIP_SHA256=93bced1073a7a8d97dbd23c888cf74733b9c345ca4cf7b9d44ab4eb3ea4ae146
readonly ZIP_JRE=flyway-10.0.0/jre

die() {
    echo "windows-jvm: ERROR: $*" >&2
    exit 1
}

[[ $# -ge 5 ]] || die "usage: windows-jvm.sh ZIP WORKDIR CLASSPATH_FILE TEST_CLASSES JAR [-Dname=value...] [ARGS...]"
zip=$1 workdir=$2
shift 2
for tool in wine wineserver wineboot unzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 \
        || die "'$tool' not found: install wine, wine64 and unzip, or set SHM4J_SKIP_WINE=1 to skip the Windows JVM leg"
done
[[ -f "$zip" ]] || die "the Windows JRE's zip $zip does not exist"

# ---- the JRE, unpacked once into the local Maven repository ----------------------

# Unpacks into a private temporary folder, then renames it into place: a build
# that runs at the same time either sees no JRE yet or a complete one.
jre_of() {
    local zip=$1 cache tmp sum
    cache=${zip%.zip}-jre
    if [[ -f "$cache/verified" && "$(cat "$cache/verified")" == "$ZIP_SHA256" ]]; then
        echo "$cache"
        return 0
    fi
    sum=$(sha256sum "$zip" | cut -d' ' -f1)
    [[ "$sum" == "$ZIP_SHA256" ]] \
        || die "$zip has SHA-256 $sum, expected $ZIP_SHA256: delete it and build again"
    tmp=$(mktemp -d "$cache.tmp.XXXXXX")
    echo "windows-jvm: unpacking $ZIP_JRE/ of $zip into $cache" >&2
    unzip -q "$zip" "$ZIP_JRE/*" -d "$tmp" || { rm -rf "$tmp"; die "cannot unpack $zip"; }
    mv "$tmp/$ZIP_JRE" "$tmp/jre"
    echo "$ZIP_SHA256" >"$tmp/jre/verified"
    if ! mv -T "$tmp/jre" "$cache" 2>/dev/null; then
        [[ -f "$cache/verified" ]] || { rm -rf "$tmp"; die "cannot move the JRE to $cache"; }
    fi
    rm -rf "$tmp"
    echo "$cache"
}

started=$SECONDS
jre=$(jre_of "$zip")
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
# shellcheck source=../../../../native/src/test/sh/wine-env.sh
source "$repo/native/src/test/sh/wine-env.sh"

cleanup() {
    local status=$?
    wine_stop "$((status != 0))" >/dev/null 2>&1 || true
    exit "$status"
}
trap cleanup EXIT
wine_env "$workdir/prefix" || die "cannot set up the Wine prefix"

JAVA_EXE=$jre/bin/java.exe
echo "windows-jvm: $(wine "$JAVA_EXE" -version 2>&1 | tr -d '\r' | sed -n 2p) under $(wine --version)"

# ---- tests -----------------------------------------------------------------------

run_tests() {
    local cpfile=$1 classes=$2 jar=$3 cp entry module log status=0 program
    local props=() ok failed aborted skipped demo_cmd=''
    shift 3
    if [[ $# -gt 0 && $1 == --demo-cmd=* ]]; then
        demo_cmd=${1#--demo-cmd=}
        command -v xvfb-run >/dev/null 2>&1 \
            || die "'xvfb-run' not found: install xvfb and xauth (demo.cmd needs a display)"
        shift
    fi
    [[ -f "$cpfile" ]] || die "the class path file $cpfile does not exist"
    [[ -f "$jar" ]] || die "the jar $jar does not exist (run the package phase first)"
    module=$(basename "$(cd "$classes/../.." && pwd)")
    log=$workdir/$module-tests.log
    while [[ $# -gt 0 && $1 == -D* ]]; do
        if [[ $1 == -D*=/* ]]; then
            props+=("${1%%=*}=$(winpath "${1#*=}")")
        else
            props+=("$1")
        fi
        shift
    done
    # The jar and the test classes on the JVM's own class path: tests start child
    # JVMs with java.class.path.
    cp="$(winpath "$jar");$(winpath "$classes");"
    while IFS= read -r -d ':' entry; do
        [[ -n "$entry" ]] && cp+="$(winpath "$entry");"
    done < <(printf '%s:' "$(cat "$cpfile")")
    # A class path this long goes through an argument file (CreateProcess caps the
    # command line at 32767 characters); backslashes are escapes there.
    printf -- '-cp\n"%s"\n' "${cp//\\/\\\\}" >"$workdir/$module-classpath.args"
    mkdir -p "$workdir/win32"
    for program in event_holder sample_server sample_client; do
        "${MINGW_CC:-x86_64-w64-mingw32-gcc}" -std=c11 -Wall -Wextra -Werror -O2 -static-libgcc \
            $([[ $program == event_holder ]] && echo -municode) \
            -o "$workdir/win32/${program}_win32.exe" "$repo/native/src/test/c/${program}_win32.c" \
            || die "cannot build ${program}_win32.exe (MinGW-w64 is needed)"
    done
    if [[ $# -eq 0 ]]; then
        set -- --scan-classpath "$(winpath "$classes")" \
            --include-classname '^(.+\.)?(IT[^.]*|[^.]*IT|[^.]*ITCase)$'
    fi
    # JUnit's @TempDir and Files.createTemp* seed a SecureRandom. The SUN provider's
    # seed lists the network adapters, and under Wine that call sometimes fails
    # ("GetAdaptersAddresses function failed with error == 3", a java.lang.Error) and
    # takes the test down: Windows' own PRNG (SunMSCAPI) first, SUN in its place.
    # shm4j itself needs no SecureRandom (NativeLibraryIT checks that).
    printf '%s\n' 'security.provider.1=SunMSCAPI' 'security.provider.12=SUN' >"$workdir/test-jvm.security"
    echo "windows-jvm: the integration tests of $module on the Windows JVM"
    (cd "$(dirname "$classes")/.." && timeout 3600 wine "$JAVA_EXE" \
        -Xcheck:jni --enable-native-access=ALL-UNNAMED \
        "-Djava.security.properties=$(winpath "$workdir/test-jvm.security")" \
        "-XX:ErrorFile=$(winpath "$workdir")\\hs_err_pid%p.log" \
        "-Dshm4j.test.win32Dir=$(winpath "$workdir/win32")" "${props[@]}" \
        "@$(winpath "$workdir/$module-classpath.args")" \
        org.junit.platform.console.ConsoleLauncher execute \
        --disable-banner --disable-ansi-colors --details=tree "$@") </dev/null 2>&1 | tr -d '\r' | tee "$log" || status=$?
    count() { grep -Eo "[0-9]+ tests $1" "$log" | tail -n 1 | cut -d' ' -f1 || true; }
    ok=$(count successful) failed=$(count failed) aborted=$(count aborted) skipped=$(count skipped)
    if [[ -z "$ok" || -z "$failed" ]]; then
        echo "windows-jvm: the launcher printed no summary (exit status $status)"
        ok=${ok:-0} failed=$((${failed:-0} + 1))
    elif [[ $status -ne 0 && $failed -eq 0 ]]; then
        echo "windows-jvm: the launcher exited with status $status"
        failed=1
    fi
    if [[ -n "$demo_cmd" ]]; then
        run_demo_cmd "$demo_cmd"
        ok=$((ok + checks_passed)) failed=$((failed + checks_failed))
    fi
    echo "windows-jvm: ${aborted:-0} skipped by an assumption, ${skipped:-0} disabled (see $log for why); $((SECONDS - started)) s"
    echo "$ok passed, $failed failed"
    [[ $failed -eq 0 ]]
}

# ---- demo.cmd under Wine's cmd ------------------------------------------------------


contains() { [[ "$1" == *"$2"* ]]; }

# The console as cmd prints it: CRLF line ends, kept (no tr here).
run_demo_cmd() {
    local script=$1 out=$workdir/demo-cmd.out status=0 crlf=$'\r\n' expected
    echo "windows-jvm: $(basename "$script") under Wine's cmd (virtual display)"
    # A wineserver started without a display would keep the new consoles windowless.
    timeout 120 wineserver -w || true
    (cd "$(dirname "$script")" && JAVA_HOME=$(winpath "$(dirname "$(dirname "$JAVA_EXE")")") \
        timeout 300 xvfb-run -a wine cmd /c "$(winpath "$script")") </dev/null >"$out" 2>"$workdir/demo-cmd.err" \
        || status=$?
    tr -d '\r' <"$out"
    expected="The file mapping (Local\\SampleMap) is opened${crlf}The file view is mapped${crlf}"
    expected+="Read from the file mapping:${crlf}\"Message from the first process.\"${crlf}"
    expected+="Press ENTER to clean up resources and quit${crlf}(client exited with status 0)${crlf}"
    check "demo.cmd exits with status 0" test "$status" -eq 0
    check "demo.cmd shows the client's lines byte for byte (CRLF)" contains "$(cat "$out")" "$expected"
    check "demo.cmd says where the server waits" grep -q 'press ENTER in the "shm4j demo server" window' "$out"
}

run_tests "$@"
