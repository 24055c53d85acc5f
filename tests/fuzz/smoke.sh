#!/usr/bin/env bash
# A short run of every fuzz target from its seed corpus (TAP): no crash,
# leak, timeout or out-of-memory in SECONDS (default 10) each.
#   smoke.sh BUILD_FUZZ_DIR SOURCE_DIR [SECONDS]
build="$1"
src="$2"
secs="${3:-10}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
bad=0
for t in api_request engine sentence tokenize config; do
	case $t in
	api_request) dict=json ;;
	config) dict=config ;;
	*) dict=text ;;
	esac
	n=$((n + 1))
	mkdir -p "$work/$t"
	if "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=5 \
		-rss_limit_mb=2048 -dict="$src/tests/fuzz/$dict.dict" \
		-artifact_prefix="$work/" "$work/$t" "$src/tests/fuzz/corpus/$t" \
		>"$work/$t.log" 2>&1; then
		runs=$(grep -o 'Done [0-9]* runs' "$work/$t.log" | tail -1)
		echo "ok $n - fuzz_$t: ${runs:-ran}, no crash"
	else
		echo "not ok $n - fuzz_$t failed:"
		grep -E 'ERROR|SUMMARY|Test unit written' "$work/$t.log" |
			head -5 | sed 's/^/#   /'
		bad=1
	fi
done
echo "1..$n"
exit $bad
