/*
 * main.c - tlssim's entry point: finds the command in the table and runs it.
 */
#include "config.h"

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/crypt.h"
#include "base/exit_status.h"

#include <errno.h>
#include <stdbool.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const struct command commands[] = {
    {"walk", cmd_walk, "step through the eight-stage handshake (the default)"},
    {"lessons", cmd_lessons, "list the lessons and how far you have come in each"},
    {"learn", cmd_learn, "take a lesson (or carry on with the last one); --check a lesson file"},
    {"play", cmd_play, "play a demo script: on screen, as a transcript, or as JSON"},
    {"files", cmd_files, "write a CA, key, request and certificate as real files"},
    {"inspect", cmd_inspect, "explain a certificate, request or key file, field by field"},
    {"connect", cmd_connect, "connect to a real TLS 1.3 server and show each step"},
    {"serve", cmd_serve, "serve real TLS 1.3 with a 'tlssim files' set"},
    {"follow", cmd_follow, "follow the projector: show the stages a presenter shows"},
    {"relay", cmd_relay, "sit between clients and the server as Eve or Mallory"},
    {"eve", cmd_eve, "show what a leaked server key opens in a relay's recording"},
    {NULL, NULL, NULL},
};

/* Print the overview of every command to out. */
static void print_help(FILE *out)
{
    fputs("Usage: tlssim [COMMAND] [OPTIONS]\n"
          "See a TLS handshake happen, stage by stage, with real cryptography.\n\n"
          "Commands:\n",
          out);
    for (const struct command *c = commands; c->name != NULL; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fputs("\nWithout a command, tlssim runs 'walk': a full-screen walkthrough on a\n"
          "terminal, the plain transcript otherwise (or with --plain).\n"
          "'tlssim COMMAND --help' lists the options of a command.\n\n"
          "  -h, --help     show this help and exit\n"
          "  -V, --version  show the version and exit\n\n"
          "Exit status: 0 ok, 1 a failed check, 2 bad usage or a bad input file.\n",
          out);
}

/* Run the command that argv names; its exit status. */
static int run(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_help(stdout);
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        printf("%s %s (libsodium %s)\n", PACKAGE_NAME, PACKAGE_VERSION, crypt_library_version());
        return 0;
    }
    if (argc < 2 || argv[1][0] == '-')
        return cmd_walk(argc, argv);
    for (const struct command *c = commands; c->name != NULL; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    return usage_error(NULL, "unknown command '%s'", argv[1]);
}

/* Flush and close standard output, as every command's last act: a write
 * that failed (a full disk, /dev/full, a closed pipe) turns status into
 * EXIT_USAGE after saying so, for the output is not what was asked for. */
static int close_stdout(int status)
{
    errno = 0;
    bool failed = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    if (fclose(stdout) != 0 && !failed) {
        failed = true;
        e = errno;
    }
    if (!failed)
        return status;
    fprintf(stderr, "tlssim: the output could not be written in full: %s; check the disk or "
            "the pipe it goes to\n", e != 0 ? strerror(e) : "a write failed");
    return status > EXIT_USAGE ? status : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* A file past 'ulimit -f' is then a write error (EFBIG) that each
     * writer reports, not a signal that kills tlssim mid-write. */
    signal(SIGXFSZ, SIG_IGN);
    if (crypt_init() != 0) {
        fputs("tlssim: libsodium could not start; is the system's random source available?\n",
              stderr);
        return EXIT_CHECK_FAILED;
    }
    return close_stdout(run(argc, argv));
}
