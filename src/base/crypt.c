/*
 * crypt.c - libsodium behind named wrappers, and the reproducible random stream.
 *
 * Every random byte libsodium asks for (key generation, the ephemeral key
 * inside a sealed box) comes from the stream installed with crypt_rng_use():
 * BLAKE2b(seed, counter) keys one call of randombytes_buf_deterministic().
 * With a seed from the operating system this is an ordinary CSPRNG; with a
 * seed from a number it is reproducible and, by design, not secure.
 */
#include "base/crypt.h"

#include "base/die.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* crypt.h states libsodium's sizes so that callers need not include
 * <sodium.h>; each is tied here to the constant it restates, as libsodium's
 * own COMPILER_ASSERT does, so a mismatch stops the build. */
#define CRYPT_SAME_SIZE(ours, theirs) \
    _Static_assert((ours) == (theirs), #ours " must equal " #theirs)
CRYPT_SAME_SIZE(CRYPT_SIGN_PUBLICKEYBYTES, crypto_sign_PUBLICKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_SIGN_SECRETKEYBYTES, crypto_sign_SECRETKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_SIGN_SEEDBYTES, crypto_sign_SEEDBYTES);
CRYPT_SAME_SIZE(CRYPT_SIGN_BYTES, crypto_sign_BYTES);
CRYPT_SAME_SIZE(CRYPT_X25519_PUBLICKEYBYTES, crypto_box_PUBLICKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_X25519_SECRETKEYBYTES, crypto_box_SECRETKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_X25519_PUBLICKEYBYTES, crypto_kx_PUBLICKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_X25519_SECRETKEYBYTES, crypto_kx_SECRETKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_X25519_PUBLICKEYBYTES, crypto_scalarmult_BYTES);
CRYPT_SAME_SIZE(CRYPT_SEAL_OVERHEADBYTES, crypto_box_SEALBYTES);
CRYPT_SAME_SIZE(CRYPT_KX_SESSIONKEYBYTES, crypto_kx_SESSIONKEYBYTES);
CRYPT_SAME_SIZE(CRYPT_AEAD_KEYBYTES, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
CRYPT_SAME_SIZE(CRYPT_AEAD_KEYBYTES, crypto_aead_aes256gcm_KEYBYTES);
CRYPT_SAME_SIZE(CRYPT_AEAD_ABYTES, crypto_aead_xchacha20poly1305_ietf_ABYTES);
CRYPT_SAME_SIZE(CRYPT_AEAD_ABYTES, crypto_aead_aes256gcm_ABYTES);
CRYPT_SAME_SIZE(CRYPT_AEAD_NPUBBYTES_MAX, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
_Static_assert(crypto_aead_aes256gcm_NPUBBYTES <= CRYPT_AEAD_NPUBBYTES_MAX,
               "CRYPT_AEAD_NPUBBYTES_MAX must hold every AEAD's nonce");
CRYPT_SAME_SIZE(CRYPT_SHA256_BYTES, crypto_hash_sha256_BYTES);
CRYPT_SAME_SIZE(CRYPT_HMAC_SHA256_BYTES, crypto_auth_hmacsha256_BYTES);
CRYPT_SAME_SIZE(CRYPT_HMAC_SHA256_KEYBYTES, crypto_auth_hmacsha256_KEYBYTES);
CRYPT_SAME_SIZE(CRYPT_RNG_SEEDBYTES, randombytes_SEEDBYTES);

static struct crypt_rng *current_rng;

/* Fill buf from the installed stream; dies if none is installed. */
static void stream_buf(void *const buf, const size_t size)
{
    uint8_t call_key[randombytes_SEEDBYTES];
    uint8_t counter_bytes[8];

    if (current_rng == NULL) {
        die("internal error: random bytes requested with no stream");
    }
    for (int i = 0; i < 8; i++)
        counter_bytes[i] = (uint8_t)(current_rng->counter >> (8 * i));
    current_rng->counter++;
    crypto_generichash(call_key, sizeof call_key, counter_bytes, sizeof counter_bytes,
                       current_rng->seed, sizeof current_rng->seed);
    randombytes_buf_deterministic(buf, size, call_key);
    sodium_memzero(call_key, sizeof call_key);
}

static uint32_t stream_random(void)
{
    uint32_t r;
    stream_buf(&r, sizeof r);
    return r;
}

static const char *stream_name(void)
{
    return "tlssim-stream";
}

/* stir, uniform and close are optional: the stream has nothing to stir or
 * close, and libsodium's own uniform draws from random. */
static randombytes_implementation stream_implementation = {
    .implementation_name = stream_name,
    .random = stream_random,
    .buf = stream_buf,
};

int crypt_init(void)
{
    static bool ready;

    if (ready)
        return 0;
    /* sodium_init() draws a canary for its guarded heap: give it the
     * system's randomness, then install the stream for everything else. */
    if (randombytes_set_implementation(&randombytes_sysrandom_implementation) != 0)
        return -1;
    if (sodium_init() < 0)
        return -1;
    randombytes_set_implementation(&stream_implementation);
    ready = true;
    return 0;
}

void crypt_rng_from_number(struct crypt_rng *rng, uint64_t n)
{
    static const char label[] = "tlssim seeded stream (not secure)";
    uint8_t n_bytes[8];

    for (int i = 0; i < 8; i++)
        n_bytes[i] = (uint8_t)(n >> (8 * i));
    crypto_generichash(rng->seed, sizeof rng->seed, n_bytes, sizeof n_bytes,
                       (const unsigned char *)label, sizeof label - 1);
    rng->counter = 0;
}

void crypt_rng_from_system(struct crypt_rng *rng)
{
    randombytes_set_implementation(&randombytes_sysrandom_implementation);
    randombytes_buf(rng->seed, sizeof rng->seed);
    randombytes_set_implementation(&stream_implementation);
    rng->counter = 0;
}

void crypt_rng_use(struct crypt_rng *rng)
{
    current_rng = rng;
}

void crypt_random(uint8_t *buf, size_t len)
{
    randombytes_buf(buf, len);
}

void crypt_wipe(void *p, size_t len)
{
    sodium_memzero(p, len);
}

void crypt_free(void *p, size_t len)
{
    if (p == NULL)
        return;
    sodium_memzero(p, len);
    free(p);
}

bool crypt_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0;
}

void crypt_sign_keypair(uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                        uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    crypto_sign_keypair(pk, sk);
}

void crypt_sign_keypair_from_seed(uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                                  uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                                  const uint8_t seed[CRYPT_SIGN_SEEDBYTES])
{
    crypto_sign_seed_keypair(pk, sk, seed);
}

void crypt_sign_seed_of(uint8_t seed[CRYPT_SIGN_SEEDBYTES],
                        const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    crypto_sign_ed25519_sk_to_seed(seed, sk);
}

void crypt_sign(uint8_t sig[CRYPT_SIGN_BYTES], const uint8_t *msg, size_t len,
                const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    crypto_sign_detached(sig, NULL, msg, len, sk);
}

bool crypt_sign_verify(const uint8_t sig[CRYPT_SIGN_BYTES], const uint8_t *msg, size_t len,
                       const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

int crypt_sign_pk_to_x25519(uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                            const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    return crypto_sign_ed25519_pk_to_curve25519(xpk, pk) == 0 ? 0 : -1;
}

void crypt_sign_sk_to_x25519(uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES],
                             const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    crypto_sign_ed25519_sk_to_curve25519(xsk, sk);
}

int crypt_seal(uint8_t *out, const uint8_t *msg, size_t len,
               const uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES])
{
    return crypto_box_seal(out, msg, len, xpk) == 0 ? 0 : -1;
}

int crypt_seal_open(uint8_t *out, const uint8_t *sealed, size_t len,
                    const uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES])
{
    if (len < crypto_box_SEALBYTES)
        return -1;
    return crypto_box_seal_open(out, sealed, len, xpk, xsk) == 0 ? 0 : -1;
}

