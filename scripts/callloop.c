/*
 * callloop [FILE.bpf] N: install the raw seccomp program in FILE (if given),
 * then time N calls of read(-1) (an unconditional allow: cacheable) and of
 * ioctl(-1, KVM_RUN) (argument-checked: runs the BPF every time); print
 * nanoseconds per call. For scripts/bench.sh.
 */
#define _GNU_SOURCE
#include <err.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    static struct sock_filter insns[4096];
    long n = atol(argv[argc - 1]);
    if (argc == 3) {
        FILE *f = fopen(argv[1], "rb");
        if (!f)
            err(1, "%s", argv[1]);
        struct sock_fprog prog = {(unsigned short)fread(insns, 8, 4096, f), insns};
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
            err(1, "install");
    }
    double t0 = now();
    for (long i = 0; i < n; i++)
        syscall(SYS_read, -1, 0, 0);
    double t1 = now();
    for (long i = 0; i < n; i++)
        syscall(SYS_ioctl, -1, 0xae80, 0);
    double t2 = now();
    char out[96];
    int len = snprintf(out, sizeof out, "%.1f %.1f\n", (t1 - t0) / n, (t2 - t1) / n);
    if (write(1, out, len) < 0)
        return 1;
    return 0;
}
