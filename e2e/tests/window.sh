# shellcheck shell=bash
# e2e tests, the install-and-exec window under signals and load; inputs bounded; flags that contradict.
# Sourced by e2e/run.sh, which defines the helpers (ok, bad, skip, W, B, T, TT...).

# --- the window and the inputs: deterministic, bounded ----------------------
# Signals fired at the wrapper while it starts land, some of the time, in the
# window between seccomp(2) and execve(2). true.yaml has no rt_sigreturn, so
# a Go signal handler run there would be killed (before the fix: 83 of 100
# runs of a SIGURG storm, 29 of 2,000 single SIGTERMs).
signal_window() {
	local runs=${STORM_RUNS:-100} sig out all=""
	for sig in URG CHLD WINCH; do # ignored by default: every run must end 0
		out=$("$B/sigstorm" "$runs" "$(kill -l "$sig")" -- "$W" --policy "$T/true.yaml" /bin/true) || { bad "SIG$sig: $out"; return; }
		all="$all; SIG$sig storm: ${out#*: }"
	done
	# One SIGTERM a run, at every offset of the start-up: it must end the run
	# by SIGTERM or not at all, never by SIGSYS.
	out=$("$B/sigstorm" $((runs * 20)) "-$(kill -l TERM)" -- "$W" --policy "$T/true.yaml" /bin/true) || { bad "SIGTERM: $out"; return; }
	ok "under a policy without rt_sigreturn, $runs runs per storm${all}; SIGTERM once a run: ${out#*: }"
}

signal_state_kept() {
	# Started with SIGUSR1, SIGTERM and SIGCHLD blocked and SIGHUP ignored,
	# the monitor must see the same, filtered or not (Go unblocks SIGTERM
	# and SIGCHLD for itself). withmask sets every other signal to default:
	# Go keeps only SIGHUP and SIGINT ignored (see wrapper/exec_unsafe.go).
	local want got how
	want=$("$B/withmask" 14200 grep -E '^Sig(Blk|Ign)' /proc/self/status | tr '\n\t' '  ')
	for how in "--policy $T/true.yaml --default-action allow" "--unconfined --unrestricted --monitor solo5-hvt"; do
		# shellcheck disable=SC2086
		got=$("$B/withmask" 14200 "$W" $how grep -E '^Sig(Blk|Ign)' /proc/self/status 2>/dev/null | tr '\n\t' '  ')
		[ "$got" = "$want" ] || { bad "wrapped with $how: '$got', started with '$want'"; return; }
	done
	[[ $want == "SigBlk: 0000000000014200 SigIgn: 0000000000000001 " ]] || { bad "withmask did not set the mask: $want"; return; }
	ok "the monitor starts with the signal mask and ignored signals the wrapper was started with, filtered and unfiltered ($want)"
}

