/*
 * tui_inspect.h - the certificate overlay of the walkthrough (key i): the
 * certificate that reached the client (at engine_certificate_stage),
 * explained field by field by inspect_certificate, in a scrolling box over
 * the screen, laid out afresh for the screen's width each time it is drawn.
 */
#ifndef TLSSIM_TUI_INSPECT_H
#define TLSSIM_TUI_INSPECT_H

#include "engine/engine.h"
#include "pki/inspect.h"
#include "tui/tui_curses.h"
#include "tui/tui_keys.h"
#include "tui/tui_text.h"
#include "tui/tui_theme.h"

#include <stdbool.h>
#include <stddef.h>

struct tui_inspect {
    bool open;
    int scroll;
    char title[160];
    struct inspect_report report;  /* the explanation, while open */
    WINDOW *win;
};

/* Open the overlay for the certificate the client received in e (at
 * engine_certificate_stage or later); 0, or -1 with a sentence for
 * the key-help line in note when there is none to show. */
int tui_inspect_open(struct tui_inspect *o, const struct engine *e, char *note, size_t notelen);

/* Act on a key (a tui_keys.h code) while the overlay is open: Up/Down
 * (k/j), PgUp/PgDn/Space scroll,
 * Esc and i close; returns true when the overlay closed (the screen under
 * it must be redrawn). */
bool tui_inspect_key(struct tui_inspect *o, int key);

/* Draw the overlay over the screen (wnoutrefresh; the caller updates). */
void tui_inspect_draw(struct tui_inspect *o, const struct tui_theme *t);

/* Close the overlay and free what it holds; closing a closed one is fine. */
void tui_inspect_close(struct tui_inspect *o);

#endif
