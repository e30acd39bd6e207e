/*
 * engine.h - the handshake engine: eight stages, four actors, no drawing.
 *
 * The engine owns the actors and the wire between them.  Its state after
 * stage k is a pure function of (options, seed, k): going back replays the
 * run from the start, so no stored copy can drift from what a forward run
 * would show.  Views read the event log and the result; they never change
 * the engine.  Under --protocol tls13 stage 1 is the same and stages 2 to 8
 * run real TLS 1.3 (engine/proto_tls13.h) behind the same events and result.
 */
#ifndef TLSSIM_ENGINE_H
#define TLSSIM_ENGINE_H

#include "engine/event.h"
#include "engine/options.h"
#include "engine/result.h"
#include "pki/certdir.h"

#include <stdbool.h>
#include <stddef.h>

/* Room for any reason the engine cannot start: a --certs file problem
 * (CERTDIR_ERR_MAX) and the words around it. */
#define ENGINE_ERR_MAX (CERTDIR_ERR_MAX + 256)

struct engine;
struct certdir;

/* The short name of stage 1..8 of the teaching flow, e.g. "key exchange". */
const char *engine_stage_name(int stage);

/* The short name of stage 1..8 of the protocol e runs, e.g. "handshake
 * secrets" under --protocol tls13. */
const char *engine_stage_title(const struct engine *e, int stage);

/* The heading of the second text of every stage: "In real TLS" for the
 * teaching flow, "Unlike the teaching flow" for TLS 1.3. */
const char *engine_compare_heading(const struct engine *e);

/* The same heading for a protocol, where no engine runs (a networked run). */
const char *sim_protocol_compare_heading(enum sim_protocol protocol);

/* Make an engine at stage 0 (nothing has happened yet); returns 0, or -1
 * with a reason in err (for example a cipher this CPU cannot run).  The
 * engine loads no files: when opts name a --certs directory, certs is the
 * set the caller loaded from it (course/sim_open.h does both), which the
 * engine copies; otherwise certs is NULL. */
int engine_new_with_certs(const struct sim_options *opts, const struct certdir *certs,
                          struct engine **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* engine_new_with_certs() without a certificate set. */
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

/* The certificate (DER) the client received, Mallory's under a man in the
 * middle; false before one arrived or when the server sent a bare key. */
bool engine_received_certificate(const struct engine *e, const uint8_t **der, size_t *len);

/* Under --protocol tls13, where the Certificate message travels encrypted:
 * the intermediate CA's certificate (DER) the client received after the
 * server's own; false when none came, and always for the teaching flow,
 * whose frames on the wire show it. */
bool engine_received_intermediate(const struct engine *e, const uint8_t **der, size_t *len);

/* The stage at which the client receives the server's certificate: 3 in
 * the teaching flow, 5 under --protocol tls13, where it travels in the
 * encrypted Certificate message. */
int engine_certificate_stage(const struct engine *e);

/* An engine that runs nothing and shows one side of a networked run of
 * the teaching flow: local_actor is the side whose log engine_observe()
 * hands in (SIM_ACTOR_CLIENT for `tlssim connect`, SIM_ACTOR_SERVER for a
 * server's view of one client); its events are what that side did, knew
 * and checked, and the other side's messages as they arrived.  opts are
 * the run's settings as that side knows them (mode, cipher, Finished,
 * host).  Starts at stage 0 with nothing reached; never fails; the caller
 * frees it with engine_free(), which frees the engine's copy of the log.
 * The stage texts are the teaching flow's, chosen without the claims one
 * side cannot check; stage 1's is worded for the client. */
struct engine *engine_new_observed(const struct sim_options *opts, enum sim_actor local_actor);

/* Show log as it stands (its events in stage order, as a log is written),
 * up to reached_stage (0..8, the last stage whose events are all in log and
 * happened), with end (NULL while the connection is on), which the result
 * shows at the last stage handed in.
 * The engine copies the events it shows (the caller keeps and frees log,
 * and may change it after) and rewrites each stage's narration from the
 * result sim_result_from_log() gives for it; the shown stage stays, or
 * drops to reached_stage.  engine_goto and engine_step then move between
 * stages 0..reached_stage, and engine_event shows the events up to the
 * shown stage.  Only for an engine made by engine_new_observed(). */
void engine_observe(struct engine *e, const struct sim_log *log, int reached_stage,
                    const struct sim_observed_end *end);

/* The last stage engine_observe() handed in; for a running engine, 8. */
int engine_reached_stage(const struct engine *e);

/* Whose view e shows: the local actor of an observed engine, which the
 * views show as this machine's; the others are remote, known only by what
 * arrived on the wire.  SIM_ACTOR_COUNT for an engine that runs every actor
 * itself (all of them are local). */
enum sim_actor engine_local_actor(const struct engine *e);

/* Wipe every secret and free the engine; NULL is allowed. */
void engine_free(struct engine *e);

#endif
