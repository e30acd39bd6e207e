/*
 * tui_learn.h - a lesson taken on the terminal: the tutorial riding on the
 * walkthrough's screen.
 *
 * Owns what the student sees of a lesson in the TUI and the keys that
 * answer it: the step's narration, checkpoint and quiz in the narration
 * pane, the simulator's panes at the step's stage with the step's options
 * and its points highlighted, and the checkpoints that the simulator's own what-if keys (t, m, k) and
 * stage keys meet.
 * The tutor decides what comes next and keeps the score; the caller keeps
 * the progress file.
 */
#ifndef TLSSIM_TUI_LEARN_H
#define TLSSIM_TUI_LEARN_H

#include "tui/tui.h"
#include "course/tutor.h"

#include <stddef.h>

#define TUI_LEARN_ERR_MAX 512

/* One lesson to take, from the place its tutor was started at. */
struct tui_lesson {
    struct tutor *tutor;
    const char *heading;     /* "Lesson 3: The hellos: ..." */
    const char *notice;      /* shown above the first step (a damaged progress file), or NULL */
    /* Keep the student's place after a step; 0, or -1 with a reason in err. */
    int (*save)(void *ctx, char *err, size_t errlen);
    void *save_ctx;
    char save_error[TUI_LEARN_ERR_MAX];  /* the last reason a save failed, or "" */
};

/* Take the lesson on the terminal until the student quits (q, or past
 * the end); returns the exit status as tui_run() does. */
int tui_learn_run(struct tui_lesson *l, const struct tui_settings *settings);

#endif
