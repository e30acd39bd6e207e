/*
 * cmd_serve.c - `tlssim serve`: a real TLS 1.3 server over a `tlssim
 * files` set.  One poll() loop serves every client; each answers one
 * HTTP/1.1 request with a page that names what was negotiated.  A slow or
 * silent client only ever waits for its own timeout; a client that reads
 * nothing of what it is sent is closed when its queue passes a limit or
 * stops moving for a timeout; the log never blocks the loop (see log_open).
 */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/net_report.h"
#include "net/flow_hub.h"
#include "net/net_sock.h"
#include "net/net_tls.h"
#include "net/net_wait.h"
#include "pki/certdir.h"
#include "tls13/conn.h"
#include "tui/tui_serve.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SERVE_CLIENTS_MAX 1024
#define SERVE_REQUEST_MAX 16384
#define ACCEPT_PAUSE_MS 200     /* after accept() ran out of file descriptors */
#define SERVE_BACKLOG 1024      /* a class connecting at once must not overflow it */
#define SERVE_OUT_MAX (128 * 1024)  /* bytes queued for one client that does not read */
#define SERVE_SNDBUF (64 * 1024)    /* the kernel's send buffer of each client socket */
#define LOG_QUEUE_MAX (256 * 1024)  /* log bytes waiting for a slow stdout */
#define LOG_FINAL_WAIT_MS 1000      /* how long the last log lines may wait at the end */

static volatile sig_atomic_t stop_signal;

/* What serve's command line sets besides the protocols and the what-ifs. */
struct serve_args {
    const char *port, *dir, *bind;
    bool plain;
    long max_clients, timeout_s;    /* 0: not given */
};

enum serve_option { SERVE_PROTOCOL, SERVE_MODE, SERVE_CIPHER, SERVE_FINISHED,
                    SERVE_CERT_KIND };

/* The entry of serve (serve_command), made by the build from cli/usage/serve.txt. */
#include "cli/usage_serve.h"

struct serve;

/* One client: its socket, its connection and where it is. */
struct client {
    struct serve *srv;
    int fd;                     /* -1: a free slot */
    unsigned id;
    char prefix[NET_ADDR_MAX + 16];
    struct tls13_conn conn;
    int64_t deadline;
    int64_t stalled_since;      /* when out last held bytes the socket took none of; 0 */
    bool answered, eof;
    bool half_closed;           /* answered and shut down for writing */
    bool dispatched;            /* its first byte said TLS 1.3 */
    struct flow_roster_entry entry;  /* its row on the dashboard */
};

/* serve's log on its way to stdout: lines wait here, and are written when
 * stdout takes them, so that a slow reader of the log never stalls the
 * clients; past LOG_QUEUE_MAX lines are dropped and counted. */
struct log_queue {
    int fd;                     /* stdout, or a non-blocking descriptor of it */
    bool nonblocking;
    bool broken;                /* stdout is gone (EPIPE ...): the log is dropped */
    struct bytes pending;
    size_t dropped;             /* lines dropped since the last note of it */
};

struct serve {
    const char *bind;           /* the address to listen on, or NULL for every one */
    bool plain;
    int timeout_ms;             /* TLS 1.3 clients */
    int teach_timeout_ms;       /* the eight-stage flow: people press a key per flight */
    size_t max;
    struct certdir cd;
    struct net_keylog keylog;
    struct client *clients;
    unsigned next_id;
    struct log_queue logq;
    FILE *log;                  /* every log line goes here, into logq */
    bool teach, tls13;          /* the protocols served */
    struct flow_settings what_ifs;
    struct flow_hub hub;        /* the eight-stage connections */
    struct tui_serve *dash;     /* the dashboard on a terminal, or NULL */
    bool dash_quit;             /* the teacher stopped it from the dashboard */
    FILE *dash_tty;             /* the terminal the dashboard draws on */
    int saved_stdout;           /* standard output while the dashboard owns it */
};

/* The FILE the log is printed to: queue what it is given (a whole line at a
 * time, as it is line-buffered), or count it as dropped when the queue is full. */
