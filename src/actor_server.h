/*
 * actor_server.h - the server: its long-term keypair and certificate, its
 * side of the handshake, and its half of the application data.
 */
#ifndef TLSSIM_ACTOR_SERVER_H
#define TLSSIM_ACTOR_SERVER_H

#include "bytes.h"
#include "crypt.h"
#include "event.h"
#include "keys.h"
#include "options.h"
#include "wire.h"

#include <stdbool.h>

struct server {
    char host[SIM_HOST_MAX];
    char reply[SIM_MESSAGE_MAX];
    enum crypt_aead aead;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t x25519_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct bytes certificate;                  /* DER, from the CA */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    uint16_t suite;
    uint8_t session_key[KEYS_SECRET_BYTES];
    struct traffic_keys keys;
    bool has_keys;
};

/* Set the server up from the options (name, reply); it knows nothing yet. */
void server_init(struct server *s, const struct sim_options *opts);

/* Stage 1: make the long-term keypair and a signing request frame in out. */
int server_make_keypair_and_csr(struct server *s, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 1: keep the certificate the CA sent back; -1 if the frame is not one. */
int server_store_certificate(struct server *s, struct sim_log *log, const uint8_t *frame,
                             size_t len) CRYPT_WARN_UNUSED;

/* Stage 2: read the ClientHello and pick a suite; -1 when none fits. */
int server_receive_client_hello(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len) CRYPT_WARN_UNUSED;

/* Stage 3: answer with a ServerHello frame and a Certificate frame. */
void server_make_hello(struct server *s, struct sim_log *log, struct bytes *hello,
                       struct bytes *certificate);

/* Stage 6: open the wrapped session key and derive the traffic keys; -1 when
 * the sealed box does not open. */
int server_receive_key_exchange(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len) CRYPT_WARN_UNUSED;

/* Stage 8: decrypt the client's request; -1 when the record is forged. */
int server_receive_app_data(struct server *s, struct sim_log *log, const uint8_t *frame,
                            size_t len) CRYPT_WARN_UNUSED;

/* Stage 8: encrypt the reply under the server's traffic key into out. */
int server_make_reply(struct server *s, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Wipe every secret the server holds and free its memory. */
void server_free(struct server *s);

#endif
