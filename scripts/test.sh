#!/usr/bin/env bash
# The whole test suite: install, build, run every meson test and the unit
# tests again under valgrind; then build again with AddressSanitizer + UBSan
# and run the unit and integration tests there too, and the integration
# tests under ThreadSanitizer; then a short run of each libFuzzer target.
# Prints "N passed, N failed" counting each TAP check (a test that crashes
# or times out before reporting counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || exit 1

meson test -C build --print-errorlogs "$@"

# The unit tests again under valgrind memcheck: any error or definite leak
# fails them. Fair scheduling: valgrind runs one thread at a time, and by
# default a thread that wakes another may keep the lock for seconds (the
# pool's test took 9 to 70 s instead of 1).
meson test -C build --print-errorlogs --suite unit --logbase memcheck \
	--wrap='valgrind -q --error-exitcode=9 --leak-check=full
	--errors-for-leak-kinds=definite --track-fds=yes --fair-sched=yes' "$@"

if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined -Db_lto=false \
		-Db_lundef=false -Dbuildtype=debug >/dev/null || exit 1
fi
ninja -C build-asan >/dev/null || exit 1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	meson test -C build-asan --print-errorlogs --suite unit \
	--suite integration "$@"

# The integration tests again under ThreadSanitizer: the pool, the
# completion hand-off and the store's lock, with real clients.
if [ ! -f build-tsan/build.ninja ]; then
	meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Db_lto=false \
		-Dbuildtype=debug >/dev/null || exit 1
fi
ninja -C build-tsan >/dev/null || exit 1
# Where the tests' other users can read it, whatever the clone's mode.
supp=$(mktemp /tmp/summd-tsan.XXXXXX)
cp tests/tsan.supp "$supp" && chmod 644 "$supp"
TSAN_OPTIONS="halt_on_error=1:exitcode=66:suppressions=$supp" \
	meson test -C build-tsan --print-errorlogs --suite integration "$@"
# And the pool's own unit test there: its idle stack and hand-off.
TSAN_OPTIONS="halt_on_error=1:exitcode=66:suppressions=$supp" \
	meson test -C build-tsan --print-errorlogs --logbase tsan-pool pool
rm -f "$supp"

# The fuzz targets (clang, libFuzzer) each run a short while.
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_lto=false \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fsanitize=fuzzer-no-link >/dev/null || exit 1
fi
ninja -C build-fuzz >/dev/null || exit 1
meson test -C build-fuzz --print-errorlogs --suite fuzz

python3 - build/meson-logs/testlog.json build/meson-logs/memcheck*.json \
	build-asan/meson-logs/testlog.json \
	build-tsan/meson-logs/testlog.json \
	build-tsan/meson-logs/tsan-pool.json \
	build-fuzz/meson-logs/testlog.json <<'PY'
import json, re, sys
passed = failed = 0
for path in sys.argv[1:]:
    for line in open(path):
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
