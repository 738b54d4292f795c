#!/usr/bin/env bash
# stress.sh WRAPPER POLICY RUNS STATUS CMD [ARGS...]: wrap CMD RUNS times
# under POLICY while every core spins, and count the runs killed by a signal
# or ending with another status than STATUS. The answer must be 0: for the
# install-then-exec window (with TSYNC, 1,842 of 3,000 runs died; a Go
# signal handler in the window, 216 of 300 under a signal storm) and for
# learned policies (a call that only some runs make).
set -u
w=$1 policy=$2 runs=$3 status=$4
shift 4
load=()
for _ in $(seq "$(nproc)"); do
	(while :; do :; done) &
	load+=($!)
done
trap 'kill "${load[@]}" 2>/dev/null' EXIT
killed=0 failed=0
for _ in $(seq "$runs"); do
	"$w" --policy "$policy" "$@" >/dev/null
	rc=$?
	if [ $rc -gt 128 ]; then
		killed=$((killed + 1))
	elif [ $rc != "$status" ]; then
		failed=$((failed + 1))
	fi
done 2>/dev/null
echo "$runs wrapped runs of $* under load: $killed killed, $failed failed otherwise"
[ $killed = 0 ] && [ $failed = 0 ]
