#!/usr/bin/env bash
# vmtest.sh: run the e2e tests that need /dev/kvm (or a given kernel) inside a
# Debian kernel booted by QEMU, for hosts without KVM and for other kernels.
#
#   e2e/vm/vmtest.sh [REGEX]     (default: the tests tagged vm; else those whose names match)
#
# Environment: ARCH (amd64 or arm64; default the host's), KERNEL (6.1 or 6.12; default
# 6.1), VM_DEADLINE (seconds for the whole VM, default 900), VM_CACHE (where
# kernels and static tools are kept, default ~/.cache/urunc-seccomp-exec/vm),
# VM_LOG (a file to keep the guest's console output in), VM_SOLO5 (a Solo5
# build tree, kept outside this repository: its solo5-hvt, solo5-hvt-debug
# and test_*.hvt go into the VM for solo5_real), VM_FETCH_ONLY=1
# (fill the cache and stop: matrix.sh runs VMs in parallel), VM_DEMO=1 (run
# scripts/demo.sh in the VM instead of tests: make demo on a host without KVM).
#
# The guest is Debian's own kernel (apt-get download, unpacked into the cache,
# never installed) with a busybox initramfs holding the wrapper and the test
# helpers built here for ARCH, the loader and libc for the dynamic ones, and
# e2e/run.sh (bats) run by bash-static. KVM in the guest comes from QEMU's software
# emulation (AMD SVM on x86-64), or from the host's KVM when it can nest.
# Prints the suite's TAP lines and its count; exits non-zero if
# a test failed, the VM did not finish by the deadline, or nothing ran.
set -euo pipefail
cd "$(dirname "$0")"
VMDIR=$PWD
E2E=$(dirname "$VMDIR")
ARCH=${ARCH:-$(go env GOARCH 2>/dev/null || dpkg --print-architecture)}
KERNEL=${KERNEL:-6.1}
DEADLINE=${VM_DEADLINE:-900}
CACHE=${VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/urunc-seccomp-exec/vm}
say() { echo "vmtest [$ARCH $KERNEL]: $*" >&2; }
die() { say "$*"; exit 1; }

# CC builds for ARCH; the loader and libc come from where that compiler
# links them (the host's, or Debian's cross packages).
case $ARCH in
amd64)
	CC=gcc QEMU=qemu-system-x86_64 CONSOLE=ttyS0
	[ "$(dpkg --print-architecture)" = amd64 ] || CC=x86_64-linux-gnu-gcc
	MACHINE=(-cpu max) # TCG emulates AMD SVM (kvm-amd), not VMX
	LOADER=/lib64/ld-linux-x86-64.so.2 LIBDIR=/lib/x86_64-linux-gnu
	MODULES="irqbypass ccp kvm kvm-amd tun"
	;;
arm64)
	CC=aarch64-linux-gnu-gcc QEMU=qemu-system-aarch64 CONSOLE=ttyAMA0
	[ "$(dpkg --print-architecture)" = arm64 ] && CC=gcc
	# virtualization=on: EL2, without which there is no KVM; pauth=off: the
	# default pointer authentication makes boot and each exit 2-3 times slower.
	MACHINE=(-M virt,virtualization=on -cpu max,pauth=off)
	LOADER=/lib/ld-linux-aarch64.so.1 LIBDIR=/lib/aarch64-linux-gnu
	MODULES="tun" # KVM is built in
	;;
*) die "ARCH=$ARCH: use amd64 or arm64" ;;
esac
"$E2E/../scripts/deps.sh" "$ARCH" || die "the packages above are needed"
SYSROOT=$($CC -print-sysroot)
[ -e "$SYSROOT$LOADER" ] || SYSROOT=/usr/$($CC -dumpmachine) # Debian's cross libc: /usr/aarch64-linux-gnu/lib
libsrc() { # where CC's loader and libc are: $1 is LOADER or LIBDIR/libc.so.6
	for f in "$SYSROOT$1" "$SYSROOT/lib/$(basename "$1")"; do [ -e "$f" ] && { echo "$f"; return; }; done
	die "no $1 for $ARCH (apt-get install libc6-dev-$ARCH-cross?)"
}
case $KERNEL in
6.1) KPATTERN="^linux-image-6\.1\.0-[0-9]+-$ARCH\$" ;;
6.12) KPATTERN="^linux-image-6\.12\.[0-9]+\+deb12-$ARCH\$" ;;
*) die "KERNEL=$KERNEL: use 6.1 or 6.12 (the kernels Debian's archive serves here)" ;;
esac
for tool in "$QEMU" "$CC" cpio gzip apt-get dpkg-deb; do
	command -v "$tool" >/dev/null || die "$tool is missing: run scripts/deps.sh $ARCH as root"
