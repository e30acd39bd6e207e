/*
 * tui_curses.h - the one place the TUI includes curses, with the feature
 * macros the wide-character (ncursesw) interface needs.
 */
#ifndef TLSSIM_TUI_CURSES_H
#define TLSSIM_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <curses.h>

#endif
