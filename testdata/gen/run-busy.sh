#!/bin/bash
# Boot the fixture guest with pfwhy.mode=busy in a 1 GiB guest: /workload
# --big builds the large address space (issue 13), then each LKDTM TYPE oopses
# in its own short-lived process with panic_on_oops=0 (issue 9); the guest
# reports each task reaped and its /proc/PID gone, then the big process its
# smaps (once no other process starts before the dump) and PFWHY-BUSY-READY.  The
# host then dumps the still-running system and makes the -d 31 kdumps.
#
# usage: run-busy.sh RUNDIR BZIMAGE INITRD FIXUP_TOOL TYPE...
# Produces in RUNDIR: console.log, ctl.log, guest.jsonl (every JSON line the
# guest sent: "big", "big_smaps", one "nonfatal_oops" per TYPE), ready.txt,
# busy.kdump (makedumpfile -c -d 31), busy-raw.kdump (makedumpfile -d 31,
# pages uncompressed; re-filtering it gives busy.kdump byte for byte, which is
# checked), busy.elf (only with KEEP_ELF=1), qemu-cmdline.txt, qemu-args.txt,
# started.txt, monitor.log, timings.txt.
set -eu
PROG=run-busy
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "${1:?usage: run-busy.sh RUNDIR BZIMAGE INITRD FIXUP_TOOL TYPE...}"
RUN=$(cd "$1" && pwd)
KERNEL=$(realpath "${2:?missing BZIMAGE}")
INITRD=$(realpath "${3:?missing INITRD}")
FIXUP=$(realpath "${4:?missing FIXUP_TOOL}")
shift 4
[ $# -gt 0 ] || { echo "$PROG: error: no LKDTM types given" >&2; exit 2; }
TYPES="$*"
BUSY_TIMEOUT=${BUSY_TIMEOUT:-900}
QEMU_MEM=${BUSY_MEM:-1G}
QEMU_APPEND="pfwhy.oopses=$(printf '%s' "$TYPES" | tr ' ' ,)"
. "$here/qemu-lib.sh"

for t in "$QEMU_BIN" socat jq makedumpfile; do
	command -v $t >/dev/null || die "$t not installed (see testdata/gen/packages.txt)"
done
rm -f "$RUN"/busy* "$RUN"/ctl.log "$RUN"/guest.jsonl "$RUN"/ready.txt "$RUN"/monitor.log "$RUN"/socat.log

qemu_start busy
hmp_open
chan_open CTL ctl.sock

deadline=$((SECONDS + BUSY_TIMEOUT))
big=
while :; do
	rc=0; ctl_line $deadline || rc=$?
	[ $rc = 1 ] && die "no PFWHY-BUSY-READY from the guest within $BUSY_TIMEOUT s of boot"
	[ $rc = 2 ] && die "control channel closed before PFWHY-BUSY-READY"
	case "$LINE" in
	"{"*) take_json ;;
	PFWHY-BIG-READY\ pid=*) say "big address space ready (${LINE#PFWHY-BIG-READY }) $((SECONDS - BOOT_START)) s after start" ;;
	PFWHY-BUSY-READY\ big=*) big=${LINE#PFWHY-BUSY-READY big=}; break ;;
	"") ;;
	*) say "ignoring unexpected control line: $LINE" ;;
	esac
done
case "$big" in ''|*[!0-9]*) die "bad BUSY-READY line: $LINE" ;; esac
echo "$big" > "$RUN/ready.txt"
t_ready=$((SECONDS - BOOT_START))
hmp_status
[ "$HMP_STATUS" = running ] || die "the guest is not running at BUSY-READY (status: $HMP_STATUS)"

# The truth the dump is checked against: the big process and every oops task gone.
jq -se --argjson big "$big" '[.[] | select(.type == "big" and .pid == $big)] | length == 1' "$RUN/guest.jsonl" >/dev/null ||
	die "no \"big\" record for pid $big"
jq -se '[.[] | select(.type == "big_smaps")] | length == 1' "$RUN/guest.jsonl" >/dev/null || die "no \"big_smaps\" record"
n=$(jq -s '[.[] | select(.type == "nonfatal_oops")] | length' "$RUN/guest.jsonl")
[ "$n" = $# ] || die "$n nonfatal_oops records for $# LKDTM types"
jq -se 'all(.[] | select(.type == "nonfatal_oops"); .proc_pid_gone == true and .panic_on_oops == 0)' \
	"$RUN/guest.jsonl" >/dev/null || die "an oopsed task was not gone before the dump: $(grep nonfatal_oops "$RUN/guest.jsonl")"
say "guest BUSY-READY (big pid $big, $n oopses, their tasks gone) $t_ready s after start"

hmp "stop"
hmp_dump "$RUN/busy.elf"
qemu_quit
grep -aq 'Kernel panic - not syncing' "$RUN/console.log" && die "the busy guest panicked"

fixup_elf "$RUN/busy.elf" "$RUN/busy.fixed.elf"
make_d31 "$RUN/busy.fixed.elf" "$RUN/busy.kdump"
make_d31_raw "$RUN/busy.fixed.elf" "$RUN/busy-raw.kdump"
check_refilter "$RUN/busy-raw.kdump" "$RUN/busy.kdump"
rm -f "$RUN/busy.fixed.elf"
[ "${KEEP_ELF:-0}" = 1 ] || rm -f "$RUN/busy.elf"

# Every oops must be a complete page-fault oops in the console log.
i=0
for t in $TYPES; do
	i=$((i + 1))
	OOPS_INDEX=$i "$here/parse-oops.sh" "$RUN/console.log" "$t" busy.kdump busy-console.txt > "$RUN/oops-$i.json" ||
		die "cannot parse oops $i ($t) in the console log"
	jq -e "$OOPS_NEED" "$RUN/oops-$i.json" >/dev/null ||
		die "oops $i ($t) is not a complete page-fault oops: $(jq -c 'del(.text, .lead)' "$RUN/oops-$i.json")"
	say "oops $i ($t): $(jq -r "$OOPS_SAY" "$RUN/oops-$i.json")"
done
printf 'ready_after_s=%s\ntotal_s=%s\n' "$t_ready" "$((SECONDS - BOOT_START))" > "$RUN/timings.txt"
say "done in $((SECONDS - BOOT_START)) s"
