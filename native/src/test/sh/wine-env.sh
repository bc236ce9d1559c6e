# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# wine-env.sh - sourced (not run) by the scripts that drive Wine headless:
# wine-tests.sh (the C tests) and java-api/src/test/sh/windows-jvm.sh (the Windows
# JVM leg). One place for the prefix, the environment and the clean-up.
#
#   wine_env PREFIX      exports the environment of a headless 64-bit prefix at
#                        PREFIX and creates it (wineboot -i) when it does not exist
#                        yet; the log goes to PREFIX.wineboot.log
#   wine_stop [KILL]     waits (2 min at most) for the wineserver of the prefix to
#                        exit (kills it first if KILL is 1), then removes its socket
#                        folder, so that a run leaves nothing outside its build folder
#   winpath PATH         prints the Windows form of an absolute Unix path (drive Z:)
#   check WHAT CMD...    one check of a script, passed when CMD succeeds: prints
#                        PASS/FAIL WHAT and counts it in checks_passed/checks_failed

wine_env() {
    export WINEPREFIX=$1
    export WINEARCH=win64
    export WINEDEBUG=-all
    # No Mono/Gecko installers in a headless prefix.
    export WINEDLLOVERRIDES="mscoree,mshtml="
    unset DISPLAY WAYLAND_DISPLAY
    if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
        echo "wine: creating the Wine prefix $WINEPREFIX"
        mkdir -p "$(dirname "$WINEPREFIX")"
        if ! timeout 300 wineboot -i >"$WINEPREFIX.wineboot.log" 2>&1; then
            cat "$WINEPREFIX.wineboot.log" >&2
            echo "wine: wineboot -i failed" >&2
            return 1
        fi
    fi
}

# The wineserver keeps its socket and lock in ${TMPDIR:-/tmp}/wine-*/server-DEV-INODE
# (DEV and INODE of the prefix, in hex); removed once the server has exited.
wine_remove_server_dir() {
    local dev ino dir
    [[ -d "${WINEPREFIX:-}" ]] || return 0
    read -r dev ino < <(stat -c '%d %i' "$WINEPREFIX")
    for dir in "${TMPDIR:-/tmp}"/wine-*/"server-$(printf '%x-%x' "$dev" "$ino")"; do
        [[ -d "$dir" && ! -S "$dir/socket" ]] || continue
        rm -rf "$dir"
        rmdir "$(dirname "$dir")" 2>/dev/null || true
    done
}

wine_stop() {
    if [[ "${1:-0}" == 1 ]]; then
        wineserver -k >/dev/null 2>&1 || true
    fi
    if ! timeout 120 wineserver -w; then
        echo "wine: wineserver did not exit, killing it"
        wineserver -k >/dev/null 2>&1 || true
    fi
    wine_remove_server_dir || true
}

checks_passed=0
checks_failed=0
check() {
    local what=$1
    shift
    if "$@"; then
        checks_passed=$((checks_passed + 1))
        echo "PASS $what"
    else
        checks_failed=$((checks_failed + 1))
        echo "FAIL $what"
    fi
}

# "Z:" is Wine's drive for the Unix root.
winpath() {
    printf 'Z:%s' "${1//\//\\}"
}
