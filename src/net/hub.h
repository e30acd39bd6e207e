/*
 * hub.h - the presenter's side of the classroom: the followers connected to
 * it, what each has said and is owed, and the rules that keep one slow or
 * hostile peer from costing anyone else anything.
 *
 * Sans-IO: the caller owns the sockets.  It tells the hub of a new
 * connection (net_hub_add), of bytes that arrived (net_hub_received), of
 * bytes it managed to send (net_hub_sent) and of time passing
 * (net_hub_tick); it asks what to send (net_hub_output) and which peers to
 * close (a peer whose state is NET_PEER_CLOSED, after its last bytes went
 * out).  The presenter publishes its run with net_hub_publish.
 *
 * Rules: a peer must say HELLO within hello_timeout_ms; a follower silent
 * for idle_timeout_ms is sent a PING and closed if still silent after as
 * long again; a peer that sends a frame the protocol does not allow is
 * closed with the reason; a follower that reads too slowly never holds
 * more than out_limit bytes: its queue is replaced by the latest STATE,
 * which is all a follower needs.
 */
#ifndef TLSSIM_NET_HUB_H
#define TLSSIM_NET_HUB_H

#include "base/bytes.h"
#include "engine/options.h"
#include "net/frame.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_ADDR_TEXT_MAX 80

enum net_peer_state {
    NET_PEER_AWAIT_HELLO,   /* connected, has not said who it is */
    NET_PEER_FOLLOWING,     /* gets every STATE */
    NET_PEER_CLOSING,       /* sends its last bytes (a BYE), then closes */
    NET_PEER_CLOSED,        /* done: the caller closes the socket and removes it */
};

struct net_peer {
    int id;                          /* the caller's handle, e.g. the socket */
    enum net_peer_state state;
    char addr[NET_ADDR_TEXT_MAX];    /* where it connected from */
    char name[NET_NAME_MAX + 1];     /* the name its HELLO gave, or "" */
    char reason[NET_FRAME_ERR_MAX];  /* why it is closing, or "" */
    struct net_reader in;
    struct bytes out;                /* bytes owed to the peer ... */
    size_t out_sent;                 /* ... of which these went out */
    int64_t heard_ms;                /* when it last sent anything */
    int64_t connected_ms;
    bool pinged;                     /* a PING is out, unanswered */
    size_t coalesced;                /* STATEs dropped as it read too slowly */
};

/* What the hub tells its owner as it happens (joined, left, refused...). */
typedef void (*net_hub_event_fn)(void *ctx, const struct net_peer *peer, const char *what);

struct net_hub_limits {
    size_t max_peers;
    int64_t hello_timeout_ms;
    int64_t idle_timeout_ms;
    size_t out_limit;
};

struct net_hub {
    struct net_hub_limits limits;
    struct net_peer **peers;
    size_t count;
    struct bytes state;     /* the latest STATE frame, whole, or empty */
    net_hub_event_fn event;
    void *event_ctx;
};

/* The limits a classroom server uses unless told otherwise. */
struct net_hub_limits net_hub_default_limits(void);

void net_hub_init(struct net_hub *h, const struct net_hub_limits *limits, net_hub_event_fn event,
                  void *event_ctx);

/* A new connection, handle id, from addr at now: the peer, or NULL when the
 * hub is full (the caller then sends net_hub_full_bye() and closes). */
struct net_peer *net_hub_add(struct net_hub *h, int id, const char *addr, int64_t now);

/* The frame that tells a peer the class is full, appended to out. */
void net_hub_full_bye(struct bytes *out, size_t max_peers);

/* The peer with handle id, or NULL. */
struct net_peer *net_hub_find(struct net_hub *h, int id);

/* Bytes that arrived from peer id at now: frames are read and answered. */
void net_hub_received(struct net_hub *h, int id, const uint8_t *data, size_t n, int64_t now);

/* The peer id closed its end, or the connection broke (reason says how). */
void net_hub_gone(struct net_hub *h, int id, const char *reason);

/* What peer id is owed: *p and *n (0 bytes when nothing). */
void net_hub_output(const struct net_hub *h, int id, const uint8_t **p, size_t *n);

/* n of the bytes net_hub_output gave went out to peer id. */
void net_hub_sent(struct net_hub *h, int id, size_t n);

/* Time passes: peers past a deadline are pinged or closed. */
void net_hub_tick(struct net_hub *h, int64_t now);

/* The presenter's run is now opts at stage: every follower is sent it, and
 * a follower that joins later gets it first. */
void net_hub_publish(struct net_hub *h, const struct sim_options *opts, int stage);

/* Close every peer with a BYE that gives reason (the presenter leaves). */
void net_hub_bye_all(struct net_hub *h, const char *reason);

/* Forget the peer id (after the caller closed its socket). */
void net_hub_remove(struct net_hub *h, int id);

/* How many peers follow now. */
size_t net_hub_following(const struct net_hub *h);

void net_hub_free(struct net_hub *h);

#endif
