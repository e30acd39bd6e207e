/*
 * hkdf.h - HKDF over HMAC-SHA-256 (RFC 5869) and the two TLS 1.3 helpers
 * built on it (RFC 8446 §7.1): HKDF-Expand-Label and Derive-Secret.
 *
 * Owns nothing but the arithmetic; callers own and wipe every output.
 */
#ifndef TLSSIM_TLS13_HKDF_H
#define TLSSIM_TLS13_HKDF_H

#include "base/crypt.h"

#include <stddef.h>
#include <stdint.h>

#define TLS13_HASH_LEN 32           /* SHA-256 */
#define TLS13_HKDF_INFO_MAX 512     /* the longest info tlssim expands with */
#define TLS13_LABEL_MAX 64          /* the longest label, without "tls13 " */

/* HKDF-Extract: prk = HMAC(salt, ikm); an empty salt means 32 zero bytes. */
void tls13_hkdf_extract(uint8_t prk[TLS13_HASH_LEN], const uint8_t *salt, size_t salt_len,
                        const uint8_t *ikm, size_t ikm_len);

/* HKDF-Expand of prk (prk_len >= 32) with info into len bytes of okm;
 * -1 when len > 255 * 32 or info is longer than TLS13_HKDF_INFO_MAX. */
int tls13_hkdf_expand(uint8_t *okm, size_t len, const uint8_t *prk, size_t prk_len,
                      const uint8_t *info, size_t info_len) CRYPT_WARN_UNUSED;

/* HKDF-Expand-Label(secret, label, context, len): the label gets the
 * "tls13 " prefix; -1 when the label or context is too long. */
int tls13_expand_label(uint8_t *out, size_t len, const uint8_t secret[TLS13_HASH_LEN],
                       const char *label, const uint8_t *context, size_t context_len)
    CRYPT_WARN_UNUSED;

/* Derive-Secret(secret, label, messages), given the transcript hash of the
 * messages: HKDF-Expand-Label(secret, label, hash, 32). */
void tls13_derive_secret(uint8_t out[TLS13_HASH_LEN], const uint8_t secret[TLS13_HASH_LEN],
                         const char *label, const uint8_t hash[TLS13_HASH_LEN]);

#endif
