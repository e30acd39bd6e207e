/*
 * tui_content.h - what each pane says at a stage, read from the engine's
 * events: the actors' actions, checks and knowledge, the wire as an
 * eavesdropper sees it, and the narration.  Builds styled lines; draws
 * nothing and changes nothing.
 */
#ifndef TLSSIM_TUI_CONTENT_H
#define TLSSIM_TUI_CONTENT_H

#include "engine.h"
#include "tui_layout.h"
#include "tui_text.h"

#include <stdbool.h>
#include <stddef.h>

/* The state of the screen that the panes are built from. */
struct tui_view {
    const struct engine *engine;
    const struct tui_theme *theme;
    bool wire_decoded;      /* wire fields as decoded text instead of hex */
    bool full_values;       /* known values in full instead of one line of hex */
    bool ca_pane;           /* the CA has its own pane (else it shares SERVER's) */
};

/* The mode of the handshake, as the header names it. */
#define TUI_MODE_NAME "key transport (RSA-style)"

/* Fill out (already initialised for the pane's inner width) with what pane
 * shows at the engine's current stage. */
void tui_content_pane(struct tui_lines *out, const struct tui_view *v, enum tui_pane pane);

/* Where an actor sits on screen, left to right (client, Eve, server, CA),
 * so that arrows between two actors point the way the message goes. */
int tui_content_actor_column(enum sim_actor a);

/* The number of wire messages of the current stage, and the i-th of them. */
size_t tui_content_message_count(const struct engine *e);
const struct sim_event *tui_content_message(const struct engine *e, size_t i);

#endif
