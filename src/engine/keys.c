/*
 * keys.c - key derivation: BLAKE2b keyed with the shared secret over a label
 * and both randoms; Finished MACs with HMAC-SHA-256.
 */
#include "engine/keys.h"

#include <string.h>

/* One BLAKE2b output of outlen bytes for a label, keyed with the secret. */
static void expand(uint8_t *out, size_t outlen, const char *label,
                   const uint8_t secret[KEYS_SECRET_BYTES],
                   const uint8_t client_random[WIRE_RANDOM_BYTES],
                   const uint8_t server_random[WIRE_RANDOM_BYTES])
{
    struct bytes input = {0};

    bytes_append(&input, label, strlen(label));
    bytes_append(&input, client_random, WIRE_RANDOM_BYTES);
    bytes_append(&input, server_random, WIRE_RANDOM_BYTES);
    crypt_hash(out, outlen, input.data, input.len, secret, KEYS_SECRET_BYTES);
    bytes_free(&input);
}

void keys_derive(struct traffic_keys *out, const uint8_t secret[KEYS_SECRET_BYTES],
                 const uint8_t client_random[WIRE_RANDOM_BYTES],
                 const uint8_t server_random[WIRE_RANDOM_BYTES])
{
    uint8_t block[2 * CRYPT_AEAD_KEYBYTES];

    expand(block, sizeof block, "tlssim key expansion", secret, client_random, server_random);
    memcpy(out->client_write, block, CRYPT_AEAD_KEYBYTES);
    memcpy(out->server_write, block + CRYPT_AEAD_KEYBYTES, CRYPT_AEAD_KEYBYTES);
    expand(out->finished, sizeof out->finished, "tlssim finished key", secret, client_random,
           server_random);
    crypt_wipe(block, sizeof block);
}

void keys_finished(uint8_t out[WIRE_FINISHED_BYTES], const struct traffic_keys *keys,
                   const char *side, const struct bytes *transcript)
{
    uint8_t digest[CRYPT_SHA256_BYTES];
    struct bytes input = {0};

    crypt_sha256(digest, transcript->data, transcript->len);
    bytes_append(&input, side, strlen(side));
    bytes_append(&input, " finished", 9);
    bytes_append(&input, digest, sizeof digest);
    crypt_hmac_sha256(out, input.data, input.len, keys->finished);
    bytes_free(&input);
}

bool keys_finished_matches(const struct traffic_keys *keys, const char *side,
                           const struct bytes *transcript, const uint8_t *frame, size_t len)
{
    uint8_t expected[WIRE_FINISHED_BYTES];
    const uint8_t *body;
    size_t body_len;

    keys_finished(expected, keys, side, transcript);
    bool ok = wire_unframe(frame, len, WIRE_FINISHED, &body, &body_len) == 0 &&
              body_len == sizeof expected && crypt_equal(body, expected, sizeof expected);
    crypt_wipe(expected, sizeof expected);
    return ok;
}
