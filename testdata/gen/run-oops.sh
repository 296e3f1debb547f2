#!/bin/bash
# Boot the fixture guest with pfwhy.mode=oops:TYPE, let LKDTM oops the kernel
# (PANIC_ON_OOPS panics, pvpanic + -action panic=pause pauses QEMU), dump
# guest memory, and make the production-style kdump.
#
# usage: run-oops.sh RUNDIR BZIMAGE INITRD FIXUP_TOOL TYPE
# Produces in RUNDIR: console.log, oops.elf (removed unless KEEP_ELF=1),
# oops-<type>.kdump (makedumpfile -c -d 31; type in lower case),
# oops-<type>-raw.kdump (makedumpfile -d 31, uncompressed pages; re-filtering
# it with -c -d 31 gives oops-<type>.kdump byte for byte, which is checked),
# qemu-cmdline.txt, qemu-args.txt, started.txt, monitor.log.
set -eu
PROG=run-oops
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "${1:?usage: run-oops.sh RUNDIR BZIMAGE INITRD FIXUP_TOOL TYPE}"
RUN=$(cd "$1" && pwd)
KERNEL=$(realpath "${2:?missing BZIMAGE}")
INITRD=$(realpath "${3:?missing INITRD}")
FIXUP=$(realpath "${4:?missing FIXUP_TOOL}")
TYPE=${5:?missing LKDTM TYPE}
PANIC_TIMEOUT=${PANIC_TIMEOUT:-60}
PROG="run-oops[$TYPE]"
. "$here/qemu-lib.sh"

lower=$(printf '%s' "$TYPE" | tr 'A-Z' 'a-z')
for t in "$QEMU_BIN" socat makedumpfile; do
	command -v $t >/dev/null || die "$t not installed (see testdata/gen/packages.txt)"
done
rm -f "$RUN"/oops* "$RUN"/monitor.log "$RUN"/socat.log

qemu_start "oops:$TYPE"
hmp_open
deadline=$((SECONDS + PANIC_TIMEOUT))
while :; do
	if ! qemu_alive; then
		grep -aq "PFWHY-OOPS-SURVIVED" "$RUN/console.log" 2>/dev/null &&
			die "LKDTM $TYPE did not oops the kernel"
		die "QEMU exited before the guest panicked"
	fi
	hmp_status
	case "$HMP_STATUS" in
	*guest-panicked*) break ;;
	esac
	grep -aq "PFWHY-OOPS-SURVIVED\|PFWHY-INIT-ERROR" "$RUN/console.log" 2>/dev/null &&
		die "the guest did not panic (see console)"
	[ $SECONDS -lt $deadline ] || die "no guest panic within $PANIC_TIMEOUT s (status: $HMP_STATUS)"
	sleep 0.5
done
say "guest panicked $((SECONDS - BOOT_START)) s after start"
hmp_dump "$RUN/oops.elf"
qemu_quit

fixup_elf "$RUN/oops.elf" "$RUN/oops.fixed.elf"
make_d31 "$RUN/oops.fixed.elf" "$RUN/oops-$lower.kdump"
make_d31_raw "$RUN/oops.fixed.elf" "$RUN/oops-$lower-raw.kdump"
check_refilter "$RUN/oops-$lower-raw.kdump" "$RUN/oops-$lower.kdump"
rm -f "$RUN/oops.fixed.elf"
[ "${KEEP_ELF:-0}" = 1 ] || rm -f "$RUN/oops.elf"
grep -aq 'Kernel panic - not syncing' "$RUN/console.log" || die "no 'Kernel panic - not syncing' in the console log"
# It must be a page-fault oops: the #PF lines (arm64: "Unable to handle
# kernel ..." and "Mem abort info") and the parsed fields present.
"$here/parse-oops.sh" "$RUN/console.log" "$TYPE" "oops-$lower.kdump" "oops-$lower-console.txt" > "$RUN/oops.json" ||
	die "cannot parse the oops in the console log"
jq -e "$OOPS_NEED" "$RUN/oops.json" >/dev/null ||
	die "not a complete page-fault oops: $(jq -c 'del(.text, .lead)' "$RUN/oops.json")"
say "$(jq -r "$OOPS_SAY" "$RUN/oops.json")"
say "done in $((SECONDS - BOOT_START)) s"
