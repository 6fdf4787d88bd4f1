/*
 * Diagnostic only (bench/odmr-pull.sh with FETCHMAIL_NODELAY=1): an LD_PRELOAD shim that sets
 * TCP_NODELAY on every TCP socket the process connects. fetchmail's ODMR relay copies the reversed
 * session line by line into smtphost with one write() per line and Nagle on; with it off, the
 * measured time shows what the rest of the chain (the edge, the sink) takes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    static int (*real_connect)(int, const struct sockaddr *, socklen_t);
    if (!real_connect) {
        real_connect = (int (*)(int, const struct sockaddr *, socklen_t)) dlsym(RTLD_NEXT, "connect");
    }
    int rc = real_connect(fd, addr, len);
    int saved = errno;
    if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6)) {
        int type = 0;
        socklen_t tl = sizeof type;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) == 0 && type == SOCK_STREAM) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    }
    errno = saved;
    return rc;
}
