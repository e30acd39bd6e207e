/*
 * actor_kit.h - the steps several actors take alike: a long-term Ed25519
 * keypair with its X25519 form, a self-signed certificate for a name, a
 * throw-away X25519 key share, the secret two shares agree on, and the
 * traffic keys derived from a secret, logged as what the actor now knows.
 *
 * Owns nothing: each function works on the caller's buffers.
 */
#ifndef TLSSIM_ACTOR_KIT_H
#define TLSSIM_ACTOR_KIT_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"
#include "engine/keys.h"

#include <stdint.h>

/* Put the X25519 form of the Ed25519 keypair pk/sk (for sealed boxes) in
 * xpk/xsk; 0, or -1 when pk is not a valid point. */
int actor_kit_x25519_form(const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                          const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                          uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                          uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES]) CRYPT_WARN_UNUSED;

/* Make a fresh Ed25519 keypair and its X25519 form; 0 or -1. */
int actor_kit_keypair(uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                      uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES],
                      uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES]) CRYPT_WARN_UNUSED;

/* Append to out (DER) a certificate for name, issued by name itself with
 * pk/sk, valid from a day before clock for a year; 0 or -1. */
int actor_kit_self_signed(const char *name, int64_t clock,
                          const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                          const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Make a throw-away X25519 key share for one connection into pk/sk and log
 * that actor knows both, titled "<side> ephemeral private key (X25519)" and
 * "<side> key share (X25519)". */
void actor_kit_key_share(struct sim_log *log, enum sim_actor actor, const char *side,
                         uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                         uint8_t sk[CRYPT_X25519_SECRETKEYBYTES]);

/* Agree with peer by crypto_kx on the secret both sides derive from (the
 * client's sending key) from actor's share pk/sk and the peer's share
 * (NULL when none arrived): log the check kx.shared_secret and, when it
 * holds, that actor knows the secret, which goes to secret; 0, or -1 when
 * the peer's share is not a usable X25519 key. */
int actor_kit_agree(struct sim_log *log, enum sim_actor actor, enum sim_actor peer,
                    const uint8_t pk[CRYPT_X25519_PUBLICKEYBYTES],
                    const uint8_t sk[CRYPT_X25519_SECRETKEYBYTES], const uint8_t *peer_share,
                    uint8_t secret[KEYS_SECRET_BYTES]);

/* Derive keys from secret (the shared secret when ephemeral, else the
 * session key) and both randoms, and log that actor knows the two traffic
 * keys. */
void actor_kit_derive(struct sim_log *log, enum sim_actor actor, struct traffic_keys *keys,
                      const uint8_t secret[KEYS_SECRET_BYTES],
                      const uint8_t client_random[WIRE_RANDOM_BYTES],
                      const uint8_t server_random[WIRE_RANDOM_BYTES], bool ephemeral);

#endif
