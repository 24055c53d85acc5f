#!/usr/bin/env bash
# Run each fuzz target from its seed corpus (TAP): no crash, leak, timeout
# or out-of-memory in SECONDS (default 10) each.
#   smoke.sh BUILD_FUZZ_DIR SOURCE_DIR [SECONDS [TARGET...]]
# With FUZZ_WORK=DIR the corpus the run grows, its log and any crashing
# input are kept in DIR/TARGET (the long profile, tests/long.sh); by
# default they go to a temporary directory.
build="$1"
src="$2"
secs="${3:-10}"
shift 3 2>/dev/null || shift $#
targets="${*:-api_request engine sentence tokenize config}"
if [ -n "${FUZZ_WORK:-}" ]; then
	work="$FUZZ_WORK"
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
# Undefined behaviour fails a run as a crash does (UBSan only reports it
# by default, and the run goes on).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
n=0
bad=0
for t in $targets; do
	case $t in
	api_request) dict=json ;;
	config) dict=config ;;
	*) dict=text ;;
	esac
	n=$((n + 1))
	mkdir -p "$work/$t"
	if "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=5 \
		-rss_limit_mb=2048 -dict="$src/tests/fuzz/$dict.dict" \
		-artifact_prefix="$work/$t-" "$work/$t" "$src/tests/fuzz/corpus/$t" \
		>"$work/$t.log" 2>&1; then
		runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$work/$t.log" |
			tail -1)
		cov=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$work/$t.log" |
			tail -1)
		echo "ok $n - fuzz_$t: ${runs:-ran}s, ${cov:-}, no crash"
	else
		echo "not ok $n - fuzz_$t failed:"
		# What failed and where (the stack), then the input itself:
		# the work directory is gone after a CI run.
		sed -n '/ERROR\|runtime error/,$p' "$work/$t.log" | grep -v '^#[0-9]*\s*\(NEW\|REDUCE\|pulse\)' |
			head -40 | sed 's/^/#   /'
		for a in "$work/$t"-*; do
			[ -f "$a" ] || continue
			echo "#   input $(basename "$a") ($(wc -c <"$a") bytes, base64):"
			head -c 8192 "$a" | base64 | sed 's/^/#   /'
		done
		bad=1
	fi
done
echo "1..$n"
exit $bad
