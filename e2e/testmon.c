/*
 * testmon: a minimal hvt-like tender for the e2e tests. It makes the calls
 * solo5-hvt makes on x86-64 (dynamic glibc start-up, /dev/kvm, the same KVM
 * ioctls, pread64 of a block file, a KVM_RUN loop) and, when told, one
 * forbidden call after start-up, which the filter must stop.
 *
 * usage: testmon [--mem=MB] [--block:NAME=FILE] [--env=NAME]
 *                [--forbid=CALL] [--extra] [--exec=PATH] [--euid] [--] GUEST [CMDLINE...]
 *   GUEST   raw code loaded at 0x8000, x86-64 long mode or arm64 EL1 with
 *           the MMU off. Its "hypercalls": x86-64 port 0xe9, arm64 an MMIO
 *           byte at 0x10000000: console; port 0xf0 / MMIO +0x10: the block
 *           file's first bytes to 0x8100; port 0xf4 exits with the byte
 *           written; MMIO +0x20 sets the exit status, which arm64 ends with
 *           PSCI SYSTEM_OFF (hvc; the vCPU has PSCI 0.2) and x86-64 with hlt.
 *   --forbid  make one call by name (see attacks[] below) after KVM set-up
 *   --extra   also call getppid after KVM set-up (a call hvt never makes),
 *             then run the guest as usual
 *   --exec    execve PATH (the setuid test) with --euid (--caps when
 *             TESTMON_CAPS is set); --euid: print the euid, exit; --caps:
 *             print the permitted and effective capability sets, exit
 *   --version print "NAME tender, version V" on stderr and exit 0, as
 *             solo5-hvt does, with the same format string and V a string
 *             of its own in the binary, where the wrapper reads it (build
 *             with -DTESTMON_VERSION='"v0.9.3"' for another; default v0.12.1)
 * Environment: TESTMON_SHOW_ARGV=1 prints argv on stderr as [a][b]...;
 * TESTMON_PAUSE=1 waits for a byte on stdin before the first KVM_RUN;
 * TESTMON_FD=N writes "inherited fd N" to fd N (an fd the runtime passed);
 * TESTMON_FORBID=CALL is --forbid=CALL (a stand-in given another monitor's
 * command line);
 * TESTMON_NO_KVM=1 does no KVM set-up (for hosts without /dev/kvm): it
 * waits for TESTMON_PAUSE, makes the --forbid call if any, and exits.
 */
#define _GNU_SOURCE
#ifndef TESTMON_VERSION
#define TESTMON_VERSION "v0.12.1"
#endif
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/kvm.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "floor_attacks.h"

#define MEM_SIZE 0x200000
#define GDT 0x1000
#define PML4 0x2000
#define PDPT 0x3000
#define PD 0x4000
#define ENTRY 0x8000
#define BLOCK_AT 0x8100
#define MMIO_BASE 0x10000000 /* arm64: outside guest memory, so each access exits */

static const char *block_path;
static uint8_t *mem;

/* hypercall handles the guest's port (x86-64) or MMIO offset (arm64) write
 * of data; it returns the exit status to end with, or -1 to go on. */
static int exit_status;
static int hypercall(unsigned port, const uint8_t *data, unsigned len)
{
    switch (port) {
    case 0xe9: /* console */
    case 0x00:
        if (write(1, data, len) < 0)
            err(1, "write");
        return -1;
    case 0xf0: /* the block file's first bytes, read as hvt reads blocks */
    case 0x10: {
        if (!block_path)
            return -1;
        int bfd = open(block_path, O_RDONLY | O_CLOEXEC);
        if (bfd < 0)
            err(1, "%s", block_path);
        ssize_t n = pread(bfd, mem + BLOCK_AT, 255, 0);
        if (n < 0)
            err(1, "pread64 block");
        mem[BLOCK_AT + n] = 0;
        close(bfd);
        return -1;
    }
    case 0xf4: /* exit now */
        return *data;
    case 0x20: /* the status for the shutdown that follows */
        exit_status = *data;
        return -1;
    }
    return -1;
}

