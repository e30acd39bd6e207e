/*
 * tutor.h - running a lesson, whatever draws it: which step is shown, what
 * the student must still do there, how the quizzes score, and where the
 * student's place is kept.
 *
 * A step is done when its checkpoint is met and its quiz is answered right;
 * the front end then calls tutor_advance() and saves the progress record.
 * A quiz scores at the first answer: right then counts as right.  How the
 * current step's quiz has been answered is kept in the progress entry at
 * once, so quitting, or going back and forth, neither forgets a wrong first
 * answer nor asks a solved quiz again.  The student may go back to look at
 * a finished step again; it asks nothing more, and scores nothing more.
 * Nothing here prints or touches a terminal.
 *
 * What the student does in the simulator reaches the tutor through
 * tutor_notify(), which a front end calls after each such action:
 *
 *   the simulator moved to stage N (any key that moves it)  LESSON_AWAIT_STAGE, N
 *   a byte of a message on the wire was changed (tamper)    LESSON_AWAIT_TAMPER
 *   Mallory was put in the middle (mitm switched on)        LESSON_AWAIT_MITM
 *   the server's private key was leaked (leak-key on)       LESSON_AWAIT_LEAK_KEY
 *   the key, CSR and certificate files were written         LESSON_AWAIT_FILES
 *
 * The terminal tutorial's keys for these are listed in doc/lesson-format.md.
 */
#ifndef TLSSIM_TUTOR_H
#define TLSSIM_TUTOR_H

#include "course/lesson.h"
#include "engine/options.h"
#include "course/progress.h"

#include <stdbool.h>
#include <stddef.h>

struct tutor {
    const struct lesson *lesson;
    struct progress_entry *entry;  /* the student's place, updated as steps finish */
    size_t step;                   /* the step shown, 0-based; step_count when finished */
    bool await_met;
    bool quiz_solved;
    bool quiz_missed;              /* a wrong choice was picked at this step's quiz */
};

/* Open lesson l at the place kept in entry; from the first step, with the
 * score cleared, when restart is set or the lesson was finished before. */
void tutor_start(struct tutor *t, const struct lesson *l, struct progress_entry *entry,
                 bool restart);

/* The step to show, or NULL when the lesson is finished. */
const struct lesson_step *tutor_step(const struct tutor *t);

/* Fill o with the options in force at the current step: the defaults, then
 * every set line up to and including it; 0, or -1 with a reason in err. */
int tutor_options(const struct tutor *t, struct sim_options *o, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* True while the step's checkpoint waits for the student. */
bool tutor_waiting(const struct tutor *t);

/* Tell the tutor what the student just did in the simulator (for
 * LESSON_AWAIT_STAGE, the stage reached); true when that meets the checkpoint. */
bool tutor_notify(struct tutor *t, enum lesson_await what, int stage);

/* Let the student past the checkpoint without doing it (a front end that
 * has no simulator to do it in). */
void tutor_skip_await(struct tutor *t);

/* True while the step's quiz waits for the right answer. */
bool tutor_quiz_pending(const struct tutor *t);

/* Answer the step's quiz with choice (0-based); true when it is right. */
bool tutor_answer(struct tutor *t, size_t choice);

/* Finish the step when nothing waits, recording the place and the quiz's
 * score in the entry (unless the step was finished before); true when it
 * moved on. */
bool tutor_advance(struct tutor *t);

/* Go back one step to look at it again; false at the first step.  The
 * student's place in the entry stays where it was. */
bool tutor_back(struct tutor *t);

/* True while the step shown is one the student finished before. */
bool tutor_reviewing(const struct tutor *t);

#endif
