/*
 * hub.c - the presenter's followers: greeting them, sending each the run,
 * and closing those that break the rules, without waiting on any of them.
 */
#include "net/hub.h"

#include "net/present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a hub allows when its owner names no limits. */
static const struct net_hub_limits default_limits = {
    .max_peers = 200,
    .hello_timeout_ms = 5000,
    .idle_timeout_ms = 30000,
    .out_limit = 4 * (NET_STATE_MAX + NET_FRAME_HEADER_BYTES),
};

struct net_hub_limits net_hub_default_limits(void)
{
    return default_limits;
}

void net_hub_init(struct net_hub *h, const struct net_hub_limits *limits, net_hub_event_fn event,
                  void *event_ctx)
{
    memset(h, 0, sizeof *h);
    h->limits = limits ? *limits : net_hub_default_limits();
    h->event = event;
    h->event_ctx = event_ctx;
}

/* Tell the owner what happened to p. */
static void report(struct net_hub *h, const struct net_peer *p, const char *what)
{
    if (h->event != NULL)
        h->event(h->event_ctx, p, what);
}

struct net_peer *net_hub_find(struct net_hub *h, int id)
{
    for (size_t i = 0; i < h->count; i++)
        if (h->peers[i]->id == id)
            return h->peers[i];
    return NULL;
}

struct net_peer *net_hub_add(struct net_hub *h, int id, const char *addr, int64_t now)
{
    if (h->count >= h->limits.max_peers)
        return NULL;
    struct net_peer *p = xcalloc(1, sizeof *p);
    p->id = id;
    p->state = NET_PEER_AWAIT_HELLO;
    snprintf(p->addr, sizeof p->addr, "%s", addr);
    p->heard_ms = now;
    p->connected_ms = now;
    net_reader_init(&p->in);
    h->peers = xrealloc(h->peers, (h->count + 1) * sizeof *h->peers);
    h->peers[h->count++] = p;
    report(h, p, "connected");
    return p;
}

void net_hub_full_bye(struct bytes *out, size_t max_peers)
{
    char reason[NET_REASON_MAX];
    int n = snprintf(reason, sizeof reason,
                     "the class is full (%zu followers); ask the presenter for room", max_peers);

    net_frame_encode(out, NET_FRAME_BYE, (const uint8_t *)reason, (size_t)n);
}

/* Queue frame (type, payload) for p. */
static void queue(struct net_peer *p, enum net_frame_type type, const uint8_t *payload,
                  size_t len)
{
    net_frame_encode(&p->out, type, payload, len);
}

/* Close p: send a BYE with the reason, then nothing more is read from it. */
static void close_with(struct net_hub *h, struct net_peer *p, const char *reason)
{
    if (p->state == NET_PEER_CLOSING || p->state == NET_PEER_CLOSED)
        return;
    snprintf(p->reason, sizeof p->reason, "%s", reason);
    size_t n = strlen(reason);
    queue(p, NET_FRAME_BYE, (const uint8_t *)reason, n < NET_REASON_MAX ? n : NET_REASON_MAX);
    p->state = NET_PEER_CLOSING;
    report(h, p, reason);
}

/* Drop every STATE frame p is owed and has not begun to receive: the one
 * about to be queued supersedes them.  A frame it has begun to receive, and
 * frames of other types, stay whole and in order. */
static void drop_queued_states(struct net_peer *p)
{
    struct bytes kept = {0};
    size_t at = 0, sent = 0;

    /* out always starts at a frame's first byte, so its headers can be
     * walked; frames wholly sent are dropped, the one begun is kept whole
     * with the count of its bytes already sent. */
    while (at + NET_FRAME_HEADER_BYTES <= p->out.len) {
        const uint8_t *f = p->out.data + at;
        size_t end = at + net_frame_size(f);
        if (end > p->out.len)
            end = p->out.len;
        if (end > p->out_sent) {
            bool begun = at < p->out_sent;
            if (begun)
                sent = p->out_sent - at;
            if (begun || f[1] != NET_FRAME_STATE)
                bytes_append(&kept, p->out.data + at, end - at);
        }
        at = end;
    }
    bytes_free(&p->out);
    p->out = kept;
    p->out_sent = sent;
    p->coalesced++;
}

