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
# STRESS_RUNS (default 2000) for the stress test, LEARN_RUNS (default 500)
# for each program the learn tests run under its learned policy,
# STORM_RUNS (default 100) for each signal storm of signal_window (20 times
# as many single SIGTERMs).
set -u
cd "$(dirname "$0")"
E2E=$PWD
B=$E2E/build
# E2E_WRAPPER: test another build of the wrapper (an older commit's, to see
# a test fail on the code before its fix).
W=${E2E_WRAPPER:-$B/urunc-seccomp-exec}
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
# Each line ends with the test's time so far, to see where a run's time goes.
took() { echo "[$((SECONDS - START)) s]"; }
ok()   { pass=$((pass + 1));     echo "PASS $CUR: $* $(took)"; }
bad()  { failed=$((failed + 1)); echo "FAIL $CUR: $* $(took)"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $CUR: $* $(took)"; }
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
	overlay_adds_call dropin_overlay check_passes exec_chain interpreter_first_only udp_refused unconfined_keeps_reach
	inherited_fds_closed block_growth_bounded taps_without_capability)
SELECT=()
for word in "$@"; do
	if [ "$word" = @vm ]; then SELECT+=("${VM_TESTS[@]}"); else SELECT+=("$word"); fi
done
# t NAME: run test NAME if selected, with TT a folder of its own.
t() {
	CUR=$1
	wanted "$1" || return 0
	TT=$(mktemp -d "$T/$1.XXXXXX")
	START=$SECONDS
	"$1"
}

# --- build -------------------------------------------------------------------
# E2E_PREBUILT=1 (the VM test bed, which has no compiler): $B already holds
# the wrapper and the helpers, built for this machine by e2e/vm/vmtest.sh.
if [ -z "${E2E_PREBUILT:-}" ]; then
	[ -n "${E2E_WRAPPER:-}" ] || CGO_ENABLED=0 go build -o "$W" .. || { echo "FAIL build: go build"; exit 1; }
	gcc -O2 -Wall -o "$B/testmon" testmon.c || { echo "FAIL build: testmon.c"; exit 1; }
	gcc -O2 -Wall -o "$B/twointerp" twointerp.c && "$B/twointerp" "$B/testmon" "$B/testmon-interp2" / ||
		{ echo "FAIL build: twointerp.c"; exit 1; }
	gcc -O2 -Wall -o "$B/bpfcall" bpfcall.c || { echo "FAIL build: bpfcall.c"; exit 1; }
	gcc -O2 -Wall -pthread -o "$B/learnee" learnee.c || { echo "FAIL build: learnee.c"; exit 1; }
	gcc -O2 -Wall -o "$B/sigstorm" sigstorm.c || { echo "FAIL build: sigstorm.c"; exit 1; }
	gcc -O2 -Wall -o "$B/withmask" withmask.c || { echo "FAIL build: withmask.c"; exit 1; }
	gcc -O2 -Wall -static -o "$B/minirt" minirt.c 2>/dev/null || rm -f "$B/minirt"
	gcc -O2 -Wall -o "$B/mktap" mktap.c || { echo "FAIL build: mktap.c"; exit 1; }
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
# The monitor's reach, shared by the areas' tests (escapes, qemu, monitors).
have_landlock() { "$W" --dry-run -v "${HVT12[@]}" "$B/testmon" "$GUEST" 2>&1 | grep -q 'landlock ABI [1-9]'; }
as_attacker() { setpriv --reuid 1000 --regid 1000 --clear-groups "$@"; }

# tried CMD...: run CMD (a wrapped testmon) with no KVM set-up, its exit
# status in RC and its stderr in ERR.
tried() {
	TESTMON_NO_KVM=1 quietly "$@" >/dev/null 2>"$TT/tried.err"
	RC=$?
	ERR=$(cat "$TT/tried.err")
}
opened() { [[ $ERR == *" returned "[0-9]*" (errno 0): not stopped"* ]]; } # the attack's call succeeded
denied() { [[ $ERR == *" returned -1 (errno $1)"* ]]; }                   # it failed with errno $1

# add_tap NAME [UID]: a persistent tap, ownerless or UID's; del_tap NAME
# (e2e/mktap.c: busybox's ip has no tuntap).
add_tap() { "$B/mktap" "$@"; }
del_tap() { "$B/mktap" -d "$1"; }
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

# The tests, by area: each file under e2e/tests defines test functions.
for area in "$E2E"/tests/*.sh; do
	# shellcheck source=/dev/null
	. "$area"
done

for name in exact_policy_runs extra_call_killed pid_env_status_kept kvm_guest_runs arguments_untouched \
	bad_inputs signal_window signal_state_kept bounded_inputs contradictory_flags overlay_swap_race audit_mode landlock_reach caps_dropped attacks argument_confusion no_new_privs cannot_loosen qemu_sandbox qemu_sandbox_off_refused qemu_confined monitors_confined \
	paths_granted_once symlink_flip_race interpreter_first_only taps_without_capability udp_refused \
	unconfined_keeps_reach inherited_fds_closed block_growth_bounded \
	version_detection version_not_run solo5_real exec_chain export_in_kernel learn_single_thread learn_multi_thread \
	learn_dynamic_true learn_compare diagnose_names_kill diagnose_unreadable diagnose_saved_log overlay_adds_call overlay_refused dropin_overlay \
	check_passes check_fails stress; do
	t $name
done

echo "$pass passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
