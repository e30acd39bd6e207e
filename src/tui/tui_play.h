/*
 * tui_play.h - a demo script played on the full-screen TUI.
 *
 * Owns the terminal while a script plays: it follows the script's pace
 * (captions, pauses, sleeps scaled by the speed) through the demo driver
 * and lets the presenter pause, step, go back, jump between markers and
 * change the speed.  The script itself is parsed and checked elsewhere.
 */
#ifndef TLSSIM_TUI_PLAY_H
#define TLSSIM_TUI_PLAY_H

#include "course/demo.h"
#include "tui/tui.h"

#include <stdbool.h>
#include <stdio.h>

struct tui_play_settings {
    unsigned long speed;        /* thousandths of normal speed */
    bool loop;                  /* start again at the end, for an unattended screen */
    bool more;                  /* another script follows: Space at the end goes on to it */
    FILE *cast;                 /* NULL, or: record the play here as asciicast v2, on a
                                 * virtual clock and without keys, instead of showing it */
};

/* Play script s on the terminal until it ends and the presenter quits (or,
 * with loop, until q), or with play->cast until it is recorded; text
 * renders a stage for `expect text`.  Returns 0
 * after q (setting *quit), 1 when an expect failed and 2 when the engine
 * could not run (the problem printed on stderr after the screen is gone),
 * 128 + N after signal N. */
int tui_play(const struct demo_script *s, demo_text_fn text, void *text_ctx,
             const struct tui_play_settings *play, const struct tui_settings *settings,
             bool *quit);

#endif
