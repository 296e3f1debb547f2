#!/bin/bash
# Package the generator's results into testdata/fixtures/ (committed; the
# total must stay within FIXTURES_BUDGET bytes, default 32,000,000).
#
# usage: package.sh BUILD_DIR FIXTURES_DIR WORKLOAD_BINARY TYPE...
#   BUILD_DIR has kernel/ (build-kernel.sh), runs/workload/ (run-workload.sh),
#   runs/oops-TYPE/ (run-oops.sh) for every TYPE and runs/busy/
#   (run-busy.sh, with the oopses of BUSY_OOPS_TYPES).
#
# Writes (see fixtures/README.md): vmlinux.xz, dumps.tar.xz (or with
# VMLINUX_PATCH_FROM / DUMPS_PATCH_FROM: vmlinux.bsdiff, dumps.tar.patch.zst),
# bzImage-parts.tar.xz, lkdtm.ko.xz,
# workload.kdump.flat.xz (or workload.kdump.flat when xz does not shrink it),
# kernel.config, workload-console.txt, oops-<type>-console.txt,
# busy-console.txt, truth.json.
# Everything is staged in BUILD_DIR/package first; fixtures/ is only touched
# when the whole set is made and within budget.
# ARCH=arm64 (testdata/Makefile): no bzImage-parts (arm64 boots an Image; no
# live test), the arm64 fragments, makedumpfile:arm64 ($MAKEDUMPFILE), and
# truth.json's "arch" says so (every set has it; a set without it is x86_64).
set -eu
PROG=package
say() { echo "$PROG: $*"; }
die() { echo "$PROG: error: $*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

build=$(cd "${1:?usage: package.sh BUILD_DIR FIXTURES_DIR WORKLOAD_BINARY TYPE...}" && pwd)
mkdir -p "${2:?missing FIXTURES_DIR}"
fixtures=$(cd "$2" && pwd)
wbin=$(realpath "${3:?missing WORKLOAD_BINARY}")
shift 3
[ $# -gt 0 ] || die "no LKDTM types given"
types="$*"
# OOPS_DUMP_TYPES: the types whose dumps are committed (default: all); the
# others keep their console log and parsed oops in truth.json only.
dump_types=${OOPS_DUMP_TYPES:-$types}
for t in $dump_types; do
	case " $types " in *" $t "*) ;; *) die "OOPS_DUMP_TYPES has $t, which is not among the types run ($types)" ;; esac
done
is_dumped() { case " $dump_types " in *" $1 "*) return 0 ;; esac; return 1; }
busy_types=${BUSY_OOPS_TYPES:?BUSY_OOPS_TYPES not set (the LKDTM types of the busy run)}
here=$(cd "$(dirname "$0")" && pwd)
testdata=$(dirname "$here")
budget=${FIXTURES_BUDGET:-32000000}
loclists_max=${LOCLISTS_MAX:-1048576}
kdir=$build/kernel
wrun=$build/runs/workload
brun=$build/runs/busy
stage=$build/package
version=$(cat "$kdir/version" 2>/dev/null || echo 6.1)
arch=$(cat "$kdir/arch" 2>/dev/null || echo x86_64)
[ "$arch" = "${ARCH:-x86_64}" ] || die "$kdir holds an $arch kernel, not ARCH=${ARCH:-x86_64}'s"
case $arch in
arm64)
	qemu_bin=qemu-system-aarch64
	fragments="$testdata/kernel/pfwhy-fixture-arm64.config $(ls "$testdata/kernel/pfwhy-fixture-arm64-${VA_BITS:-48}.config" 2>/dev/null || true)"
	busybox_bin="qemu-aarch64-static $SYSROOT/bin/busybox"
	objcopy_bin=aarch64-linux-gnu-objcopy	# the host's objcopy reads x86 only
	;;
*)
	qemu_bin=qemu-system-x86_64
	fragments="$testdata/kernel/pfwhy-fixture.config $(ls "$testdata/kernel/pfwhy-fixture-$version.config" 2>/dev/null || true)"
	busybox_bin=busybox
	objcopy_bin=objcopy
	;;
esac

