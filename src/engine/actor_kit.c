/*
 * actor_kit.c - keypairs, self-signed certificates and key shares, made
 * one way for every actor.
 */
#include "engine/actor_kit.h"

#include "pki/x509.h"

#include <stdio.h>

#define DAY INT64_C(86400)
#define SELF_SIGNED_DAYS 365

int actor_kit_x25519_form(const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                          const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                          uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                          uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES])
{
    crypt_sign_sk_to_x25519(xsk, sk);
    return crypt_sign_pk_to_x25519(xpk, pk);
}

int actor_kit_keypair(uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                      uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                      uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES])
{
    crypt_sign_keypair(pk, sk);
    return actor_kit_x25519_form(pk, sk, xpk, xsk);
}

int actor_kit_self_signed(const char *name, int64_t clock,
                          const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                          const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
{
    struct x509_cert_spec spec = {
        .subject_cn = name,
        .issuer_cn = name,
        .dns_name = name,
        .not_before = clock - DAY,
        .not_after = clock + SELF_SIGNED_DAYS * DAY,
    };
    return x509_cert_self_issue(&spec, pk, sk, out);
}

void actor_kit_key_share(struct sim_log *log, enum sim_actor actor, const char *side,
                         uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                         uint8_t sk[CRYPT_X25519_SECRETKEYBYTES])
{
    char title[64];

    crypt_kx_keypair(pk, sk);
    snprintf(title, sizeof title, "%s ephemeral private key (X25519)", side);
    log_knows(log, actor, title, sk, CRYPT_X25519_SECRETKEYBYTES, true,
              "lives only until the keys are derived");
    snprintf(title, sizeof title, "%s key share (X25519)", side);
    log_knows(log, actor, title, pk, CRYPT_X25519_PUBLICKEYBYTES, false, NULL);
}
