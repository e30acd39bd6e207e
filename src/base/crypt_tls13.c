/*
 * crypt_tls13.c - the TLS 1.3 primitives over libsodium (see crypt_tls13.h).
 */
#include "base/crypt_tls13.h"

#include <sodium.h>
#include <string.h>

_Static_assert(CRYPT_X25519_SHAREDBYTES == crypto_scalarmult_BYTES, "X25519 shared size");
_Static_assert(CRYPT_X25519_PUBLICKEYBYTES == crypto_scalarmult_BYTES, "X25519 share size");
_Static_assert(CRYPT_X25519_SECRETKEYBYTES == crypto_scalarmult_SCALARBYTES, "X25519 scalar");
_Static_assert(CRYPT_CHACHA_IETF_KEYBYTES == crypto_aead_chacha20poly1305_ietf_KEYBYTES,
               "ChaCha20-Poly1305 key size");
_Static_assert(CRYPT_CHACHA_IETF_NPUBBYTES == crypto_aead_chacha20poly1305_ietf_NPUBBYTES,
               "ChaCha20-Poly1305 IETF nonce size");
_Static_assert(CRYPT_CHACHA_IETF_ABYTES == crypto_aead_chacha20poly1305_ietf_ABYTES,
               "ChaCha20-Poly1305 tag size");
_Static_assert(CRYPT_SHA256_BYTES == crypto_hash_sha256_BYTES, "SHA-256 size");
_Static_assert(CRYPT_HMAC_SHA256_BYTES == crypto_auth_hmacsha256_BYTES, "HMAC size");
_Static_assert(CRYPT_SHA256_STATEBYTES >= sizeof(crypto_hash_sha256_state),
               "SHA-256 state storage");

void crypt_sha256_init(struct crypt_sha256_state *st)
{
    crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)st->opaque);
}

void crypt_sha256_update(struct crypt_sha256_state *st, const uint8_t *p, size_t len)
{
    crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)st->opaque, p, len);
}

void crypt_sha256_peek(const struct crypt_sha256_state *st, uint8_t out[CRYPT_SHA256_BYTES])
{
    crypto_hash_sha256_state copy;

    memcpy(&copy, st->opaque, sizeof copy);
    crypto_hash_sha256_final(&copy, out);
    sodium_memzero(&copy, sizeof copy);
}

void crypt_hmac_sha256_any(uint8_t out[CRYPT_HMAC_SHA256_BYTES], const uint8_t *msg,
                           size_t len, const uint8_t *key, size_t keylen)
{
    crypto_auth_hmacsha256_state st;

    crypto_auth_hmacsha256_init(&st, key, keylen);
    crypto_auth_hmacsha256_update(&st, msg, len);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

void crypt_x25519_keypair(uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                          uint8_t sk[CRYPT_X25519_SECRETKEYBYTES])
{
    randombytes_buf(sk, CRYPT_X25519_SECRETKEYBYTES);
    crypto_scalarmult_base(pk, sk);
}

int crypt_x25519_shared(uint8_t shared[CRYPT_X25519_SHAREDBYTES],
                        const uint8_t sk[CRYPT_X25519_SECRETKEYBYTES],
                        const uint8_t peer_pk[CRYPT_X25519_PUBLICKEYBYTES])
{
    if (crypto_scalarmult(shared, sk, peer_pk) != 0) {
        sodium_memzero(shared, CRYPT_X25519_SHAREDBYTES);
        return -1;
    }
    return 0;
}

void crypt_chacha_ietf_encrypt(uint8_t *out, const uint8_t *msg, size_t len,
                               const uint8_t *ad, size_t adlen,
                               const uint8_t nonce[CRYPT_CHACHA_IETF_NPUBBYTES],
                               const uint8_t key[CRYPT_CHACHA_IETF_KEYBYTES])
{
    crypto_aead_chacha20poly1305_ietf_encrypt(out, NULL, msg, len, ad, adlen, NULL, nonce, key);
}

int crypt_chacha_ietf_decrypt(uint8_t *out, const uint8_t *ct, size_t len,
                              const uint8_t *ad, size_t adlen,
                              const uint8_t nonce[CRYPT_CHACHA_IETF_NPUBBYTES],
                              const uint8_t key[CRYPT_CHACHA_IETF_KEYBYTES])
{
    if (len < CRYPT_CHACHA_IETF_ABYTES)
        return -1;
    return crypto_aead_chacha20poly1305_ietf_decrypt(out, NULL, NULL, ct, len, ad, adlen, nonce,
                                                     key) == 0 ? 0 : -1;
}
