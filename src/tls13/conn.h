/*
 * conn.h - one TLS 1.3 connection, client or server, without any I/O: the
 * caller feeds it the bytes that arrived and sends the bytes it leaves in
 * out.  It owns the record layer state, the handshake reassembly, the
 * transcript, the key schedule and the received application data.
 *
 * Call order: tls13_conn_init(); for a client tls13_client_start();
 * then, in any order, tls13_conn_feed() with arriving bytes (each call may
 * append to out and app_in and reports steps through the callback),
 * tls13_conn_send() once established, tls13_conn_close(); send out's bytes
 * and drop them with tls13_conn_drain(); tls13_conn_free() at the end
 * wipes every secret.  A failed connection has queued its alert in out.
 */
#ifndef TLSSIM_TLS13_CONN_H
#define TLSSIM_TLS13_CONN_H

#include "base/bytes.h"
#include "pki/x509.h"
#include "tls13/alert.h"
#include "tls13/keysched.h"
#include "tls13/msg.h"
#include "tls13/step.h"
#include "tls13/transcript.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tls13_role { TLS13_CLIENT, TLS13_SERVER };

enum tls13_state {
    TLS13_ST_START,
    TLS13_ST_WAIT_CH,           /* server */
    TLS13_ST_WAIT_SH,           /* client */
    TLS13_ST_WAIT_EE,
    TLS13_ST_WAIT_CERT,
    TLS13_ST_WAIT_CV,
    TLS13_ST_WAIT_FINISHED,     /* the peer's Finished */
    TLS13_ST_CONNECTED,
    TLS13_ST_CLOSED,            /* close_notify received */
    TLS13_ST_FAILED,
};

/* What a connection is given; pointers must outlive it. */
struct tls13_config {
    /* client */
    const char *host;                       /* server_name and the name to check */
    const struct x509_cert *trusted;        /* the CA certificates trusted */
    size_t trusted_count;
    int64_t now;                            /* the clock for validity */
    bool first_hello_without_share;         /* the first ClientHello's key_share lists no
                                               share, so the server must answer with a
                                               HelloRetryRequest (RFC 8446 §4.1.4) */
    /* server */
    const uint8_t *cert_der;
    size_t cert_len;
    const uint8_t *inter_der;               /* the issuing intermediate CA's, or NULL */
    size_t inter_len;
    const uint8_t *sign_sk;                 /* Ed25519, CRYPT_SIGN_SECRETKEYBYTES */
    /* both */
    tls13_step_fn on_step;                  /* or NULL */
    void *ctx;
};

struct tls13_conn {
    enum tls13_role role;
    enum tls13_state state;
    struct tls13_config cfg;
    struct bytes out;           /* to send */
    struct bytes app_in;        /* application data received */
    struct bytes rbuf;          /* bytes received, not yet a whole record */
    struct bytes hbuf;          /* handshake bytes, not yet a whole message */
    struct tls13_transcript transcript;
    struct tls13_secrets secrets;
    struct tls13_traffic rd, wr;
    bool rd_on, wr_on;          /* records are protected in that direction */
    bool rd_changed;            /* the read keys changed during this message */
    uint8_t rd_secret[TLS13_HASH_LEN], wr_secret[TLS13_HASH_LEN];
    uint8_t x25519_sk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t client_random[TLS13_RANDOM_LEN];
    uint8_t session_id[TLS13_SESSION_ID_MAX];
    size_t session_id_len;
    bool sent_hrr;
    char server_name[TLS13_NAME_MAX];       /* server: what the client asked for */
    struct bytes peer_cert;                 /* client: the server's own certificate (DER) */
    uint8_t peer_pk[CRYPT_SIGN_PUBLICKEYBYTES];
    struct tls13_error err;                 /* why it failed */
    bool alert_received;
    uint8_t peer_alert;
    /* client: the HelloRetryRequest and the CertificateRequest */
    bool got_hrr;                           /* one came (a second is refused) */
    uint16_t hrr_suite;                     /* the suite it named */
    bool sent_share;                        /* a ClientHello carried the X25519 share */
    bool cert_requested;                    /* the server asked for a client certificate */
    uint8_t cr_context[255];                /* its certificate_request_context */
    size_t cr_context_len;
};

