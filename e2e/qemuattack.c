/*
 * qemuattack.so: the floor's attacks from inside the real QEMU, after its
 * own -sandbox is on. Preloaded (LD_PRELOAD; the test grants it to
 * Landlock as a read-only drive), it wraps write(2) and writev(2): the
 * first write to fd 1 of the guest's "Hello" (serial output, long after
 * QEMU's sandbox went on) makes each call QEMU_ATTACKS names (a comma
 * list, see floor_attacks.h) and reports it on fd 2 as
 * "qemuattack: NAME returned R (errno E)".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/uio.h>
#include "floor_attacks.h"

static int done;

static void attack_once(void)
{
    if (done++)
        return;
    const char *list = getenv("QEMU_ATTACKS");
    char buf[1024], msg[1200];
    if (!list || strlen(list) >= sizeof buf)
        return;
    strcpy(buf, list);
    for (char *save, *name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        errno = 0;
        long r = floor_attack(name);
        int n = snprintf(msg, sizeof msg, "qemuattack: %s returned %ld (errno %d)\n", name, r, r < 0 ? errno : 0);
        syscall(SYS_write, 2, msg, n);
    }
}

ssize_t write(int fd, const void *b, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd == 1 && n > 0 && ((const char *)b)[0] == 'H')
        attack_once();
    return real(fd, b, n);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    static ssize_t (*real)(int, const struct iovec *, int);
    if (!real)
        real = (ssize_t (*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
    if (fd == 1 && cnt > 0 && iov[0].iov_len > 0 && ((const char *)iov[0].iov_base)[0] == 'H')
        attack_once();
    return real(fd, iov, cnt);
}
