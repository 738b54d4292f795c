/* withmask: exec a command with some signals blocked, SIGHUP ignored and
 * every other signal at its default (whatever the caller ignored), to check
 * that the monitor starts with the signal state the wrapper had.
 *
 *   withmask MASK CMD [ARGS...]
 *
 * MASK is hex as /proc/PID/status shows SigBlk (bit n-1 is signal n). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: withmask MASK CMD [ARGS...]\n");
        return 2;
    }
    unsigned long long mask = strtoull(argv[1], NULL, 16);
    sigset_t set;
    sigemptyset(&set);
    for (int sig = 1; sig <= 64; sig++)
        if (mask & (1ULL << (sig - 1)))
            sigaddset(&set, sig);
    /* Raw rt_sigaction: glibc refuses its own signals 32 and 33. A zeroed
     * kernel sigaction is SIG_DFL in both layouts (x86-64 has sa_restorer
     * before sa_mask, arm64 not). Fails harmlessly for SIGKILL, SIGSTOP. */
    unsigned long dfl[4] = {0};
    for (int sig = 1; sig <= 64; sig++)
        syscall(SYS_rt_sigaction, sig, dfl, NULL, 8);
    if (sigprocmask(SIG_SETMASK, &set, NULL) || signal(SIGHUP, SIG_IGN) == SIG_ERR) {
        perror("withmask");
        return 2;
    }
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    return 127;
}
