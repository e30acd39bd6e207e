/*
 * walk_record.c - the demo script a recorded walkthrough leaves behind:
 * options turned into `set` lines by comparing them with the last ones
 * written, stage moves into `step` and `goto`.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "config.h"

#include "course/walk_record.h"

#include "base/bytes.h"
#include "base/die.h"
#include "base/fileio.h"
#include "engine/engine.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MAX (SIM_PATH_MAX + 8)

struct walk_record {
    FILE *out;                    /* the script so far, in memory */
    char *text;
    size_t len;
    char *path;
    bool replace;                 /* --force: the file may replace one there */
    struct sim_options written;   /* the options as the script has set them so far */
    int stage;                    /* the stage the script is at */
};

/* Write text as one word: as it is when it has no blank, quote or
 * backslash, else quoted with '"' and '\' escaped. */
static void put_word(FILE *out, const char *text)
{
    if (text[0] != '\0' && strpbrk(text, " \t\"\\#") == NULL) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* Write a `set` line for every option whose word differs between from and
 * to; returns how many were written. */
static int write_changes(FILE *out, const struct sim_options *from, const struct sim_options *to)
{
    char a[VALUE_MAX], b[VALUE_MAX];
    int n = 0;

    for (const struct sim_option_desc *d = sim_options_table(); d->name != NULL; d++) {
        const char *old = sim_option_value(from, d, a, sizeof a);
        const char *now = sim_option_value(to, d, b, sizeof b);
        if (now == NULL || (old != NULL && strcmp(old, now) == 0))
            continue;
        fprintf(out, "set %s", d->name);
        if (d->value_name != NULL || strcmp(now, "on") != 0) {
            fputc(' ', out);
            put_word(out, now);
        }
        fputc('\n', out);
        n++;
    }
    return n;
}

int walk_record_open(struct walk_record **out, const char *path, const struct sim_options *opts,
                     bool replace, char *err, size_t errlen)
{
    struct walk_record *r = xcalloc(1, sizeof *r);

    *out = NULL;
    if (fileio_check_target(path, replace, err, errlen) != 0) {
        free(r);
        return -1;
    }
    r->path = xstrdup(path);
    r->replace = replace;
    r->out = open_memstream(&r->text, &r->len);
    if (r->out == NULL)
        die("cannot keep the recorded script in memory: %s", strerror(errno));
    fputs("# Recorded with tlssim --record; replay with tlssim play.\n", r->out);
    if (!opts->seeded)
        fputs("# Unseeded: every replay draws new random values.\n", r->out);
    sim_options_default(&r->written);
    write_changes(r->out, &r->written, opts);
    r->written = *opts;
    *out = r;
    return 0;
}

void walk_record_stage(struct walk_record *r, int stage)
{
    if (r == NULL || stage == r->stage)
        return;
    if (stage == r->stage + 1)
        fputs("step\n", r->out);
    else
        fprintf(r->out, "goto %d\n", stage);
    r->stage = stage;
}

void walk_record_options(struct walk_record *r, const struct sim_options *opts, int stage)
{
    if (r == NULL || write_changes(r->out, &r->written, opts) == 0)
        return;
    r->written = *opts;
    r->stage = 0;
    walk_record_stage(r, stage);
}

int walk_record_close(struct walk_record *r, char *err, size_t errlen)
{
    int status = 0;

    if (r == NULL)
        return 0;
    if (r->stage == 0)
        fputs("step\n", r->out);
    fprintf(r->out, "expect stage %d\n", r->stage == 0 ? 1 : r->stage);
    if (ferror(r->out) | (fclose(r->out) != 0)) {
        snprintf(err, errlen, "%s could not be written in full: out of memory", r->path);
        status = -1;
    } else {
        status = fileio_write_one(r->path, (const uint8_t *)r->text, r->len, 0644, r->replace,
                                  err, errlen);
    }
    free(r->text);
    free(r->path);
    free(r);
    return status;
}
