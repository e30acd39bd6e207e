/*
 * transcript.c - the running transcript hash of a TLS 1.3 handshake.
 */
#include "tls13/transcript.h"

#include <string.h>

void tls13_transcript_init(struct tls13_transcript *t)
{
    crypt_sha256_init(&t->sha);
}

void tls13_transcript_add(struct tls13_transcript *t, const uint8_t *msg, size_t len)
{
    crypt_sha256_update(&t->sha, msg, len);
}

void tls13_transcript_hash(const struct tls13_transcript *t, uint8_t out[TLS13_HASH_LEN])
{
    crypt_sha256_peek(&t->sha, out);
}

void tls13_transcript_restart_for_hrr(struct tls13_transcript *t)
{
    uint8_t synthetic[4 + TLS13_HASH_LEN] = {254, 0, 0, TLS13_HASH_LEN};

    tls13_transcript_hash(t, synthetic + 4);
    tls13_transcript_init(t);
    tls13_transcript_add(t, synthetic, sizeof synthetic);
}
