/*
 * transcript.h - the TLS 1.3 transcript hash (RFC 8446 §4.4.1): a running
 * SHA-256 over every handshake message, header included, in the order they
 * were sent, with the message_hash stand-in that replaces the first
 * ClientHello after a HelloRetryRequest.
 */
#ifndef TLSSIM_TLS13_TRANSCRIPT_H
#define TLSSIM_TLS13_TRANSCRIPT_H

#include "base/crypt_tls13.h"
#include "tls13/hkdf.h"

#include <stddef.h>
#include <stdint.h>

struct tls13_transcript {
    struct crypt_sha256_state sha;
};

/* Start an empty transcript. */
void tls13_transcript_init(struct tls13_transcript *t);

/* Add one whole handshake message (4-byte header and body). */
void tls13_transcript_add(struct tls13_transcript *t, const uint8_t *msg, size_t len);

/* The hash of everything added so far. */
void tls13_transcript_hash(const struct tls13_transcript *t, uint8_t out[TLS13_HASH_LEN]);

/* Replace the transcript by message_hash(Hash(ClientHello1)), as a
 * HelloRetryRequest requires. */
void tls13_transcript_restart_for_hrr(struct tls13_transcript *t);

#endif
