#!/usr/bin/env bats
# e2e tests, stress: the window at length.

load helpers

# --- stress -----------------------------------------------------------------
@test "stress" {
	local runs=${STRESS_RUNS:-2000}
	local out
	out=$("$E2E/stress.sh" "$W" "$TRUE_POLICY" "$runs" 0 /bin/true) || true
	[[ $out == *" 0 killed, 0 failed"* ]] && pass "$out" || fail "$out"
}
