#!/usr/bin/env bats
# e2e tests, making every host work: learn, diagnose, overlays, check.

load helpers

# --- make every host work: learn, diagnose, overlays, check ------------------
# learned NAME EXTRA CMD...: learn CMD, then run it STRESS_RUNS times under
# the learned policy (no kill allowed), then run CMD with EXTRA appended (one
# more call) under it: that must be killed.
learned() {
	local name=$1 extra=$2 want=$3
	shift 3
	local rc out
	"$W" learn -o "$TT/$name.yaml" -- "$@" >/dev/null 2>"$TT/$name.err" && rc=0 || rc=$?
	if grep -q 'ptrace is not permitted' "$TT/$name.err"; then
		skip "$(cat "$TT/$name.err")"
		return 1
	fi
	[ $rc = "$want" ] || { fail "learn exited $rc, want $want (the program's own status): $(cat "$TT/$name.err")"; return 1; }
	grep -q '^default_action: kill_process$' "$TT/$name.yaml" || { fail "no kill_process default in $(cat "$TT/$name.yaml")"; return 1; }
	out=$("$E2E/stress.sh" "$W" "$TT/$name.yaml" "${LEARN_RUNS:-500}" "$want" "$@") || { fail "$out"; return 1; }
	quietly "$W" --policy "$TT/$name.yaml" "$@" "$extra" >/dev/null 2>&1 && rc=0 || rc=$?
	killed_by_sigsys $rc || { fail "with $extra under the learned policy: exit $rc, want SIGSYS"; return 1; }
	LEARNED="$(grep -c '^      - ' "$TT/$name.yaml") rules learned; $out; with $extra: killed"
}

# bats test_tags=vm
@test "learn_single_thread" {
	learned single --extra 3 "$B/learnee" && pass "learnee: $LEARNED"
}

@test "learn_multi_thread" {
	learned threads --extra 3 "$B/learnee" --threads 8 || return
	grep -qE '^      - (clone3|clone) ' "$TT/threads.yaml" || { fail "no clone/clone3 learned from 8 threads"; return; }
	pass "learnee --threads 8: $LEARNED"
}

@test "learn_dynamic_true" {
	# /bin/true --version is the "one more call": it writes its version.
	learned true --version 0 /bin/true || return
	# --runs 3 records three runs: three times the calls, the same rules.
	local one three
	one=$(sed -n 's/.*, from \([0-9]*\) calls$/\1/p' "$TT/true.err")
	"$W" learn --runs 3 -o "$TT/true3.yaml" -- /bin/true 2>"$TT/true3.err"
	three=$(sed -n 's/.*, from \([0-9]*\) calls$/\1/p' "$TT/true3.err")
	[ -n "$one" ] && [ "$three" = $((3 * one)) ] && diff <(grep -v '^#' "$TT/true.yaml") <(grep -v '^#' "$TT/true3.yaml") >/dev/null ||
		{ fail "--runs 3: $three calls, want 3 x $one and the same policy"; return; }
	pass "/bin/true (dynamic): $LEARNED; --runs 3 records $three calls, the same policy"
}

