# shellcheck shell=bash
# e2e tests, stress: the window at length.
# Sourced by e2e/run.sh, which defines the helpers (ok, bad, skip, W, B, T, TT...).

# --- stress -----------------------------------------------------------------
stress() {
	local runs=${STRESS_RUNS:-2000}
	local out
	out=$(./stress.sh "$W" "$T/true.yaml" "$runs" 0 /bin/true)
	[[ $out == *" 0 killed, 0 failed"* ]] && ok "$out" || bad "$out"
}
