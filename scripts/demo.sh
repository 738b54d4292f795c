#!/usr/bin/env bash
# demo.sh WRAPPER: the main job in under a minute. A small KVM test monitor
# (e2e/testmon.c) runs a real guest inside the embedded solo5-hvt policy; its
# own /proc/self/status shows the filter; then it tries one forbidden call
# (socket), the kernel kills it, and diagnose names the call. Without a
# writable /dev/kvm here (or with DEMO_VM=1), the same runs inside the VM
# test bed (a Debian kernel under QEMU's software emulation, with KVM
# nested in it).
set -eu
w=$(realpath "$1")
cd "$(dirname "$0")/../e2e"
if [ -z "${DEMO_IN_VM:-}" ]; then # in the VM, vmtest.sh built the monitor
	mkdir -p build
	gcc -O2 -o build/testmon testmon.c
fi
if [ -z "${DEMO_IN_VM:-}" ] && { [ ! -w /dev/kvm ] || [ -n "${DEMO_VM:-}" ]; }; then
	why="No writable /dev/kvm here"
	[ -w /dev/kvm ] && why="DEMO_VM=1"
	echo "$why: running the demo in a VM (QEMU, software emulation; the first run downloads Debian's kernel)." >&2
	exec env VM_DEMO=1 vm/vmtest.sh
fi
printf '\xe6\xf0\xbe\x00\x81\x00\x00\x8a\x06\x84\xc0\x74\x07\xe6\xe9\x48\xff\xc6\xeb\xf3\xb0\x00\xe6\xf4\xf4' >build/demo-guest.bin
head -c $((0x100 - 25)) /dev/zero >>build/demo-guest.bin
printf 'Hello from a KVM guest, inside the seccomp filter\n\0' >>build/demo-guest.bin

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
say "$(basename "$w") --dry-run --monitor solo5-hvt --monitor-version v0.12.1 build/testmon build/demo-guest.bin"
"$w" --dry-run --monitor solo5-hvt --monitor-version v0.12.1 build/testmon build/demo-guest.bin
say "$(basename "$w") --monitor solo5-hvt --monitor-version v0.12.1 build/testmon build/demo-guest.bin &"
rm -f build/demo-go && mkfifo build/demo-go
TESTMON_PAUSE=1 "$w" --monitor solo5-hvt --monitor-version v0.12.1 build/testmon build/demo-guest.bin <build/demo-go &
pid=$! # the wrapper's PID is the monitor's
exec 9>build/demo-go # testmon waits on stdin before its first KVM_RUN
for _ in $(seq 300); do grep -q '^Name:.*testmon' /proc/$pid/status 2>/dev/null && break; sleep 0.1; done
say "grep -E 'Name|Pid|NoNewPrivs|Seccomp' /proc/$pid/status     # from outside, as an operator checks"
grep -E '^(Name|Pid|NoNewPrivs|Seccomp)' /proc/$pid/status
echo go >&9
exec 9>&-
wait $pid
rm -f build/demo-go
say "$(basename "$w") --monitor solo5-hvt --monitor-version v0.12.1 build/testmon --forbid=socket build/demo-guest.bin"
set +e
"$w" --monitor solo5-hvt --monitor-version v0.12.1 build/testmon --forbid=socket build/demo-guest.bin 2>/dev/null &
pid=$! # the wrapper's PID is the monitor's
wait $pid 2>/dev/null
rc=$?
set -e
echo "exit status $rc = 128 + $((rc - 128)) (SIGSYS): socket(AF_INET, SOCK_STREAM) was stopped by the filter"
say "$(basename "$w") diagnose --pid $pid"
"$w" diagnose --pid "$pid" 2>&1 | head -1 || true