# bats test_tags=vm
@test "learn_compare" {
	requires kvm ptrace
	local err rc
	err=$("$W" learn -o "$TT/mon.yaml" --monitor solo5-hvt --monitor-version v0.12.1 -- "$B/testmon" "$GUEST" 2>&1 >/dev/null) && rc=0 || rc=$?
	[ "$rc" = 7 ] || { fail "learn of testmon exited $rc, want the guest's 7: $err"; return; }
	[[ $err == *"it lacks nothing this run called"* ]] || { fail "testmon lacks something under the hvt policy: $err"; return; }
	grep -q 'value: 0xae80, width: 32' "$TT/mon.yaml" || { fail "KVM_RUN not learned as an ioctl rule: $(cat "$TT/mon.yaml")"; return; }
	cp "$TT/mon.yaml" "$TT/plain.yaml"
	err=$("$W" learn -o "$TT/mon.yaml" --monitor solo5-hvt --monitor-version v0.12.1 -- "$B/testmon" --extra "$GUEST" 2>&1 >/dev/null) || true
	[[ $err == *"lacks      getppid: kill_process"* ]] || { fail "--monitor did not report getppid lacking: $err"; return; }
	[[ $err == *"never used"*"memfd_create"* ]] || { fail "--monitor did not list unused calls: $err"; return; }
	# --policy FILE compares with the file instead.
	err=$("$W" learn -o /dev/null --policy "$TT/plain.yaml" -- "$B/testmon" --extra "$GUEST" 2>&1 >/dev/null) || true
	[[ $err == *"compared with $TT/plain.yaml:"* && $err == *"lacks      getppid: kill_process"* ]] || { fail "learn --policy did not compare with the file: $err"; return; }
	# --overlay: what the policy lacks, as an overlay that then lets it run.
	local dir=$OV/learned.d out
	mkdir -p "$dir" && chmod 755 "$dir"
	"$W" learn --overlay -o "$dir/learned.yaml" --overlays "$dir" --monitor solo5-hvt --monitor-version v0.12.1 -- "$B/testmon" --extra "$GUEST" >/dev/null 2>&1 || true
	[ "$(grep -c '^      - ' "$dir/learned.yaml")" = 1 ] && grep -q '^      - getppid ' "$dir/learned.yaml" ||
		{ fail "the learned overlay is not exactly getppid: $(cat "$dir/learned.yaml")"; return; }
	out=$("$W" --overlays "$dir" "${HVT12[@]}" "$B/testmon" --extra "$GUEST" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 7 ] || { fail "under the learned overlay: $out"; return; }
	out=$("$W" learn --overlay -o "$dir/learned.yaml" --overlays "$dir" --monitor solo5-hvt -- "$B/testmon" "$GUEST" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 125 ] && [[ $out == *"exists"* ]] || { fail "learn --overlay replaced an existing overlay: $out"; return; }
	pass "learn --monitor: the KVM test monitor lacks nothing; with --extra, 'lacks getppid' (also against the learned file, --policy), and --overlay writes just that, under which it runs; unused calls listed; KVM_RUN learned as a width-32 ioctl rule"
}

# bats test_tags=vm
@test "diagnose_names_kill" {
	requires ptrace
	local pid out rc
	"$W" learn -o "$TT/learnee.yaml" -- "$B/learnee" >/dev/null 2>"$TT/learn.err" && rc=0 || rc=$?
	[ "$rc" = 3 ] || { fail "learn: $(cat "$TT/learn.err")"; return; }
	log_quiet # its record must not fall under printk's rate limit
	"$W" --policy "$TT/learnee.yaml" "$B/learnee" --extra >/dev/null 2>&1 3>&- & # the wrapper's PID is learnee's
	pid=$!
	wait $pid 2>/dev/null && rc=0 || rc=$?
	killed_by_sigsys "$rc" || { fail "learnee --extra was not killed"; return; }
	requires kernlog
	out=$("$W" diagnose --since 5m --pid $pid 2>&1) && rc=0 || rc=$?
	[ "$rc" = 0 ] || { fail "diagnose exited $rc: $out"; return; }
	[[ $out == *"KILLED   getppid ($(arch_nr getppid)) in learnee"*"pid $pid"* ]] || { fail "diagnose did not name the kill: $out"; return; }
	[[ $out == *"    names:"$'\n'"      - getppid "* ]] || { fail "no overlay lines for getppid: $out"; return; }
	pass "diagnose --pid $pid names the kill (KILLED getppid, $(arch_nr getppid), learnee) and prints the overlay that allows it"
}

@test "diagnose_unreadable" {
	local out rc
	out=$("$W" diagnose --log "$TT/no-such-log" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 125 ] && [[ $out == *"no-such-log"* ]] || { fail "a missing --log: rc=$rc $out"; return; }
	if is_root && [ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 1 ] && command -v setpriv >/dev/null; then
		out=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$W" diagnose 2>&1) && rc=0 || rc=$?
		[ "$rc" = 125 ] && [[ $out == *"dmesg_restrict"*"--log FILE"* ]] || { fail "as uid 1000 with dmesg_restrict=1: rc=$rc $out"; return; }
		[ "$(echo "$out" | wc -l)" = 1 ] || { fail "more than one line: $out"; return; }
		pass "unreadable logs: a missing --log and (as uid 1000, dmesg_restrict=1) the kernel log each give 125 and one line with the fix"
	else
		pass "a missing --log gives 125 naming it (dmesg_restrict case not reachable here)"
	fi
}

