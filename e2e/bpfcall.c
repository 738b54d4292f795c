/*
 * bpfcall FILE NR [ARG0..ARG5]: install the raw seccomp program in FILE (as
 * "urunc-seccomp-exec policy --format bpf" writes it), make syscall NR with
 * the arguments, and print "returned R errno E". A kill ends the process
 * with SIGSYS instead. The e2e tests compare this, the kernel's decision,
 * with the wrapper's "explain".
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    static struct sock_filter insns[4096];
    long a[6] = {0};
    if (argc < 3 || argc > 9)
        errx(2, "usage: bpfcall FILE NR [ARG0..ARG5]");
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        err(2, "%s", argv[1]);
    size_t n = fread(insns, sizeof insns[0], 4096, f);
    fclose(f);
    long nr = strtol(argv[2], NULL, 0);
    for (int i = 3; i < argc; i++)
        a[i - 3] = (long)strtoull(argv[i], NULL, 0);
    struct sock_fprog prog = {(unsigned short)n, insns};
    char out[64];
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
        err(2, "install");
    long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    int len = snprintf(out, sizeof out, "returned %ld errno %d\n", r, r < 0 ? errno : 0);
    if (write(1, out, len) < 0)
        return 2;
    syscall(SYS_exit_group, 0);
}
