/*
 * minirt: starts a program the way urunc starts a monitor, for the e2e
 * exec-chain test. In a new mount and PID namespace it builds a root from
 * bind mounts (and tmpfs), pivot_roots into it (no /proc, no /etc, no
 * shell), drops to a uid/gid with no capabilities unless uid is 0, and
 * execs the program as PID 1. The parent prints the child's host PID on
 * stderr ("minirt: pid N") and exits with the child's status (100 when
 * building the root failed).
 *
 * usage: minirt [--bind SRC:DST]... [--tmpfs DST]... [--uid N --gid N]
 *               ROOT PROG [ARGS...]
 */
#define _GNU_SOURCE
#include <err.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX 32
/* The child's set-up failed (before its exec): the test reports a set-up
 * failure, not a monitor's. */
#define SETUP_FAILED 100
static char *binds[MAX], *tmpfses[MAX];
static int nbinds, ntmpfs;

static void mkdirs(const char *path, int file)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0755);
            *p = '/';
        }
    if (file)
        close(open(buf, O_CREAT | O_WRONLY, 0644));
    else
        mkdir(buf, 0755);
}

static void child(const char *root, uid_t uid, gid_t gid, char **argv)
{
    char dst[4096];
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        err(SETUP_FAILED, "make / private");
    if (mount("tmpfs", root, "tmpfs", 0, "mode=0755") < 0)
        err(SETUP_FAILED, "tmpfs on %s", root);
    for (int i = 0; i < nbinds; i++) {
        char *src = binds[i], *colon = strchr(src, ':');
        *colon = 0;
        struct stat st;
        if (stat(src, &st) < 0)
            err(SETUP_FAILED, "%s", src);
        snprintf(dst, sizeof dst, "%s%s", root, colon + 1);
        mkdirs(dst, !S_ISDIR(st.st_mode));
        if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
            err(SETUP_FAILED, "bind %s on %s", src, dst);
    }
    for (int i = 0; i < ntmpfs; i++) {
        snprintf(dst, sizeof dst, "%s%s", root, tmpfses[i]);
        mkdirs(dst, 0);
        if (mount("tmpfs", dst, "tmpfs", MS_NOEXEC | MS_NOSUID | MS_NODEV, NULL) < 0)
            err(SETUP_FAILED, "tmpfs on %s", dst);
    }
    snprintf(dst, sizeof dst, "%s/.oldroot", root);
    mkdir(dst, 0700);
    if (chdir(root) < 0 || syscall(SYS_pivot_root, ".", ".oldroot") < 0)
        err(SETUP_FAILED, "pivot_root");
    if (chdir("/") < 0 || umount2("/.oldroot", MNT_DETACH) < 0 || rmdir("/.oldroot") < 0)
        err(SETUP_FAILED, "detach the old root");
    if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
        err(SETUP_FAILED, "drop to %d:%d", uid, gid);
    extern char **environ;
    execve(argv[0], argv, environ);
    err(127, "execve %s", argv[0]);
}

int main(int argc, char **argv)
{
    uid_t uid = 0;
    gid_t gid = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--bind") && nbinds < MAX)
            binds[nbinds++] = argv[++i];
        else if (!strcmp(argv[i], "--tmpfs") && ntmpfs < MAX)
            tmpfses[ntmpfs++] = argv[++i];
        else if (!strcmp(argv[i], "--uid"))
            uid = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--gid"))
            gid = atoi(argv[++i]);
        else
            errx(2, "unknown option %s", argv[i]);
    }
    if (argc - i < 2)
        errx(2, "usage: minirt [--bind SRC:DST]... [--tmpfs DST]... [--uid N --gid N] ROOT PROG [ARGS...]");
    if (unshare(CLONE_NEWNS | CLONE_NEWPID) < 0)
        err(1, "unshare");
    pid_t pid = fork();
    if (pid < 0)
        err(1, "fork");
    if (pid == 0)
        child(argv[i], uid, gid, argv + i + 1);
    fprintf(stderr, "minirt: pid %d\n", pid);
    int status;
    if (waitpid(pid, &status, 0) < 0)
        err(1, "waitpid");
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
