/*
 * net_tls.h - a TLS 1.3 connection (tls13/conn.h) over a non-blocking
 * socket: sending what the connection queued, feeding it what arrived;
 * and the NSS key log that SSLKEYLOGFILE names, which Wireshark, curl and
 * browsers share.
 *
 * The caller owns the socket, the connection and the poll() loop; nothing
 * here waits.
 */
#ifndef TLSSIM_NET_TLS_H
#define TLSSIM_NET_TLS_H

#include "tls13/conn.h"

#include <stdio.h>

#define NET_READ_CHUNK 16384

enum net_read {
    NET_READ_NOTHING,   /* nothing there now */
    NET_READ_FED,       /* bytes arrived and were fed */
    NET_READ_EOF,       /* the peer closed its side */
    NET_READ_BROKEN,    /* the socket failed */
};

/* Send as much of c->out as fd takes now; 0, or -1 when the socket is broken. */
int net_tls_flush(int fd, struct tls13_conn *c) CRYPT_WARN_UNUSED;

/* Read what fd has (one chunk) and feed it to c; a failed connection shows
 * in c->state. */
enum net_read net_tls_read(int fd, struct tls13_conn *c);

/* The key log file: NULL when SSLKEYLOGFILE is unset or empty. */
struct net_keylog {
    FILE *file;
    char path[512];
};

/* Open SSLKEYLOGFILE for appending, mode 0600; 0, or -1 with err. */
int net_keylog_open(struct net_keylog *k, char *err, size_t errlen) CRYPT_WARN_UNUSED;

/* Append "LABEL client_random secret" in hex, as NSS writes it. */
void net_keylog_write(struct net_keylog *k, const char *label,
                      const uint8_t client_random[TLS13_RANDOM_LEN], const uint8_t *secret,
                      size_t len);

/* Close the key log. */
void net_keylog_close(struct net_keylog *k);

#endif
