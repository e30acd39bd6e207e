/*
 * actor_eve.h - the attacker on the wire.  As Eve she only listens: she
 * records every byte, pulls out what the bytes reveal without any key, and
 * tries to read the application data with whatever keys she holds.  As
 * Mallory she also changes messages in flight: flips a byte, strips cipher
 * suites, or sits in the middle with her own key and certificate.
 */
#ifndef TLSSIM_ACTOR_EVE_H
#define TLSSIM_ACTOR_EVE_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/event.h"
#include "engine/keys.h"
#include "engine/options.h"
#include "engine/wire.h"

#include <stdbool.h>

#define EVE_FRAMES_MAX 24

struct eve;

/* A new Eve set up from the options: what she will do besides listening;
 * eve_free() frees her. */
struct eve *eve_new(const struct sim_options *opts);

/* Stage 1, man in the middle: make her keypair and a self-signed
 * certificate for the server's name; 0 or -1. */
int eve_prepare_mitm(struct eve *e, struct sim_log *log, int64_t clock) CRYPT_WARN_UNUSED;

/* Record one frame seen on the handshake wire and log what it reveals. */
void eve_record(struct eve *e, struct sim_log *log, const uint8_t *frame, size_t len);

/* Let Mallory act on a frame in flight to `to` during stage: she may change
 * it in place; returns true when she did. */
bool eve_intercept(struct eve *e, struct sim_log *log, int stage, enum sim_actor to,
                   struct bytes *frame);

/* Try to read every recorded application-data record with what Eve holds,
 * logging each attempt; e->read_plaintext says whether any came out. */
void eve_try_to_read(struct eve *e, struct sim_log *log);

/* After the session: receive the server's leaked long-term secret key. */
void eve_receive_leaked_key(struct eve *e, struct sim_log *log,
                            const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES]);

/* Whether she has changed any message in flight. */
bool eve_tampered(const struct eve *e);

/* Whether she (or Mallory) has read the application's message. */
bool eve_read_plaintext(const struct eve *e);

/* Mallory's certificate (DER) and Ed25519 secret key from
 * eve_prepare_mitm(), for a protocol that runs her server itself; false
 * before she made them. */
bool eve_mitm_identity(const struct eve *e, const uint8_t **cert, size_t *cert_len,
                       const uint8_t **sk);

/* Wipe and free everything Eve recorded and holds, and Eve; NULL is allowed. */
void eve_free(struct eve *e);

#endif