@test "diagnose_saved_log" {
	# auditd's form, read from stdin: an old kill and a recent log.
	local now out
	now=$(date +%s)
	out=$(printf '%s\n' \
		"type=SECCOMP msg=audit(1600000000.000:1): pid=41 comm=\"solo5-hvt\" exe=\"/usr/bin/solo5-hvt\" sig=31 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x80000000" \
		"type=SECCOMP msg=audit($now.000:2): pid=42 comm=\"solo5-hvt\" exe=\"/usr/bin/solo5-hvt\" sig=0 arch=c000003e syscall=99 compat=0 ip=0x1 code=0x7ffc0000" |
		"$W" diagnose --log - --since 1h 2>&1)
	[[ $out == "LOGGED   sysinfo (x86_64 99) in solo5-hvt (/usr/bin/solo5-hvt) pid 42 "* ]] && [[ $out != *getppid* ]] ||
		{ fail "--since 1h on a saved log: $out"; return; }
	[[ $out == *"    names:"$'\n'"      - sysinfo "* ]] || { fail "no overlay lines: $out"; return; }
	out=$(printf '%s\n' "type=SECCOMP msg=audit(1600000000.000:1): pid=41 comm=\"x\" exe=\"/x\" sig=31 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x80000000" |
		"$W" diagnose --log - --pid 7 2>&1) || true
	[[ $out == *"no seccomp records (type=1326) in - for pid 7"* ]] || { fail "--pid 7 on a saved log: $out"; return; }
	pass "diagnose --log - (auditd's form): --since keeps only the recent record, --pid filters, overlay lines printed"
}

# bats test_tags=vm
@test "overlay_adds_call" {
	requires kvm
	local dir=$OV/policies.d out rc
	mkdir -p "$dir" && chmod 755 "$dir"
	quietly "$W" --overlays "$dir" "${HVT12[@]}" "$B/testmon" --extra "$GUEST" >/dev/null 2>&1 && rc=0 || rc=$?
	killed_by_sigsys "$rc" || { fail "testmon --extra under the hvt policy: exit $rc, want SIGSYS"; return; }
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$dir/local.yaml"
	out=$("$W" --overlays "$dir" "${HVT12[@]}" "$B/testmon" --extra "$GUEST" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 7 ] && [[ $out == *"Hello from the guest"* ]] || { fail "with the overlay: rc=$rc $out"; return; }
	out=$("$W" --overlays "$dir" "${HVT12[@]}" --dry-run "$B/testmon" "$GUEST")
	[[ $out == *"overlay applied: $dir/local.yaml"* ]] || { fail "--dry-run does not name the overlay: $out"; return; }
	out=$(URUNC_SECCOMP_EXEC_OVERLAYS=$dir "$W" "${HVT12[@]}" --dry-run "$B/testmon" "$GUEST")
	[[ $out == *"overlay applied: $dir/local.yaml"* ]] || { fail "URUNC_SECCOMP_EXEC_OVERLAYS is not read: $out"; return; }
	[[ $("$W" explain --overlays "$dir" getppid) == *" allow "* ]] && [[ $("$W" explain --overlays "" getppid) == *" kill_process "* ]] ||
		{ fail "explain does not show the overlay's effect"; return; }
	pass "testmon --extra is killed; an overlay allowing getppid lets it run the guest (7); --dry-run and the env variable name the overlay; explain shows it"
}

@test "overlay_refused" {
	local dir=$OV/bad.d out rc marker=$TT/overlay-ran
	mkdir -p "$dir" && chmod 755 "$dir"
	printf '#!/bin/sh\ntouch %s\n' "$marker" >"$TT/solo5-hvt"
	chmod +x "$TT/solo5-hvt"
	local cases=(
		'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid, frobnicate]\n|local.yaml:4: unknown syscall "frobnicate"'
		'monitor: solo5-hvt\ndefault_action: log\nsyscalls:\n  - action: allow\n    names: [getppid]\n|local.yaml:1: default_action log is looser'
		'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [ioctl]\n|local.yaml:4: syscall "ioctl" is both unconditional and conditional'
		'monitor: qemu\nsyscalls:\n  - action: allow\n    names: [read]\n|qemu filters itself'
		'monitor: solo5-hvt\ndefault_action: log\nloosen_default_action: true\nsyscalls:\n  - action: allow\n    names: [getppid]\n|only when the command line says --allow-loosen'
	)
	local c
	for c in "${cases[@]}"; do
		printf "%b" "${c%%|*}" >"$dir/local.yaml"
		out=$("$W" --overlays "$dir" --monitor-version v0.12.1 "$TT/solo5-hvt" 2>&1) && rc=0 || rc=$?
		[ "$rc" = 125 ] && [[ $out == *"${c#*|}"* ]] && [ "$(echo "$out" | wc -l)" = 1 ] && [ ! -e "$marker" ] ||
			{ fail "overlay $(printf "%b" "${c%%|*}" | head -3 | tr '\n' ' '): rc=$rc $out"; return; }
	done
	# With --allow-loosen on the command line too, the file may loosen.
	out=$("$W" --overlays "$dir" --allow-loosen --monitor-version v0.12.1 --dry-run "$TT/solo5-hvt" 2>&1)
	[[ $out == *"default action log"* ]] || { fail "--allow-loosen with loosen_default_action: true: $out"; return; }
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$dir/local.yaml"
	chmod 666 "$dir/local.yaml"
	out=$("$W" --overlays "$dir" --monitor-version v0.12.1 "$TT/solo5-hvt" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 125 ] && [[ $out == *"writable by group or others"* ]] && [ ! -e "$marker" ] || { fail "a world-writable overlay: $out"; return; }
	pass "${#cases[@]} bad overlays (a looser default without --allow-loosen among them) and a world-writable one: 125, one line naming file:line, nothing executed; with --allow-loosen the looser default applies"
}

