/*
 * record.h - the TLS 1.3 record layer (RFC 8446 §5): the 5-byte header,
 * plaintext records, and AEAD protection with ChaCha20-Poly1305 (nonce =
 * IV XOR sequence number, the header as additional data, the inner content
 * type and zero padding), with the limits of 2^14 bytes of plaintext and
 * 2^14 + 256 bytes of ciphertext.  It reads and writes memory only.
 */
#ifndef TLSSIM_TLS13_RECORD_H
#define TLSSIM_TLS13_RECORD_H

#include "base/bytes.h"
#include "tls13/alert.h"
#include "tls13/keysched.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLS13_RECORD_HEADER_LEN 5
#define TLS13_PLAINTEXT_MAX 16384
#define TLS13_CIPHERTEXT_MAX (16384 + 256)

enum tls13_content_type {
    TLS13_CT_INVALID = 0,
    TLS13_CT_CHANGE_CIPHER_SPEC = 20,
    TLS13_CT_ALERT = 21,
    TLS13_CT_HANDSHAKE = 22,
    TLS13_CT_APPLICATION_DATA = 23,
};

/* A record header as read off the wire. */
struct tls13_record_header {
    uint8_t type;
    uint16_t version;
    uint16_t length;
};

/* The name of a content type, e.g. "handshake", or "unknown". */
const char *tls13_content_type_name(uint8_t type);

/* Read the header at p (len bytes available): 0 when fewer than 5 bytes are
 * there, 1 with h filled, -1 with err when the header is not a TLS record
 * or announces more than 2^14 + 256 bytes. */
int tls13_record_header_read(const uint8_t *p, size_t len, struct tls13_record_header *h,
                             struct tls13_error *err) CRYPT_WARN_UNUSED;

/* Append one plaintext record of type carrying len <= 2^14 bytes to out. */
void tls13_record_plain(struct bytes *out, uint8_t type, uint16_t version, const uint8_t *data,
                        size_t len);

/* Append one protected record (outer type application_data) holding len <=
 * 2^14 bytes of inner type plus pad zero bytes, under t; t->seq advances. */
void tls13_record_protect(struct bytes *out, struct tls13_traffic *t, uint8_t inner_type,
                          const uint8_t *data, size_t len, size_t pad);

/* Open the whole protected record rec (header included) under t into out
 * (room for rec_len bytes), setting *out_len and *inner_type; t->seq
 * advances on success.  -1 with err: bad_record_mac, record_overflow, or
 * unexpected_message when the plaintext is all padding. */
int tls13_record_unprotect(struct tls13_traffic *t, const uint8_t *rec, size_t rec_len,
                           uint8_t *out, size_t *out_len, uint8_t *inner_type,
                           struct tls13_error *err) CRYPT_WARN_UNUSED;

#endif
