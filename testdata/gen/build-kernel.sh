#!/bin/bash
# Build (or reuse) the pfwhy fixture kernel and copy bzImage, vmlinux,
# System.map, .config and the modules (lkdtm.ko) into OUTDIR.
#
# usage: build-kernel.sh OUTDIR
#   default: extract /usr/src/linux-source-$KERNEL_VERSION.tar.xz (Debian's
#            linux-source-$KERNEL_VERSION package; KERNEL_VERSION defaults to
#            6.1) into testdata/build/, make tinyconfig, merge
#            testdata/kernel/pfwhy-fixture.config and, when it exists,
#            testdata/kernel/pfwhy-fixture-$KERNEL_VERSION.config (the era's
#            own options), make olddefconfig, verify the fragments, make
#            bzImage modules.  An era Debian 12 does not package (5.10:
#            Debian 11's linux-source-5.10) is fetched when /usr/src lacks it
#            by gen/fetch-source.sh through a private apt configuration in
#            testdata/build-$KERNEL_VERSION/source/ (never installed).
#   ARCH=arm64 (VA_BITS=48, or 39): cross-build with CROSS_COMPILE
#            (default aarch64-linux-gnu-) from a clean extraction in
#            testdata/build-arm64/linux-source-$KERNEL_VERSION (shared by both
#            VA shapes), objects out of tree in OUTDIR/../obj (O=), fragments
#            testdata/kernel/pfwhy-fixture-arm64.config and, for VA_BITS=39,
#            pfwhy-fixture-arm64-39.config; make Image modules.  OUTDIR gets
#            Image instead of bzImage.
#   KERNEL_TREE=/path: reuse that already configured tree instead (no
#            extraction, its .config is only verified, never changed); the
#            incremental `make bzImage` still runs unless KERNEL_NO_MAKE=1.
set -eu

out=${1:?usage: build-kernel.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
testdata=$(dirname "$here")
version=${KERNEL_VERSION:-6.1}
arch=${ARCH:-x86_64}
va_bits=${VA_BITS:-48}
tarball=/usr/src/linux-source-$version.tar.xz
jobs=${JOBS:-$(nproc)}
top=$testdata/build
objdir=
kmake=()
# kconf: the make arguments of the configuration steps.  x86: ARCH=x86, the
# kernel's own default on an x86_64 host, as every committed x86 set was
# configured (their kernel.config says "Linux/x86"): testdata/Makefile exports
# ARCH=x86_64, under which tinyconfig's allnoconfig also turns off the options
# only a 64-bit kernel has (VMAP_STACK, X86_KERNEL_IBT, X86_VSYSCALL_EMULATION,
# ...), where under ARCH=x86 it makes a 32-bit config and olddefconfig gives
# them their defaults once the fragment sets 64BIT=y.
kconf=(ARCH=x86)
case $arch in
x86_64|x86)
	fragment=$testdata/kernel/pfwhy-fixture.config
	era_fragment=$testdata/kernel/pfwhy-fixture-$version.config
	image=arch/x86/boot/bzImage
	;;
arm64)
	fragment=$testdata/kernel/pfwhy-fixture-arm64.config
	era_fragment=$testdata/kernel/pfwhy-fixture-arm64-$va_bits.config
	[ "$va_bits" = 48 ] && era_fragment=
	[ "$va_bits" = 48 ] || [ -f "$era_fragment" ] ||
		{ echo "build-kernel: error: no fragment for VA_BITS=$va_bits ($era_fragment)" >&2; exit 1; }
	image=arch/arm64/boot/Image
	cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
	command -v "${cross}gcc" >/dev/null ||
		{ echo "build-kernel: error: ${cross}gcc missing: install gcc-aarch64-linux-gnu" >&2; exit 1; }
	top=$testdata/build-arm64
	mkdir -p "$out"
	objdir=$(cd "$out/.." && pwd)/obj
	kmake=(ARCH=arm64 CROSS_COMPILE="$cross" O="$objdir")
	kconf=("${kmake[@]}")
	;;
*)
	echo "build-kernel: error: ARCH=$arch: only x86_64 and arm64 are supported" >&2; exit 1
	;;
esac
# The modules the fixture guest loads (the fragment builds them =m).
modules="drivers/misc/lkdtm/lkdtm.ko"

say() { echo "build-kernel: $*"; }
die() { echo "build-kernel: error: $*" >&2; exit 1; }

[ -f "$fragment" ] || die "config fragment $fragment missing"
fragments=$fragment
[ -n "$era_fragment" ] && [ -f "$era_fragment" ] && fragments="$fragment $era_fragment"

