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
    for (int sig = 1; sig <= 64; sig++)
        signal(sig, SIG_DFL); /* fails harmlessly for SIGKILL, SIGSTOP */
    if (sigprocmask(SIG_SETMASK, &set, NULL) || signal(SIGHUP, SIG_IGN) == SIG_ERR) {
        perror("withmask");
        return 2;
    }
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    return 127;
}
