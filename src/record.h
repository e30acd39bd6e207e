/*
 * record.h - application data records: AEAD sealing and opening of one
 * message under a traffic key, shared by every actor that sends data.
 */
#ifndef TLSSIM_RECORD_H
#define TLSSIM_RECORD_H

#include "bytes.h"
#include "crypt.h"

/* Encrypt msg under key with a fresh random nonce into an ApplicationData
 * frame in out; 0, or -1 when the AEAD cannot run. */
int record_seal(struct bytes *out, enum crypt_aead aead, const uint8_t *msg, size_t len,
                const uint8_t key[CRYPT_AEAD_KEYBYTES]) CRYPT_WARN_UNUSED;

/* Decrypt an ApplicationData frame under key into out (plaintext, with a
 * terminating NUL added); 0, or -1 when the frame is malformed or forged. */
int record_open(struct bytes *out, enum crypt_aead aead, const uint8_t *frame, size_t len,
                const uint8_t key[CRYPT_AEAD_KEYBYTES]) CRYPT_WARN_UNUSED;

#endif
