#!/usr/bin/env bats
# e2e tests of the README's first command, make demo, end to end: on this
# host's /dev/kvm, and in the VM test bed (what a host without KVM runs).

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
