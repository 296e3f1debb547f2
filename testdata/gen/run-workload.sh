#!/bin/bash
# Boot the fixture guest with pfwhy.mode=workload, follow the control protocol
# on ttyS1 (ctl.sock), dump guest memory when the workload is READY, let it
# finish, and derive the kdump variants.
#
# usage: run-workload.sh RUNDIR BZIMAGE INITRD FIXUP_TOOL
# Produces in RUNDIR: console.log, ctl.log, guest.jsonl (every JSON line the
# guest sent, in order), ready.txt, workload.elf, workload.fixed.elf,
# workload.kdump.flat, workload.kdump, workload-d31.kdump, qemu-cmdline.txt,
# monitor.log, timings.txt.
set -eu
PROG=run-workload
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "${1:?usage: run-workload.sh RUNDIR BZIMAGE INITRD FIXUP_TOOL}"
RUN=$(cd "$1" && pwd)
KERNEL=$(realpath "${2:?missing BZIMAGE}")
INITRD=$(realpath "${3:?missing INITRD}")
FIXUP=$(realpath "${4:?missing FIXUP_TOOL}")
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
PROBE_TIMEOUT=${PROBE_TIMEOUT:-120}
. "$here/qemu-lib.sh"

for t in "$QEMU_BIN" socat jq makedumpfile; do
	command -v $t >/dev/null || die "$t not installed (see testdata/gen/packages.txt)"
done
rm -f "$RUN"/workload* "$RUN"/ctl.log "$RUN"/guest.jsonl "$RUN"/ready.txt "$RUN"/monitor.log "$RUN"/socat.log

cp "$INITRD.workload" "$RUN/workload-binary.txt" 2>/dev/null || rm -f "$RUN/workload-binary.txt"
qemu_start workload
hmp_open
chan_open CTL ctl.sock

# Phase 1: pre records, maps, READY.
deadline=$((SECONDS + BOOT_TIMEOUT))
pid=
while :; do
	rc=0; ctl_line $deadline || rc=$?
	[ $rc = 1 ] && die "no PFWHY-READY from the guest within $BOOT_TIMEOUT s of boot"
	[ $rc = 2 ] && die "control channel closed before PFWHY-READY (guest powered off or QEMU died)"
	case "$LINE" in
	"{"*) take_json ;;
	PFWHY-READY\ pid=*) pid=${LINE#PFWHY-READY pid=}; break ;;
	"") ;;
	*) say "ignoring unexpected control line: $LINE" ;;
	esac
done
case "$pid" in ''|*[!0-9]*) die "bad READY line: $LINE" ;; esac
echo "$pid" > "$RUN/ready.txt"
t_ready=$((SECONDS - BOOT_START))
say "guest READY (workload pid $pid) $t_ready s after start; $(grep -c '"type":"pre"' "$RUN/guest.jsonl" || true) pre record(s)"

# Phase 2: dumps, with the VM stopped so both show the same memory.
hmp "stop"
hmp_dump "$RUN/workload.elf"
hmp_dump "$RUN/workload.kdump.flat" -z
hmp "cont"
hmp_status
[ "$HMP_STATUS" = running ] || { hmp "cont"; hmp_status; }
[ "$HMP_STATUS" = running ] || die "VM does not run again after the dumps (status: $HMP_STATUS)"
printf 'GO\n' >&"$CTL_W"
say "sent GO"

# Phase 3: post records, maps_after, END.
deadline=$((SECONDS + PROBE_TIMEOUT))
t_go=$SECONDS
while :; do
	rc=0; ctl_line $deadline || rc=$?
	[ $rc = 1 ] && die "no PFWHY-END from the guest within $PROBE_TIMEOUT s of GO"
	[ $rc = 2 ] && die "control channel closed before PFWHY-END"
	case "$LINE" in
	"{"*) take_json ;;
	PFWHY-END) break ;;
	""|GO) ;;   # GO: the guest tty echoing our own line
	*) say "ignoring unexpected control line: $LINE" ;;
	esac
done
t_probes=$((SECONDS - t_go))
say "guest END $t_probes s after GO"
wait_qemu_exit 60 || die "guest did not power off within 60 s of PFWHY-END"
grep -q 'PFWHY-WORKLOAD-EXIT rc=0' "$RUN/console.log" ||
	die "workload did not exit 0: $(grep -a 'PFWHY-WORKLOAD-EXIT' "$RUN/console.log" | tr -d '\r')"

# Phase 4: derived dumps.
file "$RUN/workload.kdump.flat" | grep -qi 'flattened' ||
	say "warning: workload.kdump.flat is not in the flattened format: $(file -b "$RUN/workload.kdump.flat")"
rm -f "$RUN/workload.kdump"
"${MAKEDUMPFILE:-makedumpfile}" -R "$RUN/workload.kdump" < "$RUN/workload.kdump.flat" > "$RUN/workload.kdump.log" 2>&1 ||
	die "makedumpfile -R failed: $(tail -n 5 "$RUN/workload.kdump.log")"
say "reassembled workload.kdump ($(stat -c %s "$RUN/workload.kdump") bytes)"
fixup_elf "$RUN/workload.elf" "$RUN/workload.fixed.elf"
make_d31 "$RUN/workload.fixed.elf" "$RUN/workload-d31.kdump"
rm -f "$RUN/workload.fixed.elf"

printf 'ready_after_s=%s\nprobes_s=%s\ntotal_s=%s\n' "$t_ready" "$t_probes" "$((SECONDS - BOOT_START))" > "$RUN/timings.txt"
say "done in $((SECONDS - BOOT_START)) s"
