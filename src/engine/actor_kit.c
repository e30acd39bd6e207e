/*
 * actor_kit.c - keypairs, self-signed certificates, key shares, the secret
 * they agree on and the keys derived from it, made one way for every actor.
 */
#include "engine/actor_kit.h"

#include "pki/x509.h"

#include <stdio.h>
#include <string.h>

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

int actor_kit_agree(struct sim_log *log, enum sim_actor actor, enum sim_actor peer,
                    const uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t sk[CRYPT_X25519_SECRETKEYBYTES], const uint8_t *peer_share,
                    uint8_t secret[KEYS_SECRET_BYTES])
{
    uint8_t rx[CRYPT_KX_SESSIONKEYBYTES], tx[CRYPT_KX_SESSIONKEYBYTES];
    bool client = actor == SIM_ACTOR_CLIENT;
    bool ok = peer_share != NULL &&
              (client ? crypt_kx_client(rx, tx, pk, sk, peer_share)
                      : crypt_kx_server(rx, tx, pk, sk, peer_share)) == 0;

    _Static_assert(CRYPT_KX_SESSIONKEYBYTES == KEYS_SECRET_BYTES, "a kx key is the secret");
    if (ok)
        log_check(log, actor, "kx.shared_secret", FACT_PASS, NULL,
                  "X25519 of the %s's ephemeral private key and the %s's share, hashed by "
                  "crypto_kx with both shares", sim_actor_name(actor), sim_actor_name(peer));
    else
        log_check(log, actor, "kx.shared_secret", FACT_FAIL, "invalid_share",
                  "the %s's key share is not a usable X25519 key", sim_actor_name(peer));
    if (ok) {
        memcpy(secret, client ? tx : rx, KEYS_SECRET_BYTES);
        log_knows(log, actor, "shared secret (crypto_kx)", secret, KEYS_SECRET_BYTES, true,
                  KX_SECRET_NOTE);
    }
    crypt_wipe(rx, sizeof rx);
    crypt_wipe(tx, sizeof tx);
    return ok ? 0 : -1;
}

void actor_kit_derive(struct sim_log *log, enum sim_actor actor, struct traffic_keys *keys,
                      const uint8_t secret[KEYS_SECRET_BYTES],
                      const uint8_t client_random[WIRE_RANDOM_BYTES],
                      const uint8_t server_random[WIRE_RANDOM_BYTES], bool ephemeral)
{
    keys_derive(keys, secret, client_random, server_random);
    log_text(log, SIM_EV_ACTION, actor, "derives the two traffic keys from the %s and both randoms",
             ephemeral ? "shared secret" : "session key");
    log_knows(log, actor, "client write key", keys->client_write, sizeof keys->client_write, true,
              KEYS_CLIENT_WRITE_NOTE);
    log_knows(log, actor, "server write key", keys->server_write, sizeof keys->server_write, true,
              KEYS_SERVER_WRITE_NOTE);
}
