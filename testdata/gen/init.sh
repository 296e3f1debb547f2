#!/bin/sh
# /init of the pfwhy fixture initramfs (busybox sh, PID 1).
# Prepares the memory features the probes need, loads LKDTM (a module) when
# the initramfs has it, then, per the kernel command line, runs /workload
# (pfwhy.mode=workload), the live test's /live (pfwhy.mode=live,
# tests/fixtures/live.sh), provokes an oops through LKDTM that panics
# (pfwhy.mode=oops:<TYPE>), or keeps running through oopses
# (pfwhy.mode=busy pfwhy.oopses=TYPE,TYPE: see busy() below).  Every line it
# prints starts with "PFWHY-" so the host can find it in the console log.
# The control channel is /dev/ttyS1, or pfwhy.ctl=DEV (the arm64 virt
# machine has one UART: its channel is the virtio console hvc0).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

say() { echo "PFWHY-INIT: $*"; }
fatal() {
	echo "PFWHY-INIT-ERROR: $*"
	poweroff -f
	sleep 10
	exit 1
}
# must CMD...: run a setup step; any failure stops the run (the host sees it).
must() { "$@" || fatal "failed: $*"; }
put() { # put VALUE FILE
	echo "$1" > "$2" || fatal "cannot write '$1' to $2"
}

must mount -t proc proc /proc
must mount -t sysfs sysfs /sys
must mount -t devtmpfs devtmpfs /dev
must mount -t debugfs debugfs /sys/kernel/debug
must mount -t tracefs tracefs /sys/kernel/tracing
must mount -t tmpfs tmpfs /tmp
must mkdir -p /dev/hugepages
must mount -t hugetlbfs hugetlbfs /dev/hugepages

# Modules the kernel does not have built in (a distribution kernel's zram,
# zsmalloc, qemu_fw_cfg ...: testdata/distro/run.sh), in the order
# make-initramfs.sh lists them; lkdtm.ko is loaded below.
if [ -f /lib/modules/order ]; then
	while read -r m; do
		[ "$m" = lkdtm.ko ] || must insmod "/lib/modules/$m"
	done < /lib/modules/order
fi

put 8 /proc/sys/vm/nr_hugepages
got=$(cat /proc/sys/vm/nr_hugepages)
[ "$got" = 8 ] || fatal "nr_hugepages is $got, wanted 8"

[ -e /sys/block/zram0/disksize ] || fatal "no /sys/block/zram0 (CONFIG_ZRAM?)"
# Room for the busy run's 80 MiB paged out (workload --big); pages of one
# byte value take no zsmalloc memory (zram stores them as "same" pages).
put 512M /sys/block/zram0/disksize
must mkswap /dev/zram0 >/dev/null
must swapon /dev/zram0

thp=/sys/kernel/mm/transparent_hugepage
put madvise $thp/enabled
put 1 $thp/use_zero_page

# LKDTM is built as a module (issue 9): load it in every run whose initramfs
# has it (the live test's has not), so every dump holds a loaded module, and
# print where the modules went; the host keeps these lines as truth.
lkdtm=/lib/modules/lkdtm.ko
[ -f $lkdtm ] && must insmod $lkdtm
while read -r l; do
	echo "PFWHY-MODULE: proc_modules $l"
