/*
 * actor_client.h - the client: its trust store, its side of the handshake
 * (the checks on the server's certificate and key share, the wrap or the key
 * agreement, Finished), and its data.
 */
#ifndef TLSSIM_ACTOR_CLIENT_H
#define TLSSIM_ACTOR_CLIENT_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"
#include "engine/keys.h"
#include "engine/options.h"
#include "engine/wire.h"

#include <stdbool.h>

struct client;

/* A new client set up from the options, the text to send and the clock;
 * client_free() frees it. */
struct client *client_new(const struct sim_options *opts, const char *message, int64_t clock);

/* Stage 1: put a CA root certificate (DER) into the client's trust store;
 * how ends the sentence that logs it ("shipped with the system"). */
void client_trust(struct client *c, struct sim_log *log, const uint8_t *der, size_t len,
                  const char *how);

/* Stage 1, --payload aes: the application key agreed with the backend in advance. */
void client_set_app_key(struct client *c, struct sim_log *log, const uint8_t *key);

/* Stage 2: make the ClientHello frame in out. */
void client_make_hello(struct client *c, struct sim_log *log, struct bytes *out);

/* Stage 3: read the ServerHello; -1 with a reason when it is unusable. */
int client_receive_server_hello(struct client *c, struct sim_log *log, const uint8_t *frame,
                                size_t len, char *reason, size_t reason_len) CRYPT_WARN_UNUSED;

/* Stage 3: check the certificate (or take the bare key); 0 when the client
 * goes on with the key it holds, -1 with a browser-like reason when it aborts. */
int client_receive_certificate(struct client *c, struct sim_log *log, const uint8_t *frame,
                               size_t len, char *reason, size_t reason_len) CRYPT_WARN_UNUSED;

/* Stage 1, a chain: the client has fetched the intermediate's current
 * revocation list (DER), as a client that checks CRLs does. */
void client_take_crl(struct client *c, struct sim_log *log, const uint8_t *der, size_t len);

/* Stage 3, a chain: take the leaf's Certificate frame and the intermediate's
 * (NULL when the server sent none), build the path to the trusted root and
 * check it link by link, logging each check under its id (cert.chain ...
 * cert.revocation); 0 when the client goes on, -1 with a reason. */
int client_receive_chain(struct client *c, struct sim_log *log, const uint8_t *leaf_frame,
                         size_t leaf_len, const uint8_t *extra_frame, size_t extra_len,
                         char *reason, size_t reason_len) CRYPT_WARN_UNUSED;

/* Stage 3, ephemeral mode: verify the server's signature on its share; -1 when it fails. */
int client_receive_key_share(struct client *c, struct sim_log *log, const uint8_t *frame,
                             size_t len, char *reason, size_t reason_len) CRYPT_WARN_UNUSED;

/* Stage 4: make a fresh session key (key transport) and derive the keys. */
void client_make_session_key(struct client *c, struct sim_log *log);

/* Stage 4, ephemeral mode: compute the shared secret and derive the keys. */
int client_agree(struct client *c, struct sim_log *log) CRYPT_WARN_UNUSED;

/* Stage 5: seal the session key for the server's key into a ClientKeyExchange frame. */
int client_make_key_exchange(struct client *c, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 5: the client's Finished frame. */
void client_make_finished(struct client *c, struct sim_log *log, struct bytes *out);

/* Stage 6: check the server's Finished; -1 when it does not match. */
int client_receive_finished(struct client *c, struct sim_log *log, const uint8_t *frame,
                            size_t len) CRYPT_WARN_UNUSED;

/* Stage 7: protect the request under the client write key into out. */
int client_make_app_data(struct client *c, struct sim_log *log, struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Stage 8: check and read the server's reply; -1 when the record is forged. */
int client_receive_reply(struct client *c, struct sim_log *log, const uint8_t *frame,
                         size_t len) CRYPT_WARN_UNUSED;

/* The root certificate (DER) in the trust store; false when there is none yet. */
bool client_trusted_ca(const struct client *c, const uint8_t **der, size_t *len);

/* The certificate (DER) the client received; false when none arrived. */
bool client_received_certificate(const struct client *c, const uint8_t **der, size_t *len);

/* Whether the user clicked "Continue anyway" past a certificate warning. */
bool client_overrode_warning(const struct client *c);

/* Whether the negotiated suite encrypts nothing (a legacy suite). */
bool client_suite_is_null(const struct client *c);

/* Wipe every secret the client holds and free it; NULL is allowed. */
void client_free(struct client *c);

#endif
