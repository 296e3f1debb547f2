#!/bin/sh
# The guest half of tests/fixtures/live.sh (busybox sh).  It is /live in the
# initramfs live.sh builds; /init (testdata/gen/init.sh) runs it with
# pfwhy.mode=live after the same setup as the fixture runs.
#
# Starts /workload, whose records go to the host on ttyS1 and which then
# blocks there waiting for a GO that never comes; waits for its READY; reads
# the probes from the host on ttyS2 ("probe NAME ADDR" lines, then "run");
# runs pfwhy on /proc/kcore and sends pfwhy's answers and the kernel's own
# (/proc/PID/maps, /proc/PID/pagemap) back on ttyS2 as blocks:
#   @@begin KIND [ARGS]
#   ...output...
#   @@end KIND rc=N [KEY=VALUE...]
# and "@@done" last.  Every wait is bounded; /init powers off afterwards.
set -u
chan=/dev/ttyS2
ready_timeout=${LIVE_READY_TIMEOUT:-120}
probe_timeout=${LIVE_PROBE_TIMEOUT:-60}

log() { echo "PFWHY-LIVE: $*"; }
now() { cut -d' ' -f1 /proc/uptime; }
send() { printf '%s\n' "$*" >&3; }
# block KIND ARGS... -- CMD...: run CMD, send its stdout as a block and its
# stderr as a "stderr" block; the end line carries the exit status.
block() {
	kind=$1
	shift
	args=
	while [ "$1" != -- ]; do args="$args $1"; shift; done
	shift
	"$@" > /tmp/block.out 2> /tmp/block.err
	rc=$?
	send "@@begin $kind$args"
	cat /tmp/block.out >&3
	send "@@end $kind rc=$rc"
	if [ -s /tmp/block.err ]; then
		send "@@begin stderr $kind$args"
		cat /tmp/block.err >&3
		send "@@end stderr rc=0"
	fi
}
# pagemap PID ADDR: the raw 64-bit /proc/PID/pagemap entry of ADDR, 0x%016x
pagemap() {
	v=$(dd if=/proc/$1/pagemap bs=8 skip=$(($2 >> 12)) count=1 2>/dev/null | od -An -tx8 | tr -d ' \n')
	if [ -n "$v" ]; then echo "0x$v"; else echo none; fi
}

exec 3<> $chan || { log "cannot open $chan"; exit 1; }
stty -F $chan raw -echo || { log "stty $chan failed"; exit 1; }
send "@@hello $(now)"

/workload --chan /dev/ttyS1 2> /tmp/workload.err &
wpid=$!
t0=$(now)
waited=0
until grep -q 'READY pid=' /tmp/workload.err; do
	if ! kill -0 $wpid 2>/dev/null; then
		send "@@error workload exited before READY: $(tail -n 5 /tmp/workload.err | tr '\n' ' ')"
		exit 1
	fi
	if [ $waited -ge $((ready_timeout * 5)) ]; then
		send "@@error no READY from the workload within $ready_timeout s: $(tail -n 5 /tmp/workload.err | tr '\n' ' ')"
		exit 1
	fi
	sleep 0.2
	waited=$((waited + 1))
done
pid=$(sed -n 's/.*READY pid=\([0-9]*\).*/\1/p' /tmp/workload.err | head -n 1)
[ "$pid" = "$wpid" ] || log "note: READY pid $pid, started as $wpid"
send "@@ready pid=$pid setup_s=$(now) since=$t0"
log "workload READY (pid $pid); waiting for the probe list on $chan"

# The probes, from the host (it has the workload's pre records).
: > /tmp/probes
while :; do
	if ! read -t $probe_timeout -r cmd name addr <&3; then
		send "@@error no probe list from the host within $probe_timeout s"
		exit 1
	fi
	case $cmd in
	probe) echo "$name $addr" >> /tmp/probes ;;
	run) break ;;
	*) ;;
	esac