# bats test_tags=vm
@test "dropin_overlay" {
	requires kvm
	# Drop-in mode reads overlays beside the real monitors (urunc's monitor
	# root has /usr/lib but no /etc).
	local mon=$OV/mondir rc out
	mkdir -p "$mon/policies.d" "$TT/dropin" && chmod 755 "$mon" "$mon/policies.d"
	cp "$B/testmon" "$mon/solo5-hvt" && ln -sf "$W" "$TT/dropin/solo5-hvt"
	local -x URUNC_SECCOMP_EXEC_OVERLAYS= # drop-in mode's own folder, not the suite's
	URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon quietly "$TT/dropin/solo5-hvt" --extra "$GUEST" >/dev/null 2>&1 && rc=0 || rc=$?
	killed_by_sigsys "$rc" || { fail "drop-in testmon --extra without an overlay: exit $rc, want SIGSYS"; return; }
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$mon/policies.d/local.yaml"
	out=$(URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon "$TT/dropin/solo5-hvt" --extra "$GUEST" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 7 ] || { fail "drop-in with $mon/policies.d/local.yaml: rc=$rc $out"; return; }
	pass "drop-in mode: killed without an overlay; with one in MONITOR_DIR/policies.d, the guest runs (7)"
}

# bats test_tags=vm
@test "check_passes" {
	requires kvm
	local out rc
	out=$("$W" check --overlays "$TT/none.d" --monitor solo5-hvt "$B/testmon") && rc=0 || rc=$?
	[ "$rc" = 0 ] || { fail "check failed here: $out"; return; }
	local what
	for what in seccomp nnp caps kvm overlays monitor policy w^x run; do
		echo "$out" | grep -q "^PASS $what " || { fail "no PASS $what line: $out"; return; }
	done
	echo "$out" | grep -q '^FAIL' && { fail "a FAIL line with exit 0: $out"; return; }
	[[ $out == *"PASS run "*"exit 0 under our filter (testmon tender, version v0.12.1)"* ]] || { fail "no real run: $out"; return; }
	# Under a filter already (ours, allowing all), check says the filters stack.
	printf 'default_action: allow\nsyscalls:\n  - action: allow\n    names: [read]\n' >"$TT/allow-all.yaml"
	out=$("$W" --policy "$TT/allow-all.yaml" "$W" check --overlays "$TT/none.d")
	[[ $out == *"WARN stacked "*"already runs under a seccomp filter"* ]] || { fail "check under a filter does not say so: $out"; return; }
	pass "check passes here (seccomp nnp caps kvm overlays monitor policy w^x run) and notes a filter it already runs under"
}

# bats test_tags=vm
@test "check_dropin" {
	requires kvm
	local mon=$TT/monitors out rc
	mkdir -p "$mon" "$TT/bin" && chmod 755 "$mon"
	cp "$B/testmon" "$mon/solo5-hvt" && ln -sf "$W" "$TT/bin/solo5-hvt"
	# drop-in mode's own overlay folder, not the suite's
	out=$(PATH=$TT/bin:$PATH URUNC_SECCOMP_EXEC_OVERLAYS='' URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon "$W" check solo5-hvt) && rc=0 || rc=$?
	[ "$rc" = 0 ] || { fail "check of a drop-in solo5-hvt: rc=$rc $out"; return; }
	[[ $out == *"PASS monitor   $TT/bin/solo5-hvt is this wrapper as a drop-in for solo5-hvt; the real monitor $mon/solo5-hvt: solo5-hvt, version v0.12.1"* ]] ||
		{ fail "check does not name the real monitor behind the drop-in: $out"; return; }
	[[ $out == *"PASS overlays  none in $mon/policies.d"* ]] || { fail "check did not read the drop-in's overlays: $out"; return; }
	[[ $out == *"PASS run       $TT/bin/solo5-hvt --version: exit 0 under our filter (solo5-hvt tender, version v0.12.1)"* ]] ||
		{ fail "check did not run the real monitor through the drop-in: $out"; return; }
	pass "check solo5-hvt on a drop-in checks the real monitor in the monitor folder, run through the drop-in as urunc starts it"
}

