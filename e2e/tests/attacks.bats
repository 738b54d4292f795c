#!/usr/bin/env bats
# e2e tests, attacks on the seccomp filter: forbidden calls, argument confusion, loosening.

load helpers

# --- attacks ----------------------------------------------------------------
# attack_call ATTACK: the system call testmon's attack makes, as the kernel's
# record names it ("" for another ABI's).
attack_call() {
	case $1 in
	fork | clone-newns) echo clone ;; # glibc's fork() is clone
	execve-sh) echo execve ;;
	tiocsti) echo ioctl ;;
	personality-set) echo personality ;;
	loosen-seccomp) echo socket ;; # after an allow-all filter, which loosens nothing
	mmap-wx) echo mmap ;;
	mprotect-wx) echo mprotect ;;
	prlimit-other | prlimit-set) echo prlimit64 ;;
	udp-send) echo sendto ;; # under the v0.11 policy (where names are checked) the socket is allowed, the sendto not
	udp-bind) echo bind ;;
	udplite-socket) echo socket ;;
	madvise-mergeable) echo madvise ;;
	i386-int80 | x32-write) ;;
	*) echo "$1" ;;
	esac
}

# bats test_tags=vm
@test "attacks" {
	requires kvm
	local deny=(socket fork execve-sh ptrace mount umount2 unshare setns pivot_root tiocsti
		personality-set clone-newns bpf perf_event_open io_uring_setup userfaultfd keyctl add_key
		request_key kexec_load process_vm_readv process_vm_writev init_module finit_module swapon
		acct reboot open_tree fsopen move_mount loosen-seccomp mmap-wx mprotect-wx prlimit-other prlimit-set udp-send udp-bind udplite-socket madvise-mergeable)
	local abis=""
	[ "$MACHINE" = x86_64 ] && deny+=(i386-int80 x32-write) && abis=", i386 int 0x80, x32" # the other ABIs of x86-64
	local a p rc pid said call n=0 named=0 logs=""
	# The kernel prints its seccomp records at most 10 per 5 s (printk's
	# rate limit, when no auditd takes them): after a pause, the records of
	# the first 8 kills are looked up by diagnose.
	log_readable && logs=yes && log_quiet
	for p in HVT12 HVT09; do
		local -n pol=$p
		for a in "${deny[@]}"; do
			"$W" "${pol[@]}" "$B/testmon" --forbid="$a" "$GUEST" >/dev/null 2>"$TT/attack.err" 3>&- &
			pid=$! # the wrapper's PID is the monitor's
			wait $pid 2>/dev/null && rc=0 || rc=$?
			killed_by_sigsys "$rc" || { fail "$a under ${pol[*]}: exit $rc, want SIGSYS: $(cat "$TT/attack.err")"; return; }
			n=$((n + 1))
			# Under one policy: the kernel's record names the call (for the
			# attacks named after their syscall).
			call=$(attack_call "$a")
			if [ $p = HVT12 ] && [ -n "$logs" ] && [ $named -lt 8 ] && [ -n "$call" ]; then
				said=$(kernel_says $pid)
				[[ $said == "KILLED   $call ($(arch_nr "$call")) in testmon "* ]] || { fail "$a: diagnose --pid $pid says '$said', want KILLED $call"; return; }
				named=$((named + 1))
			fi
		done
	done
	# Calls that must stay possible, so the test above can fail.
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=socket-netlink "$GUEST" 2>/dev/null && rc=0 || rc=$?
	[ "$rc" = 3 ] || { fail "socket(AF_NETLINK) is not allowed: the deny checks prove nothing"; return; }
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=ioctl-sign-extended "$GUEST" 2>/dev/null && rc=0 || rc=$?
	[ "$rc" = 3 ] || { fail "a sign-extended KVM ioctl request is refused"; return; }
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=clone3 "$GUEST" 2>"$TT/clone3.err" || true
	grep -q 'clone3 returned -1 (errno 38)' "$TT/clone3.err" || { fail "clone3 is not answered ENOSYS: $(cat "$TT/clone3.err")"; return; }
	pass "$n forbidden calls (deny list$abis, a new allow-all filter) killed under both hvt policies, $named named by diagnose from the kernel's record; netlink, sign-extended KVM ioctls and clone3=ENOSYS still work"
}

