/*
 * cli.c - the engine's options on the command line.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "cli/cli.h"

#include "base/exit_status.h"
#include "base/textout.h"
#include "net/net_sock.h"

#include <errno.h>
#include <signal.h>
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

/* The entry of table called name (len bytes), or NULL. */
static const struct cli_option *find_option(const struct cli_option *table, const char *name,
                                            size_t len)
{
    for (const struct cli_option *o = table; o->name != NULL; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

/* Set the field of entry o in p->fields from p->value; 0, or CLI_BAD after
 * a usage error. */
static int take_field(struct cli_parser *p, const struct cli_option *o)
{
    char *field = (char *)p->fields + o->field;
    char option[64];

    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)field = true;
        return 0;
    case CLI_TEXT:
        *(const char **)field = p->value;
        return 0;
    case CLI_WHOLE:
        snprintf(option, sizeof option, "--%s", o->name);
        if (cli_whole_number(p->cmd->name, option, p->value, o->min, o->max,
                             o->what ? o->what : "a whole number", (long *)field) != 0)
            return CLI_BAD;
        return 0;
    case CLI_OWN:
        break;
    }
    return 0;
}

int cli_next(struct cli_parser *p)
{
    const struct cli_option *table = p->cmd->options;
    const char *command = p->cmd->name;
    const char *arg;

    p->value = NULL;
    if (++p->i >= p->argc)
        return CLI_END;
    arg = p->argv[p->i];
    if (!p->operands_only && strcmp(arg, "--") == 0) {
        p->operands_only = true;
        return cli_next(p);
    }
    if (p->operands_only || arg[0] != '-' || arg[1] == '\0') {
        p->value = arg;
        return CLI_ARG;
    }
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        cli_print_help(stdout, p->cmd, p->sim != NULL);
        return CLI_HELP;
    }
    if (p->sim != NULL) {
        switch (cli_take_sim_option(command, p->argc, p->argv, &p->i, p->sim)) {
        case CLI_TAKEN:
            return cli_next(p);
        case CLI_ERROR:
            return CLI_BAD;
        case CLI_NOT_MINE:
            break;
        }
    }
    if (strncmp(arg, "--", 2) == 0) {
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        const struct cli_option *o = find_option(table, arg + 2, len);
        if (o != NULL && o->value_name == NULL && eq != NULL) {
            usage_error(command, "option --%s takes no value", o->name);
            return CLI_BAD;
        }
        if (o != NULL && o->value_name != NULL) {
            if (eq != NULL)
                p->value = eq + 1;
            else if (p->i + 1 < p->argc)
                p->value = p->argv[++p->i];
            if (p->value == NULL || p->value[0] == '\0') {
                usage_error(command, "option --%s needs a value (%s)", o->name,
                            o->value_name);
                return CLI_BAD;
            }
        }
        if (o != NULL && o->kind == CLI_OWN)
            return o->id;
        if (o != NULL)
            return take_field(p, o) != 0 ? CLI_BAD : cli_next(p);
    }
    usage_error(command, "unknown option '%s'", arg);
    return CLI_BAD;
}

/* Where p->cmd keeps its one operand. */
static const char **kept_operand(const struct cli_parser *p)
{
    return (const char **)((char *)p->fields + p->cmd->operand);
}

/* Keep the operand p->value where p->cmd keeps its one operand; 0, or the
 * usage status when one is already there. */
static int take_operand(struct cli_parser *p)
{
    const char **kept = kept_operand(p);

    if (*kept != NULL)
        return usage_error(p->cmd->name, "%s '%s' and '%s'", p->cmd->second, *kept, p->value);
    *kept = p->value;
    return 0;
}

int cli_parse(struct cli_parser *p)
{
    const struct cli_command *cmd = p->cmd;
    int id, status;

    while ((id = cli_next(p)) != CLI_END) {
        if (id == CLI_HELP)
            return 0;
        if (id == CLI_BAD)
            return EXIT_USAGE;
        if (id == CLI_ARG && !cmd->operands)
            return usage_error(cmd->name, "unexpected argument '%s'", p->value);
        if (id == CLI_ARG && cmd->second != NULL)
            status = take_operand(p);
        else
            status = cmd->take(p, id);
        if (status != 0)
            return status;
    }
    if (cmd->second != NULL && cmd->missing != NULL && *kept_operand(p) == NULL)
        return usage_error(cmd->name, "%s", cmd->missing);
    return CLI_GO_ON;
}

char **cli_rest(struct cli_parser *p, int *count)
{
    char **rest = p->argv + p->i + 1;

    *count = p->argc - (p->i + 1);
    p->i = p->argc - 1;
    return rest;
}

#define HELP_WIDTH 79
#define HELP_INDENT 25

/* Print one help entry: the option and its value on the left, the help
 * wrapped beside it. */
static void print_option(FILE *out, const char *name, const char *value_name, const char *help)
{
    char left[48];
    char prefix[HELP_INDENT + 48];

    snprintf(left, sizeof left, "--%s%s%s", name, value_name ? " " : "",
             value_name ? value_name : "");
    snprintf(prefix, sizeof prefix, "  %-22s ", left);
    textout_wrapped(out, prefix, help, HELP_INDENT, HELP_WIDTH);
}

void cli_print_help(FILE *out, const struct cli_command *cmd, bool sim)
{
    fputs(cmd->about, out);
    for (const struct cli_option *o = cmd->options; o->name != NULL; o++)
        print_option(out, o->name, o->value_name, o->help);
    if (sim)
        for (const struct sim_option_desc *d = sim_options_table(); d->name != NULL; d++)
            print_option(out, d->name, d->value_name, d->help);
    fputs("  -h, --help             show this help and exit\n\n", out);
    fputs(cmd->after, out);
}

void cli_catch_stop(void (*on_stop)(int))
{
    struct sigaction sa;

    net_ignore_sigpipe();
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool cli_can_use_tui(void)
{
    const char *term = getenv("TERM");

    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term != NULL && term[0] != '\0' &&
           strcmp(term, "dumb") != 0;
}

int cli_whole_number(const char *command, const char *option, const char *value, long min,
                     long max, const char *what, long *number)
{
    char *end;

    errno = 0;
    *number = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || errno != 0 || *number < min || *number > max)
        return usage_error(command, "%s wants %s from %ld to %ld, not '%s'", option, what, min,
                           max, value);
    return 0;
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
