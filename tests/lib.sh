# Shared by the test scripts: counting, and running pfwhy on the fixtures.
# Every check compares pfwhy with what the guest kernel recorded (truth.json).
passed=0
failed=0
skipped=0
failures=""

ok() { passed=$((passed + 1)); [ -z "${VERBOSE:-}" ] || echo "ok   $*"; }
fail() { failed=$((failed + 1)); failures="$failures
FAIL $*"; echo "FAIL $*"; }
skip() { skipped=$((skipped + 1)); echo "skip $*"; }

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

report() {
	echo "$passed passed, $failed failed, $skipped skipped"
}

# ---- running suites: tests/run.sh and tests/distro.sh ----
# The suites that check pfwhy against what one kernel recorded, run on each
# fixture set (run.sh: the other committed eras; distro.sh: Debian's kernels).
era_suite_list="vma pte why path smaps faultmap evidence oops modules info"
total_pass=0
total_fail=0
total_skip=0
status=0

# count OUTPUT NAME: add the last "N passed, N failed[, N skipped]" line of
# a suite's OUTPUT to the totals; a suite that printed none is one failure
count() {
	line=$(printf '%s\n' "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $2: printed no result line"
		total_fail=$((total_fail + 1))
		return
	fi
	set -- $(echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
	total_pass=$((total_pass + $1))
	total_fail=$((total_fail + $2))
	total_skip=$((total_skip + ${3:-0}))
}

# suite_lines NAME COMMAND...: run one suite and print its FAIL and skip
# lines and its result line, each marked [NAME]; its whole output stays in
# $o, its exit status in $rc
suite_lines() {
	name=$1
	shift
	o=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$o" | grep -E '^(FAIL|skip)' | sed "s|^|[$name] |"
	printf '%s\n' "$o" | grep -E '^[0-9]+ passed, [0-9]+ failed' | sed "s|^|[$name] |"
}

# run_suite NAME COMMAND...: suite_lines, then count it; a non-zero exit
# makes status 1
run_suite() {
	suite_lines "$@"
	count "$o" "$1"
	[ $rc -eq 0 ] || status=1
}

FIX=${FIX:-$(cd "$(dirname "$0")/.." && pwd)/build/fixtures}
TRUTH=$FIX/truth.json
VMLINUX=$FIX/vmlinux
PFWHY=${PFWHY:?PFWHY must name the binary under test}

# scratch_dir [CLEANUP]: $work, a private directory for the suite's scratch
# files (never $FIX: two runs on one fixture set must not share a file),
# removed when the suite exits, after the shell command CLEANUP (run then,
# so it may name variables set later)
scratch_dir() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/pfwhy-$(basename "$0" .sh).XXXXXX") || {
		echo "FAIL $(basename "$0" .sh): cannot make a scratch directory"
		exit 1
	}
	trap "${1:+$1; }rm -rf \"\$work\"" EXIT
	trap 'exit 130' INT TERM
}

pfwhy_on() { dump=$1; shift; "$PFWHY" -s "$VMLINUX" "$FIX/$dump" "$@"; }
# kernel_ip PROBE_JSON: the function a kernel-mode probe faulted in, as the
# guest recorded it: x86's page_fault_kernel event's ip; on arm64 (no such
# event) the frame after the exception entry el1h_64_sync (the EL1h
# synchronous vector: its frame record holds ELR_EL1, the faulting pc) in
# the stack ftrace recorded at the probe's first do_mem_abort (fault_stacks)
kernel_ip() {
	printf '%s\n' "$1" | jq -r '[.pf_events[]? | select(.kind == "kernel" or .kind == "page_fault_kernel")][0].ip
		// ((.fault_stacks[0]? // []) as $s
		    | [range(1; $s | length) | select($s[. - 1] == "el1h_64_sync") | $s[.]][0])
		// empty'
}
# SKIP_DUMPS: dumps the run left out, each with its reason already said
# (tests/distro.sh: a -d 31 dump its makedumpfile misfiltered)
workload_dumps() {
	jq -r --arg skip " ${SKIP_DUMPS:-} " '.dumps[] | select(.of == "workload") | .file | sub("\\.xz$"; "")
		| select(. as $f | $skip | contains(" " + $f + " ") | not)' "$TRUTH"
}

