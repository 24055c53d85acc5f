#!/usr/bin/env bash
# The whole test suite: install, build, run every meson test, and print
# "N passed, N failed" counting each TAP check (a test that crashes or
# times out before reporting counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || exit 1
meson test -C build --print-errorlogs "$@"
python3 - build/meson-logs/testlog.json <<'PY'
import json, re, sys
passed = failed = 0
for line in open(sys.argv[1]):
    t = json.loads(line)
    out = t.get("stdout") or ""
    p = len(re.findall(r"^ok \d", out, re.M))
    f = len(re.findall(r"^not ok \d", out, re.M))
    if t["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and f == 0:
        f = 1
    if p + f == 0 and t["result"] == "OK":
        p = 1
    passed += p
    failed += f
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
