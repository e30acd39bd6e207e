/*
 * tui_connect.c - driving a flow client from the full screen: the socket
 * read without waiting each turn of the loop, each flight held until →,
 * the server's silence timed, and the client's log handed to an observed
 * engine that the walkthrough's panes read.
 */
#include "config.h"

#include "tui/tui_connect.h"

#include "engine/engine.h"
#include "net/flow.h"
#include "net/flow_send.h"
#include "net/net_sock.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#define SETTINGS_POLL_MS 100   /* how often the wait for WELCOME looks at the clock */

/* One connection on the screen. */
struct conn {
    const struct tui_connect *c;
    struct engine *engine;
    size_t sent;               /* of the client's output, sent so far ... */
    size_t limit;              /* ... and let go: a flight past it waits for → */
    int64_t deadline;          /* while waiting for the server: when to give up */
    bool closed;               /* the socket reached its end */
    bool remote_end;           /* the server ended it (its BYE, or it closed) */
    int dropped;               /* the stage of a flight never let go as the run ended, or 0 */
    size_t seen_count;         /* the log, reached stage and end last handed in */
    int seen_reached;
    bool seen_over;
    char question[400];
};

/* The stage of the flight that waits for the student's key, with its
 * messages named in what (and *end after it); 0 when none waits. */
static int held_flight(const struct conn *k, char *what, size_t size, size_t *end)
{
    const struct bytes *out = flow_client_out(k->c->fc);

    if (k->sent < k->limit || out->len <= k->sent)
        return 0;
    return flow_send_describe(out, k->sent, what, size, end);
}

/* The connection ended at the server's side (it closed the socket). */
static void on_closed(struct conn *k)
{
    struct flow_client *fc = k->c->fc;
    char why[200];

    if (flow_client_settings(fc) == NULL)
        snprintf(why, sizeof why, "the server closed the connection without answering the "
                 "HELLO: is it a 'tlssim serve'? (for a TLS server, use --protocol tls13)");
    else
        snprintf(why, sizeof why, "the server closed the connection at stage %d",
                 flow_client_stage(fc));
    k->closed = true;
    if (!flow_client_over(fc))
        k->remote_end = true;
    flow_client_fail(fc, why, false);
}

/* Read what the server sent, without waiting. */
static void receive(struct conn *k)
{
    uint8_t buf[4096];

    while (!k->closed) {
        struct pollfd pfd = {k->c->fd, POLLIN, 0};
        if (poll(&pfd, 1, 0) <= 0)
            return;
        ssize_t got = net_recv_some(k->c->fd, buf, sizeof buf);
        if (got == -2)
            return;
        if (got <= 0) {
            on_closed(k);
            return;
        }
        flow_client_feed(k->c->fc, buf, (size_t)got);
        k->deadline = net_now_ms() + (int64_t)k->c->timeout_s * 1000;
    }
}

/* Send what is let go: frames that are no flight at once, a flight once
 * the student pressed →; once the run is over, what is left but a flight
 * nobody let go. */
static void send_let_go(struct conn *k)
{
    struct flow_client *fc = k->c->fc;
    struct bytes *out = flow_client_out(fc);
    char what[160];
    size_t end;

    if (flow_client_over(fc)) {
        int held = held_flight(k, what, sizeof what, &end);
        if (held != 0) {
            out->len = k->sent;   /* never sent: the student did not let it go */
            k->dropped = k->dropped != 0 ? k->dropped : held;
        }
        k->limit = out->len;
    } else if (k->sent >= k->limit && out->len > k->sent &&
               held_flight(k, what, sizeof what, &end) == 0) {
        k->limit = out->len;
    }
    if (k->closed || k->limit <= k->sent)
        return;
    if (flow_send_upto(k->c->fd, fc, &k->sent, k->limit) != 0) {
        flow_client_fail(fc, "the connection broke while sending: the server closed it or the "
                         "network failed", false);
        out->len = 0;
        k->sent = 0;
        k->closed = true;
    }
    if (out->len == 0)
        k->limit = 0;
}

