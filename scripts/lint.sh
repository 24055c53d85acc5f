#!/usr/bin/env bash
# Static analysis of summd's own code (daemon/, client/): cppcheck 2.10 and
# clang-tidy 14 (checks in .clang-tidy). Prints TAP, one line a tool; every
# finding is printed. Needs a configured build/ (compile_commands.json).
#   scripts/lint.sh [BUILD]
cd "$(dirname "$0")/.." || exit 1
build=${1:-build}
files=(daemon/*.c daemon/engine/*.c client/*.c)
bad=0

# sys/queue.h is named so that cppcheck knows TAILQ_FOREACH; without it
# every loop variable looks uninitialized.
out=$(cppcheck --project="$build/compile_commands.json" -q \
	--enable=warning,portability,performance --inline-suppr \
	--suppress=missingIncludeSystem \
	--include=/usr/include/x86_64-linux-gnu/sys/queue.h \
	--template='{file}:{line}: {severity}: {message} [{id}]' \
	-i tests 2>&1 | grep -E ': (error|warning|performance|portability):')
if [ -z "$out" ]; then
	echo "ok 1 - cppcheck: no findings"
else
	echo "$out" | sed 's/^/# /'
	echo "not ok 1 - cppcheck: $(echo "$out" | wc -l) findings"
	bad=1
fi

out=$(clang-tidy -p "$build" --quiet "${files[@]}" 2>&1 |
	grep -E ': (error|warning):')
if [ -z "$out" ]; then
	echo "ok 2 - clang-tidy: no findings in ${#files[@]} files"
else
	echo "$out" | sed 's/^/# /'
	echo "not ok 2 - clang-tidy: $(echo "$out" | wc -l) findings"
	bad=1
fi
echo "1..2"
exit $bad