# fragment_options: the fragments' CONFIG_X=v lines, a later fragment's line
# (or its "# CONFIG_X is not set", read as =n) overriding an earlier one's, so
# an era fragment can drop an option its kernel no longer has.
fragment_options() {
	sed -nE 's/^# (CONFIG_[A-Za-z0-9_]+) is not set$/\1=n/p; /^CONFIG_[A-Za-z0-9_]+=/p' $fragments |
		awk -F= '!($1 in v) { o[n++] = $1 } { v[$1] = $0 } END { for (i = 0; i < n; i++) print v[o[i]] }'
}

# verify_config TREE: every CONFIG_X=v of the fragments must be in .config
# (an =n must be absent or "is not set").
verify_config() {
	local cfg=$1/.config bad="" k v
	[ -f "$cfg" ] || die "$cfg missing"
	while IFS='=' read -r k v; do
		if [ "$v" = n ]; then
			grep -q "^$k=" "$cfg" && bad="$bad $k=n(got:$(grep "^$k=" "$cfg" | cut -d= -f2))"
		else
			grep -qx "$k=$v" "$cfg" ||
				bad="$bad $k=$v(got:$(grep -E "^$k=|^# $k is not set" "$cfg" | sed 's/^# .* is not set/unset/; s/^.*=//'))"
		fi
	done < <(fragment_options)
	if [ -n "$bad" ]; then
		echo "build-kernel: error: these options of $fragments did not take effect in $cfg:" >&2
		for k in $bad; do echo "  $k" >&2; done
		return 1
	fi
	say "all $(fragment_options | wc -l) options of $fragments are in effect"
}

if [ -n "${KERNEL_TREE:-}" ]; then
	tree=$(cd "$KERNEL_TREE" 2>/dev/null && pwd) || die "KERNEL_TREE=$KERNEL_TREE does not exist"
	[ -f "$tree/Makefile" ] || die "KERNEL_TREE=$tree is not a kernel tree"
	[ -f "$tree/.config" ] || die "KERNEL_TREE=$tree has no .config (configure it, or unset KERNEL_TREE)"
	say "reusing KERNEL_TREE=$tree"
	verify_config "$tree" || die "KERNEL_TREE's .config does not match the fragment"
else
	if [ ! -f "$tarball" ] && [ "$version" = 5.10 ]; then
		tarball=$("$here/fetch-source.sh" "$version" "$testdata/build-$version/source") ||
			die "could not fetch linux-source-$version"
	fi
	[ -f "$tarball" ] || die "$tarball missing: install package linux-source-$version"
	src=$top/linux-source-$version
	tree=${objdir:-$src}
	mkdir -p "$top"
	if [ ! -f "$src/.pfwhy-extracted" ]; then
		say "extracting $tarball into $top (about a minute)"
		rm -rf "$src"
		tar -C "$top" -xJf "$tarball"
		[ -f "$src/Makefile" ] || die "extraction did not produce $src"
		touch "$src/.pfwhy-extracted"
	fi
	mkdir -p "$tree"
	stamp=$tree/.pfwhy-config.sha256
	want=$(cat $fragments | sha256sum | cut -d' ' -f1)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && verify_config "$tree" 2>/dev/null; then
		say "configuration up to date"
	else
		say "configuring: tinyconfig + fragment + olddefconfig"
		make -C "$src" -s "${kconf[@]}" tinyconfig
		(cd "$tree" && "$src/scripts/kconfig/merge_config.sh" -m .config $fragments)
		make -C "$src" -s "${kconf[@]}" olddefconfig
		verify_config "$tree" || die "the fragment does not apply cleanly on tinyconfig"
		echo "$want" > "$stamp"
	fi
fi

if [ "${KERNEL_NO_MAKE:-0}" = 1 ]; then
	say "KERNEL_NO_MAKE=1: not running make"
else
	say "make -j$jobs $(basename "$image") modules in $tree (first build: 15-60 min on 2 cores)"
	start=$SECONDS
	make -C "${src:-$tree}" -s "${kmake[@]}" -j"$jobs" "$(basename "$image")" modules
	say "make done in $((SECONDS - start)) s"
fi
for f in $image vmlinux System.map .config $modules; do
	[ -s "$tree/$f" ] || die "$tree/$f missing after the build"
done

mkdir -p "$out"
echo "$tree" > "$out/tree"
for f in $image vmlinux System.map .config $modules; do
	dst=$out/$(basename "$f")
	[ "$f" = .config ] && dst=$out/config
	if ! cmp -s "$tree/$f" "$dst"; then
		cp "$tree/$f" "$dst.tmp" && mv "$dst.tmp" "$dst"
	fi
done
echo "$version" > "$out/version"
echo "$arch" > "$out/arch"
say "kernel $(cat "$tree/include/config/kernel.release" 2>/dev/null || echo '?') in $out: $(basename "$image") $(stat -c %s "$out/$(basename "$image")") B, vmlinux $(stat -c %s "$out/vmlinux") B"
