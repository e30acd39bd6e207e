/*
 * tui_serve_keys.c - the dashboard's key table.
 */
#include "tui/tui_serve_keys.h"

#include <stdbool.h>

#define R SERVE_AT_ROSTER
#define P SERVE_AT_PANES

/* In the order the overlay and the help line list them; the places are
 * SERVE_AT_*, the actions enum serve_action. */
static const struct tui_key_entry table[] = {
    {SERVE_ACT_UP, R, {TUI_K_UP, 'k'}, "Up Down  k j", "select a row (it is highlighted)",
     TUI_KEY_GLYPH_UPDOWN, "select"},
    {SERVE_ACT_DOWN, R, {TUI_K_DOWN, 'j'}, NULL, NULL, NULL, NULL},
    {SERVE_ACT_OPEN, R, {'\n', '\r', TUI_K_RIGHT}, "Enter Right",
     "the server's panes of the selected connection", "Enter", "server view"},
    {SERVE_ACT_ROSTER, P, {TUI_K_ESC, TUI_K_LEFT}, "Esc Left", "back to the roster", "Esc",
     "roster"},
    {SERVE_ACT_NEXT, P, {' ', 'l', TUI_K_PGDN}, "Space l PgDn",
     "next stage (as far as the student has gone)", "Space", "next"},
    {SERVE_ACT_BACK, P, {'h', TUI_K_DEL, TUI_K_CTRL_H, TUI_K_PGUP}, "h Backspace PgUp",
     "previous stage", "h", "back"},
    {SERVE_ACT_STAGE, P, {'1', '2', '3', '4', '5', '6', '7', '8'}, "1 2 3 4 5 6 7 8",
     "jump to that stage, once the student reached it", "1-8", "stage"},
    {SERVE_ACT_FIRST, P, {TUI_K_HOME, 'g'}, "Home g / End G",
     "first stage / the last reached, then following the student", NULL, NULL},
    {SERVE_ACT_LAST, P, {TUI_K_END, 'G'}, NULL, NULL, NULL, NULL},
    {SERVE_ACT_FOCUS_NEXT, P, {TUI_K_TAB}, "Tab  Shift-Tab", "focus the next / previous pane",
     "Tab", "pane"},
    {SERVE_ACT_FOCUS_PREV, P, {TUI_K_BTAB}, NULL, NULL, NULL, NULL},
    {SERVE_ACT_SCROLL_UP, P, {TUI_K_UP, 'k'}, "Up Down  k j", "scroll the focused pane a line",
     TUI_KEY_GLYPH_UPDOWN, "scroll"},
    {SERVE_ACT_SCROLL_DOWN, P, {TUI_K_DOWN, 'j'}, NULL, NULL, NULL, NULL},
    {SERVE_ACT_TOGGLE_WIRE, P, {'x'}, "x", "wire fields as hex or decoded", "x",
     "hex/decoded"},
    {SERVE_ACT_TOGGLE_VALUES, P, {'v'}, "v", "long values: shortened or in full", NULL, NULL},
    {SERVE_ACT_CERT, R | P, {'c', 'C'}, "c",
     "the certificate new connections get: the next kind", "c", "certificate"},
    {SERVE_ACT_MODE, R | P, {'m', 'M'}, "m", "key transport / ephemeral for new connections",
     "m", "mode"},
    {SERVE_ACT_FINISHED, R | P, {'f', 'F'}, "f", "Finished messages on or off for new "
     "connections", "f", "Finished"},
    {SERVE_ACT_HELP, R | P, {'?'}, "?", "this help", "?", "help"},
    {SERVE_ACT_CLOSE, 0, {TUI_K_ESC}, "Esc", "close this help", NULL, NULL},
    {SERVE_ACT_QUIT, R | P, {'q', 'Q', TUI_K_CTRL_C}, "q  Ctrl-C",
     "stop the server; open connections are told why", "q", "quit"},
    {SERVE_ACT_RESIZE, R | P, {TUI_K_RESIZE}, NULL, NULL, NULL, NULL},
};

/* Whether entry e works at place. */
static bool works_at(const struct tui_key_entry *e, unsigned place)
{
    return (e->where & place) != 0;
}

/* Whether entry e is listed in the help at place: Esc, which closes the
 * help, in every place. */
static bool listed_at(const struct tui_key_entry *e, unsigned place)
{
    return works_at(e, place) || e->action == SERVE_ACT_CLOSE;
}

const struct tui_key_table tui_serve_key_table = {
    table, sizeof table / sizeof table[0], works_at, listed_at,
};
