#!/usr/bin/env bats
# e2e tests, what the wrapper derives grants from: paths another user can
# swap, the monitor's own ELF headers, taps, inherited descriptors, growth.
# Each attacks as root, the way urunc runs monitors; none needs KVM (the
# monitor, testmon, makes its attack before any KVM set-up).

load helpers

# attacker_folder: $TT/user, owned by uid 1000 (the attacker), with a
# root-only secret and an image beside it; fails the set-up if uid 1000
# cannot act there.
attacker_folder() {
	chmod 755 "$TT"
	U=$TT/user SECRET=$TT/secret IMG=$TT/disk.img
	mkdir "$U" && chown 1000:1000 "$U" && echo secret >"$SECRET" && chmod 600 "$SECRET" && echo image >"$IMG" &&
		as_attacker ln -s / "$U/root" && [ "$(stat -c %u "$U/root")" = 1000 ]
}

@test "paths_granted_once" {
	requires root landlock setpriv
	attacker_folder && as_attacker ln -s "$IMG" "$U/img" && as_attacker mkdir "$U/dir" && mkdir -m 700 "$TT/rootonly" ||
		{ fail "set-up: uid 1000 could not make its links in $TT/user"; return; }
	# Without the wrapper, root's testmon reads the secret: the attacks act.
	TESTMON_NO_KVM=1 "$B/testmon" --forbid="open-ro:$SECRET" "$GUEST" 2>"$TT/plain.err" >/dev/null || true
	grep -q 'returned [0-9]* (errno 0)' "$TT/plain.err" || { fail "set-up: root cannot read $SECRET even unwrapped: $(cat "$TT/plain.err")"; return; }
	local c arg want attack n=0
	# uid 1000's sticky-folder link: the folder is root's, the link not.
	mkdir -p "$TT/sticky" && chmod 1777 "$TT/sticky" && as_attacker ln -s "$IMG" "$TT/sticky/img" || { fail "set-up: the sticky folder"; return; }
	for c in "--block:storage=$U/root|a folder owned by uid 1000|open-ro:$SECRET" \
		"--block:storage=$U/dir|a folder owned by uid 1000|open-ro:$SECRET" \
		"--block:storage=$U/img|a folder owned by uid 1000|open-ro:$SECRET" \
		"--block:storage=$TT/sticky/img|a symbolic link owned by uid 1000|open-ro:$SECRET" \
		"--block:storage=/dev/null|is a character device|open-ro:$SECRET" \
		"UNIKERNEL|a folder owned by uid 1000|open-ro:$SECRET" \
		"--dumpcore=$U/root|is a symbolic link|creat:$TT/rootonly/new"; do
		IFS='|' read -r arg want attack <<<"$c"
		if [ "$arg" = UNIKERNEL ]; then
			tried "$W" "${HVT12[@]}" "$B/testmon" --forbid="$attack" "$U/root"
		else
			tried "$W" "${HVT12[@]}" "$B/testmon" --forbid="$attack" "$arg" "$GUEST"
		fi
		[ "$RC" = 125 ] && [[ $ERR == *"$want"* ]] || { fail "${arg/UNIKERNEL/the unikernel $U/root}: rc $RC, want 125 saying '$want': $ERR"; return; }
		n=$((n + 1))
	done
	[ ! -e "$TT/rootonly/new" ] || { fail "a file was created in the root-only folder"; return; }
	# root's link to the image still works (urunc's devmapper paths are
	# root's links), granted as what it named; --dry-run -v says what.
	ln -s "$IMG" "$TT/img-link"
	tried "$W" "${HVT12[@]}" "$B/testmon" --forbid="open-rw:$TT/img-link" --block:storage="$TT/img-link" "$GUEST"
	opened || { fail "a block given as root's link to an image: $ERR"; return; }
	"$W" --dry-run -v "${HVT12[@]}" "$B/testmon" --block:storage="$TT/img-link" "$GUEST" 2>&1 | grep -qF "landlock: read-write $TT/img-link (a regular file $IMG)" ||
		{ fail "--dry-run -v does not say what the block resolved to"; return; }
	local dev=""
	if command -v losetup >/dev/null && dev=$(losetup -f --show "$IMG" 2>/dev/null); then
		ln -s "$dev" "$TT/dm-0"
		tried "$W" "${HVT12[@]}" "$B/testmon" --forbid="open-rw:$TT/dm-0" --block:storage="$TT/dm-0" "$GUEST"
		losetup -d "$dev"
		opened || { fail "a block device behind root's link ($dev): $ERR"; return; }
		dev=", a block device behind root's link ($dev) works"
	fi
	pass "$n paths uid 1000 controls (links to /, to a folder, to the image, through its folder or in a sticky one; /dev/null; --dumpcore linked to /): 125, nothing run; root's link to an image works and -v names the image$dev"
}

