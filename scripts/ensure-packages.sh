#!/bin/sh
# Install the Debian packages named in the given list files (one package a
# line, '#' comments) or on the command line, when any is missing.
# Runs `apt-get update` once before the first install.  Used by the Makefiles
# so that a fresh Debian 12 machine needs nothing but git, make and gcc.
set -eu

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
echo "pfwhy: installing missing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