static ssize_t log_queue_write(void *cookie, const char *buf, size_t len)
{
    struct log_queue *q = cookie;

    if (q->broken)
        return (ssize_t)len;
    if (q->pending.len + len > LOG_QUEUE_MAX) {
        q->dropped++;
        return (ssize_t)len;
    }
    if (q->dropped > 0) {
        char note[128];
        int n = snprintf(note, sizeof note, "tlssim serve: %zu log lines dropped: stdout did "
                         "not take them in time\n", q->dropped);
        bytes_append(&q->pending, note, (size_t)n);
        q->dropped = 0;
    }
    bytes_append(&q->pending, buf, len);
    return (ssize_t)len;
}

/* Open the log.  A pipe, socket or terminal can block a writer; rather than
 * set O_NONBLOCK on stdout itself, which the shell or the reader shares and
 * would then see, the log writes through a second open file description of
 * it (/proc/self/fd/1) that alone is non-blocking.  A regular file never
 * blocks for long and is written as it is; so is stdout where /proc is
 * missing or it cannot be opened again (a socket). */
static void log_open(struct serve *s)
{
    static const cookie_io_functions_t io = {.write = log_queue_write};
    struct log_queue *q = &s->logq;
    struct stat st;

    fflush(stdout);
    q->fd = STDOUT_FILENO;
    if (fstat(STDOUT_FILENO, &st) == 0 && !S_ISREG(st.st_mode)) {
        int fd = open("/proc/self/fd/1", O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC |
                      O_NOCTTY);
        if (fd >= 0) {
            q->fd = fd;
            q->nonblocking = true;
        }
    }
    s->log = fopencookie(q, "w", io);
    if (s->log == NULL)
        s->log = stdout;
    else
        setvbuf(s->log, NULL, _IOLBF, 0);
}

/* Write what stdout takes now of the queued log (all of it when stdout is
 * blocking); a stdout that is gone ends the log, never the server. */
static void log_flush(struct log_queue *q)
{
    while (q->pending.len > 0 && !q->broken) {
        ssize_t n = write(q->fd, q->pending.data, q->pending.len);
        if (n > 0) {
            memmove(q->pending.data, q->pending.data + n, q->pending.len - (size_t)n);
            q->pending.len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            q->broken = true;
        }
    }
}

/* Close the log: the last lines, and how many were dropped, get
 * LOG_FINAL_WAIT_MS to go out. */
static void log_close(struct serve *s)
{
    struct log_queue *q = &s->logq;
    int64_t until = net_now_ms() + LOG_FINAL_WAIT_MS;

    if (s->log != stdout && s->log != NULL)
        fclose(s->log);
    s->log = NULL;
    if (q->dropped > 0) {
        char note[128];
        int n = snprintf(note, sizeof note, "tlssim serve: %zu log lines dropped: stdout did "
                         "not take them in time\n", q->dropped);
        bytes_append(&q->pending, note, (size_t)n);
    }
    for (log_flush(q); q->pending.len > 0 && !q->broken && net_now_ms() < until; log_flush(q)) {
        struct pollfd pfd = {q->fd, POLLOUT, 0};
        (void)!poll(&pfd, 1, (int)(until - net_now_ms()));
    }
    if (q->fd != STDOUT_FILENO)
        close(q->fd);
    bytes_free(&q->pending);
}

/* Note the signal; the loop stops at its next turn. */
static void on_signal(int sig)
{
    stop_signal = sig;
}

/* Report one step of a client's connection. */
static void on_step(void *ctx, const struct tls13_step *step)
{
    struct client *cl = ctx;

    if (step->keylog != NULL)
        net_keylog_write(&cl->srv->keylog, step->keylog, cl->conn.client_random, step->value,
                         step->value_len);
    if (cl->srv->plain)
        net_report_plain(cl->srv->log, cl->prefix, step);
    if (step->stage > cl->entry.stage)
        cl->entry.stage = step->stage;
}

/* The open TLS 1.3 connections as dashboard rows: the i-th into *row. */
static bool tls13_row(const void *ctx, size_t i, struct flow_roster_entry *row)
{
    const struct serve *s = ctx;

    for (size_t k = 0; k < s->max; k++) {
        const struct client *cl = &s->clients[k];
        if (cl->fd < 0 || !cl->dispatched || i-- > 0)
            continue;
        *row = cl->entry;
        row->outcome = FLOW_OUTCOME_RUNNING;
        return true;
    }
    return false;
}