void crypt_kx_keypair(uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                      uint8_t sk[CRYPT_X25519_SECRETKEYBYTES])
{
    crypto_kx_keypair(pk, sk);
}

int crypt_kx_client(uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], uint8_t tx[CRYPT_KX_SESSIONKEYBYTES],
                    const uint8_t cpk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t csk[CRYPT_X25519_SECRETKEYBYTES],
                    const uint8_t spk[CRYPT_X25519_PUBLICKEYBYTES])
{
    return crypto_kx_client_session_keys(rx, tx, cpk, csk, spk) == 0 ? 0 : -1;
}

int crypt_kx_server(uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], uint8_t tx[CRYPT_KX_SESSIONKEYBYTES],
                    const uint8_t spk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t ssk[CRYPT_X25519_SECRETKEYBYTES],
                    const uint8_t cpk[CRYPT_X25519_PUBLICKEYBYTES])
{
    return crypto_kx_server_session_keys(rx, tx, spk, ssk, cpk) == 0 ? 0 : -1;
}

bool crypt_aead_available(enum crypt_aead aead)
{
    if (aead == CRYPT_AEAD_AES256GCM)
        return crypto_aead_aes256gcm_is_available() != 0;
    return true;
}

const char *crypt_aead_name(enum crypt_aead aead)
{
    return aead == CRYPT_AEAD_AES256GCM ? "AES-256-GCM" : "XChaCha20-Poly1305";
}

