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

# The fields of one oops record, in the record's order, one row each (columns
# separated by tabs):
#   NAME  line  PATTERN  [CAPTURE]
#       NAME is the first line of the oops (printk timestamp removed) that
#       matches PATTERN; CAPTURE, a regex with named groups, reads fields out
#       of that line for the other rows.  "match" instead of "line": the
#       same, but the line itself is not a field of the record.
#   NAME  CONV  LINE  [GROUP]
#       NAME is CAPTURE's group NAME (or GROUP) of the line named LINE, null
#       when that line is missing or CAPTURE does not match it, as CONV
#       makes it: str, hex ("0x" and lower case), num, flags (leading blanks
#       removed), is (whether LINE exists), =JSON (JSON when LINE exists; a
#       later row of the same NAME fills it only while it is null).
# A NAME with a dot is a member of an object, which is null when all its
# members are.  A symbol with its module ("lkdtm_WRITE_RO+0x2e/0x3a [lkdtm]")
# is read by a look-ahead, so that the whole value stays when it is not one.
x86_64_table() {
	cat <<'EOF'
bug_line	line	^BUG: 	address: (?<address>[0-9a-fA-F]+)
address	hex	bug_line
error_code	str	pf_error_line
error_code_reason	str	pf_error_line
pf_error_line	line	^#PF: error_code	error_code\((?<error_code>0x[0-9a-fA-F]+)\)( - (?<error_code_reason>.*))?
access	str	pf_access_line
access_privilege	str	pf_access_line
access_kind	str	pf_access_line
access_cpu_mode	str	pf_access_line
pf_access_line	line	^#PF: (supervisor|user) 	^#PF: (?<access>(?:(?<access_privilege>supervisor|user) (?<access_kind>read access|write access|instruction fetch) in (?<access_cpu_mode>kernel|user) mode)?.*)$
rip	str	rip_line
rip_symbol	str	rip_line
rip_module	str	rip_line
rip_cs	str	rip_line
rip_line	line	^RIP: 	^RIP: (?<rip_cs>[0-9a-fA-F]{4}):(?:(?=(?<rip_symbol>[^ ]+)( \[(?<rip_module>[^]]+)\])?$)|)(?<rip>.*)$
oops_line	line	^Oops: 	^Oops: (Oops: )?(?<oops_code>[0-9a-fA-F]+) \[#(?<oops_number>[0-9]+)\](?<oops_flags>.*)$
oops_code	hex	oops_line
oops_flags	flags	oops_line
oops_number	num	oops_line
cr2	hex	cr2_line
cr2_line	line	^CR2: 	^CR2: (?<cr2>[0-9a-fA-F]+)
EOF
	common_table
}

arm64_table() {
	cat <<'EOF'
unable_line	line	^Unable to handle kernel 	^Unable to handle kernel (?<fault_message>.*) at virtual address (?<address>[0-9a-fA-F]+)$
fault_message	str	unable_line
address	hex	unable_line
esr	hex	esr_line
esr_line	line	^ +ESR = 0x	ESR = 0x(?<esr>[0-9a-fA-F]+)
ec	hex	ec_line
ec_name	str	ec_line
il_bits	num	ec_line
ec_line	match	^ +EC = 0x	EC = 0x(?<ec>[0-9a-fA-F]+): (?<ec_name>.*), IL = (?<il_bits>[0-9]+) bits
set	num	set_line
fnv	num	set_line
set_line	match	^ +SET = 	SET = (?<set>[0-9]+), FnV = (?<fnv>[0-9]+)
ea	num	ea_line
s1ptw	num	ea_line
ea_line	match	^ +EA = 	EA = (?<ea>[0-9]+), S1PTW = (?<s1ptw>[0-9]+)
fsc	hex	fsc_line
fsc_name	str	fsc_line
fsc_line	match	^ +FSC = 0x	FSC = 0x(?<fsc>[0-9a-fA-F]+): (?<fsc_name>.*)$
data_abort	is	cm_line
isv	=0	iss_line
isv	=1	access_size_line
iss	hex	iss_line
iss_line	match	^ +ISV = 0, ISS = 	ISS = 0x(?<iss>[0-9a-fA-F]+)
access_size_line	match	^ +Access size = 
cm	num	cm_line
wnr	num	cm_line
cm_line	match	^ +CM = [0-9]+, WnR = 	CM = (?<cm>[0-9]+), WnR = (?<wnr>[0-9]+)
pgtable_line	line	^(user|swapper) pgtable: 	^(?<which>user|swapper) pgtable: (?<page>[0-9]+k) pages, (?<va>[0-9]+)-bit VAs, pgdp=(?<pgdp>[0-9a-fA-F]+)
pgtable.which	str	pgtable_line	which
pgtable.page_size	str	pgtable_line	page
pgtable.va_bits	num	pgtable_line	va
pgtable.pgdp	hex	pgtable_line	pgdp
pgtable_walk_line	line	^\[[0-9a-f]{16}\] pgd=
pc	str	pc_line
pc_symbol	str	pc_line
pc_module	str	pc_line
pc_line	line	^pc : 	^pc : (?:(?=(?<pc_symbol>[^ ]+)( \[(?<pc_module>[^]]+)\])?$)|)(?<pc>.*)$
lr	str	lr_line
lr_line	line	^lr : 	^lr : (?<lr>.*)$
pstate_line	line	^pstate: 
oops_line	line	^Internal error: 	^Internal error: (?<what>[^:]+): (?<oops_code>[0-9a-fA-F]+) \[#(?<oops_number>[0-9]+)\](?<oops_flags>.*)$
oops_code	hex	oops_line
oops_flags	flags	oops_line
oops_number	num	oops_line
EOF
	common_table
}

