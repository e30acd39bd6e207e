/*
 * tui_serve_keys.c - the dashboard's key table.
 */
#include "tui/tui_serve_keys.h"

#include <stdbool.h>

#define R SERVE_AT_ROSTER
#define P SERVE_AT_PANES
#define KEYS_MAX 10

/* Names in the help line that are arrows: replaced by the theme's glyphs. */
enum short_glyph { PLAIN, UPDOWN, RIGHT, LEFT };

struct serve_key {
    enum serve_action action;
    unsigned places;
    int keys[KEYS_MAX];         /* 0-ended */
    const char *names;          /* the overlay's key column, or NULL: not listed */
    const char *help;
    enum short_glyph glyph;     /* the help line's key name: a glyph, or ... */
    const char *short_key;      /* ... this text; NULL: not in the help line */
    const char *short_help;
};

/* In the order the overlay and the help line list them. */
static const struct serve_key table[] = {
    {SERVE_ACT_UP, R, {TUI_K_UP, 'k'}, "Up Down  k j", "select a row (it is highlighted)",
     UPDOWN, "", "select"},
    {SERVE_ACT_DOWN, R, {TUI_K_DOWN, 'j'}, NULL, NULL, PLAIN, NULL, NULL},
    {SERVE_ACT_OPEN, R, {'\n', '\r', TUI_K_RIGHT}, "Enter Right",
     "the server's panes of the selected connection", PLAIN, "Enter", "server view"},
    {SERVE_ACT_ROSTER, P, {TUI_K_ESC, TUI_K_LEFT}, "Esc Left", "back to the roster", PLAIN,
     "Esc", "roster"},
    {SERVE_ACT_NEXT, P, {' ', 'l', TUI_K_PGDN}, "Space l PgDn",
     "next stage (as far as the student has gone)", PLAIN, "Space", "next"},
    {SERVE_ACT_BACK, P, {'h', TUI_K_DEL, TUI_K_CTRL_H, TUI_K_PGUP}, "h Backspace PgUp",
     "previous stage", PLAIN, "h", "back"},
    {SERVE_ACT_STAGE, P, {'1', '2', '3', '4', '5', '6', '7', '8'}, "1 2 3 4 5 6 7 8",
     "jump to that stage, once the student reached it", PLAIN, "1-8", "stage"},
    {SERVE_ACT_FIRST, P, {TUI_K_HOME, 'g'}, "Home g / End G",
     "first stage / the last reached, then following the student",
     PLAIN, NULL, NULL},
    {SERVE_ACT_LAST, P, {TUI_K_END, 'G'}, NULL, NULL, PLAIN, NULL, NULL},
    {SERVE_ACT_FOCUS_NEXT, P, {TUI_K_TAB}, "Tab  Shift-Tab", "focus the next / previous pane",
     PLAIN, "Tab", "pane"},
    {SERVE_ACT_FOCUS_PREV, P, {TUI_K_BTAB}, NULL, NULL, PLAIN, NULL, NULL},
    {SERVE_ACT_SCROLL_UP, P, {TUI_K_UP, 'k'}, "Up Down  k j", "scroll the focused pane a line",
     UPDOWN, "", "scroll"},
    {SERVE_ACT_SCROLL_DOWN, P, {TUI_K_DOWN, 'j'}, NULL, NULL, PLAIN, NULL, NULL},
    {SERVE_ACT_TOGGLE_WIRE, P, {'x'}, "x", "wire fields as hex or decoded", PLAIN, "x",
     "hex/decoded"},
    {SERVE_ACT_TOGGLE_VALUES, P, {'v'}, "v", "long values: shortened or in full", PLAIN, NULL,
     NULL},
    {SERVE_ACT_CERT, R | P, {'c', 'C'}, "c",
     "the certificate new connections get: the next kind", PLAIN, "c", "certificate"},
    {SERVE_ACT_MODE, R | P, {'m', 'M'}, "m", "key transport / ephemeral for new connections",
     PLAIN, "m", "mode"},
    {SERVE_ACT_FINISHED, R | P, {'f', 'F'}, "f", "Finished messages on or off for new "
     "connections", PLAIN, "f", "Finished"},
    {SERVE_ACT_HELP, R | P, {'?'}, "?", "this help", PLAIN, "?", "help"},
    {SERVE_ACT_CLOSE, 0, {TUI_K_ESC}, "Esc", "close this help", PLAIN, NULL, NULL},
    {SERVE_ACT_QUIT, R | P, {'q', 'Q', TUI_K_CTRL_C}, "q  Ctrl-C",
     "stop the server; open connections are told why", PLAIN, "q", "quit"},
    {SERVE_ACT_RESIZE, R | P, {TUI_K_RESIZE}, NULL, NULL, PLAIN, NULL, NULL},
};

#define TABLE_SIZE (sizeof table / sizeof table[0])

enum serve_action tui_serve_keys_action(unsigned place, int key)
{
    for (size_t i = 0; i < TABLE_SIZE; i++) {
        if (!(table[i].places & place))
            continue;
        for (size_t k = 0; k < KEYS_MAX && table[i].keys[k] != 0; k++)
            if (table[i].keys[k] == key)
                return table[i].action;
    }
    return SERVE_ACT_NONE;
}

size_t tui_serve_keys_docs(unsigned place, const struct tui_glyphs *g, struct tui_key_doc *docs,
                           size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < TABLE_SIZE && n < max; i++) {
        const struct serve_key *e = &table[i];
        bool closes_help = e->action == SERVE_ACT_CLOSE;
        if (e->names == NULL || (!(e->places & place) && !closes_help))
            continue;
        const char *short_key = e->glyph == UPDOWN ? g->key_updown
                                : e->glyph == RIGHT ? g->key_right
                                : e->glyph == LEFT ? g->key_left : e->short_key;
        docs[n++] = (struct tui_key_doc){e->names, e->help,
                                         e->short_key != NULL ? short_key : NULL, e->short_help};
    }
    return n;
}