/* Name cl's row after the HTTP client that sent req (its User-Agent). */
static void name_from_request(struct client *cl, const char *req, size_t len)
{
    static const char ua[] = "\r\nUser-Agent: ";
    const char *at = memmem(req, len, ua, sizeof ua - 1);

    if (at == NULL)
        return;
    at += sizeof ua - 1;
    size_t n = 0, room = (size_t)(req + len - at);
    while (n < room && n < NET_NAME_MAX && at[n] != '\r' && at[n] != '\n')
        n++;
    for (size_t i = 0; i < n; i++)
        cl->entry.name[i] = (unsigned char)at[i] < 0x20 || at[i] == 0x7f ? '?' : at[i];
    cl->entry.name[n] = '\0';
}

/* Append text to out with <, >, & and " escaped for HTML. */
static void html_append(struct bytes *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        const char *esc = ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : ch == '&' ? "&amp;"
                          : ch == '"' ? "&quot;" : NULL;
        if (esc != NULL)
            bytes_append(out, esc, strlen(esc));
        else if ((unsigned char)ch >= 0x20)
            bytes_append_byte(out, (uint8_t)ch);
    }
}

/* Queue the page that answers cl's request, then close_notify. */
static void answer(struct client *cl)
{
    struct bytes page = {0}, head = {0};
    const struct tls13_conn *c = &cl->conn;
    const char *req = (const char *)c->app_in.data;
    const char *eol = memchr(req, '\r', c->app_in.len);
    size_t req_len = eol != NULL ? (size_t)(eol - req) : c->app_in.len;
    static const char top[] =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tlssim: TLS 1.3</title>"
        "</head>\n<body><h1>Hello from tlssim</h1>\n<p>This page came over real TLS 1.3; "
        "every key was computed with libsodium.</p>\n<ul>\n<li>protocol: TLS 1.3</li>\n"
        "<li>cipher suite: TLS_CHACHA20_POLY1305_SHA256</li>\n<li>key exchange: X25519 "
        "(ECDHE, forward secrecy)</li>\n<li>signature: Ed25519 (0x0807)</li>\n"
        "<li>server name asked for: ";

    bytes_append(&page, top, sizeof top - 1);
    html_append(&page, c->server_name[0] ? c->server_name : "(none)",
                c->server_name[0] ? strlen(c->server_name) : 6);
    bytes_append(&page, "</li>\n<li>request: ", 19);
    html_append(&page, req, req_len < 200 ? req_len : 200);
    bytes_append(&page, "</li>\n</ul>\n</body></html>\n", 27);
    char *h = xasprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        "Content-Length: %zu\r\nConnection: close\r\n\r\n", page.len);
    bytes_append(&head, h, strlen(h));
    bytes_append(&head, page.data, page.len);
    free(h);
    name_from_request(cl, req, c->app_in.len);
    snprintf(cl->entry.reason, sizeof cl->entry.reason, "answered \"%.*s\"",
             (int)(req_len < 120 ? req_len : 120), req);
    (void)!tls13_conn_send(&cl->conn, head.data, head.len);
    tls13_conn_close(&cl->conn);
    cl->answered = true;
    cl->deadline = net_now_ms() + cl->srv->timeout_ms;   /* to send it; bytes in do not extend it */
    fprintf(cl->srv->log, "%s answered \"%.*s\"\n", cl->prefix,
            (int)(req_len < 200 ? req_len : 200), req);
    bytes_free(&page);
    bytes_free(&head);
}

/* Log how cl ended, give its row to the dashboard and free its slot. */
static void finish(struct client *cl)
{
    const struct tls13_conn *c = &cl->conn;
    struct flow_roster_entry *e = &cl->entry;

    bool not_reading = c->err.id != NULL && strcmp(c->err.id, "tls13.peer.not_reading") == 0;
    bool failed = c->state == TLS13_ST_FAILED && (!cl->answered || not_reading);
    e->outcome = !failed && cl->answered ? FLOW_OUTCOME_COMPLETED
                 : failed && c->err.id != NULL && strncmp(c->err.id, "tls13.peer.", 11) != 0
                       && strcmp(c->err.id, "tls13.server.stopped") != 0
                     ? FLOW_OUTCOME_FAILED : FLOW_OUTCOME_DROPPED;
    if (failed)
        snprintf(e->reason, sizeof e->reason, "%.*s", NET_REASON_MAX, c->err.message);
    else if (!cl->answered)
        snprintf(e->reason, sizeof e->reason, "closed without a request");
    if (cl->dispatched)
        flow_hub_ended(&cl->srv->hub, e);
    if (failed) {
        char sent[96] = "";
        if (!c->alert_received && c->err.alert != TLS13_ALERT_CLOSE_NOTIFY)
            snprintf(sent, sizeof sent, " (sent the alert %s)", tls13_alert_name(c->err.alert));
        fprintf(cl->srv->log, "%s failed: %s [%s]%s\n", cl->prefix, c->err.message,
               c->err.id != NULL ? c->err.id : "tls13", sent);
    } else {
        fprintf(cl->srv->log, "%s closed%s\n", cl->prefix,
                cl->answered ? "" : " without a request");
    }
    close(cl->fd);
    cl->fd = -1;
    tls13_conn_free(&cl->conn);
}