# bats test_tags=vm
@test "argument_confusion" {
	# Two conditional rules, then /bin/true's calls (true.yaml, less mmap,
	# which is conditional here) and what testmon writes with.
	{
		cat <<'EOF'
default_action: kill_process
syscalls:
  - action: allow
    names_with_args:
      - name: ioctl
        arguments: [{argument: 1, operation: Equal, value: 0xae80}]
      - name: mmap
        arguments: [{argument: 2, operation: BitsNotSet, value: 4}]
  - action: allow
    names: [write, fstat]
EOF
		sed -n '/^  - action/,$p' "$TRUE_POLICY" | sed 's/ mmap,//'
	} >"$TT/two-conditional.yaml"
	local rc=0
	quietly "$W" --policy "$TT/two-conditional.yaml" "$B/testmon" --forbid=arg-confusion "$GUEST" >/dev/null 2>&1 || rc=$?
	killed_by_sigsys $rc && pass "ioctl(0, mmap's number, 3) under two conditional rules is killed (go-seccomp-bpf's assembler allows it)" ||
		fail "ioctl(0, mmap's number, 3) exited $rc, want SIGSYS"
}

@test "no_new_privs" {
	requires root setpriv
	local dir=$TT/suid
	# uid 1000 runs the wrapper and testmon from here: the build folder may
	# be where it cannot reach (a clone under /root, mode 0700).
	mkdir -p "$dir" && cp "$B/testmon" "$dir/suid-testmon" && chown root:root "$dir/suid-testmon" && chmod 4755 "$dir/suid-testmon" &&
		cp "$W" "$dir/wrapper" && cp "$B/testmon" "$dir/testmon" && chmod 755 "$dir" "$dir/wrapper" "$dir/testmon" ||
		{ fail "set-up: cannot make the test's binaries in $dir"; return; }
	local plain
	plain=$(as_attacker "$dir/suid-testmon" --euid 2>&1) || true
	[ "$plain" = "euid 0" ] || skip "setuid does not work in $dir (nosuid mount?): $plain"
	cat "$TRUE_POLICY" >"$TT/exec.yaml"
	printf '  - action: allow\n    names: [execve, write, fstat, geteuid]\n' >>"$TT/exec.yaml"
	local out
	out=$(as_attacker "$dir/wrapper" --policy "$TT/exec.yaml" "$dir/testmon" --exec="$dir/suid-testmon" 2>&1) || true
	[ "$out" = "euid 1000" ] && pass "a setuid-root binary run by the confined program stays euid 1000 (without the wrapper: euid 0)" ||
		fail "setuid binary under the wrapper printed: $out"
}

# bats test_tags=vm
@test "cannot_loosen" {
	requires kvm
	local rc
	quietly "$W" "${HVT09[@]}" "$B/testmon" --forbid=loosen-nnp "$GUEST" >/dev/null 2>&1 && rc=0 || rc=$?
	killed_by_sigsys $rc || { fail "prctl under the v0.9 policy: exit $rc"; return; }
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=loosen-nnp "$GUEST" 2>"$TT/nnp.err" >/dev/null || true
	grep -q 'returned -1 (errno 22)' "$TT/nnp.err" || { fail "clearing no_new_privs did not fail with EINVAL: $(cat "$TT/nnp.err")"; return; }
	quietly "$W" "${HVT12[@]}" "$B/testmon" --forbid=loosen-strict "$GUEST" >/dev/null 2>&1 && rc=0 || rc=$?
	killed_by_sigsys $rc || { fail "prctl(PR_SET_SECCOMP) exit $rc, want SIGSYS"; return; }
	pass "no_new_privs cannot be cleared (EINVAL or SIGSYS), prctl(PR_SET_SECCOMP) is killed, an added allow-all filter loosens nothing (see attacks)"
}