/* An allow-everything filter: installing it must not loosen the outer one. */
static long install_allow_all(void)
{
    struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_fprog prog = {1, allow};
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* Each attack returns what the call returned; the filter should have
 * stopped the process before that. */
static long attack(const char *name)
{
    long floor = floor_attack(name);
    if (floor != -2)
        return floor;
    if (!strcmp(name, "socket"))
        return socket(AF_INET, SOCK_STREAM, 0);
    if (!strcmp(name, "tap-create")) { /* a new tap: needs CAP_NET_ADMIN */
        int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return fd;
        struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
        strcpy(ifr.ifr_name, "tapevil0");
        return ioctl(fd, TUNSETIFF, &ifr);
    }
    if (!strncmp(name, "ethtool-tso:", 12)) { /* TSO off on a tap: needs CAP_NET_ADMIN */
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct ethtool_value ev = {.cmd = ETHTOOL_STSO, .data = 0};
        struct ifreq ifr = {.ifr_data = (char *)&ev};
        strncpy(ifr.ifr_name, name + 12, IFNAMSIZ - 1);
        return s < 0 ? s : ioctl(s, SIOCETHTOOL, &ifr);
    }
    if (!strcmp(name, "netlink-linkdown")) { /* RTM_NEWLINK: lo down, as getifaddrs' socket allows */
        int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (s < 0)
            return s;
        struct {
            struct nlmsghdr h;
            struct ifinfomsg i;
        } req = {.h = {.nlmsg_len = sizeof req, .nlmsg_type = RTM_NEWLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK},
                 .i = {.ifi_family = AF_UNSPEC, .ifi_index = 1, .ifi_change = IFF_UP}};
        struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
        if (sendto(s, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
            return -1;
        struct {
            struct nlmsghdr h;
            struct nlmsgerr e;
        } ack;
        struct iovec iov = {&ack, sizeof ack};
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
        if (recvmsg(s, &msg, 0) < 0)
            return -1;
        errno = -ack.e.error; /* the kernel's answer: 0 done, or -EPERM */
        return ack.e.error ? -1 : 0;
    }
    if (!strcmp(name, "udp-send")) { /* a datagram to anywhere (v0.12.1 may open AF_INET DGRAM) */
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        return s < 0 ? s : sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
    }
    if (!strcmp(name, "mmap-wx")) { /* writable and executable memory */
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? -1 : 0;
    }
    if (!strcmp(name, "mprotect-wx")) { /* make writable memory executable */
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return mprotect(p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    }
    if (!strcmp(name, "prlimit-other")) { /* another process's open files to 0 */
        struct rlimit zero = {0, 0};
        return syscall(SYS_prlimit64, 1, RLIMIT_NOFILE, &zero, NULL);
    }
    if (!strcmp(name, "prlimit-set")) { /* its own limits, raised or lowered */
        struct rlimit lim = {64, 64};
        return syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL);
    }
    /* Files the command line does not name (Landlock answers EACCES):
     * open-ro:PATH, open-rw:PATH, creat:PATH. */
    if (!strncmp(name, "open-ro:", 8))
        return open(name + 8, O_RDONLY | O_CLOEXEC);
    if (!strncmp(name, "open-rw:", 8))
        return open(name + 8, O_RDWR | O_CLOEXEC);
    if (!strncmp(name, "creat:", 6))
        return open(name + 6, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    /* Descriptors inherited from the caller: fd-read:N, fd-write:N. */
    if (!strncmp(name, "fd-read:", 8)) {
        char c;
        return read(atoi(name + 8), &c, 1);
    }
    if (!strncmp(name, "fd-write:", 9))
        return write(atoi(name + 9), "x", 1);
    /* An existing tap the command line does not name. */
    if (!strncmp(name, "tap-attach:", 11)) {
        int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return fd;
        struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
        strncpy(ifr.ifr_name, name + 11, IFNAMSIZ - 1);
        return ioctl(fd, TUNSETIFF, &ifr);
    }
    /* Inbound UDP on the host: bind 0.0.0.0:PORT. */
    if (!strcmp(name, "udp-bind")) {
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(47474)};
        return s < 0 ? s : bind(s, (struct sockaddr *)&a, sizeof a);
    }
    if (!strcmp(name, "udplite-socket"))
        return socket(AF_INET, SOCK_DGRAM, 136); /* IPPROTO_UDPLITE */
    if (!strcmp(name, "madvise-mergeable"))
        return madvise(mem, 4096, MADV_MERGEABLE);
    if (!strcmp(name, "socket-netlink")) /* allowed by the hvt policy */
        return socket(AF_NETLINK, SOCK_RAW, 0);
    if (!strcmp(name, "fork")) {
        pid_t p = fork();
        if (p == 0)
            _exit(0);
        return p;
    }
    if (!strcmp(name, "execve-sh")) {
        char *argv[] = {"/bin/sh", "-c", "echo shell", NULL};
        return execve("/bin/sh", argv, environ);
    }
    if (!strcmp(name, "ptrace"))
        return ptrace(PTRACE_TRACEME, 0, 0, 0);
    if (!strcmp(name, "mount"))
        return mount("none", "/tmp", "tmpfs", 0, NULL);
    if (!strcmp(name, "umount2"))
        return umount2("/tmp", MNT_DETACH);
    if (!strcmp(name, "unshare"))
        return unshare(CLONE_NEWUSER);
    if (!strcmp(name, "setns"))
        return syscall(SYS_setns, 0, 0);
    if (!strcmp(name, "pivot_root"))
        return syscall(SYS_pivot_root, "/", "/");
    if (!strcmp(name, "tiocsti")) {
        char c = 'x';
        return ioctl(0, TIOCSTI, &c);
    }
    if (!strcmp(name, "ioctl-sign-extended")) /* KVM_GET_API_VERSION with high garbage: allowed */
        return syscall(SYS_ioctl, open("/dev/kvm", O_RDWR), 0xffffffff0000ae00UL, 0);
    if (!strcmp(name, "personality-set"))
        return syscall(SYS_personality, 0x0400000 /* READ_IMPLIES_EXEC */);
    if (!strcmp(name, "clone-newns"))
        return syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (!strcmp(name, "clone3"))
        return syscall(SYS_clone3, NULL, 0); /* answered ENOSYS */
    if (!strcmp(name, "bpf"))
        return syscall(SYS_bpf, 0, NULL, 0);
    if (!strcmp(name, "perf_event_open"))
        return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
    if (!strcmp(name, "io_uring_setup"))
        return syscall(SYS_io_uring_setup, 1, NULL);
    if (!strcmp(name, "userfaultfd"))
        return syscall(SYS_userfaultfd, 0);
    if (!strcmp(name, "keyctl"))
        return syscall(SYS_keyctl, 0, 0, 0, 0, 0);
    if (!strcmp(name, "add_key"))
        return syscall(SYS_add_key, "user", "x", "y", 1, 0);
    if (!strcmp(name, "request_key"))
        return syscall(SYS_request_key, "user", "x", NULL, 0);
    if (!strcmp(name, "kexec_load"))
        return syscall(SYS_kexec_load, 0, 0, NULL, 0);
    if (!strcmp(name, "process_vm_readv"))
        return syscall(SYS_process_vm_readv, 1, NULL, 0, NULL, 0, 0);
    if (!strcmp(name, "process_vm_writev"))
        return syscall(SYS_process_vm_writev, 1, NULL, 0, NULL, 0, 0);
    if (!strcmp(name, "init_module"))
        return syscall(SYS_init_module, NULL, 0, "");
    if (!strcmp(name, "finit_module"))
        return syscall(SYS_finit_module, -1, "", 0);
    if (!strcmp(name, "swapon"))
        return syscall(SYS_swapon, "/nonexistent", 0);
    if (!strcmp(name, "acct"))
        return syscall(SYS_acct, NULL);
    if (!strcmp(name, "reboot"))
        return syscall(SYS_reboot, 0, 0, 0, NULL); /* bad magic: EINVAL if allowed */
    if (!strcmp(name, "open_tree"))
        return syscall(SYS_open_tree, -1, "/", 0);
    if (!strcmp(name, "fsopen"))
        return syscall(SYS_fsopen, "tmpfs", 0);
    if (!strcmp(name, "move_mount"))
        return syscall(SYS_move_mount, -1, "", -1, "", 0);
#if defined(__x86_64__)
    if (!strcmp(name, "i386-int80")) { /* getpid (20) through the i386 ABI */
        long ret;
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20) : "memory");
        return ret;
    }
    if (!strcmp(name, "x32-write")) /* write through the x32 ABI */
        return syscall(0x40000000 | SYS_write, 2, "x32\n", 4);
#endif
    if (!strcmp(name, "arg-confusion")) /* ioctl(fd, SYS_mmap, 3): an argument equal to mmap's number */
        return syscall(SYS_ioctl, 0, SYS_mmap, 3);
    if (!strcmp(name, "loosen-seccomp")) { /* an allow-all filter, then a forbidden call */
        long r = install_allow_all();
        fprintf(stderr, "testmon: allow-all filter install returned %ld\n", r);
        return socket(AF_INET, SOCK_STREAM, 0);
    }
    if (!strcmp(name, "loosen-nnp")) /* clear no_new_privs */
        return prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
    if (!strcmp(name, "loosen-strict")) { /* strict mode, then a forbidden call */
        return prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT);
    }
    errx(2, "unknown --forbid %s", name);
}

