/*
 * tui_draw.h - puts the TUI on the terminal: one window per region of the
 * layout, each drawn from the view and the engine it reads.  Drawing goes
 * to the windows only (wnoutrefresh); the caller decides when to doupdate,
 * so a keypress repaints only what changed in one go.
 */
#ifndef TLSSIM_TUI_DRAW_H
#define TLSSIM_TUI_DRAW_H

#include "tui_content.h"
#include "tui_curses.h"
#include "tui_layout.h"

#include <stdbool.h>
#include <stddef.h>

/* The windows of one layout; all NULL when the terminal is too small. */
struct tui_windows {
    WINDOW *header;
    WINDOW *stage_bar;
    WINDOW *wire_line;
    WINDOW *pane[TUI_PANE_COUNT];
    WINDOW *key_help;
    WINDOW *help;          /* the help overlay, shown only while open */
};

/* A message on its way along the wire: frame 0..frames of its trip. */
struct tui_travel {
    size_t message;
    int frame;
    int frames;
};

/* One row of the help overlay, and one item of the key-help line. */
struct tui_key_doc {
    const char *keys;      /* in the overlay: "Right Space l Enter PgDn" */
    const char *what;
    const char *short_key; /* in the help line, or NULL to leave it out */
    const char *short_what;
};

/* Make the windows for layout l (none when it is too small); 0, or -1 when
 * curses cannot make one (the caller dies). */
int tui_windows_create(struct tui_windows *w, const struct tui_layout *l,
                       const struct tui_theme *t);

/* Delete every window; w is left all NULL. */
void tui_windows_destroy(struct tui_windows *w);

/* "Stage N/8: name", the mode, and the NOT SECURE badge of a seeded run. */
void tui_draw_header(WINDOW *win, const struct tui_view *v);

/* All eight stages, the current one highlighted. */
void tui_draw_stage_bar(WINDOW *win, const struct tui_view *v);

/* The wire line between the two ends of this stage's messages, with the
 * messages at rest at their receiver, or travel's message on its way. */
void tui_draw_wire_line(WINDOW *win, const struct tui_view *v, const struct tui_travel *travel);

/* A pane in its box with its title, from line *scroll on; *scroll is
 * clamped to the content. */
void tui_draw_pane(WINDOW *win, const struct tui_view *v, enum tui_pane pane, bool focused,
                   int *scroll);

/* The key-help line: as many of docs' short items as fit. */
void tui_draw_key_help(WINDOW *win, const struct tui_view *v, const struct tui_key_doc *docs,
                       size_t count);

/* The help overlay listing every key. */
void tui_draw_help(WINDOW *win, const struct tui_view *v, const struct tui_key_doc *docs,
                   size_t count);

/* The whole screen's message when it is smaller than the layout needs. */
void tui_draw_too_small(WINDOW *win, const struct tui_theme *t, int rows, int cols);

#endif
