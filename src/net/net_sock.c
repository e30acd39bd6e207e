/*
 * net_sock.c - non-blocking sockets, poll() with deadlines, addresses.
 */
#define _POSIX_C_SOURCE 200809L
#include "net/net_sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int64_t net_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void net_ignore_sigpipe(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

int net_split_host_port(const char *text, const char *default_port, char *host, size_t hostlen,
                        char *port, size_t portlen)
{
    const char *colon, *host_end;
    const char *p = default_port;

    if (text[0] == '[') {
        host_end = strchr(text, ']');
        if (host_end == NULL || (host_end[1] != '\0' && host_end[1] != ':'))
            return -1;
        if (host_end[1] == ':')
            p = host_end + 2;
        text++;
    } else {
        colon = strrchr(text, ':');
        if (colon != NULL && strchr(text, ':') != colon)
            colon = NULL;   /* a bare IPv6 address: no port */
        host_end = colon != NULL ? colon : text + strlen(text);
        if (colon != NULL)
            p = colon + 1;
    }
    size_t n = (size_t)(host_end - text);
    if (n == 0 || n >= hostlen || strlen(p) == 0 || strlen(p) >= portlen ||
        strspn(p, "0123456789") != strlen(p) || strlen(p) > 5 || atoi(p) > 65535)
        return -1;
    memcpy(host, text, n);
    host[n] = '\0';
    snprintf(port, portlen, "%s", p);
    return 0;
}

/* Make fd non-blocking and close-on-exec; 0 or -1. */
static int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Send small frames at once on a TCP socket fd: each flight is written
 * whole, so Nagle's wait for an ACK (which the peer may delay) only adds
 * latency.  Not an error where fd is not TCP. */
static void set_nodelay(int fd)
{
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Wait until a non-blocking connect on fd ends; 0, or -1 with errno set. */
static int wait_connected(int fd, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - net_now_ms();
        if (left <= 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        struct pollfd pfd = {fd, POLLOUT, 0};
        int n = poll(&pfd, 1, (int)left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            continue;
        int soerr = 0;
        socklen_t len = sizeof soerr;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
            return -1;
        if (soerr != 0) {
            errno = soerr;
            return -1;
        }
        return 0;
    }
}

int net_connect(const char *host, const char *port, int timeout_ms, char *err, size_t errlen)
{
    int64_t deadline = net_now_ms() + timeout_ms;
    int fd = -1, last = 0;

    struct addrinfo *res = net_resolve(host, port, err, errlen);
    if (res == NULL)
        return -1;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            last = errno;
            continue;
        }
        if (set_nonblocking(fd) == 0 &&
            (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS) &&
            wait_connected(fd, deadline) == 0) {
            set_nodelay(fd);
            break;
        }
        last = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        snprintf(err, errlen, "cannot connect to %s port %s: %s", host, port,
                 last == ETIMEDOUT ? "no answer within the timeout" : strerror(last));
    return fd;
}

struct addrinfo *net_resolve(const char *host, const char *port, char *err, size_t errlen)
{
    struct addrinfo hints, *res = NULL;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "cannot find the address of '%s': %s", host, gai_strerror(rc));
        return NULL;
    }
    return res;
}

int net_connect_start(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);

    if (fd < 0)
        return -1;
    if (set_nonblocking(fd) != 0 ||
        (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int net_connect_result(int fd)
{
    int soerr = 0;
    socklen_t len = sizeof soerr;

    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
        return errno;
    return soerr;
}

int net_listen(const char *host, const char *port, int backlog, unsigned *bound, char *err,
               size_t errlen)
{
    static const int families[] = {AF_INET6, AF_INET};
    int fd = -1, last = 0, one = 1, zero = 0;

    for (size_t i = 0; i < 2 && fd < 0; i++) {
        struct addrinfo hints, *res = NULL;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = families[i];
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE;
        if (host != NULL)
            hints.ai_flags |= AI_NUMERICSERV;
        if (getaddrinfo(host, port, &hints, &res) != 0 || res == NULL)
            continue;
        fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (fd >= 0) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            if (families[i] == AF_INET6)
                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
            if (set_nonblocking(fd) != 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
                listen(fd, backlog) != 0) {
                last = errno;
                close(fd);
                fd = -1;
            }
        } else {
            last = errno;
        }
        freeaddrinfo(res);
    }
    if (fd < 0) {
        snprintf(err, errlen, "cannot listen on %s port %s: %s%s", host ? host : "every address",
                 port, last ? strerror(last) : "no such address here",
                 last == EADDRINUSE ? " (another program has it; choose another --port)"
                 : last == EACCES ? " (ports under 1024 need privileges; choose another --port)"
                 : "");
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    *bound = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        *bound = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                          : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

int net_accept(int listener, char *addr, size_t addrlen)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[NET_ADDR_MAX] = "?";
    unsigned port = 0;

    int fd = accept(listener, (struct sockaddr *)&ss, &len);
    if (fd < 0)
        return -1;
    if (set_nonblocking(fd) != 0) {
        close(fd);
        return -1;
    }
    set_nodelay(fd);
    if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
        port = ntohs(s6->sin6_port);
        if (strncmp(host, "::ffff:", 7) == 0)
            memmove(host, host + 7, strlen(host + 7) + 1);
    } else if (ss.ss_family == AF_INET) {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
        port = ntohs(s4->sin_port);
    }
    snprintf(addr, addrlen, "%s port %u", host, port);
    return fd;
}

ssize_t net_send_some(int fd, const uint8_t *p, size_t len)
{
    for (;;) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        return -1;
    }
}

ssize_t net_recv_some(int fd, uint8_t *p, size_t len)
{
    for (;;) {
        ssize_t n = recv(fd, p, len, 0);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return -2;
        return -1;
    }
}

int net_peek_byte(int fd)
{
    uint8_t b;

    for (;;) {
        ssize_t n = recv(fd, &b, 1, MSG_PEEK);
        if (n == 1)
            return b;
        if (n == 0)
            return -1;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? -2 : -1;
    }
}
