/*
 * crypt_tls13.h - the libsodium primitives real TLS 1.3 needs, beside the
 * teaching flow's wrapper (crypt.h): HMAC-SHA-256 under a key of any length
 * (HKDF's salts are not 32 bytes), incremental SHA-256 (the transcript
 * hash), X25519 key shares (crypto_scalarmult) and ChaCha20-Poly1305 in its
 * IETF form (12-byte nonce).  Ed25519 and one-shot SHA-256 stay in crypt.h.
 * Every size here is tied to libsodium's own constant in crypt_tls13.c.
 */
#ifndef TLSSIM_CRYPT_TLS13_H
#define TLSSIM_CRYPT_TLS13_H

#include "base/crypt.h"

#include <stddef.h>
#include <stdint.h>

#define CRYPT_X25519_SHAREDBYTES 32
#define CRYPT_CHACHA_IETF_KEYBYTES 32
#define CRYPT_CHACHA_IETF_NPUBBYTES 12
#define CRYPT_CHACHA_IETF_ABYTES 16
#define CRYPT_SHA256_STATEBYTES 128   /* room for crypto_hash_sha256_state */

/* A running SHA-256, opaque storage for libsodium's state. */
struct crypt_sha256_state {
    _Alignas(16) uint8_t opaque[CRYPT_SHA256_STATEBYTES];
};

/* Start a running SHA-256. */
void crypt_sha256_init(struct crypt_sha256_state *st);

/* Add len bytes to a running SHA-256. */
void crypt_sha256_update(struct crypt_sha256_state *st, const uint8_t *p, size_t len);

/* The digest of what was added so far; st itself goes on unchanged. */
void crypt_sha256_peek(const struct crypt_sha256_state *st, uint8_t out[CRYPT_SHA256_BYTES]);

/* HMAC-SHA-256 of msg under a key of keylen bytes (any length, 0 included). */
void crypt_hmac_sha256_any(uint8_t out[CRYPT_HMAC_SHA256_BYTES], const uint8_t *msg,
                           size_t len, const uint8_t *key, size_t keylen);

/* A fresh X25519 secret from the current random stream and its public share. */
void crypt_x25519_keypair(uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                          uint8_t sk[CRYPT_X25519_SECRETKEYBYTES]);

/* The X25519 shared secret of sk and the peer's share; -1 when the result is
 * all zeros (a low-order share, which TLS 1.3 must refuse). */
int crypt_x25519_shared(uint8_t shared[CRYPT_X25519_SHAREDBYTES],
                        const uint8_t sk[CRYPT_X25519_SECRETKEYBYTES],
                        const uint8_t peer_pk[CRYPT_X25519_PUBLICKEYBYTES]) CRYPT_WARN_UNUSED;

/* ChaCha20-Poly1305 (IETF) encryption: out receives len + 16 bytes. */
void crypt_chacha_ietf_encrypt(uint8_t *out, const uint8_t *msg, size_t len,
                               const uint8_t *ad, size_t adlen,
                               const uint8_t nonce[CRYPT_CHACHA_IETF_NPUBBYTES],
                               const uint8_t key[CRYPT_CHACHA_IETF_KEYBYTES]);

/* ChaCha20-Poly1305 (IETF) decryption of len bytes (tag included): out
 * receives len - 16 bytes; -1 when the tag does not verify or len < 16. */
int crypt_chacha_ietf_decrypt(uint8_t *out, const uint8_t *ct, size_t len,
                              const uint8_t *ad, size_t adlen,
                              const uint8_t nonce[CRYPT_CHACHA_IETF_NPUBBYTES],
                              const uint8_t key[CRYPT_CHACHA_IETF_KEYBYTES]) CRYPT_WARN_UNUSED;

#endif
