#!/usr/bin/env bash
# bench.sh: builds what it needs and prints, side by side in one run, the
# numbers behind the README's performance section. Ratios, not assertions:
# these machines are noisy, so nothing here fails on a number.
set -eu
cd "$(dirname "$0")/.."
B=$(mktemp -d /tmp/urunc-seccomp-bench.XXXXXX)
trap 'rm -rf "$B"' EXIT
CGO_ENABLED=0 go build -o "$B/urunc-seccomp-exec" .
CGO_ENABLED=0 go build -o "$B/execonly" ./scripts/execonly
go build -o "$B/bench" ./scripts/bench
gcc -O2 -o "$B/callloop" scripts/callloop.c
printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names: [brk, arch_prctl, mmap, access, openat, newfstatat, close, read, pread64, mprotect, set_tid_address, set_robust_list, rseq, prlimit64, munmap, getrandom, exit_group]\n' >"$B/true.yaml"

"$B/bench" insns policies.yaml "$B/theirs.bpf"
echo
echo "2. compile (policies.yaml parsed, then resolved, to BPF; the wrapper starts from the parsed catalog) and install (seccomp(2) alone), Go benchmarks"
go test -run '^$' -bench 'Compile|Install' -benchtime 2000x ./filters | grep -E '^Benchmark' | sed 's/^/   /'
echo
"$B/bench" startup "${STARTUP_RUNS:-300}" "$B/urunc-seccomp-exec" "$B/execonly" "$B/true.yaml"
echo
"$B/urunc-seccomp-exec" policy --format bpf >"$B/ours.bpf"
n=${CALLS:-2000000}
echo "4. per-call cost in the kernel, $n calls each (ns/call): cached read(-1), argument-checked ioctl(-1, KVM_RUN)"
read -r r0 i0 < <("$B/callloop" "$n")
read -r r1 i1 < <("$B/callloop" "$B/ours.bpf" "$n")
read -r r2 i2 < <("$B/callloop" "$B/theirs.bpf" "$n")
printf '   %-30s %10s %12s\n' "" "read" "ioctl"
printf '   %-30s %10s %12s\n' "no filter" "$r0" "$i0"
printf '   %-30s %10s %12s\n' "ours (tree, KVM_RUN checked)" "$r1" "$i1"
printf '   %-30s %10s %12s\n' "go-seccomp-bpf (linear, same)" "$r2" "$i2"
awk -v a="$i1" -v b="$i2" -v z="$i0" 'BEGIN { printf "   filter overhead on ioctl, ours / theirs: %.2f\n", (a - z) / (b - z) }'