/* Whether the client waits for the server now (and not for the student). */
static bool waiting_for_server(const struct conn *k)
{
    char what[160];
    size_t end;
    const struct flow_client *fc = k->c->fc;

    return !flow_client_over(fc) && flow_client_state(fc) != FLOW_CLIENT_DECIDE_TRUST &&
           held_flight(k, what, sizeof what, &end) == 0;
}

/* Give up on a server that stays silent past the deadline. */
static void check_deadline(struct conn *k)
{
    char why[240];

    if (!waiting_for_server(k) || net_now_ms() < k->deadline)
        return;
    snprintf(why, sizeof why, "no answer from %s within %d seconds at stage %d: the server is "
             "silent, or does not speak tlssim's classroom protocol", k->c->host,
             k->c->timeout_s, flow_client_stage(k->c->fc));
    flow_client_fail(k->c->fc, why, true);
}

/* One turn: read, time, send. */
static void pump(struct conn *k)
{
    receive(k);
    check_deadline(k);
    send_let_go(k);
}

/* Hand the client's log to the engine when it grew, a stage was reached
 * or the connection ended.  A stage whose flight waits is not reached yet. */
static void observe(struct conn *k)
{
    struct flow_client *fc = k->c->fc;
    const struct sim_log *log = flow_client_log(fc);
    bool over = flow_client_over(fc), remotely = false;
    int reached = flow_client_stages_done(fc);
    char what[160];
    size_t end;
    int held = held_flight(k, what, sizeof what, &end);

    if (!over && held > 0 && reached > held - 1)
        reached = held - 1;
    if (over && k->dropped > 0 && reached > k->dropped - 1)
        reached = k->dropped - 1;   /* what the log says of later stages never happened */
    if (log->count == k->seen_count && reached == k->seen_reached && over == k->seen_over)
        return;
    const char *reason = flow_client_reason(fc, &remotely);
    struct sim_observed_end ending = {.completed = flow_client_state(fc) == FLOW_CLIENT_COMPLETED,
                                      .by_remote = remotely || k->remote_end, .reason = reason};
    engine_observe(k->engine, log, reached, over ? &ending : NULL);
    k->seen_count = log->count;
    k->seen_reached = reached;
    k->seen_over = over;
}

static bool on_idle(void *ctx)
{
    struct conn *k = ctx;

    pump(k);
    observe(k);
    return flow_client_over(k->c->fc);
}

static void on_next(void *ctx, char *note, size_t size)
{
    struct conn *k = ctx;
    struct flow_client *fc = k->c->fc;
    char what[160];
    size_t end;

    if (flow_client_over(fc)) {
        snprintf(note, size, "the connection is over: the stages stay here to read; q quits");
    } else if (flow_client_state(fc) == FLOW_CLIENT_DECIDE_TRUST) {
        snprintf(note, size, "answer the question about the CA's fingerprint first");
    } else if (held_flight(k, what, sizeof what, &end) != 0) {
        k->limit = end;
        k->deadline = net_now_ms() + (int64_t)k->c->timeout_s * 1000;
        pump(k);
        observe(k);
    } else {
        snprintf(note, size, "nothing to send now: the client waits for the server");
    }
}

static void on_warning(void *ctx, bool go_on, char *note, size_t size)
{
    (void)ctx;
    if (go_on)
        snprintf(note, size, "too late here: without --accept-bad-cert the client closed the "
                 "connection at the warning; connect again with --accept-bad-cert to click "
                 "through");
    else
        snprintf(note, size, "went back: the client closed the connection, as a browser stops "
                 "at its warning");
}

