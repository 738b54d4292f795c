/*
 * What Landlock does not govern, attacked from inside a monitor (issue
 * 28's escapes): testmon makes these calls under each monitor's name, and
 * qemuattack.so from inside the real QEMU. Each returns what the call
 * returned (errno set on -1), or -2 for a name it does not know.
 *
 *   chmod-suid:PATH    chmod PATH 04777 (setuid planting)
 *   chown:PATH         chown PATH to 1000:1000
 *   setxattr:PATH      set user.urunc on PATH
 *   keyctl-read:ID     read key ID (another root process's)
 *   shm-write:ID       attach SysV segment ID read-write and write it
 *   connect:PATH       connect to the unix socket PATH
 *   udp-loopback       a UDP datagram to 127.0.0.1:9
 *   tiocsti-high       TIOCSTI on fd 0 with high bits set in the request
 *   exec-loader:LD:SO  run SO (libc) through the loader LD
 *   io-uring           set up an io_uring (whose operations seccomp never sees)
 *   write:PATH         open PATH read-write and write a byte at its start
 *   grow:PATH          write a byte at 1 GiB into PATH (a file the line names)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

static long floor_attack(const char *name)
{
    extern char **environ;
    const char *arg = strchr(name, ':');
    arg = arg ? arg + 1 : "";
    if (!strncmp(name, "chmod-suid:", 11))
        return chmod(arg, 04777);
    if (!strncmp(name, "chown:", 6))
        return chown(arg, 1000, 1000);
    if (!strncmp(name, "setxattr:", 9))
        return setxattr(arg, "user.urunc", "x", 1, 0);
    if (!strncmp(name, "keyctl-read:", 12)) {
        char buf[64];
        return syscall(SYS_keyctl, 11 /* KEYCTL_READ */, atol(arg), buf, sizeof buf, 0);
    }
    if (!strncmp(name, "shm-write:", 10)) {
        char *p = shmat(atoi(arg), NULL, 0);
        if (p == (void *)-1)
            return -1;
        memcpy(p, "owned", 6);
        return 0;
    }
    if (!strncmp(name, "connect:", 8)) {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        strncpy(a.sun_path, arg, sizeof a.sun_path - 1);
        return s < 0 ? s : connect(s, (struct sockaddr *)&a, sizeof a);
    }
    if (!strcmp(name, "udp-loopback")) {
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        return s < 0 ? s : sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
    }
    if (!strcmp(name, "tiocsti-high")) {
        char c = '#';
        return syscall(SYS_ioctl, 0, 0xffffffff00000000UL | TIOCSTI, &c);
    }
    if (!strncmp(name, "exec-loader:", 12)) {
        char ld[256], *so = strchr(arg, ':');
        if (!so || (size_t)(so - arg) >= sizeof ld)
            return -2;
        memcpy(ld, arg, so - arg);
        ld[so - arg] = 0;
        char *argv[] = {ld, so + 1, NULL};
        return execve(ld, argv, environ);
    }
    if (!strncmp(name, "write:", 6)) {
        int fd = open(arg, O_RDWR | O_CLOEXEC);
        return fd < 0 ? fd : pwrite(fd, "W", 1, 0);
    }
    if (!strncmp(name, "grow:", 5)) {
        int fd = open(arg, O_RDWR | O_CLOEXEC);
        return fd < 0 ? fd : pwrite(fd, "x", 1, 1LL << 30);
    }
    if (!strcmp(name, "io-uring")) {
        struct io_uring_params p;
        memset(&p, 0, sizeof p);
        return syscall(SYS_io_uring_setup, 1, &p);
    }
    return -2;
}
