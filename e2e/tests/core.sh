# shellcheck shell=bash
# e2e tests, the core: the filter in the real kernel, the monitor exec'd in place, bad inputs.
# Sourced by e2e/run.sh, which defines the helpers (ok, bad, skip, W, B, T, TT...).

# --- the core: filter in the real kernel ------------------------------------
exact_policy_runs() {
	"$W" --policy "$T/true.yaml" /bin/true && ok "/bin/true runs under exactly the calls it makes" ||
		bad "/bin/true under its exact policy exited $?"
}

# log_readable: can diagnose read the kernel's seccomp records here?
log_readable() { "$W" diagnose --pid 1 >/dev/null 2>&1; }
# kernel_says PID: diagnose's first line for that PID (the wrapper's PID is
# the monitor's: it execs in place).
# Only the last minute's records: PIDs wrap (pid_max is 32768 on these
# machines, and a run makes tens of thousands of processes), and the
# kernel's ring buffer still holds the kills of older processes that had
# the same PID (a CI run read an hour-old futex kill of learnee that way).
kernel_says() { "$W" diagnose --pid "$1" --since 1m 2>/dev/null | head -1; }

extra_call_killed() {
	sed 's/ mmap,//' "$T/true.yaml" >"$T/no-mmap.yaml"
	"$W" --policy "$T/no-mmap.yaml" /bin/true 2>/dev/null &
	local pid=$! rc said
	wait $pid 2>/dev/null
	rc=$?
	killed_by_sigsys $rc || { bad "/bin/true without mmap allowed exited $rc, want 159 (SIGSYS)"; return; }
	log_readable || { ok "one missing call (mmap) kills with SIGSYS (kernel log not readable here)"; return; }
	said=$(kernel_says $pid)
	[[ $said == "KILLED   mmap ($(arch_nr mmap)) in true "* ]] || { bad "diagnose --pid $pid says: '$said', want KILLED mmap"; return; }
	ok "one missing call (mmap) kills with SIGSYS; diagnose --pid names it from the kernel's record: $said"
}

# status_when PID NAME: /proc/PID/status once PID runs NAME (the exec is
# done), read from outside as an operator would (Landlock keeps the monitor
# itself out of /proc); waits at most 30 s.
status_when() {
	local i
	for i in $(seq 300); do
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
	TESTMON_PAUSE=1 "$@" <"$TT/go" >/dev/null 2>"$TT/err" &
	local pid=$!
	exec 9>"$TT/go"
	echo "pid $pid"
	status_when $pid "${PAUSED_NAME:-testmon}"
	echo x >&9
	exec 9>&-
	wait $pid
}

pid_env_status_kept() {
	have_kvm || { skip "no /dev/kvm"; return; }
	local status pid
	status=$(paused_status env URUNC_E2E_MARK=kept-42 TESTMON_FD=5 "$W" --preserve-fds 3 "${HVT12[@]}" "$B/testmon" --env=URUNC_E2E_MARK "$GUEST" 5>"$TT/fd5")
	pid=$(echo "$status" | sed -n 's/^pid //p')
	echo "$status" | grep -q "^Pid:[[:space:]]*$pid$" || { bad "PID $pid is not the monitor's: $status $(cat "$TT/err")"; return; }
	echo "$status" | grep -q "^Seccomp:[[:space:]]*2$" || { bad "Seccomp is not 2: $status"; return; }
	echo "$status" | grep -q "^Seccomp_filters:[[:space:]]*1$" || { bad "not exactly one filter: $status"; return; }
	echo "$status" | grep -q "^NoNewPrivs:[[:space:]]*1$" || { bad "NoNewPrivs is not 1: $status"; return; }
	grep -q "^env URUNC_E2E_MARK=kept-42$" "$TT/err" || { bad "environment not kept: $(cat "$TT/err")"; return; }
	[ "$(cat "$TT/fd5")" = "inherited fd 5" ] || { bad "inherited fd 5 did not reach the monitor: $(cat "$TT/err")"; return; }
	ok "same PID ($pid), environment and inherited fd 5 kept (--preserve-fds 3), Seccomp 2 with one filter, NoNewPrivs 1"
}

