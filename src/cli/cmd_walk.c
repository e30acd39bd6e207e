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
#include "tui/tui.h"
#include "views/view_json.h"
#include "views/view_plain.h"
#include "course/walk_record.h"
#include "course/sim_open.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Print walk's help to out. */
static void walk_help(FILE *out)
{
    fputs("Usage: tlssim walk [OPTIONS]\n"
          "Step through the eight stages of a TLS handshake: keypair, client hello,\n"
          "server hello, session key, key exchange, unwrap, encrypt, decrypt.\n\n"
          "On a terminal it opens a full-screen view; otherwise, or with --plain,\n"
          "it prints the whole walkthrough as text.\n\n"
          "  --plain                print the whole walkthrough as text\n"
          "  --json                 print it as JSON Lines, one event a line\n"
          "  --no-animation         do not let messages travel along the wire\n"
          "  --theme NAME           default, or contrast (bold, bright: for projectors)\n"
          "  --ascii                draw boxes with ASCII (automatic outside UTF-8 locales)\n"
          "  --record FILE          write the session (stages, what-ifs) as a demo script;\n"
          "                         without --seed, a seed is drawn so that it replays\n"
          "                         the same bytes\n",
          out);
    cli_print_sim_options(out);
    fputs("  -h, --help             show this help and exit\n\n"
          "Keys: Right/Space next, Left back, 1-8 a stage, Home/End first/last, Tab and\n"
          "Up/Down scroll a pane, x hex or decoded, v full values, i explain the\n"
          "certificate sent at stage 3 (Up/Down scroll, Esc closes), ? all keys, q or\n"
          "Ctrl-C quit.  What-ifs, each rerunning the handshake to the same stage:\n"
          "t tamper with this stage's message (again: off), m man in the middle (a\n"
          "failed certificate check asks \"Go back\" or \"Continue anyway\"), e ephemeral\n"
          "or key transport, k the server key leaks afterwards (at stage 8 both modes\n"
          "side by side from 160 columns, else o shows the other), c cycle the\n"
          "certificate, d downgrade, f Finished messages, p application-layer AES.\n"
          "NO_COLOR (set and not empty) turns colours off.  Quitting exits with status 0;\n"
          "a SIGINT, SIGTERM or SIGHUP from elsewhere restores the terminal and exits\n"
          "with 128 plus the signal number.\n",
          out);
}

/* Read --theme's value into *theme; 0, or -1 when it names no theme. */
static int parse_theme(const char *name, enum tui_theme_id *theme)
{
    if (strcmp(name, "default") == 0)
        *theme = TUI_THEME_DEFAULT;
    else if (strcmp(name, "contrast") == 0)
        *theme = TUI_THEME_CONTRAST;
    else
        return -1;
    return 0;
}

/* Run every stage and write the transcript to out through view; returns the
 * exit status. */
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
    engine_free(e);
    return 0;
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
                          const char *record)
{
    char err[SIM_OPTION_ERR_MAX];
    int status;

    if (record != NULL && walk_record_open(&tui->record, record, opts, err, sizeof err) != 0) {
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

int cmd_walk(int argc, char **argv)
{
    struct sim_options opts;
    struct tui_settings tui = {.animate = true, .theme = TUI_THEME_DEFAULT, .force_ascii = false};
    bool plain = false, json = false;
    const char *record = NULL;

    sim_options_default(&opts);
    for (int i = 1; i < argc; i++) {
        switch (cli_take_sim_option("walk", argc, argv, &i, &opts)) {
        case CLI_TAKEN:
            continue;
        case CLI_ERROR:
            return EXIT_USAGE;
        case CLI_NOT_MINE:
            break;
        }
        const char *theme = NULL;
        if (strcmp(argv[i], "--plain") == 0) {
            plain = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--no-animation") == 0) {
            tui.animate = false;
        } else if (strncmp(argv[i], "--record=", 9) == 0 || strcmp(argv[i], "--record") == 0) {
            record = argv[i][8] == '=' ? argv[i] + 9 : i + 1 < argc ? argv[++i] : NULL;
            if (record == NULL || record[0] == '\0')
                return usage_error("walk", "option --record needs a value (FILE)");
        } else if (strcmp(argv[i], "--ascii") == 0) {
            tui.force_ascii = true;
        } else if (strncmp(argv[i], "--theme=", 8) == 0 || strcmp(argv[i], "--theme") == 0) {
            theme = argv[i][7] == '=' ? argv[i] + 8 : i + 1 < argc ? argv[++i] : NULL;
            if (theme == NULL)
                return usage_error("walk", "option --theme needs a value (NAME)");
            if (parse_theme(theme, &tui.theme) != 0)
                return usage_error("walk", "unknown theme '%s' (default or contrast)", theme);
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            walk_help(stdout);
            return 0;
        } else {
            return usage_error("walk", "unknown option '%s'", argv[i]);
        }
    }
    if (record != NULL && (plain || json || !cli_can_use_tui()))
        return usage_error("walk", "--record writes down a session in the full-screen view; "
                                   "it does not go with --plain, --json or a pipe");
    if (json)
        return walk_print(&opts, view_json_ops(), stdout);
    if (plain || !cli_can_use_tui())
        return walk_print(&opts, view_plain_ops(), stdout);
    if (record != NULL && !opts.seeded)
        draw_seed(&opts);
    return walk_on_screen(&opts, &tui, record);
}
