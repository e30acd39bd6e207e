/*
 * sim_open.h - making an engine for a set of options, files included.
 *
 * Owns the one step the engine leaves to its callers: when the options name
 * a --certs directory, load that certificate set from disk (pki/certdir.h)
 * and hand it to the engine, which reads no files itself.  The command, the
 * TUI's reruns, the demo player and the lesson checker all make their
 * engines here.
 */
#ifndef TLSSIM_SIM_OPEN_H
#define TLSSIM_SIM_OPEN_H

#include "engine/engine.h"

#include <stddef.h>

/* Make an engine for opts at stage 0, loading the --certs set they name;
 * 0, or -1 with err saying what went wrong (a file's problem names it). */
int sim_open_engine(const struct sim_options *opts, struct engine **out, char *err,
                    size_t errlen) __attribute__((warn_unused_result));

#endif
