/*
 * observed.c - one side of a networked run, shown by the engine: the
 * result that side can claim from its own checks, and the stage texts
 * chosen by it.
 */
#include "engine/observed.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/stage_text.h"
#include "engine/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRUSTED_CA_TITLE "trusted CA certificate"

/* What one side cannot know from its own log: who else read the data,
 * whether someone relayed it, forward secrecy, and how the server came
 * by its keys and certificate. */
#define UNKNOWN_CLAIMS (CLAIM_CONFIDENTIAL | CLAIM_READ_BY_ATTACKER | CLAIM_MITM_RELAY | \
                        CLAIM_FS_HELD | CLAIM_FS_BROKEN | CLAIM_KEY_MADE | CLAIM_KEY_LOADED | \
                        CLAIM_CA_ISSUED | CLAIM_CRL_FETCHED)
/* ... and once the client clicked past a warning, whose key it used. */
#define UNKNOWN_AFTER_OVERRIDE (CLAIM_SERVER_KEY_USED | CLAIM_SECRET_AGREED)

struct observed {
    struct sim_options opts;
    enum sim_actor local;
    struct sim_log log;               /* the copy, up to the stage reached */
    int reached;
    int stage;                        /* shown */
    size_t shown;                     /* events of the stages up to the shown one */
    bool has_end;
    struct sim_observed_end end;
    char reason[SIM_REASON_MAX];      /* end.reason's copy */
    struct sim_result result;
};

unsigned situation_measured(const struct sim_options *opts, const struct sim_result *r,
                            bool aborted_before)
{
    unsigned sit = 0;

    if (opts->mode == SIM_MODE_EPHEMERAL)
        sit |= SIT_EPHEMERAL;
    if (opts->finished)
        sit |= SIT_FINISHED;
    if (aborted_before)
        sit |= SIT_ABORTED_BEFORE;
    else if (r->aborted)
        sit |= SIT_ABORTED_HERE;
    if (r->alert)
        sit |= SIT_ALERT;
    if (r->cert_rejected)
        sit |= SIT_CERT_REJECTED;
    if (r->cert_overridden)
        sit |= SIT_OVERRIDDEN;
    if (r->completed)
        sit |= SIT_COMPLETED;
    if (r->cert_failed_id != NULL && strcmp(r->cert_failed_id, "cert.revocation") == 0)
        sit |= SIT_REVOKED;
    if (r->cert_failed_id != NULL && strcmp(r->cert_failed_id, "cert.basic_constraints") == 0)
        sit |= SIT_ISSUER_NOT_CA;
    return sit;
}

unsigned situation_one_side(const struct sim_options *opts, const struct sim_result *r,
                            int stage)
{
    unsigned sit = SIT_ONE_SIDE | (r->bare_key ? SIT_BARE_KEY : SIT_LOADED) |
                   situation_measured(opts, r, r->aborted && r->aborted_at < stage);

    if (r->aborted && r->aborted_at == stage && r->reason_id == NULL)
        sit |= SIT_ENDED_UNCHECKED;   /* the other side left, a wait ran out, or a stop */
    return sit;
}

/* The situation bits of stage for its texts, from what the local side
 * measured (r, its result at that stage) and the settings it was told;
 * what it cannot know (an attacker, how the other side got its keys
 * beyond the set it serves) sets no bit. */
static unsigned situation(const struct observed *o, const struct sim_result *r, int stage)
{
    unsigned sit = situation_one_side(&o->opts, r, stage);

    if (o->local == SIM_ACTOR_SERVER && stage == 1) {
        /* the server knows how it came by its key: the what-if it runs */
        sit &= ~(SIT_ONE_SIDE | SIT_BARE_KEY);
        if (o->opts.cert != SIM_CERT_CA)
            sit = (sit & ~SIT_LOADED) | (o->opts.cert == SIM_CERT_SELF_SIGNED ? SIT_NEW_KEY_SELF
                                                                               : SIT_NEW_KEY_CA);
    }
    return sit;
}

unsigned observed_unknown_claims(const struct sim_result *r)
{
    return UNKNOWN_CLAIMS | (r->cert_overridden || r->bare_key ? UNKNOWN_AFTER_OVERRIDE : 0);
}

