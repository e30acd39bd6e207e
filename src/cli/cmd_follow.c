/*
 * cmd_follow.c - `tlssim follow`: a student's end of the classroom.  It
 * connects to a presenter (`tlssim walk --present PORT`), says the
 * student's name, and shows every stage the projector shows, computed on
 * this machine from the presenter's seed and options.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli/cli.h"
#include "cli/commands.h"
#include "engine/engine.h"
#include "net/frame.h"
#include "net/net_sock.h"
#include "net/present.h"
#include "views/view_json.h"
#include "views/view_plain.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FOLLOW_TIMEOUT_S 10      /* to connect, and for the presenter's first answer */
#define FOLLOW_QUIET_MS 30000    /* silence before a PING */
#define READ_CHUNK 4096

enum follow_option { FOLLOW_NAME, FOLLOW_PLAIN, FOLLOW_JSON, FOLLOW_TIMEOUT };

static const struct cli_option follow_options[] = {
    {"name", "NAME", "the name the presenter's screen shows for you (default: $USER)",
     FOLLOW_NAME},
    {"plain", NULL, "print each stage as text as the presenter moves (the default)",
     FOLLOW_PLAIN},
    {"json", NULL, "print each stage as JSON Lines", FOLLOW_JSON},
    {"timeout", "SECONDS", "how long to wait to connect and for the first answer (default 10)",
     FOLLOW_TIMEOUT},
    {NULL, NULL, NULL, 0},
};

/* Print follow's help to out. */
static void follow_help(FILE *out)
{
    fputs("Usage: tlssim follow [OPTIONS] HOST:PORT\n"
          "Follow the projector: connect to a presenter ('tlssim walk --present PORT')\n"
          "and show every stage it shows, as it shows it.  Your machine computes the\n"
          "same run from the presenter's seed and options; nothing secret crosses the\n"
          "network.\n\n",
          out);
    cli_print_options(out, follow_options);
    fputs("  -h, --help             show this help and exit\n\n"
          "Exit status: 0 when the presenter ends the session or you press Ctrl-C;\n"
          "1 when the presenter cannot be reached or the connection is lost;\n"
          "2 bad usage.\n",
          out);
}

static volatile sig_atomic_t stop_signal;

/* Note Ctrl-C (or a polite kill): the loop says goodbye and leaves. */
static void on_stop(int signo)
{
    stop_signal = signo;
}

/* What the follower shows, and where it stands. */
struct follower {
    const struct view_ops *view;
    FILE *out;
    struct engine *e;
    struct bytes options;   /* the options part of the last STATE shown */
    bool result_shown;
};

/* The options part of a STATE payload: everything after its first line. */
static void options_part(const uint8_t *p, size_t len, const uint8_t **rest, size_t *rest_len)
{
    const uint8_t *nl = memchr(p, '\n', len);

    *rest = nl ? nl + 1 : p + len;
    *rest_len = len - (size_t)(*rest - p);
}

/* Show the presenter's run: a new run when its options changed, then the
 * stages up to the one on the projector (or back to it); 0, or -1 with a
 * sentence in err. */
static int show_state(struct follower *f, const uint8_t *p, size_t len, char *err, size_t errlen)
{
    struct sim_options opts;
    int stage;
    const uint8_t *rest;
    size_t rest_len;

    if (net_state_decode(p, len, &opts, &stage, err, errlen) != 0)
        return -1;
    options_part(p, len, &rest, &rest_len);
    if (f->e == NULL || rest_len != f->options.len || memcmp(rest, f->options.data, rest_len) != 0) {
        struct engine *e;
        if (engine_new(&opts, &e, err, errlen) != 0)
            return -1;
        engine_free(f->e);
        f->e = e;
        f->options.len = 0;
        bytes_append(&f->options, rest, rest_len);
        f->result_shown = false;
        f->view->header(f->out, f->e);
    }
    int now = engine_stage(f->e);
    if (stage < now) {
        engine_goto(f->e, stage);
        f->view->back(f->out, f->e, stage);
        f->result_shown = false;
    }
    while (engine_stage(f->e) < stage) {
        engine_step(f->e);
        f->view->stage(f->out, f->e, engine_stage(f->e));
    }
    if (stage == SIM_STAGE_COUNT && !f->result_shown) {
        f->view->result(f->out, f->e);
        f->result_shown = true;
    }
    fflush(f->out);
    return 0;
}

