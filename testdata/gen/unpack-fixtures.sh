#!/bin/bash
# Unpack testdata/fixtures/ into OUTDIR and derive the dumps that are not
# committed, checking each against the sha256 recorded in truth.json:
#   vmlinux              from vmlinux.xz, or vmlinux.bsdiff and another set's
#                        vmlinux (gen/set-file.sh)
#   workload.elf         from dumps.tar.xz, or dumps.tar.patch.zst and another
#                        set's dumps tar (gen/set-file.sh) (QEMU's ELF, as QEMU
#                        wrote it)
#   workload.fixed.elf   qemu-elf-fixup copy (program headers at 64)
#   workload.kdump.flat  from workload.kdump.flat.xz (when the set has it)
#   workload.kdump       makedumpfile -R < workload.kdump.flat
#   workload-d31.kdump   makedumpfile -c -d 31 workload.fixed.elf
#   oops-<type>-raw.kdump, busy-raw.kdump
#                        from dumps.tar.xz (makedumpfile -d 31, raw pages)
#   oops-<type>.kdump, busy.kdump
#                        makedumpfile -c -d 31 of the -raw.kdump
#   lkdtm.ko             from lkdtm.ko.xz
#   truth.json, *-console.txt, kernel.config: copied
#   bzImage              from bzImage-parts.tar.xz and vmlinux (gen/bzimage-parts.sh),
#                        checked against the sha256 in the parts; on failure the
#                        reason goes to OUTDIR/.bzImage.error (only live.sh needs it)
#
# usage: unpack-fixtures.sh FIXTURES_DIR OUTDIR FIXUP_TOOL
# Idempotent: does nothing when OUTDIR was unpacked from the same truth.json.
# UNPACK_STRICT=0 turns a sha256 mismatch of a derived dump (another
# makedumpfile version) into a warning.
set -eu
PROG=unpack-fixtures
say() { echo "$PROG: $*"; }
die() { echo "$PROG: error: $*" >&2; exit 1; }

fx=$(cd "${1:?usage: unpack-fixtures.sh FIXTURES_DIR OUTDIR FIXUP_TOOL}" && pwd)
mkdir -p "${2:?missing OUTDIR}"
out=$(cd "$2" && pwd)
fixup=$(realpath "${3:?missing FIXUP_TOOL}")
strict=${UNPACK_STRICT:-1}

for t in xz zstd jq tar "${MAKEDUMPFILE:-makedumpfile}" sha256sum; do
	command -v $t >/dev/null || die "$t not installed"
done
[ -x "$fixup" ] || die "$fixup missing (make -C testdata tools)"
[ -f "$fx/truth.json" ] || die "$fx/truth.json missing"

# bzImage: kept apart from the stamp below (the parts may be newer than truth.json).
# A failure is not fatal: only tests/fixtures/live.sh boots it, and says why it cannot.
bzimage() {
	local want
	[ -f "$fx/bzImage-parts.tar.xz" ] || return 0
	want=$(tar -xOJf "$fx/bzImage-parts.tar.xz" manifest | sed -n 's/^sha256=//p')
	if [ -f "$out/bzImage" ] && [ "$(sha256sum "$out/bzImage" | cut -d' ' -f1)" = "$want" ]; then
		return 0
	fi
	# a failure is not retried until the parts change
	[ "$out/.bzImage.error" -nt "$fx/bzImage-parts.tar.xz" ] && return 0
	rm -f "$out/bzImage" "$out/.bzImage.error"
	if ! "$(dirname "$0")/bzimage-parts.sh" derive "$fx/bzImage-parts.tar.xz" "$out/vmlinux" "$out/bzImage" \
		> "$out/.bzImage.log" 2>&1; then
		grep -m 1 'error:' "$out/.bzImage.log" > "$out/.bzImage.error" || cp "$out/.bzImage.log" "$out/.bzImage.error"
		say "warning: cannot rebuild bzImage: $(cat "$out/.bzImage.error")"
	fi
	rm -f "$out/.bzImage.log"
}

stamp=$out/.unpacked-from
want=$(sha256sum "$fx/truth.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	bzimage
	say "$out is up to date"
	exit 0
fi
rm -f "$stamp"

check() { # FILE: compare with truth.json's dumps[].sha256
	local name sum want
	name=$(basename "$1")
	want=$(jq -r --arg f "$name" '.dumps[] | select(.file == $f) | .sha256' "$out/truth.json")
	[ -n "$want" ] || return 0
	sum=$(sha256sum "$1" | cut -d' ' -f1)
	if [ "$sum" != "$want" ]; then
		[ "$strict" = 1 ] && die "$name: sha256 $sum, truth.json says $want"
		say "warning: $name differs from the generator's (sha256 $sum, truth.json $want)"
	fi
}
mdf() { # makedumpfile ARGS... ; quiet unless it fails
	local log=$out/.makedumpfile.log
	"${MAKEDUMPFILE:-makedumpfile}" "$@" > "$log" 2>&1 || die "makedumpfile $* failed: $(tail -n 5 "$log")"
	rm -f "$log"
}

cp "$fx/truth.json" "$fx"/*.txt "$fx/kernel.config" "$out/"
"$(dirname "$0")/set-file.sh" "$fx" vmlinux "$out/vmlinux" || die "cannot unpack the vmlinux"
rm -f "$out"/workload.elf "$out"/*-raw.kdump
"$(dirname "$0")/set-file.sh" "$fx" dumps.tar "$out/dumps.tar" || die "cannot unpack the dumps"
tar -C "$out" -xf "$out/dumps.tar"
rm -f "$out/dumps.tar"
check "$out/workload.elf"
rm -f "$out/workload.kdump.flat" "$out/workload.kdump"
# A set made with WORKLOAD_FLAT=0 (package.sh) has no QEMU kdump.
if [ -f "$fx/workload.kdump.flat.xz" ]; then
	xz -dc "$fx/workload.kdump.flat.xz" > "$out/workload.kdump.flat"
elif [ -f "$fx/workload.kdump.flat" ]; then
	cp "$fx/workload.kdump.flat" "$out/workload.kdump.flat"
fi
if [ -f "$out/workload.kdump.flat" ]; then
	check "$out/workload.kdump.flat"
	"${MAKEDUMPFILE:-makedumpfile}" -R "$out/workload.kdump" < "$out/workload.kdump.flat" > "$out/.makedumpfile.log" 2>&1 ||
		die "makedumpfile -R failed: $(tail -n 5 "$out/.makedumpfile.log")"
	rm -f "$out/.makedumpfile.log"
	check "$out/workload.kdump"
fi
"$fixup" "$out/workload.elf" "$out/workload.fixed.elf"
rm -f "$out/workload-d31.kdump"
mdf -c -d 31 "$out/workload.fixed.elf" "$out/workload-d31.kdump"
check "$out/workload-d31.kdump"
[ -f "$fx/lkdtm.ko.xz" ] && xz -dc "$fx/lkdtm.ko.xz" > "$out/lkdtm.ko"
for raw in "$out"/*-raw.kdump; do
	[ -f "$raw" ] || die "no -raw.kdump dumps in dumps.tar.xz"
	check "$raw"
	k=${raw%-raw.kdump}.kdump
	rm -f "$k"
	mdf -c -d 31 "$raw" "$k"
	check "$k"
done
bzimage
echo "$want" > "$stamp"
say "unpacked into $out: $(ls "$out" | wc -l) files"
