# Shared by gen/package.sh (the fixture sets) and testdata/distro/record.sh
# (Debian's kernels): how the guest's records become truth.json.  Sourced
# (bash); the caller defines die, sha, size and build_id (the vmlinux's
# build-id), and sets dumps (a JSON-lines file that dump_entry appends to).

# modules_json CONSOLE: the PFWHY-MODULE lines init.sh printed after insmod:
# /proc/modules and /sys/module/<name>/{sections/*,coresize,initsize}.
modules_json() {
	tr -d '\r' < "$1" | sed -n 's/^PFWHY-MODULE: //p' | jq -Rn '
		[inputs | capture("^(?<k>[^ ]+) (?<v>.*)$")] as $l
		| {
			proc_modules: [$l[] | select(.k == "proc_modules") | .v],
			lkdtm: {
				sections: ([$l[] | select(.k | startswith("sections/"))
				            | {key: (.k | ltrimstr("sections/")), value: .v}] | from_entries),
				coresize: ([$l[] | select(.k == "coresize") | .v | tonumber][0]),
				initsize: ([$l[] | select(.k == "initsize") | .v | tonumber][0])
			}
		}'
}
DUMP_MODULES=null
dump_entry() { # FILE FORMAT OF STORED_IN PATH_OF_CONTENT DERIVE NOTE; DUMP_MODULES: modules_json
	# VMCOREINFO is stored uncompressed in every format: check its BUILD-ID.
	local bid koff
	bid=$(grep -a -m 1 -o 'BUILD-ID=[0-9a-f]*' "$5" | head -n 1 | cut -d= -f2 || true)
	koff=$(grep -a -m 1 -o 'KERNELOFFSET=[0-9a-f]*' "$5" | head -n 1 | cut -d= -f2 || true)
	[ -n "$bid" ] || die "$1: no VMCOREINFO BUILD-ID in $5 (-device vmcoreinfo, CONFIG_FW_CFG_SYSFS?)"
	[ "$bid" = "$build_id" ] || die "$1: VMCOREINFO BUILD-ID $bid is not vmlinux's $build_id (stale kernel?)"
	jq -nc --arg koff "$koff" --arg file "$1" --arg format "$2" --arg of "$3" --arg stored "$4" \
		--argjson modules "$DUMP_MODULES" \
		--arg sha "$(sha "$5")" --argjson size "$(size "$5")" --arg derive "$6" --arg note "$7" \
		'{file: $file, format: $format, of: $of, stored_in: (if $stored == "" then null else $stored end),
		  derive: (if $derive == "" then null else $derive end), size: $size, sha256: $sha,
		  note: (if $note == "" then null else $note end),
		  vmcoreinfo_kerneloffset: (if $koff == "" then null else "0x" + $koff end),
		  modules: $modules}' >> "$dumps"
}

# truth_json GENERATOR_JSON GUEST_JSONL DUMPS_JSONL OOPSES_JSONL BUSY_JSON PID:
# truth.json on stdout.  BUSY_JSON may be an empty file (no busy run: busy
# is null), OOPSES_JSONL too (no oops runs).
truth_json() {
	jq -n \
		--argjson gen "$1" \
		--slurpfile g "$2" \
		--slurpfile dumps "$3" \
		--slurpfile oopses "$4" \
		--slurpfile busy "$5" \
		--argjson pid "$6" '
		def merge_probes:
			reduce (.[] | select(.type == "pre" or .type == "post")) as $r ({order: [], by: {}};
				($r.name // error("a \($r.type) record without a name")) as $n
				| (if .by[$n] == null then .order += [$n] else . end)
				| (.by[$n] // {}) as $cur
				| ($r | del(.type) | with_entries(
					.key as $k
					| if $k != "name" and ($cur | has($k)) and $cur[$k] != .value
					then .key = ($r.type + "_" + .key) else . end)) as $x
				| .by[$n] = ($cur + $x))
			| . as $m | [$m.order[] | $m.by[.]];
		{
			arch: $gen.arch,
			generator: $gen,
			workload: ({
				pid: $pid,
				maps: ([$g[] | select(.type == "maps")][0].lines // error("no maps record")),
				maps_after: ([$g[] | select(.type == "maps_after")][0].lines // error("no maps_after record"))
			}
			+ ([$g[] | select(.type == "smaps")][0]
			   // (if $gen.workload_binary.stub then {pid: $pid} else error("no smaps record") end)
			   | if .pid != $pid then error("smaps record of pid \(.pid), not \($pid)") else . end
			   | {smaps, smaps_rollup, status})
		+ ([$g[] | select(.type == "tracer")][0] // null
		   | if . == null then {} else {tracer: ({functions, note} + if has("clones") then {clones} else {} end)} end)),
			dumps: $dumps,
			probes: ($g | merge_probes),
			oopses: $oopses,
			busy: $busy[0]
		}
		+ ([$g[] | select(.type as $t | ["pre", "post", "maps", "maps_after", "smaps", "tracer"] | index($t) | not)] as $o
		   | if ($o | length) > 0 then {other_records: $o} else {} end)'
}
