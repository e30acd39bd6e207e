/*
 * flow_hub.c - many eight-stage connections in one poll() loop: reading,
 * feeding, sending, the deadlines, and one log line per connection event.
 */
#include "net/flow_hub.h"

#include "engine/engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK 4096
#define READ_TURN_MAX (64 * 1024)   /* bytes one connection may read in one turn */

const char *flow_outcome_name(enum flow_outcome o)
{
    switch (o) {
    case FLOW_OUTCOME_RUNNING: return "running";
    case FLOW_OUTCOME_COMPLETED: return "completed";
    case FLOW_OUTCOME_FAILED: return "failed";
    case FLOW_OUTCOME_DROPPED: return "dropped";
    }
    return "?";
}

void flow_hub_init(struct flow_hub *h, const struct certdir *cd, const struct flow_settings *s,
                   size_t max, int timeout_ms, bool plain, FILE *log)
{
    memset(h, 0, sizeof *h);
    h->cd = cd;
    h->settings = *s;
    h->max = max;
    h->timeout_ms = timeout_ms;
    h->plain = plain;
    h->log = log;
    h->conns = xcalloc(max, sizeof *h->conns);
    for (size_t i = 0; i < max; i++)
        h->conns[i].fd = -1;
}

/* Write one log line: to the log, when there is one, and into the ring a
 * dashboard reads. */
static void note(struct flow_hub *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct flow_hub *h, const char *fmt, ...)
{
    va_list ap;
    char *line = h->notes[h->note_next];

    va_start(ap, fmt);
    vsnprintf(line, FLOW_HUB_NOTE_MAX, fmt, ap);
    va_end(ap);
    h->note_next = (h->note_next + 1) % FLOW_HUB_NOTES;
    if (h->note_count < FLOW_HUB_NOTES)
        h->note_count++;
    if (h->log != NULL) {
        fprintf(h->log, "%s\n", line);
        fflush(h->log);
    }
}

const char *flow_hub_note(const struct flow_hub *h, size_t i)
{
    if (i >= h->note_count)
        return NULL;
    return h->notes[(h->note_next + FLOW_HUB_NOTES - 1 - i) % FLOW_HUB_NOTES];
}

/* Keep e and its log (or NULL) among the ended connections, the oldest
 * giving way with its log. */
static void remember(struct flow_hub *h, const struct flow_roster_entry *e,
                     struct flow_record *record)
{
    flow_record_free(h->recent_records[h->recent_next]);
    h->recent_records[h->recent_next] = record;
    h->recent[h->recent_next] = *e;
    h->recent_next = (h->recent_next + 1) % FLOW_HUB_RECENT;
    if (h->recent_count < FLOW_HUB_RECENT)
        h->recent_count++;
}

const char *flow_roster_protocol(const struct flow_roster_entry *e)
{
    return e->tls13 ? "tls13" : "teach";
}

void flow_hub_ended(struct flow_hub *h, const struct flow_roster_entry *e)
{
    FILE *log = h->log;

    if (e->outcome == FLOW_OUTCOME_COMPLETED)
        h->completed++;
    else if (e->outcome == FLOW_OUTCOME_FAILED)
        h->failed++;
    else
        h->dropped++;
    h->tls13 += e->tls13;
    remember(h, e, NULL);
    h->log = NULL;
    note(h, "%s %s: %s at stage %d%s%s", e->addr, flow_roster_protocol(e),
         flow_outcome_name(e->outcome), e->stage, e->reason[0] ? ": " : "", e->reason);
    h->log = log;
}

bool flow_hub_other_open(const struct flow_hub *h, size_t i, struct flow_roster_entry *row)
{
    return h->other_open != NULL && h->other_open(h->other_ctx, i, row);
}

const struct flow_roster_entry *flow_hub_recent(const struct flow_hub *h, size_t i)
{
    if (i >= h->recent_count)
        return NULL;
    return &h->recent[(h->recent_next + FLOW_HUB_RECENT - 1 - i) % FLOW_HUB_RECENT];
}

const struct flow_record *flow_hub_record(const struct flow_hub *h, unsigned id)
{
    for (size_t i = 0; i < h->max; i++)
        if (h->conns[i].fd >= 0 && h->conns[i].entry.id == id)
            return flow_server_record(h->conns[i].fs);
    for (size_t i = 0; i < h->recent_count; i++) {
        size_t at = (h->recent_next + FLOW_HUB_RECENT - 1 - i) % FLOW_HUB_RECENT;
        if (h->recent[at].id == id)
            return h->recent_records[at];
    }
    return NULL;
}

/* The name a log line gives the student: the HELLO's, or "?" before it. */
static const char *who(const struct flow_conn *c)
{
    return c->entry.name[0] ? c->entry.name : "?";
}

