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

FIX=${FIX:-$(cd "$(dirname "$0")/.." && pwd)/build/fixtures}
TRUTH=$FIX/truth.json
VMLINUX=$FIX/vmlinux
PFWHY=${PFWHY:?PFWHY must name the binary under test}

pfwhy_on() { dump=$1; shift; "$PFWHY" -s "$VMLINUX" "$FIX/$dump" "$@"; }
workload_dumps() { jq -r '.dumps[] | select(.of == "workload") | .file | sub("\\.xz$"; "")' "$TRUTH"; }
