/*
 * engine.h - the handshake engine: eight stages, four actors, no drawing.
 *
 * The engine owns the actors and the wire between them.  Its state after
 * stage k is a pure function of (options, seed, k): going back replays the
 * run from the start, so no stored copy can drift from what a forward run
 * would show.  Views read the event log and the result; they never change
 * the engine.
 */
#ifndef TLSSIM_ENGINE_H
#define TLSSIM_ENGINE_H

#include "engine/event.h"
#include "engine/options.h"
#include "pki/certdir.h"

#include <stdbool.h>
#include <stddef.h>

#define SIM_STAGE_COUNT 8
#define SIM_REASON_MAX 256
/* Room for any reason the engine cannot start: a --certs file problem
 * (CERTDIR_ERR_MAX) and the words around it. */
#define ENGINE_ERR_MAX (CERTDIR_ERR_MAX + 256)

/* What the run achieved, as measured by the actors' own checks. */
struct sim_result {
    bool completed;                  /* both sides read each other's data */
    bool aborted;                    /* a check failed and a side gave up */
    int aborted_at;                  /* the stage that aborted, or 0 */
    char reason[SIM_REASON_MAX];     /* why it aborted, for a student */
    bool tamper_detected;            /* a receiver caught a changed message */
    bool eve_read_plaintext;         /* the eavesdropper decrypted application data */
};

struct engine;

/* The short name of stage 1..8, e.g. "key exchange". */
const char *engine_stage_name(int stage);

/* Make an engine at stage 0 (nothing has happened yet); returns 0, or -1
 * with a reason in err (for example a cipher this CPU cannot run). */
int engine_new(const struct sim_options *opts, struct engine **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Run the next stage; returns 0, or 1 when all eight have run. */
int engine_step(struct engine *e);

/* Bring the engine to stage 0..8, replaying from the start when going back. */
void engine_goto(struct engine *e, int stage);

/* The last stage that has run (0..8). */
int engine_stage(const struct engine *e);

/* The events of every stage run so far, in order. */
size_t engine_event_count(const struct engine *e);
const struct sim_event *engine_event(const struct engine *e, size_t i);

/* The outcome so far (final once stage 8 has run). */
const struct sim_result *engine_result(const struct engine *e);

/* The options the engine was made with. */
const struct sim_options *engine_options(const struct engine *e);

/* The simulated clock, in Unix seconds (fixed for a seeded run). */
int64_t engine_clock(const struct engine *e);

/* The CA certificate (DER) in the client's trust store; false before stage 1
 * has put one there. */
bool engine_trusted_ca(const struct engine *e, const uint8_t **der, size_t *len);

/* Wipe every secret and free the engine; NULL is allowed. */
void engine_free(struct engine *e);

#endif