size_t crypt_aead_nonce_bytes(enum crypt_aead aead)
{
    if (aead == CRYPT_AEAD_AES256GCM)
        return crypto_aead_aes256gcm_NPUBBYTES;
    return crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
}

int crypt_aead_encrypt(enum crypt_aead aead, uint8_t *out, const uint8_t *msg, size_t len,
                       const uint8_t *ad, size_t adlen, const uint8_t *nonce,
                       const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    if (!crypt_aead_available(aead))
        return -1;
    if (aead == CRYPT_AEAD_AES256GCM)
        return crypto_aead_aes256gcm_encrypt(out, NULL, msg, len, ad, adlen, NULL, nonce, key);
    return crypto_aead_xchacha20poly1305_ietf_encrypt(out, NULL, msg, len, ad, adlen, NULL,
                                                      nonce, key);
}

int crypt_aead_decrypt(enum crypt_aead aead, uint8_t *out, const uint8_t *ct, size_t len,
                       const uint8_t *ad, size_t adlen, const uint8_t *nonce,
                       const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    if (!crypt_aead_available(aead) || len < CRYPT_AEAD_ABYTES)
        return -1;
    if (aead == CRYPT_AEAD_AES256GCM)
        return crypto_aead_aes256gcm_decrypt(out, NULL, NULL, ct, len, ad, adlen, nonce, key)
                       == 0 ? 0 : -1;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, ct, len, ad, adlen,
                                                      nonce, key) == 0 ? 0 : -1;
}

void crypt_sha256(uint8_t out[CRYPT_SHA256_BYTES], const uint8_t *msg, size_t len)
{
    crypto_hash_sha256(out, msg, len);
}

void crypt_hmac_sha256(uint8_t out[CRYPT_HMAC_SHA256_BYTES], const uint8_t *msg, size_t len,
                       const uint8_t key[CRYPT_HMAC_SHA256_KEYBYTES])
{
    crypto_auth_hmacsha256(out, msg, len, key);
}

void crypt_hash(uint8_t *out, size_t outlen, const uint8_t *msg, size_t len,
                const uint8_t *key, size_t keylen)
{
    crypto_generichash(out, outlen, msg, len, keylen ? key : NULL, keylen);
}

const char *crypt_library_version(void)
{
    return sodium_version_string();
}
