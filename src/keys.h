/*
 * keys.h - turning one shared secret into the traffic keys of a connection.
 *
 * Both sides run the same derivation on the same inputs, the way TLS 1.2's
 * PRF turns the premaster secret and both randoms into the key block.
 */
#ifndef TLSSIM_KEYS_H
#define TLSSIM_KEYS_H

#include "crypt.h"
#include "wire.h"

#define KEYS_SECRET_BYTES 32

struct traffic_keys {
    uint8_t client_write[CRYPT_AEAD_KEYBYTES];  /* client -> server */
    uint8_t server_write[CRYPT_AEAD_KEYBYTES];  /* server -> client */
};

/* Derive both traffic keys from the session key and both hello randoms. */
void keys_derive(struct traffic_keys *out, const uint8_t secret[KEYS_SECRET_BYTES],
                 const uint8_t client_random[WIRE_RANDOM_BYTES],
                 const uint8_t server_random[WIRE_RANDOM_BYTES]);

#endif
