#!/bin/sh
# Record a crash(8) or gdb session for docs/crash.md and docs/gdb.md: the
# program runs in a tmux pane (a real pseudo-terminal, 400x200, TERM=vt100),
# each command is typed at its prompt, and the transcript is what the program
# wrote to the terminal (tmux pipe-pane), escape sequences removed and a
# carriage return's overwrite applied.  Needs tmux; the docs' sessions run in
# build/fixtures (make demo), e.g.
#
#   cd build/fixtures && ../../scripts/record-session.sh 'crash> ' '' \
#       'crash -s --minimal --kaslr=auto vmlinux workload.elf' -- \
#       'extend ../release/pfwhy.so' 'pfwhy 0x7e0001a00000 --pid 79 --write'
#
# usage: record-session.sh PROMPT ELIDE_UNTIL_REGEX COMMAND_LINE -- COMMAND...
# ELIDE_UNTIL_REGEX (or ''; grep -E): the start-up output before the first
# line that matches it is shown as "...".  REC_TIMEOUT: seconds to wait for a
# prompt (600).
set -u
usage() {
	echo "usage: record-session.sh PROMPT ELIDE_UNTIL_REGEX COMMAND_LINE -- COMMAND..." >&2
	exit 2
}
if [ $# -lt 4 ] || [ "$4" != -- ]; then
	usage
fi
prompt=$1 elide=$2 cmdline=$3
shift 4
command -v tmux > /dev/null || { echo "record-session.sh: needs tmux" >&2; exit 1; }

dir=$(mktemp -d) || exit 1
sock=record-session-$$
raw=$dir/raw
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2> /dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# What the terminal showed: escape sequences out, then on each line what
# follows its last carriage return (a trailing one does not count).
clean() {
	esc=$(printf '\033')
	sed "s/${esc}\\[[0-9;?]*[A-Za-z]//g; s/${esc}[=>]//g" "$1" |
		awk '{ sub(/\r+$/, ""); n = split($0, f, "\r"); print f[n] }'
}

# Lines that begin with the prompt (not a help page's indented example).
prompts() {
	clean "$raw" | awk -v p="$prompt" 'index($0, p) == 1 { n++ } END { print n + 0 }'
}

# Wait until the Nth prompt is on the terminal.
wait_prompt() {
	tries=$((${REC_TIMEOUT:-600} * 10))
	while [ "$(prompts)" -lt "$1" ]; do
		if ! tm has-session 2> /dev/null; then
			echo "record-session.sh: '$cmdline' ended before prompt $1:" >&2
			clean "$raw" | tail -n 5 >&2
			exit 1
		fi
		tries=$((tries - 1))
		[ $tries -gt 0 ] || { echo "record-session.sh: no prompt $1 ('$prompt') in ${REC_TIMEOUT:-600} s" >&2; exit 1; }
		sleep 0.1
	done
}

# The pane's program waits for pipe-pane to be attached before it starts.
: > "$raw"
printf 'exec %s\n' "$cmdline" > "$dir/cmd"
tm new-session -d -x 400 -y 200 -c "$PWD" \
	"while [ ! -e $dir/go ]; do sleep 0.05; done; TERM=vt100 exec /bin/sh $dir/cmd" || exit 1
tm pipe-pane -o "cat >> $raw" || exit 1
: > "$dir/go"
n=1
wait_prompt $n
for c in "$@"; do
	tm send-keys -l "$c" && tm send-keys Enter
	n=$((n + 1))
	wait_prompt $n
done
case $prompt in
crash*) tm send-keys q Enter ;;
*) tm send-keys -l quit && tm send-keys Enter ;;
esac

# Everything before the last prompt, the start-up output before the first
# prompt elided up to the first line matching ELIDE_UNTIL_REGEX, if any does.
clean "$raw" | awk -v p="$prompt" -v n=$n -v elide="$elide" -v cmd="$cmdline" '
	function head_out(i) {
		for (i = 0; i < h; i++)
			if (head[i] ~ elide)
				break
		if (i < h)
			print "..."
		else
			i = 0
		for (; i < h; i++)
			print head[i]
		h = 0
	}
	BEGIN { print "$ " cmd }
	index($0, p) == 1 && ++k == n { head_out(); exit }
	k == 0 && elide != "" { head[h++] = $0; next }
	k == 1 { head_out() }
	{ print }'