/* Send p the latest STATE; when it is already owed more than the limit,
 * the STATEs it has not begun to receive go first. */
static void send_state(struct net_hub *h, struct net_peer *p)
{
    if (h->state.len == 0)
        return;
    if (p->out.len - p->out_sent + h->state.len > h->limits.out_limit)
        drop_queued_states(p);
    bytes_append(&p->out, h->state.data, h->state.len);
}

/* Act on one frame from p. */
static void handle_frame(struct net_hub *h, struct net_peer *p, const struct net_frame *f)
{
    char err[NET_FRAME_ERR_MAX], why[NET_FRAME_ERR_MAX + 40];
    enum net_role role;

    switch (f->type) {
    case NET_FRAME_HELLO:
        if (p->state != NET_PEER_AWAIT_HELLO) {
            close_with(h, p, "a second HELLO; a peer says who it is once");
            return;
        }
        if (net_hello_decode(f->payload, f->len, &role, p->name, err, sizeof err) != 0) {
            snprintf(why, sizeof why, "a bad HELLO: %s", err);
            close_with(h, p, why);
            return;
        }
        if (role != NET_ROLE_FOLLOWER) {
            close_with(h, p, "this is a presenter (walk --present): follow it with "
                       "'tlssim follow'; 'tlssim connect' wants a 'tlssim serve'");
            return;
        }
        p->state = NET_PEER_FOLLOWING;
        queue(p, NET_FRAME_WELCOME, NULL, 0);
        send_state(h, p);
        report(h, p, "follows");
        return;
    case NET_FRAME_PING:
        if (p->out.len - p->out_sent + NET_FRAME_HEADER_BYTES > h->limits.out_limit) {
            close_with(h, p, "sends PINGs faster than it reads the answers");
            return;
        }
        queue(p, NET_FRAME_PONG, NULL, 0);
        return;
    case NET_FRAME_PONG:
        p->pinged = false;
        return;
    case NET_FRAME_BYE:
        p->state = NET_PEER_CLOSED;
        snprintf(p->reason, sizeof p->reason, "left");
        report(h, p, "left");
        return;
    case NET_FRAME_WELCOME:
    case NET_FRAME_STATE:
    case NET_FRAME_FLIGHT:
    case NET_FRAME_TRUST:
        break;
    }
    snprintf(why, sizeof why, "a %s frame, which only the presenter sends",
             net_frame_type_name(f->type));
    close_with(h, p, why);
}

void net_hub_received(struct net_hub *h, int id, const uint8_t *data, size_t n, int64_t now)
{
    struct net_peer *p = net_hub_find(h, id);
    struct net_frame f;
    char err[NET_FRAME_ERR_MAX];
    int rc;

    if (p == NULL || p->state == NET_PEER_CLOSING || p->state == NET_PEER_CLOSED)
        return;
    p->heard_ms = now;
    net_reader_feed(&p->in, data, n);
    while (p->state != NET_PEER_CLOSING && p->state != NET_PEER_CLOSED &&
           (rc = net_reader_next(&p->in, &f, err, sizeof err)) != 0) {
        if (rc < 0) {
            close_with(h, p, err);
            return;
        }
        handle_frame(h, p, &f);
    }
}

void net_hub_gone(struct net_hub *h, int id, const char *reason)
{
    struct net_peer *p = net_hub_find(h, id);

    if (p == NULL || p->state == NET_PEER_CLOSED)
        return;
    if (p->state != NET_PEER_CLOSING)
        snprintf(p->reason, sizeof p->reason, "%s", reason);
    p->state = NET_PEER_CLOSED;
    report(h, p, reason);
}

void net_hub_output(const struct net_hub *h, int id, const uint8_t **p, size_t *n)
{
    struct net_peer *peer = net_hub_find((struct net_hub *)h, id);

    *p = NULL;
    *n = 0;
    if (peer == NULL || peer->state == NET_PEER_CLOSED)
        return;
    *p = peer->out.data + peer->out_sent;
    *n = peer->out.len - peer->out_sent;
}

