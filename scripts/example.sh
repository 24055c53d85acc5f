#!/usr/bin/env bash
# The quick start's main job: install, build, and summarize the bundled
# example cluster (four reports of one invented event) in five sentences.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/tests/bench/summ-bench --sentences 5 examples/cluster/*.txt
