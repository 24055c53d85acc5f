#!/usr/bin/env bash
# The systemd units: systemd-analyze verify is clean and the service's
# security exposure is 2.0 or lower. Prints TAP; skips with a reason where
# systemd-analyze is absent.
#   test_units.sh SOURCE_DIR SUMMD_BINARY
src="$1"
summd="$2"
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "1..0 # SKIP systemd-analyze is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/systemd/summd.socket" "$tmp/"
# Point ExecStart at the binary just built, so verify can check it.
sed "s|^ExecStart=.*|ExecStart=$summd|" "$src/systemd/summd.service" \
	>"$tmp/summd.service"
cd "$tmp" || exit 1

out=$(systemd-analyze verify --man=no ./summd.socket ./summd.service 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then
	echo "ok 1 - systemd-analyze verify is clean"
else
	echo "not ok 1 - systemd-analyze verify: $out" | tr '\n' ' '
	echo
fi

line=$(systemd-analyze security --offline=true ./summd.service 2>&1 |
	grep 'Overall exposure level')
level=$(echo "$line" | sed -n 's/.*: \([0-9.]*\) .*/\1/p')
if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }'; then
	echo "ok 2 - security exposure $level (2.0 or lower)"
else
	echo "not ok 2 - security exposure: ${line:-no figure}"
fi
echo "1..2"