kvm_guest_runs() {
	have_kvm || { skip "no /dev/kvm"; return; }
	echo "block contents" >"$T/disk.img"
	local v out rc
	for v in v0.9.3 v0.12.1; do
		out=$("$W" --monitor solo5-hvt --monitor-version $v "$B/testmon" --block:storage="$T/disk.img" "$GUEST")
		rc=$?
		[ "$rc" = 7 ] && [ "$out" = "block contents" ] ||
			{ bad "$v policy: rc=$rc out=$out (want 7, the block's text)"; return; }
	done
	ok "a real KVM guest runs to the end under both solo5-hvt policies; its exit status (7) and output come through"
}

arguments_untouched() {
	have_kvm || { skip "no /dev/kvm"; return; }
	local out
	out=$(TESTMON_SHOW_ARGV=1 "$W" --monitor solo5-hvt -- "$B/testmon" --mem=256 "$GUEST" '' '' 'Hello Solo5' 2>&1 >/dev/null | grep '^testmon: argv')
	[ "$out" = "testmon: argv [$B/testmon][--mem=256][$GUEST][][][Hello Solo5]" ] &&
		ok "argv passes byte for byte, empty strings included" || bad "argv changed: $out"
}

bad_inputs() {
	local marker=$T/ran
	printf '#!/bin/sh\ntouch %s\n' "$marker" >"$T/solo5-hvt-fake"
	chmod +x "$T/solo5-hvt-fake"
	printf 'not yaml: [\n' >"$T/malformed.yaml"
	printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [frobnicate]\n' >"$T/unknown-syscall.yaml"
	printf 'default_action: kill_process\nsyscalls:\n  - action: permit\n    names: [read]\n' >"$T/unknown-action.yaml"
	cp "$T/true.yaml" "$T/unreadable.yaml"
	chmod 000 "$T/unreadable.yaml"
	printf '#!/bin/sh\n' >"$T/not-exec"
	local cases=(
		"125|--policy $T/malformed.yaml $T/solo5-hvt-fake"
		"125|--policy $T/unknown-syscall.yaml $T/solo5-hvt-fake"
		"125|--policy $T/unknown-action.yaml $T/solo5-hvt-fake"
		"125|--policy $T/nonexistent.yaml $T/solo5-hvt-fake"
		"125|--default-action frob $T/solo5-hvt-fake"
		"125|--monitor nosuch $T/solo5-hvt-fake"
		"125|--bogus-flag $T/solo5-hvt-fake"
		"125|"
		"127|$T/missing-monitor"
		"127|no-such-monitor-anywhere"
		"126|$T/not-exec"
		"126|$T"
	)
	is_root || cases+=("125|--policy $T/unreadable.yaml $T/solo5-hvt-fake")
	local c want args rc err lines
	for c in "${cases[@]}"; do
		want=${c%%|*} args=${c#*|}
		rm -f "$marker"
		# shellcheck disable=SC2086
		err=$("$W" $args 2>&1 >/dev/null)
		rc=$?
		lines=$(printf '%s\n' "$err" | grep -c .)
		if [ "$rc" != "$want" ] || [ "$lines" != 1 ] || [ -e "$marker" ]; then
			bad "'$args': rc=$rc (want $want), $lines stderr lines, ran=$([ -e "$marker" ] && echo yes || echo no): $err"
			return
		fi
	done
	ok "${#cases[@]} bad inputs: documented exit code, one line on stderr, nothing executed"
}

audit_mode() {
	have_kvm || { skip "no /dev/kvm"; return; }
	"$W" --audit "${HVT12[@]}" "$B/testmon" --forbid=socket "$GUEST" 2>"$T/audit.err" >/dev/null &
	local pid=$! rc said err
	wait $pid
	rc=$?
	err=$(cat "$T/audit.err")
	[ $rc = 3 ] || { bad "under --audit the socket call was stopped (exit $rc): $err"; return; }
	[[ $err == *"NOT confined"* ]] || { bad "--audit did not say the monitor is not confined: $err"; return; }
	log_readable || { ok "--audit lets a denied call through and warns on stderr (kernel log not readable here)"; return; }
	said=$(kernel_says $pid)
	[[ $said == "LOGGED   socket ($(arch_nr socket)) in testmon "* ]] || { bad "diagnose --pid $pid says: '$said', want LOGGED socket"; return; }
	ok "--audit lets a denied call through, warns on stderr, and the kernel logs it: $said"
}
