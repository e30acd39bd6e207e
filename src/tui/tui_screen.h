/*
 * tui_screen.h - the terminal while a full-screen view owns it: curses
 * mode on, SIGINT, SIGTERM and SIGHUP noted for the loop to act on, and
 * the terminal given back on every way out (a normal end, a signal, a
 * fatal error).  The walkthrough, the tutorial and the demo player share it.
 */
#ifndef TLSSIM_TUI_SCREEN_H
#define TLSSIM_TUI_SCREEN_H

#include "tui/tui_curses.h"
#include "tui/tui_keys.h"

#include <stdio.h>

/* Take the terminal: curses on standard output with raw keys, no echo and
 * no cursor, and the three signals caught.  NULL, with a line on stderr
 * that names TERM and ends with hint, when the terminal cannot be driven. */
SCREEN *tui_screen_open(const char *hint);

/* tui_screen_open() on a terminal of type (NULL: $TERM) that writes to out
 * and reads from in, e.g. a file that records what the screen shows. */
SCREEN *tui_screen_open_on(const char *type, FILE *out, FILE *in, const char *hint);

/* The signal caught since the screen opened, or 0. */
int tui_screen_signal(void);

/* The key curses read (wgetch's ch) as tui_keys.h names it: characters as
 * they are, function keys as TUI_K_* codes, TUI_K_OTHER for the rest. */
int tui_screen_key(int ch);

/* Give the terminal back and the signals their old actions; NULL is fine. */
void tui_screen_close(SCREEN *screen);

#endif
