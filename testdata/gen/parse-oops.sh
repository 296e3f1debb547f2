#!/bin/bash
# Extract an oops of an LKDTM run from its console log and print one JSON
# object for truth.json's "oopses" (or "busy.oopses"): the kernel's own lines
# verbatim, plus the fields parsed from them.  OOPS_INDEX=N (default 1) picks
# the Nth page-fault oops of the log.
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

# text: from the Nth page-fault "BUG: " line through oops_end()'s executive
# summary of the registers after "---[ end trace", and the "Kernel panic - not
# syncing" line when it panicked; lead: the lines from the Nth LKDTM
# "Performing direct entry" up to the BUG.
awk '
	function stop() { intext = 0; done = 1 }
	/lkdtm: Performing direct entry/ { entries++ }
	/lkdtm: Performing direct entry/ && entries == n && !intext && !done { inlead = 1 }
	/BUG: (unable to handle|kernel NULL pointer)/ { bugs++ }
	/BUG: (unable to handle|kernel NULL pointer)/ && bugs == n && !done { intext = 1; inlead = 0 }
	summary && !/(RIP|Code|RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR0|DR3|DR6|PKRU): |Kernel panic - not syncing/ { stop() }
	inlead { print > lead }
	intext { print > text }
	/---\[ end trace/ && intext { summary = 1 }
	/Kernel panic - not syncing/ && intext { stop() }
' n="$index" lead="$tmp/lead" text="$tmp/text" "$tmp/console"
[ -s "$tmp/text" ] || die "no page-fault oops number $index ('BUG: ' line) in $console"
grep -q -- '---\[ end trace' "$tmp/text" || die "no '---[ end trace' after BUG line number $index in $console"
touch "$tmp/lead"

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
