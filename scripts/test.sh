#!/usr/bin/env bash
# test.sh: what make test (and so CI) runs: every step, even after one
# fails, then one count of all the tests and the steps that failed.
#
#   lint   gofmt, go vet, staticcheck, shellcheck, generated files up to date
#   unit   go test ./...
#   e2e    e2e/run.sh on this host (bats)
#   vm     e2e/vm/matrix.sh: the vm-tagged tests in VMs (amd64 6.1 and 6.12, arm64 6.1)
set -u
cd "$(dirname "$0")/.." || exit
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0 skipped=0 broken=()

# count FILE: add a step's closing "N passed, M failed, K skipped" line.
count() {
	local line p f k
	line=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$1" | tail -1)
	[ -n "$line" ] || return 0
	read -r p _ f _ k _ <<<"$line"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
}

# step NAME CMD...: run CMD, its output shown and kept for count.
step() {
	local name=$1
	shift
	echo "=== $name: $*"
	local start=$SECONDS
	"$@" 2>&1 | tee "$log/$name"
	local rc=${PIPESTATUS[0]}
	echo "=== $name: $([ "$rc" = 0 ] && echo ok || echo "FAILED (exit $rc)") in $((SECONDS - start)) s"
	[ "$rc" = 0 ] || broken+=("$name")
	count "$log/$name"
}

# unit: go test, its package lines and failures shown, its verdicts counted.
unit() {
	go test -v ./... >"$log/unit.out" 2>&1
	local rc=$?
	grep -E '^(ok|FAIL|panic)|^ *--- (FAIL|SKIP)|^ +[a-z_]+(_test)?\.go:[0-9]+:' "$log/unit.out"
	echo "$(grep -cE '^ *--- PASS' "$log/unit.out") passed, $(grep -cE '^ *--- FAIL' "$log/unit.out") failed, $(grep -cE '^ *--- SKIP' "$log/unit.out") skipped"
	return $rc
}

step deps scripts/deps.sh amd64 arm64
step lint make --no-print-directory lint
step unit unit
step e2e e2e/run.sh
step vm e2e/vm/matrix.sh amd64:6.1 amd64:6.12 arm64:6.1
echo "all: $passed passed, $failed failed, $skipped skipped (unit tests, e2e on this host, e2e in the VMs)${broken[*]:+; failed steps: ${broken[*]}}"
[ ${#broken[@]} = 0 ]
