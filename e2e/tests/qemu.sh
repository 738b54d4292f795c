# shellcheck shell=bash
# e2e tests, QEMU's own sandbox.
# Sourced by e2e/run.sh, which defines the helpers (ok, bad, skip, W, B, T, TT...).

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