done
log "$(wc -l < /tmp/probes) probes; running pfwhy on /proc/kcore"

# The kernel pfwhy sees: its release and KASLR offset against the guest's own.
block info -- /pfwhy -s /vmlinux /proc/kcore info
block kernel -- sh -c 'uname -r; grep " _text$" /proc/kallsyms'

t=$(now)
block maps-before -- cat /proc/$pid/maps
block vma -- /pfwhy -s /vmlinux /proc/kcore vma --pid $pid
block maps-after -- cat /proc/$pid/maps
send "@@time vma start=$t end=$(now)"

# smaps, smaps_rollup and ps against the kernel's own files, read before and after
t=$(now)
block smaps-before -- cat /proc/$pid/smaps
block rollup-before -- cat /proc/$pid/smaps_rollup
block status-before -- cat /proc/$pid/status
block smaps -- /pfwhy -s /vmlinux /proc/kcore smaps --pid $pid
block rollup -- /pfwhy -s /vmlinux /proc/kcore smaps --pid $pid --rollup
block ps -- /pfwhy -s /vmlinux --json /proc/kcore ps
block smaps-after -- cat /proc/$pid/smaps
block rollup-after -- cat /proc/$pid/smaps_rollup
block status-after -- cat /proc/$pid/status
send "@@time smaps start=$t end=$(now)"

# The VMA of every probe, in one pfwhy run (a script on stdin), for VM_SOFTDIRTY.
sed "s/^[^ ]* \(.*\)/vma --pid $pid \1/" /tmp/probes > /tmp/vma.script
t=$(now)
block vma-json -- /pfwhy -s /vmlinux --json /proc/kcore < /tmp/vma.script
send "@@time vma-json start=$t end=$(now)"

# pte for every probe, the pagemap entry read just before and just after it.
# One at a time by default: pfwhy walks the live task list, and a process
# that exits meanwhile (a second worker's dd, od, pfwhy...) tears it under
# pfwhy ("thread list of task ... has a NULL link": init_on_free zeroes the
# freed task).  pfwhy.live_jobs=N on the kernel command line (LIVE_JOBS on
# the host) runs N workers, each into its own file.
# pte_worker N: the probes in /tmp/probes.N, blocks into /tmp/pte.N
pte_worker() {
	while read -r name addr; do
		before=$(pagemap $pid $addr)
		t1=$(now)
		/pfwhy -s /vmlinux --json /proc/kcore pte --pid $pid $addr > /tmp/pte.$1.out 2> /tmp/pte.$1.err
		rc=$?
		t2=$(now)
		after=$(pagemap $pid $addr)
		echo "@@begin pte $name $addr"
		cat /tmp/pte.$1.out
		echo "@@end pte rc=$rc pagemap_before=$before pagemap_after=$after start=$t1 end=$t2"
		if [ -s /tmp/pte.$1.err ]; then
			echo "@@begin stderr pte $name $addr"
			cat /tmp/pte.$1.err
			echo "@@end stderr rc=0"
		fi
	done < /tmp/probes.$1 > /tmp/pte.$1
}
jobs=1
for w in $(cat /proc/cmdline); do
	case $w in pfwhy.live_jobs=[1-9]) jobs=${w#*=} ;; esac
done
t=$(now)
i=0
workers=
while [ $i -lt $jobs ]; do
	awk -v n=$jobs -v i=$i 'NR % n == i' /tmp/probes > /tmp/probes.$i
	pte_worker $i &
	workers="$workers $!"
	i=$((i + 1))
done
for w in $workers; do wait $w; done   # not a bare wait: the workload runs on
i=0
while [ $i -lt $jobs ]; do
	cat /tmp/pte.$i >&3
	i=$((i + 1))
done
send "@@time pte start=$t end=$(now) jobs=$jobs"
kill -0 $wpid 2>/dev/null || send "@@error the workload is gone"
send "@@done"
log "done"
