/*
 * tui_theme.c - colours, monochrome fallbacks and box glyphs.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui_theme.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct tui_glyphs utf8_glyphs = {
    .horizontal = "\u2500", .vertical = "\u2502",
    .top_left = "\u250c", .top_right = "\u2510",
    .bottom_left = "\u2514", .bottom_right = "\u2518",
    .ellipsis = "\u2026",
    .arrow_right = "\u25b6", .arrow_left = "\u25c0",
    .dash = "\u2014",
    .bullet = "\u2022",
    .pass = "\u2714", .fail = "\u2718",
    .new_mark = "\u2605",
    .more_up = "\u25b2", .more_down = "\u25bc",
    .key_right = "\u2192", .key_left = "\u2190", .key_updown = "\u2191\u2193",
};

static const struct tui_glyphs ascii_glyphs = {
    .horizontal = "-", .vertical = "|",
    .top_left = "+", .top_right = "+",
    .bottom_left = "+", .bottom_right = "+",
    .ellipsis = "~",
    .arrow_right = ">", .arrow_left = "<",
    .dash = "-",
    .bullet = "*",
    .pass = "+", .fail = "x",
    .new_mark = "*",
    .more_up = "^", .more_down = "v",
    .key_right = "Right", .key_left = "Left", .key_updown = "Up/Dn",
};

bool tui_locale_is_utf8(void)
{
    const char *codeset = nl_langinfo(CODESET);

    return codeset != NULL &&
           (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "UTF8") == 0);
}

/* Whether the user asked for no colour (https://no-color.org: set and non-empty). */
static bool no_color_requested(void)
{
    const char *v = getenv("NO_COLOR");

    return v != NULL && v[0] != '\0';
}

/* The attributes of every role without colour: bold, underline, reverse. */
static void setup_monochrome(struct tui_theme *t, bool contrast)
{
    chtype base = contrast ? A_BOLD : A_NORMAL;

    for (int r = 0; r < TUI_ROLE_COUNT; r++)
        t->attr[r] = base;
    t->attr[TUI_ROLE_HEADING] = A_BOLD | A_UNDERLINE;
    t->attr[TUI_ROLE_BORDER_FOCUS] = A_BOLD;
    t->attr[TUI_ROLE_TITLE] = A_BOLD;
    t->attr[TUI_ROLE_STAGE_CURRENT] = A_REVERSE | A_BOLD;
    t->attr[TUI_ROLE_BADGE] = A_REVERSE | A_BOLD;
    t->attr[TUI_ROLE_SECRET] = base | A_UNDERLINE;
    t->attr[TUI_ROLE_NEW] = A_BOLD;
    t->attr[TUI_ROLE_NEW_MARK] = A_REVERSE | A_BOLD;
    t->attr[TUI_ROLE_PASS] = A_BOLD;
    t->attr[TUI_ROLE_FAIL] = A_REVERSE | A_BOLD;
    t->attr[TUI_ROLE_TOKEN] = A_REVERSE | A_BOLD;
    t->attr[TUI_ROLE_KEY] = A_BOLD;
    t->attr[TUI_ROLE_HIGHLIGHT] = A_REVERSE | A_BOLD;
}

/* A role's colour in one theme: fg on bg (bg -1: the theme's background)
 * with extra attributes; fg NO_PAIR: the role keeps its monochrome look. */
struct colour {
    short fg, bg;
    chtype extra;
};

enum { NO_PAIR = -2 };

/* Each role's colour in the default theme, then in the high-contrast one
 * (the order of enum tui_theme_id). */
