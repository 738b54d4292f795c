/* sigstorm: run a command RUNS times and fire signals at it while it starts,
 * so that signals land in the wrapper's window between seccomp(2) and
 * execve(2), where a Go signal handler would run under the filter.
 *
 *   sigstorm RUNS SIGNAL [STATUS] -- CMD [ARGS...]
 *
 * SIGNAL is a number. Each run forks CMD and sends SIGNAL to it with kill(2)
 * (process-directed, as a runtime or a shell sends it) in a tight loop until
 * it exits; with -SIGNAL, once per run, after a delay that steps evenly
 * through the duration of an unsignalled run (the longest of five, timed
 * first): a storm of SIGTERM ends every run before the window, single
 * shots at every offset cross it. A harmless signal (SIGURG, SIGCHLD, SIGWINCH: ignored by default)
 * must leave the run's exit status STATUS (default 0); a terminating one
 * (SIGTERM) may end it by that signal. Ending by any other signal (SIGSYS:
 * a seccomp kill) is counted as a kill. Prints one line and exits 1 if any
 * run was killed or failed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* run_once runs the command without signals and returns its duration in us. */
static long run_once(char **cmd)
{
    long start = now_us();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(cmd[0], cmd);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return now_us() - start;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: sigstorm RUNS SIGNAL [STATUS] -- CMD [ARGS...]\n");
        return 2;
    }
    int runs = atoi(argv[1]), sig = atoi(argv[2]), want = 0, cmd = 3, once = sig < 0;
    if (once)
        sig = -sig;
    if (strcmp(argv[3], "--")) {
        want = atoi(argv[3]);
        cmd = 4;
    }
    if (strcmp(argv[cmd], "--") || cmd + 1 >= argc) {
        fprintf(stderr, "sigstorm: missing -- CMD\n");
        return 2;
    }
    cmd++;
    int killed = 0, by_sig = 0, failed = 0, last_kill = 0;
    long sent = 0, span = 0;
    if (once)
        for (int i = 0; i < 5; i++) {
            long d = run_once(argv + cmd);
            span = d > span ? d : span;
        }
    for (int i = 0; i < runs; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0) {
            execvp(argv[cmd], argv + cmd);
            _exit(127);
        }
        int status;
        if (once) {
            usleep((useconds_t)(span * i / runs));
            if (kill(pid, sig) == 0)
                sent++;
            if (waitpid(pid, &status, 0) < 0) {
                perror("waitpid");
                return 2;
            }
        }
        while (!once) {
            pid_t r = waitpid(pid, &status, WNOHANG);
            if (r == pid)
                break;
            if (r < 0 && errno != EINTR) {
                perror("waitpid");
                return 2;
            }
            if (kill(pid, sig) == 0)
                sent++;
        }
        if (WIFSIGNALED(status)) {
            if (WTERMSIG(status) == sig)
                by_sig++;
            else {
                killed++;
                last_kill = WTERMSIG(status);
            }
        } else if (WEXITSTATUS(status) != want)
            failed++;
    }
    if (once)
        printf("over %ld us: ", span);
    printf("%d runs of %s, signal %d sent %ld times: %d killed by another signal%s%s%s, %d ended by signal %d, %d failed otherwise\n",
           runs, argv[cmd], sig, sent, killed, last_kill ? " (last: " : "",
           last_kill ? strsignal(last_kill) : "", last_kill ? ")" : "", by_sig, sig, failed);
    return killed || failed;
}
