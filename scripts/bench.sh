#!/usr/bin/env bash
# bench.sh: builds what it needs and prints, side by side in one run, the
# numbers behind the README's performance section. Ratios, not assertions:
# these machines are noisy, so nothing here fails on a number.
set -eu
cd "$(dirname "$0")/.."
for need in /usr/include/seccomp.h:libseccomp-dev /usr/bin/gcc:gcc; do
	[ -e "${need%%:*}" ] || { echo "bench: ${need%%:*} is missing: as root, apt-get install ${need#*:} (strace and valgrind add two rows)" >&2; exit 1; }
done
B=$(mktemp -d /tmp/urunc-seccomp-bench.XXXXXX)
trap 'rm -rf "$B"' EXIT
# As make build: the wrapper-only build runtimes exec, the full one beside it.
CGO_ENABLED=0 go build -tags wrapperonly -trimpath -o "$B/urunc-seccomp-exec" .
CGO_ENABLED=0 go build -trimpath -o "$B/urunc-seccomp-exec-tools" .
CGO_ENABLED=0 go build -tags wrapperonly -trimpath -ldflags=-s\ -w -o "$B/urunc-seccomp-exec.release" .
CGO_ENABLED=0 go build -trimpath -o "$B/execonly" ./scripts/execonly
CGO_ENABLED=0 go build -trimpath -o "$B/execonly-deps" ./scripts/execonly-deps
go build -o "$B/bench" ./scripts/bench
gcc -O2 -o "$B/callloop" scripts/callloop.c
gcc -O2 -o "$B/cexeconly" scripts/execonly.c
gcc -O2 -o "$B/libseccomp-wrapper" scripts/libseccomp-wrapper.c -lseccomp
gcc -O2 -o "$B/equal-wrapper" scripts/equal-wrapper.c
# The equal-protection C wrapper gets our exported program and the paths
# our Landlock rules name for the same command.
"$B/urunc-seccomp-exec" policy --monitor solo5-hvt --monitor-version v0.12.1 --format bpf >"$B/ours.bpf"
# bubblewrap installs its filter before its own execve, which it cannot
# guard by pointer: the same policy with execve allowed.
"$B/urunc-seccomp-exec" policy --monitor solo5-hvt --monitor-version v0.12.1 --format yaml >"$B/bwrap.yaml"
printf '  - action: allow\n    names: [execve]\n' >>"$B/bwrap.yaml"
"$B/urunc-seccomp-exec" policy --policy "$B/bwrap.yaml" --format bpf >"$B/bwrap.bpf"
"$B/urunc-seccomp-exec" --dry-run -v --monitor solo5-hvt --monitor-version v0.12.1 /bin/true 2>&1 >/dev/null |
	sed -n 's/^urunc-seccomp-exec: landlock: execute \([^ ]*\) (.*/-x \1/p; s/^urunc-seccomp-exec: landlock: read files under \([^ ]*\) (.*/-R \1/p; s/^urunc-seccomp-exec: landlock: read \([^ ]*\) (.*/-r \1/p' >"$B/equal.args"
"$B/bench" rules policies.yaml "$B/rules.txt"
printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [brk, arch_prctl, mmap, access, openat, newfstatat, close, read, pread64, mprotect, set_tid_address, set_robust_list, rseq, prlimit64, munmap, getrandom, exit_group]\n' >"$B/true.yaml"

"$B/bench" insns policies.yaml "$B/theirs.bpf"
echo
echo "2. compile (policies.yaml parsed, then resolved, to BPF; the wrapper starts from the parsed catalog) and install (seccomp(2) alone), Go benchmarks"
go test -run '^$' -bench 'Compile|Install' -benchtime 2000x ./filters | grep -E '^Benchmark' | sed 's/^/   /'
echo
"$B/bench" startup "${STARTUP_RUNS:-300}" "$B"
# A KVM monitor's whole run, wrapped against unwrapped: testmon's guest,
# and a real solo5-hvt's test_hello when one is at hand.
if [ -w /dev/kvm ]; then
	gcc -O2 -o "$B/testmon" e2e/testmon.c
	# shellcheck source=/dev/null
	. e2e/tests/setup_suite.bash && write_guest "$B/guest.bin"
	"$B/bench" monitor "${MONITOR_RUNS:-200}" "testmon, its test guest" -- "$B/testmon" "$B/guest.bin" -- \
		"$B/urunc-seccomp-exec" --monitor solo5-hvt --monitor-version v0.12.1 "$B/testmon" "$B/guest.bin"
	hvt=${SOLO5_HVT:-$(command -v solo5-hvt || true)}
	hello=${SOLO5_TESTS:-}/test_hello/test_hello.hvt
	if [ -x "$hvt" ] && [ -f "$hello" ]; then
		"$B/bench" monitor "${MONITOR_RUNS:-200}" "solo5-hvt test_hello" -- "$hvt" --mem=64 "$hello" -- "$B/urunc-seccomp-exec" "$hvt" --mem=64 "$hello"
	else
		echo "   (no solo5-hvt with SOLO5_TESTS: its row is skipped)"
	fi
else
	echo "   (no /dev/kvm: the whole-run rows of a KVM monitor are skipped; they need this machine's KVM)"
