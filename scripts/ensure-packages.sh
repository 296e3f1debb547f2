#!/bin/sh
# Install the Debian packages named in the given list files (one package a
# line, '#' comments) or on the command line, when any is missing.
# Runs `apt-get update` once before the first install.  Used by the Makefiles
# so that a fresh Debian 12 machine needs nothing but git, make and gcc.
#
# Another apt or dpkg (unattended-upgrades, a second make) may hold the dpkg
# lock: apt waits for it, up to PFWHY_APT_LOCK_TIMEOUT seconds (default 600),
# with its own DPkg::Lock::Timeout, and we say so instead of failing at once.
set -eu

lock_timeout=${PFWHY_APT_LOCK_TIMEOUT:-600}
dpkg_lock=${PFWHY_DPKG_LOCK:-/var/lib/dpkg/lock-frontend}

missing=""
for arg in "$@"; do
	if [ -f "$arg" ]; then
		pkgs=$(sed -e 's/#.*//' "$arg")
	else
		pkgs=$arg
	fi
	for p in $pkgs; do
		status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
		case "$status" in
		ii*) ;;
		*) missing="$missing $p" ;;
		esac
	done
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	echo "pfwhy: missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
	exit 1
fi

# The pid that holds the dpkg lock, if any: lslocks (util-linux) lists the
# fcntl locks apt and dpkg take, with their file.
lock_holder() {
	command -v lslocks > /dev/null || return 0
	lslocks -n -o PID,PATH 2>/dev/null | awk -v f="$dpkg_lock" '$2 == f { print $1; exit }'
}

apt_get() {
	holder=$(lock_holder)
	[ -z "$holder" ] ||
		echo "pfwhy: waiting for the dpkg lock ($dpkg_lock), held by pid $holder, up to ${lock_timeout}s" >&2
	apt-get -o DPkg::Lock::Timeout="$lock_timeout" "$@" >&2
}

echo "pfwhy: installing missing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt_get update -qq
# shellcheck disable=SC2086
apt_get install -y -qq --no-install-recommends $missing
