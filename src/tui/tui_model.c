/*
 * tui_model.c - making the runs the TUI shows.
 */
#include "config.h"

#include "tui/tui_model.h"

#include "course/sim_open.h"

#include <string.h>

int tui_model_build(struct tui_model *m, const struct sim_options *opts, int stage, char *err,
                    size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->opts = *opts;
    if (sim_open_engine(opts, &m->engine, err, errlen) != 0)
        goto fail;
    engine_goto(m->engine, stage);
    if (opts->leak_key && opts->protocol != SIM_PROTOCOL_TLS13) {
        struct sim_options other = *opts;
        other.mode = opts->mode == SIM_MODE_EPHEMERAL ? SIM_MODE_TRANSPORT : SIM_MODE_EPHEMERAL;
        /* A tamper stage that sends nothing in the other mode is left out there. */
        if (sim_open_engine(&other, &m->other, err, errlen) != 0) {
            other.tamper_stage = 0;
            if (sim_open_engine(&other, &m->other, err, errlen) != 0)
                goto fail;
        }
        engine_goto(m->other, SIM_STAGE_COUNT);
    }
    return 0;
fail:
    tui_model_free(m);
    return -1;
}

int tui_model_rebuild(struct tui_model *m, const struct sim_options *opts, char *err,
                      size_t errlen)
{
    struct tui_model fresh;
    int stage = m->engine ? engine_stage(m->engine) : 0;

    if (tui_model_build(&fresh, opts, stage, err, errlen) != 0)
        return -1;
    tui_model_free(m);
    *m = fresh;
    return 0;
}

void tui_model_free(struct tui_model *m)
{
    engine_free(m->engine);
    engine_free(m->other);
    memset(m, 0, sizeof *m);
}

bool tui_model_stage_sends(const struct tui_model *m, int stage)
{
    if (m->engine == NULL || stage < 1 || stage > engine_stage(m->engine))
        return false;
    for (size_t i = 0; i < engine_event_count(m->engine); i++) {
        const struct sim_event *ev = engine_event(m->engine, i);
        if (ev->kind == SIM_EV_WIRE && ev->stage == stage && ev->actor != SIM_ACTOR_EVE)
            return true;
    }
    return false;
}
