/*
 * view.h - the interface of a transcript view: a run written out piece by
 * piece as it happens.
 *
 * view_plain (text for people) and view_json (JSON Lines for tools)
 * implement it; walk and play drive it without knowing which one they hold.
 * A view only reads the engine it is given.
 */
#ifndef TLSSIM_VIEW_H
#define TLSSIM_VIEW_H

#include "engine/engine.h"

#include <stdio.h>

struct view_ops {
    /* A run has begun: what is simulated, with which options. */
    void (*header)(FILE *out, const struct engine *e);
    /* Stage 'stage' has just run: everything that happened in it. */
    void (*stage)(FILE *out, const struct engine *e, int stage);
    /* The engine went back to stage 'stage' (0: before the first). */
    void (*back)(FILE *out, const struct engine *e, int stage);
    /* A line of commentary from a demo script. */
    void (*caption)(FILE *out, const struct engine *e, const char *text);
    /* A demo script passed its marker 'name'; NULL: the view leaves markers out. */
    void (*mark)(FILE *out, const struct engine *e, const char *name);
    /* The run is over: its outcome. */
    void (*result)(FILE *out, const struct engine *e);
};

#endif
