/*
 * tui_draw.h - puts the TUI on the terminal: one window per region of the
 * layout, each drawn from the view and the engine it reads.  Drawing goes
 * to the windows only (wnoutrefresh); the caller decides when to doupdate,
 * so a keypress repaints only what changed in one go.
 */
#ifndef TLSSIM_TUI_DRAW_H
#define TLSSIM_TUI_DRAW_H

#include "tui/tui_content.h"
#include "tui/tui_curses.h"
#include "tui/tui_keys.h"
#include "tui/tui_theme.h"
#include "tui/tui_layout.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The windows of one layout; all NULL when the terminal is too small. */
struct tui_windows {
    WINDOW *header;
    WINDOW *stage_bar;
    WINDOW *wire_line;
    WINDOW *pane[TUI_PANE_COUNT];
    WINDOW *compare[2];    /* over the narration: the comparison side by side, or NULL */
    WINDOW *result_bar;
    WINDOW *key_help;
    WINDOW *help;          /* the help overlay, shown only while open */
    WINDOW *warning;       /* the certificate warning, shown only while open */
};

/* What to redraw; tui_draw_screen draws only these. */
enum {
    TUI_DIRTY_SCREEN = 1u << 0,     /* the layout changed: clear everything first */
    TUI_DIRTY_HEADER = 1u << 1,     /* header and stage bar */
    TUI_DIRTY_WIRE_LINE = 1u << 2,
    TUI_DIRTY_KEY_HELP = 1u << 3,   /* the key-help line and the result bar */
    TUI_DIRTY_HELP = 1u << 4,
    TUI_DIRTY_PANE0 = 1u << 5,      /* one bit per pane from here */
};
#define TUI_DIRTY_PANE(p) (TUI_DIRTY_PANE0 << (p))
#define TUI_DIRTY_ALL_PANES (TUI_DIRTY_PANE(TUI_PANE_COUNT) - TUI_DIRTY_PANE0)
#define TUI_DIRTY_STAGE \
    (TUI_DIRTY_HEADER | TUI_DIRTY_WIRE_LINE | TUI_DIRTY_ALL_PANES | TUI_DIRTY_KEY_HELP)
#define TUI_DIRTY_ALL (TUI_DIRTY_SCREEN | TUI_DIRTY_STAGE | TUI_DIRTY_HELP)

/* Everything around the view that the screen shows: the keys, the focus,
 * the scroll of each pane, and the help overlay. */
struct tui_chrome {
    const struct tui_key_doc *docs;
    size_t doc_count;
    enum tui_pane focus;
    int *scroll;           /* TUI_PANE_COUNT of them, clamped while drawing */
    bool help_open;
    int *help_scroll;      /* the overlay's first line shown, or NULL for the top */
    const char *help_top;  /* a hint at the top of the help overlay, or NULL */
    int *scroll_max;       /* NULL, or TUI_PANE_COUNT of them: set to each drawn pane's */
    int *scroll_rows;      /* last first line and the lines it shows at once */
};

/* A message on its way along the wire: frame 0..frames of its trip. */
struct tui_travel {
    size_t message;
    int frame;
    int frames;
};

/* Make the windows for layout l (none when it is too small); 0, or -1 when
 * curses cannot make one (the caller dies). */
int tui_windows_create(struct tui_windows *w, const struct tui_layout *l,
                       const struct tui_theme *t);

/* Make w the windows of layout l anew (dying when curses cannot) and tell
 * v whether the CA has its own pane and two runs fit side by side. */
void tui_windows_refit(struct tui_windows *w, const struct tui_layout *l,
                       const struct tui_theme *t, struct tui_view *v);

/* Delete every window; w is left all NULL. */
void tui_windows_destroy(struct tui_windows *w);

/* Draw what dirty names of the screen for view v into w (laid out by l);
 * the caller adds what goes on top and shows it all in one doupdate. */
void tui_draw_screen(struct tui_windows *w, const struct tui_layout *l, const struct tui_view *v,
                     const struct tui_chrome *c, unsigned dirty);

/* "Stage N/8: name", the mode or the what-ifs that are on, and the NOT
 * SECURE badge of a seeded run. */
void tui_draw_header(WINDOW *win, const struct tui_view *v);

/* All eight stages, the current one highlighted. */
void tui_draw_stage_bar(WINDOW *win, const struct tui_view *v);

/* The wire line between the two ends of this stage's messages, with the
 * messages at rest at their receiver, or travel's message on its way. */
void tui_draw_wire_line(WINDOW *win, const struct tui_view *v, const struct tui_travel *travel);

/* A *scroll that asks for the first highlighted line (with one line of
 * context above it), or for the top when nothing is highlighted. */
#define TUI_SCROLL_TO_MARK INT_MIN

/* Draw rows of lines from line first on at (y, x) of win, each span in its
 * role, cut at the width the lines were laid out for. */
void tui_draw_lines(WINDOW *win, const struct tui_theme *t, const struct tui_lines *lines,
                    int y, int x, int rows, size_t first);

/* Draw lines in win's box under title (shortened on a word boundary),
 * from line *scroll on (clamped to the content), with scroll hints in the
 * border ("▼ 3 more", or with pages "more ▼ 2/5") and footer (or NULL) at
 * the bottom left; returns the largest *scroll, the last page's. */
int tui_draw_boxed_lines(WINDOW *win, const struct tui_theme *t, const char *title,
                         bool focused, int *scroll, const struct tui_lines *lines,
                         const char *footer, bool pages);

/* A pane in its box with its title, from line *scroll on; *scroll is
 * clamped to the content, whose largest value is returned. */
int tui_draw_pane(WINDOW *win, const struct tui_view *v, enum tui_pane pane, bool focused,
                   int *scroll);

/* The narration's place: the narration, or while the key leaks at the
 * last stage the forward secrecy comparison (both runs side by side when
 * w has them, else the one v picks). */
int tui_draw_narration(struct tui_windows *w, const struct tui_view *v, bool focused,
                       int *scroll);

/* The result bar: the result, or the what-if keys. */
void tui_draw_result_bar(WINDOW *win, const struct tui_view *v);

/* The browser-like certificate warning with its two choices. */
void tui_draw_warning(WINDOW *win, const struct tui_view *v);

/* The key-help line: v's note when it has one (the answer to the last
 * key), else as many of docs' short items as fit. */
void tui_draw_key_help(WINDOW *win, const struct tui_view *v, const struct tui_key_doc *docs,
                       size_t count);

/* The help overlay: top (a hint, or NULL) and every key of docs, from
 * line *scroll on (clamped), with scroll hints when the window is too
 * short for all of them. */
void tui_draw_help(WINDOW *win, const struct tui_view *v, const char *top,
                   const struct tui_key_doc *docs, size_t count, int *scroll);

/* The whole screen's message when it is smaller than the layout needs. */
void tui_draw_too_small(WINDOW *win, const struct tui_theme *t, int rows, int cols);

#endif
