/*
 * present.h - what a presenter tells its followers: the run on the
 * projector, as options and a stage.
 *
 * The engine is deterministic: a run is a pure function of its seed, its
 * options and its stage.  So a follower needs no bytes of the run itself,
 * only those three; it computes the same run on its own machine and shows
 * it at its own terminal size.  A STATE payload is text, one line each:
 * "stage N" first, then "NAME VALUE" for every option, with the words a
 * `set` line takes.  No sockets here.
 */
#ifndef TLSSIM_NET_PRESENT_H
#define TLSSIM_NET_PRESENT_H

#include "base/bytes.h"
#include "engine/options.h"

#include <stddef.h>
#include <stdint.h>

/* Write the STATE payload for a seeded run of opts at stage (0..8) to out:
 * the options that differ from the defaults, which net_state_decode starts
 * from.  The certs option is left out: a folder on the presenter's machine
 * means nothing on a follower's. */
void net_state_encode(struct bytes *out, const struct sim_options *opts, int stage);

/* Read a STATE payload into *opts (from the defaults) and *stage: 0, or -1
 * with a sentence in err naming the line at fault (no stage, a stage out of
 * range, an unknown option or bad value, an unseeded run, a certs line). */
int net_state_decode(const uint8_t *p, size_t len, struct sim_options *opts, int *stage,
                     char *err, size_t errlen);

#endif
