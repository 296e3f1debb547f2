#!/bin/bash
# Extract an oops of an LKDTM run from its console log and print one JSON
# object for truth.json's "oopses" (or "busy.oopses"): the kernel's own lines
# verbatim, plus the fields parsed from them.  OOPS_INDEX=N (default 1) picks
# the Nth page-fault oops of the log.  ARCH=arm64 (testdata/Makefile) reads
# arm64's wording (arch/arm64/mm/fault.c die_kernel_fault(), "Mem abort
# info", "Data abort info", arch/arm64/kernel/traps.c die()); the default is
# x86_64's (#PF lines, RIP).
#
# usage: parse-oops.sh CONSOLE.log TYPE DUMP_NAME CONSOLE_NAME
set -eu
index=${OOPS_INDEX:-1}
console=${1:?usage: parse-oops.sh CONSOLE.log TYPE DUMP_NAME CONSOLE_NAME}
type=${2:?missing TYPE}
dump=${3:?missing DUMP_NAME}
cname=${4:?missing CONSOLE_NAME}
die() { echo "parse-oops: error: $*" >&2; exit 1; }
[ -f "$console" ] || die "$console missing"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tr -d '\r' < "$console" > "$tmp/console"

# oops_text START KEEP: the text of the Nth oops, from the Nth line matching
# START through "---[ end trace" and the lines right after it matching KEEP
# (x86_64: oops_end()'s summary of the registers; both: the "Kernel panic -
# not syncing" line when it panicked); lead: the lines from the Nth LKDTM
# "Performing direct entry" up to the oops.
oops_text() {
	awk '
		function stop() { intext = 0; done = 1 }
		/lkdtm: Performing direct entry/ { entries++ }
		/lkdtm: Performing direct entry/ && entries == n && !intext && !done { inlead = 1 }
		$0 ~ start { oopses++ }
		$0 ~ start && oopses == n && !done { intext = 1; inlead = 0 }
		summary && $0 !~ keep { stop() }
		inlead { print > lead }
		intext { print > text }
		/---\[ end trace/ && intext { summary = 1 }
		/Kernel panic - not syncing/ && intext { stop() }
	' n="$index" start="$1" keep="$2" lead="$tmp/lead" text="$tmp/text" "$tmp/console"
	[ -s "$tmp/text" ] || die "no kernel fault oops number $index (a line matching '$1') in $console"
	grep -q -- '---\[ end trace' "$tmp/text" || die "no '---[ end trace' after oops number $index in $console"
	touch "$tmp/lead"
}

x86_64_fields() {
	jq -n --arg type "$type" --arg dump "$dump" --arg console "$cname" \
		--rawfile text "$tmp/text" --rawfile lead "$tmp/lead" '
		def strip: sub("^\\[ *[0-9]+\\.[0-9]+\\] "; "");
		def cap(s; re): if s == null then null else (s | capture(re)) // null end;
		($text | split("\n") | map(select(length > 0) | strip)) as $lines
		| def line(re): [ $lines[] | select(test(re)) ] | .[0];
		line("^BUG: ") as $bug
		| line("^#PF: error_code") as $pferr
		| line("^#PF: (supervisor|user) ") as $pfacc
		| line("^RIP: ") as $rip
		| line("^Oops: ") as $oops
		| line("^CR2: ") as $cr2
		| line("^CPU: [0-9]+ (UID: [0-9]+ )?PID: ") as $cpu
		| line("Kernel panic - not syncing") as $panic
		| cap($bug; "address: (?<a>[0-9a-fA-F]+)") as $a
		| cap($pferr; "error_code\\((?<c>0x[0-9a-fA-F]+)\\)( - (?<r>.*))?") as $e
		| cap($pfacc; "^#PF: (?<s>.*)$") as $acc
		| cap($pfacc; "^#PF: (?<priv>supervisor|user) (?<kind>read access|write access|instruction fetch) in (?<mode>kernel|user) mode") as $accp
		| cap($rip; "^RIP: (?<cs>[0-9a-fA-F]{4}):(?<r>.*)$") as $r
		| cap($r.r; "^(?<s>[^ ]+)( \\[(?<m>[^]]+)\\])?$") as $rs
		| cap($oops; "^Oops: (Oops: )?(?<c>[0-9a-fA-F]+) \\[#(?<n>[0-9]+)\\](?<flags>.*)$") as $o
		| cap($cr2; "^CR2: (?<v>[0-9a-fA-F]+)") as $c2
		| cap($cpu; "^CPU: (?<cpu>[0-9]+) (UID: [0-9]+ )?PID: (?<pid>[0-9]+) Comm: (?<comm>.*?) (?<t>Not tainted|Tainted: [A-Z ]*[A-Z])") as $p
		| {
			type: $type,
			dump: $dump,
			console: $console,
			text: $text,
			lead: ($lead | split("\n") | map(select(length > 0) | strip)),
			bug_line: $bug,
			address: (if $a then "0x" + ($a.a | ascii_downcase) else null end),
			error_code: ($e.c // null),
			error_code_reason: ($e.r // null),
			pf_error_line: $pferr,
			access: ($acc.s // null),
			access_privilege: ($accp.priv // null),
			access_kind: ($accp.kind // null),
			access_cpu_mode: ($accp.mode // null),
			pf_access_line: $pfacc,
			rip: ($r.r // null),
			rip_symbol: ($rs.s // null),
			rip_module: ($rs.m // null),
			rip_cs: ($r.cs // null),
			rip_line: $rip,
			oops_line: $oops,
			oops_code: (if $o then "0x" + $o.c else null end),
			oops_flags: (if $o then ($o.flags | sub("^ +"; "")) else null end),
			oops_number: (if $o then ($o.n | tonumber) else null end),
			cr2: (if $c2 then "0x" + ($c2.v | ascii_downcase) else null end),
			cr2_line: $cr2,
			cpu_line: $cpu,
			cpu: (if $p then ($p.cpu | tonumber) else null end),
			pid: (if $p then ($p.pid | tonumber) else null end),
			comm: ($p.comm // null),
			taint: ($p.t // null),
			panic_line: $panic
		}'
}

arm64_fields() {
	jq -n --arg type "$type" --arg dump "$dump" --arg console "$cname" \
		--rawfile text "$tmp/text" --rawfile lead "$tmp/lead" '
		def strip: sub("^\\[ *[0-9]+\\.[0-9]+\\] "; "");
		def cap(s; re): if s == null then null else (s | capture(re)) // null end;
		def hex(s): if s == null then null else "0x" + (s | ascii_downcase) end;
		def num(s): if s == null then null else (s | tonumber) end;
		($text | split("\n") | map(select(length > 0) | strip)) as $lines
		| def line(re): [ $lines[] | select(test(re)) ] | .[0];
		line("^Unable to handle kernel ") as $unable
		| line("^ +ESR = 0x") as $esrl
		| line("^ +EC = 0x") as $ecl
		| line("^ +SET = ") as $setl
		| line("^ +EA = ") as $eal
		| line("^ +FSC = 0x") as $fscl
		| line("^ +ISV = 0, ISS = ") as $issl
		| line("^ +Access size = ") as $sasl
		| line("^ +CM = [0-9]+, WnR = ") as $cml
		| line("^(user|swapper) pgtable: ") as $pgt
		| line("^\\[[0-9a-f]{16}\\] pgd=") as $walk
		| line("^Internal error: ") as $oops
		| line("^pc : ") as $pcl
		| line("^lr : ") as $lrl
		| line("^pstate: ") as $pst
		| line("^CPU: [0-9]+ (UID: [0-9]+ )?PID: ") as $cpu
		| line("Kernel panic - not syncing") as $panic
		| cap($unable; "^Unable to handle kernel (?<m>.*) at virtual address (?<a>[0-9a-fA-F]+)$") as $u
		| cap($esrl; "ESR = 0x(?<v>[0-9a-fA-F]+)") as $esr
		| cap($ecl; "EC = 0x(?<ec>[0-9a-fA-F]+): (?<name>.*), IL = (?<il>[0-9]+) bits") as $ec
		| cap($setl; "SET = (?<set>[0-9]+), FnV = (?<fnv>[0-9]+)") as $set
		| cap($eal; "EA = (?<ea>[0-9]+), S1PTW = (?<s1>[0-9]+)") as $ea
		| cap($fscl; "FSC = 0x(?<fsc>[0-9a-fA-F]+): (?<name>.*)$") as $fsc
		| cap($issl; "ISS = 0x(?<iss>[0-9a-fA-F]+)") as $iss
		| cap($cml; "CM = (?<cm>[0-9]+), WnR = (?<wnr>[0-9]+)") as $cm
		| cap($pgt; "^(?<which>user|swapper) pgtable: (?<page>[0-9]+k) pages, (?<va>[0-9]+)-bit VAs, pgdp=(?<pgdp>[0-9a-fA-F]+)") as $pg
		| cap($oops; "^Internal error: (?<what>[^:]+): (?<c>[0-9a-fA-F]+) \\[#(?<n>[0-9]+)\\](?<flags>.*)$") as $o
		| cap($pcl; "^pc : (?<r>.*)$") as $pc
		| cap($pc.r; "^(?<s>[^ ]+)( \\[(?<m>[^]]+)\\])?$") as $pcs
		| cap($lrl; "^lr : (?<r>.*)$") as $lr
		| cap($cpu; "^CPU: (?<cpu>[0-9]+) (UID: [0-9]+ )?PID: (?<pid>[0-9]+) Comm: (?<comm>.*?) (?<t>Not tainted|Tainted: [A-Z ]*[A-Z])") as $p
		| {
			arch: "arm64",
			type: $type,
			dump: $dump,
			console: $console,
			text: $text,
			lead: ($lead | split("\n") | map(select(length > 0) | strip)),
			unable_line: $unable,
			fault_message: ($u.m // null),
			address: hex($u.a),
			esr: hex($esr.v),
			esr_line: $esrl,
			ec: hex($ec.ec),
			ec_name: ($ec.name // null),
			il_bits: num($ec.il),
			set: num($set.set),
			fnv: num($set.fnv),
			ea: num($ea.ea),
			s1ptw: num($ea.s1),
			fsc: hex($fsc.fsc),
			fsc_name: ($fsc.name // null),
			data_abort: ($cml != null),
			isv: (if $issl then 0 elif $sasl then 1 else null end),
			iss: hex($iss.iss),
			cm: num($cm.cm),
			wnr: num($cm.wnr),
			pgtable_line: $pgt,
			pgtable: (if $pg then {which: $pg.which, page_size: $pg.page, va_bits: ($pg.va | tonumber), pgdp: hex($pg.pgdp)} else null end),
			pgtable_walk_line: $walk,
			pc: ($pc.r // null),
			pc_symbol: ($pcs.s // null),
			pc_module: ($pcs.m // null),
			pc_line: $pcl,
			lr: ($lr.r // null),
			lr_line: $lrl,
			pstate_line: $pst,
			oops_line: $oops,
			oops_code: hex($o.c),
			oops_flags: (if $o then ($o.flags | sub("^ +"; "")) else null end),
			oops_number: num($o.n),
			cpu_line: $cpu,
			cpu: num($p.cpu),
			pid: num($p.pid),
			comm: ($p.comm // null),
			taint: ($p.t // null),
			panic_line: $panic
		}'
}

case ${ARCH:-x86_64} in
x86_64|arm64) ;;
*) die "ARCH=$ARCH: no oops wording known for it" ;;
esac
if [ "${ARCH:-x86_64}" = arm64 ]; then
	# arm64 prints no register summary after the end trace
	oops_text 'Unable to handle kernel ' 'Kernel panic - not syncing'
else
	oops_text 'BUG: (unable to handle|kernel NULL pointer)' \
		'(RIP|Code|RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR0|DR3|DR6|PKRU): |Kernel panic - not syncing'
fi
"${ARCH:-x86_64}_fields"
