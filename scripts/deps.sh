#!/usr/bin/env bash
# deps.sh: make sure the Debian packages the demo and the tests use are here.
# As root it installs what is missing (apt-get); otherwise it prints the
# apt-get line to run and fails. The VM test bed also needs apt's package
# lists, to download Debian's kernels.
set -eu
if [ "$(dpkg --print-architecture)" = arm64 ]; then
	qemu=qemu-system-aarch64:qemu-system-arm
else
	qemu=qemu-system-x86_64:qemu-system-x86
fi
# command:package
need=(gcc:gcc cpio:cpio gzip:gzip xz:xz-utils "$qemu" setpriv:util-linux scmp_sys_resolver:seccomp)
missing=()
for n in "${need[@]}"; do
	command -v "${n%%:*}" >/dev/null || missing+=("${n#*:}")
done
# A static libc, for the helpers that run inside the test roots and the VM.
echo 'int main(void) { return 0; }' | gcc -static -x c -o /dev/null - 2>/dev/null || missing+=(libc6-dev)
lists=yes
apt-cache policy busybox-static 2>/dev/null | grep -q 'Candidate: [0-9]' || lists=no
[ ${#missing[@]} = 0 ] && [ $lists = yes ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "urunc-seccomp-exec: missing Debian packages${missing:+ (${missing[*]})}: as root, run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]:-}" >&2
	exit 1
fi
echo "deps.sh: apt-get update${missing:+ and install ${missing[*]}}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
[ ${#missing[@]} = 0 ] || apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
