#!/bin/bash
# fetch-source.sh VERSION DIR: download Debian's linux-source-VERSION package
# of a release the system's apt sources do not name (5.10: Debian 11,
# bullseye) through a private apt configuration in DIR, unpack it there with
# dpkg-deb -x (never installed) and print the path of its
# linux-source-VERSION.tar.xz.  The private sources.list names the archive
# and security URIs the system's own apt files give for bookworm and
# bookworm-security, with the suites bullseye and bullseye-security,
# component main; lists, cache and the .deb stay in DIR (DIR/apt/), the
# system's apt files are never written.  A second run reuses DIR.
set -euo pipefail
version=${1:?usage: fetch-source.sh VERSION DIR}
dir=${2:?usage: fetch-source.sh VERSION DIR}
pkg=linux-source-$version

say() { echo "fetch-source: $*" >&2; }
die() { echo "fetch-source: error: $*" >&2; exit 1; }

case $version in
5.10) suite=bullseye ;;
*) die "no Debian release known for linux-source-$version (5.10 only; 6.1 and 6.12 are Debian 12's: apt-get install $pkg)" ;;
esac

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
tarball=$dir/deb/usr/src/$pkg.tar.xz
if [ -f "$dir/deb/.unpacked" ] && [ -f "$tarball" ]; then
	echo "$tarball"
	exit 0
fi

. "$(dirname "$0")/system-uri.sh"

archive=$(system_uri bookworm)
security=$(system_uri bookworm-security)
[ -n "$archive" ] && [ -n "$security" ] ||
	die "the system's apt sources name no bookworm and bookworm-security URIs to derive $suite's from"
apt=$dir/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
key=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'deb [signed-by=%s] %s %s main\ndeb [signed-by=%s] %s %s-security main\n' \
	"$key" "$archive" "$suite" "$key" "$security" "$suite" > "$apt/sources.list"
opts=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
say "apt-get update of $suite and $suite-security (private lists in $apt)"
apt-get "${opts[@]}" update > "$apt/update.log" 2>&1 ||
	die "apt-get update failed: $(grep -E '^(E|W):' "$apt/update.log" | head -n 1)"
! grep -q '^E:' "$apt/update.log" || die "apt-get update: $(grep '^E:' "$apt/update.log" | head -n 1)"
rm -f "$apt"/"${pkg}"_*.deb
(cd "$apt" && apt-get "${opts[@]}" download "$pkg" > "$apt/download.log" 2>&1) ||
	die "apt-get download $pkg failed: $(grep -E '^(E|W):' "$apt/download.log" | head -n 1)"
deb=$(ls "$apt"/"${pkg}"_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || die "apt-get download $pkg left no .deb in $apt"
say "unpacking $(basename "$deb") with dpkg-deb -x (not installed)"
rm -rf "$dir/deb"
mkdir -p "$dir/deb"
dpkg-deb -x "$deb" "$dir/deb"
[ -f "$tarball" ] || die "$(basename "$deb") holds no usr/src/$pkg.tar.xz"
basename "$deb" > "$dir/deb/.unpacked"
echo "$tarball"