static const struct colour role_colours[TUI_ROLE_COUNT][2] = {
    [TUI_ROLE_NORMAL] = {{NO_PAIR}, {COLOR_WHITE, -1, A_BOLD}},
    [TUI_ROLE_HEADING] = {{NO_PAIR}, {COLOR_WHITE, -1, A_BOLD | A_UNDERLINE}},
    [TUI_ROLE_DIM] = {{NO_PAIR}, {COLOR_WHITE, -1, A_NORMAL}},
    [TUI_ROLE_BORDER] = {{COLOR_BLUE, -1, A_NORMAL}, {COLOR_WHITE, -1, A_BOLD}},
    [TUI_ROLE_BORDER_FOCUS] = {{COLOR_YELLOW, -1, A_BOLD}, {COLOR_YELLOW, -1, A_BOLD}},
    [TUI_ROLE_TITLE] = {{COLOR_CYAN, -1, A_BOLD}, {COLOR_YELLOW, -1, A_BOLD}},
    [TUI_ROLE_STAGE] = {{NO_PAIR}, {COLOR_WHITE, -1, A_BOLD}},
    [TUI_ROLE_STAGE_CURRENT] = {{COLOR_BLACK, COLOR_CYAN, A_BOLD},
                                {COLOR_BLACK, COLOR_YELLOW, A_BOLD}},
    [TUI_ROLE_BADGE] = {{COLOR_WHITE, COLOR_RED, A_BOLD}, {COLOR_WHITE, COLOR_RED, A_BOLD}},
    [TUI_ROLE_SECRET] = {{COLOR_RED, -1, A_NORMAL}, {COLOR_YELLOW, -1, A_BOLD}},
    [TUI_ROLE_NEW] = {{NO_PAIR}, {COLOR_WHITE, -1, A_BOLD}},
    [TUI_ROLE_NEW_MARK] = {{COLOR_BLACK, COLOR_YELLOW, A_BOLD},
                           {COLOR_BLACK, COLOR_WHITE, A_BOLD}},
    [TUI_ROLE_PASS] = {{COLOR_GREEN, -1, A_BOLD}, {COLOR_GREEN, -1, A_BOLD}},
    [TUI_ROLE_FAIL] = {{COLOR_RED, -1, A_BOLD}, {COLOR_RED, -1, A_BOLD}},
    [TUI_ROLE_HEX] = {{COLOR_CYAN, -1, A_NORMAL}, {COLOR_CYAN, -1, A_BOLD}},
    [TUI_ROLE_LABEL] = {{COLOR_MAGENTA, -1, A_NORMAL}, {COLOR_MAGENTA, -1, A_BOLD}},
    [TUI_ROLE_TOKEN] = {{COLOR_BLACK, COLOR_YELLOW, A_BOLD}, {COLOR_BLACK, COLOR_YELLOW, A_BOLD}},
    [TUI_ROLE_KEY] = {{COLOR_CYAN, -1, A_BOLD}, {COLOR_YELLOW, -1, A_BOLD}},
    [TUI_ROLE_HIGHLIGHT] = {{COLOR_BLACK, COLOR_GREEN, A_BOLD},
                            {COLOR_BLACK, COLOR_GREEN, A_BOLD}},
};

/* Give every role that has a colour in theme id its own colour pair, in
 * role order, over the monochrome defaults. */
static void setup_colours(struct tui_theme *t, enum tui_theme_id id, short background)
{
    short pair = 0;

    for (int r = 0; r < TUI_ROLE_COUNT; r++) {
        const struct colour *c = &role_colours[r][id];
        if (c->fg == NO_PAIR)
            continue;
        if (++pair >= COLOR_PAIRS)
            break;
        init_pair(pair, c->fg, c->bg < 0 ? background : c->bg);
        t->attr[r] = (chtype)COLOR_PAIR(pair) | c->extra;
    }
}

void tui_theme_setup(struct tui_theme *t, enum tui_theme_id id, bool force_ascii)
{
    bool contrast = id == TUI_THEME_CONTRAST;

    memset(t, 0, sizeof *t);
    t->ascii = force_ascii || !tui_locale_is_utf8();
    t->glyphs = t->ascii ? &ascii_glyphs : &utf8_glyphs;
    setup_monochrome(t, contrast);
    if (no_color_requested() || !has_colors() || start_color() == ERR)
        return;
    t->color = true;
    short background = COLOR_BLACK;
    if (!contrast && use_default_colors() == OK)
        background = -1;
    setup_colours(t, id, background);
}
