/*
 * proto_tls13.h - real TLS 1.3 behind the engine's eight stages.
 *
 * Owns one in-memory TLS 1.3 handshake between a tls13 client connection
 * and a tls13 server connection (and, under --mitm, Mallory's own server
 * connection): the records between them, Eve's recording, Mallory's
 * changes, and the translation of every tls13 step into sim events and
 * into the measured result.  Stage 1 (keys and certificates) is the
 * engine's own; this module runs stages 2 to 8.
 *
 * Call order: tls13_walk_new(); tls13_walk_setup() once stage 1 has made
 * the keys and certificates; tls13_walk_stage() for stages 2..8 in order;
 * tls13_walk_leak() after stage 8 for --leak-key; tls13_walk_free() wipes
 * every secret.  The engine turns the crypt RNG to its seeded stream
 * around each call, so a run is a pure function of options and seed.
 */
#ifndef TLSSIM_PROTO_TLS13_H
#define TLSSIM_PROTO_TLS13_H

#include "engine/options.h"
#include "engine/result.h"
#include "engine/event.h"
#include "engine/options.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tls13_walk;

/* The stage whose Certificate message brings the server's certificate. */
#define TLS13_WALK_CERT_STAGE 5

/* What stage 1 made: the client's trusted CA, the server's certificate (and
 * the intermediate's it sends after it) with its Ed25519 secret key, and
 * under --mitm Mallory's certificate and key.  Copied by tls13_walk_setup. */
struct tls13_walk_setup {
    const uint8_t *ca_der;
    size_t ca_len;
    const uint8_t *cert_der;
    size_t cert_len;
    const uint8_t *inter_der;       /* or NULL */
    size_t inter_len;
    const uint8_t *server_sk;       /* CRYPT_SIGN_SECRETKEYBYTES */
    const uint8_t *mallory_cert;    /* or NULL */
    size_t mallory_len;
    const uint8_t *mallory_sk;
};

/* A new walk for these options and clock (the client checks validity with
 * it); nothing is set up yet. */
struct tls13_walk *tls13_walk_new(const struct sim_options *opts, int64_t clock);

/* Take stage 1's keys and certificates; 0, or -1 with a reason when the
 * trusted CA's certificate cannot be read. */
int tls13_walk_setup(struct tls13_walk *w, const struct tls13_walk_setup *setup, char *why,
                     size_t whylen);

/* Run stage 2..8: what is sent, carried, received, derived and checked,
 * logged to log and folded into r. */
void tls13_walk_stage(struct tls13_walk *w, struct sim_log *log, struct sim_result *r,
                      int stage);

/* After stage 8: the server's long-term key leaks to Eve, who tries it on
 * her recording; sets r->forward_secrecy. */
void tls13_walk_leak(struct tls13_walk *w, struct sim_log *log, struct sim_result *r,
                     const uint8_t *server_sk);

/* The situation bits (stage_text_tls13.h) after stage has run. */
unsigned tls13_walk_situation(const struct tls13_walk *w, const struct sim_result *r, int stage,
                              bool aborted_before);

/* The server certificate (DER) the client received, Mallory's under a man
 * in the middle; false before one arrived. */
bool tls13_walk_received_certificate(const struct tls13_walk *w, const uint8_t **der,
                                     size_t *len);

/* The intermediate's certificate (DER) the client received after the
 * server's own; false when none came. */
bool tls13_walk_received_intermediate(const struct tls13_walk *w, const uint8_t **der,
                                      size_t *len);

/* Wipe every secret and free the walk; NULL is allowed. */
void tls13_walk_free(struct tls13_walk *w);

/* The labelled split of one TLS 1.3 record (header included) into fields
 * that tile it; returns their number, the array in *out (the caller frees
 * it with sim_fields_free). */
size_t t13_describe_record(const uint8_t *rec, size_t len, struct sim_field **out);

/* Where Mallory flips a bit of a record: the first byte of a hello's
 * random, or the middle of a protected record; -1 for other records. */
long t13_tamper_offset(const uint8_t *rec, size_t len);

/* Rewrite a ClientHello record's supported_versions so that it offers TLS
 * 1.2 where it offered TLS 1.3 (the lengths stay); 0, or -1 when the
 * record is no ClientHello offering TLS 1.3. */
int t13_strip_tls13(uint8_t *rec, size_t len);

#endif
