/*
 * tui_key_table.c - the lookups that read any key table.
 */
#include "config.h"

#include "tui/tui_key_table.h"

/* Whether entry e holds key. */
static bool entry_has(const struct tui_key_entry *e, int key)
{
    for (size_t k = 0; k < TUI_KEY_ENTRY_KEYS && e->keys[k] != 0; k++)
        if (e->keys[k] == key)
            return true;
    return false;
}

int tui_key_table_action(const struct tui_key_table *t, unsigned where, int key)
{
    for (size_t i = 0; i < t->count; i++)
        if (t->works(&t->entries[i], where) && entry_has(&t->entries[i], key))
            return t->entries[i].action;
    return 0;
}

/* A short key name with its glyph put in. */
static const char *glyph_name(const char *name, const struct tui_glyphs *g)
{
    if (name == NULL || name[0] != '\x01')
        return name;
    return name[1] == 'r' ? g->key_right : name[1] == 'l' ? g->key_left : g->key_updown;
}

size_t tui_key_table_docs(const struct tui_key_table *t, unsigned where,
                          const struct tui_glyphs *g, struct tui_key_doc *docs, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < t->count && n < max; i++) {
        const struct tui_key_entry *e = &t->entries[i];
        if (e->names == NULL || !t->listed(e, where))
            continue;
        docs[n++] = (struct tui_key_doc){e->names, e->help, glyph_name(e->short_key, g),
                                         e->short_help};
    }
    return n;
}
