/*
 * keysched.h - the TLS 1.3 key schedule of RFC 8446 §7 for SHA-256: the
 * early, handshake and master secrets, the four traffic secrets and the
 * exporter secret; the key and IV of a traffic secret; finished keys and
 * verify_data.
 *
 * Call order: tls13_schedule_handshake() once the ECDHE secret and the
 * hash of ClientHello..ServerHello are known, then tls13_schedule_master()
 * with the hash of ClientHello..server Finished.  The caller owns the
 * structs and wipes them with tls13_secrets_wipe() / crypt_wipe().
 */
#ifndef TLSSIM_TLS13_KEYSCHED_H
#define TLSSIM_TLS13_KEYSCHED_H

#include "tls13/hkdf.h"

#include <stdbool.h>
#include <stdint.h>

#define TLS13_KEY_LEN 32    /* ChaCha20-Poly1305 */
#define TLS13_IV_LEN 12

/* Every secret of one connection's schedule. */
struct tls13_secrets {
    uint8_t early[TLS13_HASH_LEN];           /* HKDF-Extract(0, 0): no PSK */
    uint8_t early_derived[TLS13_HASH_LEN];   /* Derive-Secret(early, "derived", "") */
    uint8_t handshake[TLS13_HASH_LEN];       /* HKDF-Extract(early_derived, ECDHE) */
    uint8_t c_hs[TLS13_HASH_LEN];            /* client_handshake_traffic_secret */
    uint8_t s_hs[TLS13_HASH_LEN];            /* server_handshake_traffic_secret */
    uint8_t hs_derived[TLS13_HASH_LEN];      /* Derive-Secret(handshake, "derived", "") */
    uint8_t master[TLS13_HASH_LEN];          /* HKDF-Extract(hs_derived, 0) */
    uint8_t c_ap[TLS13_HASH_LEN];            /* client_application_traffic_secret_0 */
    uint8_t s_ap[TLS13_HASH_LEN];            /* server_application_traffic_secret_0 */
    uint8_t exporter[TLS13_HASH_LEN];        /* exporter_master_secret */
};

/* One direction's record protection: key, IV and the next sequence number. */
struct tls13_traffic {
    uint8_t key[TLS13_KEY_LEN];
    uint8_t iv[TLS13_IV_LEN];
    uint64_t seq;
};

/* The early secrets and the handshake secrets from the ECDHE shared secret
 * and the transcript hash of ClientHello..ServerHello. */
void tls13_schedule_handshake(struct tls13_secrets *s, const uint8_t *ecdhe, size_t ecdhe_len,
                              const uint8_t hash_ch_sh[TLS13_HASH_LEN]);

/* The master secret and the application and exporter secrets from the
 * transcript hash of ClientHello..server Finished. */
void tls13_schedule_master(struct tls13_secrets *s, const uint8_t hash_ch_sf[TLS13_HASH_LEN]);

/* Set t to the key and IV of a traffic secret, sequence number 0. */
void tls13_traffic_from_secret(struct tls13_traffic *t, const uint8_t secret[TLS13_HASH_LEN]);

/* The next application traffic secret (KeyUpdate): "traffic upd". */
void tls13_traffic_secret_update(uint8_t secret[TLS13_HASH_LEN]);

/* finished_key = HKDF-Expand-Label(base, "finished", "", 32). */
void tls13_finished_key(uint8_t key[TLS13_HASH_LEN], const uint8_t base[TLS13_HASH_LEN]);

/* verify_data = HMAC(finished_key(base), transcript hash). */
void tls13_verify_data(uint8_t out[TLS13_HASH_LEN], const uint8_t base[TLS13_HASH_LEN],
                       const uint8_t hash[TLS13_HASH_LEN]);

/* Wipe the secrets a handshake no longer needs once the application
 * secrets exist: early, handshake, the derived salts, master and both
 * handshake traffic secrets, except the client's when keep_c_hs (a server
 * still checks the client Finished with it); the two application traffic
 * secrets and the exporter secret stay. */
void tls13_secrets_wipe_handshake(struct tls13_secrets *s, bool keep_c_hs);

/* Wipe every secret in s. */
void tls13_secrets_wipe(struct tls13_secrets *s);

#endif