# ---- pte answers against /proc/PID/pagemap (fixtures/pte.sh, fixtures/live.sh) ----
# Documentation/admin-guide/mm/pagemap.rst.  Both functions print
# "present swapped pfn|type:offset soft-dirty exclusive", so a pagemap entry
# and pfwhy's answer for the same address compare as strings.

# pagemap_fields ENTRY: the kernel's fields of one raw pagemap entry ("0x...").
# Shell arithmetic: jq's numbers are doubles and lose the low bits of 64-bit values.
# pagemap reports soft-dirty when the entry is soft-dirty or the VMA is
# VM_SOFTDIRTY (pte_to_pagemap_entry(), pagemap_pte_hole(), 6.1).
pagemap_fields() {
	hex=$(printf '%016s' "${1#0x}" | tr ' ' 0)
	hi=$((0x$(echo "$hex" | cut -c1-8)))
	lo=$((0x$(echo "$hex" | cut -c9-16)))
	present=$(((hi >> 31) & 1))
	swapped=$(((hi >> 30) & 1))
	low=$((((hi & 0x7fffff) << 32) | lo))
	if [ $present = 1 ]; then
		f=$(printf '0x%x' $low)
	elif [ $swapped = 1 ]; then
		f=$(printf '%d:0x%x' $((low & 31)) $((low >> 5)))
	else
		f=0
	fi
	echo "$present $swapped $f $(((hi >> 23) & 1)) $(((hi >> 24) & 1))"
}

# hex16 VALUE: a 64-bit hex value as 16 lower-case digits, for string comparison
hex16() { printf '%016s' "$(echo "${1#0x}" | tr 'A-F' 'a-f')" | tr ' ' 0; }

# pte_fields PTE_JSON_FILE ADDR VMA_SOFT_DIRTY: the same fields from pfwhy's
# `pte --json` answer for ADDR; VMA_SOFT_DIRTY (1/0) is VM_SOFTDIRTY of the
# VMA covering ADDR as pfwhy reads it (vma_soft_dirty).
pte_fields() {
	# .pfn is the 4 KiB page holding ADDR, also inside a huge page
	set -- $(jq -r '[.state, (.pfn // "0x0"), (.swap_type // 0), (.swap_offset // "0x0"),
		(if .soft_dirty then 1 else 0 end),
		(if .page and (.page.zero_page | not) and .page.mapcount == 1 then 1 else 0 end)] | @tsv' "$1") "$3"
	state=$1 pfn=$2 type=$3 off=$4 sd=$(($5 | $7)) excl=$6
	case $state in
	present|protnone)
		echo "1 0 $(printf '0x%x' $((pfn))) $sd $excl" ;;
	swap|migration|device|hwpoison|marker)
		echo "0 1 $(printf '%d:0x%x' $type $((off))) $sd 0" ;;
	*)
		echo "0 0 0 $sd 0" ;;
	esac
}

# vma_soft_dirty ADDR < VMA_JSON: 1 when the VMA covering ADDR, among pfwhy's
# `vma --json [ADDR]` documents on stdin (one or many), is VM_SOFTDIRTY; else 0.
vma_soft_dirty() {
	jq -rn --arg a "$1" '
		def num: ltrimstr("0x") | ascii_downcase | explode | reduce .[] as $c (0;
			. * 16 + (if $c >= 97 then $c - 87 else $c - 48 end));
		($a | num) as $x
		| [inputs | if type == "array" then .[] else . end
		   | select(type == "object" and .start and .end)
		   | select((.start | num) <= $x and $x < (.end | num))][0]
		| if . and .vm_flags_names and (.vm_flags_names | split(" ") | index("softdirty")) then 1 else 0 end' 2>/dev/null || echo 0
}
