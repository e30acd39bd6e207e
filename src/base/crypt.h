/*
 * crypt.h - the crypto wrapper: the only module that talks to libsodium.
 *
 * It owns the random number source (seeded and reproducible, or seeded from
 * the operating system), and thin named wrappers over every primitive the
 * simulator uses.  No other file includes <sodium.h>.
 */
#ifndef TLSSIM_CRYPT_H
#define TLSSIM_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The sizes below restate libsodium's, so that callers need not include
 * <sodium.h>; crypt.c asserts at compile time that each one matches. */

#define CRYPT_WARN_UNUSED __attribute__((warn_unused_result))

/* Ed25519 signatures (the long-term keys of the server and the CA). */
#define CRYPT_SIGN_PUBLICKEYBYTES 32
#define CRYPT_SIGN_SECRETKEYBYTES 64
#define CRYPT_SIGN_SEEDBYTES 32
#define CRYPT_SIGN_BYTES 64

/* X25519 keys, sealed boxes and key exchange. */
#define CRYPT_X25519_PUBLICKEYBYTES 32
#define CRYPT_X25519_SECRETKEYBYTES 32
#define CRYPT_SEAL_OVERHEADBYTES 48
#define CRYPT_KX_SESSIONKEYBYTES 32

/* Authenticated encryption. */
#define CRYPT_AEAD_KEYBYTES 32
#define CRYPT_AEAD_ABYTES 16
#define CRYPT_AEAD_NPUBBYTES_MAX 24

#define CRYPT_SHA256_BYTES 32
#define CRYPT_HMAC_SHA256_BYTES 32
#define CRYPT_HMAC_SHA256_KEYBYTES 32
#define CRYPT_RNG_SEEDBYTES 32

/* Which AEAD protects application data. */
enum crypt_aead {
    CRYPT_AEAD_XCHACHA20POLY1305,
    CRYPT_AEAD_AES256GCM,
};

/* A reproducible random stream: a 32-byte seed and how far it has been read. */
struct crypt_rng {
    uint8_t seed[CRYPT_RNG_SEEDBYTES];
    uint64_t counter;
};

/* Initialise libsodium once; returns 0, or -1 when it cannot start. */
int crypt_init(void) CRYPT_WARN_UNUSED;

/* Fill rng with a seed derived from the number n (reproducible, not secure). */
void crypt_rng_from_number(struct crypt_rng *rng, uint64_t n);

/* Fill rng with a seed taken from the operating system's random source. */
void crypt_rng_from_system(struct crypt_rng *rng);

/* Make rng the source of every random byte from now on (NULL: none, which
 * is an error caught by an abort in the random callback). */
void crypt_rng_use(struct crypt_rng *rng);

/* Fill buf with len random bytes from the current stream. */
void crypt_random(uint8_t *buf, size_t len);

/* Wipe len bytes at p so that the compiler cannot skip it. */
void crypt_wipe(void *p, size_t len);

/* Wipe len bytes at p, then free p, which malloc gave; NULL does nothing. */
void crypt_free(void *p, size_t len);

/* Compare two buffers in constant time; true when equal. */
bool crypt_equal(const uint8_t *a, const uint8_t *b, size_t len);

/* Make an Ed25519 keypair from the current random stream. */
void crypt_sign_keypair(uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                        uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES]);

/* Rebuild an Ed25519 keypair from its 32-byte seed (as PKCS#8 stores it). */
void crypt_sign_keypair_from_seed(uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                                  uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                                  const uint8_t seed[CRYPT_SIGN_SEEDBYTES]);

/* Copy the 32-byte seed out of an Ed25519 secret key. */
void crypt_sign_seed_of(uint8_t seed[CRYPT_SIGN_SEEDBYTES],
                        const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES]);

/* Sign msg with sk: a 64-byte detached signature. */
void crypt_sign(uint8_t sig[CRYPT_SIGN_BYTES], const uint8_t *msg, size_t len,
                const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES]);

