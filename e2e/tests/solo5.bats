#!/usr/bin/env bats
# e2e tests, Solo5: the version read from the binary, real Solo5, urunc's exec chain.

load helpers

@test "version_detection" {
	local v want got
	rm -f "$TT/tender-ran"
	for v in v0.9.3:solo5-hvt-v0.9 v0.10.1:solo5-hvt-v0.9 v0.11.0-dirty:solo5-hvt v0.12.1-7-g469c1a8:solo5-hvt garbage:solo5-hvt; do
		want=${v#*:}
		fake_tender "$TT/solo5-hvt" "${v%%:*}"
		got=$("$W" --dry-run "$TT/solo5-hvt" --mem=64 kernel.hvt | sed -n 's/^filter: policy \([^ ]*\) .*/\1/p')
		[ "$got" = "$want" ] || { fail "a tender built as ${v%%:*} got policy '$got', want $want"; return; }
	done
	[ ! -e "$TT/tender-ran" ] || { fail "--dry-run ran the monitor: $(cat "$TT/tender-ran")"; return; }
	pass "the version is read from the tender's file: the policy for each known version, the fallback for garbage; --dry-run ran nothing"
}

@test "version_not_run" {
	rm -f "$TT/tender-ran"
	fake_tender "$TT/solo5-hvt" v0.12.1
	local start=$SECONDS rc
	# Run for real: the tender runs once, under the filter (where /bin/sh may
	# well be killed); never before it, unfiltered, to tell its version.
	quietly timeout 15 "$W" "$TT/solo5-hvt" --mem=64 kernel.hvt >/dev/null 2>&1 && rc=0 || rc=$?
	[ "$rc" != 124 ] && [ $((SECONDS - start)) -lt 10 ] || { fail "the wrapper waited on the tender's child (rc $rc, $((SECONDS - start)) s)"; return; }
	# Drop-in mode, with the monitor folder taken from the environment.
	local mon=$OV/probe-mon
	mkdir -p "$mon" "$TT/probe-dropin" && chmod 755 "$mon"
	fake_tender "$mon/solo5-hvt" v0.9.3
	ln -sf "$W" "$TT/probe-dropin/solo5-hvt"
	URUNC_SECCOMP_EXEC_MONITOR_DIR=$mon quietly timeout 15 "$TT/probe-dropin/solo5-hvt" --mem=64 kernel.hvt >/dev/null 2>&1 || true
	if grep -qv "^Seccomp:[[:space:]]*2$" "$TT/tender-ran" 2>/dev/null; then
		fail "the tender ran without our filter: $(cat "$TT/tender-ran")"
		return
	fi
	pass "a tender that would leave a child: run only under the filter (Seccomp lines seen: $(grep -c . "$TT/tender-ran" 2>/dev/null || echo 0), none unfiltered), no wait on its child, drop-in mode too"
}

# --- real Solo5 -------------------------------------------------------------
@test "solo5_real" {
	local hvt=${SOLO5_HVT:-$(command -v solo5-hvt)}
	[ -n "$hvt" ] && [ -x "$hvt" ] || skip "no solo5-hvt (set SOLO5_HVT or put one on PATH)"
	requires kvm
	local version
	version=$("$hvt" --version 2>&1 | head -1)
	"$W" --dry-run "$hvt" >/dev/null || { fail "dry run of $hvt failed"; return; }
	[ -n "${SOLO5_TESTS:-}" ] && [ -d "$SOLO5_TESTS" ] || { skip "$version found, but no SOLO5_TESTS folder of test_*.hvt"; return; }
	local n=0 rc out test
	for test in hello quiet globals tls time exception zeropage notls ssp; do
		local img=$SOLO5_TESTS/test_$test.hvt
		[ -f "$img" ] || img=$SOLO5_TESTS/test_$test/test_$test.hvt
		[ -f "$img" ] || continue
		"$W" "$hvt" --mem=64 "$img" Hello_Solo5 >"$TT/solo5.out" 2>&1 && rc=0 || rc=$?
		out=$(tr -d '\0' <"$TT/solo5.out") # some tests print a NUL
		case $test in
		exception | zeropage | notls | ssp) [ "$rc" = 255 ] || [ "$rc" = 0 ] || { fail "$test: rc $rc: $out"; return; } ;;
		*) [ "$rc" = 0 ] && [[ $out == *SUCCESS* ]] || { fail "$test: rc $rc: $out"; return; } ;;
		esac
		n=$((n + 1))
	done
	[ $n -gt 0 ] || { skip "no test_*.hvt in $SOLO5_TESTS"; return; }
	local extra=""
	# Block I/O: pread64/pwrite64 on a 4 MB image.
	img=$SOLO5_TESTS/test_blk/test_blk.hvt
	if [ -f "$img" ]; then
		dd if=/dev/zero of="$TT/storage.img" bs=4k count=1024 status=none
		out=$("$W" "$hvt" --mem=64 --block:storage="$TT/storage.img" -- "$img" 2>&1) && rc=0 || rc=$?
		[ "$rc" = 0 ] && [[ $out == *SUCCESS* ]] || { fail "test_blk: $out"; return; }
		extra="$extra, test_blk"
	fi
	# Network: a tap, the guest answers pings (netlink, TUNSETIFF, and from
	# v0.11 the MTU ioctls and the I/O thread).
	img=$SOLO5_TESTS/test_net/test_net.hvt
	if [ -f "$img" ] && is_root && command -v ping >/dev/null && command -v ip >/dev/null; then
		del_tap tapurunc0 # left by an interrupted run
		add_tap tapurunc0 && ip addr add 10.0.0.1/24 dev tapurunc0 && ip link set dev tapurunc0 up ||
			{ fail "cannot make a tap device"; return; }
		(sleep 2; ping -c 3 -i 0.3 -W 2 10.0.0.2 >"$TT/ping.out" 2>&1) 3>&- &
		local pinger=$!
		# learn --monitor runs it under ptrace and says what the policy lacks.
		out=$(timeout -s TERM 8 "$W" learn --monitor solo5-hvt -o "$TT/net.yaml" -- "$hvt" --mem=64 --net:service0=tapurunc0 -- "$img" 2>&1) || true
		wait $pinger || true
		grep -q ' 0% packet loss' "$TT/ping.out" && [[ $out == *"it lacks nothing this run called"* ]] ||
			{ fail "test_net under learn: $(cat "$TT/ping.out") $out"; return; }
		(sleep 2; ping -c 3 -i 0.3 -W 2 10.0.0.2 >"$TT/ping.out" 2>&1) 3>&- &
		pinger=$!
		timeout -s TERM 6 "$W" -v "$hvt" --mem=64 --net:service0=tapurunc0 -- "$img" >/dev/null 2>"$TT/net.err" || true
		wait $pinger || true
		grep -q ' 0% packet loss' "$TT/ping.out" || { fail "test_net: the guest did not answer pings: $(cat "$TT/ping.out") $(cat "$TT/net.err")"; return; }
		# Which way the tap went: handed over as @FD (before v0.10), or
		# attached by the monitor by name; never with a capability.
		local how
		how=$(sed -n 's/.*net: the wrapper attaches 1 tap(s) and passes.*/handed over as @FD/p; s/.*net: the monitor attaches its tap(s) by name.*/attached by the monitor by name/p' "$TT/net.err")
		[ -n "$how" ] || { fail "test_net: -v does not say how the tap was attached: $(cat "$TT/net.err")"; return; }
		extra="$extra, test_net (the tap $how, pings answered; learn --monitor: the policy lacks nothing)"
	fi
	# The debug tender beside it: --dumpcore=DIR writes the guest's core
	# into DIR (getpid, KVM_GET_SREGS, mincore and that folder only then).
	img=$SOLO5_TESTS/test_dumpcore/test_dumpcore.hvt
	if [ -x "$hvt-debug" ] && [ -f "$img" ]; then
		# The folder must be one only root can change (/tmp is not).
		local cores=$OV/solo5-cores
		mkdir -p "$cores" && chmod 755 "$cores"
		out=$("$W" "$hvt-debug" --dumpcore="$cores" --mem=64 "$img" 2>&1) && rc=0 || rc=$?
		[ "$rc" = 255 ] && ls "$cores"/core.* >/dev/null 2>&1 || { fail "solo5-hvt-debug --dumpcore: rc $rc, no core in $cores: $out"; return; }
		extra="$extra, test_dumpcore (a core written under --dumpcore)"
	fi
	out=$("$W" check --overlays "$TT/none.d" "$hvt") || { fail "check $hvt: $out"; return; }
	pass "$n Solo5 tests$extra passed under the embedded policy ($version); check passes"
}