for t in xz zstd jq tar readelf "$objcopy_bin" eu-readelf sha256sum; do
	command -v $t >/dev/null || die "$t not installed (see testdata/gen/packages.txt)"
done
for f in "$kdir/vmlinux" "$kdir/config" "$wrun/workload.elf" "$wrun/workload.kdump.flat" \
	"$wrun/workload.kdump" "$wrun/workload-d31.kdump" "$wrun/guest.jsonl" "$wrun/ready.txt" \
	"$wrun/console.log" "$wrun/qemu-args.txt" "$kdir/lkdtm.ko" \
	"$brun/busy-raw.kdump" "$brun/busy.kdump" "$brun/guest.jsonl" "$brun/console.log" "$brun/qemu-args.txt"; do
	[ -s "$f" ] || die "$f missing: run the earlier steps (make -C testdata fixtures)"
done
lower() { printf '%s' "$1" | tr 'A-Z' 'a-z'; }
for t in $types; do
	l=$(lower "$t")
	need=console.log
	is_dumped "$t" && need="console.log oops-$l.kdump oops-$l-raw.kdump"
	for f in $need; do
		[ -s "$build/runs/oops-$t/$f" ] || die "$build/runs/oops-$t/$f missing: run make -C testdata oops-runs"
	done
done

if [ -f "$wrun/workload-binary.txt" ]; then
	[ "$(cut -d' ' -f1 "$wrun/workload-binary.txt")" = "$(sha "$wbin")" ] ||
		die "the workload run used $(cut -d' ' -f2- "$wrun/workload-binary.txt"), not $wbin as it is now: rerun make -C testdata initramfs workload-run"
fi

rm -rf "$stage"
mkdir -p "$stage/out" "$stage/tmp"
out=$stage/out

