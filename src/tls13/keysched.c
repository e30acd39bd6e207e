/*
 * keysched.c - the TLS 1.3 key schedule (RFC 8446 §7.1, §7.3, §4.4.4).
 */
#include "tls13/keysched.h"

#include "base/crypt_tls13.h"
#include "base/die.h"

#include <string.h>

/* The SHA-256 of no bytes: the context of the two "derived" secrets. */
static void empty_hash(uint8_t out[TLS13_HASH_LEN])
{
    crypt_sha256(out, (const uint8_t *)"", 0);
}

void tls13_schedule_handshake(struct tls13_secrets *s, const uint8_t *ecdhe, size_t ecdhe_len,
                              const uint8_t hash_ch_sh[TLS13_HASH_LEN])
{
    static const uint8_t zeros[TLS13_HASH_LEN];
    uint8_t empty[TLS13_HASH_LEN];

    empty_hash(empty);
    tls13_hkdf_extract(s->early, NULL, 0, zeros, sizeof zeros);
    tls13_derive_secret(s->early_derived, s->early, "derived", empty);
    tls13_hkdf_extract(s->handshake, s->early_derived, TLS13_HASH_LEN, ecdhe, ecdhe_len);
    tls13_derive_secret(s->c_hs, s->handshake, "c hs traffic", hash_ch_sh);
    tls13_derive_secret(s->s_hs, s->handshake, "s hs traffic", hash_ch_sh);
}

void tls13_schedule_master(struct tls13_secrets *s, const uint8_t hash_ch_sf[TLS13_HASH_LEN])
{
    static const uint8_t zeros[TLS13_HASH_LEN];
    uint8_t empty[TLS13_HASH_LEN];

    empty_hash(empty);
    tls13_derive_secret(s->hs_derived, s->handshake, "derived", empty);
    tls13_hkdf_extract(s->master, s->hs_derived, TLS13_HASH_LEN, zeros, sizeof zeros);
    tls13_derive_secret(s->c_ap, s->master, "c ap traffic", hash_ch_sf);
    tls13_derive_secret(s->s_ap, s->master, "s ap traffic", hash_ch_sf);
    tls13_derive_secret(s->exporter, s->master, "exp master", hash_ch_sf);
}

void tls13_traffic_from_secret(struct tls13_traffic *t, const uint8_t secret[TLS13_HASH_LEN])
{
    if (tls13_expand_label(t->key, sizeof t->key, secret, "key", NULL, 0) != 0 ||
        tls13_expand_label(t->iv, sizeof t->iv, secret, "iv", NULL, 0) != 0)
        die("internal error: TLS 1.3 traffic keys could not be derived");
    t->seq = 0;
}

void tls13_traffic_secret_update(uint8_t secret[TLS13_HASH_LEN])
{
    uint8_t next[TLS13_HASH_LEN];

    if (tls13_expand_label(next, sizeof next, secret, "traffic upd", NULL, 0) != 0)
        die("internal error: the TLS 1.3 traffic secret could not be updated");
    memcpy(secret, next, sizeof next);
    crypt_wipe(next, sizeof next);
}

void tls13_finished_key(uint8_t key[TLS13_HASH_LEN], const uint8_t base[TLS13_HASH_LEN])
{
    if (tls13_expand_label(key, TLS13_HASH_LEN, base, "finished", NULL, 0) != 0)
        die("internal error: the TLS 1.3 finished key could not be derived");
}

void tls13_verify_data(uint8_t out[TLS13_HASH_LEN], const uint8_t base[TLS13_HASH_LEN],
                       const uint8_t hash[TLS13_HASH_LEN])
{
    uint8_t key[TLS13_HASH_LEN];

    tls13_finished_key(key, base);
    crypt_hmac_sha256_any(out, hash, TLS13_HASH_LEN, key, sizeof key);
    crypt_wipe(key, sizeof key);
}

void tls13_secrets_wipe_handshake(struct tls13_secrets *s, bool keep_c_hs)
{
    crypt_wipe(s->early, sizeof s->early);
    crypt_wipe(s->early_derived, sizeof s->early_derived);
    crypt_wipe(s->handshake, sizeof s->handshake);
    if (!keep_c_hs)
        crypt_wipe(s->c_hs, sizeof s->c_hs);
    crypt_wipe(s->s_hs, sizeof s->s_hs);
    crypt_wipe(s->hs_derived, sizeof s->hs_derived);
    crypt_wipe(s->master, sizeof s->master);
}

void tls13_secrets_wipe(struct tls13_secrets *s)
{
    crypt_wipe(s, sizeof *s);
}
