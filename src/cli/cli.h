/*
 * cli.h - command-line helpers shared by the commands: reading the engine's
 * options (--seed, --message, ...) from argv in either --name VALUE or
 * --name=VALUE form, printing their help, and telling whether a
 * full-screen view can run.
 */
#ifndef TLSSIM_CLI_H
#define TLSSIM_CLI_H

#include "engine/options.h"

#include <stdbool.h>
#include <stdio.h>

enum cli_match {
    CLI_NOT_MINE,   /* argv[*i] is not an engine option: the command handles it */
    CLI_TAKEN,      /* consumed (and *i moved past its value) */
    CLI_ERROR,      /* an engine option with a bad or missing value: reported, exit 2 */
};

/* Try argv[*i] as an engine option and set it in o; reports errors on
 * stderr in the name of command. */
enum cli_match cli_take_sim_option(const char *command, int argc, char **argv, int *i,
                                   struct sim_options *o);

/* Print the engine options' help lines to out. */
void cli_print_sim_options(FILE *out);

/* Whether a full-screen view can run: both ends are a terminal that is
 * not TERM=dumb. */
bool cli_can_use_tui(void);

/* Print a one-line usage error for command (NULL: the program itself) and
 * the hint to --help on stderr; returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