static const char *on_question(void *ctx)
{
    struct conn *k = ctx;
    struct flow_client *fc = k->c->fc;
    char pretty[96];

    if (flow_client_state(fc) != FLOW_CLIENT_DECIDE_TRUST)
        return NULL;
    flow_fingerprint_pretty(flow_client_offered_fingerprint(fc), pretty);
    snprintf(k->question, sizeof k->question, "The server offers its CA's certificate. Its "
             "SHA-256 fingerprint is %s. Compare it with the one on the teacher's screen: "
             "trust this CA only if every pair matches. Do they match?", pretty);
    return k->question;
}

static void on_answer(void *ctx, bool yes, char *note, size_t size)
{
    struct conn *k = ctx;

    flow_client_decide_trust(k->c->fc, yes);
    flow_client_feed(k->c->fc, NULL, 0);   /* frames that waited for the answer */
    k->deadline = net_now_ms() + (int64_t)k->c->timeout_s * 1000;
    snprintf(note, size, "%s", yes ? "the client trusts this CA for the connection"
                                   : "not trusted: the client trusts no CA here, and stops");
    pump(k);
    observe(k);
}

static void on_status(void *ctx, char *buf, size_t size)
{
    struct conn *k = ctx;
    const struct flow_settings *s = flow_client_settings(k->c->fc);

    snprintf(buf, size, "connected to %s:%s, %s", k->c->host, k->c->port,
             s != NULL ? crypt_aead_name(s->cipher) : "?");
}

static void on_prompt(void *ctx, const struct tui_glyphs *g, char *buf, size_t size)
{
    struct conn *k = ctx;
    struct flow_client *fc = k->c->fc;
    int shown = engine_stage(k->engine), reached = engine_reached_stage(k->engine);
    char what[160];
    size_t end;

    if (flow_client_state(fc) == FLOW_CLIENT_DECIDE_TRUST)
        snprintf(buf, size, "the client waits for your answer about the CA's fingerprint");
    else if (shown < reached)
        snprintf(buf, size, "%s shows stage %d; stages 1 to %d are reached so far",
                 g->key_right, shown + 1, reached);
    else if (flow_client_over(fc))
        snprintf(buf, size, "the connection is over; q quits");
    else if (held_flight(k, what, sizeof what, &end) != 0)
        snprintf(buf, size, "next flight: %s %s press %s to send", what, g->dash,
                 g->key_right);
    else
        snprintf(buf, size, "waiting for the server's answer (at most %d s)", k->c->timeout_s);
}

/* Before the screen: send HELLO and wait for the server's settings, or
 * for the connection to end; true when they came. */
static bool await_settings(struct conn *k)
{
    struct flow_client *fc = k->c->fc;

    k->deadline = net_now_ms() + (int64_t)k->c->timeout_s * 1000;
    while (flow_client_settings(fc) == NULL && !flow_client_over(fc)) {
        pump(k);
        if (flow_client_settings(fc) != NULL || flow_client_over(fc))
            break;
        struct pollfd pfd = {k->c->fd, POLLIN, 0};
        (void)poll(&pfd, 1, SETTINGS_POLL_MS);
    }
    send_let_go(k);   /* a BYE that says why */
    return flow_client_settings(fc) != NULL;
}

int tui_connect_run(const struct tui_connect *c)
{
    struct conn k = {.c = c, .seen_reached = -1};
    struct sim_options o;

    if (!await_settings(&k))
        return -1;
    flow_settings_to_options(flow_client_settings(c->fc), &o);
    k.engine = engine_new_observed(&o, SIM_ACTOR_CLIENT);
    pump(&k);
    observe(&k);
    engine_goto(k.engine, engine_reached_stage(k.engine));
    struct tui_remote remote = {&k,         k.engine,   on_idle,   on_next,  on_warning,
                                on_question, on_answer, on_status, on_prompt};
    int status = tui_run_remote(&c->settings, &remote);
    if (!flow_client_over(c->fc)) {
        char why[120];
        snprintf(why, sizeof why, "stopped at stage %d: the student quit the screen (q)",
                 flow_client_stage(c->fc));
        flow_client_fail(c->fc, why, false);
        flow_client_out(c->fc)->len = 0;
    }
    engine_free(k.engine);
    return status;
}
