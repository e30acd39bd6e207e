/*
 * tui_serve_keys.h - every key of the teacher's dashboard, in one key table
 * (tui_key_table.h): on the roster, and on the server's panes of one
 * connection.  The key-help line and the help overlay are drawn from it,
 * so a key that works is a key that is listed.  No curses here.
 */
#ifndef TLSSIM_TUI_SERVE_KEYS_H
#define TLSSIM_TUI_SERVE_KEYS_H

#include "tui/tui_glyphs.h"
#include "tui/tui_keys.h"

#include <stddef.h>

/* Where the dashboard is; a key works in the places of its mask. */
enum {
    SERVE_AT_ROSTER = 1u << 0,      /* the rows of every connection */
    SERVE_AT_PANES = 1u << 1,       /* the server's panes of the selected one */
};

enum serve_action {
    SERVE_ACT_NONE,
    SERVE_ACT_UP,           /* the roster: the row above */
    SERVE_ACT_DOWN,
    SERVE_ACT_OPEN,         /* the selected row's panes */
    SERVE_ACT_ROSTER,       /* back to the roster */
    SERVE_ACT_NEXT,         /* the panes: the next stage reached */
    SERVE_ACT_BACK,
    SERVE_ACT_FIRST,
    SERVE_ACT_LAST,         /* the last stage reached, following the student again */
    SERVE_ACT_STAGE,        /* a digit: that stage, if reached */
    SERVE_ACT_FOCUS_NEXT,
    SERVE_ACT_FOCUS_PREV,
    SERVE_ACT_SCROLL_UP,
    SERVE_ACT_SCROLL_DOWN,
    SERVE_ACT_TOGGLE_WIRE,
    SERVE_ACT_TOGGLE_VALUES,
    SERVE_ACT_CERT,         /* the what-ifs of new connections */
    SERVE_ACT_MODE,
    SERVE_ACT_FINISHED,
    SERVE_ACT_HELP,
    SERVE_ACT_CLOSE,        /* Esc with the help open */
    SERVE_ACT_QUIT,
    SERVE_ACT_RESIZE,
};

/* The dashboard's keys, for tui_key_table_action() and _docs(): their
 * actions are enum serve_action, their places SERVE_AT_*; Esc is listed on
 * the roster too, where it only closes the help. */
extern const struct tui_key_table tui_serve_key_table;

#endif
