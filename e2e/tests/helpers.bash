# shellcheck shell=bash
# What every e2e test file loads (load helpers): the suite's paths, set up
# once by setup_suite.bash, a folder of each test's own, the requirements
# a test declares, and the helpers the tests share.
#
# Exported by setup_suite: E2E (this suite's folder), B (the wrapper and the
# C helpers, where uid 1000 can reach them), W (the wrapper under test),
# GUEST (the test guest), TRUE_POLICY (exactly what dynamic /bin/true
# calls), SUITE_TMP and SUITE_OV (parents of each test's folders).

# shellcheck disable=SC2034 # the test files use these
HVT09=(--monitor solo5-hvt --monitor-version v0.9.3)
HVT12=(--monitor solo5-hvt --monitor-version v0.12.1)
MACHINE=$(uname -m)
trap '' PIPE # a monitor that died early must fail a test, not the shell

# Each test gets TT, a folder of its own that uid 1000 can reach, and OV,
# one for overlays whose every parent only root or this user can write
# (which /tmp is not).
setup() {
	TT=$(mktemp -d "$SUITE_TMP/$BATS_TEST_NAME.XXXXXX") && chmod 755 "$TT"
	OV=$(mktemp -d "$SUITE_OV/$BATS_TEST_NAME.XXXXXX") && chmod 755 "$OV"
}

# pass MESSAGE: what the test showed, printed in the TAP stream (fd 3).
pass() { echo "# $BATS_TEST_DESCRIPTION: $*" >&3; }
# fail MESSAGE: the test fails, saying why.
fail() {
	echo "$*" >&2
	return 1
}

# requires WHAT...: skip the test, saying why, unless this host has each.
requires() {
	local what
	for what in "$@"; do
		case $what in
		root) is_root || skip "needs root (urunc runs monitors as root)" ;;
		kvm) have_kvm || skip "no /dev/kvm here (make vm runs this test in a VM that has one)" ;;
		landlock) have_landlock || skip "no Landlock on this kernel ($(uname -r))" ;;
		setpriv) command -v setpriv >/dev/null || skip "no setpriv to act as uid 1000 (apt-get install util-linux)" ;;
		qemu) command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)" ;;
		tun) [ -c /dev/net/tun ] || skip "no /dev/net/tun for taps" ;;
		kernlog) log_readable || skip "the kernel log is not readable here: $("$W" diagnose 2>&1)" ;;
		ptrace) can_ptrace || skip "ptrace is not permitted here: $("$W" learn -o /dev/null -- /bin/true 2>&1 | head -1)" ;;
		*) fail "requires: unknown requirement $what" ;;
		esac
	done
}

is_root() { [ "$(id -u)" = 0 ]; }
have_kvm() { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }
have_landlock() { "$W" --dry-run -v "${HVT12[@]}" "$B/testmon" "$GUEST" 2>&1 | grep -q 'landlock ABI [1-9]'; }
can_ptrace() { ! "$W" learn -o /dev/null -- /bin/true 2>&1 | grep -q 'ptrace is not permitted'; }
as_attacker() { setpriv --reuid 1000 --regid 1000 --clear-groups "$@"; }

# quietly CMD...: run CMD with its own stderr, without bash's "Bad system
# call" report when a signal kills it (the tests expect that).
quietly() { ( "$@" 2>&4; exit $? ) 4>&2 2>/dev/null; }
killed_by_sigsys() { [ "$1" = 159 ]; } # 128 + SIGSYS(31), as the shell reports it
# arch_nr NAME: "ARCH NR", as diagnose names a call of this machine's ABI.
arch_nr() { "$W" explain --json "$1" | sed -n 's/.*"nr":\([0-9]*\),"arch":"\([^"]*\)".*/\2 \1/p'; }

