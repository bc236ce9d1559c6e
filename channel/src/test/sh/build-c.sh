#!/usr/bin/env bash
# Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
#
# Builds the C peer of ChannelCInteropIT into $1 (Linux x86-64 with gcc; elsewhere it
# says so and builds nothing, and the test reports the missing program).
set -euo pipefail
out="$1"
here="$(cd "$(dirname "$0")/../../.." && pwd)"
mkdir -p "$out"
if [[ "$(uname -s)" != Linux ]] || ! command -v gcc >/dev/null; then
  echo "build-c.sh: no gcc on Linux here; the C peer is not built" >&2
  exit 0
fi
gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$here/src/main/c" -I "$here/../native/src/main/c" \
  -o "$out/channel_peer" "$here/src/test/c/channel_peer.c"
