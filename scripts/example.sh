#!/usr/bin/env bash
# The quick start's main job: install, build, start summd on a private
# socket, and have it summarize the bundled example cluster (four reports
# of one invented event) in five sentences, sent with curl.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

dir=$(mktemp -d)
sock="$dir/summd.sock"
build/daemon/summd -s "$sock" 2>"$dir/summd.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
	curl -sf --unix-socket "$sock" http://localhost/v1/health >/dev/null &&
		break
	sleep 0.05
done

# The request: every example article as one document of the cluster.
python3 - examples/cluster/*.txt >"$dir/request.json" <<'PY'
import json, os, sys
docs = [{"id": os.path.basename(p), "text": open(p, encoding="utf-8").read()}
        for p in sys.argv[1:]]
print(json.dumps({"documents": docs, "length": {"sentences": 5}}))
PY
curl -sS --unix-socket "$sock" http://localhost/v1/summarize \
	-H 'Content-Type: application/json' --data-binary @"$dir/request.json" |
	python3 -c 'import json, sys
for s in json.load(sys.stdin)["sentences"]:
    print(s["text"])'
