# shellcheck shell=bash
# Run once before the e2e suite (bats): build the wrapper and the C helpers,
# write the test guest, and export the paths helpers.bash describes.

setup_suite() {
	E2E=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	SUITE_TMP=$(mktemp -d /tmp/urunc-seccomp-e2e.XXXXXX) && chmod 755 "$SUITE_TMP"
	export E2E SUITE_TMP
	local build=$E2E/build
	mkdir -p "$build"
	# E2E_PREBUILT=1 (the VM test bed, which has no compiler): the build
	# folder already holds the wrapper and the helpers, built for this
	# machine by e2e/vm/vmtest.sh. E2E_WRAPPER: test another build of the
	# wrapper (an older commit's, to see a test fail on the code before its
	# fix).
	if [ -z "${E2E_PREBUILT:-}" ]; then
		if [ -z "${E2E_WRAPPER:-}" ]; then
			# As make build: the wrapper-only build, and the full one beside it.
			(cd "$E2E/.." && CGO_ENABLED=0 go build -tags wrapperonly -o "$build/urunc-seccomp-exec" . &&
				CGO_ENABLED=0 go build -o "$build/urunc-seccomp-exec-tools" .) || suite_failed "go build"
		fi
		local h
		for h in testmon bpfcall sigstorm withmask twointerp mktap unixlisten; do
			gcc -O2 -Wall -o "$build/$h" "$E2E/$h.c" || suite_failed "gcc $h.c"
		done
		gcc -O2 -Wall -pthread -o "$build/learnee" "$E2E/learnee.c" || suite_failed "gcc learnee.c"
		gcc -O2 -Wall -shared -fPIC -o "$build/qemuattack.so" "$E2E/qemuattack.c" -ldl || suite_failed "gcc qemuattack.c"
		"$build/twointerp" "$build/testmon" "$build/testmon-interp2" / || suite_failed "twointerp"
		# minirt runs in an empty root: static, when a static libc is here.
		gcc -O2 -Wall -static -o "$build/minirt" "$E2E/minirt.c" 2>/dev/null || rm -f "$build/minirt"
	fi
	# The tests run what they need from a copy in SUITE_TMP: uid 1000, the
	# attacker of several tests, cannot reach a checkout under /root.
	B=$SUITE_TMP/build
	cp -a "$build" "$B" && chmod -R a+rX "$B" || suite_failed "copy $build to $B"
	W=$B/urunc-seccomp-exec
	if [ -n "${E2E_WRAPPER:-}" ]; then # an older build: one binary, with its subcommands
		cp "$E2E_WRAPPER" "$W" && rm -f "$B/urunc-seccomp-exec-tools" || suite_failed "copy E2E_WRAPPER"
	fi
	export B W
	write_guest "$B/guest.bin" || suite_failed "no test guest for $(uname -m)"
	export GUEST=$B/guest.bin
	SUITE_OV=$(mktemp -d "$(trusted_base "$build")/urunc-seccomp-e2e-ov.XXXXXX") && chmod 755 "$SUITE_OV" ||
		suite_failed "no folder only root or this user can write, for overlays"
	export SUITE_OV
	# The host's overlays (/etc/urunc-seccomp-exec/policies.d) must not
	# change what the tests see; tests that use overlays name their own.
	export URUNC_SECCOMP_EXEC_OVERLAYS=$SUITE_TMP/no-overlays
	# A policy with exactly what dynamic /bin/true calls after execve (the
	# wrapper adds its own execve rule).
	export TRUE_POLICY=$SUITE_TMP/true.yaml
	cat >"$TRUE_POLICY" <<'EOF'
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
}

teardown_suite() {
	rm -rf "$SUITE_TMP" "$SUITE_OV"
}

suite_failed() {
	echo "e2e set-up failed: $*" >&2
	return 1
}

# trusted_base BUILD: the first of /run, BUILD and $HOME whose every parent
# only root or this user can write (overlays are read only from such
# folders). /run first: uid 1000 can reach it, and some tests attack
# overlays as uid 1000 (a checkout under /root is out of its reach).
trusted_base() {
	local base d st
	for base in /run "$1" "$HOME"; do
		d=$base
		while :; do
			st=$(stat -Lc '%u %a' "$d" 2>/dev/null) || continue 2
			{ [ "${st% *}" = 0 ] || [ "${st% *}" = "$(id -u)" ]; } && [ $((8#${st#* } & 8#022)) = 0 ] || continue 2
			[ "$d" = / ] && break
			d=$(dirname "$d")
		done
		[ -w "$base" ] && echo "$base" && return
	done
	return 1
}

# write_guest FILE: the guest, loaded at 0x8000: it asks for the block
# file, prints the string at 0x8100, exits 7. x86-64 long mode: ports 0xf0,
# 0xe9, 0xf4. arm64 EL1, MMU off: MMIO bytes at 0x10000000 +0x10, +0, +0x20
# (status), then PSCI SYSTEM_OFF (hvc); assembled from e2e/testmon.c's
# description with aarch64-linux-gnu-as.
write_guest() {
	case $(uname -m) in
	x86_64)
		printf '\xe6\xf0\xbe\x00\x81\x00\x00\x8a\x06\x84\xc0\x74\x07\xe6\xe9\x48\xff\xc6\xeb\xf3\xb0\x07\xe6\xf4\xf4' >"$1"
		head -c $((0x100 - 25)) /dev/zero >>"$1"
		;;
	aarch64)
		# movz x1,#0x1000,lsl#16; strb wzr,[x1,#0x10]; movz x2,#0x8100; 1: ldrb w3,[x2],#1;
		# cbz w3,2f; strb w3,[x1]; b 1b; 2: mov w3,#7; strb w3,[x1,#0x20];
		# movz x0,#8; movk x0,#0x8400,lsl#16; hvc #0; b .
		printf '\x01\x00\xa2\xd2\x3f\x40\x00\x39\x02\x20\x90\xd2\x43\x14\x40\x38\x63\x00\x00\x34\x23\x00\x00\x39\xfd\xff\xff\x17\xe3\x00\x80\x52\x23\x80\x00\x39\x00\x01\x80\xd2\x00\x80\xb0\xf2\x02\x00\x00\xd4\x00\x00\x00\x14' >"$1"
		head -c $((0x100 - 52)) /dev/zero >>"$1"
		;;
	*) return 1 ;;
	esac
	printf 'Hello from the guest\n\0' >>"$1"
}