#if defined(__x86_64__)
static void set_seg(struct kvm_segment *s, int code)
{
    memset(s, 0, sizeof *s);
    s->limit = 0xffffffff;
    s->selector = code ? 0x8 : 0x10;
    s->type = code ? 9 : 3; /* execute-only accessed / read-write accessed */
    s->present = 1;
    s->s = 1;
    s->l = code;
    s->db = !code;
    s->g = 1;
}
#endif

#if defined(__x86_64__)
/* setup_vcpu: long mode, the first 2 MiB identity-mapped with one large
 * page, a flat GDT, the CPUID KVM supports (as solo5-hvt on x86-64). */
static void setup_vcpu(int kvm, int vm, int vcpu)
{
    (void)vm;
    uint64_t *pml4 = (uint64_t *)(mem + PML4), *pdpt = (uint64_t *)(mem + PDPT), *pd = (uint64_t *)(mem + PD);
    pml4[0] = PDPT | 3;
    pdpt[0] = PD | 3;
    pd[0] = 0x83; /* present, writable, 2 MiB */
    uint64_t *gdt = (uint64_t *)(mem + GDT);
    gdt[1] = 0x00af99000000ffffULL; /* 64-bit code */
    gdt[2] = 0x00cf93000000ffffULL; /* data */

    struct {
        struct kvm_cpuid2 c;
        struct kvm_cpuid_entry2 e[100];
    } cpuid = {.c.nent = 100};
    if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &cpuid) < 0)
        err(1, "KVM_GET_SUPPORTED_CPUID");
    if (ioctl(vcpu, KVM_SET_CPUID2, &cpuid) < 0)
        err(1, "KVM_SET_CPUID2");

    struct kvm_sregs sregs;
    memset(&sregs, 0, sizeof sregs);
    sregs.cr0 = 0x80010031; /* PG WP NE ET PE */
    sregs.cr3 = PML4;
    sregs.cr4 = 0x620; /* PAE OSFXSR OSXMMEXCPT */
    sregs.efer = 0x500; /* LME LMA */
    set_seg(&sregs.cs, 1);
    set_seg(&sregs.ds, 0);
    sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
    sregs.gdt.base = GDT;
    sregs.gdt.limit = 0x17;
    sregs.tr.type = 11;
    sregs.tr.present = 1;
    sregs.ldt.unusable = 1;
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
        err(1, "KVM_SET_SREGS");
    struct kvm_regs regs = {.rip = ENTRY, .rflags = 2, .rsp = MEM_SIZE - 8};
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
        err(1, "KVM_SET_REGS");
}

