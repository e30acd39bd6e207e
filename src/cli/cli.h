/*
 * cli.h - command-line helpers shared by the commands: each command as one
 * entry (its help, its options and what each sets), reading a command line
 * by that entry and the engine's options (--seed, --message, ...) in either
 * --name VALUE or --name=VALUE form, printing the help, and telling whether
 * a full-screen view can run.
 */
#ifndef TLSSIM_CLI_H
#define TLSSIM_CLI_H

#include "engine/options.h"

#include <stdbool.h>
#include <stddef.h>
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

/* How the value of a table entry is read: by the table itself, into a
 * field of the command's settings, or by the command (CLI_OWN). */
enum cli_kind {
    CLI_OWN = 0,    /* cli_next() hands back the entry's id; the command reads p->value */
    CLI_FLAG,       /* a switch: sets the bool at field to true */
    CLI_TEXT,       /* keeps the value, a const char *, at field */
    CLI_WHOLE,      /* a whole number from min to max, kept as a long at field */
};

/* One option of a command, as one table entry (tmux's cmd entries are the
 * model): its name as in --NAME, the placeholder of its value (NULL for a
 * switch), its help line, and either what it sets (kind, and the offsetof
 * its field in the command's settings) or the id cli_next() hands back
 * for the command to read it. */
struct cli_option {
    const char *name;
    const char *value_name;
    const char *help;
    int id;                 /* CLI_OWN */
    enum cli_kind kind;
    size_t field;           /* offsetof the field it sets in cli_parser.fields */
    long min, max;          /* CLI_WHOLE: the range */
    const char *what;       /* CLI_WHOLE: "whole seconds"; NULL: "a whole number" */
};

struct cli_parser;

/* A command's own reading of what its table leaves to it: the id of one of
 * its CLI_OWN entries, or CLI_ARG for an operand, with the value in
 * p->value and the command's settings in p->fields; 0, or the exit status
 * after a usage error on stderr. */
typedef int cli_take(struct cli_parser *p, int id);

/* A command as one entry (tmux's cmd_entry is the model): its name as in
 * 'tlssim NAME', its usage and what it does (printed before the options),
 * its option table (ended by a NULL name), what follows the line of -h,
 * --help (keys, exit status), what reads its CLI_OWN entries (and its
 * operands, unless it takes one), and what it does with operands.  The
 * commands' entries are made from cli/usage/NAME.txt (gen/usage.awk). */
struct cli_command {
    const char *name;
    const char *about;
    const struct cli_option *options;
    const char *after;
    cli_take *take;         /* NULL: no CLI_OWN entry, and no operand for it */
    bool operands;          /* false: an operand is "unexpected" */
    /* A command that takes one operand: where it is kept (a const char *
     * in the settings), the words of the usage error before 'FIRST' and
     * 'SECOND' when a second comes, and the usage error when there is none
     * (NULL: it may be left out).  second NULL: operands go to take. */
    size_t operand;
    const char *second;
    const char *missing;
};

/* What cli_next() found besides one of the command's own options. */
enum {
    CLI_END = -1,    /* no more arguments */
    CLI_ARG = -2,    /* an operand (not an option); its text is in p->value */
    CLI_BAD = -3,    /* a usage error, already reported: exit EXIT_USAGE */
    CLI_HELP = -4,   /* -h or --help: the help is printed, exit 0 */
};

/* Reads a command's argv one option at a time.  Set cmd, argc, argv, the
 * settings that the table's fields are in (fields), and, where the
 * command takes the engine's options too, sim; i starts at 0 (argv[0] is
 * the command). */
struct cli_parser {
    const struct cli_command *cmd;
    int argc;
    char **argv;
    void *fields;              /* the command's settings; NULL: no entry has a field */
    struct sim_options *sim;   /* NULL: the engine's options are unknown here */
    int i;
    bool operands_only;        /* past "--": everything is an operand */
    const char *value;         /* the value of the option (or the operand) found */
};

/* The next thing on the command line that the command reads itself: a
 * CLI_OWN entry's id with its value in p->value (NULL for a switch),
 * CLI_ARG, CLI_HELP after printing the help on stdout, CLI_END, or CLI_BAD
 * after a usage error on stderr.  Takes --NAME VALUE and --NAME=VALUE,
 * sets the fields of the other entries and the engine options in p->sim
 * by itself, and reads everything after "--" as operands. */
int cli_next(struct cli_parser *p);

/* What cli_parse() returns when the command goes on. */
enum { CLI_GO_ON = -1 };

/* Read the whole command line with cli_next(), handing CLI_OWN entries and
 * operands to p->cmd->take (or keeping the one operand where p->cmd says);
 * CLI_GO_ON, or the status the command exits with: 0 after the help,
 * EXIT_USAGE after a usage error on stderr. */
int cli_parse(struct cli_parser *p);

/* Every argument after the one cli_next() returned last, as operands, and
 * the end of the reading: for an option such as learn's --check that takes
 * the rest of the line. */
char **cli_rest(struct cli_parser *p, int *count);

/* Print a command's help to out: its about, the lines of its option table,
 * the engine's options too when sim, the line of -h, --help, then its
 * after. */
void cli_print_help(FILE *out, const struct cli_command *cmd, bool sim);

/* Ignore SIGPIPE, and call on_stop on SIGINT and SIGTERM (Ctrl-C, a polite
 * kill), so that a network command's loop can end cleanly. */
void cli_catch_stop(void (*on_stop)(int));

/* Whether a full-screen view can run: both ends are a terminal that is
 * not TERM=dumb. */
bool cli_can_use_tui(void);

/* Read value, the value of option, as a whole number from min to max into
 * *number; 0, or the usage status after "OPTION wants WHAT from MIN to MAX"
 * on stderr (what: "a whole number", "whole seconds"). */
int cli_whole_number(const char *command, const char *option, const char *value, long min,
                     long max, const char *what, long *number);

/* Print a one-line usage error for command (NULL: the program itself) and
 * the hint to --help on stderr; returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