/* Forget the frames p has wholly received, keeping out's first byte a
 * frame's first byte (drop_queued_states walks the headers from there). */
static void forget_sent_frames(struct net_peer *p)
{
    size_t at = 0;

    while (at + NET_FRAME_HEADER_BYTES <= p->out.len) {
        const uint8_t *f = p->out.data + at;
        size_t end = at + net_frame_size(f);
        if (end > p->out_sent)
            break;
        at = end;
    }
    memmove(p->out.data, p->out.data + at, p->out.len - at);
    p->out.len -= at;
    p->out_sent -= at;
}

void net_hub_sent(struct net_hub *h, int id, size_t n)
{
    struct net_peer *p = net_hub_find(h, id);

    if (p == NULL)
        return;
    p->out_sent += n;
    if (p->out_sent > p->out.len)
        p->out_sent = p->out.len;
    if (p->out_sent == p->out.len) {
        p->out.len = 0;
        p->out_sent = 0;
        if (p->state == NET_PEER_CLOSING)
            p->state = NET_PEER_CLOSED;
    } else if (p->out_sent > h->limits.out_limit) {
        forget_sent_frames(p);
    }
}

void net_hub_tick(struct net_hub *h, int64_t now)
{
    for (size_t i = 0; i < h->count; i++) {
        struct net_peer *p = h->peers[i];
        int64_t quiet = now - p->heard_ms;
        if (p->state == NET_PEER_AWAIT_HELLO && now - p->connected_ms >= h->limits.hello_timeout_ms) {
            close_with(h, p, "said no HELLO in time");
        } else if (p->state == NET_PEER_FOLLOWING && quiet >= 2 * h->limits.idle_timeout_ms) {
            close_with(h, p, "did not answer a PING in time");
        } else if (p->state == NET_PEER_FOLLOWING && quiet >= h->limits.idle_timeout_ms &&
                   !p->pinged) {
            queue(p, NET_FRAME_PING, NULL, 0);
            p->pinged = true;
        } else if (p->state == NET_PEER_CLOSING &&
                   now - p->heard_ms >= h->limits.hello_timeout_ms + h->limits.idle_timeout_ms) {
            /* It will not even take its BYE: give up on it. */
            p->state = NET_PEER_CLOSED;
        }
    }
}

void net_hub_publish(struct net_hub *h, const struct sim_options *opts, int stage)
{
    struct bytes payload = {0};

    net_state_encode(&payload, opts, stage);
    h->state.len = 0;
    net_frame_encode(&h->state, NET_FRAME_STATE, payload.data, payload.len);
    bytes_free(&payload);
    for (size_t i = 0; i < h->count; i++)
        if (h->peers[i]->state == NET_PEER_FOLLOWING)
            send_state(h, h->peers[i]);
}

void net_hub_bye_all(struct net_hub *h, const char *reason)
{
    for (size_t i = 0; i < h->count; i++)
        close_with(h, h->peers[i], reason);
}

/* Free one peer. */
static void peer_free(struct net_peer *p)
{
    net_reader_free(&p->in);
    bytes_free(&p->out);
    free(p);
}

void net_hub_remove(struct net_hub *h, int id)
{
    for (size_t i = 0; i < h->count; i++) {
        if (h->peers[i]->id != id)
            continue;
        peer_free(h->peers[i]);
        memmove(&h->peers[i], &h->peers[i + 1], (h->count - i - 1) * sizeof *h->peers);
        h->count--;
        return;
    }
}

size_t net_hub_following(const struct net_hub *h)
{
    size_t n = 0;

    for (size_t i = 0; i < h->count; i++)
        n += h->peers[i]->state == NET_PEER_FOLLOWING;
    return n;
}

void net_hub_free(struct net_hub *h)
{
    for (size_t i = 0; i < h->count; i++)
        peer_free(h->peers[i]);
    free(h->peers);
    bytes_free(&h->state);
    memset(h, 0, sizeof *h);
}
