/*
 * tui.h - the classroom walkthrough on a terminal, drawn with ncurses.
 *
 * Owns the terminal while it runs: the screen, the keyboard, the signals
 * that must not leave a broken terminal behind.  It reads the engine and
 * steps it; it never decides anything the engine decides.
 */
#ifndef TLSSIM_TUI_H
#define TLSSIM_TUI_H

#include "options.h"
#include "tui_theme.h"

#include <stdbool.h>

struct walk_record;

struct tui_settings {
    bool animate;               /* let messages travel along the wire */
    enum tui_theme_id theme;
    bool force_ascii;           /* ASCII box lines even in a UTF-8 locale */
    struct walk_record *record; /* where stage moves and what-ifs are written, or NULL */
};

/* Run the walkthrough for opts until the user quits; returns the exit
 * status: 0 after q or Ctrl-C, 128 + N after signal N (SIGINT, SIGTERM,
 * SIGHUP), 2 when the engine cannot start, with the terminal restored in
 * every case. */
int tui_run(const struct sim_options *opts, const struct tui_settings *settings);

/* Restore the terminal, print "tlssim: " and the message on stderr, exit 1. */
void tui_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
