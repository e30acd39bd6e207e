/*
 * actor_client.h - the client: its trust store, its side of the handshake
 * (including the checks on the server's certificate), and its data.
 */
#ifndef TLSSIM_ACTOR_CLIENT_H
#define TLSSIM_ACTOR_CLIENT_H

#include "bytes.h"
#include "crypt.h"
#include "event.h"
#include "keys.h"
#include "options.h"
#include "wire.h"

#include <stdbool.h>

struct client {
    char host[SIM_HOST_MAX];
    char message[SIM_MESSAGE_MAX];
    enum crypt_aead preferred;
    enum crypt_aead aead;
    int64_t clock;
    struct bytes trusted_ca;                    /* the trust store: one root, DER */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    uint8_t server_pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t server_x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t session_key[KEYS_SECRET_BYTES];
    struct traffic_keys keys;
};

/* Set the client up from the options and the simulated clock. */
void client_init(struct client *c, const struct sim_options *opts, int64_t clock);

/* Stage 1: put a CA root certificate (DER) into the client's trust store. */
void client_trust(struct client *c, struct sim_log *log, const uint8_t *der, size_t len);

/* Stage 2: make the ClientHello frame in out. */
void client_make_hello(struct client *c, struct sim_log *log, struct bytes *out);

/* Stage 3: read the ServerHello and check the certificate; returns 0 when
 * every check passed, -1 (with a reason in reason) otherwise. */
int client_receive_server_hello(struct client *c, struct sim_log *log, const uint8_t *hello,
                                size_t hello_len, const uint8_t *cert_frame, size_t cert_len,
                                char *reason, size_t reason_len) CRYPT_WARN_UNUSED;

/* Stage 4: make a fresh session key and derive the traffic keys from it. */
void client_make_session_key(struct client *c, struct sim_log *log);

/* Stage 5: seal the session key for the server's key into a ClientKeyExchange frame. */
int client_make_key_exchange(struct client *c, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 7: encrypt the request under the client write key into out. */
int client_make_app_data(struct client *c, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 8: decrypt the server's reply; -1 when the record is forged. */
int client_receive_reply(struct client *c, struct sim_log *log, const uint8_t *frame,
                         size_t len) CRYPT_WARN_UNUSED;

/* Wipe every secret the client holds and free its memory. */
void client_free(struct client *c);

#endif
