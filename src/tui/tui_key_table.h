/*
 * tui_key_table.h - the shape of a key table: entries of {keys, action,
 * help}, each for the places (modes) of its mask, and the lookups that read
 * any such table.  The walkthrough's keys (tui_keys.c) and the dashboard's
 * (tui_serve_keys.c) are two tables of this shape, each with its own
 * actions and places.  No curses here.
 */
#ifndef TLSSIM_TUI_KEY_TABLE_H
#define TLSSIM_TUI_KEY_TABLE_H

#include "tui/tui_glyphs.h"

#include <stdbool.h>
#include <stddef.h>

#define TUI_KEY_ENTRY_KEYS 14

/* Short key names that stand for a glyph of the theme: the arrows. */
#define TUI_KEY_GLYPH_RIGHT "\x01r"
#define TUI_KEY_GLYPH_LEFT "\x01l"
#define TUI_KEY_GLYPH_UPDOWN "\x01u"

/* One entry: the keys that do action where its mask says, and how the help
 * lists them.  An action may have an entry per place when its words differ. */
struct tui_key_entry {
    int action;                    /* one of the table's own actions; 0: none */
    unsigned where;                /* a mask of the table's places */
    int keys[TUI_KEY_ENTRY_KEYS];  /* 0-ended */
    const char *names;             /* the overlay's key column, or NULL: not listed */
    const char *help;
    const char *short_key;         /* the key-help line (a TUI_KEY_GLYPH_* or the text),
                                    * or NULL: not there */
    const char *short_help;
};

/* One row of the help overlay, and one item of the key-help line. */
struct tui_key_doc {
    const char *keys;      /* in the overlay: "Right Space l Enter PgDn" */
    const char *what;
    const char *short_key; /* in the help line, or NULL to leave it out */
    const char *short_what;
};

/* A table in the order its overlay and key-help line list it, and which of
 * its entries work (their keys do their action) and are listed at a place. */
struct tui_key_table {
    const struct tui_key_entry *entries;
    size_t count;
    bool (*works)(const struct tui_key_entry *e, unsigned where);
    bool (*listed)(const struct tui_key_entry *e, unsigned where);
};

/* The action of the first entry of t that works at where and holds key, or 0. */
int tui_key_table_action(const struct tui_key_table *t, unsigned where, int key);

/* Fill docs (room for max) with the listed entries of t at where, in table
 * order, the arrows in the glyphs g; returns how many. */
size_t tui_key_table_docs(const struct tui_key_table *t, unsigned where,
                          const struct tui_glyphs *g, struct tui_key_doc *docs, size_t max);

#endif
