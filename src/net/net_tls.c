/*
 * net_tls.c - moving a TLS 1.3 connection's bytes over a socket, and the
 * NSS key log.
 */
#define _POSIX_C_SOURCE 200809L
#include "net/net_tls.h"

#include "net/net_sock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int net_tls_flush(int fd, struct tls13_conn *c)
{
    while (c->out.len > 0) {
        ssize_t n = net_send_some(fd, c->out.data, c->out.len);
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        tls13_conn_drain(c, (size_t)n);
    }
    return 0;
}

enum net_read net_tls_read(int fd, struct tls13_conn *c)
{
    uint8_t buf[NET_READ_CHUNK];
    ssize_t n = net_recv_some(fd, buf, sizeof buf);

    if (n == -2)
        return NET_READ_NOTHING;
    if (n < 0)
        return NET_READ_BROKEN;
    if (n == 0)
        return NET_READ_EOF;
    (void)!tls13_conn_feed(c, buf, (size_t)n);
    crypt_wipe(buf, (size_t)n);
    return NET_READ_FED;
}

int net_keylog_open(struct net_keylog *k, char *err, size_t errlen)
{
    const char *path = getenv("SSLKEYLOGFILE");

    k->file = NULL;
    k->path[0] = '\0';
    if (path == NULL || path[0] == '\0')
        return 0;
    if (strlen(path) >= sizeof k->path) {
        snprintf(err, errlen, "SSLKEYLOGFILE is too long a path");
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0 || (k->file = fdopen(fd, "a")) == NULL) {
        snprintf(err, errlen, "cannot write the key log SSLKEYLOGFILE=%s: %s; set it to a "
                 "file you may write, or unset it", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    snprintf(k->path, sizeof k->path, "%s", path);
    return 0;
}

void net_keylog_write(struct net_keylog *k, const char *label,
                      const uint8_t client_random[TLS13_RANDOM_LEN], const uint8_t *secret,
                      size_t len)
{
    if (k->file == NULL)
        return;
    char *cr = bytes_to_hex(client_random, TLS13_RANDOM_LEN);
    char *s = bytes_to_hex(secret, len);
    fprintf(k->file, "%s %s %s\n", label, cr, s);
    fflush(k->file);
    free(cr);
    crypt_free(s, strlen(s));
}

void net_keylog_close(struct net_keylog *k)
{
    if (k->file != NULL)
        fclose(k->file);
    k->file = NULL;
}
