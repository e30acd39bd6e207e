/*
 * net_sock.h - the sockets under tlssim's network commands: connecting and
 * listening (IPv4 and IPv6), non-blocking reads and writes that retry on
 * EINTR, report EAGAIN as "nothing now" and never raise SIGPIPE, and a
 * monotonic clock for timeouts.  Every wait is poll() with a deadline; no
 * call here blocks.
 */
#ifndef TLSSIM_NET_SOCK_H
#define TLSSIM_NET_SOCK_H

#include "base/crypt.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NET_ERR_MAX 256
#define NET_ADDR_MAX 80

/* Milliseconds on a monotonic clock. */
int64_t net_now_ms(void);

/* Split "HOST", "HOST:PORT" or "[V6]:PORT" into host and port (default_port
 * when none); -1 when the text cannot be a host and port. */
int net_split_host_port(const char *text, const char *default_port, char *host, size_t hostlen,
                        char *port, size_t portlen) CRYPT_WARN_UNUSED;

/* Connect to host:port within timeout_ms, trying each address; a
 * non-blocking socket, or -1 with err saying what failed and where. */
int net_connect(const char *host, const char *port, int timeout_ms, char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

struct addrinfo;

/* Look up host:port once, for net_connect_start: the list (free it with
 * freeaddrinfo), or NULL with err saying what failed. */
struct addrinfo *net_resolve(const char *host, const char *port, char *err, size_t errlen);

/* Start a non-blocking connect to ai: the socket, whose connect goes on
 * in the background (poll it for POLLOUT, then ask net_connect_result),
 * or -1 with errno set when it failed at once. */
int net_connect_start(const struct addrinfo *ai);

/* After poll() said fd is writable or broken: 0 when its connect
 * succeeded, or the errno (SO_ERROR) it failed with. */
int net_connect_result(int fd);

/* Listen on port ("0": the system picks) of host (a name or address such
 * as 127.0.0.1 or ::1), or of every address when host is NULL; the
 * non-blocking socket and the port it got in *bound, or -1 with err. */
int net_listen(const char *host, const char *port, int backlog, unsigned *bound, char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

/* Accept one waiting connection as a non-blocking socket, its peer's
 * address as text in addr; -1 when none is waiting or it failed. */
int net_accept(int listener, char *addr, size_t addrlen);

/* Send what the socket takes now: bytes sent, 0 when it takes nothing now,
 * -1 when the connection is broken. */
ssize_t net_send_some(int fd, const uint8_t *p, size_t len);

/* Receive what is there: bytes read, 0 at end of stream, -2 when nothing
 * is there now, -1 when the connection is broken. */
ssize_t net_recv_some(int fd, uint8_t *p, size_t len);

/* The first byte waiting on fd, left there for the next read: 0 to 255,
 * -2 when nothing is there yet, -1 at end of stream or when broken. */
int net_peek_byte(int fd);

/* Make SIGPIPE harmless for the whole process. */
void net_ignore_sigpipe(void);

#endif
