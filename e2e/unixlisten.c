/* unixlisten PATH SECONDS: a unix socket server at PATH (mode 0600, its
 * owner the caller: root's control socket in the floor tests) that accepts
 * for SECONDS, then removes PATH. */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        errx(2, "usage: unixlisten PATH SECONDS");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1);
    unlink(argv[1]);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || chmod(argv[1], 0600) < 0 || listen(s, 16) < 0)
        err(1, "%s", argv[1]);
    alarm(atoi(argv[2]));
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c >= 0)
            close(c);
    }
}
