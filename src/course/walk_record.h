/*
 * walk_record.h - writing what a presenter does in the walkthrough as a demo
 * script (walk --record FILE).
 *
 * Owns the script being written: the options first (seed included), then a
 * `step` or `goto` for each stage move and the `set` lines of each what-if
 * turned on or off, each followed by a `goto` back to the stage on screen
 * (a `set` starts a fresh run at stage 0).  Closing it appends an `expect
 * stage` for where the walk ended, so `tlssim play --headless` replays the
 * session and checks that it lands there.  The script is kept in memory
 * and written whole when the walk ends.  No curses, no engine.
 */
#ifndef TLSSIM_WALK_RECORD_H
#define TLSSIM_WALK_RECORD_H

#include "engine/options.h"

#include <stdbool.h>
#include <stddef.h>

struct walk_record;

/* Start the script for path for a walk with opts: its opening comment and
 * the `set` lines of every option not at its default.  Refuses a path that
 * exists unless replace (--force), and always one that is not a regular
 * file; 0, or -1 with the reason in err. */
int walk_record_open(struct walk_record **out, const char *path, const struct sim_options *opts,
                     bool replace, char *err, size_t errlen);

/* Note that the stage on screen is now stage (1..8). */
void walk_record_stage(struct walk_record *r, int stage);

/* Note that the run was rebuilt with opts at stage: a `set` line for every
 * option that changed, then a `goto` back to the stage. */
void walk_record_options(struct walk_record *r, const struct sim_options *opts, int stage);

/* Append `expect stage` for the last stage shown, write the script to its
 * file at once (a temporary file moved into place) and free r (NULL is
 * allowed); 0, or -1 with the reason in err when it could not be written. */
int walk_record_close(struct walk_record *r, char *err, size_t errlen);

#endif