# oops_end()'s and die()'s lines, the same on both
common_table() {
	cat <<'EOF'
cpu_line	line	^CPU: [0-9]+ (UID: [0-9]+ )?PID: 	^CPU: (?<cpu>[0-9]+) (UID: [0-9]+ )?PID: (?<pid>[0-9]+) Comm: (?<comm>.*?) (?<taint>Not tainted|Tainted: [A-Z ]*[A-Z])
cpu	num	cpu_line
pid	num	cpu_line
comm	str	cpu_line
taint	str	cpu_line
panic_line	line	Kernel panic - not syncing
EOF
}

# fields ARCH: the record of the oops in $tmp/text, by ARCH's table
fields() {
	"$1_table" > "$tmp/table"
	jq -n --arg arch "$1" --arg type "$type" --arg dump "$dump" --arg console "$cname" \
		--rawfile text "$tmp/text" --rawfile lead "$tmp/lead" --rawfile table "$tmp/table" '
		def strip: sub("^\\[ *[0-9]+\\.[0-9]+\\] "; "");
		def conv(c; v):
			if v == null then null
			elif c == "str" then v
			elif c == "hex" then "0x" + (v | ascii_downcase)
			elif c == "num" then v | tonumber
			elif c == "flags" then v | sub("^ +"; "")
			else error("parse-oops: no conversion \(c)") end;
		($text | split("\n") | map(select(length > 0) | strip)) as $lines
		| [$table | split("\n")[] | select(length > 0) | split("\t")
		   | {name: .[0], conv: .[1], arg: .[2], extra: .[3]}] as $rows
		# each line by name: its text, and what its CAPTURE read from it
		| (reduce ($rows[] | select(.conv == "line" or .conv == "match")) as $r ({};
			([$lines[] | select(test($r.arg))][0]) as $l
			| .[$r.name] = {line: $l,
				cap: (if $l == null or $r.extra == null then null
				      else ($l | capture($r.extra)) // null end)})) as $L
		| reduce $rows[] as $r (
			(if $arch == "x86_64" then {} else {arch: $arch} end)
			+ {type: $type, dump: $dump, console: $console, text: $text,
			   lead: ($lead | split("\n") | map(select(length > 0) | strip))};
			($r.name | split(".")) as $path
			| $L[$r.arg].line as $src
			| if $r.conv == "match" then .
			  elif $r.conv == "line" then setpath($path; $L[$r.name].line)
			  elif $r.conv == "is" then setpath($path; $src != null)
			  elif ($r.conv | startswith("=")) then
				setpath($path; getpath($path) // (if $src == null then null
					else $r.conv[1:] | fromjson end))
			  else setpath($path; conv($r.conv; $L[$r.arg].cap[$r.extra // $r.name]))
			  end)
		| map_values(if type == "object" and all(.[]; . == null) then null else . end)'
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
fields "${ARCH:-x86_64}"
