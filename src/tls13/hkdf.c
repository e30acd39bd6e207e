/*
 * hkdf.c - HKDF (RFC 5869) and the TLS 1.3 labels (RFC 8446 §7.1).
 */
#include "tls13/hkdf.h"

#include "base/crypt_tls13.h"
#include "base/die.h"

#include <string.h>

void tls13_hkdf_extract(uint8_t prk[TLS13_HASH_LEN], const uint8_t *salt, size_t salt_len,
                        const uint8_t *ikm, size_t ikm_len)
{
    static const uint8_t zeros[TLS13_HASH_LEN];

    if (salt_len == 0) {
        salt = zeros;
        salt_len = sizeof zeros;
    }
    crypt_hmac_sha256_any(prk, ikm, ikm_len, salt, salt_len);
}

int tls13_hkdf_expand(uint8_t *okm, size_t len, const uint8_t *prk, size_t prk_len,
                      const uint8_t *info, size_t info_len)
{
    uint8_t block[TLS13_HASH_LEN + TLS13_HKDF_INFO_MAX + 1];
    uint8_t t[TLS13_HASH_LEN];
    size_t t_len = 0, done = 0;

    if (len > 255 * TLS13_HASH_LEN || info_len > TLS13_HKDF_INFO_MAX)
        return -1;
    for (unsigned i = 1; done < len; i++) {
        size_t n = 0;
        memcpy(block, t, t_len);
        n += t_len;
        if (info_len > 0)
            memcpy(block + n, info, info_len);
        n += info_len;
        block[n++] = (uint8_t)i;
        crypt_hmac_sha256_any(t, block, n, prk, prk_len);
        t_len = sizeof t;
        size_t take = len - done < sizeof t ? len - done : sizeof t;
        memcpy(okm + done, t, take);
        done += take;
    }
    crypt_wipe(block, sizeof block);
    crypt_wipe(t, sizeof t);
    return 0;
}

int tls13_expand_label(uint8_t *out, size_t len, const uint8_t secret[TLS13_HASH_LEN],
                       const char *label, const uint8_t *context, size_t context_len)
{
    static const char prefix[] = "tls13 ";
    uint8_t info[2 + 1 + sizeof prefix - 1 + TLS13_LABEL_MAX + 1 + 255];
    size_t label_len = strlen(label), n = 0;

    if (label_len > TLS13_LABEL_MAX || context_len > 255 || len > 0xffff)
        return -1;
    info[n++] = (uint8_t)(len >> 8);
    info[n++] = (uint8_t)len;
    info[n++] = (uint8_t)(sizeof prefix - 1 + label_len);
    memcpy(info + n, prefix, sizeof prefix - 1);
    n += sizeof prefix - 1;
    memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = (uint8_t)context_len;
    if (context_len > 0)
        memcpy(info + n, context, context_len);
    n += context_len;
    return tls13_hkdf_expand(out, len, secret, TLS13_HASH_LEN, info, n);
}

void tls13_derive_secret(uint8_t out[TLS13_HASH_LEN], const uint8_t secret[TLS13_HASH_LEN],
                         const char *label, const uint8_t hash[TLS13_HASH_LEN])
{
    if (tls13_expand_label(out, TLS13_HASH_LEN, secret, label, hash, TLS13_HASH_LEN) != 0)
        die("internal error: the TLS 1.3 label '%s' is too long", label);
}
