/* execonly PROGRAM [ARGS...]: the floor of start-up for any C wrapper. */
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc > 1)
        execve(argv[1], &argv[1], environ);
    return 126;
}
