/*
 * tui_model.h - the runs the TUI shows for one set of options: the
 * handshake itself at the shown stage and, while the server's key leaks,
 * the same handshake in the other mode, run to the end, for the forward
 * secrecy comparison.  Builds and frees engines; no curses, no drawing.
 * A front end that drives the TUI (a demo player, a lesson) builds a model
 * for (options, stage) and hands it to the view.
 */
#ifndef TLSSIM_TUI_MODEL_H
#define TLSSIM_TUI_MODEL_H

#include "engine/engine.h"
#include "engine/options.h"

#include <stdbool.h>
#include <stddef.h>

struct tui_model {
    struct sim_options opts;    /* what the runs were made with */
    struct engine *engine;      /* the run on screen */
    struct engine *other;       /* with leak_key: the other mode at stage 8; else NULL */
};

/* Build m for opts at stage (0..8): 0, or -1 with the engine's reason in
 * err and m left empty.  m must be empty or freed before. */
int tui_model_build(struct tui_model *m, const struct sim_options *opts, int stage, char *err,
                    size_t errlen);

/* Replace m by a model for opts at m's current stage; on failure m is kept
 * as it was and err says why: 0 or -1. */
int tui_model_rebuild(struct tui_model *m, const struct sim_options *opts, char *err,
                      size_t errlen);

/* Free both runs and leave m empty. */
void tui_model_free(struct tui_model *m);

/* Whether stage sends a message of its own on the wire in m's run (one that
 * Mallory could change). */
bool tui_model_stage_sends(const struct tui_model *m, int stage);

#endif