/* True when sig is a valid signature of msg by pk. */
bool crypt_sign_verify(const uint8_t sig[CRYPT_SIGN_BYTES], const uint8_t *msg,
                       size_t len, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
    CRYPT_WARN_UNUSED;

/* Convert an Ed25519 public key to its X25519 form; -1 if it is not a valid point. */
int crypt_sign_pk_to_x25519(uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                            const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
    CRYPT_WARN_UNUSED;

/* Convert an Ed25519 secret key to its X25519 form. */
void crypt_sign_sk_to_x25519(uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES],
                             const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES]);

/* Seal msg for the X25519 key xpk (crypto_box_seal); out has len + 48 bytes. */
int crypt_seal(uint8_t *out, const uint8_t *msg, size_t len,
               const uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES]) CRYPT_WARN_UNUSED;

/* Open a sealed box of len bytes into out (len - 48 bytes); -1 when it fails. */
int crypt_seal_open(uint8_t *out, const uint8_t *sealed, size_t len,
                    const uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES]) CRYPT_WARN_UNUSED;

/* Make an X25519 key-exchange keypair (crypto_kx). */
void crypt_kx_keypair(uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                      uint8_t sk[CRYPT_X25519_SECRETKEYBYTES]);

/* Client side of crypto_kx: rx and tx keys; -1 when the peer key is unacceptable. */
int crypt_kx_client(uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], uint8_t tx[CRYPT_KX_SESSIONKEYBYTES],
                    const uint8_t cpk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t csk[CRYPT_X25519_SECRETKEYBYTES],
                    const uint8_t spk[CRYPT_X25519_PUBLICKEYBYTES]) CRYPT_WARN_UNUSED;

/* Server side of crypto_kx: rx and tx keys; -1 when the peer key is unacceptable. */
int crypt_kx_server(uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], uint8_t tx[CRYPT_KX_SESSIONKEYBYTES],
                    const uint8_t spk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t ssk[CRYPT_X25519_SECRETKEYBYTES],
                    const uint8_t cpk[CRYPT_X25519_PUBLICKEYBYTES]) CRYPT_WARN_UNUSED;

/* True when this CPU can run the given AEAD (AES-256-GCM needs AES-NI). */
bool crypt_aead_available(enum crypt_aead aead);

/* The AEAD's printable name, e.g. "XChaCha20-Poly1305". */
const char *crypt_aead_name(enum crypt_aead aead);

/* Nonce length of the AEAD in bytes (24 or 12). */
size_t crypt_aead_nonce_bytes(enum crypt_aead aead);

/* Encrypt len bytes of msg; out receives len + 16 bytes; -1 if unavailable. */
int crypt_aead_encrypt(enum crypt_aead aead, uint8_t *out, const uint8_t *msg, size_t len,
                       const uint8_t *ad, size_t adlen, const uint8_t *nonce,
                       const uint8_t key[CRYPT_AEAD_KEYBYTES]) CRYPT_WARN_UNUSED;

/* Decrypt and authenticate len bytes; out receives len - 16 bytes; -1 when forged. */
int crypt_aead_decrypt(enum crypt_aead aead, uint8_t *out, const uint8_t *ct, size_t len,
                       const uint8_t *ad, size_t adlen, const uint8_t *nonce,
                       const uint8_t key[CRYPT_AEAD_KEYBYTES]) CRYPT_WARN_UNUSED;

/* SHA-256 of msg. */
void crypt_sha256(uint8_t out[CRYPT_SHA256_BYTES], const uint8_t *msg, size_t len);

/* HMAC-SHA-256 of msg under a 32-byte key. */
void crypt_hmac_sha256(uint8_t out[CRYPT_HMAC_SHA256_BYTES], const uint8_t *msg, size_t len,
                       const uint8_t key[CRYPT_HMAC_SHA256_KEYBYTES]);

/* BLAKE2b of msg under key (keylen 0 for none), outlen from 16 to 64 bytes. */
void crypt_hash(uint8_t *out, size_t outlen, const uint8_t *msg, size_t len,
                const uint8_t *key, size_t keylen);

/* The libsodium version string, for --version. */
const char *crypt_library_version(void);

#endif