struct observed *observed_new(const struct sim_options *opts, enum sim_actor local)
{
    struct observed *o = xcalloc(1, sizeof *o);

    o->opts = *opts;
    o->local = local;
    o->result.one_side = true;
    return o;
}

/* Count the events of the stages up to the shown one and work out the
 * result there. */
static void settle(struct observed *o)
{
    o->shown = 0;
    while (o->shown < o->log.count && o->log.events[o->shown].stage <= o->stage)
        o->shown++;
    sim_result_from_log(&o->log, o->local, o->stage, o->has_end ? &o->end : NULL, &o->result);
}

void observed_take(struct observed *o, const struct sim_log *log, int reached,
                   const struct sim_observed_end *end)
{
    if (reached < 0)
        reached = 0;
    if (reached > SIM_STAGE_COUNT)
        reached = SIM_STAGE_COUNT;
    log_free(&o->log);
    /* an end after the stage reached (the rest was never sent) shows there */
    o->has_end = end != NULL;
    if (o->has_end) {
        o->end = *end;
        snprintf(o->reason, sizeof o->reason, "%s", end->reason ? end->reason : "");
        o->end.reason = o->reason;
    }
    for (size_t i = 0; i < log->count; i++) {
        const struct sim_event *ev = &log->events[i];
        if (ev->stage > reached)
            break;
        o->log.stage = ev->stage;
        if (ev->stage < 1 || (ev->kind != SIM_EV_NARRATION && ev->kind != SIM_EV_REAL_TLS)) {
            log_append_copy(&o->log, ev);
            continue;
        }
        struct sim_result r;
        unsigned claims;
        sim_result_from_log(log, o->local, ev->stage, o->has_end ? &o->end : NULL, &r);
        unsigned unknown = observed_unknown_claims(&r);
        if (o->local == SIM_ACTOR_SERVER && ev->stage == 1)
            unknown &= ~(CLAIM_KEY_MADE | CLAIM_KEY_LOADED | CLAIM_CA_ISSUED);
        char *text = stage_text_compose_known(ev->stage, situation(o, &r, ev->stage),
                                              ev->kind == SIM_EV_REAL_TLS, unknown, &claims);
        log_text(&o->log, ev->kind, ev->actor, "%s", text);
        o->log.events[o->log.count - 1].claims = claims;
        free(text);
    }
    o->reached = reached;
    if (o->stage > reached)
        o->stage = reached;
    settle(o);
}

void observed_goto(struct observed *o, int stage)
{
    o->stage = stage < 0 ? 0 : stage > o->reached ? o->reached : stage;
    settle(o);
}

int observed_stage(const struct observed *o)
{
    return o->stage;
}

int observed_reached(const struct observed *o)
{
    return o->reached;
}

enum sim_actor observed_local(const struct observed *o)
{
    return o->local;
}

size_t observed_event_count(const struct observed *o)
{
    return o->shown;
}

const struct sim_event *observed_event(const struct observed *o, size_t i)
{
    return i < o->shown ? &o->log.events[i] : NULL;
}

const struct sim_result *observed_result(const struct observed *o)
{
    return &o->result;
}

bool observed_trusted_ca(const struct observed *o, const uint8_t **der, size_t *len)
{
    for (size_t i = 0; i < o->shown; i++) {
        const struct sim_event *ev = &o->log.events[i];
        if (ev->kind == SIM_EV_KNOWS && ev->actor == o->local && ev->bytes != NULL &&
            strcmp(ev->title, TRUSTED_CA_TITLE) == 0) {
            *der = ev->bytes;
            *len = ev->len;
            return true;
        }
    }
    return false;
}

bool observed_received_certificate(const struct observed *o, const uint8_t **der, size_t *len)
{
    for (size_t i = 0; i < o->shown; i++) {
        const struct sim_event *ev = &o->log.events[i];
        if (ev->kind == SIM_EV_WIRE && ev->peer == o->local && ev->len > 0 &&
            ev->bytes[0] == WIRE_CERTIFICATE)
            return wire_decode_blob(ev->bytes, ev->len, WIRE_CERTIFICATE, 3, der, len) == 0;
    }
    return false;
}

void observed_free(struct observed *o)
{
    if (o == NULL)
        return;
    log_free(&o->log);
    crypt_free(o, sizeof *o);
}
