#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# The file mapping sample in one terminal: starts the demo server in the
# background, waits for its prompt, runs the demo client, shows what both printed,
# then presses ENTER for the server and waits for it to clean up.
#
# Usage: ./demo.sh [--name NAME]      (NAME defaults to Local\SampleMap)
# Needs the jars: build them first with  mvn -B package
# Uses $JAVA_HOME/bin/java if JAVA_HOME is set, else java from the PATH.
# Exit status: 0 if both demos succeeded, 1 if one failed, 2 for a usage error.
set -u

cd "$(dirname "$0")" || exit 2
SERVER_JAR=demo-server/target/shm4j-demo-server.jar
CLIENT_JAR=demo-client/target/shm4j-demo-client.jar
PROMPT='Press ENTER to clean up resources and quit'
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

name_args=()
if [ $# -eq 2 ] && [ "$1" = --name ]; then
    name_args=(--name "$2")
elif [ $# -ne 0 ]; then
    echo "usage: $0 [--name NAME]" >&2
    exit 2
fi
shown_args= # the arguments as the user would type them
if [ ${#name_args[@]} -gt 0 ]; then
    shown_args=$(printf ' %q' "${name_args[@]}")
fi
for jar in "$SERVER_JAR" "$CLIENT_JAR"; do
    if [ ! -f "$jar" ]; then
        echo "demo.sh: $jar is missing; build the jars first:  mvn -B package" >&2
        exit 1
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/shm4j-demo.XXXXXX") || exit 1
server_pid=
cleanup() {
    exec 3>&- 2>/dev/null
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Shows a captured output under a label; the demos' prompts end without a line break.
show() { # LABEL FILE
    echo "--- $1 ---"
    cat "$2"
    echo
}

# The server's stdin is a FIFO: this script keeps its write end open (fd 3) and
# "presses ENTER" by writing a line break to it.
mkfifo "$work/server.in" || exit 1
"$JAVA" -jar "$SERVER_JAR" ${name_args[@]+"${name_args[@]}"} <"$work/server.in" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
exec 3>"$work/server.in"

echo "\$ java -jar $SERVER_JAR$shown_args &"
for _ in $(seq 300); do # up to 30 s
    grep -qF "$PROMPT" "$work/server.out" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if ! grep -qF "$PROMPT" "$work/server.out"; then
    show "server output" "$work/server.out"
    cat "$work/server.err" >&2
    echo "demo.sh: the server did not get to its prompt" >&2
    exit 1
fi
show "server output, waiting for ENTER" "$work/server.out"

echo
echo "\$ echo | java -jar $CLIENT_JAR$shown_args"
echo | "$JAVA" -jar "$CLIENT_JAR" ${name_args[@]+"${name_args[@]}"} >"$work/client.out" 2>"$work/client.err"
client_status=$?
show "client output" "$work/client.out"
cat "$work/client.err" >&2
echo "(client exited with status $client_status)"

echo
echo "Pressing ENTER for the server..."
echo >&3
exec 3>&-
wait "$server_pid"
server_status=$?
server_pid=
cat "$work/server.err" >&2
echo "(server exited with status $server_status)"

if [ "$client_status" -ne 0 ] || [ "$server_status" -ne 0 ]; then
    echo "demo.sh: the demo failed" >&2
    exit 1
fi
