#!/usr/bin/env bash
# Summary quality on a development set (default ../shared/data/duc2006):
# ROUGE-1, ROUGE-2 and ROUGE-SU4 recall of summd's engine beside the lead
# baseline, at 250 words (generic and query-focused) and at 100 words, and
# with a background IDF learnt from the other half of the set.
#
#   tests/bench/quality.sh [--cv] [DATA]
#
# --cv also checks the defaults by two-fold cross-validation: the clusters
# are split in two halves; a small grid of settings is tuned on one half and
# the best setting (by ROUGE-2) is scored on the other, and the reverse.
# Needs build/tests/bench/summ-bench and ../shared/eval/run_system.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
eval_dir="$top/../shared/eval"
cv=0
if [ "${1:-}" = "--cv" ]; then
	cv=1
	shift
fi
data=$(cd "${1:-$top/../shared/data/duc2006}" && pwd)
bench="$top/build/tests/bench/summ-bench"
[ -x "$bench" ] || { echo "quality.sh: build first (ninja -C build)" >&2; exit 1; }
[ -x "$eval_dir/run_system.sh" ] || { echo "quality.sh: no $eval_dir/run_system.sh" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Two halves of the set, as folders of links: odd and even clusters.
mkdir -p "$tmp/A" "$tmp/B"
i=0
for c in "$data"/*/; do
	[ -d "$c/docs" ] || continue
	half=$([ $((i % 2)) -eq 0 ] && echo A || echo B)
	ln -s "${c%/}" "$tmp/$half/$(basename "$c")"
	i=$((i + 1))
done

# score NAME DATA WORDS [-q] -- CMD...: one line of recall figures.
score() {
	local name="$1" set="$2" words="$3"
	shift 3
	local q=()
	if [ "$1" = "-q" ]; then q=(-q); shift; fi
	[ "$1" = "--" ] && shift
	"$eval_dir/run_system.sh" -d "$set" -w "$words" "${q[@]}" \
		-o "$tmp/out-$RANDOM" -- "$@" 2>/dev/null |
		awk -v n="$name" '/^ROUGE-1 /{r1=$2} /^ROUGE-2 /{r2=$2}
		    /^ROUGE-SU4 /{su=$2}
		    END {gsub("R=","",r1); gsub("R=","",r2); gsub("R=","",su);
		         printf "%-44s %8s %8s %8s\n", n, r1, r2, su}'
}

# A background IDF from each half's articles, for the other half.
for h in A B; do
	mkdir -p "$tmp/docs$h"
	for c in "$tmp/$h"/*/; do
		for f in "$c"docs/*; do
			ln -s "$f" "$tmp/docs$h/$(basename "$c")-$(basename "$f")"
		done
	done
	"$bench" --idf-from "$tmp/docs$h" --idf-save "$tmp/idf$h.tsv"
done

printf "%-44s %8s %8s %8s\n" "system ($(ls "$tmp/A" "$tmp/B" | grep -c D) clusters)" R-1 R-2 R-SU4
score "lead baseline, 250 words" "$data" 250 -- "$here/lead.sh"
score "summd, 250 words" "$data" 250 -- "$bench"
score "summd, 250 words, query-focused" "$data" 250 -q -- "$bench"
score "summd, 100 words" "$data" 100 -- "$bench"
score "lead baseline, 100 words" "$data" 100 -- "$here/lead.sh"
# The background IDF: half A summarized with B's, and the reverse.
score "summd, 250 words, background IDF (half A)" "$tmp/A" 250 -- "$bench" --idf "$tmp/idfB.tsv"
score "summd, 250 words, cluster IDF    (half A)" "$tmp/A" 250 -- "$bench"
score "summd, 250 words, background IDF (half B)" "$tmp/B" 250 -- "$bench" --idf "$tmp/idfA.tsv"
score "summd, 250 words, cluster IDF    (half B)" "$tmp/B" 250 -- "$bench"

[ $cv -eq 1 ] || exit 0

echo
echo "two-fold cross-validation of the selection settings (250 words)"
grid=()
for p in 0 1; do
	for c in 0.5 0.6 0.7; do
		for s in 0.3 0.5 0.7; do
			grid+=("position=$p coverage=$c cost_scale=$s")
		done
	done
done
for fold in A B; do
	other=$([ $fold = A ] && echo B || echo A)
	best=""
	bestr2=-1
	for g in "${grid[@]}"; do
		args=()
		for kv in $g; do args+=(--set "$kv"); done
		line=$(score "$g" "$tmp/$fold" 250 -- "$bench" "${args[@]}")
		r2=$(echo "$line" | awk '{print $(NF-1)}')
		if awk -v a="$r2" -v b="$bestr2" 'BEGIN { exit !(a > b) }'; then
			best="$g"
			bestr2=$r2
		fi
	done
	args=()
	for kv in $best; do args+=(--set "$kv"); done
	echo "tuned on half $fold: $best (R-2 $bestr2 there)"
	score "  scored on half $other" "$tmp/$other" 250 -- "$bench" "${args[@]}"
	score "  defaults on half $other" "$tmp/$other" 250 -- "$bench"
done
