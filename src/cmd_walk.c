/*
 * cmd_walk.c - `tlssim walk`: the classroom walkthrough.
 */
#include "cli.h"
#include "commands.h"
#include "engine.h"
#include "view_json.h"
#include "view_plain.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Print walk's help to out. */
static void walk_help(FILE *out)
{
    fputs("Usage: tlssim walk [OPTIONS]\n"
          "Step through the eight stages of a TLS handshake: keypair, client hello,\n"
          "server hello, session key, key exchange, unwrap, encrypt, decrypt.\n\n"
          "  --plain                print the whole walkthrough as text\n"
          "  --json                 print it as JSON Lines, one event a line\n",
          out);
    cli_print_sim_options(out);
    fputs("  -h, --help             show this help and exit\n", out);
}

/* Run every stage and write the transcript to out through view; returns the
 * exit status. */
static int walk_print(const struct sim_options *opts, const struct view_ops *view, FILE *out)
{
    struct engine *e;
    char err[ENGINE_ERR_MAX];

    if (engine_new(opts, &e, err, sizeof err) != 0) {
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

int cmd_walk(int argc, char **argv)
{
    struct sim_options opts;
    bool plain = false, json = false;

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
        if (strcmp(argv[i], "--plain") == 0) {
            plain = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            walk_help(stdout);
            return 0;
        } else {
            return usage_error("walk", "unknown option '%s'", argv[i]);
        }
    }
    (void)plain; /* the TUI is not built yet: every walk prints the transcript */
    return walk_print(&opts, json ? view_json_ops() : view_plain_ops(), stdout);
}