@test "check_qemu_and_none" {
	requires qemu
	local out rc q
	q=$(command -v qemu-system-x86_64)
	out=$("$W" check --overlays "$TT/none.d" "$q") && rc=0 || rc=$?
	[ "$rc" = 0 ] || { fail "check on QEMU: rc=$rc $out"; return; }
	[[ $out == *"PASS run       urunc-seccomp-exec"*"-- $q --version: exit 0 through the wrapper (the monitor's own sandbox, the floor under it) (QEMU emulator version"* ]] ||
		{ fail "check did not run QEMU --version through the wrapper: $out"; return; }
	echo "$out" | grep -q solo5 && { fail "check on QEMU speaks of Solo5: $out"; return; }
	[[ $out == *"PASS landlock  ABI "*": qemu may open only"* || $out == *"WARN landlock "*"qemu's files"* ]] || { fail "the landlock line does not name qemu: $out"; return; }
	out=$("$W" check --overlays "$TT/none.d") || true
	[[ $out == *"SKIP monitor   none named: "* ]] || { fail "check without a monitor does not say it checked none: $out"; return; }
	local abi
	abi=$(echo "$out" | sed -n 's/^PASS landlock  ABI \([0-9]*\):.*/\1/p')
	if [ -n "$abi" ] && [ "$abi" -lt 9 ]; then
		[[ $out == *"PASS connect   Landlock governs connect to a unix socket by path from ABI 9; at ABI $abi "* ]] ||
			{ fail "check at Landlock ABI $abi does not say connect is the allowlist's or the floor's: $out"; return; }
	fi
	out=$("$W" --dry-run -v "${HVT12[@]}" "$B/testmon" "$GUEST" 2>&1)
	[ "$(echo "$out" | grep -c 'landlock: device /dev/kvm')" = 1 ] || { fail "--dry-run -v does not print each decision once: $out"; return; }
	pass "check runs QEMU --version through the wrapper and speaks of qemu; without a monitor it says it checked none; --dry-run -v prints each decision once"
}

@test "check_fails" {
	local out rc
	out=$("$W" check --overlays "$TT/none.d" no-such-monitor-hvt) && rc=0 || rc=$?
	[ "$rc" = 1 ] && [[ $out == *"FAIL monitor "*"not found"* ]] || { fail "a missing monitor: rc=$rc $out"; return; }
	sed 's/ mmap,//' "$TRUE_POLICY" >"$TT/no-mmap.yaml"
	out=$("$W" check --overlays "$TT/none.d" --policy "$TT/no-mmap.yaml" /bin/true) && rc=0 || rc=$?
	[ "$rc" = 1 ] && [[ $out == *"FAIL run "*"killed by SIGSYS"*"diagnose --pid"* ]] || { fail "a policy without mmap: rc=$rc $out"; return; }
	local what="a missing monitor, a real run killed by SIGSYS"
	if is_root && command -v setpriv >/dev/null && [ "$(stat -c %a /dev/kvm 2>/dev/null)" = 600 ]; then
		out=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$W" check --overlays "$TT/none.d") && rc=0 || rc=$?
		[ "$rc" = 1 ] && [[ $out == *"FAIL kvm "*"permission denied"*"group"* ]] || { fail "as uid 1000 without /dev/kvm access: rc=$rc $out"; return; }
		what="$what, /dev/kvm not accessible to uid 1000"
	fi
	mkdir -p "$OV/bad.d" && chmod 755 "$OV/bad.d"
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [frob]\n' >"$OV/bad.d/local.yaml"
	chmod 644 "$OV/bad.d/local.yaml"
	out=$("$W" check --overlays "$OV/bad.d") && rc=0 || rc=$?
	[ "$rc" = 1 ] && [[ $out == *"FAIL overlays "*'local.yaml:4: unknown syscall "frob"'* ]] || { fail "a bad overlay: $out"; return; }
	pass "check fails with the reason and exit 1: $what, a bad overlay"
}
