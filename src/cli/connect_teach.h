/*
 * connect_teach.h - `tlssim connect --protocol teach`: the student's client
 * of the eight-stage flow against a `tlssim serve`, printing the client's
 * events stage by stage as the walk's plain or JSON transcript does.
 */
#ifndef TLSSIM_CONNECT_TEACH_H
#define TLSSIM_CONNECT_TEACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct connect_teach_opts {
    const char *host, *port;           /* where the server is */
    const char *name;                  /* the student's name for the roster */
    const uint8_t *ca_der;             /* --ca: the CA certificate, or NULL */
    size_t ca_len;
    const char *ca_fingerprint;        /* --ca-fingerprint, or NULL */
    const char *server_name;           /* --host, or NULL for the server's setting */
    const char *message;               /* --message, or NULL */
    int timeout_s;
    bool json;
    bool may_ask;                      /* on a terminal, without --plain/--json: ask */
    bool accept_bad_cert;              /* continue past a certificate warning */
    bool step;                         /* on a terminal: wait for a key before each flight */
    bool tui;                          /* on a terminal: the walkthrough's full screen */
};

/* Run one connection; the exit status (0 completed, 1 failed or no
 * connection, 2 usage). */
int connect_teach(const struct connect_teach_opts *o);

#endif
