#!/usr/bin/env bash
# The quick start's main job: install, build, start summd on a private
# socket, and summarize the bundled example cluster (four reports of one
# invented event) in five sentences with the summ client.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

dir=$(mktemp -d)
sock="$dir/summd.sock"
build/daemon/summd -s "$sock" --state-dir "$dir/state" 2>"$dir/summd.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
	build/client/summ -S "$sock" health >/dev/null 2>&1 && break
	sleep 0.05
done
build/client/summ -S "$sock" -n 5 examples/cluster/*.txt