void flow_hub_take(struct flow_hub *h, int fd, const char *prefix, unsigned id, int64_t now)
{
    struct flow_conn *c = NULL;

    for (size_t i = 0; i < h->max && c == NULL; i++)
        if (h->conns[i].fd < 0)
            c = &h->conns[i];
    if (c == NULL) {
        struct bytes bye = {0};
        static const char full[] = "the class is full; try again in a moment";
        net_frame_encode(&bye, NET_FRAME_BYE, (const uint8_t *)full, sizeof full - 1);
        (void)net_send_some(fd, bye.data, bye.len);
        bytes_free(&bye);
        close(fd);
        h->refused++;
        note(h, "%s teach: refused, the class is full (%zu connections)", prefix, h->max);
        return;
    }
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->fs = flow_server_new(h->cd, &h->settings, (int64_t)time(NULL));
    if (h->record_cap > 0)
        flow_server_keep(c->fs, h->record_cap);
    c->hello_deadline = now + FLOW_HUB_HELLO_MS;
    c->wait_ms = h->timeout_ms;
    c->deadline = now + c->wait_ms;
    c->entry.id = id;
    snprintf(c->entry.addr, sizeof c->entry.addr, "%s", prefix);
    if (h->plain)
        note(h, "%s teach: the eight-stage flow (certificate %s, %s mode)", prefix,
             sim_cert_name(h->settings.cert), sim_mode_name(h->settings.mode));
}

size_t flow_hub_poll_fill(const struct flow_hub *h, struct pollfd *pfds, int64_t now,
                          int64_t *wait_ms)
{
    size_t n = 0;

    for (size_t i = 0; i < h->max; i++) {
        const struct flow_conn *c = &h->conns[i];
        if (c->fd < 0)
            continue;
        struct bytes *out = flow_server_out(c->fs);
        pfds[n++] = (struct pollfd){c->fd, (short)(POLLIN | (out->len > c->out_sent ? POLLOUT : 0)),
                                    0};
        int64_t due = c->close_at ? c->close_at
                      : flow_server_state(c->fs) == FLOW_SERVER_AWAIT_HELLO ? c->hello_deadline
                                                                            : c->deadline;
        if (due - now < *wait_ms)
            *wait_ms = due - now < 0 ? 0 : due - now;
    }
    return n;
}

/* Log how c ended, count it and free its slot. */
static void finish(struct flow_hub *h, struct flow_conn *c)
{
    struct flow_roster_entry *e = &c->entry;
    bool remote = false;
    const char *reason = flow_server_reason(c->fs, &remote);

    e->stage = flow_server_stage(c->fs);
    if (flow_server_state(c->fs) == FLOW_SERVER_COMPLETED)
        e->outcome = FLOW_OUTCOME_COMPLETED;
    else if (e->outcome == FLOW_OUTCOME_RUNNING)
        e->outcome = remote || flow_server_stage(c->fs) >= 2 ? FLOW_OUTCOME_FAILED : FLOW_OUTCOME_DROPPED;
    snprintf(e->reason, sizeof e->reason, "%s", reason);
    if (e->outcome == FLOW_OUTCOME_COMPLETED) {
        h->completed++;
        note(h, "%s teach: %s completed all 8 stages", e->addr, who(c));
    } else {
        if (e->outcome == FLOW_OUTCOME_FAILED)
            h->failed++;
        else
            h->dropped++;
        note(h, "%s teach: %s %s at stage %d: %s%s", e->addr, who(c),
             flow_outcome_name(e->outcome), e->stage, reason,
             remote ? " (the client's words)" : "");
    }
    remember(h, e, flow_server_take_record(c->fs));
    close(c->fd);
    c->fd = -1;
    flow_server_free(c->fs);
    c->fs = NULL;
}

/* Mark c as dropped by the server for reason, with a BYE when the peer can
 * still read it. */
static void drop(struct flow_conn *c, const char *reason, bool say_bye, int64_t now)
{
    c->entry.outcome = FLOW_OUTCOME_DROPPED;
    flow_server_fail(c->fs, reason, say_bye);
    if (c->close_at == 0)
        c->close_at = now + FLOW_HUB_LINGER_MS;
}

/* Read what c's peer sent and feed it; false when the stream ended. */
static bool read_some(struct flow_conn *c, int64_t now)
{
    uint8_t buf[READ_CHUNK];
    size_t total = 0;

    while (total < READ_TURN_MAX && !flow_server_over(c->fs)) {
        ssize_t n = net_recv_some(c->fd, buf, sizeof buf);
        if (n == -2)
            return true;
        if (n <= 0) {
            if (!flow_server_over(c->fs)) {
                char why[96];
                snprintf(why, sizeof why, "the client closed the connection at stage %d",
                         flow_server_stage(c->fs));
                drop(c, why, false, now);
            }
            return false;
        }
        flow_server_feed(c->fs, buf, (size_t)n);
        total += (size_t)n;
    }
    return true;
}

