/*
 * cmd_lessons.c - "tlssim lessons": the list of lessons and how far the
 * student has come in each.
 */
#define _POSIX_C_SOURCE 200809L

#include "base/bytes.h"
#include "course/catalog.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "course/lesson.h"
#include "course/lesson_check.h"
#include "course/progress.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define LESSONS_INDENT 5   /* "%3u  " before each title */

/* Print the usage of tlssim lessons to out. */
static void print_help(FILE *out)
{
    fputs("Usage: tlssim lessons\n"
          "List the lessons, one a line: number, title, and your progress\n"
          "(not started, step K of N, or done, with your quiz score).  On a terminal\n"
          "too narrow for that, the progress goes on a line of its own under the title.\n"
          "Under the list: how many are done of all, the lesson a bare 'tlssim learn'\n"
          "resumes, and a hint line.\n\n"
          "  -h, --help  show this help and exit\n\n"
          "Start or resume one with 'tlssim learn [NUMBER]'.  The lessons are read\n"
          "from $TLSSIM_LESSONS_DIR when it is set; progress is kept in\n"
          "$XDG_STATE_HOME/tlssim/progress (by default ~/.local/state/tlssim/progress).\n",
          out);
}

/* The width in characters of the UTF-8 text s. */
static int text_width(const char *s)
{
    int w = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* The columns of the terminal on standard output, or 0 when it is not one. */
static int terminal_columns(void)
{
    struct winsize ws;

    if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
        return 0;
    return ws.ws_col;
}

/* tlssim lessons: a line per lesson with the student's progress. */
/* Under the list: how many lessons are done of all, which one a bare
 * 'tlssim learn' resumes (and where), and a hint line. */
static void print_summary(const struct catalog *cat, const struct progress *prog,
                          struct lesson **lessons)
{
    unsigned done = 0;
    char state[96];

    if (cat->count == 0)
        return;
    for (size_t i = 0; i < cat->count; i++) {
        const struct progress_entry *pe = progress_find(prog, cat->entries[i].id);
        if (pe != NULL && progress_done(pe))
            done++;
    }
    printf("\nDone: %u of %zu lessons.\n", done, cat->count);
    const struct catalog_entry *next = catalog_resume(cat, prog);
    if (next == NULL) {
        puts("Next: every lesson is done; 'tlssim learn NUMBER' opens one again.");
    } else {
        size_t i = (size_t)(next - cat->entries);
        const struct progress_entry *pe = progress_find(prog, next->id);
        printf("Next: 'tlssim learn' %s lesson %u", pe != NULL ? "resumes" : "starts",
               next->number);
        if (lessons[i] != NULL && pe != NULL)
            printf(" (%s)", progress_describe(pe, (unsigned)lessons[i]->step_count, state,
                                              sizeof state));
        puts(".");
    }
    puts("Hint: 'tlssim learn N' opens lesson N; in a lesson, ? lists keys and hints.");
}

int cmd_lessons(int argc, char **argv)
{
    struct catalog cat;
    struct progress prog;
    char err[CATALOG_ERR_MAX], path[PROGRESS_PATH_MAX], state[96];
    int rc = 0, width = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help(stdout);
            return 0;
        }
        return usage_error("lessons", "unexpected argument '%s'", argv[i]);
    }
    if (catalog_open(&cat, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim lessons: %s\n", err);
        catalog_free(&cat);
        return EXIT_USAGE;
    }
    if (progress_open(&prog, path, sizeof path, stderr) != 0) {
        catalog_free(&cat);
        return EXIT_CHECK_FAILED;
    }
    struct lesson **lessons = xcalloc(cat.count, sizeof *lessons);
    for (size_t i = 0; i < cat.count; i++) {
        struct diags diags = {0};
        if (lesson_load(cat.entries[i].path, &lessons[i], &diags) == 0 &&
            lesson_check_points(lessons[i], &diags) > 0) {
            lesson_free(lessons[i]);
            lessons[i] = NULL;
        }
        if (lessons[i] != NULL && text_width(lessons[i]->title) > width)
            width = text_width(lessons[i]->title);
        diags_free(&diags);
    }
    if (cat.count == 0)
        fprintf(stderr, "tlssim lessons: there are no lessons in %s\n", cat.dir);
    /* the progress stays beside the titles when the widest of each fits */
    int status_width = 0, columns = terminal_columns();
    for (size_t i = 0; i < cat.count; i++) {
        if (lessons[i] == NULL)
            continue;
        int w = text_width(progress_describe(progress_find(&prog, cat.entries[i].id),
                                             (unsigned)lessons[i]->step_count, state,
                                             sizeof state));
        if (w > status_width)
            status_width = w;
    }
    bool beside = columns == 0 || LESSONS_INDENT + width + 2 + status_width < columns;
    for (size_t i = 0; i < cat.count; i++) {
        const struct catalog_entry *e = &cat.entries[i];
        if (lessons[i] == NULL) {
            printf("%3u  (this lesson has mistakes; see 'tlssim learn --check %s')\n", e->number,
                   e->path);
            rc = EXIT_USAGE;
            continue;
        }
        const char *title = lessons[i]->title;
        const char *status = progress_describe(progress_find(&prog, e->id),
                                               (unsigned)lessons[i]->step_count, state,
                                               sizeof state);
        if (beside)
            printf("%3u  %s%*s  %s\n", e->number, title, width - text_width(title), "",
                   status);
        else
            printf("%3u  %s\n%*s%s\n", e->number, title, LESSONS_INDENT + 2, "", status);
    }
    print_summary(&cat, &prog, lessons);
    for (size_t i = 0; i < cat.count; i++)
        lesson_free(lessons[i]);
    free(lessons);
    progress_free(&prog);
    catalog_free(&cat);
    return rc;
}
