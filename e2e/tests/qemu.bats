#!/usr/bin/env bats
# e2e tests, QEMU's own sandbox.

load helpers

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
	{
		printf 'Hello from QEMU\r\n\0'
		head -c $((510 - 27 - 18)) /dev/zero
		printf '\x55\xaa'
	} >>"$out"
}
QEMU_ARGS=(-machine pc -accel tcg -display none -nodefaults -no-reboot -serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)

@test "qemu_sandbox" {
	requires qemu
	boot_sector 0 "$TT/exit.img"
	boot_sector 1 "$TT/spin.img"
	local out rc
	out=$("$W" qemu-system-x86_64 "${QEMU_ARGS[@]}" -drive file="$TT/exit.img",format=raw,if=floppy 2>"$TT/qemu.err") && rc=0 || rc=$?
	[ "$rc" = 7 ] && [[ $out == *"Hello from QEMU"* ]] || { fail "QEMU exit status $rc (want 7 unchanged), out=$out $(cat "$TT/qemu.err")"; return; }
	local mode want_seccomp pid status
	local want_filters
	for mode in confined unconfined unrestricted; do
		local flags=()
		want_seccomp=2 want_filters=2 # QEMU's own and the wrapper's floor
		[ $mode = unconfined ] && flags=(--unconfined) && want_filters=1 # the floor alone
		[ $mode = unrestricted ] && flags=(--unconfined --unrestricted) && want_seccomp=0
		"$W" "${flags[@]}" qemu-system-x86_64 "${QEMU_ARGS[@]}" -drive file="$TT/spin.img",format=raw,if=floppy >"$TT/qemu.out" 2>&1 3>&- &
		pid=$!
		for _ in $(seq 100); do grep -q "Hello from QEMU" "$TT/qemu.out" && break; sleep 0.1; done
		status=$(cat /proc/$pid/status 2>/dev/null) || true
		kill $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		grep -q "Hello from QEMU" "$TT/qemu.out" || { fail "$mode QEMU did not boot: $(cat "$TT/qemu.out")"; return; }
		echo "$status" | grep -q "^Name:[[:space:]]*qemu-system-x86" || { fail "$mode: PID $pid is not QEMU: $status"; return; }
		echo "$status" | grep -q "^Seccomp:[[:space:]]*$want_seccomp$" || { fail "$mode QEMU Seccomp is not $want_seccomp"; return; }
		if [ $want_seccomp = 2 ]; then
			echo "$status" | grep -qE "^Seccomp_filters:[[:space:]]*$want_filters$" || { fail "$mode QEMU: $(grep Seccomp_filters <<<"$status"), want $want_filters"; return; }
		fi
	done
	pass "QEMU booted a guest with its own sandbox on and the floor under it (Seccomp 2, 2 filters, same PID), its exit status 7 came back unchanged; --unconfined: the floor alone (1 filter); --unconfined --unrestricted: Seccomp 0"
}

@test "qemu_sandbox_off_refused" {
	requires qemu
	local rc
	"$W" qemu-system-x86_64 -sandbox off -machine none 2>/dev/null && rc=0 || rc=$?
	[ "$rc" = 125 ] && pass "-sandbox off is refused (125) unless --unconfined" || fail "-sandbox off exited $rc"
}

