/*
 * keys.h - turning one shared secret into the keys of a connection.
 *
 * Both sides run the same derivation on the same inputs, the way TLS 1.2's
 * PRF turns the premaster secret and both randoms into the key block; and
 * both compute Finished messages the same way, over the handshake as each
 * of them saw it.
 */
#ifndef TLSSIM_KEYS_H
#define TLSSIM_KEYS_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/wire.h"

#include <stdbool.h>

#define KEYS_SECRET_BYTES 32

struct traffic_keys {
    uint8_t client_write[CRYPT_AEAD_KEYBYTES];  /* client -> server */
    uint8_t server_write[CRYPT_AEAD_KEYBYTES];  /* server -> client */
    uint8_t finished[CRYPT_HMAC_SHA256_KEYBYTES]; /* keys the Finished MACs */
};

/* Derive the traffic keys and the Finished key from the shared secret and
 * both hello randoms. */
void keys_derive(struct traffic_keys *out, const uint8_t secret[KEYS_SECRET_BYTES],
                 const uint8_t client_random[WIRE_RANDOM_BYTES],
                 const uint8_t server_random[WIRE_RANDOM_BYTES]);

/* The Finished verify data of one side ("client" or "server"): an HMAC
 * under the Finished key over the label and the SHA-256 of the transcript. */
void keys_finished(uint8_t out[WIRE_FINISHED_BYTES], const struct traffic_keys *keys,
                   const char *side, const struct bytes *transcript);

/* True when frame is a Finished that carries the verify data side's keys
 * make over transcript (compared in constant time). */
bool keys_finished_matches(const struct traffic_keys *keys, const char *side,
                           const struct bytes *transcript, const uint8_t *frame, size_t len);

/* How the two traffic keys come from the secret, in one line each. */
#define KEYS_CLIENT_WRITE_NOTE                                                                  \
    "BLAKE2b-512 keyed with the secret over \"tlssim key expansion\" || client random || " \
    "server random: bytes 0-31"
#define KEYS_SERVER_WRITE_NOTE "the same BLAKE2b-512 output: bytes 32-63"

/* What the "shared secret" of the ephemeral flow is, in one line. */
#define KX_SECRET_NOTE                                                                         \
    "not the raw X25519 output: crypto_kx's BLAKE2b-512 of X25519 || client share || server " \
    "share, bytes 32-63 (the client-to-server half)"

#endif
