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
#include "tui/tui.h"
#include "base/text.h"
#include "views/view_json.h"
#include "views/view_plain.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FOLLOW_TIMEOUT_S 10      /* to connect, and for the presenter's first answer */
#define FOLLOW_QUIET_MS 30000    /* silence before a PING */
#define READ_CHUNK 4096

/* What follow's command line asks for. */
struct follow_args {
    const char *target;     /* HOST:PORT */
    const char *name;
    bool plain, json;
    long timeout_s;
};

/* The entry of follow (follow_command), made by the build from cli/usage/follow.txt. */
#include "cli/usage_follow.h"

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

/* What a STATE from the presenter is handed to: 0, or -1 with a sentence in err. */
typedef int (*state_fn)(void *ctx, const uint8_t *p, size_t len, char *err, size_t errlen);

/* The connection to the presenter and how it ends. */
struct follow_conn {
    int fd;
    const char *target;
    int timeout_s;
    struct net_reader in;
    bool welcomed, pinged, got_state;
    int64_t heard_ms;
    int status;                          /* -1 while following, then the exit status */
    char message[ENGINE_ERR_MAX + NET_FRAME_ERR_MAX + 160]; /* why it ended, shown last */
};

/* End the connection with status and the message to show. */
static void conn_end(struct follow_conn *c, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void conn_end(struct follow_conn *c, int status, const char *fmt, ...)
{
    va_list ap;

    c->status = status;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
}

/* Act on one frame from the presenter. */
static void on_frame(struct follow_conn *c, const struct net_frame *fr, state_fn show, void *ctx)
{
    char err[ENGINE_ERR_MAX + NET_FRAME_ERR_MAX], text[NET_REASON_MAX + 1];

    switch (fr->type) {
    case NET_FRAME_WELCOME:
        c->welcomed = true;
        return;
    case NET_FRAME_STATE:
        c->got_state = true;
        if (show(ctx, fr->payload, fr->len, err, sizeof err) != 0)
            conn_end(c, EXIT_CHECK_FAILED, "the presenter's run cannot be shown here: %s", err);
        return;
    case NET_FRAME_PING:
        if (send_frame(c->fd, NET_FRAME_PONG, NULL, 0) != 0)
            conn_end(c, EXIT_CHECK_FAILED, "%s", "the connection broke");
        return;
    case NET_FRAME_PONG:
        return;
    case NET_FRAME_BYE:
        memcpy(text, fr->payload, fr->len);   /* at most NET_REASON_MAX */
        text[fr->len] = '\0';
        char *shown = text_escape_controls(text);
        /* a presenter that ends the session is the normal end; one that
         * refuses us before any run (full, a bad HELLO) is a failure */
        conn_end(c, c->got_state ? 0 : EXIT_CHECK_FAILED,
                 "the presenter closed the connection: %s", shown);
        free(shown);
        return;
    case NET_FRAME_HELLO:
    case NET_FRAME_FLIGHT:
    case NET_FRAME_TRUST:
        break;
    }
    conn_end(c, EXIT_CHECK_FAILED, "the presenter sent a %s frame, which it never should",
             net_frame_type_name(fr->type));
}

/* Wait up to wait_ms for the presenter, read what came and act on every
 * frame, STATEs through show; false once the connection has ended
 * (c->status and c->message say how). */
static bool conn_pump(struct follow_conn *c, int wait_ms, state_fn show, void *ctx)
{
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
    uint8_t buf[READ_CHUNK];
    char err[NET_FRAME_ERR_MAX];
    struct net_frame fr;
    int64_t now;
    int rc = poll(&pfd, 1, wait_ms);

    now = net_now_ms();
    if (rc < 0 && errno != EINTR) {
        conn_end(c, EXIT_CHECK_FAILED, "waiting for the presenter failed: %s", strerror(errno));
        return false;
    }
    if (rc <= 0) {
        if (!c->got_state && now - c->heard_ms > (int64_t)c->timeout_s * 1000)
            conn_end(c, EXIT_CHECK_FAILED,
                     "%s accepted the connection but sent no run in time; is it a tlssim "
                     "presenter?", c->target);
        else if (now - c->heard_ms > 2 * FOLLOW_QUIET_MS)
            conn_end(c, EXIT_CHECK_FAILED, "%s", "the presenter has been silent for a minute");
        else if (now - c->heard_ms > FOLLOW_QUIET_MS && !c->pinged)
            c->pinged = send_frame(c->fd, NET_FRAME_PING, NULL, 0) == 0;
        return c->status < 0;
    }
    ssize_t got = net_recv_some(c->fd, buf, sizeof buf);
    if (got == -2)
        return true;
    if (got <= 0) {
        conn_end(c, EXIT_CHECK_FAILED, "the connection to %s was lost", c->target);
        return false;
    }
    c->heard_ms = now;
    c->pinged = false;
    net_reader_feed(&c->in, buf, (size_t)got);
    while (c->status < 0 && (rc = net_reader_next(&c->in, &fr, err, sizeof err)) != 0) {
        if (rc < 0)
            conn_end(c, EXIT_CHECK_FAILED, "this is no tlssim presenter: %s", err);
        else
            on_frame(c, &fr, show, ctx);
    }
    return c->status < 0;
}

/* Show a STATE as text, through the follower's view. */
static int show_as_text(void *ctx, const uint8_t *p, size_t len, char *err, size_t errlen)
{
    return show_state(ctx, p, len, err, errlen);
}

/* Follow as text until the presenter leaves, the connection fails or a
 * signal comes. */
static void follow_as_text(struct follow_conn *c, struct follower *f)
{
    while (conn_pump(c, 250, show_as_text, f)) {
        if (stop_signal != 0) {
            static const char bye[] = "the student left";
            (void)send_frame(c->fd, NET_FRAME_BYE, (const uint8_t *)bye, sizeof bye - 1);
            c->status = 0;
            c->message[0] = '\0';
            return;
        }
    }
}

/* The follower's screen: the connection, and the run the presenter last sent. */
struct follow_screen {
    struct follow_conn *conn;
    struct sim_options opts;
    int stage;
    bool shown;    /* the first run is on screen */
    char status[96];
};

/* Keep a STATE to show: decoded here, put on screen by screen_idle. */
static int keep_state(void *ctx, const uint8_t *p, size_t len, char *err, size_t errlen)
{
    struct follow_screen *fs = ctx;

    return net_state_decode(p, len, &fs->opts, &fs->stage, err, errlen);
}

/* The screen's loop turned: read what the presenter sent and show it. */
static bool screen_idle(void *ctx, struct tui *ui)
{
    struct follow_screen *fs = ctx;
    char err[ENGINE_ERR_MAX];
    int before = fs->stage;
    struct sim_options opts = fs->opts;

    if (!conn_pump(fs->conn, 0, keep_state, fs))
        return false;
    bool changed = !fs->shown || fs->stage != before || memcmp(&opts, &fs->opts, sizeof opts) != 0;
    fs->shown = true;
    if (changed && tui_show(ui, &fs->opts, fs->stage, err, sizeof err) != 0) {
        conn_end(fs->conn, EXIT_CHECK_FAILED, "the presenter's run cannot be shown here: %s",
                 err);
        return false;
    }
    return true;
}

/* The header's word: whom the screen follows. */
static void screen_status(void *ctx, char *buf, size_t size)
{
    const struct follow_screen *fs = ctx;

    snprintf(buf, size, "%s", fs->status);
}

/* Follow on the full screen: wait for the presenter's first run, then show
 * it and every change until the presenter leaves or the student quits. */
static void follow_on_screen(struct follow_conn *c, const char *name)
{
    struct follow_screen fs = {.conn = c, .stage = -1};
    struct tui_settings settings = {.animate = false, .theme = TUI_THEME_DEFAULT};

    while (fs.stage < 0 && conn_pump(c, 250, keep_state, &fs))
        if (stop_signal != 0)
            return;
    if (fs.stage < 0)
        return;
    snprintf(fs.status, sizeof fs.status, "following %.40s as %s", c->target, name);
    const struct tui_sync sync = {
        .ctx = &fs, .follower = true, .idle = screen_idle, .status = screen_status,
    };
    settings.sync = &sync;
    int status = tui_run(&fs.opts, &settings);
    if (c->status < 0) {   /* the student quit */
        static const char bye[] = "the student left";
        (void)send_frame(c->fd, NET_FRAME_BYE, (const uint8_t *)bye, sizeof bye - 1);
        c->status = status;
        c->message[0] = '\0';
    }
}

/* The name to give the presenter: --name, else $USER, else "student". */
static const char *default_name(void)
{
    const char *user = getenv("USER");

    return user != NULL && user[0] != '\0' ? user : "student";
}

int cmd_follow(int argc, char **argv)
{
    struct follow_args a = {.name = default_name(), .timeout_s = FOLLOW_TIMEOUT_S};
    struct cli_parser p = {.cmd = &follow_command, .argc = argc, .argv = argv, .fields = &a};
    int status;
    char host[256], port[16], err[NET_ERR_MAX];

    if ((status = cli_parse(&p)) != CLI_GO_ON)
        return status;
    if (net_split_host_port(a.target, "", host, sizeof host, port, sizeof port) != 0)
        return usage_error("follow", "'%s' is no HOST:PORT, such as 192.0.2.7:4455 or [::1]:4455",
                           a.target);
    size_t name_len = strlen(a.name);
    for (size_t i = 0; i < name_len; i++)
        if ((unsigned char)a.name[i] < 0x20 || a.name[i] == 0x7f)
            return usage_error("follow", "--name holds a control character");
    if (name_len == 0 || name_len > NET_NAME_MAX)
        return usage_error("follow", "--name wants 1 to %d bytes, not %zu", NET_NAME_MAX, name_len);

    cli_catch_stop(on_stop);
    int fd = net_connect(host, port, (int)a.timeout_s * 1000, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "tlssim follow: %s; is the presenter running 'tlssim walk --present %s'?\n",
                err, port);
        return EXIT_CHECK_FAILED;
    }
    struct bytes hello = {0};
    net_hello_encode(&hello, NET_ROLE_FOLLOWER, a.name);
    int rc = send_frame(fd, NET_FRAME_HELLO, hello.data, hello.len);
    bytes_free(&hello);
    struct follow_conn c = {.fd = fd, .target = a.target, .timeout_s = (int)a.timeout_s,
                            .heard_ms = net_now_ms(), .status = -1};
    struct follower f = {.view = a.json ? view_json_ops() : view_plain_ops(), .out = stdout};
    net_reader_init(&c.in);
    if (rc != 0)
        conn_end(&c, EXIT_CHECK_FAILED, "could not greet %s", a.target);
    else if (!a.plain && !a.json && cli_can_use_tui())
        follow_on_screen(&c, a.name);
    else
        follow_as_text(&c, &f);
    if (c.message[0] != '\0')
        fprintf(stderr, "tlssim follow: %s\n", c.message);
    status = c.status < 0 ? 0 : c.status;
    net_reader_free(&c.in);
    close(fd);
    engine_free(f.e);
    bytes_free(&f.options);
    return status;
}
