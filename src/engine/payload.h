/*
 * payload.h - the application's own layer of encryption, under TLS: the
 * data is AES-256-GCM encrypted with a key the client application and the
 * backend agreed in advance, then Base64-encoded into text, and only then
 * handed to TLS.  TLS protects it on the wire; this layer protects it end to
 * end, even from whoever terminates TLS.
 */
#ifndef TLSSIM_PAYLOAD_H
#define TLSSIM_PAYLOAD_H

#include "base/bytes.h"
#include "base/crypt.h"

#define PAYLOAD_KEYBYTES CRYPT_AEAD_KEYBYTES
#define PAYLOAD_NONCEBYTES 12

/* Encrypt text under key and append Base64(nonce || ciphertext || tag) and
 * a terminating NUL to out (out->len excludes the NUL); 0, or -1 when this
 * CPU cannot run AES-256-GCM. */
int payload_seal(struct bytes *out, const char *text, const uint8_t key[PAYLOAD_KEYBYTES])
    CRYPT_WARN_UNUSED;

/* Decode and decrypt a Base64 payload into out (NUL-terminated text); 0, or
 * -1 when it is not Base64, too short, or its tag does not verify. */
int payload_open(struct bytes *out, const char *b64, const uint8_t key[PAYLOAD_KEYBYTES])
    CRYPT_WARN_UNUSED;

#endif
