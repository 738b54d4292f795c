#!/usr/bin/env bats
# e2e tests, the monitors that filter themselves (Firecracker,
# cloud-hypervisor, solo5-spt): what they reach beyond their own seccomp.
# Neither Firecracker nor cloud-hypervisor is packaged here, so a stand-in
# (testmon) runs under each name with that monitor's real command line.

load helpers

@test "monitors_confined" {
	requires root landlock
	echo secret >"$TT/secret" && chmod 600 "$TT/secret"
	echo kernel >"$TT/kernel" && truncate -s 1M "$TT/disk.img"
	mkdir "$TT/bin"
	# urunc's Firecracker configuration (pkg/unikontainers/hypervisors/firecracker.go).
	cat >"$TT/fc.json" <<JSON
{"boot-source":{"kernel_image_path":"$TT/kernel","boot_args":"console=ttyS0"},
 "machine-config":{"vcpu_count":1,"mem_size_mib":256,"smt":false,"track_dirty_pages":false},
 "drives":[{"drive_id":"rootfs","is_read_only":false,"is_root_device":true,"path_on_host":"$TT/disk.img"}]}
JSON
	local m line a n=0 status
	for m in firecracker cloud-hypervisor solo5-spt; do
		cp "$B/testmon" "$TT/bin/$m"
		case $m in
		firecracker) line=(--no-api --config-file "$TT/fc.json") ;;
		cloud-hypervisor) line=(--kernel "$TT/kernel" --disk "path=$TT/disk.img" --cmdline console=hvc0 --serial tty --console off) ;;
		solo5-spt) line=(--mem=64 --block:storage="$TT/disk.img" "$TT/kernel") ;;
		esac
		for a in "open-ro:$TT/secret:13" "creat:$TT/new:13" "execve-sh:kill" "open-rw:$TT/disk.img:0" "open-ro:$TT/kernel:0"; do
			TESTMON_FORBID=${a%:*} tried "$W" "$TT/bin/$m" "${line[@]}"
			if [ "${a##*:}" = 0 ]; then opened; elif [ "${a##*:}" = kill ]; then killed_by_sigsys "$RC"; else denied "${a##*:}"; fi || { fail "$m, ${a%:*}: rc $RC: $ERR"; return; }
			n=$((n + 1))
		done
		# Its block image cannot grow (RLIMIT_FSIZE at the image's size;
		# stderr a pipe: a regular file there turns the limit off).
		TESTMON_NO_KVM=1 TESTMON_FORBID=grow:$TT/disk.img quietly "$W" "$TT/bin/$m" "${line[@]}" > >(cat >"$TT/grow.out") 2>&1 && RC=0 || RC=$?
		[ "$RC" = 153 ] && [ "$(stat -c %s "$TT/disk.img")" = 1048576 ] || { fail "$m grew its image: rc $RC, size $(stat -c %s "$TT/disk.img"): $(cat "$TT/grow.out")"; return; }
		n=$((n + 1))
		status=$(PAUSED_NAME=${m:0:15} paused_status env TESTMON_NO_KVM=1 "$W" "$TT/bin/$m" "${line[@]}")
		echo "$status" | grep -q '^CapEff:[[:space:]]*0000000000000000$' && echo "$status" | grep -q '^NoNewPrivs:[[:space:]]*1$' ||
			{ fail "$m: $(echo "$status" | grep -E '^(CapEff|NoNewPrivs):' | tr '\n' ' ') $(cat "$TT/err")"; return; }
	done
	# cloud-hypervisor's own spellings: readonly=ON is read-only to it, and
	# commas inside [...] do not split (path=SECRET is part of serial=).
	TESTMON_FORBID=open-rw:$TT/disk.img tried "$W" "$TT/bin/cloud-hypervisor" --kernel "$TT/kernel" --disk "path=$TT/disk.img,readonly=ON"
	denied 13 || { fail "cloud-hypervisor readonly=ON: the image opened read-write: rc $RC: $ERR"; return; }
	TESTMON_FORBID=open-ro:$TT/secret tried "$W" "$TT/bin/cloud-hypervisor" --kernel "$TT/kernel" --disk "path=$TT/disk.img,serial=[a,path=$TT/secret,b]"
	denied 13 || { fail "cloud-hypervisor serial=[a,path=SECRET,b]: the secret opened: rc $RC: $ERR"; return; }
	n=$((n + 2))
	# What the wrapper cannot reason about is refused, not run.
	tried "$W" "$TT/bin/cloud-hypervisor" --kernel "$TT/kernel" --device path=/sys/bus/pci/devices/0000:00:01.0
	[ "$RC" = 125 ] || { fail "cloud-hypervisor --device (VFIO): rc $RC: $ERR"; return; }
	echo '{"boot-source":{"kernel_image_path":"/"}}' >"$TT/bad.json"
	tried "$W" "$TT/bin/firecracker" --no-api --config-file "$TT/bad.json"
	[ "$RC" = 125 ] && [[ $ERR == *"is a folder"* ]] || { fail "firecracker with a kernel that is /: rc $RC: $ERR"; return; }
	pass "stand-ins under Firecracker's (urunc's fc.json), cloud-hypervisor's and solo5-spt's command lines: their kernel and disk open; a root-only secret, a new file, exec of /bin/sh (killed by the floor), growing the image (SIGXFSZ) do not, nor cloud-hypervisor's readonly=ON image and a path inside serial=[...] ($n checks); CapEff 0, NoNewPrivs 1; VFIO and a kernel that is / refused (125)"
}
