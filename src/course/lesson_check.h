/*
 * lesson_check.h - a lesson held up against the simulator: does every
 * `point` line name something its pane really shows at that step?
 *
 * Owns the rule for what a point may name, shared by the checker and by
 * the views that highlight it, and the stage a step is sure to show.  A
 * point in an actor's pane (client, server, ca, eve) names a value that
 * actor knows by the stage shown, or a check it makes at that stage; a
 * point on the wire names a message, or a field of one, sent by then.
 * Names match exactly, as the engine writes them.  Runs the engine to find
 * out; prints nothing.
 */
#ifndef TLSSIM_LESSON_CHECK_H
#define TLSSIM_LESSON_CHECK_H

#include "base/diag.h"
#include "engine/engine.h"
#include "course/lesson.h"

#include <stdbool.h>
#include <stddef.h>

/* The stage the simulator shows at least at step (0-based) of l: the
 * step's own stage line, else the one in force before it, raised to the
 * stage of any `await stage` the student has met on the way. */
int lesson_check_stage(const struct lesson *l, size_t step);

/* Find what a point on pane called what names in the engine as it stands:
 * true, with *ev set to the newest known value, check or message it names
 * and *field to the wire field (NULL when it names the whole event); false
 * when the pane shows nothing by that name.  ev and field may be NULL. */
bool lesson_check_find(const struct engine *e, enum lesson_pane pane, const char *what,
                       const struct sim_event **ev, const struct sim_field **field);

/* Start the engine with each step's options (see tutor_options()), every
 * step whether it has points or not, run it to the step's stage and check
 * that every point names something there; append
 * a problem to diags for each one that does not, listing a few names the
 * pane does show, and for each step whose options the engine refuses.
 * Steps that need AES-256-GCM on a CPU without it are left unchecked: the
 * lesson is not wrong, and is checked wherever it can run.  Returns the
 * number of problems added. */
size_t lesson_check_points(const struct lesson *l, struct diags *diags);

#endif
