# shellcheck shell=bash
# e2e tests, attacks on the seccomp filter: forbidden calls, argument confusion, loosening.
# Sourced by e2e/run.sh, which defines the helpers (ok, bad, skip, W, B, T, TT...).

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

attacks() {
	have_kvm || { skip "no /dev/kvm (the attacks run after KVM set-up)"; return; }
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
	log_readable && logs=yes && sleep 5
	for p in HVT12 HVT09; do
		local -n pol=$p
		for a in "${deny[@]}"; do
			"$W" "${pol[@]}" "$B/testmon" --forbid="$a" "$GUEST" >/dev/null 2>"$T/attack.err" &
			pid=$! # the wrapper's PID is the monitor's
			wait $pid 2>/dev/null
			rc=$?
			killed_by_sigsys $rc || { bad "$a under ${pol[*]}: exit $rc, want SIGSYS: $(cat "$T/attack.err")"; return; }
			n=$((n + 1))
			# Under one policy: the kernel's record names the call (for the
			# attacks named after their syscall).
			call=$(attack_call "$a")
			if [ $p = HVT12 ] && [ -n "$logs" ] && [ $named -lt 8 ] && [ -n "$call" ]; then
				said=$(kernel_says $pid)
				[[ $said == "KILLED   $call ($(arch_nr "$call")) in testmon "* ]] || { bad "$a: diagnose --pid $pid says '$said', want KILLED $call"; return; }
				named=$((named + 1))
			fi
		done
	done
	# Calls that must stay possible, so the test above can fail.
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=socket-netlink "$GUEST" 2>/dev/null
	[ $? = 3 ] || { bad "socket(AF_NETLINK) is not allowed: the deny checks prove nothing"; return; }
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=ioctl-sign-extended "$GUEST" 2>/dev/null
	[ $? = 3 ] || { bad "a sign-extended KVM ioctl request is refused"; return; }
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=clone3 "$GUEST" 2>"$T/clone3.err"
	grep -q 'clone3 returned -1 (errno 38)' "$T/clone3.err" || { bad "clone3 is not answered ENOSYS: $(cat "$T/clone3.err")"; return; }
	ok "$n forbidden calls (deny list$abis, a new allow-all filter) killed under both hvt policies, $named named by diagnose from the kernel's record; netlink, sign-extended KVM ioctls and clone3=ENOSYS still work"
}

argument_confusion() {
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
		sed -n '/^  - action/,$p' "$T/true.yaml" | sed 's/ mmap,//'
	} >"$T/two-conditional.yaml"
	quietly "$W" --policy "$T/two-conditional.yaml" "$B/testmon" --forbid=arg-confusion "$GUEST" >/dev/null 2>&1
	local rc=$?
	killed_by_sigsys $rc && ok "ioctl(0, mmap's number, 3) under two conditional rules is killed (go-seccomp-bpf's assembler allows it)" ||
		bad "ioctl(0, mmap's number, 3) exited $rc, want SIGSYS"
}

no_new_privs() {
	is_root || { skip "needs root to make a setuid-root binary"; return; }
	command -v setpriv >/dev/null || { skip "no setpriv"; return; }
	local dir=$T/suid
	# uid 1000 runs the wrapper and testmon from here: the build folder may
	# be where it cannot reach (a clone under /root, mode 0700).
	mkdir -p "$dir" && cp "$B/testmon" "$dir/suid-testmon" && chown root:root "$dir/suid-testmon" && chmod 4755 "$dir/suid-testmon" &&
		cp "$W" "$dir/wrapper" && cp "$B/testmon" "$dir/testmon" && chmod 755 "$dir" "$dir/wrapper" "$dir/testmon" ||
		{ bad "set-up: cannot make the test's binaries in $dir"; return; }
	local plain
	plain=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$dir/suid-testmon" --euid 2>&1)
	[ "$plain" = "euid 0" ] || { skip "setuid does not work in $dir (nosuid mount?): $plain"; return; }
	cat "$T/true.yaml" >"$T/exec.yaml"
	printf '  - action: allow\n    names: [execve, write, fstat, geteuid]\n' >>"$T/exec.yaml"
	local out
	out=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$dir/wrapper" --policy "$T/exec.yaml" "$dir/testmon" --exec="$dir/suid-testmon" 2>&1)
	[ "$out" = "euid 1000" ] && ok "a setuid-root binary run by the confined program stays euid 1000 (without the wrapper: euid 0)" ||
		bad "setuid binary under the wrapper printed: $out"
}

cannot_loosen() {
	have_kvm || { skip "no /dev/kvm"; return; }
	local rc
	quietly "$W" "${HVT09[@]}" "$B/testmon" --forbid=loosen-nnp "$GUEST" >/dev/null 2>&1
	rc=$?
	killed_by_sigsys $rc || { bad "prctl under the v0.9 policy: exit $rc"; return; }
	"$W" "${HVT12[@]}" "$B/testmon" --forbid=loosen-nnp "$GUEST" 2>"$T/nnp.err" >/dev/null
	grep -q 'returned -1 (errno 22)' "$T/nnp.err" || { bad "clearing no_new_privs did not fail with EINVAL: $(cat "$T/nnp.err")"; return; }
	quietly "$W" "${HVT12[@]}" "$B/testmon" --forbid=loosen-strict "$GUEST" >/dev/null 2>&1
	rc=$?
	killed_by_sigsys $rc || { bad "prctl(PR_SET_SECCOMP) exit $rc, want SIGSYS"; return; }
	ok "no_new_privs cannot be cleared (EINVAL or SIGSYS), prctl(PR_SET_SECCOMP) is killed, an added allow-all filter loosens nothing (see attacks)"
}
