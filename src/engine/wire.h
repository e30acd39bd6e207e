/*
 * wire.h - the messages the actors send each other, as bytes.
 *
 * Owns the framing (a type byte and a 3-byte length, as TLS handshake
 * messages have), the encoding and strict decoding of every message body,
 * the cipher-suite table, and the labelled split of any frame into fields:
 * what an eavesdropper can make of the bytes without any key.  Actors talk
 * only through these frames, so a socket could carry them unchanged.
 */
#ifndef TLSSIM_WIRE_H
#define TLSSIM_WIRE_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_HEADER_BYTES 4
#define WIRE_RANDOM_BYTES 32
#define WIRE_SUITES_MAX 8
#define WIRE_NAME_MAX 256
#define WIRE_VERSION_TLS12 0x0303
#define WIRE_SHARE_BYTES 32
#define WIRE_FINISHED_BYTES 32
#define WIRE_NULL_TAG_BYTES 32

enum wire_type {
    WIRE_CLIENT_HELLO = 1,
    WIRE_SERVER_HELLO = 2,
    WIRE_CERTIFICATE = 11,
    WIRE_SERVER_KEY_EXCHANGE = 12,  /* the server's signed ephemeral share */
    WIRE_FINISHED = 20,
    WIRE_CLIENT_KEY_EXCHANGE = 16,
    WIRE_APPLICATION_DATA = 23,
    WIRE_ENROL_CSR = 0xf0,       /* server to CA, before any client connects */
    WIRE_ENROL_CERTIFICATE = 0xf1,
    WIRE_SERVER_PUBLIC_KEY = 0xf2,  /* a bare key, sent instead of a certificate */
};

/* A cipher suite of the simulation, and the real one it stands for. */
struct wire_suite {
    uint16_t id;
    const char *name;
    bool ephemeral;            /* X25519 key shares instead of a sealed session key */
    bool null_cipher;          /* integrity only: the data travels in the clear */
    enum crypt_aead aead;      /* when not null_cipher */
    const char *real_counterpart;  /* the nearest TLS 1.2 suite, in words */
};

struct wire_client_hello {
    uint16_t version;
    uint8_t random[WIRE_RANDOM_BYTES];
    uint16_t suites[WIRE_SUITES_MAX];
    size_t suite_count;
    char server_name[WIRE_NAME_MAX];
    bool has_share;                         /* ephemeral mode: the client's X25519 share */
    uint8_t share[WIRE_SHARE_BYTES];
};

/* The server's ephemeral share, signed with its long-term key over both
 * randoms and the share, so that nobody can swap it on the way. */
struct wire_server_key_exchange {
    uint8_t share[WIRE_SHARE_BYTES];
    uint8_t signature[CRYPT_SIGN_BYTES];
};

struct wire_server_hello {
    uint16_t version;
    uint8_t random[WIRE_RANDOM_BYTES];
    uint16_t suite;
};

/* The suite with this id, or NULL when the simulation does not know it. */
const struct wire_suite *wire_suite_find(uint16_t id);

/* The strong suite for a mode and an AEAD. */
const struct wire_suite *wire_suite_for(bool ephemeral, enum crypt_aead aead);

/* The legacy integrity-only suite of a mode, which old peers still offer. */
const struct wire_suite *wire_suite_legacy(bool ephemeral);

/* Printable name of a message type, e.g. "ClientHello". */
const char *wire_type_name(uint8_t type);

/* Append a frame of the given type around body to out. */
void wire_frame(struct bytes *out, uint8_t type, const uint8_t *body, size_t len);

/* Check a frame's header: its type is want and its length matches; on
 * success *body and *len describe the body. */
int wire_unframe(const uint8_t *frame, size_t frame_len, uint8_t want, const uint8_t **body,
                 size_t *len) CRYPT_WARN_UNUSED;

void wire_encode_client_hello(const struct wire_client_hello *m, struct bytes *out);
int wire_decode_client_hello(const uint8_t *frame, size_t len, struct wire_client_hello *m)
    CRYPT_WARN_UNUSED;

void wire_encode_server_hello(const struct wire_server_hello *m, struct bytes *out);
int wire_decode_server_hello(const uint8_t *frame, size_t len, struct wire_server_hello *m)
    CRYPT_WARN_UNUSED;

void wire_encode_server_key_exchange(const struct wire_server_key_exchange *m,
                                     struct bytes *out);
int wire_decode_server_key_exchange(const uint8_t *frame, size_t len,
                                    struct wire_server_key_exchange *m) CRYPT_WARN_UNUSED;

/* The bytes the server signs for its share: both randoms, then the share. */
void wire_share_signed_bytes(uint8_t out[2 * WIRE_RANDOM_BYTES + WIRE_SHARE_BYTES],
                             const uint8_t client_random[WIRE_RANDOM_BYTES],
                             const uint8_t server_random[WIRE_RANDOM_BYTES],
                             const uint8_t share[WIRE_SHARE_BYTES]);

/* Frame one opaque blob (a certificate, a CSR, a sealed key) with a length
 * prefix of prefix_bytes (2 or 3) inside the body. */
void wire_encode_blob(struct bytes *out, uint8_t type, const uint8_t *blob, size_t len,
                      size_t prefix_bytes);

/* Find the blob inside a frame made by wire_encode_blob. */
int wire_decode_blob(const uint8_t *frame, size_t frame_len, uint8_t type, size_t prefix_bytes,
                     const uint8_t **blob, size_t *len) CRYPT_WARN_UNUSED;

/* The 4-byte header an application-data frame with this body will carry;
 * it is the associated data the AEAD authenticates. */
void wire_app_data_header(uint8_t header[WIRE_HEADER_BYTES], size_t nonce_len, size_t ct_len);

/* Frame application data: the nonce (empty for an integrity-only suite),
 * then the ciphertext with its tag (or the plaintext with its MAC). */
void wire_encode_app_data(struct bytes *out, const uint8_t *nonce, size_t nonce_len,
                          const uint8_t *ct, size_t ct_len);

/* Split an application-data frame into nonce and ciphertext. */
int wire_decode_app_data(const uint8_t *frame, size_t len, const uint8_t **nonce,
                         size_t *nonce_len, const uint8_t **ct, size_t *ct_len)
    CRYPT_WARN_UNUSED;

/* Label every field of a frame as an onlooker would; returns the number of
 * fields in a new array (*fields), which the caller (or the log) frees. */
size_t wire_describe(const uint8_t *frame, size_t len, struct sim_field **fields);

#endif
