#!/bin/bash
# fetch.sh ERA OUT: download, by package name, Debian's cloud kernel of ERA
# (5.10 = Debian 11's linux-image-5.10.0-N-cloud-amd64, 6.1 = Debian 12's
# linux-image-6.1.0-N-cloud-amd64, 6.12 = Debian 12's
# linux-image-6.12.N+deb12-cloud-amd64, 6.1-arm64 = Debian 12's
# linux-image-6.1.0-N-arm64: arm64 has no cloud flavour with a -dbg package
# built for QEMU's virt machine alone) and its -dbg package, picking the
# newest ABI whose -dbg package the archive serves, and unpack them into OUT:
#   OUT/package.txt   the image package name and version
#   OUT/vmlinuz       the boot image
#   OUT/vmlinux       the -dbg package's vmlinux (DWARF)
#   OUT/modules/      /lib/modules/<release>/ of the image package
#   OUT/release       the kernel release (uname -r)
# The .debs are kept in OUT/debs/; a second run finds OUT/done and downloads
# nothing.  Debian 11's lists come from a private apt configuration (OUT/../apt-bullseye/):
# a sources.list naming the archive and security URIs the system's own apt
# files name, with the suites bullseye and bullseye-security; arm64's from
# another (OUT/../apt-arm64/: bookworm, bookworm-updates, bookworm-security,
# APT::Architectures=arm64); the system's apt files are never written.
set -euo pipefail
PROG=distro-fetch
ERA=${1:?usage: fetch.sh ERA OUT}
OUT=${2:?usage: fetch.sh ERA OUT}
die() { echo "$PROG: error: $*" >&2; exit 1; }
say() { echo "$PROG: $*"; }

[ -f "$OUT/done" ] && { say "$ERA: cached in $OUT ($(cat "$OUT/package.txt"))"; exit 0; }
mkdir -p "$OUT/debs"
OUT=$(cd "$OUT" && pwd)

. "$(dirname "$0")/../gen/system-uri.sh"

APT=(apt-get -q)
CACHE=(apt-cache)
ARCH_OPT=
# private_apt NAME ARCH SUITE:SYSTEM_SUITE...: APT and CACHE through a private
# configuration in OUT/../apt-NAME: each SUITE at the URI the system's apt
# files give for SYSTEM_SUITE; updated once.
private_apt() {
	local name=$1 arch=$2 priv key s uri
	shift 2
	priv=$(dirname "$OUT")/apt-$name
	key=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$priv/lists/partial" "$priv/cache"
	: > "$priv/sources.list.tmp"
	for s in "$@"; do
		uri=$(system_uri "${s#*:}")
		[ -n "$uri" ] || die "the system's apt sources name no ${s#*:} URI to derive ${s%%:*}'s from"
		printf 'deb [arch=%s signed-by=%s] %s %s main\n' "$arch" "$key" "$uri" "${s%%:*}" >> "$priv/sources.list.tmp"
	done
	mv "$priv/sources.list.tmp" "$priv/sources.list"
	opts=(-o "Dir::Etc::SourceList=$priv/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$priv/lists" -o "Dir::Cache=$priv/cache"
		-o "APT::Architectures=$arch" -o "APT::Architecture=$arch" -o Dir::State::status=/dev/null)
	APT+=("${opts[@]}")
	CACHE+=("${opts[@]}")
	if [ ! -f "$priv/updated" ]; then
		say "$ERA: apt-get update of $(printf '%s ' "${@%%:*}")(private lists in $priv)"
		"${APT[@]}" update > "$priv/update.log" 2>&1 ||
			die "could not reach the Debian archive for $name: $(grep -E '^(E|W):' "$priv/update.log" | head -n 1)"
		grep -q '^E:' "$priv/update.log" &&
			die "apt-get update of $name failed: $(grep '^E:' "$priv/update.log" | head -n 1)"
		touch "$priv/updated"
	fi
}
if [ "$ERA" = 5.10 ]; then
	private_apt bullseye amd64 bullseye:bookworm bullseye-security:bookworm-security
	pattern='^linux-image-5\.10\.0-[0-9]+-cloud-amd64$'
elif [ "$ERA" = 6.1-arm64 ]; then
	private_apt arm64 arm64 bookworm:bookworm bookworm-updates:bookworm-updates bookworm-security:bookworm-security
	pattern='^linux-image-6\.1\.0-[0-9]+-arm64$'
	ARCH_OPT=:arm64
else
	case $ERA in
	6.1) pattern='^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' ;;
	6.12) pattern='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64$' ;;
	*) die "unknown era '$ERA' (5.10, 6.1, 6.12 or 6.1-arm64)" ;;
	esac
