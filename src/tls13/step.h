/*
 * step.h - what a TLS 1.3 state machine reports as it goes: one step for
 * each message sent or received, each secret derived, each check made and
 * each alert.  A step is a plain struct handed to the caller's callback and
 * valid only during the call; a view prints it, a key log writes the
 * secrets that carry an NSS label.
 *
 * The stages are those of the TLS 1.3 flow: 1 keypair and certificate,
 * 2 ClientHello with key share, 3 ServerHello with key share, 4 handshake
 * secrets, 5 EncryptedExtensions + Certificate + CertificateVerify,
 * 6 Finished both ways, 7 application keys and the request, 8 the reply.
 */
#ifndef TLSSIM_TLS13_STEP_H
#define TLSSIM_TLS13_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tls13_step_kind {
    TLS13_STEP_SENT,            /* a message or record went out */
    TLS13_STEP_RECEIVED,        /* a message or record came in */
    TLS13_STEP_SECRET,          /* a secret or key was derived */
    TLS13_STEP_CHECK,           /* a check passed (ok) or failed */
    TLS13_STEP_ALERT_SENT,
    TLS13_STEP_ALERT_RECEIVED,
    TLS13_STEP_DONE,            /* the handshake is complete */
};

struct tls13_step {
    enum tls13_step_kind kind;
    int stage;                  /* 1 to 8 */
    const char *id;             /* stable, e.g. "tls13.cv.signature" */
    const char *name;           /* e.g. "ClientHello", "server_handshake_traffic_secret" */
    bool ok;                    /* for checks */
    const char *detail;         /* one plain sentence */
    const uint8_t *value;       /* the message or the secret, or NULL */
    size_t value_len;
    const char *keylog;         /* the NSS key log label of a secret, or NULL */
};

/* The caller's callback: called once for every step, in order. */
typedef void (*tls13_step_fn)(void *ctx, const struct tls13_step *step);

/* The short word of a step kind, e.g. "sent", "check". */
const char *tls13_step_kind_name(enum tls13_step_kind kind);

#endif
