# Shared helpers of run-workload.sh and run-oops.sh (sourced, bash).
# Globals the caller sets: RUN (absolute run directory), KERNEL (bzImage, or
# arm64's Image), INITRD (initramfs.cpio.gz); optional QEMU_MEM (guest RAM,
# default 256M) and QEMU_APPEND (more kernel command line).  ARCH (x86_64 or
# arm64, from testdata/Makefile) picks the machine.  Every wait here has a
# timeout.

PROG=${PROG:-$(basename "$0")}
say() { echo "$PROG: $*"; }
die() {
	echo "$PROG: error: $*" >&2
	if [ -n "${RUN:-}" ] && [ -f "$RUN/console.log" ]; then
		echo "$PROG: last lines of $RUN/console.log:" >&2
		tail -n 25 "$RUN/console.log" | tr -d '\r' | sed 's/^/  | /' >&2
	fi
	exit 1
}

QEMU_PID=
CHAN_PIDS=()
cleanup() {
	local p
	for p in "${CHAN_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		sleep 1
		kill -9 "$QEMU_PID" 2>/dev/null || true
	fi
	rm -f "$RUN"/*.fifo-in "$RUN"/*.fifo-out
}
trap cleanup EXIT
trap 'exit 130' INT TERM

QEMU_ARCH=${ARCH:-x86_64}
case $QEMU_ARCH in
x86_64) QEMU_BIN=qemu-system-x86_64 ;;
arm64) QEMU_BIN=qemu-system-aarch64 ;;
*) die "ARCH=$QEMU_ARCH: no QEMU machine for it" ;;
esac

# OOPS_NEED: the fields (a jq condition) of a complete page-fault oops as
# parse-oops.sh records it; OOPS_SAY: its one-line summary (jq).
case $QEMU_ARCH in
x86_64)
	OOPS_NEED='.address and .error_code and .access and .rip and .oops_line and .pid'
	OOPS_SAY='"pid \(.pid) \(.comm), address \(.address), error_code \(.error_code), \(.access), RIP \(.rip)"'
	;;
arm64)
	OOPS_NEED='.address and .esr and .ec and .fsc and .pc and .oops_line and .pid'
	OOPS_SAY='"pid \(.pid) \(.comm), address \(.address), ESR \(.esr) (\(.fsc_name)), \(.fault_message), pc \(.pc)"'
	;;
esac

# mem_mib SIZE: QEMU's -m size (256M, 1G) in MiB.
mem_mib() {
	case $1 in
	*[Gg]) echo $((${1%[Gg]} * 1024)) ;;
	*[Mm]) echo "${1%[Mm]}" ;;
	*) die "guest memory size $1: give it as <N>M or <N>G" ;;
	esac
}

# machine_args MODE: the machine, its devices and the command line of ARCH.
# x86_64: 8250 UARTs (console ttyS0, control channel ttyS1), numa=fake=2,
# ISA pvpanic.  arm64: the virt machine (PL011 console ttyAMA0, one UART, so
# the control channel is a virtio console, hvc0), two NUMA nodes from QEMU
# (arm64 has no numa=fake), pvpanic-pci; pauth-impdef=on only picks QEMU's
# faster pointer-authentication algorithm under TCG.
machine_args() {
	local mode=$1 mem=${QEMU_MEM:-256M} half
	case $QEMU_ARCH in
	x86_64)
		QEMU_ARGS=(qemu-system-x86_64 -accel tcg -cpu max,la57=off -smp 2 -m "$mem"
			-nographic -no-reboot -nic none
			-kernel "$KERNEL" -initrd "$INITRD"
			-append "console=ttyS0 numa=fake=2 init_on_free=1 pfwhy.mode=$mode${QEMU_APPEND:+ $QEMU_APPEND}"
			-device vmcoreinfo -device pvpanic -action panic=pause
			-serial file:console.log
			-chardev socket,id=ctl,path=ctl.sock,server=on,wait=off -serial chardev:ctl)
		;;
	arm64)
		half=$(($(mem_mib "$mem") / 2))
		QEMU_ARGS=(qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -accel tcg -smp 2 -m "$mem"
			-object memory-backend-ram,id=mem0,size=${half}M
			-object memory-backend-ram,id=mem1,size=${half}M
			-numa node,nodeid=0,cpus=0,memdev=mem0 -numa node,nodeid=1,cpus=1,memdev=mem1
			-nographic -no-reboot -nic none
			-kernel "$KERNEL" -initrd "$INITRD"
			-append "console=ttyAMA0 init_on_free=1 pfwhy.ctl=hvc0 pfwhy.mode=$mode${QEMU_APPEND:+ $QEMU_APPEND}"
			-device vmcoreinfo -device pvpanic-pci -action panic=pause
			-serial file:console.log
			-device virtio-serial-device
			-chardev socket,id=ctl,path=ctl.sock,server=on,wait=off -device virtconsole,chardev=ctl)
		;;
	esac
	QEMU_ARGS+=(-monitor unix:mon.sock,server=on,wait=off)
}

# qemu_start MODE: boot the fixture guest with pfwhy.mode=MODE in $RUN.
qemu_start() {
	local mode=$1
	rm -f "$RUN/ctl.sock" "$RUN/mon.sock" "$RUN/console.log" "$RUN/qemu.log"
	machine_args "$mode"
	{ printf "%q " "${QEMU_ARGS[@]}"; echo; } | sed "s/ \$//" > "$RUN/qemu-cmdline.txt"
	printf "%s\n" "${QEMU_ARGS[@]}" > "$RUN/qemu-args.txt"
	date -u +%Y-%m-%dT%H:%M:%SZ > "$RUN/started.txt"
	(cd "$RUN" && exec "${QEMU_ARGS[@]}" </dev/null >qemu.log 2>&1) &
	QEMU_PID=$!
	BOOT_START=$SECONDS
	say "started QEMU (pid $QEMU_PID) with pfwhy.mode=$mode"
}

qemu_alive() { kill -0 "$QEMU_PID" 2>/dev/null; }

# wait_socket PATH TIMEOUT
wait_socket() {
	local deadline=$((SECONDS + $2))
	while [ ! -S "$1" ]; do
		qemu_alive || die "QEMU exited before creating $1: $(tr -d '\r' < "$RUN/qemu.log" | tail -n 5)"
		[ $SECONDS -lt $deadline ] || die "timeout ($2 s) waiting for QEMU to create $1"
		sleep 0.1
	done
}

# wait_qemu_exit TIMEOUT: 0 if QEMU exited in time.
wait_qemu_exit() {
	local deadline=$((SECONDS + $1))
	while qemu_alive; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.2
	done
	wait "$QEMU_PID" 2>/dev/null || true
	QEMU_PID=
}

# chan_open NAME SOCKET: connect socat to a QEMU unix socket through two
# fifos; sets ${NAME}_W (write fd) and ${NAME}_R (read fd).
chan_open() {
	local name=$1 sock=$2 w r
	wait_socket "$RUN/$sock" 20
	rm -f "$RUN/$name.fifo-in" "$RUN/$name.fifo-out"
	mkfifo "$RUN/$name.fifo-in" "$RUN/$name.fifo-out"
	socat - "UNIX-CONNECT:$RUN/$sock" <"$RUN/$name.fifo-in" >"$RUN/$name.fifo-out" 2>>"$RUN/socat.log" &
	CHAN_PIDS+=($!)
	exec {w}>"$RUN/$name.fifo-in"
	exec {r}<"$RUN/$name.fifo-out"
	printf -v "${name}_W" %s "$w"
	printf -v "${name}_R" %s "$r"
}

# ctl_line DEADLINE: next line from the guest into LINE (CR stripped).
# Returns 1 on timeout, 2 when the channel closed.
ctl_line() {
	local left=$(($1 - SECONDS)) rc
	[ $left -gt 0 ] || return 1
	if IFS= read -r -t "$left" LINE <&"$CTL_R"; then
		LINE=${LINE%$'\r'}
		printf '%s\n' "$LINE" >> "$RUN/ctl.log"
		return 0
	fi
	rc=$?
	[ $rc -gt 128 ] && return 1
	return 2
}

# take_json: LINE is a JSON object from the guest: check it and keep it.
take_json() {
	printf '%s\n' "$LINE" | jq -ec 'if type == "object" and has("type") then . else error("no type") end' \
		>> "$RUN/guest.jsonl" 2>/dev/null ||
		die "guest sent a line that is not a JSON object with a \"type\": $LINE"
}

# hmp_read_prompt TIMEOUT: read monitor output up to the next "(qemu) " prompt
# into HMP_RAW.  Returns 1 on timeout, 2 if the monitor connection closed.
hmp_read_prompt() {
	local deadline=$((SECONDS + $1)) c rc
	HMP_RAW=
	while :; do
		if IFS= read -r -N 1 -t 1 c <&"$MON_R"; then
			HMP_RAW+=$c
			[[ $HMP_RAW == *"(qemu) " ]] && return 0
		else
			rc=$?
			if [ $rc -gt 128 ]; then
				[ $SECONDS -lt $deadline ] || return 1
			else
				return 2
			fi
		fi
	done
}

# hmp_open: connect to the monitor and swallow its banner.
hmp_open() {
	chan_open MON mon.sock
	hmp_read_prompt 20 || die "no HMP prompt on mon.sock within 20 s"
}

# hmp COMMAND [TIMEOUT]: run an HMP command; its output (escape sequences,
# CRs, the echoed command and the prompt removed) is in HMP_OUT.
hmp() {
	local cmd=$1 t=${2:-30} rc=0
	echo "(qemu) $cmd" >> "$RUN/monitor.log"
	printf '%s\n' "$cmd" >&"$MON_W"
	hmp_read_prompt "$t" || rc=$?
	[ $rc = 1 ] && die "HMP '$cmd' did not finish within $t s"
	[ $rc = 2 ] && die "monitor connection closed during HMP '$cmd' (QEMU exited?)"
	HMP_OUT=$(printf '%s' "$HMP_RAW" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/\x1b[^[]//g' | tr -d '\r' |
		sed '1d; $d')
	[ -n "$HMP_OUT" ] && printf '%s\n' "$HMP_OUT" >> "$RUN/monitor.log"
	return 0
}

# hmp_status: "running", "paused (guest-panicked)", ...
hmp_status() {
	hmp "info status" 10
	HMP_STATUS=$(printf '%s\n' "$HMP_OUT" | sed -n 's/^VM status: //p' | head -n 1)
}

# dump_elf FILE / dump_kdump_flat FILE: HMP dump-guest-memory, checked.
hmp_dump() {
	local file=$1; shift
	local start=$SECONDS
	rm -f "$file"
	hmp "dump-guest-memory $* $file" 300
	if printf '%s' "$HMP_OUT" | grep -qi 'error'; then
		die "dump-guest-memory $* $file failed: $HMP_OUT"
	fi
	[ -s "$file" ] || die "dump-guest-memory $* did not write $file"
	say "dumped $(basename "$file") ($(stat -c %s "$file") bytes, $((SECONDS - start)) s)"
}

# qemu_quit: ask QEMU to quit through the monitor and wait for it (30 s).
qemu_quit() {
	printf 'quit\n' >&"$MON_W" 2>/dev/null || true
	wait_qemu_exit 30 || die "QEMU did not quit within 30 s"
}

# fixup_elf IN OUT: QEMU ELF -> makedumpfile-readable ELF (tools/qemu-elf-fixup.c).
fixup_elf() {
	[ -x "$FIXUP" ] || die "qemu-elf-fixup tool $FIXUP missing (make -C testdata tools)"
	"$FIXUP" "$1" "$2" || die "qemu-elf-fixup $1 failed"
}

# make_d31 ELF OUT: makedumpfile -c -d 31 of a (fixed-up) ELF dump.
make_d31() {
	rm -f "$2"
	"${MAKEDUMPFILE:-makedumpfile}" -c -d 31 "$1" "$2" > "$2.makedumpfile.log" 2>&1 ||
		die "makedumpfile -c -d 31 $1 failed: $(tail -n 5 "$2.makedumpfile.log")"
	say "wrote $(basename "$2") ($(stat -c %s "$2") bytes)"
}

# make_d31_raw ELF OUT: makedumpfile -d 31 (pages stored uncompressed), the
# form the fixtures archive keeps (it compresses well across dumps).
make_d31_raw() {
	rm -f "$2"
	"${MAKEDUMPFILE:-makedumpfile}" -d 31 "$1" "$2" > "$2.makedumpfile.log" 2>&1 ||
		die "makedumpfile -d 31 $1 failed: $(tail -n 5 "$2.makedumpfile.log")"
}

# check_refilter RAW EXPECTED: makedumpfile -c -d 31 of the raw kdump must
# reproduce EXPECTED byte for byte (that is how the fixtures are unpacked).
check_refilter() {
	local tmp=$2.refilter
	rm -f "$tmp"
	"${MAKEDUMPFILE:-makedumpfile}" -c -d 31 "$1" "$tmp" > "$tmp.log" 2>&1 || die "makedumpfile -c -d 31 $1 failed: $(tail -n 5 "$tmp.log")"
	cmp -s "$tmp" "$2" || die "re-filtering $(basename "$1") does not reproduce $(basename "$2") byte for byte"
	rm -f "$tmp" "$tmp.log"
}