fi

# dl PKG: apt-get download PKG into the current directory, with progress;
# 0 when done, 2 when the archive answers 404 (listed but not served),
# 1 when it cannot be reached.
dl() {
	local p=$1 size log
	if ls "${p}_"*.deb > /dev/null 2>&1; then
		say "$ERA: $p already downloaded"
		return 0
	fi
	size=$("${CACHE[@]}" show "$p$ARCH_OPT" | awk '/^Size:/ { print $2; exit }')
	say "$ERA: downloading $p ($((size / 1048576)) MiB)"
	log=$(mktemp)
	"${APT[@]}" -o APT::Sandbox::User=root -o APT::Status-Fd=3 download "$p$ARCH_OPT" 3>&1 > "$log" 2>&1 |
		awk '/^dlstatus:/ { split($0, f, ":"); p = int(f[3]); if (p >= last + 20) { printf "  %d%%\n", p; last = p; fflush() } }'
	if ls "${p}_"*.deb > /dev/null 2>&1; then
		rm -f "$log"
		return 0
	fi
	if grep -q '404' "$log"; then
		rm -f "$log"
		return 2
	fi
	echo "$PROG: error: $ERA: could not download $p from the Debian archive: $(grep -E '^(E|Err):' "$log" | head -n 1)" >&2
	rm -f "$log"
	return 1
}

# Debian 12's lists are the system's: refreshed once when they name no such
# package (a fresh machine's lists may be empty or old).
if [ "$ERA" != 5.10 ] && [ -z "$ARCH_OPT" ] && ! "${CACHE[@]}" pkgnames linux-image- 2>/dev/null | grep -qE "$pattern"; then
	say "$ERA: apt-get update (the system's lists name no $pattern)"
	"${APT[@]}" update > "$OUT/update.log" 2>&1 ||
		die "could not reach the Debian archive: $(grep -E '^(E|W):' "$OUT/update.log" | head -n 1)"
fi

# The newest ABI whose -dbg package the archive still serves: the lists
# name -dbg packages of newer 5.10 ABIs whose files the archive answers
# 404 for, so each candidate's -dbg is fetched first, newest first.
names=$("${CACHE[@]}" pkgnames linux-image- 2>/dev/null | sort -u)
cd "$OUT/debs"
pkg=
for p in $(echo "$names" | grep -E "$pattern" | sort -rV); do
	if ! echo "$names" | grep -qxF "$p-dbg"; then
		say "$ERA: $p has no -dbg package in the lists; trying an older ABI"
		continue
	fi
	rc=0
	dl "$p-dbg" || rc=$?
	case $rc in
	0) pkg=$p; break ;;
	2) say "$ERA: the archive does not serve $p-dbg (404); trying an older ABI" ;;
	*) exit 1 ;;
	esac
done
[ -n "$pkg" ] || die "$ERA: no $pattern package whose -dbg package the archive serves (run apt-get update?)"
ver=$("${CACHE[@]}" show "$pkg$ARCH_OPT" | awk '/^Version:/ { print $2; exit }')
dl "$pkg" || die "$ERA: the archive does not serve $pkg"
say "$ERA: $pkg $ver and $pkg-dbg"

say "$ERA: unpacking"
rm -rf "$OUT/image" "$OUT/dbg"
dpkg-deb -x "$OUT/debs/${pkg}_"*.deb "$OUT/image"
rel=$(ls "$OUT/image/lib/modules")
[ -f "$OUT/image/boot/vmlinuz-$rel" ] || die "$ERA: no /boot/vmlinuz-$rel in $pkg"
mkdir -p "$OUT/dbg"
# only vmlinux: the modules' debug files (1.2 GB) are not read
dpkg-deb --fsys-tarfile "$OUT/debs/${pkg}-dbg_"*.deb |
	tar -x -C "$OUT/dbg" "./usr/lib/debug/boot/vmlinux-$rel" ||
	die "$ERA: no ./usr/lib/debug/boot/vmlinux-$rel in $pkg-dbg"
[ -f "$OUT/dbg/usr/lib/debug/boot/vmlinux-$rel" ] || die "$ERA: no vmlinux-$rel in $pkg-dbg"
ln -sf "image/boot/vmlinuz-$rel" "$OUT/vmlinuz"
ln -sf "dbg/usr/lib/debug/boot/vmlinux-$rel" "$OUT/vmlinux"
ln -sfn "image/lib/modules/$rel" "$OUT/modules"
echo "$rel" > "$OUT/release"
echo "$pkg $ver" > "$OUT/package.txt"
touch "$OUT/done"
say "$ERA: $rel ready in $OUT"