/* Send what c is owed; false when the connection broke. */
static bool write_some(struct flow_conn *c)
{
    struct bytes *out = flow_server_out(c->fs);

    while (c->out_sent < out->len) {
        ssize_t n = net_send_some(c->fd, out->data + c->out_sent, out->len - c->out_sent);
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        c->out_sent += (size_t)n;
    }
    out->len = 0;
    c->out_sent = 0;
    return true;
}

/* Move one connection on after poll() said revents. */
static void serve_conn(struct flow_hub *h, struct flow_conn *c, short revents, int64_t now)
{
    int stage_before = flow_server_stage(c->fs);
    enum flow_server_state state_before = flow_server_state(c->fs);
    bool open = true;

    if (revents & (POLLIN | POLLHUP | POLLERR))
        open = read_some(c, now);
    /* a student may take a while to compare the CA's fingerprint: the
     * handshake's own deadline starts with the ClientHello */
    if (state_before == FLOW_SERVER_AWAIT_HELLO &&
        flow_server_state(c->fs) == FLOW_SERVER_AWAIT_CLIENT_HELLO) {
        c->wait_ms = FLOW_HUB_TRUST_MS;
        c->deadline = now + c->wait_ms;
    }
    else if ((state_before == FLOW_SERVER_AWAIT_CLIENT_HELLO &&
              flow_server_state(c->fs) != state_before) ||
             flow_server_stage(c->fs) != stage_before) {
        c->wait_ms = h->timeout_ms;   /* a flight moved it on: a new wait begins */
        c->deadline = now + c->wait_ms;
    }
    if (flow_server_state(c->fs) == FLOW_SERVER_AWAIT_HELLO && now >= c->hello_deadline)
        drop(c, "no HELLO within 5 seconds", true, now);
    else if (!flow_server_over(c->fs) && now >= c->deadline) {
        char why[120];
        int seconds = (int)(c->wait_ms / 1000);
        if (flow_server_state(c->fs) == FLOW_SERVER_AWAIT_BYE)
            snprintf(why, sizeof why, "the client did not close the connection within %d "
                     "seconds of the last stage", seconds);
        else
            snprintf(why, sizeof why, "nothing moved the handshake on for %d seconds (the "
                     "client's next flight, after stage %d, never came)", seconds,
                     flow_server_stage(c->fs));
        drop(c, why, true, now);
    }
    struct bytes *out = flow_server_out(c->fs);
    if (out->len - c->out_sent > FLOW_HUB_OUT_MAX) {
        out->len = c->out_sent = 0;
        drop(c, "the client reads too slowly: more than 64 KiB waited for it", false, now);
    }
    if (!write_some(c)) {
        drop(c, "the connection broke while sending", false, now);
        open = false;
    }
    if (h->plain && flow_server_stage(c->fs) != stage_before && !flow_server_over(c->fs)) {
        if (stage_before == 0)
            snprintf(c->entry.name, sizeof c->entry.name, "%s", flow_server_name(c->fs));
        note(h, "%s teach: %s at stage %d (%s)", c->entry.addr, who(c),
             flow_server_stage(c->fs), engine_stage_name(flow_server_stage(c->fs)));
    }
    snprintf(c->entry.name, sizeof c->entry.name, "%s", flow_server_name(c->fs));
    c->entry.stage = flow_server_stage(c->fs);
    if (flow_server_over(c->fs) && c->close_at == 0)
        c->close_at = now + FLOW_HUB_LINGER_MS;
    bool flushed = flow_server_out(c->fs)->len == 0;
    if (!open || (flow_server_over(c->fs) && (flushed || now >= c->close_at)))
        finish(h, c);
}

void flow_hub_serve(struct flow_hub *h, const struct pollfd *pfds, size_t n, int64_t now)
{
    size_t k = 0;

    for (size_t i = 0; i < h->max && k < n; i++) {
        struct flow_conn *c = &h->conns[i];
        if (c->fd < 0 || pfds[k].fd != c->fd)
            continue;   /* a free slot, or taken after poll_fill: served next turn */
        serve_conn(h, c, pfds[k++].revents, now);
    }
}

size_t flow_hub_open(const struct flow_hub *h)
{
    size_t n = 0;

    for (size_t i = 0; i < h->max; i++)
        n += h->conns[i].fd >= 0;
    return n;
}

void flow_hub_free(struct flow_hub *h, const char *reason)
{
    for (size_t i = 0; i < h->max; i++) {
        struct flow_conn *c = &h->conns[i];
        if (c->fd < 0)
            continue;
        drop(c, reason, true, 0);
        (void)write_some(c);
        finish(h, c);
    }
    for (size_t i = 0; i < FLOW_HUB_RECENT; i++) {
        flow_record_free(h->recent_records[i]);
        h->recent_records[i] = NULL;
    }
    free(h->conns);
    h->conns = NULL;
}
