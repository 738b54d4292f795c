#!/usr/bin/env bash
# End-to-end tests: the built wrapper against the real kernel, real KVM, real
# QEMU and (when present) real Solo5. Each test prints PASS, FAIL or SKIP
# with a reason; the last line counts them; any failure exits non-zero.
#
#   e2e/run.sh                 every test
#   e2e/run.sh attacks qemu    only the tests whose names contain a word given
#
# Environment: SOLO5_HVT (a solo5-hvt binary; else one on PATH) and
# SOLO5_TESTS (a folder of Solo5's test_*.hvt) for the Solo5 tests;
# STRESS_RUNS (default 5000) for the stress test, LEARN_RUNS (default 2000)
# for each program the learn tests run under its learned policy,
# STORM_RUNS (default 100) for each signal storm of signal_window (20 times
# as many single SIGTERMs).
set -u
cd "$(dirname "$0")"
E2E=$PWD
B=$E2E/build
W=$B/urunc-seccomp-exec
mkdir -p "$B"
T=$(mktemp -d /tmp/urunc-seccomp-e2e.XXXXXX)
chmod 755 "$T"
# Overlays are read only from folders whose every parent only root or the
# user can write, which /tmp is not: they go under OV, in the first such
# base of the build folder, /run (root) and $HOME.
trusted_base() {
	local base d st
	for base in "$B" /run "$HOME"; do
		d=$base
		while :; do
			st=$(stat -Lc '%u %a' "$d" 2>/dev/null) || continue 2
			{ [ "${st% *}" = 0 ] || [ "${st% *}" = "$(id -u)" ]; } && [ $((8#${st#* } & 8#022)) = 0 ] || continue 2
			[ "$d" = / ] && break
			d=$(dirname "$d")
		done
		[ -w "$base" ] && echo "$base" && return
	done
}
OV=$(mktemp -d "$(trusted_base)/urunc-seccomp-e2e-ov.XXXXXX") || { echo "FAIL setup: no folder only root or this user can write, for overlays"; exit 1; }
chmod 755 "$OV"
trap 'rm -rf "$T" "$OV"' EXIT
trap '' PIPE # a monitor that died early must fail a test, not end the script
# The host's overlays (/etc/urunc-seccomp-exec/policies.d) must not change
# what the tests see; tests that use overlays name their own folder.
export URUNC_SECCOMP_EXEC_OVERLAYS=$T/no-overlays

pass=0 failed=0 skipped=0
ok()   { pass=$((pass + 1));     echo "PASS $CUR: $*"; }
bad()  { failed=$((failed + 1)); echo "FAIL $CUR: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $CUR: $*"; }
wanted() { # wanted NAME: is this test selected on the command line?
	[ ${#SELECT[@]} -eq 0 ] && return 0
	for w in "${SELECT[@]}"; do [[ $1 == *"$w"* ]] && return 0; done
	return 1
}
# The tests that need /dev/kvm or a kernel's own behaviour: the word @vm
# selects them (e2e/vm/vmtest.sh runs them in a VM, for hosts without KVM
# and for other kernels).
VM_TESTS=(pid_env_status_kept kvm_guest_runs arguments_untouched audit_mode landlock_reach caps_dropped attacks argument_confusion
	cannot_loosen export_in_kernel signal_state_kept learn_single_thread learn_compare diagnose_names_kill
	overlay_adds_call dropin_overlay check_passes exec_chain)
SELECT=()
for word in "$@"; do
	if [ "$word" = @vm ]; then SELECT+=("${VM_TESTS[@]}"); else SELECT+=("$word"); fi
done
# t NAME: run test NAME if selected, with TT a folder of its own.
t() {
	CUR=$1
	wanted "$1" || return 0
	TT=$(mktemp -d "$T/$1.XXXXXX")
	"$1"
}

# --- build -------------------------------------------------------------------
# E2E_PREBUILT=1 (the VM test bed, which has no compiler): $B already holds
# the wrapper and the helpers, built for this machine by e2e/vm/vmtest.sh.
if [ -z "${E2E_PREBUILT:-}" ]; then
	CGO_ENABLED=0 go build -o "$W" .. || { echo "FAIL build: go build"; exit 1; }
	gcc -O2 -Wall -o "$B/testmon" testmon.c || { echo "FAIL build: testmon.c"; exit 1; }
	gcc -O2 -Wall -o "$B/bpfcall" bpfcall.c || { echo "FAIL build: bpfcall.c"; exit 1; }
	gcc -O2 -Wall -pthread -o "$B/learnee" learnee.c || { echo "FAIL build: learnee.c"; exit 1; }
	gcc -O2 -Wall -o "$B/sigstorm" sigstorm.c || { echo "FAIL build: sigstorm.c"; exit 1; }
	gcc -O2 -Wall -o "$B/withmask" withmask.c || { echo "FAIL build: withmask.c"; exit 1; }
	gcc -O2 -Wall -static -o "$B/minirt" minirt.c 2>/dev/null || rm -f "$B/minirt"
fi
# The guest, loaded at 0x8000: it asks for the block file, prints the string
# at 0x8100, exits 7. x86-64 long mode: ports 0xf0, 0xe9, 0xf4. arm64 EL1, MMU
# off: MMIO bytes at 0x10000000 +0x10, +0, +0x20 (status), then PSCI
# SYSTEM_OFF (hvc); assembled from e2e/testmon.c's description with
# aarch64-linux-gnu-as.
MACHINE=$(uname -m)
case $MACHINE in
x86_64)
	printf '\xe6\xf0\xbe\x00\x81\x00\x00\x8a\x06\x84\xc0\x74\x07\xe6\xe9\x48\xff\xc6\xeb\xf3\xb0\x07\xe6\xf4\xf4' >"$B/guest.bin"
	head -c $((0x100 - 25)) /dev/zero >>"$B/guest.bin"
	;;
aarch64)
	# movz x1,#0x1000,lsl#16; strb wzr,[x1,#0x10]; movz x2,#0x8100; 1: ldrb w3,[x2],#1;
	# cbz w3,2f; strb w3,[x1]; b 1b; 2: mov w3,#7; strb w3,[x1,#0x20];
	# movz x0,#8; movk x0,#0x8400,lsl#16; hvc #0; b .
	printf '\x01\x00\xa2\xd2\x3f\x40\x00\x39\x02\x20\x90\xd2\x43\x14\x40\x38\x63\x00\x00\x34\x23\x00\x00\x39\xfd\xff\xff\x17\xe3\x00\x80\x52\x23\x80\x00\x39\x00\x01\x80\xd2\x00\x80\xb0\xf2\x02\x00\x00\xd4\x00\x00\x00\x14' >"$B/guest.bin"
	head -c $((0x100 - 52)) /dev/zero >>"$B/guest.bin"
	;;
*) echo "FAIL setup: no test guest for $MACHINE"; exit 1 ;;
esac
printf 'Hello from the guest\n\0' >>"$B/guest.bin"
GUEST=$B/guest.bin
HVT09=(--monitor solo5-hvt --monitor-version v0.9.3)
HVT12=(--monitor solo5-hvt --monitor-version v0.12.1)

have_kvm() { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }
is_root() { [ "$(id -u)" = 0 ]; }
# quietly CMD...: run CMD with its own stderr, without bash's "Bad system
# call" report when a signal kills it (the tests expect that).
quietly() { ( "$@" 2>&4; exit $? ) 4>&2 2>/dev/null; }
killed_by_sigsys() { [ "$1" = 159 ]; } # 128 + SIGSYS(31), as the shell reports it
# arch_nr NAME: "ARCH NR", as diagnose names a call of this machine's ABI.
arch_nr() { "$W" explain --json "$1" | sed -n 's/.*"nr":\([0-9]*\),"arch":"\([^"]*\)".*/\2 \1/p'; }

# A policy with exactly what dynamic /bin/true calls after execve (the
# wrapper adds its own execve rule).
cat >"$T/true.yaml" <<'EOF'
default_action: kill_process
syscalls:
  - action: allow
    names: [brk, mmap, openat, close, read, pread64, mprotect,
            set_tid_address, set_robust_list, rseq, prlimit64, munmap, getrandom, exit_group]
  - action: allow
    arch: amd64
    names: [arch_prctl, access, newfstatat]
  - action: allow
    arch: arm64
    names: [faccessat, fstatat]
EOF

# --- the core: filter in the real kernel ------------------------------------
exact_policy_runs() {
	"$W" --policy "$T/true.yaml" /bin/true && ok "/bin/true runs under exactly the calls it makes" ||
		bad "/bin/true under its exact policy exited $?"
}

# log_readable: can diagnose read the kernel's seccomp records here?
log_readable() { "$W" diagnose --pid 1 >/dev/null 2>&1; }
# kernel_says PID: diagnose's first line for that PID (the wrapper's PID is
# the monitor's: it execs in place).
kernel_says() { "$W" diagnose --pid "$1" 2>/dev/null | head -1; }

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

pid_env_status_kept() {
	have_kvm || { skip "no /dev/kvm"; return; }
	local status pid
	mkfifo "$TT/go"
	# testmon waits on stdin (TESTMON_PAUSE) before its first KVM_RUN.
	URUNC_E2E_MARK=kept-42 TESTMON_FD=5 TESTMON_PAUSE=1 "$W" "${HVT12[@]}" "$B/testmon" --env=URUNC_E2E_MARK "$GUEST" \
		<"$TT/go" >/dev/null 2>"$TT/err" 5>"$TT/fd5" &
	pid=$!
	exec 9>"$TT/go"
	status=$(status_when $pid testmon)
	echo x >&9
	exec 9>&-
	wait $pid
	echo "$status" | grep -q "^Pid:[[:space:]]*$pid$" || { bad "PID $pid is not the monitor's: $status $(cat "$TT/err")"; return; }
	echo "$status" | grep -q "^Seccomp:[[:space:]]*2$" || { bad "Seccomp is not 2: $status"; return; }
	echo "$status" | grep -q "^Seccomp_filters:[[:space:]]*1$" || { bad "not exactly one filter: $status"; return; }
	echo "$status" | grep -q "^NoNewPrivs:[[:space:]]*1$" || { bad "NoNewPrivs is not 1: $status"; return; }
	grep -q "^env URUNC_E2E_MARK=kept-42$" "$TT/err" || { bad "environment not kept: $(cat "$TT/err")"; return; }
	[ "$(cat "$TT/fd5")" = "inherited fd 5" ] || { bad "inherited fd 5 did not reach the monitor: $(cat "$TT/err")"; return; }
	ok "same PID ($pid), environment and inherited fd 5 kept, Seccomp 2 with one filter, NoNewPrivs 1"
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

# --- the window and the inputs: deterministic, bounded ----------------------
# Signals fired at the wrapper while it starts land, some of the time, in the
# window between seccomp(2) and execve(2). true.yaml has no rt_sigreturn, so
# a Go signal handler run there would be killed (before the fix: 83 of 100
# runs of a SIGURG storm, 29 of 2,000 single SIGTERMs).
signal_window() {
	local runs=${STORM_RUNS:-100} sig out all=""
	for sig in URG CHLD WINCH; do # ignored by default: every run must end 0
		out=$("$B/sigstorm" "$runs" "$(kill -l "$sig")" -- "$W" --policy "$T/true.yaml" /bin/true) || { bad "SIG$sig: $out"; return; }
		all="$all; SIG$sig storm: ${out#*: }"
	done
	# One SIGTERM a run, at every offset of the start-up: it must end the run
	# by SIGTERM or not at all, never by SIGSYS.
	out=$("$B/sigstorm" $((runs * 20)) "-$(kill -l TERM)" -- "$W" --policy "$T/true.yaml" /bin/true) || { bad "SIGTERM: $out"; return; }
	ok "under a policy without rt_sigreturn, $runs runs per storm${all}; SIGTERM once a run: ${out#*: }"
}

signal_state_kept() {
	# Started with SIGUSR1, SIGTERM and SIGCHLD blocked and SIGHUP ignored,
	# the monitor must see the same, filtered or not (Go unblocks SIGTERM
	# and SIGCHLD for itself). withmask sets every other signal to default:
	# Go keeps only SIGHUP and SIGINT ignored (see wrapper/exec_unsafe.go).
	local want got how
	want=$("$B/withmask" 14200 grep -E '^Sig(Blk|Ign)' /proc/self/status | tr '\n\t' '  ')
	for how in "--policy $T/true.yaml --default-action allow" "--unconfined --monitor solo5-hvt"; do
		# shellcheck disable=SC2086
		got=$("$B/withmask" 14200 "$W" $how grep -E '^Sig(Blk|Ign)' /proc/self/status 2>/dev/null | tr '\n\t' '  ')
		[ "$got" = "$want" ] || { bad "wrapped with $how: '$got', started with '$want'"; return; }
	done
	[[ $want == "SigBlk: 0000000000014200 SigIgn: 0000000000000001 " ]] || { bad "withmask did not set the mask: $want"; return; }
	ok "the monitor starts with the signal mask and ignored signals the wrapper was started with, filtered and unfiltered ($want)"
}

bounded_inputs() {
	# Each: exit 125 and one line, under a 100 MB data limit, long before the
	# hang guard. Measured before: alias bombs ran > 60 s or used 4.5 GB,
	# /dev/zero 3.9 GB, a FIFO hung, 5,000 rules took 13 s.
	fake_tender "$T/solo5-hvt" v0.12.1
	local bomb=$T/bomb.yaml big=$T/bomb-big.yaml i
	{
		echo 'default_action: kill_process'
		echo 'syscalls:'
		echo '  - action: allow'
		echo '    names: &a0 [read, write, close, mmap, munmap, brk, openat, fstat, lseek]'
		for i in $(seq 1 30); do
			printf '  - action: allow\n    names: &a%d [%s]\n' $i "$(printf "*a$((i - 1)), %.0s" 1 2 3 4 5 6 7 8)*a$((i - 1))"
		done
	} >"$bomb"
	{ cat "$bomb"; for i in $(seq 31 300); do printf '  - action: allow\n    names: &a%d [%s]\n' $i "$(printf "*a$((i - 1)), %.0s" 1 2 3 4 5 6 7 8)*a$((i - 1))"; done; } >"$big"
	rm -f "$T/fifo.yaml" && mkfifo "$T/fifo.yaml"
	mkdir -p "$T/zero-bundle" && ln -sf /dev/zero "$T/zero-bundle/config.json"
	{
		printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n'
		for i in $(seq 5000); do echo "      - {name: ioctl, arguments: [{argument: 1, operation: Equal, value: $i}]}"; done
	} >"$T/rules.yaml"
	local cases=(
		"--policy $bomb|anchors and aliases"
		"--policy $big|anchors and aliases"
		"--policy /dev/zero|not a regular file"
		"--policy $T/fifo.yaml|not a regular file"
		"--bundle $T/zero-bundle|not a regular file"
		"--policy $T/rules.yaml|5000 rules"
	)
	local c args want out rc
	for c in "${cases[@]}"; do
		args=${c%%|*} want=${c#*|}
		# shellcheck disable=SC2086
		out=$(ulimit -d 100000; timeout 20 "$W" $args --dry-run "$T/solo5-hvt" 2>&1)
		rc=$?
		[ $rc = 125 ] && [[ $out == *"$want"* ]] && [ "$(echo "$out" | wc -l)" = 1 ] ||
			{ bad "'$args' ($(wc -c <"${args#* }" 2>/dev/null) bytes): rc=$rc, want 125 and one line with '$want': $(echo "$out" | head -3)"; return; }
	done
	ok "${#cases[@]} hostile inputs (alias bombs of $(wc -c <"$bomb") and $(wc -c <"$big") bytes, /dev/zero, a FIFO, a bundle config linked to /dev/zero, 5000 rules): 125 and one line each, within a 100 MB data limit"
}

contradictory_flags() {
	fake_tender "$T/solo5-hvt" v0.12.1
	rm -f "$T/tender-ran"
	mkdir -p "$T/noseccomp-bundle" && echo '{"ociVersion":"1.0.2","linux":{}}' >"$T/noseccomp-bundle/config.json"
	local c out rc
	for c in "--unconfined --policy $T/true.yaml" "--unconfined --default-action kill_process" "--bundle $T/noseccomp-bundle --policy $T/true.yaml"; do
		# shellcheck disable=SC2086
		out=$("$W" $c "$T/solo5-hvt" 2>&1)
		rc=$?
		[ $rc = 125 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [[ $out == *"drop "* ]] && [ ! -e "$T/tender-ran" ] ||
			{ bad "'$c': rc=$rc, ran=$([ -e "$T/tender-ran" ] && echo yes || echo no): $out"; return; }
	done
	out=$("$W" --default-action allow --policy "$T/true.yaml" /bin/true 2>&1)
	[ $? = 0 ] && [[ $out == *"NOT confined"* ]] || { bad "--default-action allow did not warn: $out"; return; }
	ok "--unconfined or a bundle without seccomp with --policy/--default-action: 125, one line, nothing run; --default-action allow warns"
}

overlay_swap_race() {
	is_root || { skip "needs root: the attack is uid 1000 against a root wrapper"; return; }
	command -v setpriv >/dev/null || { skip "no setpriv (apt-get install util-linux)"; return; }
	fake_tender "$T/solo5-hvt" v0.12.1
	# A root-owned 0644 overlay in a 0777 folder, reached through a link in
	# the (trusted) overlay folder; uid 1000 swaps the link's target for its
	# own overlay, which loosens the default action to allow.
	local open=$OV/open dir=$OV/race.d runs=${RACE_RUNS:-300} n applied=0 refused=0 out
	mkdir -p "$open" "$dir" && chmod 777 "$open" && chmod 755 "$dir"
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$open/good.yaml"
	printf 'monitor: solo5-hvt\ndefault_action: allow\nloosen_default_action: true\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$open/evil.yaml"
	chown 1000:1000 "$open/evil.yaml"
	ln -sf "$open/good.yaml" "$open/target.yaml" && chown -h 1000:1000 "$open/target.yaml"
	ln -sf "$open/target.yaml" "$dir/local.yaml"
	setpriv --reuid 1000 --regid 1000 --clear-groups sh -c "while :; do ln -sfn good.yaml $open/t.new && mv -T $open/t.new $open/target.yaml; ln -sfn evil.yaml $open/t.new && mv -T $open/t.new $open/target.yaml; done" &
	local swapper=$!
	for n in $(seq "$runs"); do
		out=$("$W" --overlays "$dir" --dry-run "$T/solo5-hvt" 2>&1)
		[[ $out == *"default action allow"* ]] && applied=$((applied + 1))
		[[ $out == *"is a symbolic link"* ]] && refused=$((refused + 1))
	done
	kill $swapper
	wait $swapper 2>/dev/null
	[ $applied = 0 ] && [ $refused = "$runs" ] || { bad "$applied of $runs runs applied uid 1000's overlay, $refused refused the link"; return; }
	out=$("$W" --overlays "$open" --dry-run "$T/solo5-hvt" 2>&1)
	[ $? = 125 ] && [[ $out == *"writable by group or others"* ]] || { bad "a 0777 overlay folder: $out"; return; }
	mkdir -p "$open/policies.d" && chmod 755 "$open/policies.d" && cp "$open/good.yaml" "$open/policies.d/"
	out=$("$W" --overlays "$open/policies.d" --dry-run "$T/solo5-hvt" 2>&1)
	[ $? = 125 ] && [[ $out == *"is inside $open"* ]] || { bad "an overlay folder inside a 0777 folder: $out"; return; }
	ok "uid 1000 swapping a linked overlay's target: 0 of $runs runs applied its overlay (the link is refused: $refused); a 0777 folder, and a folder inside one, refused"
}

# --- what the monitor can reach: Landlock -------------------------------------
landlock_reach() {
	have_kvm || { skip "no /dev/kvm"; return; }
	is_root || { skip "needs root: as another user, file permissions alone refuse these"; return; }
	local abi out rc a target
	abi=$("$W" --dry-run -v "${HVT12[@]}" "$B/testmon" "$GUEST" 2>&1 | sed -n 's/.*landlock ABI \([0-9]*\):.*/\1/p' | head -1)
	[ -n "$abi" ] || { skip "no Landlock on this kernel ($(uname -r))"; return; }
	echo "block contents" >"$TT/disk.img"
	out=$("$W" "${HVT12[@]}" "$B/testmon" --block:storage="$TT/disk.img" "$GUEST")
	rc=$?
	[ $rc = 7 ] && [ "$out" = "block contents" ] || { bad "what the command line names (unikernel, block, /dev/kvm): rc=$rc out=$out"; return; }
	sleep 60 &
	target=$!
	mkdir -p "$OV/landlock.d" && chmod 755 "$OV/landlock.d"
	echo secret >"$TT/secret" && chmod 600 "$TT/secret"
	local files=("open-ro:$TT/secret" "creat:$TT/new" open-rw:/proc/sys/kernel/core_pattern "open-rw:/proc/$target/mem"
		"creat:$OV/landlock.d/zz.yaml" "open-ro:$E2E/run.sh")
	[ -e /etc/shadow ] && files+=(open-ro:/etc/shadow) # not in the VM test bed's initramfs
	for a in "${files[@]}"; do
		"$W" --overlays "$OV/landlock.d" "${HVT12[@]}" "$B/testmon" --forbid="$a" "$GUEST" 2>"$TT/err" >/dev/null
		grep -q 'returned -1 (errno 13)' "$TT/err" || { kill $target; bad "$a: $(cat "$TT/err")"; return; }
	done
	# Landlock's ptrace scope, apart from the path rules: with the path
	# allowed (as a block device), another process's memory stays closed.
	"$W" "${HVT12[@]}" "$B/testmon" --block:x="/proc/$target/mem" --forbid="open-rw:/proc/$target/mem" "$GUEST" 2>"$TT/err" >/dev/null
	kill $target
	grep -q 'returned -1 (errno 13)' "$TT/err" || { bad "/proc/PID/mem named on the command line: $(cat "$TT/err")"; return; }
	# With execve allowed by an overlay (no exec guard), exec still fails:
	# Landlock lets the monitor execute only itself and its loader.
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [execve]\n' >"$OV/landlock.d/exec.yaml"
	"$W" --overlays "$OV/landlock.d" "${HVT12[@]}" "$B/testmon" --exec=/bin/true "$GUEST" >/dev/null 2>"$TT/err"
	rc=$?
	[ $rc = 126 ] && grep -q 'Permission denied' "$TT/err" || { bad "exec of /bin/true with execve allowed: rc=$rc $(cat "$TT/err")"; return; }
	ok "Landlock ABI $abi, as root: the unikernel, block and /dev/kvm work; a root-only file, /etc/shadow (where there is one), a new file, core_pattern, another process's /proc/PID/mem, the overlay folder and the suite's own files: EACCES; /proc/PID/mem named as a block: EACCES (ptrace scope); exec of /bin/true with execve allowed: EACCES"
}

caps_dropped() {
	have_kvm || { skip "no /dev/kvm"; return; }
	is_root || { skip "needs root: only root has capabilities to drop"; return; }
	grep -q '^CapEff:[[:space:]]*0*[1-9a-f]' /proc/self/status || { skip "this root has no capabilities to drop"; return; }
	local net want status pid sets cases=("" --net:service0=tapnone)
	# Taps (root, iproute2): one without an owner needs no capability to
	# attach; one another user owns, CAP_NET_ADMIN.
	if command -v ip >/dev/null && ip tuntap add tapurunc1 mode tap 2>/dev/null && ip tuntap add tapurunc2 mode tap user 1000 2>/dev/null; then
		cases+=(--net:service0=tapurunc1 --net:service0=tapurunc2)
	fi
	for net in "${cases[@]}"; do
		want=0000000000000000
		case $net in
		*tapnone | *tapurunc2) want=$(printf '%016x' $((1 << 12))) ;; # CAP_NET_ADMIN: owned by another, or no /sys entry
		esac
		rm -f "$TT/go" && mkfifo "$TT/go"
		TESTMON_PAUSE=1 "$W" "${HVT12[@]}" "$B/testmon" $net "$GUEST" <"$TT/go" >/dev/null 2>"$TT/err" &
		pid=$!
		exec 9>"$TT/go"
		status=$(status_when $pid testmon)
		echo x >&9
		exec 9>&-
		wait $pid
		sets=$(echo "$status" | grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' | tr -s '\t\n' '  ')
		[ "$sets" = "CapInh: 0000000000000000 CapPrm: $want CapEff: $want CapBnd: $want CapAmb: 0000000000000000 " ] ||
			{ ip link del tapurunc1 2>/dev/null; ip link del tapurunc2 2>/dev/null; bad "${net:-no --net:}: the monitor, run as root, has $sets (want $want): $(cat "$TT/err")"; return; }
	done
	# What a root monitor with its (ownerless) tap could do with
	# CAP_NET_ADMIN: create another tap, set a link down over netlink, turn
	# the tap's TSO off. Without the wrapper, root turns TSO off.
	local a done=""
	if [ ${#cases[@]} = 4 ]; then
		"$B/testmon" --forbid=ethtool-tso:tapurunc1 "$GUEST" 2>&1 | grep -q 'returned 0 ' ||
			{ ip link del tapurunc1; ip link del tapurunc2; bad "root cannot turn TSO off even without the wrapper: the test proves nothing"; return; }
		for a in tap-create ethtool-tso:tapurunc1 netlink-linkdown; do
			"$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 --forbid=$a "$GUEST" >/dev/null 2>"$TT/err"
			grep -q 'returned -1 (errno 1)' "$TT/err" || { ip link del tapurunc1; ip link del tapurunc2; bad "$a with an ownerless tap: $(cat "$TT/err")"; return; }
		done
		done="; a new tap, a link set down over netlink and TSO off: EPERM"
	fi
	ip link del tapurunc1 2>/dev/null
	ip link del tapurunc2 2>/dev/null
	ok "run as root, the monitor keeps no capability (all five sets 0), nor with an ownerless tap; only CAP_NET_ADMIN for a tap uid 1000 owns or one /sys does not show (${#cases[@]} cases)$done"
}

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
	i386-int80 | x32-write) ;;
	*) echo "$1" ;;
	esac
}

attacks() {
	have_kvm || { skip "no /dev/kvm (the attacks run after KVM set-up)"; return; }
	local deny=(socket fork execve-sh ptrace mount umount2 unshare setns pivot_root tiocsti
		personality-set clone-newns bpf perf_event_open io_uring_setup userfaultfd keyctl add_key
		request_key kexec_load process_vm_readv process_vm_writev init_module finit_module swapon
		acct reboot open_tree fsopen move_mount loosen-seccomp mmap-wx mprotect-wx prlimit-other prlimit-set)
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
	cat >"$T/two-conditional.yaml" <<'EOF'
default_action: kill_process
syscalls:
  - action: allow
    names_with_args:
      - name: ioctl
        arguments: [{argument: 1, operation: Equal, value: 0xae80}]
      - name: mmap
        arguments: [{argument: 2, operation: BitsNotSet, value: 4}]
  - action: allow
    names: [brk, openat, close, read, pread64, mprotect, set_tid_address,
            set_robust_list, rseq, prlimit64, munmap, getrandom, exit_group, write, fstat]
  - action: allow
    arch: amd64
    names: [arch_prctl, access, newfstatat]
  - action: allow
    arch: arm64
    names: [faccessat, fstatat]
EOF
	quietly "$W" --policy "$T/two-conditional.yaml" "$B/testmon" --forbid=arg-confusion "$GUEST" >/dev/null 2>&1
	local rc=$?
	killed_by_sigsys $rc && ok "ioctl(0, mmap's number, 3) under two conditional rules is killed (go-seccomp-bpf's assembler allows it)" ||
		bad "ioctl(0, mmap's number, 3) exited $rc, want SIGSYS"
}

no_new_privs() {
	is_root || { skip "needs root to make a setuid-root binary"; return; }
	command -v setpriv >/dev/null || { skip "no setpriv"; return; }
	local dir=$T/suid
	mkdir -p "$dir" && cp "$B/testmon" "$dir/suid-testmon" && chown root:root "$dir/suid-testmon" && chmod 4755 "$dir/suid-testmon"
	chmod 755 "$dir"
	local plain
	plain=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$dir/suid-testmon" --euid 2>&1)
	[ "$plain" = "euid 0" ] || { skip "setuid does not work in $dir (nosuid mount?): $plain"; return; }
	cat "$T/true.yaml" >"$T/exec.yaml"
	printf '  - action: allow\n    names: [execve, write, fstat, geteuid]\n' >>"$T/exec.yaml"
	local out
	out=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$W" --policy "$T/exec.yaml" "$B/testmon" --exec="$dir/suid-testmon" 2>&1)
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

# --- QEMU -------------------------------------------------------------------
# A boot sector: print over the serial port, then exit through isa-debug-exit
# with 3 (QEMU exits (3<<1)|1 = 7); with SPIN=1 it loops after printing.
boot_sector() {
	local spin=$1 out=$2
	if [ "$spin" = 1 ]; then # replace "out dx, al" to the exit port by a jump-to-self
		printf '\x31\xc0\x8e\xd8\xba\xf8\x03\xbe\x1b\x7c\xac\x84\xc0\x74\x03\xee\xeb\xf8\xeb\xfe\x90\x90\x90\x90\xf4\xeb\xfe' >"$out"
	else
		printf '\x31\xc0\x8e\xd8\xba\xf8\x03\xbe\x1b\x7c\xac\x84\xc0\x74\x03\xee\xeb\xf8\xba\xf4\x00\xb0\x03\xee\xf4\xeb\xfe' >"$out"
	fi
	printf 'Hello from QEMU\r\n\0' >>"$out"
	head -c $((510 - 27 - 18)) /dev/zero >>"$out"
	printf '\x55\xaa' >>"$out"
}
QEMU_ARGS=(-machine pc -accel tcg -display none -nodefaults -no-reboot -serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)

qemu_sandbox() {
	command -v qemu-system-x86_64 >/dev/null || { skip "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)"; return; }
	boot_sector 0 "$T/exit.img"
	boot_sector 1 "$T/spin.img"
	local out rc
	out=$("$W" qemu-system-x86_64 "${QEMU_ARGS[@]}" -drive file="$T/exit.img",format=raw,if=floppy 2>"$T/qemu.err")
	rc=$?
	[ "$rc" = 7 ] && [[ $out == *"Hello from QEMU"* ]] || { bad "QEMU exit status $rc (want 7 unchanged), out=$out $(cat "$T/qemu.err")"; return; }
	local mode want_seccomp pid status
	for mode in confined unconfined; do
		local flags=()
		want_seccomp=2
		[ $mode = unconfined ] && flags=(--unconfined) && want_seccomp=0
		"$W" "${flags[@]}" qemu-system-x86_64 "${QEMU_ARGS[@]}" -drive file="$T/spin.img",format=raw,if=floppy >"$T/qemu.out" 2>&1 &
		pid=$!
		for _ in $(seq 100); do grep -q "Hello from QEMU" "$T/qemu.out" && break; sleep 0.1; done
		status=$(cat /proc/$pid/status 2>/dev/null)
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
		grep -q "Hello from QEMU" "$T/qemu.out" || { bad "$mode QEMU did not boot: $(cat "$T/qemu.out")"; return; }
		echo "$status" | grep -q "^Name:[[:space:]]*qemu-system-x86" || { bad "$mode: PID $pid is not QEMU: $status"; return; }
		echo "$status" | grep -q "^Seccomp:[[:space:]]*$want_seccomp$" || { bad "$mode QEMU Seccomp is not $want_seccomp"; return; }
		if [ $mode = confined ]; then
			echo "$status" | grep -qE "^Seccomp_filters:[[:space:]]*[1-9]" || { bad "QEMU has no filter"; return; }
		fi
	done
	ok "QEMU booted a guest with its own sandbox on (Seccomp 2, same PID), its exit status 7 came back unchanged; --unconfined gives Seccomp 0"
}

qemu_sandbox_off_refused() {
	command -v qemu-system-x86_64 >/dev/null || { skip "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)"; return; }
	local rc
	"$W" qemu-system-x86_64 -sandbox off -machine none 2>/dev/null
	rc=$?
	[ $rc = 125 ] && ok "-sandbox off is refused (125) unless --unconfined" || bad "-sandbox off exited $rc"
}

# --- solo5-hvt version detection ------------------------------------------------
# fake_tender FILE VERSION: a script holding what a Solo5 tender's binary
# holds (the version line's format and a SOLO5_VERSION string, after exit).
# Were it run, it would append its Seccomp line to $T/tender-ran and leave a
# child holding stdout for 20 s.
fake_tender() {
	printf '#!/bin/sh\ngrep Seccomp: /proc/self/status >>%s\n(sleep 20 &)\nexit 0\n\0%%s tender, version %%s\n\0%s\0' "$T/tender-ran" "$2" >"$1"
	chmod +x "$1"
}

version_detection() {
	local v want got
	rm -f "$T/tender-ran"
	for v in v0.9.3:solo5-hvt-v0.9 v0.10.1:solo5-hvt-v0.9 v0.11.0-dirty:solo5-hvt v0.12.1-7-g469c1a8:solo5-hvt garbage:solo5-hvt; do
		want=${v#*:}
		fake_tender "$T/solo5-hvt" "${v%%:*}"
		got=$("$W" --dry-run "$T/solo5-hvt" --mem=64 kernel.hvt | sed -n 's/^filter: policy \([^ ]*\) .*/\1/p')
		[ "$got" = "$want" ] || { bad "a tender built as ${v%%:*} got policy '$got', want $want"; return; }
	done
	[ ! -e "$T/tender-ran" ] || { bad "--dry-run ran the monitor: $(cat "$T/tender-ran")"; return; }
	ok "the version is read from the tender's file: the policy for each known version, the fallback for garbage; --dry-run ran nothing"
}

version_not_run() {
	rm -f "$T/tender-ran"
	fake_tender "$T/solo5-hvt" v0.12.1
	local start=$SECONDS rc
	# Run for real: the tender runs once, under the filter (where /bin/sh may
	# well be killed); never before it, unfiltered, to tell its version.
	quietly timeout 15 "$W" "$T/solo5-hvt" --mem=64 kernel.hvt >/dev/null 2>&1
	rc=$?
	[ $rc != 124 ] && [ $((SECONDS - start)) -lt 10 ] || { bad "the wrapper waited on the tender's child (rc $rc, $((SECONDS - start)) s)"; return; }
	# Drop-in mode, with the monitor folder taken from the environment.
	local mon=$OV/probe-mon
	mkdir -p "$mon" "$T/probe-dropin" && chmod 755 "$mon"
	fake_tender "$mon/solo5-hvt" v0.9.3
	ln -sf "$W" "$T/probe-dropin/solo5-hvt"
	URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon quietly timeout 15 "$T/probe-dropin/solo5-hvt" --mem=64 kernel.hvt >/dev/null 2>&1
	if grep -qv "^Seccomp:[[:space:]]*2$" "$T/tender-ran" 2>/dev/null; then
		bad "the tender ran without our filter: $(cat "$T/tender-ran")"
		return
	fi
	ok "a tender that would leave a child: run only under the filter (Seccomp lines seen: $(grep -c . "$T/tender-ran" 2>/dev/null || echo 0), none unfiltered), no wait on its child, drop-in mode too"
}

# --- real Solo5 -------------------------------------------------------------
solo5_real() {
	local hvt=${SOLO5_HVT:-$(command -v solo5-hvt)}
	[ -n "$hvt" ] && [ -x "$hvt" ] || { skip "no solo5-hvt (set SOLO5_HVT or put one on PATH)"; return; }
	have_kvm || { skip "no /dev/kvm"; return; }
	local version
	version=$("$hvt" --version 2>&1 | head -1)
	"$W" --dry-run "$hvt" >/dev/null || { bad "dry run of $hvt failed"; return; }
	[ -n "${SOLO5_TESTS:-}" ] && [ -d "$SOLO5_TESTS" ] || { skip "$version found, but no SOLO5_TESTS folder of test_*.hvt"; return; }
	local n=0 rc out test
	for test in hello quiet globals tls time exception zeropage notls ssp; do
		local img=$SOLO5_TESTS/test_$test.hvt
		[ -f "$img" ] || img=$SOLO5_TESTS/test_$test/test_$test.hvt
		[ -f "$img" ] || continue
		"$W" "$hvt" --mem=64 "$img" Hello_Solo5 >"$T/solo5.out" 2>&1
		rc=$?
		out=$(tr -d '\0' <"$T/solo5.out") # some tests print a NUL
		case $test in
		exception | zeropage | notls | ssp) [ $rc = 255 ] || [ $rc = 0 ] || { bad "$test: rc $rc: $out"; return; } ;;
		*) [ $rc = 0 ] && [[ $out == *SUCCESS* ]] || { bad "$test: rc $rc: $out"; return; } ;;
		esac
		n=$((n + 1))
	done
	[ $n -gt 0 ] || { skip "no test_*.hvt in $SOLO5_TESTS"; return; }
	local extra=""
	# Block I/O: pread64/pwrite64 on a 4 MB image.
	img=$SOLO5_TESTS/test_blk/test_blk.hvt
	if [ -f "$img" ]; then
		dd if=/dev/zero of="$T/storage.img" bs=4k count=1024 status=none
		out=$("$W" "$hvt" --mem=64 --block:storage="$T/storage.img" -- "$img" 2>&1)
		[ $? = 0 ] && [[ $out == *SUCCESS* ]] || { bad "test_blk: $out"; return; }
		extra="$extra, test_blk"
	fi
	# Network: a tap, the guest answers pings (netlink, TUNSETIFF, and from
	# v0.11 the MTU ioctls and the I/O thread).
	img=$SOLO5_TESTS/test_net/test_net.hvt
	if [ -f "$img" ] && is_root && command -v ping >/dev/null && command -v ip >/dev/null; then
		ip link del tapurunc0 2>/dev/null
		ip tuntap add tapurunc0 mode tap && ip addr add 10.0.0.1/24 dev tapurunc0 && ip link set dev tapurunc0 up ||
			{ bad "cannot make a tap device"; return; }
		(sleep 2; ping -c 3 -i 0.3 -W 2 10.0.0.2 >"$T/ping.out" 2>&1) &
		local pinger=$!
		# learn --monitor runs it under ptrace and says what the policy lacks.
		out=$(timeout -s TERM 8 "$W" learn --monitor solo5-hvt -o "$T/net.yaml" -- "$hvt" --mem=64 --net:service0=tapurunc0 -- "$img" 2>&1)
		wait $pinger
		grep -q ' 0% packet loss' "$T/ping.out" && [[ $out == *"it lacks nothing this run called"* ]] ||
			{ ip link del tapurunc0; bad "test_net under learn: $(cat "$T/ping.out") $out"; return; }
		(sleep 2; ping -c 3 -i 0.3 -W 2 10.0.0.2 >"$T/ping.out" 2>&1) &
		pinger=$!
		timeout -s TERM 6 "$W" "$hvt" --mem=64 --net:service0=tapurunc0 -- "$img" >/dev/null 2>&1
		wait $pinger
		ip link del tapurunc0
		grep -q ' 0% packet loss' "$T/ping.out" || { bad "test_net: the guest did not answer pings: $(cat "$T/ping.out")"; return; }
		extra="$extra, test_net (pings answered; learn --monitor: the policy lacks nothing)"
	fi
	out=$("$W" check --overlays "$T/none.d" "$hvt") || { bad "check $hvt: $out"; return; }
	ok "$n Solo5 tests$extra passed under the embedded policy ($version); check passes"
}

# --- the runtime exec chain (urunc's monitor root) -----------------------------
exec_chain() {
	is_root || { skip "needs root for namespaces and pivot_root"; return; }
	have_kvm || { skip "no /dev/kvm"; return; }
	[ -x "$B/minirt" ] || { skip "no static libc to build minirt (apt-get install libc6-dev)"; return; }
	# Our own /dev/kvm node, open to the unprivileged uid as a kvm group would be.
	mknod "$T/kvm" c $((16#$(stat -c %t /dev/kvm))) $((16#$(stat -c %T /dev/kvm))) && chmod 666 "$T/kvm" ||
		{ skip "cannot make a device node in $T"; return; }
	local u
	for u in 0 1000; do
		rm -rf "$T/root" "$T/mon" && mkdir -p "$T/root" "$T/mon/unikernel"
		cp "$GUEST" "$T/mon/unikernel/test.hvt"
		chmod -R a+rX "$T/mon"
		mkfifo "$T/go" && chmod 666 "$T/go"
		# urunc's monitor root: dev (kvm null urandom), lib lib64 usr/lib from the host,
		# tmp (noexec), the unikernel; the wrapper at the looked-up monitor path and the
		# real monitor under /usr/lib. No /proc, /etc or shell.
		TESTMON_PAUSE=1 TESTMON_SHOW_ARGV=1 _LIBCONTAINER_INITPIPE=3 LD_LIBRARY_PATH=/nonexistent \
			"$B/minirt" --bind "$T/kvm:/dev/kvm" --bind /dev/null:/dev/null --bind /dev/urandom:/dev/urandom \
			--bind /lib:/lib --bind /lib64:/lib64 --bind /usr/lib:/usr/lib --tmpfs /tmp \
			--bind "$T/mon/unikernel:/unikernel" \
			--bind "$W:/usr/local/bin/solo5-hvt" \
			--bind "$B/testmon:/usr/lib/urunc-seccomp-exec/solo5-hvt" \
			--uid $u --gid $u "$T/root" \
			/usr/local/bin/solo5-hvt --mem=256 /unikernel/test.hvt "" "" Hello_Solo5 \
			<"$T/go" >"$T/chain.out" 2>"$T/chain.err" &
		local rt=$!
		exec 9>"$T/go"
		local pid=""
		for _ in $(seq 300); do # at most 30 s: a VM under software emulation is slow
			pid=$(sed -n 's/^minirt: pid //p' "$T/chain.err")
			[ -n "$pid" ] && grep -q '^Name:[[:space:]]*solo5-hvt' /proc/$pid/status 2>/dev/null &&
				grep -q '^Seccomp:[[:space:]]*2' /proc/$pid/status && break
			sleep 0.1
		done
		local status
		status=$(cat /proc/$pid/status 2>/dev/null)
		echo x >&9 2>/dev/null
		exec 9>&-
		wait $rt
		local rc=$?
		rm -f "$T/go"
		echo "$status" | grep -q "^Seccomp:[[:space:]]*2$" || { bad "uid $u: monitor PID $pid not confined: $(cat "$T/chain.err")"; return; }
		echo "$status" | grep -qE "^NSpid:[[:space:]]*$pid[[:space:]]+1$" || { bad "uid $u: the monitor is not PID 1 of its namespace (or changed PID)"; return; }
		echo "$status" | grep -qE "^Uid:[[:space:]]*$u[[:space:]]" || { bad "uid $u: runs as another uid"; return; }
		[ $rc = 7 ] && [ "$(cat "$T/chain.out")" = "Hello from the guest" ] || { bad "uid $u: rc=$rc out=$(cat "$T/chain.out") err=$(cat "$T/chain.err")"; return; }
		grep -qF 'testmon: argv [/usr/local/bin/solo5-hvt][--mem=256][/unikernel/test.hvt][][][Hello_Solo5]' "$T/chain.err" ||
			{ bad "uid $u: argv changed: $(cat "$T/chain.err")"; return; }
	done
	ok "in a urunc-like root (pivot_root, no /proc, /etc or shell), as uid 0 and 1000: the wrapper at solo5-hvt's path ran the real monitor confined (Seccomp 2) as PID 1, argv byte for byte, to the end"
}

# --- inspection: the exported program in the kernel agrees with explain ----------
export_in_kernel() {
	local v call json nr want rc got n=0
	for v in v0.9.3 v0.12.1; do
		"$W" policy --monitor-version $v --format bpf >"$T/hvt.bpf" || { bad "policy --format bpf failed"; return; }
		for call in "read 0 0 0" "write 1 0 0" "getpid" "socket 2 1 0" "socket 2 2 0" "socket 16 3 0" "clone3 0 0" \
			"ioctl 0 0xae80" "ioctl 0 0x5412" "ioctl 0 0xffffffffc008ae05" "personality 0xffffffff" "personality 0x400000" \
			"prctl 38 1" "prctl 22 2" "mount 0 0 0" "execve 0 0 0" "fcntl 0 4 0" "fcntl 0 1 0"; do
			# shellcheck disable=SC2086
			json=$("$W" explain --monitor-version $v --json $call) || { bad "explain $call failed"; return; }
			nr=$(echo "$json" | sed 's/.*"nr":\([0-9]*\).*/\1/')
			want=$(echo "$json" | sed 's/.*"decision":"\([^"]*\)".*/\1/')
			# shellcheck disable=SC2086
			got=$(quietly "$B/bpfcall" "$T/hvt.bpf" "$nr" ${call#* } 2>/dev/null)
			rc=$?
			case $want in
			allow) [ $rc = 0 ] && [[ $got == returned* ]] && [[ $got != *"errno 1" ]] ;;
			"errno(ENOSYS)") [ "$got" = "returned -1 errno 38" ] ;;
			kill_process) killed_by_sigsys $rc ;;
			*) false ;;
			esac || { bad "$v $call: explain says $want, the kernel: rc=$rc $got"; return; }
			n=$((n + 1))
		done
	done
	ok "$n calls: the kernel, running 'policy --format bpf', decides as 'explain' says (allow, errno, kill), both hvt policies"
}

# --- make every host work: learn, diagnose, overlays, check ------------------
# learned NAME EXTRA CMD...: learn CMD, then run it STRESS_RUNS times under
# the learned policy (no kill allowed), then run CMD with EXTRA appended (one
# more call) under it: that must be killed.
learned() {
	local name=$1 extra=$2 want=$3
	shift 3
	local rc out
	"$W" learn -o "$T/$name.yaml" -- "$@" >/dev/null 2>"$T/$name.err"
	rc=$?
	if grep -q 'ptrace is not permitted' "$T/$name.err"; then
		skip "$(cat "$T/$name.err")"
		return 1
	fi
	[ $rc = "$want" ] || { bad "learn exited $rc, want $want (the program's own status): $(cat "$T/$name.err")"; return 1; }
	grep -q '^default_action: kill_process$' "$T/$name.yaml" || { bad "no kill_process default in $(cat "$T/$name.yaml")"; return 1; }
	out=$(./stress.sh "$W" "$T/$name.yaml" "${LEARN_RUNS:-2000}" "$want" "$@") || { bad "$out"; return 1; }
	quietly "$W" --policy "$T/$name.yaml" "$@" $extra >/dev/null 2>&1
	rc=$?
	killed_by_sigsys $rc || { bad "with $extra under the learned policy: exit $rc, want SIGSYS"; return 1; }
	LEARNED="$(grep -c '^      - ' "$T/$name.yaml") rules learned; $out; with $extra: killed"
}

learn_single_thread() {
	learned single --extra 3 "$B/learnee" && ok "learnee: $LEARNED"
}

learn_multi_thread() {
	learned threads --extra 3 "$B/learnee" --threads 8 || return
	grep -qE '^      - (clone3|clone) ' "$T/threads.yaml" || { bad "no clone/clone3 learned from 8 threads"; return; }
	ok "learnee --threads 8: $LEARNED"
}

learn_dynamic_true() {
	# /bin/true --version is the "one more call": it writes its version.
	learned true --version 0 /bin/true || return
	# --runs 3 records three runs: three times the calls, the same rules.
	local one three
	one=$(sed -n 's/.*, from \([0-9]*\) calls$/\1/p' "$T/true.err")
	"$W" learn --runs 3 -o "$T/true3.yaml" -- /bin/true 2>"$T/true3.err"
	three=$(sed -n 's/.*, from \([0-9]*\) calls$/\1/p' "$T/true3.err")
	[ -n "$one" ] && [ "$three" = $((3 * one)) ] && diff <(grep -v '^#' "$T/true.yaml") <(grep -v '^#' "$T/true3.yaml") >/dev/null ||
		{ bad "--runs 3: $three calls, want 3 x $one and the same policy"; return; }
	ok "/bin/true (dynamic): $LEARNED; --runs 3 records $three calls, the same policy"
}

learn_compare() {
	have_kvm || { skip "no /dev/kvm"; return; }
	"$W" learn -o /dev/null -- /bin/true 2>&1 | grep -q 'ptrace is not permitted' && { skip "ptrace is not permitted here"; return; }
	local err
	err=$("$W" learn -o "$T/mon.yaml" --monitor solo5-hvt --monitor-version v0.12.1 -- "$B/testmon" "$GUEST" 2>&1 >/dev/null)
	[ $? = 7 ] || { bad "learn of testmon exited $?, want the guest's 7: $err"; return; }
	[[ $err == *"it lacks nothing this run called"* ]] || { bad "testmon lacks something under the hvt policy: $err"; return; }
	grep -q 'value: 0xae80, width: 32' "$T/mon.yaml" || { bad "KVM_RUN not learned as an ioctl rule: $(cat "$T/mon.yaml")"; return; }
	err=$("$W" learn -o "$T/mon.yaml" --monitor solo5-hvt --monitor-version v0.12.1 -- "$B/testmon" --extra "$GUEST" 2>&1 >/dev/null)
	[[ $err == *"lacks      getppid: kill_process"* ]] || { bad "--monitor did not report getppid lacking: $err"; return; }
	[[ $err == *"never used"*"memfd_create"* ]] || { bad "--monitor did not list unused calls: $err"; return; }
	# --overlay: what the policy lacks, as an overlay that then lets it run.
	local dir=$OV/learned.d out
	mkdir -p "$dir" && chmod 755 "$dir"
	"$W" learn --overlay -o "$dir/learned.yaml" --overlays "$dir" --monitor solo5-hvt --monitor-version v0.12.1 -- "$B/testmon" --extra "$GUEST" >/dev/null 2>&1
	[ "$(grep -c '^      - ' "$dir/learned.yaml")" = 1 ] && grep -q '^      - getppid ' "$dir/learned.yaml" ||
		{ bad "the learned overlay is not exactly getppid: $(cat "$dir/learned.yaml")"; return; }
	out=$("$W" --overlays "$dir" "${HVT12[@]}" "$B/testmon" --extra "$GUEST" 2>&1)
	[ $? = 7 ] || { bad "under the learned overlay: $out"; return; }
	out=$("$W" learn --overlay -o "$dir/learned.yaml" --overlays "$dir" --monitor solo5-hvt -- "$B/testmon" "$GUEST" 2>&1)
	[ $? = 125 ] && [[ $out == *"exists"* ]] || { bad "learn --overlay replaced an existing overlay: $out"; return; }
	ok "learn --monitor: the KVM test monitor lacks nothing; with --extra, 'lacks getppid', and --overlay writes just that, under which it runs; unused calls listed; KVM_RUN learned as a width-32 ioctl rule"
}

diagnose_names_kill() {
	"$W" learn -o "$TT/learnee.yaml" -- "$B/learnee" >/dev/null 2>"$TT/learn.err"
	[ $? = 3 ] || { grep -q 'ptrace is not permitted' "$TT/learn.err" && skip "$(cat "$TT/learn.err")" || bad "learn: $(cat "$TT/learn.err")"; return; }
	"$W" --policy "$TT/learnee.yaml" "$B/learnee" --extra >/dev/null 2>&1 & # the wrapper's PID is learnee's
	local pid=$! out rc
	wait $pid 2>/dev/null
	killed_by_sigsys $? || { bad "learnee --extra was not killed"; return; }
	log_readable || { skip "kernel log not readable here: $("$W" diagnose 2>&1)"; return; }
	out=$("$W" diagnose --since 5m --pid $pid 2>&1)
	rc=$?
	[ $rc = 0 ] || { bad "diagnose exited $rc: $out"; return; }
	[[ $out == *"KILLED   getppid ($(arch_nr getppid)) in learnee"*"pid $pid"* ]] || { bad "diagnose did not name the kill: $out"; return; }
	[[ $out == *"names: [getppid]"* ]] || { bad "no overlay lines for getppid: $out"; return; }
	ok "diagnose --pid $pid names the kill (KILLED getppid, $(arch_nr getppid), learnee) and prints the overlay that allows it"
}

diagnose_unreadable() {
	local out rc
	out=$("$W" diagnose --log "$T/no-such-log" 2>&1)
	rc=$?
	[ $rc = 125 ] && [[ $out == *"no-such-log"* ]] || { bad "a missing --log: rc=$rc $out"; return; }
	if is_root && [ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 1 ] && command -v setpriv >/dev/null; then
		out=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$W" diagnose 2>&1)
		rc=$?
		[ $rc = 125 ] && [[ $out == *"dmesg_restrict"*"--log FILE"* ]] || { bad "as uid 1000 with dmesg_restrict=1: rc=$rc $out"; return; }
		[ "$(echo "$out" | wc -l)" = 1 ] || { bad "more than one line: $out"; return; }
		ok "unreadable logs: a missing --log and (as uid 1000, dmesg_restrict=1) the kernel log each give 125 and one line with the fix"
	else
		ok "a missing --log gives 125 naming it (dmesg_restrict case not reachable here)"
	fi
}

diagnose_saved_log() {
	# auditd's form, read from stdin: an old kill and a recent log.
	local now out
	now=$(date +%s)
	out=$(printf '%s\n' \
		"type=SECCOMP msg=audit(1600000000.000:1): pid=41 comm=\"solo5-hvt\" exe=\"/usr/bin/solo5-hvt\" sig=31 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x80000000" \
		"type=SECCOMP msg=audit($now.000:2): pid=42 comm=\"solo5-hvt\" exe=\"/usr/bin/solo5-hvt\" sig=0 arch=c000003e syscall=99 compat=0 ip=0x1 code=0x7ffc0000" |
		"$W" diagnose --log - --since 1h 2>&1)
	[[ $out == "LOGGED   sysinfo (x86_64 99) in solo5-hvt (/usr/bin/solo5-hvt) pid 42 "* ]] && [[ $out != *getppid* ]] ||
		{ bad "--since 1h on a saved log: $out"; return; }
	[[ $out == *"names: [sysinfo]"* ]] || { bad "no overlay lines: $out"; return; }
	out=$(printf '%s\n' "type=SECCOMP msg=audit(1600000000.000:1): pid=41 comm=\"x\" exe=\"/x\" sig=31 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x80000000" |
		"$W" diagnose --log - --pid 7 2>&1)
	[[ $out == *"no seccomp records (type=1326) in - for pid 7"* ]] || { bad "--pid 7 on a saved log: $out"; return; }
	ok "diagnose --log - (auditd's form): --since keeps only the recent record, --pid filters, overlay lines printed"
}

overlay_adds_call() {
	have_kvm || { skip "no /dev/kvm"; return; }
	local dir=$OV/policies.d out rc
	mkdir -p "$dir" && chmod 755 "$dir"
	quietly "$W" --overlays "$dir" "${HVT12[@]}" "$B/testmon" --extra "$GUEST" >/dev/null 2>&1
	rc=$?
	killed_by_sigsys $rc || { bad "testmon --extra under the hvt policy: exit $rc, want SIGSYS"; return; }
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$dir/local.yaml"
	out=$("$W" --overlays "$dir" "${HVT12[@]}" "$B/testmon" --extra "$GUEST" 2>&1)
	rc=$?
	[ $rc = 7 ] && [[ $out == *"Hello from the guest"* ]] || { bad "with the overlay: rc=$rc $out"; return; }
	out=$("$W" --overlays "$dir" "${HVT12[@]}" --dry-run "$B/testmon" "$GUEST")
	[[ $out == *"overlay applied: $dir/local.yaml"* ]] || { bad "--dry-run does not name the overlay: $out"; return; }
	out=$(URUNC_SECCOMP_EXEC_OVERLAYS=$dir "$W" "${HVT12[@]}" --dry-run "$B/testmon" "$GUEST")
	[[ $out == *"overlay applied: $dir/local.yaml"* ]] || { bad "URUNC_SECCOMP_EXEC_OVERLAYS is not read: $out"; return; }
	[[ $("$W" explain --overlays "$dir" getppid) == *" allow "* ]] && [[ $("$W" explain --overlays "" getppid) == *" kill_process "* ]] ||
		{ bad "explain does not show the overlay's effect"; return; }
	ok "testmon --extra is killed; an overlay allowing getppid lets it run the guest (7); --dry-run and the env variable name the overlay; explain shows it"
}

overlay_refused() {
	local dir=$OV/bad.d out rc marker=$T/overlay-ran
	mkdir -p "$dir" && chmod 755 "$dir"
	printf '#!/bin/sh\ntouch %s\n' "$marker" >"$T/solo5-hvt"
	chmod +x "$T/solo5-hvt"
	local cases=(
		'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid, frobnicate]\n|local.yaml:4: unknown syscall "frobnicate"'
		'monitor: solo5-hvt\ndefault_action: log\nsyscalls:\n  - action: allow\n    names: [getppid]\n|local.yaml:1: default_action log is looser'
		'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [ioctl]\n|local.yaml:4: syscall "ioctl" is both unconditional and conditional'
		'monitor: qemu\nsyscalls:\n  - action: allow\n    names: [read]\n|qemu filters itself'
		'monitor: solo5-hvt\ndefault_action: log\nloosen_default_action: true\nsyscalls:\n  - action: allow\n    names: [getppid]\n|only when the command line says --allow-loosen'
	)
	local c
	for c in "${cases[@]}"; do
		printf "${c%%|*}" >"$dir/local.yaml"
		out=$("$W" --overlays "$dir" --monitor-version v0.12.1 "$T/solo5-hvt" 2>&1)
		rc=$?
		[ $rc = 125 ] && [[ $out == *"${c#*|}"* ]] && [ "$(echo "$out" | wc -l)" = 1 ] && [ ! -e "$marker" ] ||
			{ bad "overlay $(printf "${c%%|*}" | head -3 | tr '\n' ' '): rc=$rc $out"; return; }
	done
	# With --allow-loosen on the command line too, the file may loosen.
	out=$("$W" --overlays "$dir" --allow-loosen --monitor-version v0.12.1 --dry-run "$T/solo5-hvt" 2>&1)
	[[ $out == *"default action log"* ]] || { bad "--allow-loosen with loosen_default_action: true: $out"; return; }
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$dir/local.yaml"
	chmod 666 "$dir/local.yaml"
	out=$("$W" --overlays "$dir" --monitor-version v0.12.1 "$T/solo5-hvt" 2>&1)
	[ $? = 125 ] && [[ $out == *"writable by group or others"* ]] && [ ! -e "$marker" ] || { bad "a world-writable overlay: $out"; return; }
	ok "${#cases[@]} bad overlays (a looser default without --allow-loosen among them) and a world-writable one: 125, one line naming file:line, nothing executed; with --allow-loosen the looser default applies"
}

dropin_overlay() {
	have_kvm || { skip "no /dev/kvm"; return; }
	# Drop-in mode reads overlays beside the real monitors (urunc's monitor
	# root has /usr/lib but no /etc).
	local mon=$OV/mondir rc out
	mkdir -p "$mon/policies.d" "$T/dropin" && chmod 755 "$mon" "$mon/policies.d"
	cp "$B/testmon" "$mon/solo5-hvt" && ln -sf "$W" "$T/dropin/solo5-hvt"
	local -x URUNC_SECCOMP_EXEC_OVERLAYS= # drop-in mode's own folder, not the suite's
	URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon quietly "$T/dropin/solo5-hvt" --extra "$GUEST" >/dev/null 2>&1
	rc=$?
	killed_by_sigsys $rc || { bad "drop-in testmon --extra without an overlay: exit $rc, want SIGSYS"; return; }
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$mon/policies.d/local.yaml"
	out=$(URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon "$T/dropin/solo5-hvt" --extra "$GUEST" 2>&1)
	rc=$?
	[ $rc = 7 ] || { bad "drop-in with $mon/policies.d/local.yaml: rc=$rc $out"; return; }
	ok "drop-in mode: killed without an overlay; with one in MONITOR_DIR/policies.d, the guest runs (7)"
}

check_passes() {
	have_kvm || { skip "no /dev/kvm"; return; }
	local out
	out=$("$W" check --overlays "$TT/none.d" --monitor solo5-hvt "$B/testmon")
	[ $? = 0 ] || { bad "check failed here: $out"; return; }
	local what
	for what in seccomp nnp caps kvm overlays monitor policy w^x run; do
		echo "$out" | grep -q "^PASS $what " || { bad "no PASS $what line: $out"; return; }
	done
	echo "$out" | grep -q '^FAIL' && { bad "a FAIL line with exit 0: $out"; return; }
	[[ $out == *"PASS run "*"exit 0 under our filter (testmon tender, version v0.12.1)"* ]] || { bad "no real run: $out"; return; }
	# Under a filter already (ours, allowing all), check says the filters stack.
	printf 'default_action: allow\nsyscalls:\n  - action: allow\n    names: [read]\n' >"$T/allow-all.yaml"
	out=$("$W" --policy "$T/allow-all.yaml" "$W" check --overlays "$TT/none.d")
	[[ $out == *"PASS stacked "*"already runs under a seccomp filter"* ]] || { bad "check under a filter does not say so: $out"; return; }
	ok "check passes here (seccomp nnp caps kvm overlays monitor policy w^x run) and notes a filter it already runs under"
}

check_fails() {
	local out rc
	out=$("$W" check --overlays "$TT/none.d" no-such-monitor-hvt)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"FAIL monitor "*"not found"* ]] || { bad "a missing monitor: rc=$rc $out"; return; }
	sed 's/ mmap,//' "$T/true.yaml" >"$T/no-mmap.yaml"
	out=$("$W" check --overlays "$TT/none.d" --policy "$T/no-mmap.yaml" /bin/true)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"FAIL run "*"killed by SIGSYS"*"diagnose --pid"* ]] || { bad "a policy without mmap: rc=$rc $out"; return; }
	local what="a missing monitor, a real run killed by SIGSYS"
	if is_root && command -v setpriv >/dev/null && [ "$(stat -c %a /dev/kvm 2>/dev/null)" = 600 ]; then
		out=$(setpriv --reuid 1000 --regid 1000 --clear-groups "$W" check --overlays "$TT/none.d")
		rc=$?
		[ $rc = 1 ] && [[ $out == *"FAIL kvm "*"permission denied"*"group"* ]] || { bad "as uid 1000 without /dev/kvm access: rc=$rc $out"; return; }
		what="$what, /dev/kvm not accessible to uid 1000"
	fi
	mkdir -p "$OV/bad.d" && chmod 755 "$OV/bad.d"
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [frob]\n' >"$OV/bad.d/local.yaml"
	chmod 644 "$OV/bad.d/local.yaml"
	out=$("$W" check --overlays "$OV/bad.d")
	[ $? = 1 ] && [[ $out == *"FAIL overlays "*'local.yaml:4: unknown syscall "frob"'* ]] || { bad "a bad overlay: $out"; return; }
	ok "check fails with the reason and exit 1: $what, a bad overlay"
}

# --- stress -----------------------------------------------------------------
stress() {
	local runs=${STRESS_RUNS:-5000}
	local out
	out=$(./stress.sh "$W" "$T/true.yaml" "$runs" 0 /bin/true)
	[[ $out == *" 0 killed, 0 failed"* ]] && ok "$out" || bad "$out"
}

for name in exact_policy_runs extra_call_killed pid_env_status_kept kvm_guest_runs arguments_untouched \
	bad_inputs signal_window signal_state_kept bounded_inputs contradictory_flags overlay_swap_race audit_mode landlock_reach caps_dropped attacks argument_confusion no_new_privs cannot_loosen qemu_sandbox qemu_sandbox_off_refused \
	version_detection version_not_run solo5_real exec_chain export_in_kernel learn_single_thread learn_multi_thread \
	learn_dynamic_true learn_compare diagnose_names_kill diagnose_unreadable diagnose_saved_log overlay_adds_call overlay_refused dropin_overlay \
	check_passes check_fails stress; do
	t $name
done

echo "$pass passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