/* guest_exit handles one exit: the status to end with, or -1 to go on. */
static int guest_exit(struct kvm_run *run)
{
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        if (run->io.direction != KVM_EXIT_IO_OUT)
            return -1;
        return hypercall(run->io.port, (uint8_t *)run + run->io.data_offset, run->io.size * run->io.count);
    case KVM_EXIT_HLT:
        return exit_status;
    }
    errx(1, "KVM: unexpected exit reason %d", run->exit_reason);
}
#elif defined(__aarch64__)
/* setup_vcpu: the preferred target with PSCI 0.2 (without it the guest's
 * SYSTEM_OFF is not recognised and KVM_RUN never returns), EL1h with the
 * MMU off, PC at the entry (as solo5-hvt on arm64: hvt_kvm_aarch64.c). */
static void setup_vcpu(int kvm, int vm, int vcpu)
{
    (void)kvm;
    struct kvm_vcpu_init init;
    if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
        err(1, "KVM_ARM_PREFERRED_TARGET");
    init.features[0] |= 1 << KVM_ARM_VCPU_PSCI_0_2;
    if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
        err(1, "KVM_ARM_VCPU_INIT");
    uint64_t pc = ENTRY;
    struct kvm_one_reg reg = {
        .id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, regs.pc) / sizeof(uint32_t)),
        .addr = (uint64_t)&pc};
    if (ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0)
        err(1, "KVM_SET_ONE_REG pc");
    uint64_t got = 0;
    reg.addr = (uint64_t)&got;
    if (ioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0 || got != ENTRY)
        err(1, "KVM_GET_ONE_REG pc");
}

