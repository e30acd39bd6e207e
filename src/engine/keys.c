/*
 * keys.c - key derivation: BLAKE2b keyed with the shared secret over a label
 * and both randoms; Finished MACs with HMAC-SHA-256.
 */
#include "engine/keys.h"

#include "base/die.h"

#include <string.h>

/* The longest label or side name the derivations take: they are the code's
 * own constants, so their input is put together on the stack. */
#define LABEL_MAX 32

/* One BLAKE2b output of outlen bytes for a label, keyed with the secret. */
static void expand(uint8_t *out, size_t outlen, const char *label,
                   const uint8_t secret[KEYS_SECRET_BYTES],
                   const uint8_t client_random[WIRE_RANDOM_BYTES],
                   const uint8_t server_random[WIRE_RANDOM_BYTES])
{
    uint8_t input[LABEL_MAX + 2 * WIRE_RANDOM_BYTES];
    size_t n = strlen(label);

    if (n > LABEL_MAX)
        die("internal error: the key label \"%s\" is too long", label);
    memcpy(input, label, n);
    memcpy(input + n, client_random, WIRE_RANDOM_BYTES);
    memcpy(input + n + WIRE_RANDOM_BYTES, server_random, WIRE_RANDOM_BYTES);
    crypt_hash(out, outlen, input, n + 2 * WIRE_RANDOM_BYTES, secret, KEYS_SECRET_BYTES);
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
    static const char suffix[] = " finished";
    uint8_t input[LABEL_MAX + sizeof suffix - 1 + CRYPT_SHA256_BYTES];
    size_t n = strlen(side);

    if (n > LABEL_MAX)
        die("internal error: the side \"%s\" is too long", side);
    memcpy(input, side, n);
    memcpy(input + n, suffix, sizeof suffix - 1);
    n += sizeof suffix - 1;
    crypt_sha256(input + n, transcript->data, transcript->len);
    n += CRYPT_SHA256_BYTES;
    crypt_hmac_sha256(out, input, n, keys->finished);
    crypt_wipe(input, n);
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
