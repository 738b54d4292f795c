#!/usr/bin/env bash
# matrix.sh ARCH:KERNEL...: run vmtest.sh for each, two at a time (each VM's
# software emulation is one thread; these machines have two cores), and add
# up their counts into one closing line. Exits non-zero if any failed.
#
#   e2e/vm/matrix.sh amd64:6.1 amd64:6.12 arm64:6.1
set -u
cd "$(dirname "$0")" || exit
[ $# -gt 0 ] || { echo "usage: matrix.sh ARCH:KERNEL..." >&2; exit 2; }
# Fetch what the VMs share first, one at a time, so that parallel runs do
# not race to fill the cache.
for vm in "$@"; do
	ARCH=${vm%%:*} KERNEL=${vm#*:} VM_FETCH_ONLY=1 ./vmtest.sh || exit 1
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
running=0 i=0
for vm in "$@"; do
	i=$((i + 1))
	if [ $running -ge 2 ]; then
		wait -n
		running=$((running - 1))
	fi
	(ARCH=${vm%%:*} KERNEL=${vm#*:} ./vmtest.sh; echo $? >"$out/$i.rc") 2>&1 | tee "$out/$i.log" &
	running=$((running + 1))
done
wait
pass=0 failed=0 skipped=0 bad=0 i=0
for vm in "$@"; do
	i=$((i + 1))
	line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$out/$i.log" | tail -1)
	if [ -z "$line" ] || [ "$(cat "$out/$i.rc" 2>/dev/null)" != 0 ]; then
		bad=$((bad + 1))
		echo "FAIL vm $vm: $(grep -E '^vmtest|FAIL' "$out/$i.log" | tail -1)"
	fi
	read -r p _ f _ k _ <<<"${line:-0 passed, 0 failed, 0 skipped}"
	pass=$((pass + p)) failed=$((failed + f)) skipped=$((skipped + k))
done
echo "$pass passed, $((failed + bad)) failed, $skipped skipped"
[ $((failed + bad)) = 0 ]
