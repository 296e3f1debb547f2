#!/bin/bash
# Fetch Debian arm64 packages with their dependencies and unpack them into
# a sysroot, through a private apt configuration: its own sources.list,
# lists and cache under APTDIR, arm64 as the only architecture.  The
# system's apt files are never touched.  Used for the arm64 fixture guest's
# busybox-static and for makedumpfile:arm64 (run under qemu-aarch64-static
# -L SYSROOT: Debian's x86_64 makedumpfile reads x86_64 dumps only).
#
# usage: arm64-sysroot.sh APTDIR SYSROOT PACKAGE...
# The archive is deb.debian.org's bookworm, as /etc/apt/sources.list.d
# names it (ARM64_APT_URI, ARM64_APT_SUITE override).
set -eu

aptdir=${1:?usage: arm64-sysroot.sh APTDIR SYSROOT PACKAGE...}
sysroot=${2:?missing SYSROOT}
shift 2
[ $# -gt 0 ] || { echo "arm64-sysroot: error: no packages given" >&2; exit 2; }
uri=${ARM64_APT_URI:-http://deb.debian.org/debian}
suite=${ARM64_APT_SUITE:-bookworm}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

die() { echo "arm64-sysroot: error: $*" >&2; exit 1; }
say() { echo "arm64-sysroot: $*"; }

[ -f "$keyring" ] || die "$keyring missing: install debian-archive-keyring"
mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/deb" "$sysroot"
aptdir=$(cd "$aptdir" && pwd)
sysroot=$(cd "$sysroot" && pwd)
cat > "$aptdir/sources.list" <<EOS
deb [arch=arm64 signed-by=$keyring] $uri $suite main
deb [arch=arm64 signed-by=$keyring] $uri $suite-updates main
EOS
apt_opts=(-o Dir::Etc::SourceList="$aptdir/sources.list"
	-o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists="$aptdir/lists"
	-o Dir::State::status=/dev/null
	-o Dir::Cache="$aptdir/cache"
	-o APT::Architectures=arm64
	-o APT::Architecture=arm64)
if [ ! -s "$aptdir/updated" ] || [ -n "$(find "$aptdir/updated" -mtime +7)" ]; then
	say "apt-get update (private lists in $aptdir)"
	apt-get "${apt_opts[@]}" -q update > "$aptdir/update.log" 2>&1 ||
		die "apt-get update failed: $(tail -n 3 "$aptdir/update.log")"
	date -u > "$aptdir/updated"
fi
# The packages and their Depends/Pre-Depends, recursively.
pkgs=$(apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances "$@" 2>"$aptdir/depends.log" |
	grep -v '^ ' | grep -v '^<' | sed 's/:arm64$//' | sort -u) ||
	die "apt-cache depends $* failed: $(tail -n 3 "$aptdir/depends.log")"
[ -n "$pkgs" ] || die "apt-cache depends $* listed nothing"
# Packages a sysroot that only runs a few binaries does not need.
pkgs=$(printf '%s\n' $pkgs | grep -vxE 'debconf|perl|perl-base|perl-modules-.*|libperl.*|libdb5.3|libgdbm.*|tar|libacl1|libselinux1|libpcre2-8-0|libmd0|dpkg|debianutils|sensible-utils|init-system-helpers|lsb-base|sysvinit-utils|kdump-tools|kexec-tools|ucf|procps|bsdextrautils|file|libmagic1|libmagic-mgc' || true)
say "downloading: $(echo $pkgs)"
(cd "$aptdir/deb" && apt-get "${apt_opts[@]}" -q download $(printf '%s:arm64 ' $pkgs)) > "$aptdir/download.log" 2>&1 ||
	die "apt-get download failed: $(tail -n 3 "$aptdir/download.log")"
for p in $pkgs; do
	deb=$(ls -t "$aptdir"/deb/"${p}"_*_arm64.deb "$aptdir"/deb/"${p}"_*_all.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "no .deb of $p in $aptdir/deb"
	dpkg-deb -x "$deb" "$sysroot"
done
say "unpacked $(echo $pkgs | wc -w) packages into $sysroot"