bounded_inputs() {
	# Each: exit 125 and one line, under a 100 MB data limit, long before the
	# hang guard. Measured before: alias bombs ran > 60 s or used 4.5 GB,
	# /dev/zero 3.9 GB, a FIFO hung, 5,000 rules took 13 s.
	fake_tender "$T/solo5-hvt" v0.12.1
	local bomb=$T/bomb.yaml big=$T/bomb-big.yaml i
	{
		echo 'default_action: kill_process'
		echo 'syscalls:'
		echo '  - action: allow'
		echo '    names: &a0 [read, write, close, mmap, munmap, brk, openat, fstat, lseek]'
		for i in $(seq 1 30); do
			printf '  - action: allow\n    names: &a%d [%s]\n' $i "$(printf "*a$((i - 1)), %.0s" 1 2 3 4 5 6 7 8)*a$((i - 1))"
		done
	} >"$bomb"
	{ cat "$bomb"; for i in $(seq 31 300); do printf '  - action: allow\n    names: &a%d [%s]\n' $i "$(printf "*a$((i - 1)), %.0s" 1 2 3 4 5 6 7 8)*a$((i - 1))"; done; } >"$big"
	rm -f "$T/fifo.yaml" && mkfifo "$T/fifo.yaml"
	mkdir -p "$T/zero-bundle" && ln -sf /dev/zero "$T/zero-bundle/config.json"
	{
		printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n'
		for i in $(seq 5000); do echo "      - {name: ioctl, arguments: [{argument: 1, operation: Equal, value: $i}]}"; done
	} >"$T/rules.yaml"
	# A megabyte of one-letter list items: the most tokens a file under the
	# size bound can hold (the YAML parser would take 456 MB for it).
	{
		printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names: ['
		yes a, | head -c 1000000 | tr -d '\n'
		echo 'a]'
	} >"$T/dense.yaml"
	local cases=(
		"--policy $bomb|anchors and aliases"
		"--policy $big|anchors and aliases"
		"--policy /dev/zero|not a regular file"
		"--policy $T/fifo.yaml|not a regular file"
		"--bundle $T/zero-bundle|not a regular file"
		"--policy $T/rules.yaml|YAML separators, over"
		"--policy $T/dense.yaml|YAML separators, over"
	)
	local c args want out rc
	for c in "${cases[@]}"; do
		args=${c%%|*} want=${c#*|}
		# shellcheck disable=SC2086
		out=$(ulimit -d 100000; timeout 20 "$W" $args --dry-run "$T/solo5-hvt" 2>&1)
		rc=$?
		[ $rc = 125 ] && [[ $out == *"$want"* ]] && [ "$(echo "$out" | wc -l)" = 1 ] ||
			{ bad "'$args' ($(wc -c <"${args#* }" 2>/dev/null) bytes): rc=$rc, want 125 and one line with '$want': $(echo "$out" | head -3)"; return; }
	done
	# Under the separator bound, a large policy parses and compiles within
	# the same limit (800 request numbers, 14,400 separators).
	{
		printf 'default_action: kill_process\nsyscalls:\n  - action: allow\n    names_with_args:\n'
		for i in $(seq 800); do echo "      - {name: ioctl, arguments: [{argument: 1, operation: Equal, value: $((i * 2)), width: 32}]}"; done
	} >"$T/rules800.yaml"
	out=$(ulimit -d 100000; timeout 20 "$W" --policy "$T/rules800.yaml" --dry-run "$T/solo5-hvt" 2>&1)
	rc=$?
	[ $rc = 0 ] && [[ $out == *"800 rules"* ]] || { bad "800 rules, under the bound: rc=$rc: $(echo "$out" | tail -2)"; return; }
	ok "${#cases[@]} hostile inputs (alias bombs of $(wc -c <"$bomb") and $(wc -c <"$big") bytes, /dev/zero, a FIFO, a bundle config linked to /dev/zero, 5000 rules, a megabyte of list items): 125 and one line each, within a 100 MB data limit; 800 rules under the bound compile within it"
}

contradictory_flags() {
	fake_tender "$T/solo5-hvt" v0.12.1
	rm -f "$T/tender-ran"
	mkdir -p "$T/noseccomp-bundle" && echo '{"ociVersion":"1.0.2","linux":{}}' >"$T/noseccomp-bundle/config.json"
	local c out rc
	for c in "--unconfined --policy $T/true.yaml" "--unconfined --default-action kill_process" "--bundle $T/noseccomp-bundle --policy $T/true.yaml"; do
		# shellcheck disable=SC2086
		out=$("$W" $c "$T/solo5-hvt" 2>&1)
		rc=$?
		[ $rc = 125 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [[ $out == *"drop "* ]] && [ ! -e "$T/tender-ran" ] ||
			{ bad "'$c': rc=$rc, ran=$([ -e "$T/tender-ran" ] && echo yes || echo no): $out"; return; }
	done
	out=$("$W" --default-action allow --policy "$T/true.yaml" /bin/true 2>&1)
	[ $? = 0 ] && [[ $out == *"NOT confined"* ]] || { bad "--default-action allow did not warn: $out"; return; }
	ok "--unconfined or a bundle without seccomp with --policy/--default-action: 125, one line, nothing run; --default-action allow warns"
}

overlay_swap_race() {
	is_root || { skip "needs root: the attack is uid 1000 against a root wrapper"; return; }
	command -v setpriv >/dev/null || { skip "no setpriv (apt-get install util-linux)"; return; }
	fake_tender "$T/solo5-hvt" v0.12.1
	# A root-owned 0644 overlay in a 0777 folder, reached through a link in
	# the (trusted) overlay folder; uid 1000 swaps the link's target for its
	# own overlay, which loosens the default action to allow.
	local open=$OV/open dir=$OV/race.d runs=${RACE_RUNS:-300} n applied=0 refused=0 out
	mkdir -p "$open" "$dir" && chmod 777 "$open" && chmod 755 "$dir"
	printf 'monitor: solo5-hvt\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$open/good.yaml"
	printf 'monitor: solo5-hvt\ndefault_action: allow\nloosen_default_action: true\nsyscalls:\n  - action: allow\n    names: [getppid]\n' >"$open/evil.yaml"
	chown 1000:1000 "$open/evil.yaml"
	ln -sf "$open/good.yaml" "$open/target.yaml" && chown -h 1000:1000 "$open/target.yaml"
	ln -sf "$open/target.yaml" "$dir/local.yaml"
	setpriv --reuid 1000 --regid 1000 --clear-groups sh -c "while :; do ln -sfn good.yaml $open/t.new && mv -T $open/t.new $open/target.yaml; ln -sfn evil.yaml $open/t.new && mv -T $open/t.new $open/target.yaml; done" &
	local swapper=$!
	for n in $(seq "$runs"); do
		out=$("$W" --overlays "$dir" --dry-run "$T/solo5-hvt" 2>&1)
		[[ $out == *"default action allow"* ]] && applied=$((applied + 1))
		[[ $out == *"is a symbolic link"* ]] && refused=$((refused + 1))
	done
	kill $swapper
	wait $swapper 2>/dev/null
	[ $applied = 0 ] && [ $refused = "$runs" ] || { bad "$applied of $runs runs applied uid 1000's overlay, $refused refused the link"; return; }
	out=$("$W" --overlays "$open" --dry-run "$T/solo5-hvt" 2>&1)
	[ $? = 125 ] && [[ $out == *"writable by group or others"* ]] || { bad "a 0777 overlay folder: $out"; return; }
	mkdir -p "$open/policies.d" && chmod 755 "$open/policies.d" && cp "$open/good.yaml" "$open/policies.d/"
	out=$("$W" --overlays "$open/policies.d" --dry-run "$T/solo5-hvt" 2>&1)
	[ $? = 125 ] && [[ $out == *"is inside $open"* ]] || { bad "an overlay folder inside a 0777 folder: $out"; return; }
	ok "uid 1000 swapping a linked overlay's target: 0 of $runs runs applied its overlay (the link is refused: $refused); a 0777 folder, and a folder inside one, refused"
}