/* Set c up for role under cfg (copied); nothing is sent yet. */
void tls13_conn_init(struct tls13_conn *c, enum tls13_role role, const struct tls13_config *cfg);

/* Client: make the key share and queue the ClientHello in out. */
void tls13_client_start(struct tls13_conn *c);

/* Take len bytes that arrived; 0, or -1 when the connection failed (the
 * reason in c->err; an alert is queued in out unless the peer sent one). */
int tls13_conn_feed(struct tls13_conn *c, const uint8_t *data, size_t len) CRYPT_WARN_UNUSED;

/* Queue len bytes of application data, in records of at most 2^14 bytes;
 * -1 when the connection is not established. */
int tls13_conn_send(struct tls13_conn *c, const uint8_t *data, size_t len) CRYPT_WARN_UNUSED;

/* Queue close_notify (once; nothing after a failure). */
void tls13_conn_close(struct tls13_conn *c);

/* The peer went away or fell silent before the end: fail with why (no
 * alert can reach it), unless the connection has already ended. */
void tls13_conn_abort(struct tls13_conn *c, const char *id, const char *why);

/* Drop the first n bytes of out (they were sent). */
void tls13_conn_drain(struct tls13_conn *c, size_t n);

/* True once both Finished messages have been checked. */
bool tls13_conn_established(const struct tls13_conn *c);

/* Wipe every secret and free every buffer. */
void tls13_conn_free(struct tls13_conn *c);

/* For client.c and server.c: report a step (detail printf-formatted). */
void tls13_emit(struct tls13_conn *c, enum tls13_step_kind kind, int stage, const char *id,
                const char *name, bool ok, const uint8_t *value, size_t value_len,
                const char *keylog, const char *fmt, ...)
    __attribute__((format(printf, 10, 11)));

/* Report the failed check in e, queue its alert, end the connection; -1. */
int tls13_fail(struct tls13_conn *c, int stage, const struct tls13_error *e);

/* Report the early and handshake secrets and the two handshake traffic
 * secrets, each with how it was made (stage 4). */
void tls13_report_handshake_secrets(struct tls13_conn *c);

/* Report the master secret, the two application traffic secrets and the
 * exporter secret, each with how it was made (stage 7). */
void tls13_report_application_secrets(struct tls13_conn *c);

/* Check the Finished message msg (len bytes, header included) of who
 * ("client" or "server") against the handshake traffic secret hs_secret and
 * the transcript so far, report the check as id (with because, or NULL,
 * after "matches"), and add the message to the transcript; 0, or -1 after
 * the decrypt_error alert. */
int tls13_check_finished(struct tls13_conn *c, const uint8_t *msg, size_t len,
                         const uint8_t hs_secret[TLS13_HASH_LEN], const char *id,
                         const char *who, const char *because);

/* tls13_fail() with the error made here. */
int tls13_failf(struct tls13_conn *c, int stage, uint8_t alert, const char *id,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Add a handshake message to the transcript and queue it (protected when
 * the write keys are on), reporting it as sent. */
void tls13_send_handshake(struct tls13_conn *c, int stage, const uint8_t *msg, size_t len,
                          const char *detail);

/* Queue the compatibility change_cipher_spec record. */
void tls13_send_ccs(struct tls13_conn *c);

/* Switch the read (or write) direction to the keys of secret. */
void tls13_set_read_secret(struct tls13_conn *c, const uint8_t secret[TLS13_HASH_LEN]);
void tls13_set_write_secret(struct tls13_conn *c, const uint8_t secret[TLS13_HASH_LEN]);

/* Report one derived secret (and its key and IV when it is a traffic secret). */
void tls13_report_secret(struct tls13_conn *c, int stage, const char *name,
                         const uint8_t secret[TLS13_HASH_LEN], const char *keylog,
                         const char *how);

/* Obey a KeyUpdate message: new read keys, and new write keys announced
 * when the peer asks for them; 0, or -1 (failed) when it is malformed. */
int tls13_take_key_update(struct tls13_conn *c, const uint8_t *msg, size_t len);

/* The role handlers: one whole handshake message (header included). */
int tls13_client_handle(struct tls13_conn *c, uint8_t type, const uint8_t *msg, size_t len);
int tls13_server_handle(struct tls13_conn *c, uint8_t type, const uint8_t *msg, size_t len);

#endif