fi
echo
"$B/urunc-seccomp-exec" policy --format bpf >"$B/ours-any.bpf"
n=${CALLS:-2000000}
echo "4. per-call cost in the kernel, $n calls each (ns/call): cached read(-1), argument-checked ioctl(-1, KVM_RUN)"
read -r r0 i0 < <("$B/callloop" "$n")
read -r r1 i1 < <("$B/callloop" "$B/ours-any.bpf" "$n")
read -r r2 i2 < <("$B/callloop" "$B/theirs.bpf" "$n")
printf '   %-30s %10s %12s\n' "" "read" "ioctl"
printf '   %-30s %10s %12s\n' "no filter" "$r0" "$i0"
printf '   %-30s %10s %12s\n' "ours (tree, KVM_RUN checked)" "$r1" "$i1"
printf '   %-30s %10s %12s\n' "go-seccomp-bpf (linear, same)" "$r2" "$i2"
awk -v a="$i1" -v b="$i2" -v z="$i0" 'BEGIN { printf "   filter overhead on ioctl, ours / theirs: %.2f\n", (a - z) / (b - z) }'
echo
# The same start-up in counts that do not depend on the machine's load.
W=("$B/urunc-seccomp-exec" --monitor solo5-hvt --monitor-version v0.12.1 /bin/true)
echo "5. system calls from start to the monitor's exec (strace -f, one run each, calls up to and including that execve)"
upto_exec() { strace -f -qq -o "$B/strace.out" "$@" >/dev/null; awk '/execve\("\/bin\/true"/ { print NR; exit }' "$B/strace.out" | { read -r n; head -n "$n" "$B/strace.out" | grep -cv -e 'resumed>' -e '^[0-9]* +++' -e '^[0-9]* ---'; }; }
if command -v strace >/dev/null; then
	s0=$(upto_exec "$B/execonly" /bin/true); s1=$(upto_exec "$B/libseccomp-wrapper" "$B/rules.txt" /bin/true); s2=$(upto_exec "${W[@]}")
	printf '   %-44s %6d\n' "Go exec-only" "$s0" "C libseccomp wrapper" "$s1" "urunc-seccomp-exec, embedded hvt policy" "$s2"
	echo "   ours - Go exec-only: $((s2 - s0))   (goal <= 15)"
	echo "   commands: B/execonly /bin/true; B/libseccomp-wrapper B/rules.txt /bin/true; ${W[*]/#$B/B}"
else
	echo "   (no strace: skipped)"
fi
echo
echo "6. user-space instructions of the main thread until the window (callgrind; Go under GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off, as valgrind needs)"
# insns FUNCTION COMMAND...: instructions the main thread executed before
# FUNCTION was first entered. The main thread alone: the Go runtime's other
# threads (sysmon) run for as long as valgrind takes, so their counts vary.
insns() {
	local f=$1; shift
	rm -f "$B"/cg.*
	GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$B/cg.%p" --dump-before="$f" "$@" >/dev/null 2>&1 || true
	awk '/^totals:/ { print $2 }' "$B"/cg.*.1-01 2>/dev/null | head -1
}
if command -v valgrind >/dev/null; then
	i0=$(insns syscall.Exec "$B/execonly" /bin/true)
	i1=$(insns execve "$B/cexeconly" /bin/true)
	# libseccomp compiles inside seccomp_load; its window opens with prctl(PR_SET_NO_NEW_PRIVS).
	i2=$(LIBSECCOMP_WRAPPER_API=6 insns prctl "$B/libseccomp-wrapper" "$B/rules.txt" /bin/true)
	i3=$(insns urunc-seccomp-exec/wrapper.installAndExec "${W[@]}")
	printf '   %-44s %10d\n' "Go exec-only (to syscall.Exec)" "$i0" "C exec-only (to execve)" "$i1" "C libseccomp wrapper (to prctl, in seccomp_load)" "$i2" "urunc-seccomp-exec (to the raw window)" "$i3"
	awk -v a="$i3" -v b="$i0" -v c="$i2" 'BEGIN { printf "   ours / Go exec-only: %.2f (goal <= 2)   ours / C libseccomp: %.2f\n", a / b, a / c }'
	echo "   commands: valgrind --tool=callgrind --separate-threads=yes --dump-before=FUNCTION, on the commands of 3 and 5 (FUNCTION in brackets above)"
else
	echo "   (no valgrind: skipped)"
fi
echo
echo "7. binary size (bytes)"
for f in urunc-seccomp-exec urunc-seccomp-exec.release execonly libseccomp-wrapper; do printf '   %-44s %10d\n' "$f" "$(stat -c %s "$B/$f")"; done
echo "   (the release build is -ldflags=-s -w, as make build; the C wrapper also loads libseccomp.so)"
echo
echo
echo "8. what each library costs at start, imported alone into the exec-only program (scripts/execonly-deps through go build -overlay), ${LIB_RUNS:-300} interleaved rounds, medians, the difference from none"
for imp in none debug/elf github.com/goccy/go-yaml github.com/landlock-lsm/go-landlock/landlock golang.org/x/net/bpf github.com/spf13/pflag github.com/spf13/cobra; do
	name=lib-${imp//\//_}
	{
		echo 'package main'
		echo 'import ('
		[ "$imp" = none ] || echo "	_ \"$imp\""
		printf '\t"os"\n\t"syscall"\n)\n'
		echo 'func main() { syscall.Exec(os.Args[1], os.Args[1:], os.Environ()) }'
	} >"$B/$name.go"
	printf '{"Replace": {"%s": "%s"}}\n' "$PWD/scripts/execonly-deps/main.go" "$B/$name.go" >"$B/$name.json"
	CGO_ENABLED=0 go build -trimpath -overlay "$B/$name.json" -o "$B/$name" ./scripts/execonly-deps
done
"$B/bench" compare "${LIB_RUNS:-300}" "$B"/lib-none "$B"/lib-debug_elf "$B"/lib-github.com_goccy_go-yaml "$B"/lib-github.com_landlock-lsm_go-landlock_landlock \
	"$B"/lib-golang.org_x_net_bpf "$B"/lib-github.com_spf13_pflag "$B"/lib-github.com_spf13_cobra