/* Send one frame, waiting at most a little for a full socket; 0 or -1. */
static int send_frame(int fd, enum net_frame_type type, const uint8_t *payload, size_t len)
{
    struct bytes b = {0};
    size_t at = 0;
    int64_t deadline = net_now_ms() + FOLLOW_TIMEOUT_S * 1000;

    net_frame_encode(&b, type, payload, len);
    while (at < b.len && net_now_ms() < deadline) {
        ssize_t n = net_send_some(fd, b.data + at, b.len - at);
        if (n < 0)
            break;
        if (n == 0) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            (void)poll(&pfd, 1, 100);
        }
        at += (size_t)(n > 0 ? n : 0);
    }
    int rc = at == b.len ? 0 : -1;
    bytes_free(&b);
    return rc;
}

/* Act on one frame from the presenter: 1 to go on, 0 when the presenter
 * said goodbye, -1 on a fault (reported). */
static int on_frame(struct follower *f, int fd, const struct net_frame *fr, bool *welcomed)
{
    char err[ENGINE_ERR_MAX + NET_FRAME_ERR_MAX];

    switch (fr->type) {
    case NET_FRAME_WELCOME:
        *welcomed = true;
        return 1;
    case NET_FRAME_STATE:
        if (show_state(f, fr->payload, fr->len, err, sizeof err) != 0) {
            fprintf(stderr, "tlssim follow: the presenter's run cannot be shown here: %s\n",
                    err);
            return -1;
        }
        return 1;
    case NET_FRAME_PING:
        return send_frame(fd, NET_FRAME_PONG, NULL, 0) == 0 ? 1 : -1;
    case NET_FRAME_PONG:
        return 1;
    case NET_FRAME_BYE:
        fprintf(stderr, "tlssim follow: the presenter closed the connection: %.*s\n",
                (int)fr->len, (const char *)fr->payload);
        return 0;
    case NET_FRAME_HELLO:
        break;
    }
    fprintf(stderr, "tlssim follow: the presenter sent a %s frame, which it never should\n",
            net_frame_type_name(fr->type));
    return -1;
}

/* Follow the presenter on fd until it leaves, the connection fails or a
 * signal comes; returns the exit status. */
static int follow_loop(struct follower *f, int fd, const char *target, int timeout_s)
{
    struct net_reader r;
    struct net_frame fr;
    uint8_t buf[READ_CHUNK];
    char err[NET_FRAME_ERR_MAX];
    bool welcomed = false, pinged = false;
    int64_t heard = net_now_ms();
    int status = -1;

    net_reader_init(&r);
    while (status < 0) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int n = poll(&pfd, 1, 250);
        int64_t now = net_now_ms();
        if (stop_signal != 0) {
            static const char bye[] = "the student left";
            (void)send_frame(fd, NET_FRAME_BYE, (const uint8_t *)bye, sizeof bye - 1);
            status = 0;
            break;
        }
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "tlssim follow: waiting for the presenter failed: %s\n",
                    strerror(errno));
            status = EXIT_CHECK_FAILED;
            break;
        }
        if (n <= 0) {
            if (!welcomed && now - heard > (int64_t)timeout_s * 1000) {
                fprintf(stderr, "tlssim follow: %s accepted the connection but did not answer "
                                "within %d s; is it a tlssim presenter?\n", target, timeout_s);
                status = EXIT_CHECK_FAILED;
            } else if (now - heard > 2 * FOLLOW_QUIET_MS) {
                fprintf(stderr, "tlssim follow: the presenter has been silent for %d s; "
                                "giving up\n", 2 * FOLLOW_QUIET_MS / 1000);
                status = EXIT_CHECK_FAILED;
            } else if (now - heard > FOLLOW_QUIET_MS && !pinged) {
                pinged = send_frame(fd, NET_FRAME_PING, NULL, 0) == 0;
            }
            continue;
        }
        ssize_t got = net_recv_some(fd, buf, sizeof buf);
        if (got == -2)
            continue;
        if (got <= 0) {
            fprintf(stderr, "tlssim follow: the connection to %s was lost%s\n", target,
                    got == 0 ? " (the presenter closed it)" : "");
            status = EXIT_CHECK_FAILED;
            break;
        }
        heard = now;
        pinged = false;
        net_reader_feed(&r, buf, (size_t)got);
        int rc;
        while (status < 0 && (rc = net_reader_next(&r, &fr, err, sizeof err)) != 0) {
            if (rc < 0) {
                fprintf(stderr, "tlssim follow: %s is no tlssim presenter: %s\n", target, err);
                status = EXIT_CHECK_FAILED;
            } else if ((rc = on_frame(f, fd, &fr, &welcomed)) <= 0) {
                status = rc == 0 ? 0 : EXIT_CHECK_FAILED;
            }
        }
    }
    net_reader_free(&r);
    return status;
}

