#!/usr/bin/env bats
# e2e tests, the floor (wrapper/floor.go): what Landlock does not govern
# (modes and owners, xattrs, keyrings, SysV IPC, UDP, connect to a unix
# socket, TIOCSTI, exec through the loader), attacked as root from inside
# monitors whose own filter is the only one: stand-ins under each name, a
# solo5-hvt under --unconfined, and the real QEMU after its -sandbox is on.
# Each attack is also made under --unconfined --unrestricted (no floor):
# there it succeeds, so the attacker could act.

load helpers

# floor_targets: root's objects the attacks aim at, made by root outside
# the monitor: a 0600 file, a key in root's user keyring, a 0600 SysV
# segment, a 0600 unix socket. Sets VICTIM KEY SHM SOCK.
floor_targets() {
	VICTIM=$TT/victim SOCK=$TT/ctl.sock
	echo secret >"$VICTIM" && chmod 600 "$VICTIM"
	KEY=$(keyctl add user "urunc-e2e-$BATS_TEST_NAME" topsecret @u) || { fail "set-up: keyctl add"; return; }
	echo "$KEY" >"$TT/key"
	SHM=$(ipcmk -M 4096 -p 0600 | sed -n 's/.*id: *//p') || { fail "set-up: ipcmk"; return; }
	echo "$SHM" >"$TT/shm"
	"$B/unixlisten" "$SOCK" 60 3>&- &
	echo $! >"$TT/listener"
	for _ in $(seq 50); do [ -S "$SOCK" ] && return; sleep 0.1; done
	fail "set-up: no socket at $SOCK"
}

teardown() {
	[ ! -e "$TT/listener" ] || kill "$(cat "$TT/listener")" 2>/dev/null || true
	[ ! -e "$TT/key" ] || keyctl unlink "$(cat "$TT/key")" @u >/dev/null 2>&1 || true
	[ ! -e "$TT/shm" ] || ipcrm -m "$(cat "$TT/shm")" 2>/dev/null || true
}

# floor_attacks: NAME:ERRNO of each attack the floor answers EPERM (1).
floor_attacks() {
	echo "chmod-suid:$VICTIM:1" "setxattr:$VICTIM:1" "keyctl-read:$KEY:1" "shm-write:$SHM:1" \
		"udp-loopback:1" "connect:$SOCK:1" "io-uring:1"
}

# tty_tried CMD...: tried, with a pseudo-terminal as the controlling
# terminal and stdin (script(1)), for TIOCSTI.
tty_tried() {
	local q
	q=$(printf '%q ' "$@")
	RC=0
	script -qec "TESTMON_NO_KVM=1 $q 2>$TT/tried.err" /dev/null </dev/null >/dev/null 2>&1 || RC=$?
	ERR=$(cat "$TT/tried.err")
}

@test "floor_stand_ins" {
	requires root landlock
	floor_targets || return
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] || skip "TIOCSTI is off in this kernel (dev.tty.legacy_tiocsti=0): nothing to attack"
	echo kernel >"$TT/kernel" && truncate -s 1M "$TT/disk.img" && mkdir "$TT/bin"
	echo "{\"boot-source\":{\"kernel_image_path\":\"$TT/kernel\"}}" >"$TT/fc.json"
	local m line a n=0 flags
	for m in qemu-system-x86_64 firecracker cloud-hypervisor solo5-spt solo5-hvt; do
		cp "$B/testmon" "$TT/bin/$m"
		flags=()
		case $m in
		qemu-system-x86_64) line=(-m 64M -nographic -kernel "$TT/kernel") ;;
		firecracker) line=(--no-api --config-file "$TT/fc.json") ;;
		cloud-hypervisor) line=(--kernel "$TT/kernel" --cmdline console=hvc0) ;;
		solo5-spt) line=(--mem=64 --block:storage="$TT/disk.img" "$TT/kernel") ;;
		solo5-hvt) line=(--mem=64 "$TT/kernel") flags=(--unconfined "${HVT12[@]}") ;;
		esac
		# shellcheck disable=SC2046 # one word each
		for a in $(floor_attacks); do
			TESTMON_FORBID=${a%:*} tried "$W" --unconfined --unrestricted "${flags[@]:1}" "$TT/bin/$m" "${line[@]}"
			opened || { fail "$m, ${a%:*} without the floor: the attacker could not act: rc $RC: $ERR"; return; }
			chmod 600 "$VICTIM"
			TESTMON_FORBID=${a%:*} tried "$W" "${flags[@]}" "$TT/bin/$m" "${line[@]}"
			denied "${a##*:}" || { fail "$m, ${a%:*}: rc $RC: $ERR"; return; }
			n=$((n + 1))
		done
		[ "$(stat -c %a "$VICTIM")" = 600 ] || { fail "$m: the victim's mode is $(stat -c %a "$VICTIM")"; return; }
		tty_tried env TESTMON_FORBID=tiocsti-high "$W" --unconfined --unrestricted "${flags[@]:1}" "$TT/bin/$m" "${line[@]}"
		opened || { fail "$m, TIOCSTI without the floor: the attacker could not act: rc $RC: $ERR"; return; }
		tty_tried env TESTMON_FORBID=tiocsti-high "$W" "${flags[@]}" "$TT/bin/$m" "${line[@]}"
		denied 1 || { fail "$m, TIOCSTI (request with high bits): rc $RC: $ERR"; return; }
		n=$((n + 1))
	done
	pass "as root, under QEMU's, Firecracker's, cloud-hypervisor's, solo5-spt's names and solo5-hvt --unconfined: chmod 4777 of root's file, setxattr, root's key, root's SysV segment, UDP to 127.0.0.1, connect to root's 0600 socket, io_uring, TIOCSTI: EPERM ($n checks; each succeeded without the floor)"
}

