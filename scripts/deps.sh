#!/usr/bin/env bash
# deps.sh [ARCH...]: make sure the Debian packages the demo and the tests use
# are here, and for each ARCH named (arm64 on an amd64 host) what the VM test
# bed needs to build and boot it: a cross compiler, QEMU for it, and that
# architecture in dpkg, to download its kernel and static tools. As root it
# installs what is missing (apt-get); otherwise it prints the commands to
# run and fails. The VM test bed needs apt's package lists too.
set -eu
if [ "$(dpkg --print-architecture)" = arm64 ]; then
	qemu="qemu-system-aarch64:qemu-system-arm"
else
	qemu="qemu-system-x86_64:qemu-system-x86"
fi
# command:package
need=(gcc:gcc make:make pgrep:procps qemu-img:qemu-utils cpio:cpio gzip:gzip xz:xz-utils "$qemu" setpriv:util-linux scmp_sys_resolver:seccomp ping:iputils-ping ip:iproute2 keyctl:keyutils script:bsdutils bats:bats shellcheck:shellcheck)
missing=()
for n in "${need[@]}"; do
	command -v "${n%%:*}" >/dev/null || missing+=("${n#*:}")
done
# The CA certificates Go needs to fetch the modules (a minbase Debian has none).
[ -e /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
# A static libc, for the helpers that run inside the test roots and the VM.
echo 'int main(void) { return 0; }' | gcc -static -x c -o /dev/null - 2>/dev/null || missing+=(libc6-dev)
lists=yes
apt-cache policy busybox-static 2>/dev/null | grep -q 'Candidate: [0-9]' || lists=no
foreign=()
for arch in "$@"; do
	[ "$arch" = "$(dpkg --print-architecture)" ] && continue
	case $arch in
	arm64) command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
		command -v qemu-system-aarch64 >/dev/null || missing+=(qemu-system-arm) ;;
	amd64) command -v x86_64-linux-gnu-gcc >/dev/null || missing+=(gcc-x86-64-linux-gnu libc6-dev-amd64-cross)
		command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86) ;;
	*) echo "deps.sh: no VM test bed for $arch (amd64, arm64)" >&2; exit 1 ;;
	esac
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		foreign+=("$arch")
		lists=no
	elif ! apt-cache policy "busybox-static:$arch" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		lists=no
	fi
done
[ ${#missing[@]} = 0 ] && [ $lists = yes ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "urunc-seccomp-exec: missing Debian packages or lists: as root, run:${foreign:+ dpkg --add-architecture ${foreign[*]} &&} apt-get update${missing:+ && apt-get install -y --no-install-recommends ${missing[*]}}" >&2
	exit 1
fi
echo "deps.sh:${foreign:+ dpkg --add-architecture ${foreign[*]},} apt-get update${missing:+, apt-get install ${missing[*]}}" >&2
export DEBIAN_FRONTEND=noninteractive
for arch in "${foreign[@]}"; do dpkg --add-architecture "$arch"; done
apt-get update -qq
[ ${#missing[@]} = 0 ] || apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
