/*
 * actor_eve.h - the attacker on the wire.  As Eve she only listens: she
 * records every byte, pulls out what the bytes reveal without any key, and
 * tries to read the application data with whatever keys she holds.  As
 * Mallory she also changes messages in flight: flips a byte, strips cipher
 * suites, or sits in the middle with her own key and certificate.
 */
#ifndef TLSSIM_ACTOR_EVE_H
#define TLSSIM_ACTOR_EVE_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"
#include "engine/keys.h"
#include "engine/options.h"
#include "engine/wire.h"

#include <stdbool.h>

#define EVE_FRAMES_MAX 24

/* One side of a connection as Mallory sees it when she sits in the middle. */
struct eve_side {
    bool has_keys;
    uint8_t secret[KEYS_SECRET_BYTES];
    struct traffic_keys keys;
    struct bytes transcript;          /* the handshake as this side saw it */
};

struct eve {
    /* Listening. */
    struct bytes frames[EVE_FRAMES_MAX];  /* everything recorded, in order */
    size_t frame_count;
    size_t bytes_recorded;
    bool read_plaintext;                  /* she has read the application's message */
    bool app_layer;                       /* the application encrypts under TLS too */
    size_t records_read;                  /* how many records she has read */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    const struct wire_suite *suite;
    uint8_t client_share[WIRE_SHARE_BYTES];
    uint8_t server_share[WIRE_SHARE_BYTES];

    /* What she plans to do. */
    bool ephemeral;
    char host[SIM_HOST_MAX];
    int tamper_stage;
    bool flipped;                          /* the --tamper bit flip is done */
    bool tampered;                         /* she has changed any message */
    bool mitm;
    bool downgrade;

    /* In the middle: her own keys, her fake certificate, the real server's key. */
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t x25519_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct bytes fake_certificate;
    uint8_t server_x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t share_to_client_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t share_to_client_sk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t share_to_server_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t share_to_server_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct eve_side with_client;
    struct eve_side with_server;

    /* After the session: the server's long-term key, leaked. */
    uint8_t leaked_sk[CRYPT_SIGN_SECRETKEYBYTES];
};

/* Set Eve up from the options: what she will do besides listening. */
void eve_init(struct eve *e, const struct sim_options *opts);

/* Stage 1, man in the middle: make her keypair and a self-signed
 * certificate for the server's name; 0 or -1. */
int eve_prepare_mitm(struct eve *e, struct sim_log *log, int64_t clock) CRYPT_WARN_UNUSED;

/* Record one frame seen on the handshake wire and log what it reveals. */
void eve_record(struct eve *e, struct sim_log *log, const uint8_t *frame, size_t len);

/* Let Mallory act on a frame in flight to `to` during stage: she may change
 * it in place; returns true when she did. */
bool eve_intercept(struct eve *e, struct sim_log *log, int stage, enum sim_actor to,
                   struct bytes *frame);

/* Try to read every recorded application-data record with what Eve holds,
 * logging each attempt; e->read_plaintext says whether any came out. */
void eve_try_to_read(struct eve *e, struct sim_log *log);

/* After the session: receive the server's leaked long-term secret key. */
void eve_receive_leaked_key(struct eve *e, struct sim_log *log,
                            const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES]);

/* Whether she has changed any message in flight. */
bool eve_tampered(const struct eve *e);

/* Whether she (or Mallory) has read the application's message. */
bool eve_read_plaintext(const struct eve *e);

/* Wipe and free everything Eve recorded and holds. */
void eve_free(struct eve *e);

#endif
