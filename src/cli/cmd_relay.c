/*
 * cmd_relay.c - `tlssim relay`: a student as Eve or Mallory between the
 * classroom's clients and the teacher's server (src/net/relay.c does the
 * work; this file reads the command line).
 */
#define _GNU_SOURCE
#include "base/crypt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "net/net_sock.h"
#include "net/relay.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;

/* What relay's command line asks for: the relay's settings, and what this
 * file does with the rest. */
struct relay_args {
    struct relay_config cfg;
    const char *to, *record;
    bool force;
    long max_clients, timeout_s;
};

enum relay_option { RELAY_LISTEN, RELAY_TAMPER, RELAY_FAULT };

/* Read --fault KIND:STAGE into cfg; 0 or the usage status. */
static int take_fault(const char *value, struct relay_config *cfg)
{
    static const struct { const char *name; enum relay_fault fault; } kinds[] = {
        {"drop", RELAY_FAULT_DROP},
        {"duplicate", RELAY_FAULT_DUPLICATE},
        {"reorder", RELAY_FAULT_REORDER},
    };
    const char *colon = strchr(value, ':');
    long stage;

    for (size_t i = 0; colon != NULL && i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strlen(kinds[i].name) != (size_t)(colon - value) ||
            strncmp(value, kinds[i].name, (size_t)(colon - value)) != 0)
            continue;
        if (cli_whole_number("relay", "--fault", colon + 1, 2, 8, "a whole number", &stage) != 0)
            return EXIT_USAGE;
        cfg->fault = kinds[i].fault;
        cfg->fault_stage = (int)stage;
        return 0;
    }
    return usage_error("relay", "--fault wants drop, duplicate or reorder, a colon and a "
                       "stage, e.g. drop:3; not '%s'", value);
}

/* Read what relay's table leaves to it: --listen, --tamper and --fault. */
static int take_relay_arg(struct cli_parser *p, int id)
{
    struct relay_config *cfg = &((struct relay_args *)p->fields)->cfg;
    long v;

    switch (id) {
    case RELAY_LISTEN:
        if (cli_whole_number("relay", "--listen", p->value, 0, 65535, "a whole number", &v) != 0)
            return EXIT_USAGE;
        cfg->listen_port = p->value;
        break;
    case RELAY_TAMPER:
        if (cli_whole_number("relay", "--tamper", p->value, 2, 8, "a whole number", &v) != 0)
            return EXIT_USAGE;
        if (!relay_stage_ok((int)v))
            return usage_error("relay", "--tamper %ld: stage %ld sends no message over the "
                               "network; try 2, 3, 5, 6, 7 or 8", v, v);
        cfg->tamper_stage = (int)v;
        break;
    case RELAY_FAULT:
        return take_fault(p->value, cfg);
    }
    return 0;
}

/* The entry of relay (relay_command), made by the build from cli/usage/relay.txt. */
#include "cli/usage_relay.h"

/* Note the signal; the loop stops at its next turn. */
static void on_signal(int sig)
{
    stop_signal = sig;
}

/* Read the command line into a and the server's host and port; CLI_GO_ON,
 * or the status to exit with (help shown or a usage error). */
static int parse_args(int argc, char **argv, struct relay_args *a, char *host, size_t hostlen,
                      char *port, size_t portlen)
{
    struct cli_parser p = {.cmd = &relay_command, .argc = argc, .argv = argv, .fields = a};
    struct relay_config *cfg = &a->cfg;
    int status;

    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    cfg->max_pairs = (size_t)a->max_clients;
    cfg->timeout_ms = (int)a->timeout_s * 1000;
    if (cfg->listen_port == NULL)
        return usage_error("relay", "which port do the clients connect to? e.g. --listen 9443");
    if (a->to == NULL)
        return usage_error("relay", "where is the server? e.g. --to 192.168.1.10:8443");
    if (net_split_host_port(a->to, "", host, hostlen, port, portlen) != 0 || port[0] == '\0')
        return usage_error("relay", "--to wants HOST:PORT, e.g. 192.168.1.10:8443; not '%s'",
                           a->to);
    if (cfg->mitm && cfg->tamper_stage != 0)
        return usage_error("relay", "--mitm and --tamper each change the messages; choose one");
    return CLI_GO_ON;
}

/* Open the recording for writing: a new file unless force; NULL after
 * saying why. */
static FILE *open_record(const char *path, bool force)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0644);
    if (fd < 0) {
        fprintf(stderr, "tlssim relay: cannot write the recording %s: %s%s\n", path,
                strerror(errno), errno == EEXIST ? " (add --force to replace it)" : "");
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL)
        close(fd);
    return f;
}

int cmd_relay(int argc, char **argv)
{
    struct relay_args a = {.cfg = {.out = stdout, .stop = &stop_signal}, .max_clients = 64,
                           .timeout_s = 90};
    struct relay_config *cfg = &a.cfg;
    char host[NET_ADDR_MAX], port[16], err[NET_ERR_MAX + 64];

    int rc = parse_args(argc, argv, &a, host, sizeof host, port, sizeof port);
    if (rc != CLI_GO_ON)
        return rc;
    cfg->to_host = host;
    cfg->to_port = port;
    if (a.record != NULL && (cfg->record = open_record(a.record, a.force)) == NULL)
        return EXIT_USAGE;
    cli_catch_stop(on_signal);
    struct crypt_rng rng;
    crypt_rng_from_system(&rng);
    crypt_rng_use(&rng);
    rc = relay_run(cfg, err, sizeof err);
    crypt_rng_use(NULL);
    crypt_wipe(&rng, sizeof rng);
    if (rc != 0)
        fprintf(stderr, "tlssim relay: %s\n", err);
    else
        printf("tlssim relay: stopped by %s\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    if (cfg->record != NULL && fclose(cfg->record) != 0) {
        fprintf(stderr, "tlssim relay: the recording %s could not be written in full: %s\n",
                a.record, strerror(errno));
        return EXIT_USAGE;
    }
    return rc != 0 ? EXIT_CHECK_FAILED : 0;
}