/* The name to give the presenter: --name, else $USER, else "student". */
static const char *default_name(void)
{
    const char *user = getenv("USER");

    return user != NULL && user[0] != '\0' ? user : "student";
}

int cmd_follow(int argc, char **argv)
{
    struct cli_parser p = {.command = "follow", .argc = argc, .argv = argv,
                           .table = follow_options};
    const char *target = NULL, *name = default_name();
    bool json = false;
    int timeout_s = FOLLOW_TIMEOUT_S, id;
    char host[256], port[16], err[NET_ERR_MAX];

    while ((id = cli_next(&p)) != CLI_END) {
        switch (id) {
        case FOLLOW_NAME:
            name = p.value;
            break;
        case FOLLOW_PLAIN:
            json = false;
            break;
        case FOLLOW_JSON:
            json = true;
            break;
        case FOLLOW_TIMEOUT:
            timeout_s = atoi(p.value);
            if (timeout_s < 1 || timeout_s > 600 || strspn(p.value, "0123456789") != strlen(p.value))
                return usage_error("follow", "--timeout wants whole seconds from 1 to 600, not '%s'",
                                   p.value);
            break;
        case CLI_ARG:
            if (target != NULL)
                return usage_error("follow", "one presenter at a time, not '%s' and '%s'", target,
                                   p.value);
            target = p.value;
            break;
        case CLI_HELP:
            follow_help(stdout);
            return 0;
        default:
            return EXIT_USAGE;
        }
    }
    if (target == NULL)
        return usage_error("follow", "name the presenter, e.g. 'tlssim follow 192.0.2.7:4455'");
    if (net_split_host_port(target, "", host, sizeof host, port, sizeof port) != 0)
        return usage_error("follow", "'%s' is no HOST:PORT, such as 192.0.2.7:4455 or [::1]:4455",
                           target);
    size_t name_len = strlen(name);
    for (size_t i = 0; i < name_len; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return usage_error("follow", "--name holds a control character");
    if (name_len == 0 || name_len > NET_NAME_MAX)
        return usage_error("follow", "--name wants 1 to %d bytes, not %zu", NET_NAME_MAX, name_len);

    net_ignore_sigpipe();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int fd = net_connect(host, port, timeout_s * 1000, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "tlssim follow: %s; is the presenter running 'tlssim walk --present %s'?\n",
                err, port);
        return EXIT_CHECK_FAILED;
    }
    struct bytes hello = {0};
    net_hello_encode(&hello, NET_ROLE_FOLLOWER, name);
    int rc = send_frame(fd, NET_FRAME_HELLO, hello.data, hello.len);
    bytes_free(&hello);
    struct follower f = {.view = json ? view_json_ops() : view_plain_ops(), .out = stdout};
    int status = rc == 0 ? follow_loop(&f, fd, target, timeout_s) : EXIT_CHECK_FAILED;
    if (rc != 0)
        fprintf(stderr, "tlssim follow: could not greet %s\n", target);
    close(fd);
    engine_free(f.e);
    bytes_free(&f.options);
    return status;
}