# What QEMU reaches (Landlock from its command line, no capabilities, the
# tap attached by the wrapper), shown on a stand-in under QEMU's name with
# QEMU's command lines, urunc's among them, and on a real QEMU from outside.
@test "qemu_confined" {
	requires root landlock tun
	echo secret >"$TT/secret" && chmod 600 "$TT/secret"
	truncate -s 1M "$TT/disk.img" && echo kernel >"$TT/kernel"
	cp "$B/testmon" "$TT/qemu-system-x86_64"
	del_tap tapurunc5 # left by an interrupted run
	add_tap tapurunc5 || { fail "set-up: cannot make a tap"; return; }
	# urunc's QEMU command line on Linux (pkg/unikontainers/hypervisors/qemu.go:
	# a tap with vhost, a block device, the serial console), unchanged.
	local urunc=(-m 64M -L /usr/share/qemu -cpu host -enable-kvm -display none -vga none -monitor null -serial stdio
		--sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny -kernel "$TT/kernel"
		-netdev tap,id=net0,script=no,downscript=no,ifname=tapurunc5 -device virtio-net-pci,netdev=net0,host_mtu=1500,mac=02:00:00:00:00:01
		-device virtio-blk-pci,serial=b0,drive=b0,scsi=off -drive format=raw,if=none,id=b0,file="$TT/disk.img" -append "console=ttyS0 root=/dev/vda")
	local a n=0 real=""
	local attacks=("open-ro:$TT/secret:13" "creat:$TT/new:13" "open-rw:/dev/net/tun:13" "execve-sh:kill" "open-rw:$TT/disk.img:0" "open-ro:$TT/kernel:0")
	[ -e /etc/passwd ] && attacks+=("open-ro:/etc/passwd:13") # not in the VM test bed's initramfs
	for a in "${attacks[@]}"; do
		TESTMON_FORBID=${a%:*} tried "$W" "$TT/qemu-system-x86_64" "${urunc[@]}"
		if [ "${a##*:}" = 0 ]; then opened; elif [ "${a##*:}" = kill ]; then killed_by_sigsys "$RC"; else denied "${a##*:}"; fi || { fail "urunc's line, ${a%:*}: rc $RC: $ERR"; return; }
		n=$((n + 1))
	done
	TESTMON_SHOW_ARGV=1 tried "$W" "$TT/qemu-system-x86_64" "${urunc[@]}"
	[[ $ERR == *"[tap,id=net0,fd="[0-9]*"]"* ]] || { fail "urunc's tap was not handed over as fd=: $ERR"; return; }
	# Options the wrapper cannot reason about are refused, never run.
	local o
	for o in "-readconfig $TT/qemu.cfg" "-netdev user,id=n1" "-object memory-backend-file,id=m,size=64M,mem-path=/proc" "$TT/disk.img" "-drive file=nbd:localhost:10809"; do
		# shellcheck disable=SC2086
		tried "$W" "$TT/qemu-system-x86_64" -m 64M $o
		[ "$RC" = 125 ] && [[ $ERR == "urunc-seccomp-exec: qemu: "* ]] && [[ $ERR != *testmon* ]] || { fail "$o: rc $RC, want 125: $ERR"; return; }
	done
	# urunc's virtiofs memory (mem-path, a tmpfs folder) runs as memfd.
	if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
		"$W" --dry-run "$TT/qemu-system-x86_64" -object memory-backend-file,id=mem,size=64M,mem-path=/dev/shm,share=on 2>&1 |
			grep -q "'memory-backend-memfd,id=mem,size=64M,share=on'\|memory-backend-memfd,id=mem,size=64M,share=on" ||
			{ fail "memory-backend-file on tmpfs is not run as memfd"; return; }
	fi
	# A real QEMU with a block image and the tap: from outside, no
	# capabilities, its own seccomp, and the tap on a descriptor.
	if command -v qemu-system-x86_64 >/dev/null; then
		boot_sector 1 "$TT/spin.img"
		"$W" qemu-system-x86_64 "${QEMU_ARGS[@]}" -drive file="$TT/spin.img",format=raw,if=floppy -drive file="$TT/disk.img",format=raw,if=virtio \
			-netdev tap,id=n0,ifname=tapurunc5,script=no,downscript=no -device e1000,netdev=n0 >"$TT/qemu.out" 2>&1 3>&- &
		local pid=$! status fds
		for _ in $(seq 100); do grep -q "Hello from QEMU" "$TT/qemu.out" && break; sleep 0.1; done
		status=$(cat /proc/$pid/status 2>/dev/null) || true
		fds=$(grep -l 'iff:.*tapurunc5' /proc/$pid/fdinfo/* 2>/dev/null | wc -l)
		kill $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		grep -q "Hello from QEMU" "$TT/qemu.out" || { fail "the real QEMU did not boot under Landlock: $(cat "$TT/qemu.out")"; return; }
		echo "$status" | grep -q '^Seccomp:[[:space:]]*2$' && echo "$status" | grep -q '^CapEff:[[:space:]]*0000000000000000$' &&
			echo "$status" | grep -q '^NoNewPrivs:[[:space:]]*1$' && [ "$fds" = 1 ] ||
			{ fail "the real QEMU: $(echo "$status" | grep -E '^(Seccomp|CapEff|NoNewPrivs):' | tr '\n' ' ') tap fds $fds"; return; }
		real="; a real QEMU booted with a block image and the tap: Seccomp 2, CapEff 0, NoNewPrivs 1, the tap on one fd"
	fi
	pass "a stand-in with urunc's QEMU line: its kernel and block open, a root-only secret, a new file, /etc/passwd, /dev/net/tun and exec of /bin/sh (killed by the floor) do not ($n checks), its tap handed over as fd=; -readconfig, user networking, memory-backend-file off tmpfs, a bare image and nbd: refused (125); virtiofs memory on tmpfs run as memfd$real"
}

# Each spelling of read-only QEMU itself reads as read-only is granted
# read-only: the real QEMU, an attacker preloaded into it, cannot write
# the image (QEMU's own info: the drive is read-only either way).
@test "qemu_readonly_spellings" {
	requires root qemu landlock
	boot_sector 0 "$TT/exit.img"
	local spelling out rc n=0
	for spelling in readonly=on readonly=true readonly=yes readonly=y read-only=yes; do
		printf 'image' >"$TT/ro.img"
		out=$(QEMU_ATTACKS=write:$TT/ro.img LD_PRELOAD=$B/qemuattack.so "$W" qemu-system-x86_64 "${QEMU_ARGS[@]}" \
			-drive file="$TT/exit.img",format=raw,if=floppy -drive "file=$TT/ro.img,format=raw,if=none,id=ro,$spelling" \
			-drive file="$B/qemuattack.so",format=raw,if=none,id=attacker,readonly=on 2>&1) && rc=0 || rc=$?
		[ "$rc" = 7 ] || { fail "$spelling: QEMU exited $rc: $out"; return; }
		[[ $out == *"qemuattack: write:$TT/ro.img returned -1 (errno 13)"* ]] && [ "$(cat "$TT/ro.img")" = image ] ||
			{ fail "$spelling: the real QEMU wrote its read-only image: $out; image: $(cat "$TT/ro.img")"; return; }
		n=$((n + 1))
	done
	pass "$n spellings of read-only QEMU reads (on, true, yes, y, read-only=yes): the real QEMU cannot write the image (EACCES)"
}

# What QEMU writes is bounded (RLIMIT_FSIZE): a raw image cannot grow past
# its size; the real QEMU, an attacker preloaded into it, grew its 1 MiB
# drive to 1 GiB before.
@test "qemu_writes_bounded" {
	requires root qemu landlock
	boot_sector 0 "$TT/exit.img"
	truncate -s 1M "$TT/disk.img"
	local out rc size
	out=$(QEMU_ATTACKS=grow:$TT/disk.img LD_PRELOAD=$B/qemuattack.so "$W" qemu-system-x86_64 "${QEMU_ARGS[@]}" \
		-drive "file=$TT/exit.img,format=raw,if=floppy" -drive "file=$TT/disk.img,format=raw,if=none,id=d0" \
		-drive "file=$B/qemuattack.so,format=raw,if=none,id=attacker,readonly=on" 2>&1) && rc=0 || rc=$?
	size=$(stat -c %s "$TT/disk.img")
	[ "$size" = 1048576 ] || { fail "the real QEMU grew its 1 MiB image to $size bytes (rc $rc): $out"; return; }
	[ "$rc" = 153 ] || [[ $out == *"qemuattack: grow:$TT/disk.img returned -1 (errno 27)"* ]] ||
		{ fail "a write at 1 GiB into the 1 MiB image: rc $rc, want 153 (SIGXFSZ) or EFBIG: $out"; return; }
	pass "the real QEMU cannot grow its 1 MiB raw image (a write at 1 GiB: EFBIG, QEMU exit $rc), size stays $size"
}

# The wrapper reads -drive and -blockdev as QEMU does: each spelling in a
# corpus goes through the real QEMU (HMP "info block": read-only or not,
# or refused) and through the wrapper (--dry-run -v: read, read-write, or
# 125); the two must agree, and what QEMU refuses the wrapper refuses.
@test "qemu_spellings_as_qemu" {
	requires qemu
	truncate -s 1M "$TT/img"
	local spec opt value qemu ours n=0 guessed=0
	for spec in "drive|readonly=on" "drive|readonly=true" "drive|readonly=yes" "drive|readonly=y" "drive|read-only=yes" \
		"drive|readonly=off" "drive|readonly=no" "drive|readonly=n" "drive|readonly" "drive|noreadonly" "drive|" \
		"drive|readonly=ON" "drive|readonly=1" "drive|readonly=on,read-only=off" "drive|readonly=y,readonly=n" \
		"blockdev|read-only=on" "blockdev|read-only=true" "blockdev|read-only=off" "blockdev|read-only=Y"; do
		opt=${spec%%|*} value=${spec#*|}
		local args=()
		if [ "$opt" = drive ]; then
			args=(-drive "file=$TT/img,format=raw,if=none,id=d0${value:+,$value}")
		else
			args=(-blockdev "driver=file,node-name=d0,filename=$TT/img${value:+,$value}")
		fi
		qemu=$(printf 'info block -n\nquit\n' | timeout 20 qemu-system-x86_64 -machine none -nodefaults -display none -S -monitor stdio "${args[@]}" 2>&1 | tr -d '\r') || true
		case $qemu in
		*"$TT/img ("*", read-only)"*) qemu="read" ;;
		*"$TT/img ("*")"*) qemu=read-write ;;
		*) qemu=refused ;;
		esac
		ours=$("$W" --dry-run -v qemu-system-x86_64 "${args[@]}" 2>&1) && ours=$(echo "$ours" | sed -n "s|^decision: landlock: \([a-z-]*\) $TT/img .*|\1|p") || ours=refused
		# Agree, or the wrapper refuses what it will not guess (a key given
		# twice, whose precedence is QEMU's own).
		[ "$qemu" = "$ours" ] || { [ "$ours" = refused ] && [ "$qemu" != refused ]; } ||
			{ fail "-$opt ${value:-(nothing)}: QEMU reads it as $qemu, the wrapper grants $ours"; return; }
		[ "$qemu" = "$ours" ] || guessed=$((guessed + 1))
		n=$((n + 1))
	done
	pass "$n spellings of -drive and -blockdev: the real QEMU (info block) and the wrapper read each alike (read-only, read-write, refused), but $guessed the wrapper refuses rather than guess (a key given twice)"
}

# The real QEMU boots wrapped with the forms urunc's BuildExecCmd writes on
# Linux (pkg/unikontainers/hypervisors/qemu.go, urunc commit 0352050): -L,
# --sandbox, -display/-vga none, -monitor null, the hvc0 console
# (-chardev stdio + virtconsole), the agent's server socket, -smp, a tap by
# ifname with its virtio-net-pci, a block image as -drive if=none with
# virtio-blk-pci, a 9p -fsdev share; under the floor. (-kernel, -initrd
# and -append: the VM bed's own QEMU runs with them through the wrapper;
# its virtiofs forms need a running virtiofsd and vhost-vsock a module:
# qemu_confined checks those from a stand-in.)
@test "qemu_urunc_forms" {
	requires root qemu tun landlock
	boot_sector 0 "$TT/exit.img"
	truncate -s 1M "$TT/disk.img" && echo initrd >"$TT/initrd" && mkdir -m 755 "$TT/share"
	del_tap tapurunc5 && add_tap tapurunc5 || { fail "set-up: cannot make a tap"; return; }
	local accel=(-accel tcg) out rc
	have_kvm && accel=(-enable-kvm -cpu host)
	out=$("$W" qemu-system-x86_64 -m 64M -L /usr/share/qemu "${accel[@]}" -display none -vga none -monitor null \
		-chardev stdio,id=urunc-console,signal=off -device virtio-serial-pci -device virtconsole,chardev=urunc-console \
		-chardev "socket,id=uragent0,path=$TT/agent.sock,server=on,wait=off" -device virtserialport,chardev=uragent0,name=io.urunc.agent.0 \
		-smp 1 --sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny \
		-netdev tap,id=net0,script=no,downscript=no,ifname=tapurunc5 -device virtio-net-pci,netdev=net0,host_mtu=1500,mac=02:00:00:00:00:01 \
		-device virtio-blk-pci,serial=vol0,drive=vol0,scsi=off -drive "format=raw,if=none,id=vol0,file=$TT/disk.img" \
		-fsdev "local,id=rootfs9p,security_model=none,path=$TT/share" -device virtio-9p-pci,fsdev=rootfs9p,mount_tag=fs0 \
		-nodefaults -no-reboot -serial "file:$TT/serial.log" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive "file=$TT/exit.img,format=raw,if=floppy" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 7 ] && grep -q "Hello from QEMU" "$TT/serial.log" ||
		{ fail "the real QEMU with urunc's forms: rc $rc (want 7): $out $(cat "$TT/serial.log" 2>/dev/null)"; return; }
	pass "the real QEMU boots wrapped (floor, Landlock, no capabilities) with urunc's current Linux forms: hvc0 console, agent socket, tap by ifname, virtio-blk drive, 9p share, its exit status 7 back"
}