@test "symlink_flip_race" {
	requires root landlock setpriv
	attacker_folder || { fail "set-up: uid 1000 could not act in $TT/user"; return; }
	# uid 1000 flips its link between the image and / (rename: atomic).
	setpriv --reuid 1000 --regid 1000 --clear-groups bash -c "while :; do ln -sfn / '$U/new' && mv -Tf '$U/new' '$U/link'; ln -sfn '$IMG' '$U/new' && mv -Tf '$U/new' '$U/link'; done" >/dev/null 2>&1 3>&- &
	local flipper=$! i refused=0 escaped=0 other=0 to_root=0 to_img=0 t
	for i in $(seq "${RACE_RUNS:-100}"); do
		t=$(readlink "$U/link" 2>/dev/null) || true
		[ "$t" = / ] && to_root=$((to_root + 1))
		[ "$t" = "$IMG" ] && to_img=$((to_img + 1))
		tried "$W" "${HVT12[@]}" "$B/testmon" --forbid="open-ro:$SECRET" --block:storage="$U/link" "$GUEST"
		if [ "$RC" = 125 ] && [[ $ERR == *"a folder owned by uid 1000"* ]]; then
			refused=$((refused + 1))
		elif opened; then
			escaped=$((escaped + 1))
		else
			other=$((other + 1))
		fi
	done
	kill $flipper
	wait $flipper 2>/dev/null || true
	[ $escaped = 0 ] && [ $other = 0 ] || { fail "$escaped of $i runs read the root-only secret, $other failed otherwise (last: $ERR)"; return; }
	[ $to_root -gt 0 ] && [ $to_img -gt 0 ] || { fail "the attacker's flips were not seen both ways ($to_root to /, $to_img to the image): the test proves nothing"; return; }
	pass "uid 1000 flipping a block link between its image and / ($to_root samples to /, $to_img to the image) during $i runs: all $refused refused (its link is in its own folder), 0 read the root-only secret (before the trust rule: 45 of 100)"
}

# bats test_tags=vm
@test "interpreter_first_only" {
	requires root landlock
	echo secret >"$TT/secret" && chmod 600 "$TT/secret"
	# testmon-interp2: testmon with a second PT_INTERP naming /, which
	# the kernel ignores (the copy runs, and reads the secret unwrapped).
	TESTMON_NO_KVM=1 "$B/testmon-interp2" --forbid="open-ro:$TT/secret" "$GUEST" 2>"$TT/plain.err" >/dev/null || true
	grep -q 'returned [0-9]* (errno 0)' "$TT/plain.err" || { fail "set-up: the copy with two PT_INTERP does not run: $(cat "$TT/plain.err")"; return; }
	tried "$W" "${HVT12[@]}" "$B/testmon-interp2" --forbid="open-ro:$TT/secret" "$GUEST"
	denied 13 || { fail "a second PT_INTERP naming /: rc $RC: $ERR"; return; }
	# Drop-in mode, the binary in the monitor folder.
	local mon=$OV/interp-mon
	mkdir -p "$mon" "$TT/dropin" && chmod 755 "$mon" && cp "$B/testmon-interp2" "$mon/solo5-hvt" && ln -sf "$W" "$TT/dropin/solo5-hvt"
	URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon tried "$TT/dropin/solo5-hvt" --forbid="open-ro:$TT/secret" "$GUEST"
	denied 13 || { fail "drop-in, a second PT_INTERP naming /: rc $RC: $ERR"; return; }
	pass "a monitor whose second PT_INTERP names / (the kernel loads the first): the secret stays closed (EACCES), drop-in mode too"
}

