#!/usr/bin/env bats
# e2e tests, inspection: the exported program in the kernel.

load helpers

# --- inspection: the exported program in the kernel agrees with explain ----------
# bats test_tags=vm
@test "export_in_kernel" {
	local v call json nr want rc got n=0
	for v in v0.9.3 v0.12.1; do
		"$W" policy --monitor-version $v --format bpf >"$TT/hvt.bpf" || { fail "policy --format bpf failed"; return; }
		for call in "read 0 0 0" "write 1 0 0" "getpid" "socket 2 1 0" "socket 2 2 0" "socket 16 3 0" "clone3 0 0" \
			"ioctl 0 0xae80" "ioctl 0 0x5412" "ioctl 0 0xffffffffc008ae05" "personality 0xffffffff" "personality 0x400000" \
			"prctl 38 1" "prctl 22 2" "mount 0 0 0" "execve 0 0 0" "fcntl 0 4 0" "fcntl 0 1 0"; do
			# shellcheck disable=SC2086
			json=$("$W" explain --monitor-version $v --json $call) || { fail "explain $call failed"; return; }
			nr=$(echo "$json" | sed 's/.*"nr":\([0-9]*\).*/\1/')
			want=$(echo "$json" | sed 's/.*"decision":"\([^"]*\)".*/\1/')
			# shellcheck disable=SC2086
			got=$(quietly "$B/bpfcall" "$TT/hvt.bpf" "$nr" ${call#* } 2>/dev/null) && rc=0 || rc=$?
			case $want in
			allow) [ "$rc" = 0 ] && [[ $got == returned* ]] && [[ $got != *"errno 1" ]] ;;
			"errno(ENOSYS)") [ "$got" = "returned -1 errno 38" ] ;;
			kill_process) killed_by_sigsys "$rc" ;;
			*) false ;;
			esac || { fail "$v $call: explain says $want, the kernel: rc=$rc $got"; return; }
			n=$((n + 1))
		done
	done
	pass "$n calls: the kernel, running 'policy --format bpf', decides as 'explain' says (allow, errno, kill), both hvt policies"
}