# tried CMD...: run CMD (a wrapped testmon) with no KVM set-up, its exit
# status in RC and its stderr in ERR.
tried() {
	# shellcheck disable=SC2034 # the caller reads RC
	RC=0
	TESTMON_NO_KVM=1 quietly "$@" >/dev/null 2>"$TT/tried.err" || RC=$?
	ERR=$(cat "$TT/tried.err")
}
opened() { [[ $ERR == *" returned "[0-9]*" (errno 0): not stopped"* ]]; } # the attack's call succeeded
denied() { [[ $ERR == *" returned -1 (errno $1)"* ]]; }                   # it failed with errno $1

# add_tap NAME [UID]: a persistent tap, ownerless or UID's, deleted when
# the test ends; del_tap NAME (e2e/mktap.c: busybox's ip has no tuntap).
add_tap() { "$B/mktap" "$@" && echo "$1" >>"$TT/taps"; }
del_tap() { "$B/mktap" -d "$1" 2>/dev/null || true; }
teardown() {
	local tap
	if [ -e "$TT/taps" ]; then
		while read -r tap; do del_tap "$tap"; done <"$TT/taps"
	fi
}

# log_quiet: wait until the kernel has logged no seccomp record for 5 s
# (at most 6 s). Without auditd the kernel prints these records under
# printk's rate limit, 10 per 5 s: a test that looks up its own kill right
# after another test's burst of kills (attacks.bats: 80 in a few seconds,
# where /dev/kvm is here) found its record suppressed ("kauditd_printk_skb:
# N callbacks suppressed"). After 5 quiet seconds the next window starts.
log_quiet() {
	local last now
	for _ in $(seq 60); do
		last=$(dmesg 2>/dev/null | grep 'type=1326' | tail -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
		now=$(cut -d' ' -f1 /proc/uptime)
		[ -z "$last" ] || awk -v n="$now" -v l="$last" 'BEGIN { exit !(n - l >= 5.2) }' && return 0
		sleep 0.1
	done
}

# log_readable: can diagnose read the kernel's seccomp records here?
log_readable() { "$W" diagnose --pid 1 >/dev/null 2>&1; }
# kernel_says PID: diagnose's first line for that PID (the wrapper's PID is
# the monitor's: it execs in place). Only the last minute's records: PIDs
# wrap (pid_max is 32768 on these machines, and a run makes tens of
# thousands of processes), and the kernel's ring buffer still holds the
# kills of older processes that had the same PID (a CI run read an hour-old
# futex kill of learnee that way).
kernel_says() { "$W" diagnose --pid "$1" --since 1m 2>/dev/null | head -1; }

# status_when PID NAME: /proc/PID/status once PID runs NAME (the exec is
# done), read from outside as an operator would (Landlock keeps the monitor
# itself out of /proc); waits at most 30 s.
status_when() {
	for _ in $(seq 300); do
		grep -q "^Name:[[:space:]]*$2" "/proc/$1/status" 2>/dev/null && { cat "/proc/$1/status"; return; }
		sleep 0.1
	done
}

# paused_status CMD...: run CMD (a wrapped testmon) with TESTMON_PAUSE=1,
# which waits on stdin before its first KVM_RUN; once the exec is done,
# print "pid PID" and its /proc/PID/status; then let it run to its end.
# PAUSED_NAME: the monitor's process name when it is not testmon.
# CMD's stderr is in $TT/err.
paused_status() {
	rm -f "$TT/go" && mkfifo "$TT/go"
	TESTMON_PAUSE=1 "$@" <"$TT/go" >/dev/null 2>"$TT/err" 3>&- &
	local pid=$!
	exec 9>"$TT/go"
	echo "pid $pid"
	status_when $pid "${PAUSED_NAME:-testmon}"
	echo x >&9
	exec 9>&-
	wait $pid || true
}

# fake_tender FILE VERSION: a script holding what a Solo5 tender's binary
# holds (the version line's format and a SOLO5_VERSION string, after exit).
# Were it run, it would append its Seccomp line to $TT/tender-ran and leave
# a child holding stdout for 20 s.
fake_tender() {
	printf '#!/bin/sh\ngrep Seccomp: /proc/self/status >>%s\n(sleep 20 &)\nexit 0\n\0%%s tender, version %%s\n\0%s\0' "$TT/tender-ran" "$2" >"$1"
	chmod +x "$1"
}
