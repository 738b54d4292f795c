#!/usr/bin/env bats
# e2e tests, the core: the filter in the real kernel, the monitor exec'd in place, bad inputs.

load helpers

# --- the core: filter in the real kernel ------------------------------------
@test "exact_policy_runs" {
	"$W" --policy "$TRUE_POLICY" /bin/true && pass "/bin/true runs under exactly the calls it makes" ||
		fail "/bin/true under its exact policy exited $?"
}

@test "extra_call_killed" {
	sed 's/ mmap,//' "$TRUE_POLICY" >"$TT/no-mmap.yaml"
	log_quiet # this kill's record must not fall under printk's rate limit
	"$W" --policy "$TT/no-mmap.yaml" /bin/true 2>/dev/null 3>&- &
	local pid=$! rc said
	wait $pid 2>/dev/null && rc=0 || rc=$?
	killed_by_sigsys "$rc" || { fail "/bin/true without mmap allowed exited $rc, want 159 (SIGSYS)"; return; }
	log_readable || { pass "one missing call (mmap) kills with SIGSYS (kernel log not readable here)"; return; }
	said=$(kernel_says $pid)
	[[ $said == "KILLED   mmap ($(arch_nr mmap)) in true "* ]] || { fail "diagnose --pid $pid says: '$said', want KILLED mmap"; return; }
	pass "one missing call (mmap) kills with SIGSYS; diagnose --pid names it from the kernel's record: $said"
}

# bats test_tags=vm
@test "pid_env_status_kept" {
	requires kvm
	local status pid
	status=$(paused_status env URUNC_E2E_MARK=kept-42 TESTMON_FD=5 "$W" --preserve-fds 3 "${HVT12[@]}" "$B/testmon" --env=URUNC_E2E_MARK "$GUEST" 5>"$TT/fd5")
	pid=$(echo "$status" | sed -n 's/^pid //p')
	echo "$status" | grep -q "^Pid:[[:space:]]*$pid$" || { fail "PID $pid is not the monitor's: $status $(cat "$TT/err")"; return; }
	echo "$status" | grep -q "^Seccomp:[[:space:]]*2$" || { fail "Seccomp is not 2: $status"; return; }
	echo "$status" | grep -q "^Seccomp_filters:[[:space:]]*1$" || { fail "not exactly one filter: $status"; return; }
	echo "$status" | grep -q "^NoNewPrivs:[[:space:]]*1$" || { fail "NoNewPrivs is not 1: $status"; return; }
	grep -q "^env URUNC_E2E_MARK=kept-42$" "$TT/err" || { fail "environment not kept: $(cat "$TT/err")"; return; }
	[ "$(cat "$TT/fd5")" = "inherited fd 5" ] || { fail "inherited fd 5 did not reach the monitor: $(cat "$TT/err")"; return; }
	pass "same PID ($pid), environment and inherited fd 5 kept (--preserve-fds 3), Seccomp 2 with one filter, NoNewPrivs 1"
}

# bats test_tags=vm
@test "kvm_guest_runs" {
	requires kvm
	echo "block contents" >"$TT/disk.img"
	local v out rc
	for v in v0.9.3 v0.12.1; do
		out=$("$W" --monitor solo5-hvt --monitor-version $v "$B/testmon" --block:storage="$TT/disk.img" "$GUEST") && rc=0 || rc=$?
		[ "$rc" = 7 ] && [ "$out" = "block contents" ] ||
			{ fail "$v policy: rc=$rc out=$out (want 7, the block's text)"; return; }
	done
	pass "a real KVM guest runs to the end under both solo5-hvt policies; its exit status (7) and output come through"
}

# bats test_tags=vm
@test "arguments_untouched" {
	requires kvm
	local out
	out=$(TESTMON_SHOW_ARGV=1 "$W" --monitor solo5-hvt -- "$B/testmon" --mem=256 "$GUEST" '' '' 'Hello Solo5' 2>&1 >/dev/null | grep '^testmon: argv')
	[ "$out" = "testmon: argv [$B/testmon][--mem=256][$GUEST][][][Hello Solo5]" ] &&
		pass "argv passes byte for byte, empty strings included" || fail "argv changed: $out"
}

