/*
 * observed.h - the engine's half of an observed engine (engine.h's
 * engine_new_observed): a copy of one side's log up to the stage it
 * reached, with each stage's narration chosen by what that side measured,
 * the stage shown and the result at it.  No actors run; engine.c is the
 * only user, and its own engine takes the situation bits a measured result
 * says alone from here too (situation_measured).
 */
#ifndef TLSSIM_OBSERVED_H
#define TLSSIM_OBSERVED_H

#include "engine/options.h"
#include "engine/result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct observed;

/* An empty view of local's side of a run with the settings opts. */
struct observed *observed_new(const struct sim_options *opts, enum sim_actor local);

/* engine_observe(): copy log up to reached with end (or NULL). */
void observed_take(struct observed *o, const struct sim_log *log, int reached,
                   const struct sim_observed_end *end);

/* Show stage, clamped to 0..the stage reached. */
void observed_goto(struct observed *o, int stage);

int observed_stage(const struct observed *o);
int observed_reached(const struct observed *o);
enum sim_actor observed_local(const struct observed *o);

/* The events up to the shown stage, and the result there. */
size_t observed_event_count(const struct observed *o);
const struct sim_event *observed_event(const struct observed *o, size_t i);
const struct sim_result *observed_result(const struct observed *o);

/* The CA certificate local trusts, and the certificate that arrived for
 * it, as DER, among the events shown; false when there is none. */
bool observed_trusted_ca(const struct observed *o, const uint8_t **der, size_t *len);
bool observed_received_certificate(const struct observed *o, const uint8_t **der, size_t *len);

/* The situation bits (stage_text.h) that the settings opts and the
 * measured result r say alone, which one side can claim as well as the
 * whole engine: ephemeral shares, Finished, the abort (at an earlier stage
 * when aborted_before, else at this one), the alert, completion, and the
 * certificate rejected (revoked, or an issuer that is no CA) or overridden. */
unsigned situation_measured(const struct sim_options *opts, const struct sim_result *r,
                            bool aborted_before);

/* The situation bits of stage for one side that knows only its own result
 * r (at that stage) and the settings opts: situation_measured()'s,
 * SIT_ONE_SIDE with the key it was handed (SIT_LOADED, or SIT_BARE_KEY),
 * and SIT_ENDED_UNCHECKED when the run ended there with no failed check of
 * this side. */
unsigned situation_one_side(const struct sim_options *opts, const struct sim_result *r,
                            int stage);

/* The claims (fact.h) that one side cannot make from its own result r:
 * who else read the data, a relay, forward secrecy, how the other side
 * came by its keys, and, once r took a key unchecked, whose key it was. */
unsigned observed_unknown_claims(const struct sim_result *r);

/* Free the copy (wiping it); NULL is allowed. */
void observed_free(struct observed *o);

#endif
