/*
 * mktap: make or remove a persistent tap, as `ip tuntap add NAME mode tap
 * [user UID]` and `ip link del NAME` do (busybox's ip, in the VM test bed,
 * has no tuntap).
 *
 * usage: mktap NAME [UID]    a tap, ownerless or owned by UID
 *        mktap -d NAME       remove it
 *        mktap -m NAME SECS  a multi-queue ownerless tap, one queue of which
 *                            this process holds for SECS seconds (another
 *                            VM's, in the tests)
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "-m")) {
        int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE};
        strncpy(ifr.ifr_name, argv[2], IFNAMSIZ - 1);
        if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETPERSIST, 1) < 0)
            err(1, "multi-queue tap %s", argv[2]);
        printf("holding\n");
        fflush(stdout);
        sleep(atoi(argv[3]));
        return 0;
    }
    int del = argc == 3 && !strcmp(argv[1], "-d");
    if (argc < 2 || argc > 3)
        errx(2, "usage: mktap NAME [UID] | mktap -d NAME | mktap -m NAME SECS");
    const char *name = del ? argv[2] : argv[1];
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        err(1, "/dev/net/tun");
    struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0 && !(del && errno == EINVAL && (ifr.ifr_flags |= IFF_MULTI_QUEUE) &&
                                            ioctl(fd, TUNSETIFF, &ifr) == 0)) /* -d: a multi-queue tap too */
        err(1, "TUNSETIFF %s", name);
    if (!del && argc == 3 && ioctl(fd, TUNSETOWNER, (unsigned long)atol(argv[2])) < 0)
        err(1, "TUNSETOWNER %s", argv[2]);
    if (ioctl(fd, TUNSETPERSIST, del ? 0 : 1) < 0)
        err(1, "TUNSETPERSIST %s", name);
    return 0;
}
