#!/bin/bash
# Build (or reuse) the pfwhy fixture kernel and copy bzImage, vmlinux,
# System.map and .config into OUTDIR.
#
# usage: build-kernel.sh OUTDIR
#   default: extract /usr/src/linux-source-6.1.tar.xz into testdata/build/,
#            make tinyconfig, merge testdata/kernel/pfwhy-fixture.config,
#            make olddefconfig, verify the fragment, make bzImage.
#   KERNEL_TREE=/path: reuse that already configured tree instead (no
#            extraction, its .config is only verified, never changed); the
#            incremental `make bzImage` still runs unless KERNEL_NO_MAKE=1.
set -eu

out=${1:?usage: build-kernel.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
testdata=$(dirname "$here")
fragment=$testdata/kernel/pfwhy-fixture.config
tarball=/usr/src/linux-source-6.1.tar.xz
jobs=${JOBS:-$(nproc)}

say() { echo "build-kernel: $*"; }
die() { echo "build-kernel: error: $*" >&2; exit 1; }

[ -f "$fragment" ] || die "config fragment $fragment missing"

# verify_config TREE: every CONFIG_X=v of the fragment must be in .config
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
	done < <(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$fragment")
	if [ -n "$bad" ]; then
		echo "build-kernel: error: these options of $fragment did not take effect in $cfg:" >&2
		for k in $bad; do echo "  $k" >&2; done
		return 1
	fi
	say "all $(grep -cE '^CONFIG_' "$fragment") options of the fragment are in effect"
}

if [ -n "${KERNEL_TREE:-}" ]; then
	tree=$(cd "$KERNEL_TREE" 2>/dev/null && pwd) || die "KERNEL_TREE=$KERNEL_TREE does not exist"
	[ -f "$tree/Makefile" ] || die "KERNEL_TREE=$tree is not a kernel tree"
	[ -f "$tree/.config" ] || die "KERNEL_TREE=$tree has no .config (configure it, or unset KERNEL_TREE)"
	say "reusing KERNEL_TREE=$tree"
	verify_config "$tree" || die "KERNEL_TREE's .config does not match the fragment"
else
	[ -f "$tarball" ] || die "$tarball missing: install package linux-source-6.1"
	top=$testdata/build
	tree=$top/linux-source-6.1
	mkdir -p "$top"
	if [ ! -f "$tree/.pfwhy-extracted" ]; then
		say "extracting $tarball into $top (about a minute)"
		rm -rf "$tree"
		tar -C "$top" -xJf "$tarball"
		[ -f "$tree/Makefile" ] || die "extraction did not produce $tree"
		touch "$tree/.pfwhy-extracted"
	fi
	stamp=$tree/.pfwhy-config.sha256
	want=$(sha256sum "$fragment" | cut -d' ' -f1)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && verify_config "$tree" 2>/dev/null; then
		say "configuration up to date"
	else
		say "configuring: tinyconfig + fragment + olddefconfig"
		make -C "$tree" -s tinyconfig
		(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "$fragment")
		make -C "$tree" -s olddefconfig
		verify_config "$tree" || die "the fragment does not apply cleanly on tinyconfig"
		echo "$want" > "$stamp"
	fi
fi

if [ "${KERNEL_NO_MAKE:-0}" = 1 ]; then
	say "KERNEL_NO_MAKE=1: not running make"
else
	say "make -j$jobs bzImage in $tree (first build: about 10 min on 2 cores)"
	start=$SECONDS
	make -C "$tree" -s -j"$jobs" bzImage
	say "make done in $((SECONDS - start)) s"
fi
for f in arch/x86/boot/bzImage vmlinux System.map .config; do
	[ -s "$tree/$f" ] || die "$tree/$f missing after the build"
done

mkdir -p "$out"
echo "$tree" > "$out/tree"
for f in arch/x86/boot/bzImage vmlinux System.map .config; do
	dst=$out/$(basename "$f")
	[ "$f" = .config ] && dst=$out/config
	if ! cmp -s "$tree/$f" "$dst"; then
		cp "$tree/$f" "$dst.tmp" && mv "$dst.tmp" "$dst"
	fi
done
say "kernel $(cat "$tree/include/config/kernel.release" 2>/dev/null || echo '?') in $out: bzImage $(stat -c %s "$out/bzImage") B, vmlinux $(stat -c %s "$out/vmlinux") B"