done < /proc/modules
if [ -f $lkdtm ]; then
	for f in /sys/module/lkdtm/sections/.* /sys/module/lkdtm/sections/* \
		/sys/module/lkdtm/coresize /sys/module/lkdtm/initsize; do
		[ -f "$f" ] && echo "PFWHY-MODULE: ${f#/sys/module/lkdtm/} $(cat "$f")"
	done
fi
direct=/sys/kernel/debug/provoke-crash/DIRECT

mode=
oopses=
ctl=/dev/ttyS1
for w in $(cat /proc/cmdline); do
	case "$w" in
	pfwhy.mode=*) mode=${w#pfwhy.mode=} ;;
	pfwhy.oopses=*) oopses=$(echo "${w#pfwhy.oopses=}" | tr , ' ') ;;
	pfwhy.ctl=*) ctl=/dev/${w#pfwhy.ctl=} ;;
	esac
done
# A virtio console's port comes up through the device's control queue,
# possibly after /init started: wait for it (up to 20 s).
n=0
while [ ! -c "$ctl" ] && [ $n -lt 200 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ -c "$ctl" ] || fatal "control channel $ctl is not a character device"
# The workload's own default is /dev/ttyS1: name another channel only.
chan=
[ "$ctl" = /dev/ttyS1 ] || chan="--chan $ctl"
say "setup done; mode=$mode; $(grep -c . /proc/swaps) swaps line(s); thp=$(cat $thp/enabled)"

need_lkdtm_type() {
	[ -w $direct ] || fatal "$direct missing (CONFIG_LKDTM, $lkdtm?)"
	grep -qx "$1" $direct || fatal "LKDTM type $1 not offered by this kernel"
}

# busy: a system that survives its oopses and is dumped while it runs.
# /workload --big builds the large address space (and reports it on $ctl);
# then each LKDTM type of pfwhy.oopses= is provoked by its own short-lived
# "sh", which the oops kills.  Once it is reaped, /proc/PID must be gone; the
# result goes to $ctl as a "nonfatal_oops" record.  Then SIGUSR1 asks the big
# process for its smaps record and PFWHY-BUSY-READY, which tells the host to
# dump; the guest then idles until QEMU is stopped.
busy() {
	local big n p st gone t
	[ -n "$oopses" ] || fatal "pfwhy.mode=busy needs pfwhy.oopses=TYPE[,TYPE]"
	for t in $oopses; do need_lkdtm_type "$t"; done
	[ -x /workload ] || fatal "/workload missing"
	put 0 /proc/sys/kernel/panic_on_oops
	rm -f /tmp/big.ready
	/workload --big $chan &
	big=$!
	n=0
	while [ ! -s /tmp/big.ready ]; do
		kill -0 $big 2>/dev/null || fatal "workload --big exited"
		n=$((n + 1))
		[ $n -lt 3000 ] || fatal "workload --big not ready after 300 s"
		sleep 0.1
	done
	say "big address space ready: pid $big"
	for t in $oopses; do
		say "provoking LKDTM $t in a child sh (panic_on_oops=0)"
		sh -c "echo $t > $direct" &
		p=$!
		wait $p
		st=$?
		gone=true
		[ -e /proc/$p ] && gone=false
		say "LKDTM $t: pid $p reaped, wait status $st, /proc/$p gone: $gone"
		echo "{\"type\":\"nonfatal_oops\",\"lkdtm_type\":\"$t\",\"pid\":$p,\"wait_status\":$st,\"proc_pid_gone\":$gone,\"panic_on_oops\":$(cat /proc/sys/kernel/panic_on_oops)}" > $ctl
	done
	# What smaps counts across processes (a shared page's Pss: the vdso's)
	# must be the dump's: the big process reads its smaps now, when every
	# process the dump holds runs, and says PFWHY-BUSY-READY; this shell
	# then starts nothing more (kill and wait are built in).
	say "busy: pid $big sends its smaps and BUSY-READY; waiting for the host to dump"
	kill -USR1 $big
	wait $big
	fatal "workload --big exited before the dump"
}

case "$mode" in
workload)
	[ -x /workload ] || fatal "/workload missing"
	say "running /workload"
	/workload $chan
	rc=$?
	echo "PFWHY-WORKLOAD-EXIT rc=$rc"
	;;
live)
	# tests/fixtures/live.sh: /live (tests/live/guest.sh) starts /workload itself
	# and checks pfwhy on /proc/kcore against it while it waits for GO.
	[ -x /live ] || fatal "/live missing (only the live test's initramfs has it)"
	say "running /live"
	/live
	echo "PFWHY-LIVE-EXIT rc=$?"
	;;
oops:*)
	type=${mode#oops:}
	need_lkdtm_type "$type"
	say "provoking LKDTM $type"
	echo "$type" > $direct
	# Only reached when the type did not oops (or the oops did not panic).
	echo "PFWHY-OOPS-SURVIVED type=$type"
	;;
busy)
	busy
	;;
*)
	fatal "no or unknown pfwhy.mode= on the kernel command line: '$mode'"
	;;
esac
say "powering off"
poweroff -f
sleep 10