# bats test_tags=vm
@test "taps_without_capability" {
	requires root tun
	local t
	for t in tapurunc1 tapurunc2 tapurunc3; do del_tap $t; done
	add_tap tapurunc1 && add_tap tapurunc3 && add_tap tapurunc2 1000 || skip "cannot make taps here"
	# v0.12.1 attaches by name: a tap uid 1000 owns and one that does not
	# exist are refused, never run with CAP_NET_ADMIN on a guess.
	tried "$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc2 "$GUEST"
	[ "$RC" = 125 ] && [[ $ERR == *"tap tapurunc2 belongs to uid 1000"* ]] || { fail "a tap uid 1000 owns: rc $RC: $ERR"; return; }
	tried "$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapnone "$GUEST"
	[ "$RC" = 125 ] && [[ $ERR == *"there is no tap tapnone"* ]] || { fail "a tap that does not exist: rc $RC: $ERR"; return; }
	# Another ownerless, unattached tap in the namespace (tapurunc3) would
	# be open to a monitor that attaches by name: refused, unless the
	# operator says otherwise, where the monitor can indeed attach it.
	tried "$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 "$GUEST"
	[ "$RC" = 125 ] && [[ $ERR == *"tap tapurunc3 in this network namespace is open to it too"* ]] || { fail "another ownerless tap beside: rc $RC: $ERR"; return; }
	# The control: there, the monitor attaches it (Linux 6.1 and 6.18; 6.12
	# itself answered EPERM in the VM bed, which the message says).
	local other="which --allow-other-taps lets it attach"
	tried "$W" --allow-other-taps "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 --forbid=tap-attach:tapurunc3 "$GUEST"
	if denied 1; then
		other="which this kernel ($(uname -r)) refuses the monitor even with --allow-other-taps"
	else
		opened || { fail "--allow-other-taps: attaching tapurunc3: rc $RC: $ERR"; return; }
	fi
	# An ownerless tap, by name, alone: no capability (CapEff from outside).
	local status want=0000000000000000
	status=$(paused_status env TESTMON_NO_KVM=1 "$W" --allow-other-taps "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 "$GUEST")
	echo "$status" | grep -q "^CapEff:[[:space:]]*$want$" || { fail "an ownerless tap by name: $(echo "$status" | grep CapEff) $(cat "$TT/err")"; return; }
	# v0.9.3 takes @FD: the wrapper attaches the tap and passes it; the
	# monitor holds it and cannot attach another ownerless tap.
	rm -f "$TT/go" && mkfifo "$TT/go"
	TESTMON_PAUSE=1 TESTMON_NO_KVM=1 TESTMON_SHOW_ARGV=1 "$W" "${HVT09[@]}" "$B/testmon" --net:service0=tapurunc1 "$GUEST" <"$TT/go" >/dev/null 2>"$TT/err" 3>&- &
	local pid=$! fd
	exec 9>"$TT/go"
	status_when $pid testmon >/dev/null
	fd=$(sed -n 's/.*\[--net:service0=@\([0-9]*\)\].*/\1/p' "$TT/err")
	local fdinfo
	fdinfo=$(cat "/proc/$pid/fdinfo/$fd" 2>/dev/null) || true
	echo x >&9
	exec 9>&-
	wait $pid || true
	[ -n "$fd" ] && [[ $fdinfo == *"iff:"*tapurunc1* ]] || { fail "v0.9.3: the monitor was not handed tapurunc1 as @FD: fd '$fd' ($fdinfo): $(cat "$TT/err")"; return; }
	tried "$W" "${HVT09[@]}" "$B/testmon" --net:service0=tapurunc1 --forbid=tap-attach:tapurunc3 "$GUEST"
	local attach=$ERR
	tried "$W" "${HVT09[@]}" "$B/testmon" --net:service0=tapurunc1 --forbid=open-rw:/dev/net/tun "$GUEST"
	[[ $attach == *"returned -1 (errno 13)"* ]] && denied 13 || { fail "v0.9.3: another tap or /dev/net/tun: $attach / $ERR"; return; }
	# A multi-queue tap another process holds a queue of: open to it too.
	del_tap tapurunc3
	"$B/mktap" -m tapurunc4 30 >"$TT/mq" 3>&- &
	local holder=$!
	echo tapurunc4 >>"$TT/taps"
	for _ in $(seq 50); do grep -q holding "$TT/mq" && break; sleep 0.1; done
	tried "$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 "$GUEST"
	kill $holder 2>/dev/null || true
	wait $holder 2>/dev/null || true
	[ "$RC" = 125 ] && [[ $ERR == *"tap tapurunc4 in this network namespace is open to it too"*"multi-queue"* ]] || { fail "beside another VM's multi-queue tap: rc $RC: $ERR"; return; }
	del_tap tapurunc4
	# Alone in the namespace (tapurunc2 is uid 1000's: not open to root's monitor), v0.12.1 runs.
	tried "$W" "${HVT12[@]}" "$B/testmon" --net:service0=tapurunc1 "$GUEST"
	[ "$RC" = 0 ] || [ "$RC" = 7 ] || { fail "v0.12.1 with its tap alone open to it: rc $RC: $ERR"; return; }
	pass "v0.12.1: a tap uid 1000 owns and a missing one refused (125), so is one beside another ownerless unattached tap ($other) or another process's multi-queue tap, an ownerless one runs with CapEff 0; v0.9.3: the tap handed over as @$fd (fdinfo iff tapurunc1), another ownerless tap and /dev/net/tun: EACCES"
}

# bats test_tags=vm
@test "udp_refused" {
	local p a n=0
	for p in HVT12 HVT09; do
		local -n pol=$p
		for a in udp-bind udplite-socket madvise-mergeable; do
			tried "$W" "${pol[@]}" "$B/testmon" --forbid=$a "$GUEST"
			killed_by_sigsys "$RC" || { fail "$a under ${pol[*]}: rc $RC, want SIGSYS: $ERR"; return; }
			n=$((n + 1))
		done
	done
	# What the tenders need stays: getifaddrs' netlink socket and
	# v0.12.1's UDP socket for the MTU ioctls.
	tried "$W" "${HVT12[@]}" "$B/testmon" --forbid=socket-netlink "$GUEST"
	[ "$RC" = 3 ] || { fail "socket(AF_NETLINK) is refused: $ERR"; return; }
	pass "$n calls killed under both hvt policies: bind 0.0.0.0:PORT on a UDP socket, a UDP-Lite socket, madvise(MADV_MERGEABLE); a netlink socket still opens"
}

# bats test_tags=vm
@test "unconfined_keeps_reach" {
	requires root landlock
	echo secret >"$TT/secret" && chmod 600 "$TT/secret"
	mkdir "$TT/bundle" && echo '{"linux": {"namespaces": []}}' >"$TT/bundle/config.json"
	local how
	for how in --unconfined "--bundle $TT/bundle"; do
		# shellcheck disable=SC2086
		tried "$W" $how "${HVT12[@]}" "$B/testmon" --forbid="open-ro:$TT/secret" "$GUEST"
		denied 13 || { fail "$how: the secret: rc $RC: $ERR"; return; }
	done
	local status
	status=$(paused_status env TESTMON_NO_KVM=1 "$W" --unconfined "${HVT12[@]}" "$B/testmon" "$GUEST")
	# Seccomp 2 with one filter: the floor, not the allowlist (floor.bats).
	echo "$status" | grep -q '^Seccomp:[[:space:]]*2$' && echo "$status" | grep -q '^Seccomp_filters:[[:space:]]*1$' && echo "$status" | grep -q '^NoNewPrivs:[[:space:]]*1$' &&
		echo "$status" | grep -q '^CapEff:[[:space:]]*0000000000000000$' || { fail "--unconfined: $(echo "$status" | grep -E '^(Seccomp|NoNewPrivs|CapEff):' | tr '\n' ' ')"; return; }
	# --unrestricted is the way off, and the test can see it.
	tried "$W" --unconfined --unrestricted "${HVT12[@]}" "$B/testmon" --forbid="open-ro:$TT/secret" "$GUEST"
	opened || { fail "--unconfined --unrestricted still closes the secret: $ERR"; return; }
	pass "--unconfined and a bundle without linux.seccomp: no allowlist (the floor alone: one filter), but Landlock (the secret: EACCES), no capabilities, no_new_privs; --unrestricted turns those off"
}

# bats test_tags=vm
@test "inherited_fds_closed" {
	echo inherited >"$TT/inherited"
	tried "$W" "${HVT12[@]}" "$B/testmon" --forbid=fd-read:7 "$GUEST" 7<"$TT/inherited"
	denied 9 || { fail "an inherited fd 7: rc $RC: $ERR"; return; }
	tried "$W" "${HVT12[@]}" "$B/testmon" --forbid=fd-write:8 "$GUEST" 8>>"$TT/inherited"
	denied 9 || { fail "an inherited log on fd 8: rc $RC: $ERR"; return; }
	tried "$W" --preserve-fds 5 "${HVT12[@]}" "$B/testmon" --forbid=fd-read:7 "$GUEST" 7<"$TT/inherited"
	opened || { fail "--preserve-fds 5: fd 7: $ERR"; return; }
	tried "$W" "${HVT12[@]}" "$B/testmon" --net:service0=@7 --forbid=fd-read:7 "$GUEST" 7<"$TT/inherited"
	opened || { fail "--net:service0=@7: fd 7: $ERR"; return; }
	pass "inherited descriptors 7 and 8 (a file, an appended log): EBADF in the monitor; kept with --preserve-fds 5, and when the command line names @7"
}

# bats test_tags=vm
@test "block_growth_bounded" {
	truncate -s 1M "$TT/disk.img"
	# Standard output and error are a pipe, as under urunc (a regular file
	# there turns the limit off: a log grows).
	local rc size
	TESTMON_NO_KVM=1 quietly "$W" "${HVT12[@]}" "$B/testmon" --block:storage="$TT/disk.img" --forbid="grow:$TT/disk.img" "$GUEST" > >(cat >"$TT/grow.out") 2>&1 && rc=0 || rc=$?
	size=$(stat -c %s "$TT/disk.img")
	[ "$rc" = 153 ] && [ "$size" = 1048576 ] || { fail "a write at 1 GiB into a 1 MiB image: rc $rc (want 153, SIGXFSZ), size $size: $(cat "$TT/grow.out")"; return; }
	"$W" --dry-run -v "${HVT12[@]}" "$B/testmon" --block:storage="$TT/disk.img" "$GUEST" 2>"$TT/dry.err" | cat >"$TT/dry.out" # stdout a pipe
	grep -q 'file size: not limited (fd 2 is a regular file' "$TT/dry.out" || { fail "stderr a regular file: --dry-run -v does not say the limit is off: $(cat "$TT/dry.out")"; return; }
	pass "a write at 1 GiB into a 1 MiB block image ends the monitor with SIGXFSZ (rc 153), the image stays 1 MiB; with stderr in a file the limit is off, and -v says so"
}

# The wrapper empties the permitted, effective and inheritable sets and
# leaves the bounding set: under no_new_privs execve grants no more than the
# old permitted set, even as root, to a setuid-root binary or one with file
# capabilities. Here the monitor itself is each, read from outside.
@test "caps_not_regained" {
	requires root
	command -v setcap >/dev/null || skip "no setcap to give a binary file capabilities (apt-get install libcap2-bin)"
	cp "$B/testmon" "$TT/suid" && chmod 4755 "$TT/suid" && cp "$B/testmon" "$TT/fcap" &&
		setcap cap_net_admin,cap_net_raw,cap_sys_admin,cap_dac_override+ep "$TT/fcap" ||
		skip "cannot make a setuid or file-capability binary in $TT"
	local out status sets
	# The attack acts: uid 1000 gets capabilities from the file.
	out=$(as_attacker "$TT/fcap" --caps 2>&1) || true
	[[ $out == "euid 1000 prm "* && $out != *"prm 0000000000000000"* ]] || skip "file capabilities do not work in $TT: $out"
	# caps_of BIN [FLAGS...]: the monitor's capability sets, from outside.
	caps_of() {
		local bin=$1
		shift
		PAUSED_NAME=$(basename "$bin") paused_status env TESTMON_NO_KVM=1 "$W" "$@" "${HVT12[@]}" "$bin" "$GUEST" |
			grep -E '^Cap(Inh|Prm|Eff|Amb):' | tr -s '\t\n' '  '
	}
	local none="CapInh: 0000000000000000 CapPrm: 0000000000000000 CapEff: 0000000000000000 CapAmb: 0000000000000000 "
	sets=$(caps_of "$TT/fcap" --unrestricted)
	[ -n "$sets" ] && [ "$sets" != "$none" ] || { fail "set-up: without the drop (--unrestricted), root's monitor has no capability: '$sets' $(cat "$TT/err")"; return; }
	local bin
	for bin in "$B/testmon" "$TT/suid" "$TT/fcap"; do
		sets=$(caps_of "$bin")
		[ "$sets" = "$none" ] || { fail "root, the monitor $bin: '$sets' $(cat "$TT/err")"; return; }
	done
	# Root without CAP_SETPCAP (a runtime that dropped it) drops them too.
	local setpcap=""
	if command -v setpriv >/dev/null && setpriv --bounding-set -setpcap true 2>/dev/null; then
		sets=$(paused_status setpriv --bounding-set -setpcap env TESTMON_NO_KVM=1 "$W" "${HVT12[@]}" "$B/testmon" "$GUEST" |
			grep -E '^Cap(Inh|Prm|Eff|Amb):' | tr -s '\t\n' '  ')
		[ "$sets" = "$none" ] || { fail "root without CAP_SETPCAP: '$sets' $(cat "$TT/err")"; return; }
		setpcap="; root without CAP_SETPCAP too"
	fi
	pass "run as root, a plain monitor, a setuid-root one and one with file capabilities (net_admin, net_raw, sys_admin, dac_override) start with none (inheritable, permitted, effective, ambient 0)$setpcap; without the drop (--unrestricted) root's keeps them"
}

# Paths are resolved through nothing another user controls: QEMU's -L and
# -fsdev through uid 1000's link to / (read, and read-write, of the whole
# filesystem before), -D and Firecracker's log through a linked folder onto
# a root-only file; files the monitor writes are created at start, so a
# dry run creates nothing.
@test "links_trusted_only" {
	requires root landlock setpriv
	attacker_folder || { fail "set-up: uid 1000 could not act in $TT/user"; return; }
	mkdir -m 700 "$TT/rootonly" && echo log >"$TT/rootonly/root.log" && chmod 600 "$TT/rootonly/root.log"
	as_attacker ln -s "$TT/rootonly" "$U/logs" || { fail "set-up: uid 1000's link to the folder"; return; }
	echo kernel >"$TT/kernel" && mkdir "$TT/bin" && cp "$B/testmon" "$TT/bin/qemu-system-x86_64" && cp "$B/testmon" "$TT/bin/firecracker"
	local q=$TT/bin/qemu-system-x86_64 c n=0
	# Without the wrapper's trust rule the stand-in reads the secret: an old build shows it.
	for c in "-L|$U/root" "-fsdev|local,id=f,path=$U/root,security_model=none" "-D|$U/logs/root.log"; do
		TESTMON_FORBID=open-ro:$SECRET tried "$W" "$q" -m 64M -kernel "$TT/kernel" "${c%%|*}" "${c#*|}"
		[ "$RC" = 125 ] && [[ $ERR == *"uid 1000"* || $ERR == *"symbolic link"* ]] || { fail "qemu ${c%%|*} ${c#*|}: rc $RC, want 125: $ERR"; return; }
		n=$((n + 1))
	done
	echo "{\"boot-source\":{\"kernel_image_path\":\"$TT/kernel\"},\"logger\":{\"log_path\":\"$U/logs/root.log\"}}" >"$TT/fc.json"
	TESTMON_FORBID=open-ro:$SECRET tried "$W" "$TT/bin/firecracker" --no-api --config-file "$TT/fc.json"
	[ "$RC" = 125 ] && [[ $ERR == *"symbolic link"* || $ERR == *"uid 1000"* ]] || { fail "firecracker logger through uid 1000's link: rc $RC: $ERR"; return; }
	n=$((n + 1))
	[ "$(cat "$TT/rootonly/root.log")" = log ] || { fail "the root-only log changed"; return; }
	# In a sticky folder uid 1000 may put its own file where the log goes: it would read what root's monitor writes.
	mkdir -p "$TT/sticky" && chmod 1777 "$TT/sticky" && as_attacker touch "$TT/sticky/qemu.log" || { fail "set-up: uid 1000's file in the sticky folder"; return; }
	tried "$W" "$q" -m 64M -kernel "$TT/kernel" -D "$TT/sticky/qemu.log"
	[ "$RC" = 125 ] && [[ $ERR == *"belongs to uid 1000"* ]] || { fail "-D onto uid 1000's file in a sticky folder: rc $RC: $ERR"; return; }
	n=$((n + 1))
	"$W" --dry-run "$q" -m 64M -kernel "$TT/kernel" -pidfile "$TT/new.pid" -D "$TT/new.log" >/dev/null || { fail "--dry-run with -pidfile and -D failed"; return; }
	[ ! -e "$TT/new.pid" ] && [ ! -e "$TT/new.log" ] || { fail "--dry-run created the files it would grant"; return; }
	TESTMON_FORBID=open-rw:$TT/new.pid tried "$W" "$q" -m 64M -kernel "$TT/kernel" -pidfile "$TT/new.pid"
	opened && [ -f "$TT/new.pid" ] || { fail "a run did not create and grant -pidfile: rc $RC: $ERR"; return; }
	pass "$n paths through uid 1000's links or folders (-L and -fsdev to /, -D and Firecracker's log onto a root-only file, -D onto uid 1000's file in a sticky folder): 125; --dry-run creates nothing, a run creates -pidfile and grants it"
}
