/*
 * cmd_play.c - `tlssim play`: check demo scripts and play them back.
 *
 * Every script named is read and checked before any of them runs.  Played
 * headless, a script writes the plain transcript (or, with --json, JSON
 * Lines) of everything it shows; waits and pauses are skipped, so the same
 * seeded script always writes the same bytes.
 */
#define _POSIX_C_SOURCE 200809L /* access */

#include "base/bytes.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "course/demo.h"
#include "tui/tui_play.h"
#include "views/view_json.h"
#include "views/view_plain.h"

#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPEED_MIN 100    /* thousandths: a tenth of normal speed */
#define SPEED_MAX 10000  /* ten times normal speed */

struct play_args {
    bool check;
    bool headless;
    bool json;
    bool loop;
    unsigned long speed;  /* thousandths */
    const char *cast;     /* --cast FILE, or NULL */
    char **files;
    int file_count;
};

enum play_option { PLAY_SPEED };

/* Read what play's table leaves to it: --speed and the scripts' names. */
static int take_play_arg(struct cli_parser *p, int id)
{
    struct play_args *a = p->fields;

    switch (id) {
    case CLI_ARG:
        a->files[a->file_count++] = (char *)p->value;
        break;
    case PLAY_SPEED:
        if (demo_parse_thousandths(p->value, &a->speed) != 0 || a->speed < SPEED_MIN ||
            a->speed > SPEED_MAX)
            return usage_error("play", "--speed wants a number from 0.1 to 10, such as 0.5 or "
                               "2, not '%s'", p->value);
        break;
    }
    return 0;
}

/* The entry of play (play_command), made by the build from cli/usage/play.txt. */
#include "cli/usage_play.h"

/* Read play's command line into *a; CLI_GO_ON, or the status to exit with
 * (help shown or a usage error). */
static int parse_args(int argc, char **argv, struct play_args *a)
{
    struct cli_parser p = {.cmd = &play_command, .argc = argc, .argv = argv, .fields = a};
    int status;

    memset(a, 0, sizeof *a);
    a->speed = 1000;
    a->files = argv + 1;
    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    if (a->file_count == 0)
        return usage_error("play", "name at least one demo script, e.g. "
                                   "'tlssim play handshake.demo'");
    if (a->loop && (a->headless || a->json || a->check))
        return usage_error("play", "--loop plays on screen for ever; it does not go with "
                                   "--headless, --json or --check");
    if (a->cast != NULL && (a->headless || a->json || a->check || a->loop ||
                            a->file_count != 1))
        return usage_error("play", "--cast records one script; it does not go with "
                                   "--headless, --json, --check or --loop");
    return CLI_GO_ON;
}

/* Load the script named arg: the file itself, or else the installed demo of
 * that name (with or without .demo) when arg has no '/'. */
static int load_script(const char *arg, struct demo_script *s)
{
    if (strchr(arg, '/') == NULL && access(arg, F_OK) != 0) {
        static const char *const suffixes[] = {"", ".demo"};
        for (size_t i = 0; i < 2; i++) {
            char path[4096];
            int n = snprintf(path, sizeof path, "%s/%s%s", TLSSIM_DEMOS_DIR, arg, suffixes[i]);
            if (n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0)
                return demo_load(path, s);
        }
    }
    return demo_load(arg, s);
}

/* The plain text shown for a stage, for `expect text`. */
static char *stage_text(const struct engine *e, int stage, void *ctx)
{
    return view_plain_stage_text(e, stage);
}

/* Play one script to out through view without waiting; returns the exit status. */
static int play_headless(const struct demo_script *s, const struct view_ops *view, FILE *out)
{
    struct demo_run *r = demo_run_new(s, stage_text, NULL);
    struct demo_action a;
    int status = 0;

    while (demo_run_next(r, &a) != DEMO_DO_END) {
        const struct engine *e = demo_run_engine(r);
        switch (a.what) {
        case DEMO_DO_START:
            view->header(out, e);
            break;
        case DEMO_DO_STAGE:
            view->stage(out, e, a.stage);
            break;
        case DEMO_DO_BACK:
            view->back(out, e, a.stage);
            break;
        case DEMO_DO_CAPTION:
            view->caption(out, e, a.text);
            break;
        case DEMO_DO_MARK:
            if (view->mark != NULL)
                view->mark(out, e, a.text);
            break;
        case DEMO_DO_RESULT:
            view->result(out, e);
            break;
        case DEMO_DO_FAILED:
        case DEMO_DO_ERROR:
            fflush(out);
            demo_run_print_problem(r, stderr);
            status = a.what == DEMO_DO_FAILED ? EXIT_CHECK_FAILED : EXIT_USAGE;
            break;
        case DEMO_DO_PAUSE:
        case DEMO_DO_SLEEP:
        case DEMO_DO_END:
            break;
        }
    }
    demo_run_free(r);
    return status;
}

/* Record script s into the file path as an asciicast; returns the exit
 * status (2, said on stderr, when the file cannot be written). */
static int play_cast(const struct demo_script *s, const struct play_args *a, const char *path)
{
    struct tui_play_settings play = {a->speed, false, false, NULL};
    struct tui_settings settings = {false, TUI_THEME_DEFAULT, false, NULL, NULL};
    bool quit = false;
    FILE *out = fopen(path, "w");

    if (out == NULL) {
        fprintf(stderr, "tlssim play: cannot write the recording %s: %s\n", path,
                strerror(errno));
        return EXIT_USAGE;
    }
    play.cast = out;
    int status = tui_play(s, stage_text, NULL, &play, &settings, &quit);
    if (fclose(out) != 0 && status == 0) {
        fprintf(stderr, "tlssim play: the recording %s could not be written in full\n", path);
        status = EXIT_USAGE;
    }
    return status;
}

/* Play the scripts one after another on the terminal, until one fails or
 * the presenter quits; returns the exit status. */
static int play_on_screen(const struct demo_script *scripts, int count, const struct play_args *a)
{
    struct tui_play_settings play = {a->speed, a->loop, false, NULL};
    struct tui_settings settings = {false, TUI_THEME_DEFAULT, false, NULL, NULL};
    int status = 0;

    for (int i = 0; i < count; i++) {
        bool quit = false;
        play.more = i + 1 < count;
        status = tui_play(&scripts[i], stage_text, NULL, &play, &settings, &quit);
        if (status != 0 || quit)
            break;
    }
    return status;
}

int cmd_play(int argc, char **argv)
{
    struct play_args a;
    struct demo_script *scripts = NULL;
    int status = parse_args(argc, argv, &a), loaded = 0;

    if (status != CLI_GO_ON)
        return status;
    status = 0;
    scripts = xcalloc((size_t)a.file_count, sizeof *scripts);
    for (; loaded < a.file_count; loaded++) {
        if (load_script(a.files[loaded], &scripts[loaded]) != 0) {
            diags_print(&scripts[loaded].errors, stderr);
            status = EXIT_USAGE;
        }
    }
    if (status != 0 || a.check)
        goto done;
    if (a.cast != NULL) {
        status = play_cast(&scripts[0], &a, a.cast);
        goto done;
    }
    if (!a.headless && !a.json && cli_can_use_tui()) {
        status = play_on_screen(scripts, a.file_count, &a);
        goto done;
    }
    const struct view_ops *view = a.json ? view_json_ops() : view_plain_ops();
    for (int i = 0; i < a.file_count; i++) {
        int st = play_headless(&scripts[i], view, stdout);
        if (st > status)
            status = st;
    }
done:
    for (int i = 0; i < loaded; i++)
        demo_script_free(&scripts[i]);
    free(scripts);
    return status;
}