@test "floor_exec_and_uid1000" {
	requires root landlock setpriv
	local ld so
	ld=$(readelf -l "$B/testmon" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	so=$(ldd "$B/testmon" | awk '/libc\.so/ {print $3}')
	[ -n "$ld" ] && [ -n "$so" ] || { fail "set-up: no loader or libc for testmon"; return; }
	# The loader is granted (execute), libc too (read): without the floor,
	# a monitor runs another program through them.
	TESTMON_FORBID=exec-loader:$ld:$so tried "$W" --unconfined "${HVT12[@]}" --unrestricted "$B/testmon" "$GUEST"
	[ "$RC" = 0 ] || { fail "without the floor, the loader did not run libc: rc $RC: $ERR"; return; }
	TESTMON_FORBID=exec-loader:$ld:$so tried "$W" --unconfined "${HVT12[@]}" "$B/testmon" "$GUEST"
	killed_by_sigsys "$RC" || { fail "--unconfined: exec through the loader: rc $RC, want 159 (SIGSYS): $ERR"; return; }
	# As uid 1000, its own private file made setuid.
	echo mine >"$TT/own" && chown 1000:1000 "$TT/own" && chmod 600 "$TT/own"
	TESTMON_FORBID=chmod-suid:$TT/own tried as_attacker "$W" --unconfined --unrestricted "${HVT12[@]}" "$B/testmon" "$GUEST"
	opened && [ "$(stat -c %a "$TT/own")" = 4777 ] || { fail "uid 1000 without the floor could not chmod its file: $ERR"; return; }
	chmod 600 "$TT/own"
	TESTMON_FORBID=chmod-suid:$TT/own tried as_attacker "$W" --unconfined "${HVT12[@]}" "$B/testmon" "$GUEST"
	denied 1 && [ "$(stat -c %a "$TT/own")" = 600 ] || { fail "uid 1000 under the floor: rc $RC: $ERR, mode $(stat -c %a "$TT/own")"; return; }
	pass "--unconfined keeps the exec guard: running libc through the granted loader is killed (it ran without the floor); uid 1000 cannot make its own file setuid (it could without the floor)"
}

@test "floor_in_real_qemu" {
	requires root qemu
	floor_targets || return
	local attacks a list="" out w rc
	attacks=$(floor_attacks)
	for a in $attacks; do list+=${list:+,}${a%:*}; done
	printf '\x31\xc0\x8e\xd8\xba\xf8\x03\xbe\x1b\x7c\xac\x84\xc0\x74\x03\xee\xeb\xf8\xba\xf4\x00\xb0\x03\xee\xf4\xeb\xfe' >"$TT/exit.img"
	{ printf 'Hello from QEMU\r\n\0'; head -c $((510 - 27 - 18)) /dev/zero; printf '\x55\xaa'; } >>"$TT/exit.img"
	# The attacker is preloaded into QEMU and granted as a read-only drive;
	# it strikes at the guest's first serial write, long after -sandbox.
	for w in unrestricted floor; do
		local flags=()
		[ $w = unrestricted ] && flags=(--unconfined --unrestricted)
		chmod 600 "$VICTIM"
		out=$(QEMU_ATTACKS=$list LD_PRELOAD=$B/qemuattack.so "$W" "${flags[@]}" qemu-system-x86_64 -machine pc -accel tcg -display none \
			-nodefaults -no-reboot -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 -drive file="$TT/exit.img",format=raw,if=floppy \
			-drive file="$B/qemuattack.so",format=raw,if=none,id=attacker,readonly=on 2>&1) && rc=0 || rc=$?
		[ "$rc" = 7 ] && [[ $out == *"Hello from QEMU"* ]] || { fail "$w: the real QEMU did not run its guest to the end: rc $rc: $out"; return; }
		for a in $attacks; do
			if [ $w = unrestricted ]; then
				[[ $out == *"qemuattack: ${a%:*} returned "[0-9]*" (errno 0)"* ]] || { fail "without the floor, ${a%:*} inside QEMU could not act: $out"; return; }
			else
				[[ $out == *"qemuattack: ${a%:*} returned -1 (errno ${a##*:})"* ]] || { fail "${a%:*} inside the real QEMU: $out"; return; }
			fi
		done
	done
	[ "$(stat -c %a "$VICTIM")" = 600 ] || { fail "the victim's mode is $(stat -c %a "$VICTIM")"; return; }
	pass "inside the real QEMU, after its own -sandbox: chmod 4777, setxattr, root's key, root's SysV segment, UDP, connect to root's socket, io_uring all EPERM under the floor (each succeeded without it); the guest ran to its end (7)"
}
