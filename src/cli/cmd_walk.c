/*
 * cmd_walk.c - `tlssim walk`: the classroom walkthrough, as a TUI on a
 * terminal or as a plain transcript.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/crypt.h"
#include "engine/engine.h"
#include "net/net_sock.h"
#include "net/presenter.h"
#include "tui/tui.h"
#include "views/view_json.h"
#include "views/view_plain.h"
#include "course/walk_record.h"
#include "course/sim_open.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What walk's command line asks for, besides the engine's options. */
struct walk_args {
    bool plain, json, no_animation, ascii, force;
    const char *record, *present, *bind;
    enum tui_theme_id theme;
};

enum walk_option { WALK_THEME };

/* Read what walk's table leaves to it: --theme, default or contrast. */
static int take_walk_arg(struct cli_parser *p, int id)
{
    struct walk_args *a = p->fields;

    if (strcmp(p->value, "default") == 0)
        a->theme = TUI_THEME_DEFAULT;
    else if (strcmp(p->value, "contrast") == 0)
        a->theme = TUI_THEME_CONTRAST;
    else
        return usage_error("walk", "unknown theme '%s' (default or contrast)", p->value);
    return 0;
}

/* The entry of walk (walk_command), made by the build from cli/usage/walk.txt. */
#include "cli/usage_walk.h"

/* Run every stage and write the transcript to out through view; returns the
 * exit status: 0 when the handshake completed, 1 when a check stopped it
 * (aborted, or a record refused with an alert), 2 when it cannot run. */
static int walk_print(const struct sim_options *opts, const struct view_ops *view, FILE *out)
{
    struct engine *e;
    char err[ENGINE_ERR_MAX];

    if (sim_open_engine(opts, &e, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim walk: %s\n", err);
        return EXIT_USAGE;
    }
    view->header(out, e);
    for (int stage = 1; stage <= SIM_STAGE_COUNT; stage++) {
        engine_step(e);
        view->stage(out, e, stage);
    }
    view->result(out, e);
    int status = engine_result(e)->completed ? 0 : EXIT_CHECK_FAILED;
    engine_free(e);
    return status;
}

/* A recorded session must replay to the same screens, so a walk without
 * --seed that is recorded runs under a seed drawn from the system's
 * randomness; the header shows it, with the NOT SECURE badge. */
static void draw_seed(struct sim_options *opts)
{
    struct crypt_rng system;

    crypt_rng_from_system(&system);
    opts->seed = 0;
    for (size_t i = 0; i < sizeof opts->seed; i++)
        opts->seed = opts->seed << 8 | system.seed[i];
    opts->seeded = true;
    crypt_wipe(&system, sizeof system);
}

/* Run the full-screen walk, writing the session to the script at record
 * when it is not NULL; returns the exit status. */
static int walk_on_screen(const struct sim_options *opts, struct tui_settings *tui,
                          const char *record, bool force)
{
    char err[SIM_OPTION_ERR_MAX];
    int status;

    if (record != NULL && walk_record_open(&tui->record, record, opts, force, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim walk: %s\n", err);
        return EXIT_USAGE;
    }
    status = tui_run(opts, tui);
    if (walk_record_close(tui->record, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim walk: %s\n", err);
        if (status == 0)
            status = EXIT_USAGE;
    }
    return status;
}

/* The presenter as the walkthrough's sync: every change goes to the hub. */
static void present_changed(void *ctx, const struct sim_options *opts, int stage)
{
    presenter_publish(ctx, opts, stage);
}

/* Service the followers without waiting. */
static bool present_idle(void *ctx, struct tui *ui)
{
    (void)ui;
    presenter_service(ctx, 0);
    return true;
}

/* The header's word: the port and how many follow. */
static void present_status(void *ctx, char *buf, size_t size)
{
    presenter_status(ctx, buf, size);
}

/* Run the full-screen walk while followers follow it on port (on address
 * bind, or every address); returns the exit status. */
static int walk_presenting(const struct sim_options *opts, struct tui_settings *tui,
                           const char *record, bool force, const char *bind, const char *port)
{
    struct presenter presenter;
    char err[NET_ERR_MAX];

    if (strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
        strlen(port) == 0 || atoi(port) > 65535)
        return usage_error("walk", "--present wants a port number from 0 to 65535, such as 4455, not '%s'", port);
    if (presenter_open(&presenter, bind, port, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim walk: %s\n", err);
        return EXIT_CHECK_FAILED;
    }
    const struct tui_sync sync = {
        .ctx = &presenter,
        .changed = present_changed,
        .idle = present_idle,
        .status = present_status,
    };
    tui->sync = &sync;
    int status = walk_on_screen(opts, tui, record, force);
    presenter_close(&presenter);
    return status;
}

int cmd_walk(int argc, char **argv)
{
    struct sim_options opts;
    struct walk_args a = {.theme = TUI_THEME_DEFAULT};
    struct cli_parser p = {.cmd = &walk_command, .argc = argc, .argv = argv, .fields = &a,
                           .sim = &opts};
    int status;

    sim_options_default(&opts);
    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    struct tui_settings tui = {.animate = !a.no_animation, .theme = a.theme,
                               .force_ascii = a.ascii};
    if (a.force && a.record == NULL)
        return usage_error("walk", "--force goes with --record FILE");
    if (a.record != NULL && (a.plain || a.json || !cli_can_use_tui()))
        return usage_error("walk", "--record writes down a session in the full-screen view; "
                                   "it does not go with --plain, --json or a pipe");
    if (a.bind != NULL && a.present == NULL)
        return usage_error("walk", "--bind goes with --present");
    if (a.present != NULL && (a.plain || a.json || !cli_can_use_tui()))
        return usage_error("walk", "--present shares the full-screen view; it does not go with "
                                   "--plain, --json or a pipe");
    if (a.present != NULL && opts.certs_dir[0] != '\0')
        return usage_error("walk", "--present cannot share --certs: the followers' machines do "
                                   "not have your files");
    if (a.json)
        return walk_print(&opts, view_json_ops(), stdout);
    if (a.plain || !cli_can_use_tui())
        return walk_print(&opts, view_plain_ops(), stdout);
    if ((a.record != NULL || a.present != NULL) && !opts.seeded)
        draw_seed(&opts);
    if (a.present != NULL)
        return walk_presenting(&opts, &tui, a.record, a.force, a.bind, a.present);
    return walk_on_screen(&opts, &tui, a.record, a.force);
}
