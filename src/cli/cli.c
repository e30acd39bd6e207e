/*
 * cli.c - the engine's options on the command line.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "cli/cli.h"

#include "base/exit_status.h"
#include "base/textout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum cli_match cli_take_sim_option(const char *command, int argc, char **argv, int *i,
                                   struct sim_options *o)
{
    const char *arg = argv[*i];
    char name[64];
    const char *value = NULL;
    char err[SIM_OPTION_ERR_MAX];

    if (strncmp(arg, "--", 2) != 0)
        return CLI_NOT_MINE;
    const char *eq = strchr(arg, '=');
    size_t name_len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    if (name_len == 0 || name_len >= sizeof name)
        return CLI_NOT_MINE;
    memcpy(name, arg + 2, name_len);
    name[name_len] = '\0';
    const struct sim_option_desc *d = sim_options_find(name);
    if (d == NULL)
        return CLI_NOT_MINE;
    if (d->value_name != NULL) {
        if (eq != NULL) {
            value = eq + 1;
        } else if (*i + 1 < argc) {
            value = argv[++*i];
        } else {
            usage_error(command, "option --%s needs a value (%s)", name, d->value_name);
            return CLI_ERROR;
        }
    } else if (eq != NULL) {
        usage_error(command, "option --%s takes no value", name);
        return CLI_ERROR;
    }
    if (sim_options_set(o, name, value, err, sizeof err) != 0) {
        usage_error(command, "%s", err);
        return CLI_ERROR;
    }
    return CLI_TAKEN;
}

#define HELP_WIDTH 79
#define HELP_INDENT 25

void cli_print_sim_options(FILE *out)
{
    for (const struct sim_option_desc *d = sim_options_table(); d->name != NULL; d++) {
        char left[48];
        snprintf(left, sizeof left, "--%s%s%s", d->name, d->value_name ? " " : "",
                 d->value_name ? d->value_name : "");
        char prefix[HELP_INDENT + 48];
        snprintf(prefix, sizeof prefix, "  %-22s ", left);
        textout_wrapped(out, prefix, d->help, HELP_INDENT, HELP_WIDTH);
    }
}

bool cli_can_use_tui(void)
{
    const char *term = getenv("TERM");

    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term != NULL && term[0] != '\0' &&
           strcmp(term, "dumb") != 0;
}

int usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "tlssim%s%s: ", command ? " " : "", command ? command : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tlssim %s%s--help' for more information.\n",
            command ? command : "", command ? " " : "");
    return EXIT_USAGE;
}
