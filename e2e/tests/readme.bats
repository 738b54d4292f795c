#!/usr/bin/env bats
# e2e tests of what the README says: its first command, make demo, end to
# end (on this host's /dev/kvm, and in the VM test bed, what a host without
# KVM runs); make's Go check; the examples it quotes, run and compared.

load helpers

# demo_shows FILE: make demo's output in FILE shows each of its steps.
demo_shows() {
	local want
	for want in 'filter: policy solo5-hvt (embedded' $'Seccomp:\t2' $'NoNewPrivs:\t1' \
		'Hello from a KVM guest, inside the seccomp filter' \
		'exit status 159 = 128 + 31 (SIGSYS)' 'KILLED   socket ('; do
		grep -qF -- "$want" "$1" || { fail "make demo did not show '$want': $(cat "$1")"; return; }
	done
}

@test "demo_here" {
	requires root kvm
	local rc
	make --no-print-directory -C "$E2E/.." demo >"$TT/out" 2>&1 3>&- && rc=0 || rc=$?
	[ "$rc" = 0 ] || { fail "make demo exited $rc: $(tail -5 "$TT/out")"; return; }
	grep -q 'running the demo in a VM' "$TT/out" && { fail "make demo ran in a VM although /dev/kvm is writable here"; return; }
	demo_shows "$TT/out" || return
	pass "make demo exits 0 on this host's /dev/kvm and shows each step ($(grep -c . "$TT/out") lines)"
}

@test "demo_in_vm" {
	requires root qemu
	local rc
	DEMO_VM=1 make --no-print-directory -C "$E2E/.." demo >"$TT/out" 2>&1 3>&- && rc=0 || rc=$?
	[ "$rc" = 0 ] || { fail "DEMO_VM=1 make demo exited $rc: $(tail -5 "$TT/out")"; return; }
	grep -q '^vm: Linux .*/dev/kvm: yes' "$TT/out" || { fail "the demo did not run in a VM with KVM: $(head -5 "$TT/out")"; return; }
	demo_shows "$TT/out" || return
	pass "make demo in the VM test bed (what a host without /dev/kvm runs) exits 0 and shows each step ($(grep -c . "$TT/out") lines)"
}

@test "make_needs_go" {
	local need out rc
	need=$(awk '$1 == "go" { print $2; exit }' "$E2E/../go.mod")
	mkdir -p "$TT/oldgo" && printf '#!/bin/sh\necho "go version go1.19.8 linux/amd64"\n' >"$TT/oldgo/go" && chmod +x "$TT/oldgo/go"
	out=$(PATH=$TT/oldgo:$PATH make --no-print-directory -C "$E2E/.." demo 2>&1) && rc=0 || rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [[ $out == *"Go $need or later is needed, and $TT/oldgo/go is go1.19.8: get it from "* ]] ||
		{ fail "make demo with Go 1.19: rc=$rc, want 2 and one line naming Go $need: $out"; return; }
	pass "make with Go 1.19 stops before anything runs, in one line: $out"
}

# readme_examples DIR: each "$ urunc-seccomp-exec ..." line of README.md's
# console blocks into DIR/N.cmd, the lines it prints into DIR/N.out.
readme_examples() {
	awk -v dir="$1" '/^```console$/ { inblock = 1; next } /^```$/ { inblock = 0; next }
		inblock && /^\$ / { n++; print substr($0, 3) >(dir "/" n ".cmd"); printf "" >(dir "/" n ".out"); next }
		inblock && n { print >>(dir "/" n ".out") }' "$E2E/../README.md"
}

# host_neutral: the lines of check's output that depend on this host
# (the kernel's seccomp actions and Landlock ABI, /dev/kvm) made neutral.
host_neutral() {
	sed -E -e 's/^(PASS seccomp   filters supported; actions:).*/\1 .../' -e 's/ABI [0-9]+/ABI N/g' -e '/^PASS connect   /d' \
		-e '/^(PASS|FAIL) kvm /d' -e '/^[0-9]+ check\(s\) failed$/d'
}

@test "readme_examples" {
	requires root
	[ "$MACHINE" = x86_64 ] || skip "the README's examples are x86-64's (this is $MACHINE)"
	local n=0 cmd got
	mkdir -p "$TT/bin" "$TT/ex" && ln -s "$W" "$TT/bin/urunc-seccomp-exec"
	readme_examples "$TT/ex"
	while [ -e "$TT/ex/$((n + 1)).cmd" ]; do
		n=$((n + 1))
		cmd=$(cat "$TT/ex/$n.cmd")
		# As a reader runs them: from the checkout, with the default overlays.
		got=$(cd "$E2E/.." && PATH=$TT/bin:$PATH URUNC_SECCOMP_EXEC_OVERLAYS='' bash -c "$cmd" 2>&1) || true
		[ "$(echo "$got" | host_neutral)" = "$(host_neutral <"$TT/ex/$n.out")" ] ||
			{ fail "README.md's example \$ $cmd prints here:"$'\n'"$got"$'\n'"where README.md says:"$'\n'"$(cat "$TT/ex/$n.out")"; return; }
	done
	[ "$n" -ge 5 ] || { fail "README.md quotes $n console examples, want the check and explain ones at least"; return; }
	pass "the $n examples README.md quotes (check, explain, policy) print what it says"
}