@test "bad_inputs" {
	local marker=$TT/ran
	printf '#!/bin/sh\ntouch %s\n' "$marker" >"$TT/solo5-hvt-fake"
	chmod +x "$TT/solo5-hvt-fake"
	printf 'not yaml: [\n' >"$TT/malformed.yaml"
	printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [frobnicate]\n' >"$TT/unknown-syscall.yaml"
	printf 'default_action: kill_process\nsyscalls:\n  - action: permit\n    names: [read]\n' >"$TT/unknown-action.yaml"
	cp "$TRUE_POLICY" "$TT/unreadable.yaml"
	chmod 000 "$TT/unreadable.yaml"
	printf '#!/bin/sh\n' >"$TT/not-exec"
	local cases=(
		"125|--policy $TT/malformed.yaml $TT/solo5-hvt-fake"
		"125|--policy $TT/unknown-syscall.yaml $TT/solo5-hvt-fake"
		"125|--policy $TT/unknown-action.yaml $TT/solo5-hvt-fake"
		"125|--policy $TT/nonexistent.yaml $TT/solo5-hvt-fake"
		"125|--default-action frob $TT/solo5-hvt-fake"
		"125|--monitor nosuch $TT/solo5-hvt-fake"
		"125|--bogus-flag $TT/solo5-hvt-fake"
		"125|"
		"127|$TT/missing-monitor"
		"127|no-such-monitor-anywhere"
		"126|$TT/not-exec"
		"126|$TT"
	)
	is_root || cases+=("125|--policy $TT/unreadable.yaml $TT/solo5-hvt-fake")
	local c want args rc err lines
	for c in "${cases[@]}"; do
		want=${c%%|*} args=${c#*|}
		rm -f "$marker"
		# shellcheck disable=SC2086
		err=$("$W" $args 2>&1 >/dev/null) && rc=0 || rc=$?
		lines=$(printf '%s\n' "$err" | grep -c .) || true
		if [ "$rc" != "$want" ] || [ "$lines" != 1 ] || [ -e "$marker" ]; then
			fail "'$args': rc=$rc (want $want), $lines stderr lines, ran=$([ -e "$marker" ] && echo yes || echo no): $err"
			return
		fi
	done
	pass "${#cases[@]} bad inputs: documented exit code, one line on stderr, nothing executed"
}

# bats test_tags=vm
@test "audit_mode" {
	requires kvm
	log_quiet # the record looked up below must not fall under printk's rate limit
	"$W" --audit "${HVT12[@]}" "$B/testmon" --forbid=socket "$GUEST" 2>"$TT/audit.err" >/dev/null 3>&- &
	local pid=$! rc said err
	wait $pid && rc=0 || rc=$?
	err=$(cat "$TT/audit.err")
	[ "$rc" = 3 ] || { fail "under --audit the socket call was stopped (exit $rc): $err"; return; }
	[[ $err == *"NOT confined"* ]] || { fail "--audit did not say the monitor is not confined: $err"; return; }
	log_readable || { pass "--audit lets a denied call through and warns on stderr (kernel log not readable here)"; return; }
	said=$(kernel_says $pid)
	[[ $said == "LOGGED   socket ($(arch_nr socket)) in testmon "* ]] || { fail "diagnose --pid $pid says: '$said', want LOGGED socket"; return; }
	pass "--audit lets a denied call through, warns on stderr, and the kernel logs it: $said"
}

# make build's urunc-seccomp-exec links no subcommand: it hands them (and
# --help) to urunc-seccomp-exec-tools beside it, and says where that goes
# when it is missing, running nothing.
@test "subcommands_beside" {
	[ -x "$B/urunc-seccomp-exec-tools" ] || skip "E2E_WRAPPER: an older build, one binary with its subcommands"
	local out rc how
	out=$("$W" explain getppid 2>&1) || true
	[[ $out == "getppid "*" kill_process "* ]] || { fail "explain through the wrapper-only build: $out"; return; }
	mkdir "$TT/alone" && cp "$W" "$TT/alone/"
	for how in "explain getppid" "--help"; do
		# shellcheck disable=SC2086
		out=$("$TT/alone/urunc-seccomp-exec" $how 2>&1) && rc=0 || rc=$?
		[ "$rc" = 125 ] && [ "$(echo "$out" | wc -l)" = 1 ] &&
			[[ $out == *"$TT/alone/urunc-seccomp-exec-tools, which cannot be run"*"install it beside"* ]] ||
			{ fail "'$how' without the tools beside: rc $rc: $out"; return; }
	done
	pass "the wrapper-only build runs explain through urunc-seccomp-exec-tools beside it; without it, explain and --help give 125 and one line saying where to install it"
}
