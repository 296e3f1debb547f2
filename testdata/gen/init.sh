#!/bin/sh
# /init of the pfwhy fixture initramfs (busybox sh, PID 1).
# Prepares the memory features the probes need, then, per the kernel command
# line, runs /workload (pfwhy.mode=workload), the live test's /live
# (pfwhy.mode=live, tests/fixtures/live.sh) or provokes an oops through LKDTM
# (pfwhy.mode=oops:<TYPE>).  Every line it prints starts with "PFWHY-" so the
# host can find it in the console log.
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

put 8 /proc/sys/vm/nr_hugepages
got=$(cat /proc/sys/vm/nr_hugepages)
[ "$got" = 8 ] || fatal "nr_hugepages is $got, wanted 8"

[ -e /sys/block/zram0/disksize ] || fatal "no /sys/block/zram0 (CONFIG_ZRAM?)"
put 64M /sys/block/zram0/disksize
must mkswap /dev/zram0 >/dev/null
must swapon /dev/zram0

thp=/sys/kernel/mm/transparent_hugepage
put madvise $thp/enabled
put 1 $thp/use_zero_page

mode=
for w in $(cat /proc/cmdline); do
	case "$w" in
	pfwhy.mode=*) mode=${w#pfwhy.mode=} ;;
	esac
done
say "setup done; mode=$mode; $(grep -c . /proc/swaps) swaps line(s); thp=$(cat $thp/enabled)"

case "$mode" in
workload)
	[ -x /workload ] || fatal "/workload missing"
	say "running /workload"
	/workload
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
	direct=/sys/kernel/debug/provoke-crash/DIRECT
	[ -w $direct ] || fatal "$direct missing (CONFIG_LKDTM?)"
	grep -qx "$type" $direct ||
		fatal "LKDTM type $type not offered by this kernel"
	say "provoking LKDTM $type"
	echo "$type" > $direct
	# Only reached when the type did not oops (or the oops did not panic).
	echo "PFWHY-OOPS-SURVIVED type=$type"
	;;
*)
	fatal "no or unknown pfwhy.mode= on the kernel command line: '$mode'"
	;;
esac
say "powering off"
poweroff -f
sleep 10
