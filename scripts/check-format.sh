#!/usr/bin/env bash
# Is every C file formatted by .clang-format? Prints one TAP line a file.
cd "$(dirname "$0")/.." || exit 1
n=0; bad=0
while IFS= read -r f; do
	n=$((n + 1))
	if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "ok $n - $f is formatted"
	else
		echo "not ok $n - $f needs clang-format -i"
		bad=1
	fi
done < <(find daemon client include tests -name '*.[ch]' | sort)
echo "1..$n"
exit $bad
