# Drive a program in a real pseudo-terminal with tmux: type keys, read the
# screen.  Sourced by the test scripts after lib.sh.  Each script gets its own
# tmux server (socket), with no user configuration; tm_stop kills it.
#
#   tm_start 'shell command line'   one window, 160x50; "[exited N]" after it
#   tm_keys KEYS...                 tmux send-keys (Enter, Tab, C-c, Up...)
#   tm_type TEXT                    literal text
#   tm_wait PATTERN [SECONDS]       until the screen matches (grep -E)
#   tm_waitf STRING [SECONDS]       until the screen has STRING (grep -F)
#   tm_screen                       the screen
TM_SOCK=
TM_N=0

tm() { tmux -L "$TM_SOCK" -f /dev/null "$@" 2>/dev/null; }

# a new server each time: one being killed may still hold the old socket
tm_start() {
	tm_stop
	TM_N=$((TM_N + 1))
	TM_SOCK=pfwhy-test-$$-$TM_N
	tm new-session -d -x 160 -y 50 "$1; echo \"[exited \$?]\"; sleep 3600"
}

tm_stop() {
	[ -z "$TM_SOCK" ] || tmux -L "$TM_SOCK" kill-server 2>/dev/null
	# the killed server leaves its socket behind
	[ -z "$TM_SOCK" ] || rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TM_SOCK"
	return 0
}

tm_keys() { tm send-keys "$@"; }
tm_type() { tm send-keys -l "$1"; }
tm_screen() { tm capture-pane -p -J; }

tm_wait() {
	tries=$((${2:-10} * 10))
	while [ $tries -gt 0 ]; do
		tm_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

tm_waitf() {
	tries=$((${2:-10} * 10))
	while [ $tries -gt 0 ]; do
		tm_screen | grep -Fq -- "$1" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

# Clear the screen with readline's C-l, and wait for the prompt at the top.
tm_clear() {
	tm_keys C-l
	tries=50
	while [ $tries -gt 0 ]; do
		[ "$(tm_screen | grep -c .)" -le 1 ] && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}