/* Take waiting connections into free slots; false when accept() failed
 * for want of resources (too many open files), so the loop pauses it. */
static bool admit(struct serve *s, int listener)
{
    char addr[NET_ADDR_MAX];

    for (size_t i = 0; i < s->max; i++) {
        struct client *cl = &s->clients[i];
        if (cl->fd >= 0)
            continue;
        errno = 0;
        int fd = net_accept(listener, addr, sizeof addr);
        if (fd < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
                   errno == ECONNABORTED || errno == 0;
        /* A fixed send buffer bounds what the kernel holds for a client that
         * does not read (autotuning would let it grow to megabytes). */
        int sndbuf = SERVE_SNDBUF;
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        memset(cl, 0, sizeof *cl);
        cl->srv = s;
        cl->fd = fd;
        cl->id = ++s->next_id;
        snprintf(cl->prefix, sizeof cl->prefix, "#%u %s", cl->id, addr);
        cl->entry.id = cl->id;
        cl->entry.tls13 = true;
        snprintf(cl->entry.addr, sizeof cl->entry.addr, "%s", cl->prefix);
        struct tls13_config cfg = {.cert_der = s->cd.server_cert.data,
                                   .cert_len = s->cd.server_cert.len,
                                   .inter_der = s->cd.chain ? s->cd.inter_cert.data : NULL,
                                   .inter_len = s->cd.chain ? s->cd.inter_cert.len : 0,
                                   .sign_sk = s->cd.server_sk, .on_step = on_step, .ctx = cl};
        tls13_conn_init(&cl->conn, TLS13_SERVER, &cfg);
        cl->deadline = net_now_ms() + s->timeout_ms;
        fprintf(s->log, "%s connected\n", cl->prefix);
    }
    return true;
}

/* Read what cl sent, if poll() said so, and act on a closed or broken socket. */
static void take_input(struct serve *s, struct client *cl, short revents, int64_t now)
{
    struct tls13_conn *c = &cl->conn;

    if (!(revents & (POLLIN | POLLHUP | POLLERR)) || cl->eof)
        return;
    enum net_read got = net_tls_read(cl->fd, c);
    /* The handshake must end within one timeout of the accept, however
     * slowly its bytes trickle in; after it, bytes are activity until the
     * answer, which must then go out within its own timeout. */
    if (got == NET_READ_FED && tls13_conn_established(c) && !cl->answered)
        cl->deadline = now + s->timeout_ms;
    if (cl->answered)
        bytes_free(&c->app_in);     /* one request a connection: the rest is dropped */
    if (got == NET_READ_BROKEN && tls13_conn_established(c))
        tls13_conn_abort(c, "tls13.peer.closed", cl->answered
                         ? "the client's connection broke (reset) after its answer"
                         : "the client's connection broke (reset) after the handshake, before "
                           "it sent a whole request");
    else if (got == NET_READ_BROKEN || (got == NET_READ_EOF && !tls13_conn_established(c)))
        tls13_conn_abort(c, "tls13.peer.closed", "the client closed the connection before "
                         "the handshake was complete");
    else if (got == NET_READ_EOF)
        cl->eof = true;
}

/* Send what cl's socket takes; a client that leaves more than SERVE_OUT_MAX
 * bytes unread, or reads none of them for a whole timeout, is closed. */
static void send_output(struct serve *s, struct client *cl, int64_t now)
{
    struct tls13_conn *c = &cl->conn;
    size_t before = c->out.len;
    char why[192];

    if (c->out.len > SERVE_OUT_MAX) {
        snprintf(why, sizeof why, "the client reads nothing of what it asks for: %zu bytes of "
                 "answers (KeyUpdate or other) waited for it, more than the %d tlssim keeps; "
                 "tlssim closed it", c->out.len, SERVE_OUT_MAX);
        tls13_conn_abort(c, "tls13.peer.not_reading", why);
        return;
    }
    if (net_tls_flush(cl->fd, c) != 0) {
        tls13_conn_abort(c, "tls13.peer.closed", "the connection broke while sending");
        return;
    }
    if (c->out.len == 0 || c->out.len < before)
        cl->stalled_since = c->out.len == 0 ? 0 : now;
    else if (cl->stalled_since == 0)
        cl->stalled_since = now;
    if (cl->stalled_since != 0 && now - cl->stalled_since >= s->timeout_ms) {
        snprintf(why, sizeof why, "the client read none of the %zu bytes waiting for it%s for "
                 "the whole timeout; tlssim closed it", c->out.len,
                 cl->answered ? " (its answer among them)" : "");
        tls13_conn_abort(c, "tls13.peer.not_reading", why);
    }
}

/* Look at a new connection's first byte: the classroom protocol's version
 * hands it to the hub (true: the slot is free again), anything else stays
 * on the TLS 1.3 path. */
static bool dispatch(struct serve *s, struct client *cl)
{
    int first = net_peek_byte(cl->fd);

    if (first == -2)
        return false;
    cl->dispatched = true;
    if (first == NET_PROTOCOL_VERSION && s->teach) {
        flow_hub_take(&s->hub, cl->fd, cl->prefix, cl->id, net_now_ms());
        cl->fd = -1;
        tls13_conn_free(&cl->conn);
        return true;
    }
    if (first >= 0 && !s->tls13) {
        fprintf(s->log, "%s refused: serve --protocol teach takes only the eight-stage flow\n",
                cl->prefix);
        close(cl->fd);
        cl->fd = -1;
        tls13_conn_free(&cl->conn);
        return true;
    }
    return false;
}

/* Move one client on after poll() said revents; ends it when it is done. */
static void serve_client(struct serve *s, struct client *cl, short revents)
{
    struct tls13_conn *c = &cl->conn;
    int64_t now = net_now_ms();

    if (!cl->dispatched && (revents & (POLLIN | POLLHUP | POLLERR)) && dispatch(s, cl))
        return;
    take_input(s, cl, revents, now);
    if (tls13_conn_established(c) && !cl->answered && c->app_in.len > 0 &&
        (memmem(c->app_in.data, c->app_in.len, "\r\n\r\n", 4) != NULL ||
         memmem(c->app_in.data, c->app_in.len, "\n\n", 2) != NULL ||
         c->app_in.len >= SERVE_REQUEST_MAX || (cl->eof && c->app_in.len > 0)))
        answer(cl);
    if (now >= cl->deadline && !cl->answered)
        tls13_conn_abort(c, "tls13.peer.timeout", "the client sent nothing for the whole "
                         "timeout; tlssim dropped it");
    if (c->state != TLS13_ST_FAILED)
        send_output(s, cl, now);
    else
        (void)!net_tls_flush(cl->fd, c);    /* the alert, if the socket takes it */
    if (cl->answered && c->out.len == 0 && !cl->half_closed) {
        /* Say we are done, but read on until the client closes too: closing
         * with its bytes unread would reset the connection and could cut
         * off the page before the client has read it. */
        shutdown(cl->fd, SHUT_WR);
        cl->half_closed = true;
        cl->deadline = now + (s->timeout_ms < 2000 ? s->timeout_ms : 2000);
    }
    bool over = c->state == TLS13_ST_FAILED || cl->eof || c->state == TLS13_ST_CLOSED ||
                (cl->half_closed && now >= cl->deadline);
    if (over && (c->out.len == 0 || c->state == TLS13_ST_FAILED || now >= cl->deadline))
        finish(cl);
}

/* The loop: accept, read, answer, time out, until a signal; 0, or the
 * errno of a poll() that failed. */
static int serve_loop(struct serve *s, int listener)
{
    struct pollfd *pfds = xcalloc(2 * s->max + 3, sizeof *pfds);
    int64_t accept_paused_until = 0;
    int failed = 0;

    while (!stop_signal && failed == 0) {
        size_t n = 0, used = 0;
        int64_t now = net_now_ms(), wait = 1000;
        for (size_t i = 0; i < s->max; i++) {
            struct client *cl = &s->clients[i];
            if (cl->fd < 0)
                continue;
            used++;
            pfds[n++] = (struct pollfd){cl->fd, (short)((cl->eof ? 0 : POLLIN) |
                                                        (cl->conn.out.len ? POLLOUT : 0)), 0};
            int64_t due = cl->deadline;
            if (cl->stalled_since != 0 && cl->stalled_since + s->timeout_ms < due)
                due = cl->stalled_since + s->timeout_ms;
            net_wait_until(&wait, now, due);
        }
        size_t first_hub = n;
        n += flow_hub_poll_fill(&s->hub, pfds + n, now, &wait);
        size_t keys_at = n;
        if (s->dash != NULL) {
            pfds[n++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
            wait = wait < 250 ? wait : 250;   /* the dashboard redraws at least 4 times a second */
        }
        log_flush(&s->logq);
        bool log_waits = s->logq.nonblocking && s->logq.pending.len > 0 && !s->logq.broken;
        bool listening = used < s->max && now >= accept_paused_until;
        pfds[n++] = (struct pollfd){listener, listening ? POLLIN : 0, 0};
        pfds[n++] = (struct pollfd){log_waits ? s->logq.fd : -1, POLLOUT, 0};
        if (!listening && used < s->max)
            net_wait_until(&wait, now, accept_paused_until);
        if (!net_wait(pfds, n, wait, &failed))
            continue;
        size_t k = 0;
        for (size_t i = 0; i < s->max; i++)
            if (s->clients[i].fd >= 0 && k < first_hub)
                serve_client(s, &s->clients[i], pfds[k++].revents);
        flow_hub_serve(&s->hub, pfds + first_hub, keys_at - first_hub, net_now_ms());
        if (s->dash != NULL) {
            if (tui_serve_keys(s->dash, &s->hub)) {
                s->dash_quit = true;
                break;
            }
            tui_serve_draw(s->dash, &s->hub);
        }
        if ((pfds[n - 2].revents & POLLIN) && !admit(s, listener))
            accept_paused_until = net_now_ms() + ACCEPT_PAUSE_MS;
    }
    free(pfds);
    return failed;
}

/* On a terminal, without --plain: the dashboard takes the screen, and the
 * lines serve would print go to /dev/null meanwhile (--plain keeps them). */
static void open_dashboard(struct serve *s, unsigned port)
{
    char hex[FLOW_FINGERPRINT_HEX + 1], pretty[96], title[320];
    const struct bytes *ca = s->cd.self_signed ? &s->cd.server_cert : &s->cd.ca_cert;

    s->saved_stdout = -1;
    if (s->plain || !s->teach || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return;
    flow_fingerprint(ca->data, ca->len, hex);
    flow_fingerprint_pretty(hex, pretty);
    snprintf(title, sizeof title, "tlssim serve  port %u  %s", port, s->cd.host);
    fflush(s->log);
    log_flush(&s->logq);
    fflush(stdout);
    int tty_fd = dup(STDOUT_FILENO), null_fd = open("/dev/null", O_WRONLY);
    FILE *tty = tty_fd >= 0 ? fdopen(tty_fd, "w") : NULL;
    if (tty == NULL || null_fd < 0) {
        if (tty_fd >= 0)
            close(tty_fd);
        if (null_fd >= 0)
            close(null_fd);
        return;
    }
    s->dash = tui_serve_open(tty, stdin, title, pretty);
    if (s->dash == NULL) {
        fclose(tty);
        close(null_fd);
        return;
    }
    s->saved_stdout = dup(STDOUT_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    close(null_fd);
    s->hub.log = NULL;
    s->hub.record_cap = FLOW_RECORD_CAP;   /* Enter shows a connection's server panes */
    s->logq.broken = true;      /* the dashboard shows the lines; --plain keeps them */
    s->dash_tty = tty;
}

/* Give the terminal back and standard output its place again. */
static void close_dashboard(struct serve *s)
{
    if (s->dash == NULL)
        return;
    tui_serve_close(s->dash);
    s->dash = NULL;
    fclose(s->dash_tty);
    fflush(stdout);
    dup2(s->saved_stdout, STDOUT_FILENO);
    close(s->saved_stdout);
    fflush(s->log);
    s->logq.pending.len = 0;
    s->logq.broken = false;
    s->hub.log = s->log;
    fprintf(s->log, "tlssim serve: %u completed, %u failed, %u dropped, %u refused; %u of "
            "them TLS 1.3\n", s->hub.completed, s->hub.failed, s->hub.dropped, s->hub.refused,
            s->hub.tls13);
}

/* Say what the eight-stage flow offers: the what-ifs in force and the CA's
 * fingerprint students compare. */
static void print_teach_banner(const struct serve *s)
{
    char hex[FLOW_FINGERPRINT_HEX + 1], pretty[96];
    const struct bytes *ca = s->cd.self_signed ? &s->cd.server_cert : &s->cd.ca_cert;

    if (!s->teach)
        return;
    flow_fingerprint(ca->data, ca->len, hex);
    flow_fingerprint_pretty(hex, pretty);
    fprintf(s->log, "tlssim serve: the eight-stage flow ('tlssim connect') on the same port: "
            "%s mode, %s, Finished %s, certificate %s\n", sim_mode_name(s->what_ifs.mode),
            crypt_aead_name(s->what_ifs.cipher), s->what_ifs.finished ? "on" : "off",
            sim_cert_name(s->what_ifs.cert));
    fprintf(s->log, "tlssim serve: students compare the CA's SHA-256 fingerprint:\n  %s\n",
            pretty);
}

/* Set one what-if of the eight-stage flow from the command line; 0 or the
 * usage status. */
static int take_what_if(struct serve *s, int id, const char *value)
{
    struct sim_options o;
    char err[SIM_OPTION_ERR_MAX];
    const char *name = id == SERVE_MODE ? "mode" : id == SERVE_CIPHER ? "cipher"
                       : id == SERVE_FINISHED ? "finished" : "cert";

    sim_options_default(&o);
    if (sim_options_set(&o, name, value, err, sizeof err) != 0)
        return usage_error("serve", "%s", strncmp(err, "--cert ", 7) == 0 ? err + 7 : err);
    if (id == SERVE_MODE)
        s->what_ifs.mode = o.mode;
    else if (id == SERVE_CIPHER)
        s->what_ifs.cipher = o.cipher;
    else if (id == SERVE_FINISHED)
        s->what_ifs.finished = true;
    else if (!flow_cert_kind_ok(o.cert))
        return usage_error("serve", "--cert-kind wants ca, expired, wrong-name, self-signed "
                           "or untrusted, not '%s'", value);
    else
        s->what_ifs.cert = o.cert;
    if (id == SERVE_CIPHER && !crypt_aead_available(o.cipher))
        return usage_error("serve", "--cipher aes256gcm needs AES-NI, which this processor "
                           "lacks");
    return 0;
}

/* Read the command line into s and the port and directory; 0, 1 for --help,
 * or the usage status. */
static int parse_args(int argc, char **argv, struct serve *s, const char **port,
                      const char **dir)
{
    struct serve_args a = {0};
    struct cli_parser p = {.cmd = &serve_command, .argc = argc, .argv = argv, .fields = &a};
    int id;

    while ((id = cli_next(&p)) != CLI_END) {
        switch (id) {
        case SERVE_PROTOCOL:
            if (strcmp(p.value, "both") != 0 && strcmp(p.value, "teach") != 0 &&
                strcmp(p.value, "tls13") != 0)
                return usage_error("serve", "--protocol wants both, teach or tls13, not '%s'",
                                   p.value);
            s->teach = strcmp(p.value, "tls13") != 0;
            s->tls13 = strcmp(p.value, "teach") != 0;
            break;
        case SERVE_MODE:
        case SERVE_CIPHER:
        case SERVE_FINISHED:
        case SERVE_CERT_KIND:
            if (take_what_if(s, id, p.value) != 0)
                return EXIT_USAGE;
            break;
        case CLI_ARG:
            return usage_error("serve", "unexpected argument '%s'", p.value);
        case CLI_HELP:
            return 1;
        default:
            return EXIT_USAGE;
        }
    }
    *port = a.port;
    *dir = a.dir;
    s->bind = a.bind;
    s->plain = a.plain;
    if (a.max_clients != 0)
        s->max = (size_t)a.max_clients;
    if (a.timeout_s != 0)
        s->timeout_ms = s->teach_timeout_ms = (int)a.timeout_s * 1000;
    if (*port == NULL || **port == '\0' || strspn(*port, "0123456789") != strlen(*port) ||
        strlen(*port) > 5 || atoi(*port) > 65535)
        return usage_error("serve", "--port wants a TCP port from 0 to 65535%s%s%s",
                           *port ? ", not '" : "", *port ? *port : "", *port ? "'" : "");
    if (*dir == NULL)
        return usage_error("serve", "which files? e.g. 'tlssim files demo' and then "
                           "'--certs demo'");
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    struct serve s = {.timeout_ms = 10000, .teach_timeout_ms = 300000, .max = 64, .teach = true, .tls13 = true};
    const char *port = NULL, *dir = NULL;
    char err[CERTDIR_ERR_MAX];
    struct crypt_rng rng;
    unsigned bound;

    flow_settings_default(&s.what_ifs);
    int rc = parse_args(argc, argv, &s, &port, &dir);
    if (rc != 0)
        return rc == 1 ? 0 : rc;
    if (certdir_load(dir, &s.cd, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim serve: %s\n", err);
        return EXIT_USAGE;
    }
    if (s.cd.self_signed && (s.what_ifs.cert == SIM_CERT_EXPIRED ||
                             s.what_ifs.cert == SIM_CERT_WRONG_NAME)) {
        fprintf(stderr, "tlssim serve: --cert-kind %s needs a CA to issue the certificate, and "
                "%s is a self-signed set; make one with a CA: 'tlssim files DIR'\n",
                sim_cert_name(s.what_ifs.cert), dir);
        certdir_free(&s.cd);
        return EXIT_USAGE;
    }
    if (net_keylog_open(&s.keylog, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim serve: %s\n", err);
        certdir_free(&s.cd);
        return EXIT_USAGE;
    }
    int listener = net_listen(s.bind, port, SERVE_BACKLOG, &bound, err, sizeof err);
    if (listener < 0) {
        fprintf(stderr, "tlssim serve: %s\n", err);
        net_keylog_close(&s.keylog);
        certdir_free(&s.cd);
        return EXIT_CHECK_FAILED;
    }
    cli_catch_stop(on_signal);
    crypt_rng_from_system(&rng);
    crypt_rng_use(&rng);
    s.clients = xcalloc(s.max, sizeof *s.clients);
    for (size_t i = 0; i < s.max; i++)
        s.clients[i].fd = -1;
    log_open(&s);
    fprintf(s.log, "tlssim serve: listening on port %u for %s (TLS 1.3: X25519, Ed25519, "
            "TLS_CHACHA20_POLY1305_SHA256); Ctrl-C stops\n", bound, s.cd.host);
    print_teach_banner(&s);
    log_flush(&s.logq);
    memcpy(s.what_ifs.host, s.cd.host, sizeof s.what_ifs.host);
    flow_hub_init(&s.hub, &s.cd, &s.what_ifs, s.max, s.teach_timeout_ms, s.plain, s.log);
    s.hub.other_open = tls13_row;
    s.hub.other_ctx = &s;
    open_dashboard(&s, bound);
    int failed = serve_loop(&s, listener);
    close_dashboard(&s);
    flow_hub_free(&s.hub, "the server stopped");
    for (size_t i = 0; i < s.max; i++)
        if (s.clients[i].fd >= 0) {
            tls13_conn_abort(&s.clients[i].conn, "tls13.server.stopped", "the server stopped");
            finish(&s.clients[i]);
        }
    if (failed == 0)
        fprintf(s.log, "tlssim serve: stopped %s\n", s.dash_quit ? "from the dashboard"
                : stop_signal == SIGINT ? "by SIGINT" : "by SIGTERM");
    log_close(&s);
    if (failed != 0)
        fprintf(stderr, "tlssim serve: waiting for clients failed (%s); stopped\n",
                strerror(failed));
    close(listener);
    free(s.clients);
    net_keylog_close(&s.keylog);
    certdir_free(&s.cd);
    crypt_rng_use(NULL);
    crypt_wipe(&rng, sizeof rng);
    return failed != 0 ? EXIT_CHECK_FAILED : 0;
}