done

# fetch PKG DIR: Debian package PKG unpacked into DIR, once.
fetch() {
	local pkg=$1 dir=$2 tmp
	[ -e "$dir/.unpacked" ] && return
	tmp=$(mktemp -d)
	say "downloading $pkg"
	(cd "$tmp" && apt-get download -q "$pkg:$ARCH" >/dev/null 2>&1) || { rm -rf "$tmp"; die "apt-get download $pkg:$ARCH failed: run scripts/deps.sh $ARCH as root"; }
	mkdir -p "$dir"
	dpkg-deb -x "$tmp"/*.deb "$dir"
	rm -rf "$tmp"
	touch "$dir/.unpacked"
}

# The kernel and the modules the tests load (KVM, tun): only these are kept, not the 100 MB package.
kpkg=$(apt-cache search --names-only "$KPATTERN" | awk '{print $1}' | sort -V | tail -1)
[ -n "$kpkg" ] || die "no Debian package matches $KPATTERN: run apt-get update"
kdir=$CACHE/$kpkg
have_modules=yes
for m in $MODULES; do [ -e "$kdir/modules/$m.ko" ] || have_modules=no; done
if [ ! -e "$kdir/vmlinuz" ] || [ $have_modules = no ]; then
	fetch "$kpkg" "$CACHE/tmp-$kpkg"
	mkdir -p "$kdir/modules"
	cp "$CACHE/tmp-$kpkg"/boot/vmlinuz-* "$kdir/vmlinuz"
	for m in $MODULES; do
		ko=$(find "$CACHE/tmp-$kpkg/lib/modules" -name "$m.ko" -o -name "$m.ko.xz" | head -1)
		[ -n "$ko" ] || die "$kpkg has no module $m"
		case $ko in *.xz) xz -dc "$ko" >"$kdir/modules/$m.ko" ;; *) cp "$ko" "$kdir/modules/$m.ko" ;; esac
	done
	rm -rf "$CACHE/tmp-$kpkg"
fi
fetch busybox-static "$CACHE/busybox-$ARCH"
fetch bash-static "$CACHE/bash-$ARCH"
[ -z "${VM_FETCH_ONLY:-}" ] || exit 0

# The initramfs: busybox, bash, the loader and libc, the wrapper and helpers.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,proc,sys,dev,tmp,run,usr/bin,usr/lib,lib,lib64,modules,e2e/build} "$root$LIBDIR"
cp "$CACHE/busybox-$ARCH/bin/busybox" "$root/bin/"
cp "$CACHE/bash-$ARCH/bin/bash-static" "$root/bin/bash"
cp "$kdir"/modules/*.ko "$root/modules/" 2>/dev/null || true
echo "$MODULES" >"$root/modules/order"
cp -L "$(libsrc "$LOADER")" "$root$LOADER"
cp -L "$(libsrc "$LIBDIR/libc.so.6")" "$root$LIBDIR/"
b=$root/e2e/build
say "building the wrapper and the helpers for $ARCH"
(cd "$E2E/.." && CGO_ENABLED=0 GOARCH=$ARCH go build -tags wrapperonly -o "$b/urunc-seccomp-exec" . &&
	CGO_ENABLED=0 GOARCH=$ARCH go build -o "$b/urunc-seccomp-exec-tools" .)
# The test bed's own QEMU runs confined by the wrapper, built for this host.
(cd "$E2E/.." && CGO_ENABLED=0 go build -tags wrapperonly -o "$work/urunc-seccomp-exec" .)
$CC -O2 -Wall -o "$b/testmon" "$E2E/testmon.c"
gcc -O2 -Wall -o "$work/twointerp" "$E2E/twointerp.c" # runs here, on either architecture's ELF64
"$work/twointerp" "$b/testmon" "$b/testmon-interp2" /
$CC -O2 -Wall -pthread -o "$b/learnee" "$E2E/learnee.c"
for h in bpfcall sigstorm withmask minirt mktap; do
	$CC -O2 -Wall -static -o "$b/$h" "$E2E/$h.c"
done
cp -r "$E2E/run.sh" "$E2E/stress.sh" "$E2E/tests" "$root/e2e/"
# bats-core is bash scripts: the host's, run by the guest's bash.
command -v bats >/dev/null || die "bats is missing: run scripts/deps.sh as root"
mkdir -p "$root/usr/lib" "$root/usr/libexec"
cp -a /usr/lib/bats-core "$root/usr/lib/" && cp -a /usr/libexec/bats-core "$root/usr/libexec/" && cp /usr/bin/bats "$root/usr/bin/"
if [ -n "${VM_SOLO5:-}" ]; then # a Solo5 built for ARCH, and the libseccomp v0.11+ links
	mkdir -p "$root/solo5/tests"
	cp "$VM_SOLO5"/tenders/hvt/solo5-hvt* "$root/solo5/"
	for t in "$VM_SOLO5"/tests/test_*/test_*.hvt; do
		mkdir -p "$root/solo5/tests/$(basename "$(dirname "$t")")" && cp "$t" "$root/solo5/tests/$(basename "$(dirname "$t")")/"
	done
	lib=$($CC -print-file-name=libseccomp.so.2)
	for l in "$SYSROOT$LIBDIR"/libseccomp.so.2 "$LIBDIR"/libseccomp.so.2; do [ -e "$lib" ] || [ ! -e "$l" ] || lib=$l; done
	[ -z "$lib" ] || cp -L "$lib" "$root$LIBDIR/"
fi
if [ -n "${VM_DEMO:-}" ]; then # scripts/demo.sh runs instead of the tests
	mkdir -p "$root/scripts"
	cp "$E2E/../scripts/demo.sh" "$root/scripts/"
fi
cp "$VMDIR/init" "$root/init"
chmod 755 "$root" "$root/init"
echo "${1:-}" >"$root/e2e/vm-filter"
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$work/initrd.gz"

# Software emulation unless the host's KVM can nest (its CPU shows vmx/svm).
accel=(-accel tcg,thread=single "${MACHINE[@]}") # multi-threaded TCG hung guests that start and stop many VMs
if [ "$ARCH" = amd64 ] && [ "$(uname -m)" = x86_64 ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
	accel=(-accel kvm -cpu host)
fi
# show: the guest's lines worth passing on as they come (the demo: all it
# says from its first line on; the tests: their TAP lines and count).
show() {
	if [ -n "${VM_DEMO:-}" ]; then
		sed -un '/vm: Linux/,/^vm: exit/p'
	else
		grep --line-buffered -E '^(ok |not ok |# |vm: |[0-9]+ passed, )' | sed -u "s/^/[$ARCH $KERNEL] /"
	fi
}
say "booting $kpkg with ${accel[*]} (deadline ${DEADLINE} s)"
set +e
# The console goes through a pipe, never a file read back with tail -f:
# tail --pid could stop before it had read the last lines (the demo's
# whole output, written just before the guest powers off, was lost in 4
# of 12 runs). sed -u passes each line on as it comes.
timeout -k 5 "$DEADLINE" "$work/urunc-seccomp-exec" "$QEMU" "${accel[@]}" -m 1024 -smp 2 -nographic -no-reboot \
	-kernel "$kdir/vmlinuz" -initrd "$work/initrd.gz" \
	-append "console=$CONSOLE loglevel=1 panic=-1 edd=off rdinit=/init" </dev/null 2>&1 |
	sed -u 's/\r//g' | tee "$work/clean.log" | show
rc=${PIPESTATUS[0]}
set -e
[ -z "${VM_LOG:-}" ] || cp "$work/clean.log" "$VM_LOG"
[ "$rc" = 124 ] && { tail -20 "$work/clean.log" >&2; die "the VM did not finish within $DEADLINE s"; }
if [ -n "${VM_DEMO:-}" ]; then # the demo prints no count: its own exit status decides
	grep -q '^vm: exit 0$' "$work/clean.log" || die "the demo failed in the VM (QEMU exit $rc)"
	exit 0
fi
count=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$work/clean.log" | tail -1) || true
[ -n "$count" ] || { tail -30 "$work/clean.log" >&2; die "the suite did not run to its end in the VM (QEMU exit $rc)"; }
echo "[$ARCH $KERNEL] $count"
grep -q '^vm: exit 0$' "$work/clean.log"
