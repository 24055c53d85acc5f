#!/usr/bin/env bash
# The long profile of docs/RELIABILITY.md: the soak at 64 clients for
# SOAK_SECONDS (300) against the plain build, the hostile-client tests with
# ZZUF_COUNT (10000) mutated requests, then every libFuzzer target
# for FUZZ_MINUTES (30) each, FUZZ_JOBS (2) targets at a time. The grown
# corpora and any crashing input stay in build-fuzz/long/. Prints TAP and
# the figures; run from a tree where scripts/test.sh has built everything.
#   SOAK_SECONDS=300 FUZZ_MINUTES=30 FUZZ_JOBS=2 bash tests/long.sh
set -uo pipefail
cd "$(dirname "$0")/.."
soak=${SOAK_SECONDS:-300}
minutes=${FUZZ_MINUTES:-30}
jobs=${FUZZ_JOBS:-2}
ninja -C build >/dev/null && ninja -C build-fuzz >/dev/null || exit 1

bad=0
if [ "$soak" -gt 0 ]; then
	echo "# soak: 64 clients, $soak s"
	python3 tests/integration/test_soak.py build/daemon/summd \
		build/tests/bench/load examples/cluster "$soak" || bad=1
fi

if [ "${ZZUF_COUNT:-10000}" -gt 0 ]; then
	echo "# hostile clients, ${ZZUF_COUNT:-10000} zzuf-mutated requests"
	python3 tests/integration/test_hostile.py build/daemon/summd \
		examples/cluster "${ZZUF_COUNT:-10000}" || bad=1
fi

[ "$minutes" -gt 0 ] || exit $bad
targets=(api_request engine sentence tokenize config)
log=build-fuzz/long
mkdir -p "$log"
rm -f "$log"/job*.tap
for ((j = 0; j < jobs; j++)); do
	mine=()
	for ((i = j; i < ${#targets[@]}; i += jobs)); do
		mine+=("${targets[i]}")
	done
	FUZZ_WORK=$log bash tests/fuzz/smoke.sh build-fuzz . \
		$((minutes * 60)) "${mine[@]}" >"$log/job$j.tap" &
done
wait
echo "# fuzzing: $minutes min per target, $jobs at a time"
cat "$log"/job*.tap | grep -v '^1\.\.'
grep -q '^not ok' "$log"/job*.tap && bad=1
exit $bad
