/*
 * tui_glyphs.h - what the curses-free half of the TUI needs to know of the
 * look: the theme's name, the role of each piece of text (the theme maps roles to attributes)
 * and the glyphs of boxes and markers.  No curses header here, so content
 * and layout code builds and tests without a terminal.
 */
#ifndef TLSSIM_TUI_GLYPHS_H
#define TLSSIM_TUI_GLYPHS_H

enum tui_theme_id {
    TUI_THEME_DEFAULT,
    TUI_THEME_CONTRAST,   /* bold, bright colours on black, for projectors */
};

/* What a piece of text is; the theme decides how it looks. */
enum tui_role {
    TUI_ROLE_NORMAL,
    TUI_ROLE_HEADING,       /* a section heading inside a pane */
    TUI_ROLE_DIM,           /* explanations, earlier messages */
    TUI_ROLE_BORDER,
    TUI_ROLE_BORDER_FOCUS,  /* the border of the pane the arrows scroll */
    TUI_ROLE_TITLE,         /* a pane's title in its border */
    TUI_ROLE_STAGE,         /* a stage in the stage bar */
    TUI_ROLE_STAGE_CURRENT,
    TUI_ROLE_BADGE,         /* NOT SECURE */
    TUI_ROLE_SECRET,
    TUI_ROLE_NEW,           /* a value or message new at this stage */
    TUI_ROLE_NEW_MARK,      /* the marker in front of it */
    TUI_ROLE_PASS,
    TUI_ROLE_FAIL,
    TUI_ROLE_HEX,
    TUI_ROLE_LABEL,         /* a field label of a wire message */
    TUI_ROLE_TOKEN,         /* the message travelling along the wire */
    TUI_ROLE_KEY,           /* a key name in the help line and overlay */
    TUI_ROLE_HIGHLIGHT,     /* what a lesson points at */
    TUI_ROLE_COUNT
};

/* Box lines and markers, each a string one column wide (except where noted). */
struct tui_glyphs {
    const char *horizontal, *vertical;
    const char *top_left, *top_right, *bottom_left, *bottom_right;
    const char *ellipsis;
    const char *arrow_right, *arrow_left;  /* direction of a message */
    const char *dash;                      /* in titles: "WIRE - what Eve sees" */
    const char *bullet;
    const char *pass, *fail;
    const char *new_mark;
    const char *more_up, *more_down;       /* scroll hints */
    const char *key_right, *key_left, *key_updown;  /* key names, 1-2 columns */
};

#endif
