#!/usr/bin/env bash
# demo.sh WRAPPER: the main job in a few seconds. A small KVM test monitor
# (built here with gcc) runs a real guest inside the embedded solo5-hvt
# policy; its own /proc/self/status shows the filter; then it tries one
# forbidden call (socket), the kernel kills it, and diagnose names the call.
set -eu
w=$(realpath "$1")
cd "$(dirname "$0")/../e2e"
mkdir -p build
gcc -O2 -o build/testmon testmon.c
printf '\xe6\xf0\xbe\x00\x81\x00\x00\x8a\x06\x84\xc0\x74\x07\xe6\xe9\x48\xff\xc6\xeb\xf3\xb0\x00\xe6\xf4\xf4' >build/demo-guest.bin
head -c $((0x100 - 25)) /dev/zero >>build/demo-guest.bin
printf 'Hello from a KVM guest, inside the seccomp filter\n\0' >>build/demo-guest.bin

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
say "$(basename "$w") --dry-run --monitor solo5-hvt --monitor-version v0.12.1 build/testmon build/demo-guest.bin"
"$w" --dry-run --monitor solo5-hvt --monitor-version v0.12.1 build/testmon build/demo-guest.bin
if [ ! -w /dev/kvm ]; then
	echo "no writable /dev/kvm here: the rest of the demo needs KVM" >&2
	exit 0
fi
say "$(basename "$w") --monitor solo5-hvt --monitor-version v0.12.1 build/testmon --status build/demo-guest.bin"
"$w" --monitor solo5-hvt --monitor-version v0.12.1 build/testmon --status build/demo-guest.bin 2>&1
say "$(basename "$w") --monitor solo5-hvt --monitor-version v0.12.1 build/testmon --forbid socket build/demo-guest.bin"
set +e
"$w" --monitor solo5-hvt --monitor-version v0.12.1 build/testmon --forbid socket build/demo-guest.bin 2>/dev/null &
pid=$! # the wrapper's PID is the monitor's
wait $pid 2>/dev/null
rc=$?
set -e
echo "exit status $rc = 128 + $((rc - 128)) (SIGSYS): socket(AF_INET, SOCK_STREAM) was stopped by the filter"
say "$(basename "$w") diagnose --pid $pid"
"$w" diagnose --pid "$pid" 2>&1 | head -1 || true
