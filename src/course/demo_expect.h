/*
 * demo_expect.h - the judge of a demo script's `expect` lines.
 *
 * Owns the meaning of each kind of expectation: it reads the engine (and,
 * for `expect text`, what the front end shows) and says whether the line
 * holds, what it wanted and what it found, in words for the script's author.
 */
#ifndef TLSSIM_DEMO_EXPECT_H
#define TLSSIM_DEMO_EXPECT_H

#include "course/demo.h"

#include <stdbool.h>

/* Judge the expect command cmd against e; returns true when it holds, and
 * either way sets *expected and *actual to new strings (caller frees). */
bool demo_expect_judge(const struct demo_cmd *cmd, const struct engine *e, demo_text_fn text,
                       void *ctx, char **expected, char **actual);

#endif
