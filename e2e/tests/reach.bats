#!/usr/bin/env bats
# e2e tests, what the monitor can reach: Landlock, capabilities.

load helpers

# --- what the monitor can reach: Landlock -------------------------------------
# bats test_tags=vm
@test "landlock_reach" {
	requires kvm root
	local abi out rc a target
	abi=$("$W" --dry-run -v "${HVT12[@]}" "$B/testmon" "$GUEST" 2>&1 | sed -n 's/.*landlock ABI \([0-9]*\):.*/\1/p' | head -1)
	[ -n "$abi" ] || skip "no Landlock on this kernel ($(uname -r))"
	echo "block contents" >"$TT/disk.img"
	out=$("$W" "${HVT12[@]}" "$B/testmon" --block:storage="$TT/disk.img" "$GUEST") && rc=0 || rc=$?
	[ "$rc" = 7 ] && [ "$out" = "block contents" ] || { fail "what the command line names (unikernel, block, /dev/kvm): rc=$rc out=$out"; return; }
	sleep 60 3>&- &
	target=$!
	mkdir -p "$OV/landlock.d" && chmod 755 "$OV/landlock.d"
	echo secret >"$TT/secret" && chmod 600 "$TT/secret"
	local files=("open-ro:$TT/secret" "creat:$TT/new" open-rw:/proc/sys/kernel/core_pattern "open-rw:/proc/$target/mem"
		"creat:$OV/landlock.d/zz.yaml" "open-ro:$E2E/run.sh")
	[ -e /etc/shadow ] && files+=(open-ro:/etc/shadow) # not in the VM test bed's initramfs
	for a in "${files[@]}"; do
		"$W" --overlays "$OV/landlock.d" "${HVT12[@]}" "$B/testmon" --forbid="$a" "$GUEST" 2>"$TT/err" >/dev/null || true
		grep -q 'returned -1 (errno 13)' "$TT/err" || { kill $target; fail "$a: $(cat "$TT/err")"; return; }
	done
	# Landlock's ptrace scope, apart from the path rules: with the path
	# allowed (as a block device), another process's memory stays closed.
	"$W" "${HVT12[@]}" "$B/testmon" --block:x="/proc/$target/mem" --forbid="open-rw:/proc/$target/mem" "$GUEST" 2>"$TT/err" >/dev/null || true
	kill $target
	grep -q 'returned -1 (errno 13)' "$TT/err" || { fail "/proc/PID/mem named on the command line: $(cat "$TT/err")"; return; }
	# With execve allowed by an overlay (no exec guard), exec still fails:
	# Landlock lets the monitor execute only itself and its loader.
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [execve]\n' >"$OV/landlock.d/exec.yaml"
	"$W" --overlays "$OV/landlock.d" "${HVT12[@]}" "$B/testmon" --exec=/bin/true "$GUEST" >/dev/null 2>"$TT/err" && rc=0 || rc=$?
	[ "$rc" = 126 ] && grep -q 'Permission denied' "$TT/err" || { fail "exec of /bin/true with execve allowed: rc=$rc $(cat "$TT/err")"; return; }
	pass "Landlock ABI $abi, as root: the unikernel, block and /dev/kvm work; a root-only file, /etc/shadow (where there is one), a new file, core_pattern, another process's /proc/PID/mem, the overlay folder and the suite's own files: EACCES; /proc/PID/mem named as a block: EACCES (ptrace scope); exec of /bin/true with execve allowed: EACCES"
}

# bats test_tags=vm
@test "caps_dropped" {
	requires kvm root
	grep -q '^CapEff:[[:space:]]*0*[1-9a-f]' /proc/self/status || skip "this root has no capabilities to drop"
	local net status sets cases=("")
	# An ownerless tap (root, iproute2): attached by name (v0.12.1), with no capability.
	if add_tap tapurunc1 2>/dev/null; then
		cases+=(--net:service0=tapurunc1)
	fi
	for net in "${cases[@]}"; do
		# shellcheck disable=SC2086
		status=$(paused_status "$W" "${HVT12[@]}" "$B/testmon" $net "$GUEST")
		sets=$(echo "$status" | grep -E '^Cap(Inh|Prm|Eff|Amb):' | tr -s '\t\n' '  ')
		[ "$sets" = "CapInh: 0000000000000000 CapPrm: 0000000000000000 CapEff: 0000000000000000 CapAmb: 0000000000000000 " ] ||
			{ fail "${net:-no --net:}: the monitor, run as root, has $sets: $(cat "$TT/err")"; return; }
	done
	# What a root monitor with its tap could do with CAP_NET_ADMIN: create
	# another tap, set a link down over netlink, turn the tap's TSO off.
	# Without the wrapper, root turns TSO off.
	local a done=""
	if [ ${#cases[@]} = 2 ]; then
		"$B/testmon" --forbid=ethtool-tso:tapurunc1 "$GUEST" 2>&1 | grep -q 'returned 0 ' ||
			{ fail "root cannot turn TSO off even without the wrapper: the test proves nothing"; return; }
		for a in tap-create ethtool-tso:tapurunc1 netlink-linkdown; do
			"$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 --forbid=$a "$GUEST" >/dev/null 2>"$TT/err" || true
			grep -q 'returned -1 (errno 1)' "$TT/err" || { fail "$a with an ownerless tap: $(cat "$TT/err")"; return; }
		done
		done="; a new tap, a link set down over netlink and TSO off: EPERM"
	fi
	pass "run as root, the monitor keeps no capability (inheritable, permitted, effective, ambient 0), with an ownerless tap too (${#cases[@]} cases; a tap another user owns is refused: taps_without_capability)$done"
}
