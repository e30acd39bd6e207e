/*
 * flow_record.c - the bounded log a dashboard keeps of one connection.
 */
#include "net/flow_record.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "engine/engine.h"

#include <stdlib.h>

struct flow_record *flow_record_new(const struct flow_settings *settings, size_t cap)
{
    struct flow_record *r = xcalloc(1, sizeof *r);

    r->settings = *settings;
    r->cap = cap;
    return r;
}

struct sim_log *flow_record_log(struct flow_record *r, struct sim_log *scratch)
{
    if (r == NULL)
        return scratch;
    if (!r->truncated && log_bytes(&r->log) >= r->cap) {
        r->truncated = true;
        log_text(&r->log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                 "log truncated: this connection's log reached its cap of %zu bytes, so what "
                 "the server did after this is not shown", r->cap);
    }
    if (r->truncated) {
        scratch->stage = r->log.stage;
        return scratch;
    }
    return &r->log;
}

int flow_record_staged(const struct flow_record *r, struct sim_log *out)
{
    int reached = 0;

    for (size_t i = 0; i < r->log.count; i++)
        if (r->log.events[i].stage > reached)
            reached = r->log.events[i].stage;
    if (reached > SIM_STAGE_COUNT)
        reached = SIM_STAGE_COUNT;
    for (int stage = 1; stage <= reached; stage++) {
        out->stage = stage;
        log_text(out, SIM_EV_NARRATION, SIM_ACTOR_SERVER, "%s", "");
        for (size_t i = 0; i < r->log.count; i++)
            if (r->log.events[i].stage == stage)
                log_append_copy(out, &r->log.events[i]);
        out->stage = stage;
        log_text(out, SIM_EV_REAL_TLS, SIM_ACTOR_SERVER, "%s", "");
    }
    return reached;
}

size_t flow_record_bytes(const struct flow_record *r)
{
    return r == NULL ? 0 : sizeof *r + log_bytes(&r->log);
}

void flow_record_free(struct flow_record *r)
{
    if (r == NULL)
        return;
    log_free(&r->log);
    crypt_free(r, sizeof *r);
}
