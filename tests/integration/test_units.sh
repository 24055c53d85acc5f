#!/usr/bin/env bash
# The systemd units: systemd-analyze verify is clean and the service's
# security exposure is 2.0 or lower; the unit meson installs starts the
# summd it installs; stopping the service leaves the socket's directory;
# the group the socket is given exists once sysusers.d has run; and the
# ExecReload= lines fail on a bad config file before they signal summd.
# Prints TAP; skips with a reason where systemd-analyze is absent.
#   test_units.sh SOURCE_DIR SUMMD_BINARY BUILT_UNIT INSTALLED_SUMMD
src="$1"
summd="$2"
built="$3"
installed="$4"
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "1..0 # SKIP systemd-analyze is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/systemd/summd.socket" "$tmp/"
# Point the unit at the binary just built, so verify can check it.
sed "s|@sbindir@/summd|$summd|" "$src/systemd/summd.service.in" \
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
exec_start=$(sed -n 's/^ExecStart=//p' "$built")
if [ "$exec_start" = "$installed" ]; then
	echo "ok 3 - the installed unit starts $installed"
else
	echo "not ok 3 - the installed unit starts '$exec_start', not $installed"
fi

# RuntimeDirectory= would be removed at every stop and restart of the
# service, and the socket summd.socket made in it with it.
sock_dir=$(sed -n 's|^ListenStream=\(.*\)/[^/]*$|\1|p' summd.socket)
runtime=$(sed -n 's/^RuntimeDirectory=//p' summd.service)
if [ -n "$sock_dir" ] && [ -z "$runtime" ]; then
	echo "ok 4 - no RuntimeDirectory=: $sock_dir outlives the service"
else
	echo "not ok 4 - RuntimeDirectory=$runtime would take $sock_dir away"
fi

group=$(sed -n 's/^SocketGroup=//p' summd.socket)
if ! command -v systemd-sysusers >/dev/null 2>&1; then
	echo "ok 5 # SKIP systemd-sysusers is not installed"
elif mkdir -p root/etc && systemd-sysusers --root="$tmp/root" \
	"$src/systemd/summd.sysusers" >/dev/null 2>&1 &&
	grep -q "^$group:" root/etc/group; then
	echo "ok 5 - sysusers.d makes group $group, the socket's SocketGroup="
else
	echo "not ok 5 - no group '$group' after systemd-sysusers"
fi
# PrivateUsers= would show summd every client but root as nobody: the
# peer_uid it logs (RELIABILITY.md 25) would be 65534 for all of them.
private=$(sed -n 's/^PrivateUsers=//p' summd.service)
case "$private" in
"" | no | false | 0 | off)
	echo "ok 6 - no PrivateUsers=: the logged peer_uid is the client's" ;;
*)
	echo "not ok 6 - PrivateUsers=$private: every client logged as nobody" ;;
esac

# systemctl reload runs the ExecReload= lines in turn, $MAINPID set, and
# fails at the first that fails. Here each runs with the summd just built
# and a config file of the test's own (-c, as ExecStart= reads the default).
sed -n 's/^ExecReload=//p' "$src/systemd/summd.service.in" |
	sed "s|@sbindir@/summd|$summd -c $tmp/summd.conf|" >"$tmp/reload"
reload() {
	local line
	while IFS= read -r line; do
		MAINPID=$pid eval "$line" >/dev/null 2>>"$tmp/reload.err" ||
			return
	done <"$tmp/reload"
}
logged() {
	grep -c "$1" "$tmp/summd.err"
}
echo "log_level = info" >"$tmp/summd.conf"
"$summd" -s "$tmp/s.sock" -c "$tmp/summd.conf" --state-dir "$tmp/state" \
	2>"$tmp/summd.err" &
pid=$!
for _ in $(seq 200); do
	grep -q "ready" "$tmp/summd.err" 2>/dev/null && break
	sleep 0.05
done
echo "threads = x" >"$tmp/summd.conf"
reload
rc=$?
sleep 0.3
if [ "$rc" -eq 78 ] && grep -q "threads" "$tmp/reload.err" &&
	[ "$(logged "reload")" -eq 0 ]; then
	echo "ok 7 - a reload with an error in the file fails (78), names" \
		"it, and summd is not signalled"
else
	echo "not ok 7 - bad file: reload exit $rc, summd's reload lines" \
		"$(logged "reload"): $(tr '\n' ' ' <"$tmp/reload.err")"
fi
echo "log_level = debug" >"$tmp/summd.conf"
reload
rc=$?
for _ in $(seq 100); do
	[ "$(logged "reloaded")" -gt 0 ] && break
	sleep 0.05
done
if [ "$rc" -eq 0 ] && [ "$(logged "reloaded")" -eq 1 ]; then
	echo "ok 8 - a reload with a good file succeeds and summd reloads it"
else
	echo "not ok 8 - good file: reload exit $rc, summd's reloaded lines" \
		"$(logged "reloaded")"
fi
kill "$pid"
wait "$pid"
echo "1..8"
