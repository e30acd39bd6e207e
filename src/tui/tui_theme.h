/*
 * tui_theme.h - how the TUI looks: the attribute of every role on screen
 * (colours, or bold/underline/reverse on a monochrome terminal or under
 * NO_COLOR) and the glyphs of boxes and markers (UTF-8, or plain ASCII when
 * the locale is not UTF-8 or --ascii asks for it).
 */
#ifndef TLSSIM_TUI_THEME_H
#define TLSSIM_TUI_THEME_H

#include "tui/tui_curses.h"
#include "tui/tui_glyphs.h"

#include <stdbool.h>

struct tui_theme {
    chtype attr[TUI_ROLE_COUNT];
    const struct tui_glyphs *glyphs;
    bool ascii;
    bool color;
};

/* Whether the current locale's character set is UTF-8. */
bool tui_locale_is_utf8(void);

/* Fill t for the running screen (after newterm): colours unless NO_COLOR is
 * set or the terminal has none, ASCII glyphs when force_ascii or the locale
 * is not UTF-8. */
void tui_theme_setup(struct tui_theme *t, enum tui_theme_id id, bool force_ascii);

#endif
