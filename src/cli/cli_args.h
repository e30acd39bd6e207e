/*
 * cli_args.h - reading an option's value from argv, in either the
 * "--name VALUE" or the "--name=VALUE" form, for the commands that parse
 * their own options.
 */
#ifndef TLSSIM_CLI_ARGS_H
#define TLSSIM_CLI_ARGS_H

/* Take the value of option name at argv[*i] into *value: 1 when it is that
 * option (and *i moved past a separate value), 0 when it is not, -1 after
 * reporting a missing value as a usage error of command. */
int cli_take_value(const char *command, int argc, char **argv, int *i, const char *name,
                   const char **value);

#endif