static int guest_exit(struct kvm_run *run)
{
    switch (run->exit_reason) {
    case KVM_EXIT_MMIO:
        if (!run->mmio.is_write || run->mmio.phys_addr < MMIO_BASE)
            errx(1, "KVM: guest access at %#llx", (unsigned long long)run->mmio.phys_addr);
        return hypercall(run->mmio.phys_addr - MMIO_BASE, run->mmio.data, run->mmio.len);
    case KVM_EXIT_SYSTEM_EVENT:
        if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN)
            return exit_status;
        errx(1, "KVM: system event %u", run->system_event.type);
    }
    errx(1, "KVM: unexpected exit reason %d", run->exit_reason);
}
#else
#error "testmon: x86-64 or arm64"
#endif

int main(int argc, char **argv)
{
    const char *forbid = NULL, *env = NULL, *exec_path = NULL;
    int extra = 0;
    int i;
    if (getenv("TESTMON_SHOW_ARGV")) {
        fprintf(stderr, "testmon: argv ");
        for (int k = 0; k < argc; k++)
            fprintf(stderr, "[%s]", argv[k]);
        fprintf(stderr, "\n");
    }
    if (argc == 2 && !strcmp(argv[1], "--version")) { /* as solo5-hvt prints it */
        fprintf(stderr, "%s tender, version %s\n", basename(argv[0]), TESTMON_VERSION);
        return 0;
    }
    for (i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--mem=", 6))
            continue;
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        /* One word each, as solo5-hvt's options (the wrapper reads the
         * unikernel and block paths from them). */
        if (!strncmp(argv[i], "--block:", 8) && strchr(argv[i], '='))
            block_path = strchr(argv[i], '=') + 1;
        else if (!strncmp(argv[i], "--net", 5)) /* --net:NAME=TAP, --net-mac:...: taken, not used */
            continue;
        else if (!strncmp(argv[i], "--env=", 6))
            env = argv[i] + 6;
        else if (!strncmp(argv[i], "--forbid=", 9))
            forbid = argv[i] + 9;
        else if (!strcmp(argv[i], "--extra"))
            extra = 1;
        else if (!strncmp(argv[i], "--exec=", 7))
            exec_path = argv[i] + 7;
        else
            break;
    }
    if (argc >= 2 && !strcmp(argv[argc - 1], "--euid")) {
        printf("euid %d\n", (int)geteuid());
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[argc - 1], "--caps")) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        if (syscall(SYS_capget, &hdr, data))
            err(1, "capget");
        printf("euid %d prm %08x%08x eff %08x%08x\n", (int)geteuid(), data[1].permitted, data[0].permitted, data[1].effective, data[0].effective);
        return 0;
    }
    if (exec_path) {
        char *args[] = {(char *)exec_path, getenv("TESTMON_CAPS") ? "--caps" : "--euid", NULL};
        execve(exec_path, args, environ);
        err(126, "execve %s", exec_path);
    }
    if (i >= argc)
        errx(2, "usage: testmon [--mem=MB] [--block:NAME=FILE] [--env=NAME] [--forbid=CALL] [--extra] [--] GUEST [CMDLINE...]");
    const char *guest = argv[i];
    if (getenv("TESTMON_FD")) {
        int fd = atoi(getenv("TESTMON_FD"));
        char msg[32];
        int len = snprintf(msg, sizeof msg, "inherited fd %d\n", fd);
        if (write(fd, msg, len) != len)
            err(1, "write to inherited fd %d", fd);
    }
    if (env) {
        const char *v = getenv(env);
        fprintf(stderr, "env %s=%s\n", env, v ? v : "(unset)");
    }

    /* TESTMON_NO_KVM=1: the attack right after start-up, for the tests of
     * what the monitor reaches on a host without /dev/kvm. */
    if (!forbid && getenv("TESTMON_FORBID")) /* under another monitor's name and command line */
        forbid = getenv("TESTMON_FORBID");
    if (getenv("TESTMON_NO_KVM")) {
        char c;
        if (getenv("TESTMON_PAUSE") && read(0, &c, 1) < 0)
            err(1, "read stdin");
        if (!forbid)
            return 0;
        mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        long r = attack(forbid);
        fprintf(stderr, "testmon: %s returned %ld (errno %d): not stopped\n", forbid, r, r < 0 ? errno : 0);
        return 3;
    }
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0)
        err(1, "/dev/kvm");
    if (ioctl(kvm, KVM_GET_API_VERSION, NULL) != KVM_API_VERSION)
        errx(1, "KVM API version mismatch");
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        err(1, "KVM_CREATE_VM");
    if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY) != 1)
        errx(1, "no KVM_CAP_USER_MEMORY");
    mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        err(1, "mmap guest memory");
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE, .userspace_addr = (uint64_t)mem};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        err(1, "KVM_SET_USER_MEMORY_REGION");

    /* The guest image, with pread64 as hvt loads ELF segments. */
    int gfd = open(guest, O_RDONLY | O_CLOEXEC);
    if (gfd < 0)
        err(1, "%s", guest);
    if (pread(gfd, mem + ENTRY, 0x1000, 0) <= 0)
        err(1, "read guest");
    close(gfd);

    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0)
        err(1, "KVM_CREATE_VCPU");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, NULL);
    if (run_size <= 0)
        err(1, "KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED)
        err(1, "mmap vcpu");
    setup_vcpu(kvm, vm, vcpu);

    if (extra)
        getppid();
    if (forbid) {
        long r = attack(forbid);
        fprintf(stderr, "testmon: %s returned %ld (errno %d): not stopped\n", forbid, r, r < 0 ? errno : 0);
        return 3;
    }

    if (getenv("TESTMON_PAUSE")) {
        char c;
        if (read(0, &c, 1) < 0)
            err(1, "read stdin");
    }
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, NULL) < 0)
            err(1, "KVM_RUN");
        int status = guest_exit(run);
        if (status >= 0)
            return status;
    }
}
