#!/usr/bin/env bash
# Line coverage (gcovr) of daemon/ and client/ by the unit and integration
# tests, in a build of its own (build-cov). Workers update counters at the
# same time, so gcov may report a negative branch count: those lines are
# skipped, not fatal. Needs gcovr (apt-get install gcovr).
#   scripts/coverage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build-cov/build.ninja ] ||
	meson setup build-cov -Db_coverage=true -Db_lto=false >/dev/null
ninja -C build-cov >/dev/null
find build-cov -name '*.gcda' -delete
meson test -C build-cov --suite unit --suite integration >/dev/null || true
cd build-cov
gcovr -r .. --filter ../daemon/ --filter ../client/ \
	--gcov-ignore-parse-errors --txt
