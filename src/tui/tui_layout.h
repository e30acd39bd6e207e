/*
 * tui_layout.h - where everything goes on a terminal of a given size.
 *
 * A pure function from (rows, cols) to rectangles: no curses, no state, so
 * it reads (and can be checked) on its own.  The screen, top to bottom:
 * header, stage bar, the wire line the messages travel along, the actor
 * panes side by side (CLIENT, WIRE, SERVER, and CA when there is room),
 * the narration, the result bar and the key-help line.  From
 * TUI_COMPARE_MIN_COLS the narration's place can also hold two boxes side
 * by side, for comparing two runs.
 */
#ifndef TLSSIM_TUI_LAYOUT_H
#define TLSSIM_TUI_LAYOUT_H

#include <stdbool.h>

#define TUI_MIN_ROWS 20
#define TUI_MIN_COLS 72
#define TUI_CA_PANE_MIN_COLS 132   /* from this width the CA gets its own pane */
#define TUI_COMPARE_MIN_COLS 160   /* from this width two runs are compared side by side */

enum tui_pane {
    TUI_PANE_CLIENT,
    TUI_PANE_WIRE,
    TUI_PANE_SERVER,
    TUI_PANE_CA,          /* empty (w == 0) when the CA shares the SERVER pane */
    TUI_PANE_NARRATION,
    TUI_PANE_COUNT
};

struct tui_rect {
    int y, x, h, w;
};

struct tui_layout {
    int rows, cols;
    bool too_small;       /* below TUI_MIN_ROWS x TUI_MIN_COLS: nothing else is set */
    struct tui_rect header;
    struct tui_rect stage_bar;
    struct tui_rect wire_line;
    struct tui_rect pane[TUI_PANE_COUNT];
    struct tui_rect compare[2];  /* the narration's place in two halves, or w == 0 */
    struct tui_rect result_bar;  /* one line: a note, the what-if keys, or the result */
    struct tui_rect key_help;    /* one line; three in the player's layout (captions, strip) */
};

/* Compute the layout of a rows x cols terminal into out. */
void tui_layout_compute(int rows, int cols, struct tui_layout *out);

/* The same for a lesson, whose text needs a taller narration pane: about
 * half of the space the panes share, three fifths on a small screen.  The
 * actor panes shrink to pane_lines (the most any of them shows) and fold
 * away at 0; -1 keeps their share. */
void tui_layout_compute_lesson(int rows, int cols, int pane_lines, struct tui_layout *out);

/* The same for the demo player, whose foot has room for a caption of two
 * lines under the result (and three while no result shows) and a strip of
 * the script's markers and progress. */
void tui_layout_compute_player(int rows, int cols, struct tui_layout *out);

/* Whether the layout gives the CA a pane of its own. */
bool tui_layout_has_ca_pane(const struct tui_layout *l);

/* Whether the layout has room to compare two runs side by side. */
bool tui_layout_can_compare(const struct tui_layout *l);

#endif
