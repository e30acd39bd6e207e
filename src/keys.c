/*
 * keys.c - key derivation: BLAKE2b keyed with the session key over a label
 * and both randoms, split into one key per direction.
 */
#include "keys.h"

#include <string.h>

void keys_derive(struct traffic_keys *out, const uint8_t secret[KEYS_SECRET_BYTES],
                 const uint8_t client_random[WIRE_RANDOM_BYTES],
                 const uint8_t server_random[WIRE_RANDOM_BYTES])
{
    static const char label[] = "tlssim key expansion";
    uint8_t input[sizeof label - 1 + 2 * WIRE_RANDOM_BYTES];
    uint8_t block[2 * CRYPT_AEAD_KEYBYTES];

    memcpy(input, label, sizeof label - 1);
    memcpy(input + sizeof label - 1, client_random, WIRE_RANDOM_BYTES);
    memcpy(input + sizeof label - 1 + WIRE_RANDOM_BYTES, server_random, WIRE_RANDOM_BYTES);
    crypt_hash(block, sizeof block, input, sizeof input, secret, KEYS_SECRET_BYTES);
    memcpy(out->client_write, block, CRYPT_AEAD_KEYBYTES);
    memcpy(out->server_write, block + CRYPT_AEAD_KEYBYTES, CRYPT_AEAD_KEYBYTES);
    crypt_wipe(block, sizeof block);
}
