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

#include "bytes.h"
#include "crypt.h"
#include "event.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_HEADER_BYTES 4
#define WIRE_RANDOM_BYTES 32
#define WIRE_SUITES_MAX 8
#define WIRE_NAME_MAX 256
#define WIRE_VERSION_TLS12 0x0303

enum wire_type {
    WIRE_CLIENT_HELLO = 1,
    WIRE_SERVER_HELLO = 2,
    WIRE_CERTIFICATE = 11,
    WIRE_CLIENT_KEY_EXCHANGE = 16,
    WIRE_APPLICATION_DATA = 23,
    WIRE_ENROL_CSR = 0xf0,       /* server to CA, before any client connects */
    WIRE_ENROL_CERTIFICATE = 0xf1,
};

/* A cipher suite of the simulation, and the real one it stands for. */
struct wire_suite {
    uint16_t id;
    const char *name;
    enum crypt_aead aead;
    const char *real_counterpart;
};

struct wire_client_hello {
    uint16_t version;
    uint8_t random[WIRE_RANDOM_BYTES];
    uint16_t suites[WIRE_SUITES_MAX];
    size_t suite_count;
    char server_name[WIRE_NAME_MAX];
};

struct wire_server_hello {
    uint16_t version;
    uint8_t random[WIRE_RANDOM_BYTES];
    uint16_t suite;
};

/* The suite with this id, or NULL when the simulation does not know it. */
const struct wire_suite *wire_suite_find(uint16_t id);

/* The suite the simulation uses for an AEAD. */
const struct wire_suite *wire_suite_for(enum crypt_aead aead);

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

/* Frame application data: the nonce, then the ciphertext with its tag. */
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
