#!/usr/bin/env bash
# Install what summd needs to build and test, from Debian 12's archive.
# Only missing packages are installed, so running it again costs nothing.
set -euo pipefail

PACKAGES=(
	# build
	gcc libc6-dev meson ninja-build pkg-config
	libevent-dev libcjson-dev libutf8proc-dev libstemmer-dev
	libsqlite3-dev libcurl4-openssl-dev
	# tests, and the quick start's client (procps: the unit's
	# ExecReload uses /bin/kill, which systemd-analyze verify checks)
	python3 clang-format curl systemd procps zzuf strace
	valgrind
	# static analysis (scripts/lint.sh)
	cppcheck clang-tidy
	# fuzzing: clang with libFuzzer
	clang libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root to install" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