# ---- vmlinux: drop what no reader needs, keep DWARF types and symbols ----
vm=$kdir/vmlinux
keep=" .debug_info .debug_abbrev .debug_str .debug_str_offsets .debug_line_str .debug_addr .debug_aranges .debug_rnglists .symtab .strtab .shstrtab "
removed=()
removed_bytes=0
while read -r name type flags sz; do
	case "$flags" in *A*) continue ;; esac   # every ALLOC section stays
	case "$keep" in *" $name "*) continue ;; esac
	# Only relocation sections, debug sections not kept, and .comment go.
	case "$type:$name" in RELA:*|REL:*|*:.debug_*|*:.comment) ;; *) continue ;; esac
	if [ "$name" = .debug_loclists ] && [ $((16#$sz)) -le "$loclists_max" ]; then continue; fi
	removed+=("--remove-section=$name")
	removed_bytes=$((removed_bytes + 16#$sz))
done < <(readelf -SW "$vm" | sed -n 's/^ *\[ *[0-9]*\] //p' |
	awk 'NF >= 9 { flags = (NF == 10) ? $7 : ""; print $1, $2, (flags == "" ? "-" : flags), $5 }')
say "vmlinux: removing ${#removed[@]} sections ($removed_bytes bytes): $(printf '%s ' "${removed[@]}" | sed 's/--remove-section=//g')"
# VMLINUX_DWZ=1: dwz moves the DWARF that units share (the types of every
# header) into partial units that each unit imports (DW_TAG_imported_unit,
# DW_FORM_ref_addr), as Fedora's and RHEL's debuginfo packages have it.  dwz
# runs between the two objcopy passes: it needs .debug_line (the units'
# DW_AT_stmt_list), and cannot rewrite a section that relocations apply to.
dwz_version=
if [ "${VMLINUX_DWZ:-0}" = 1 ]; then
	command -v dwz >/dev/null || die "VMLINUX_DWZ=1: dwz not installed (see testdata/gen/packages.txt)"
	dwz_version=$(dwz --version 2>&1 | head -n 1)
	$objcopy_bin $(printf '%s\n' "${removed[@]}" | grep -e '=\.rela' -e '=\.comment$' | tr '\n' ' ') "$vm" "$stage/tmp/vmlinux.dwz"
	dwz "$stage/tmp/vmlinux.dwz" || die "dwz failed on $vm"
	eu-readelf --debug-dump=info "$stage/tmp/vmlinux.dwz" 2>/dev/null | head -n 20 | grep -q " partial_unit " ||
		die "dwz made no partial unit in $vm (over its DIE limits?)"
	$objcopy_bin "${removed[@]}" "$stage/tmp/vmlinux.dwz" "$stage/tmp/vmlinux"
	rm -f "$stage/tmp/vmlinux.dwz"
	say "vmlinux: $dwz_version: DWARF shared through partial units"
else
	$objcopy_bin "${removed[@]}" "$vm" "$stage/tmp/vmlinux"
fi
readelf -SW "$stage/tmp/vmlinux" > "$stage/tmp/vmlinux.sections" || die "readelf -S cannot parse the stripped vmlinux"
for s in .debug_info .debug_abbrev .debug_str .symtab __ex_table .notes .text; do
	grep -q " $s " "$stage/tmp/vmlinux.sections" || die "stripped vmlinux lost $s"
done
eu-readelf --debug-dump=info "$stage/tmp/vmlinux" 2>&1 | head -n 40 > "$stage/tmp/vmlinux.info-head" || true
grep -Eq " (compile|partial)_unit " "$stage/tmp/vmlinux.info-head" ||
	die "eu-readelf --debug-dump=info does not show a compile unit in the stripped vmlinux: $(head -n 5 "$stage/tmp/vmlinux.info-head")"
build_id=$(eu-readelf -n "$vm" | sed -n 's/^ *Build ID: *\([0-9a-f]*\).*/\1/p' | head -n 1)
build_id2=$(eu-readelf -n "$stage/tmp/vmlinux" | sed -n 's/^ *Build ID: *\([0-9a-f]*\).*/\1/p' | head -n 1)
[ -n "$build_id" ] && [ "$build_id" = "$build_id2" ] || die "vmlinux build-id missing or changed by objcopy ($build_id / $build_id2)"
vm_sha=$(sha "$stage/tmp/vmlinux")
vm_size=$(size "$stage/tmp/vmlinux")
cache=$build/cache
mkdir -p "$cache"
# cached_xz NAME XZ_OPTIONS...: $stage/tmp/NAME -> $out/NAME.xz, the xz output
# cached in $cache by the sha256 of NAME and the options
cached_xz() {
	local name=$1 key
	shift
	key="$(sha "$stage/tmp/$name") $*"
	if [ -f "$cache/$name.xz" ] && [ "$(cat "$cache/$name.sha256" 2>/dev/null)" = "$key" ]; then
		say "$name: xz output cached in $cache"
	else
		say "$name: xz $* (minutes)"
		rm -f "$cache/$name.sha256"
		xz "$@" -c "$stage/tmp/$name" > "$cache/$name.xz"
		echo "$key" > "$cache/$name.sha256"
	fi
	cp "$cache/$name.xz" "$out/$name.xz"
}
say "vmlinux: $(size "$vm") -> $vm_size bytes"
cached_xz vmlinux -9e -T2
# VMLINUX_PATCH_FROM=SET (the arm64-39 set: SET is arm64, made first): when a
# delta against that committed set's stripped vmlinux is smaller, it replaces
# vmlinux.xz (gen/set-file.sh makes the vmlinux back).
# patch_from SET NAME: $stage/tmp/NAME against SET's NAME (gen/set-file.sh);
# prints {set, sha256} of the base when the delta replaced $out/NAME.xz, else
# null.  The vmlinux's delta is bsdiff's (2.60 MB for the 39-bit arm64 vmlinux
# against the 48-bit one, where zstd --ultra -22 --patch-from made 6.26: the
# two differ mostly by shifted addresses), the 120 MB dumps tar's zstd -19
# --patch-from (bsdiff needs 17 times the file in memory).  The delta is
# cached in $cache by the sha256 of both and the tool's options.
patch_from() {
	local pdir=$(dirname "$fixtures")/$1 base=$stage/tmp/$2.base ext=bsdiff opts=bsdiff delta key
	[ "$2" != dumps.tar ] || { ext=patch.zst; opts="-19 --long=31"; }
	delta=$stage/tmp/$2.$ext
	"$here/set-file.sh" "$pdir" "$2" "$base" ||
		die "$2 patch_from=$1: no $2 from $pdir (package that set first)"
	key="$(sha "$base") $(sha "$stage/tmp/$2") $opts"
	if [ -f "$cache/$2.$ext" ] && [ "$(cat "$cache/$2.patch.key" 2>/dev/null)" = "$key" ]; then
		say "$2: delta cached in $cache" >&2
		cp "$cache/$2.$ext" "$delta"
	else
		say "$2: $opts delta (minutes)" >&2
		rm -f "$cache/$2.patch.key"
		if [ "$ext" = bsdiff ]; then
			bsdiff "$base" "$stage/tmp/$2" "$delta" || die "bsdiff failed on $2"
		else
			zstd -q -19 --long=31 --patch-from="$base" "$stage/tmp/$2" -o "$delta" 2>/dev/null ||
				die "zstd --patch-from failed on $2"
		fi
		cp "$delta" "$cache/$2.$ext"
		echo "$key" > "$cache/$2.patch.key"
	fi
	say "$2: delta against $1's $(size "$delta") bytes, $2.xz $(size "$out/$2.xz")" >&2
	if [ "$(size "$delta")" -lt "$(size "$out/$2.xz")" ]; then
		mv "$delta" "$out/"
		rm "$out/$2.xz"
		jq -n --arg set "$1" --arg sha "$(sha "$base")" '{set: $set, sha256: $sha}'
	else
		echo null
	fi
	rm -f "$base" "$delta"
}
vm_patch_from=null
[ -z "${VMLINUX_PATCH_FROM:-}" ] || vm_patch_from=$(patch_from "$VMLINUX_PATCH_FROM" vmlinux)
# ---- the bzImage, as the parts the stripped vmlinux does not hold ------------
# (x86_64 only: tests/fixtures/live.sh boots it; arm64 has no live test)
[ "$arch" = x86_64 ] && "$here/bzimage-parts.sh" make "$kdir" "$stage/tmp/vmlinux" "$out/bzImage-parts.tar.xz"
rm -f "$stage/tmp/vmlinux"

# ---- dumps.tar.xz: the workload ELF and the raw -d 31 oops kdumps --------
# One xz stream with a dictionary larger than the tar, so the kernel image,
# present in every dump, is stored about once.
dd=$stage/tmp/dumps
mkdir -p "$dd"
cp --sparse=always "$wrun/workload.elf" "$dd/workload.elf"
cp "$brun/busy-raw.kdump" "$dd/"
members=(workload.elf busy-raw.kdump)
for t in $dump_types; do
	l=$(lower "$t")
	cp "$build/runs/oops-$t/oops-$l-raw.kdump" "$dd/"
	members+=("oops-$l-raw.kdump")
done
say "dumps.tar.xz: ${#members[@]} members; xz -9e, 256 MiB dictionary (one or two minutes)"
tar -C "$dd" --sparse --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mode=u+rw,go+r --mtime=@0 \
	-cf "$stage/tmp/dumps.tar" "${members[@]}"
rm -rf "$dd"
cached_xz dumps.tar -T1 --lzma2=preset=9e,dict=256MiB
tar_sha=$(sha "$stage/tmp/dumps.tar")
tar_size=$(size "$stage/tmp/dumps.tar")
# DUMPS_PATCH_FROM=SET (the arm64-39 set): the tar as a delta against SET's
# when that is smaller (the two shapes' guests ran the same userland)
dumps_patch_from=null
[ -z "${DUMPS_PATCH_FROM:-}" ] || dumps_patch_from=$(patch_from "$DUMPS_PATCH_FROM" dumps.tar)
dumps_stored=dumps.tar.xz
[ -f "$out/dumps.tar.xz" ] || dumps_stored=dumps.tar.patch.zst
rm -f "$stage/tmp/dumps.tar"

# ---- the QEMU kdump, flattened as QEMU wrote it -------------------------
# WORKLOAD_FLAT=0 leaves it out (another era's set, for its budget: QEMU's
# kdump writer is the same for every guest kernel, and the 6.1 set has it).
flat=$wrun/workload.kdump.flat
flat_stored=
if [ "${WORKLOAD_FLAT:-1}" = 0 ]; then
	say "WORKLOAD_FLAT=0: no workload.kdump.flat"
elif xz -9e -T2 -c "$flat" > "$stage/tmp/flat.xz" &&
     [ "$(size "$stage/tmp/flat.xz")" -lt "$(size "$flat")" ]; then
	mv "$stage/tmp/flat.xz" "$out/workload.kdump.flat.xz"
	flat_stored=workload.kdump.flat.xz
else
	cp "$flat" "$out/workload.kdump.flat"
	flat_stored=workload.kdump.flat
fi

# ---- console logs (CRs of the serial line dropped), kernel config --------
tr -d '\r' < "$wrun/console.log" > "$out/workload-console.txt"
for t in $types; do
	tr -d '\r' < "$build/runs/oops-$t/console.log" > "$out/oops-$(lower "$t")-console.txt"
done
tr -d '\r' < "$brun/console.log" > "$out/busy-console.txt"
cp "$kdir/config" "$out/kernel.config"
# The module as built (with its DWARF and symbols): what the dumps' module
# text came from.
xz -9e -c "$kdir/lkdtm.ko" > "$out/lkdtm.ko.xz"

# ---- truth.json ----------------------------------------------------------
. "$here/truth-lib.sh"
dumps=$stage/tmp/dumps.jsonl
: > "$dumps"
DUMP_MODULES=$(modules_json "$wrun/console.log")
dump_entry workload.elf elf workload "$dumps_stored" "$wrun/workload.elf" "" \
	"QEMU 7.2 dump-guest-memory ELF as written (program headers at 192 after 2 section headers, e_ehsize 8, p_vaddr = p_paddr); testdata/tools/qemu-elf-fixup makes a copy makedumpfile reads"
if [ -n "$flat_stored" ]; then
	dump_entry workload.kdump.flat kdump-flat workload "$flat_stored" "$flat" "" \
		"QEMU 7.2 dump-guest-memory -z (kdump-zlib), makedumpfile flattened format"
	dump_entry workload.kdump kdump workload "" "$wrun/workload.kdump" \
		"makedumpfile -R workload.kdump < workload.kdump.flat" "QEMU's kdump reassembled; all pages, zlib"
fi
dump_entry workload-d31.kdump kdump-d31 workload "" "$wrun/workload-d31.kdump" \
	"qemu-elf-fixup workload.elf workload.fixed.elf && makedumpfile -c -d 31 workload.fixed.elf workload-d31.kdump" \
	"production style: zlib, dump level 31 (no zero, cache, user or free pages)"
oopses=$stage/tmp/oopses.jsonl
: > "$oopses"
for t in $types; do
	l=$(lower "$t")
	r=$build/runs/oops-$t
	dumpname=null
	DUMP_MODULES=$(modules_json "$r/console.log")
	if is_dumped "$t"; then
		dump_entry "oops-$l-raw.kdump" kdump-d31-raw "oops:$t" "$dumps_stored" "$r/oops-$l-raw.kdump" "" \
			"makedumpfile -d 31 (pages uncompressed) of the panicked guest's fixed-up ELF dump"
		dump_entry "oops-$l.kdump" kdump-d31 "oops:$t" "" "$r/oops-$l.kdump" \
			"makedumpfile -c -d 31 oops-$l-raw.kdump oops-$l.kdump" \
			"production style: zlib, dump level 31; byte-identical to makedumpfile -c -d 31 of the ELF dump"
		dumpname="oops-$l.kdump"
	fi
	"$here/parse-oops.sh" "$r/console.log" "$t" "$dumpname" "oops-$l-console.txt" |
		jq -c --arg started "$(cat "$r/started.txt" 2>/dev/null || echo)" --argjson dumped "$(is_dumped "$t" && echo true || echo false)" \
			'. + {run_started: $started, dump_committed: $dumped} | if .dump == "null" then .dump = null else . end' >> "$oopses"
done

# ---- the busy run: the big address space, the oopses it survived -------------
DUMP_MODULES=$(modules_json "$brun/console.log")
dump_entry busy-raw.kdump kdump-d31-raw busy "$dumps_stored" "$brun/busy-raw.kdump" "" \
	"makedumpfile -d 31 (pages uncompressed) of the running busy guest's fixed-up ELF dump"
dump_entry busy.kdump kdump-d31 busy "" "$brun/busy.kdump" \
	"makedumpfile -c -d 31 busy-raw.kdump busy.kdump" \
	"production style: zlib, dump level 31 (no user pages: the big process's page tables, struct pages and swap maps are kernel data and stay); byte-identical to makedumpfile -c -d 31 of the ELF dump"
busy_oopses=$stage/tmp/busy-oopses.jsonl
: > "$busy_oopses"
i=0
for t in $busy_types; do
	i=$((i + 1))
	OOPS_INDEX=$i "$here/parse-oops.sh" "$brun/console.log" "$t" busy.kdump busy-console.txt |
		jq -c --slurpfile g "$brun/guest.jsonl" --argjson i "$i" '
			([$g[] | select(.type == "nonfatal_oops")][$i - 1]) as $r
			| if $r.lkdtm_type != .type then error("nonfatal_oops record \($i) is \($r.lkdtm_type), not \(.type)") else . end
			| if $r.pid != .pid then error("oops \($i): console pid \(.pid), guest record pid \($r.pid)") else . end
			| . + {index: $i, task_wait_status: $r.wait_status, task_gone_at_dump: $r.proc_pid_gone,
			       panic_on_oops: $r.panic_on_oops}' >> "$busy_oopses" ||
		die "busy oops $i ($t) does not match the guest's record"
done
jq -n --slurpfile g "$brun/guest.jsonl" --slurpfile o "$busy_oopses" \
	--rawfile args "$brun/qemu-args.txt" --arg started "$(cat "$brun/started.txt" 2>/dev/null || echo)" '
	([$g[] | select(.type == "big")][0]) as $big
	| ([$g[] | select(.type == "big_smaps")][0]) as $sm
	| if $big.pid != $sm.pid then error("big and big_smaps records of different pids") else . end
	| {
		dump: "busy.kdump",
		console: "busy-console.txt",
		run_started: $started,
		qemu_cmdline: ($args | split("\n") | map(select(length > 0)
			| if endswith("/bzImage") then "bzImage" elif endswith("/Image") then "Image" elif endswith("/initramfs.cpio.gz") then "initramfs.cpio.gz" else . end)),
		big: ($big | del(.type) | .maps = .lines | del(.lines)
			| . + {smaps: $sm.smaps, smaps_rollup: $sm.smaps_rollup, status: $sm.status}),
		oopses: $o
	}' > "$stage/tmp/busy.json"

linux_line=$(tr -d '\r' < "$wrun/console.log" | grep -ao 'Linux version .*' | head -n 1 || true)
[ -n "$linux_line" ] || die "no 'Linux version' line in the workload console log"
release=$(printf '%s' "$linux_line" | awk '{print $3}')
stub=false
case "$wbin" in */stub-workload) stub=true ;; esac
# kernel_source: the linux-source package built, as "NAME VERSION": the
# installed one, else the .deb gen/fetch-source.sh fetched (5.10, not installed).
kernel_source() {
	local deb=$testdata/build-$version/source/deb/.unpacked
	dpkg-query -W -f='${Package} ${Version}' "linux-source-$version" 2>/dev/null && return
	[ -f "$deb" ] && { sed -E 's/^([^_]+)_([^_]+)_.*/\1 \2 (fetched, not installed)/' "$deb"; return; }
	echo unknown
}
generator=$(jq -n \
	--rawfile args "$wrun/qemu-args.txt" \
	--arg kernel "$(basename "$(sed -n '/^-kernel$/{n;p}' "$wrun/qemu-args.txt")")" \
	--arg initrd "$(basename "$(sed -n '/^-initrd$/{n;p}' "$wrun/qemu-args.txt")")" \
	--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--arg started "$(cat "$wrun/started.txt" 2>/dev/null || echo)" \
	--arg qemu "$($qemu_bin --version | head -n 1)" \
	--arg linux "$linux_line" --arg release "$release" --arg bid "$build_id" \
	--arg src "$(kernel_source)" \
	--arg frag "$(cat $fragments | sha256sum | cut -d' ' -f1)" \
	--arg frags "$(for f in $fragments; do basename "$f"; done)" \
	--arg arch "$arch" \
	--arg kver "$version" \
	--arg btypes "$busy_types" \
	--arg mdf "$("${MAKEDUMPFILE:-makedumpfile}" -v 2>&1 | head -n 1)" \
	--arg bb "$($busybox_bin 2>&1 | head -n 1)" \
	--arg wbin "$(realpath --relative-to="$testdata" "$wbin")" --arg wsha "$(sha "$wbin")" --argjson stub "$stub" \
	--arg vmsha "$vm_sha" --argjson vmsize "$vm_size" --arg dwz "$dwz_version" --argjson patchfrom "$vm_patch_from" \
	--arg tarsha "$tar_sha" --argjson tarsize "$tar_size" --argjson dpatchfrom "$dumps_patch_from" \
	--argjson removed "$(printf '%s\n' "${removed[@]}" | sed 's/--remove-section=//' | jq -R . | jq -s .)" \
	--arg types "$types" --arg dtypes "$dump_types" '
	($args | split("\n") | map(select(length > 0))) as $a
	| {
		date: $date,
		workload_run_started: $started,
		qemu_version: $qemu,
		qemu_cmdline: ($a | map(if . == $kernel or (endswith("/" + $kernel)) then $kernel
		                          elif . == $initrd or (endswith("/" + $initrd)) then $initrd else . end)),
		qemu_cmdline_note: "oops runs differ only in pfwhy.mode=oops:<TYPE>; the busy run: busy.qemu_cmdline",
		kernel_release: $release,
		linux_version: $linux,
		vmlinux_build_id: $bid,
		vmlinux_stripped: ({sha256: $vmsha, size: $vmsize, removed_sections: $removed}
			+ (if $dwz == "" then {} else {dwz: $dwz} end)
			+ (if $patchfrom then {patch_from: $patchfrom} else {} end)),
		dumps_tar: ({sha256: $tarsha, size: $tarsize}
			+ (if $dpatchfrom then {patch_from: $dpatchfrom} else {} end)),
		kernel_source: $src,
		kernel_version: $kver,
		arch: $arch,
		config_fragments: ($frags | split("\n") | map(select(length > 0))),
		config_fragment_sha256: $frag,
		makedumpfile: $mdf,
		busybox: $bb,
		workload_binary: {path: $wbin, sha256: $wsha, stub: $stub},
		lkdtm_types: ($types | split(" ")),
		lkdtm_dump_types: ($dtypes | split(" ")),
		lkdtm_module: "lkdtm.ko.xz",
		busy_lkdtm_types: ($btypes | split(" "))
	}')

truth_json "$generator" "$wrun/guest.jsonl" "$dumps" "$oopses" "$stage/tmp/busy.json" "$(cat "$wrun/ready.txt")" > "$out/truth.json"

# ---- budget, then install -------------------------------------------------
total=0
for f in "$out"/*; do total=$((total + $(size "$f"))); done
[ -f "$fixtures/README.md" ] && total=$((total + $(size "$fixtures/README.md")))
say "sizes (bytes):"
for f in "$out"/*; do printf '  %10d  %s\n' "$(size "$f")" "$(basename "$f")"; done
printf '  %10d  total (budget %d)\n' "$total" "$budget"
[ "$total" -le "$budget" ] || die "fixtures would take $total bytes, over the budget of $budget: fixtures/ left unchanged"

# Remove generated files of an earlier run (README.md is not generated).
find "$fixtures" -maxdepth 1 -type f ! -name README.md -delete
cp "$out"/* "$fixtures/"
say "installed $(ls "$out" | wc -l) files into $fixtures ($total bytes with README.md)"
say "truth.json: $(jq '.probes | length' "$fixtures/truth.json") probes, $(jq '.oopses | length' "$fixtures/truth.json") oopses, $(jq '.busy.oopses | length' "$fixtures/truth.json") in the busy run"
