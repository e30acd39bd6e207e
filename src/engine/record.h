/*
 * record.h - application data records: protecting one message under a
 * traffic key as the negotiated suite says (AEAD, or a MAC alone for the
 * legacy integrity-only suites), shared by every actor that sends data.
 */
#ifndef TLSSIM_RECORD_H
#define TLSSIM_RECORD_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/wire.h"

/* Protect msg under key into an ApplicationData frame in out: AEAD with a
 * fresh random nonce, or the plaintext and an HMAC for a null-cipher suite;
 * 0, or -1 when the AEAD cannot run. */
int record_seal(struct bytes *out, const struct wire_suite *suite, const uint8_t *msg,
                size_t len, const uint8_t key[CRYPT_AEAD_KEYBYTES]) CRYPT_WARN_UNUSED;

/* Check and unprotect an ApplicationData frame under key into out (which
 * must be empty; a NUL is added after the plaintext); 0, or -1 when the
 * frame is malformed or its tag does not verify. */
int record_open(struct bytes *out, const struct wire_suite *suite, const uint8_t *frame,
                size_t len, const uint8_t key[CRYPT_AEAD_KEYBYTES]) CRYPT_WARN_UNUSED;

/* Copy out the plaintext an integrity-only record carries in the clear,
 * with no key at all; 0, or -1 when the record is encrypted. */
int record_read_clear(struct bytes *out, const uint8_t *frame, size_t len) CRYPT_WARN_UNUSED;

#endif
