/* learnee: a program for `learn` to record. Single-threaded by default;
 * --threads N starts N pthreads that each sleep, allocate and exit, and joins
 * them; --extra makes one more call (getppid) that a policy learned
 * without --extra does not have. Exits 3, so that learn's exit status can
 * be checked to be the program's. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Every thread waits here until main has created them all: the waits and
 * main's wake-up are futex calls in every run, whatever the timing (a join
 * alone may find its thread finished: under ptrace and load it did). */
static pthread_barrier_t start;

static void *work(void *arg)
{
	pthread_barrier_wait(&start);
	struct timespec ts = {0, 1000000}; /* 1 ms: the join in main waits */
	nanosleep(&ts, NULL);
	char *p = malloc(1 << 20);
	memset(p, (int)(long)arg, 1 << 20);
	free(p);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = 0, extra = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--extra"))
			extra = 1;
		else {
			fprintf(stderr, "usage: learnee [--threads N] [--extra]\n");
			return 2;
		}
	}
	pthread_t t[64];
	if (threads > 64)
		threads = 64;
	if (threads > 0)
		pthread_barrier_init(&start, NULL, threads + 1);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, work, (void *)(long)i) != 0)
			return 1;
	if (threads > 0)
		pthread_barrier_wait(&start);
	for (int i = threads - 1; i >= 0; i--)
		pthread_join(t[i], NULL);
	if (extra)
		getppid();
	return 3;
}
