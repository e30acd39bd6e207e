/*
 * view_plain.h - the plain-text transcript: every stage as readable text,
 * for the terminal without a TUI, for pipes, screen readers and golden tests.
 */
#ifndef TLSSIM_VIEW_PLAIN_H
#define TLSSIM_VIEW_PLAIN_H

#include "engine/engine.h"
#include "views/view.h"

#include <stdio.h>

/* Print the opening lines: what is simulated and whether it is seeded. */
void view_plain_header(FILE *out, const struct engine *e);

/* Print every event of one stage that has run. */
void view_plain_stage(FILE *out, const struct engine *e, int stage);

/* Print one event as the transcript does, for a run that has no engine of
 * its own (the client of `tlssim connect`). */
void view_plain_event(FILE *out, const struct sim_event *ev);

/* Print the outcome of the run. */
void view_plain_result(FILE *out, const struct engine *e);

/* Print the measured facts of result r, one line each (certificate,
 * tampering, who read the plaintext, downgrade, forward secrecy). */
void view_plain_facts(FILE *out, const struct sim_result *r);

/* The text view_plain_stage prints for stage (the opening lines for stage 0),
 * as a new string; NULL if it could not be made. */
char *view_plain_stage_text(const struct engine *e, int stage);

/* The plain transcript as a view for walk and play. */
const struct view_ops *view_plain_ops(void);

#endif
