/*
 * equal-wrapper BPF [-x FILE | -r FILE | -R DIR]... -- PROGRAM [ARGS...]: the
 * floor of scripts/bench.sh, in C: what urunc-seccomp-exec does before it
 * execs a monitor, with the same protections and nothing else.
 *
 *  - file descriptors 3 and up closed at exec (close_range CLOEXEC);
 *  - capabilities: ambient cleared, every bounding-set capability dropped
 *    (as root), permitted/effective/inheritable emptied (capset);
 *  - signal handlers reset to SIG_DFL (ignored ones stay ignored);
 *  - no_new_privs;
 *  - Landlock, at the kernel's ABI, handling what urunc-seccomp-exec
 *    handles, with the same rules: -x FILE execute (and read), -r FILE
 *    read, -R DIR read files beneath (the paths `urunc-seccomp-exec
 *    --dry-run -v` lists);
 *  - BPF (`urunc-seccomp-exec policy --format bpf`: the same program)
 *    behind an exec guard that allows execve with exactly this process's
 *    path, argv and envp pointers and nothing else;
 *  - execve(PROGRAM).
 */
#define _GNU_SOURCE
#include <err.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

#ifdef __x86_64__
#define ARCH AUDIT_ARCH_X86_64
#else
#define ARCH AUDIT_ARCH_AARCH64
#endif

/* Landlock's uapi up to ABI 6 (Debian 12's headers stop at ABI 2). */
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_MAKE_SYM (1ULL << 12)
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_NET_TCP (3ULL) /* bind and connect */
#define LL_SCOPES (3ULL)  /* abstract unix sockets, signals */
struct ll_ruleset_attr {
    uint64_t handled_access_fs, handled_access_net, scoped;
};
struct ll_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (ARG_LO(i) + 4)

static uint64_t handled_fs(int abi)
{
    uint64_t fs = (LL_FS_MAKE_SYM << 1) - 1; /* ABI 1 */
    if (abi >= 2)
        fs |= LL_FS_REFER;
    if (abi >= 3)
        fs |= LL_FS_TRUNCATE;
    if (abi >= 5)
        fs |= LL_FS_IOCTL_DEV;
    return fs;
}

static void add_rule(int ruleset, const char *path, uint64_t access, uint64_t handled)
{
    struct ll_path_beneath_attr attr = {.allowed_access = access & handled};
    attr.parent_fd = open(path, O_PATH | O_CLOEXEC);
    if (attr.parent_fd < 0)
        return; /* as the wrapper: nothing granted for what does not exist */
    if (syscall(SYS_landlock_add_rule, ruleset, 1 /* LANDLOCK_RULE_PATH_BENEATH */, &attr, 0))
        err(125, "landlock_add_rule %s", path);
    close(attr.parent_fd);
}

int main(int argc, char **argv)
{
    if (argc < 4)
        errx(125, "usage: equal-wrapper BPF [-x FILE|-r FILE|-R DIR]... -- PROGRAM [ARGS...]");
    /* The exported program, read before anything is restricted. */
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st))
        err(125, "%s", argv[1]);
    size_t n = st.st_size / sizeof(struct sock_filter);
    struct sock_filter *prog = malloc((n + 16) * sizeof *prog);
    if (!prog || read(fd, prog + 16, n * sizeof *prog) != (ssize_t)(n * sizeof *prog))
        err(125, "%s", argv[1]);
    close(fd);

    int i = 2;
    int abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* LANDLOCK_CREATE_RULESET_VERSION */);
    int ruleset = -1;
    if (abi > 0) {
        struct ll_ruleset_attr attr = {.handled_access_fs = handled_fs(abi)};
        size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? offsetof(struct ll_ruleset_attr, scoped)
                                                         : offsetof(struct ll_ruleset_attr, handled_access_net);
        if (abi >= 4)
            attr.handled_access_net = LL_NET_TCP;
        if (abi >= 6)
            attr.scoped = LL_SCOPES;
        ruleset = syscall(SYS_landlock_create_ruleset, &attr, size, 0);
        if (ruleset < 0)
            err(125, "landlock_create_ruleset");
    }
    const uint64_t read_file = LL_FS_READ_FILE, handled = abi > 0 ? handled_fs(abi) : 0;
    for (; i < argc && strcmp(argv[i], "--"); i += 2) {
        if (i + 1 >= argc)
            errx(125, "%s needs a path", argv[i]);
        uint64_t access = !strcmp(argv[i], "-x") ? read_file | LL_FS_EXECUTE : read_file;
        if (ruleset >= 0)
            add_rule(ruleset, argv[i + 1], access, handled);
    }
    if (i + 1 >= argc)
        errx(125, "no PROGRAM after --");
    char *path = argv[i + 1], **args = argv + i + 1;

    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC))
        err(125, "close_range");
    if (ruleset >= 0)
        fcntl(ruleset, F_SETFD, FD_CLOEXEC);
    /* Capabilities: none kept at exec. */
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (geteuid() == 0)
        for (int c = 0; c <= CAP_LAST_CAP; c++)
            if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0))
                err(125, "PR_CAPBSET_DROP %d", c);
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {0};
    if (syscall(SYS_capset, &hdr, data))
        err(125, "capset");
    /* Signal handlers back to the default; ignored ones stay ignored. */
    for (int s = 1; s < NSIG; s++) {
        struct sigaction old;
        if (s == SIGKILL || s == SIGSTOP || sigaction(s, NULL, &old))
            continue;
        if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)
            signal(s, SIG_DFL);
    }

    /* The exec guard: execve only with these three pointers. */
    uint64_t p = (uintptr_t)path, a = (uintptr_t)args, e = (uintptr_t)environ;
    struct sock_filter guard[16] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_execve, 0, 14), /* else: the program */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 0, 11),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)p, 0, 9),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(0)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, p >> 32, 0, 7),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)a, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(1)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a >> 32, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)e, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* envp's high half: same as argv's on 64-bit stacks */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    memcpy(prog, guard, sizeof guard);
    struct sock_fprog fprog = {.len = n + 16, .filter = prog};

    /* The window: nothing but these calls between the filter and exec. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
        err(125, "no_new_privs");
    if (ruleset >= 0 && syscall(SYS_landlock_restrict_self, ruleset, 0))
        err(125, "landlock_restrict_self");
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
        err(125, "seccomp");
    execve(path, args, environ);
    _exit(127);
}
