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

struct server;

/* A new server set up from the options, knowing nothing yet; server_free()
 * frees it. */
struct server *server_new(const struct sim_options *opts);

/* Stage 1: make the long-term keypair and a signing request frame in out. */
int server_make_keypair_and_csr(struct server *s, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 1: make the long-term keypair and sign its own certificate. */
int server_make_self_signed(struct server *s, struct sim_log *log, int64_t clock)
    CRYPT_WARN_UNUSED;

/* Stage 1: make the long-term keypair and nothing else (no certificate). */
int server_make_keypair(struct server *s, struct sim_log *log) CRYPT_WARN_UNUSED;

/* Stage 1 with `--certs DIR`: take the keypair from key_file (private.key,
 * or key.pem for a self-signed set) and the certificate (DER) from
 * cert_file instead of enrolling; 0 or -1. */
int server_adopt(struct server *s, struct sim_log *log, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                 const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], const uint8_t *cert, size_t len,
                 const char *key_file, const char *cert_file) CRYPT_WARN_UNUSED;

/* server_adopt with pk's X25519 form (crypt_sign_pk_to_x25519) already
 * made: a server that adopts one key for every connection converts it once. */
int server_adopt_converted(struct server *s, struct sim_log *log,
                           const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                           const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                           const uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES], const uint8_t *cert,
                           size_t len, const char *key_file, const char *cert_file);

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

/* Stage 1, a chain: keep the intermediate's certificate (DER) to send after
 * its own, as a server configured with fullchain.pem does. */
void server_set_intermediate(struct server *s, struct sim_log *log, const uint8_t *der,
                             size_t len);

/* Stage 3: the intermediate's Certificate frame into out; false (nothing
 * written) when the server has none to send. */
bool server_make_intermediate(struct server *s, struct sim_log *log, struct bytes *out);

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

/* The certificate (DER) stage 1 gave the server, and the intermediate's it
 * sends after it (*inter_len 0: none), for a protocol that runs its own
 * server with them; false before it has one. */
bool server_certificates(const struct server *s, const uint8_t **cert, size_t *cert_len,
                         const uint8_t **inter, size_t *inter_len);

/* Wipe every secret the server holds and free it; NULL is allowed. */
void server_free(struct server *s);

#endif
