/*
 * actor_server.h - the server: its long-term keypair and certificate, its
 * side of the handshake (key transport or ephemeral shares, Finished), and
 * its half of the application data.
 */
#ifndef TLSSIM_ACTOR_SERVER_H
#define TLSSIM_ACTOR_SERVER_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"
#include "engine/keys.h"
#include "engine/options.h"
#include "engine/wire.h"

#include <stdbool.h>

struct server {
    char cert_name[SIM_HOST_MAX];              /* the name its certificate is for */
    char reply[SIM_MESSAGE_MAX];
    bool ephemeral;
    bool bare_key;                             /* sends its key without a certificate */
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t x25519_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct bytes certificate;                  /* DER */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    bool client_has_share;
    uint8_t client_share[WIRE_SHARE_BYTES];
    uint8_t share_pk[CRYPT_X25519_PUBLICKEYBYTES];  /* ephemeral, this connection only */
    uint8_t share_sk[CRYPT_X25519_SECRETKEYBYTES];
    const struct wire_suite *suite;
    uint8_t secret[KEYS_SECRET_BYTES];         /* session key, or the X25519 shared secret */
    struct traffic_keys keys;
    bool has_keys;
    struct bytes transcript;                   /* every handshake message, as the server saw it */
    bool app_layer;                            /* the backend decrypts the data itself */
    uint8_t app_key[CRYPT_AEAD_KEYBYTES];      /* agreed with the client application */
};

/* Set the server up from the options; it knows nothing yet. */
void server_init(struct server *s, const struct sim_options *opts);

/* Stage 1: make the long-term keypair and a signing request frame in out. */
int server_make_keypair_and_csr(struct server *s, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 1: make the long-term keypair and sign its own certificate. */
int server_make_self_signed(struct server *s, struct sim_log *log, int64_t clock)
    CRYPT_WARN_UNUSED;

/* Stage 1: make the long-term keypair and nothing else (no certificate). */
int server_make_keypair(struct server *s, struct sim_log *log) CRYPT_WARN_UNUSED;

/* Stage 1 with `--certs DIR`: take the keypair from private.key and the
 * certificate (DER) from certificate.crt instead of enrolling; 0 or -1. */
int server_adopt(struct server *s, struct sim_log *log, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                 const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], const uint8_t *cert, size_t len)
    CRYPT_WARN_UNUSED;

/* Stage 1: keep the certificate the CA sent back; -1 if the frame is not one. */
int server_store_certificate(struct server *s, struct sim_log *log, const uint8_t *frame,
                             size_t len) CRYPT_WARN_UNUSED;

/* Stage 1, --payload aes: the application key agreed with the client in advance. */
void server_set_app_key(struct server *s, struct sim_log *log, const uint8_t *key);

/* Stage 2: read the ClientHello and pick a suite; -1 when none fits. */
int server_receive_client_hello(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len) CRYPT_WARN_UNUSED;

/* Stage 3: the ServerHello frame. */
void server_make_hello(struct server *s, struct sim_log *log, struct bytes *out);

/* Stage 3: the Certificate frame (or the bare key, in the simplest flow). */
void server_make_certificate(struct server *s, struct sim_log *log, struct bytes *out);

/* Stage 3, ephemeral mode: a fresh X25519 share, signed, in a ServerKeyExchange frame. */
void server_make_key_share(struct server *s, struct sim_log *log, struct bytes *out);

/* Stage 4, ephemeral mode: compute the shared secret from the client's share; -1 if unusable. */
int server_agree(struct server *s, struct sim_log *log) CRYPT_WARN_UNUSED;

/* Stage 6: open the wrapped session key and derive the keys; -1 when the
 * sealed box does not open. */
int server_receive_key_exchange(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len) CRYPT_WARN_UNUSED;

/* Stage 6, ephemeral mode: derive the keys and forget the ephemeral secret. */
void server_derive_keys(struct server *s, struct sim_log *log);

/* Stage 6: check the client's Finished against the server's own transcript;
 * -1 when it does not match. */
int server_receive_finished(struct server *s, struct sim_log *log, const uint8_t *frame,
                            size_t len) CRYPT_WARN_UNUSED;

/* Stage 6: the server's Finished frame. */
void server_make_finished(struct server *s, struct sim_log *log, struct bytes *out);

/* Stage 8: decrypt the client's request; -1 when the record is forged. */
int server_receive_app_data(struct server *s, struct sim_log *log, const uint8_t *frame,
                            size_t len) CRYPT_WARN_UNUSED;

/* Stage 8: protect the reply under the server's traffic key into out. */
int server_make_reply(struct server *s, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* The long-term secret key, for the leak after the session (--leak-key). */
const uint8_t *server_secret_key(const struct server *s);

/* Wipe every secret the server holds and free its memory. */
void server_free(struct server *s);

#endif