# --- the runtime exec chain (urunc's monitor root) -----------------------------
# bats test_tags=vm
@test "exec_chain" {
	requires root kvm
	[ -x "$B/minirt" ] || skip "no static libc to build minirt (apt-get install libc6-dev)"
	# pivot_root needs / to be a mount point, which a chroot's is not (the
	# VM test bed runs this test).
	awk '$5 == "/" { found = 1 } END { exit !found }' /proc/self/mountinfo || skip "/ is not a mount point here (a chroot?): pivot_root cannot build urunc's monitor root"
	# Our own /dev/kvm node, open to the unprivileged uid as a kvm group would be.
	mknod "$TT/kvm" c $((16#$(stat -c %t /dev/kvm))) $((16#$(stat -c %T /dev/kvm))) && chmod 666 "$TT/kvm" ||
		skip "cannot make a device node in $TT"
	local u
	for u in 0 1000; do
		rm -rf "$TT/root" "$TT/mon" && mkdir -p "$TT/root" "$TT/mon/unikernel"
		cp "$GUEST" "$TT/mon/unikernel/test.hvt"
		chmod -R a+rX "$TT/mon"
		mkfifo "$TT/go" && chmod 666 "$TT/go"
		# urunc's monitor root: dev (kvm null urandom), lib lib64 usr/lib from the host,
		# tmp (noexec), the unikernel; the wrapper at the looked-up monitor path and the
		# real monitor under /usr/lib. No /proc, /etc or shell.
		TESTMON_PAUSE=1 TESTMON_SHOW_ARGV=1 _LIBCONTAINER_INITPIPE=3 LD_LIBRARY_PATH=/nonexistent \
			"$B/minirt" --bind "$TT/kvm:/dev/kvm" --bind /dev/null:/dev/null --bind /dev/urandom:/dev/urandom \
			--bind /lib:/lib --bind /lib64:/lib64 --bind /usr/lib:/usr/lib --tmpfs /tmp \
			--bind "$TT/mon/unikernel:/unikernel" \
			--bind "$W:/usr/local/bin/solo5-hvt" \
			--bind "$B/testmon:/usr/lib/urunc-seccomp-exec/solo5-hvt" \
			--uid $u --gid $u "$TT/root" \
			/usr/local/bin/solo5-hvt --mem=256 /unikernel/test.hvt "" "" Hello_Solo5 \
			<"$TT/go" >"$TT/chain.out" 2>"$TT/chain.err" 3>&- &
		local rt=$!
		exec 9>"$TT/go"
		local pid=""
		for _ in $(seq 300); do # at most 30 s: a VM under software emulation is slow
			pid=$(sed -n 's/^minirt: pid //p' "$TT/chain.err")
			[ -n "$pid" ] && grep -q '^Name:[[:space:]]*solo5-hvt' /proc/"$pid"/status 2>/dev/null &&
				grep -q '^Seccomp:[[:space:]]*2' /proc/"$pid"/status && break
			sleep 0.1
		done
		local status
		status=$(cat /proc/"$pid"/status 2>/dev/null) || true
		echo x >&9 2>/dev/null
		exec 9>&-
		local rc=0
		wait $rt || rc=$?
		rm -f "$TT/go"
		[ $rc != 100 ] || { fail "set-up: minirt could not build the monitor root: $(cat "$TT/chain.err")"; return; }
		echo "$status" | grep -q "^Seccomp:[[:space:]]*2$" || { fail "uid $u: monitor PID $pid not confined: $(cat "$TT/chain.err")"; return; }
		echo "$status" | grep -qE "^NSpid:[[:space:]]*${pid}[[:space:]]+1$" || { fail "uid $u: the monitor is not PID 1 of its namespace (or changed PID)"; return; }
		echo "$status" | grep -qE "^Uid:[[:space:]]*${u}[[:space:]]" || { fail "uid $u: runs as another uid"; return; }
		[ $rc = 7 ] && [ "$(cat "$TT/chain.out")" = "Hello from the guest" ] || { fail "uid $u: rc=$rc out=$(cat "$TT/chain.out") err=$(cat "$TT/chain.err")"; return; }
		grep -qF 'testmon: argv [/usr/local/bin/solo5-hvt][--mem=256][/unikernel/test.hvt][][][Hello_Solo5]' "$TT/chain.err" ||
			{ fail "uid $u: argv changed: $(cat "$TT/chain.err")"; return; }
	done
	pass "in a urunc-like root (pivot_root, no /proc, /etc or shell), as uid 0 and 1000: the wrapper at solo5-hvt's path ran the real monitor confined (Seccomp 2) as PID 1, argv byte for byte, to the end"
}
