/*
 * test_cli.c - the command-line reader: the fields a table entry sets, the
 * options a command reads itself, the one operand, and the words of each
 * usage error.
 */
#define _POSIX_C_SOURCE 200809L

#include "base/exit_status.h"
#include "cli/cli.h"
#include "unit.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The settings of the made-up command the tests read. */
struct try_args {
    bool flag;
    const char *text;
    long number;
    const char *operand;
    int own_seen;           /* how often take saw --own */
    const char *own_value;
    char **rest;
    int rest_count;
};

enum { TRY_OWN, TRY_REST };

/* Take --own (refusing the value "no") and --rest, which ends the line. */
static int take_try_arg(struct cli_parser *p, int id)
{
    struct try_args *a = p->fields;

    if (id == TRY_REST) {
        a->rest = cli_rest(p, &a->rest_count);
        return 0;
    }
    if (strcmp(p->value, "no") == 0)
        return usage_error("try", "--own refuses '%s'", p->value);
    a->own_seen++;
    a->own_value = p->value;
    return 0;
}

static const struct cli_command try_command = {
    .name = "try",
    .about = "Usage: tlssim try [OPTIONS] THING\n\n",
    .options = (const struct cli_option[]){
        {"flag", NULL, "a switch", .kind = CLI_FLAG, .field = offsetof(struct try_args, flag)},
        {"text", "WORDS", "some text", .kind = CLI_TEXT,
         .field = offsetof(struct try_args, text)},
        {"number", "N", "a number", .kind = CLI_WHOLE,
         .field = offsetof(struct try_args, number), .min = 2, .max = 9},
        {"own", "X", "read by the command", .id = TRY_OWN},
        {"rest", NULL, "the rest of the line", .id = TRY_REST},
        {.name = NULL},
    },
    .after = "That is all.\n",
    .take = take_try_arg,
    .operands = true,
    .operand = offsetof(struct try_args, operand),
    .second = "one thing at a time, not",
    .missing = "which thing?",
};

static char said[1024];   /* what the last read printed on stderr */

/* Read the words (ended by NULL) as the command line of try into *a, with
 * stderr kept in said; returns what cli_parse() returned. */
static int read_line(const char *const *words, struct try_args *a)
{
    char *argv[16];
    int argc = 0;
    FILE *err = tmpfile();
    int saved = dup(STDERR_FILENO);

    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    argv[argc++] = "try";
    for (; *words != NULL; words++)
        argv[argc++] = (char *)*words;
    argv[argc] = NULL;
    memset(a, 0, sizeof *a);
    struct cli_parser p = {.cmd = &try_command, .argc = argc, .argv = argv, .fields = a};
    fflush(stderr);
    dup2(fileno(err), STDERR_FILENO);
    int status = cli_parse(&p);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(err);
    size_t n = fread(said, 1, sizeof said - 1, err);
    said[n] = '\0';
    fclose(err);
    return status;
}

/* Each kind sets its own field, in both --NAME VALUE and --NAME=VALUE. */
static void test_fields(void)
{
    struct try_args a;

    CU_ASSERT_EQUAL(read_line((const char *[]){"--flag", "--text", "a b", "--number=7", "x",
                                               NULL}, &a), CLI_GO_ON);
    CU_ASSERT_TRUE(a.flag);
    CU_ASSERT_STRING_EQUAL(a.text, "a b");
    CU_ASSERT_EQUAL(a.number, 7);
    CU_ASSERT_STRING_EQUAL(a.operand, "x");
    CU_ASSERT_EQUAL(a.own_seen, 0);
    CU_ASSERT_STRING_EQUAL(said, "");

    CU_ASSERT_EQUAL(read_line((const char *[]){"--text=", "x", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "tlssim try: option --text needs a value (WORDS)\n");
    CU_ASSERT_EQUAL(read_line((const char *[]){"--flag=yes", "x", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "tlssim try: option --flag takes no value\n");
    unit_expect_contains(said, "Try 'tlssim try --help' for more information.\n");
}

/* A whole number outside its range, or not one, is a usage error in the
 * words of cli_whole_number. */
static void test_whole_number(void)
{
    struct try_args a;

    CU_ASSERT_EQUAL(read_line((const char *[]){"--number", "2", "x", NULL}, &a), CLI_GO_ON);
    CU_ASSERT_EQUAL(a.number, 2);
    CU_ASSERT_EQUAL(read_line((const char *[]){"--number", "10", "x", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "--number wants a whole number from 2 to 9, not '10'");
    CU_ASSERT_EQUAL(read_line((const char *[]){"--number", "3x", "x", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "not '3x'");
}

/* The command's own entries go to take, which may refuse them; --rest
 * takes the rest of the line, options and all. */
static void test_own(void)
{
    struct try_args a;

    CU_ASSERT_EQUAL(read_line((const char *[]){"--own", "1", "x", "--own=2", NULL}, &a),
                    CLI_GO_ON);
    CU_ASSERT_EQUAL(a.own_seen, 2);
    CU_ASSERT_STRING_EQUAL(a.own_value, "2");
    CU_ASSERT_EQUAL(read_line((const char *[]){"--own", "no", "x", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "tlssim try: --own refuses 'no'\n");

    CU_ASSERT_EQUAL(read_line((const char *[]){"x", "--rest", "--flag", "y", NULL}, &a),
                    CLI_GO_ON);
    CU_ASSERT_FALSE(a.flag);
    CU_ASSERT_EQUAL_FATAL(a.rest_count, 2);
    CU_ASSERT_STRING_EQUAL(a.rest[0], "--flag");
    CU_ASSERT_STRING_EQUAL(a.rest[1], "y");
}

/* One operand: a second one and a missing one are usage errors; after
 * "--" a word that looks like an option is an operand. */
static void test_operand(void)
{
    struct try_args a;

    CU_ASSERT_EQUAL(read_line((const char *[]){"x", "y", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "tlssim try: one thing at a time, not 'x' and 'y'\n");
    CU_ASSERT_EQUAL(read_line((const char *[]){"--flag", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "tlssim try: which thing?\n");
    CU_ASSERT_EQUAL(read_line((const char *[]){"--", "--flag", NULL}, &a), CLI_GO_ON);
    CU_ASSERT_FALSE(a.flag);
    CU_ASSERT_STRING_EQUAL(a.operand, "--flag");
    CU_ASSERT_EQUAL(read_line((const char *[]){"--bogus", "x", NULL}, &a), EXIT_USAGE);
    unit_expect_contains(said, "tlssim try: unknown option '--bogus'\n");
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"table entries set their fields", test_fields},
        {"whole numbers in their range", test_whole_number},
        {"the command's own options", test_own},
        {"the one operand", test_operand},
        {NULL, NULL},
    };
    return unit_run("cli", tests);
}
