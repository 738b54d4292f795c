#!/usr/bin/env bash
# The end-to-end tests: the built wrapper against the real kernel, real KVM,
# real QEMU and (when present) real Solo5, run by bats-core from
# e2e/tests/*.bats. Prints bats' TAP stream (each test with its time and
# what it showed), then one count; exits non-zero if a test failed or the
# suite did not run to its end.
#
#   e2e/run.sh                    every test
#   e2e/run.sh REGEX              only the tests whose names match (make e2e FILTER=REGEX)
#   E2E_TAGS=vm e2e/run.sh        only the tests tagged vm (what the VM test bed runs)
#
# Environment: SOLO5_HVT (a solo5-hvt binary; else one on PATH) and
# SOLO5_TESTS (a folder of Solo5's test_*.hvt) for the Solo5 tests;
# STRESS_RUNS (default 2000) for the stress test, LEARN_RUNS (default 500)
# for each program the learn tests run under its learned policy,
# STORM_RUNS (default 100) for each signal storm of signal_window (20 times
# as many single SIGTERMs); E2E_WRAPPER (another build of the wrapper, to
# see a test fail on the code before its fix).
set -uo pipefail
cd "$(dirname "$0")" || exit
command -v bats >/dev/null || { echo "e2e: bats is not installed (apt-get install bats, or make deps)" >&2; exit 1; }
args=(--tap --timing)
[ -z "${1:-}" ] || args+=(--filter "$1")
[ -z "${E2E_TAGS:-}" ] || args+=(--filter-tags "$E2E_TAGS")
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
bats "${args[@]}" tests | tee "$tap"
rc=${PIPESTATUS[0]}
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" | head -1)
failed=$(grep -c '^not ok ' "$tap")
skipped=$(grep -E '^ok ' "$tap" | grep -c ' # skip')
passed=$(($(grep -c '^ok ' "$tap") - skipped))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$rc" = 0 ] && [ "$failed" = 0 ] && [ -n "$planned" ] && [ $((passed + failed + skipped)) = "$planned" ] ||
	{ echo "e2e: the suite failed (bats exit $rc; $((passed + failed + skipped)) of ${planned:-?} tests reported)" >&2; exit 1; }
