#!/usr/bin/env bash
# stress.sh WRAPPER POLICY [RUNS]: wrap dynamic /bin/true RUNS times (default
# 3000) under an exact policy while every core but one spins, and count the
# runs killed by a signal. The install-then-exec window must never kill: the
# answer must be 0. (With TSYNC it was 1,842 of 3,000: reference, section 1.)
set -u
w=$1 policy=$2 runs=${3:-3000}
load=()
for _ in $(seq $(($(nproc) - 1))); do
	(while :; do :; done) &
	load+=($!)
done
trap 'kill "${load[@]}" 2>/dev/null' EXIT
killed=0 failed=0
for _ in $(seq "$runs"); do
	"$w" --policy "$policy" /bin/true
	rc=$?
	if [ $rc -gt 128 ]; then
		killed=$((killed + 1))
	elif [ $rc != 0 ]; then
		failed=$((failed + 1))
	fi
done 2>/dev/null
echo "stress: $runs wrapped runs of /bin/true under load: $killed killed, $failed failed otherwise"
[ $killed = 0 ] && [ $failed = 0 ]
