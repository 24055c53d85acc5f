#!/usr/bin/env bash
# The lead baseline of DUC: the first WORDS words of the most recent
# article (the last file given), one line. Same interface as summ-bench:
#   lead.sh --words N FILE...
set -euo pipefail
words=250
while [ $# -gt 0 ]; do
	case "$1" in
	--words | -w) words="$2"; shift 2 ;;
	--query | -q) shift 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: lead.sh [--words N] FILE..." >&2; exit 64; }
last="${!#}"
tr -s ' \t\n\r' ' ' < "$last" | cut -d ' ' -f "1-$words"
