/*
 * flow_hub.h - the eight-stage side of `tlssim serve`: every connection
 * that spoke the classroom protocol, each with its flow_server, served from
 * the caller's poll() loop.  A slow or hostile peer costs only its own
 * bounded queue and times out on its own; the others never wait for it.
 *
 * The roster (one entry a connection: name, address, protocol, stage,
 * outcome) and the totals are what a dashboard shows; `settings` holds the
 * what-ifs every new connection gets and may be changed between turns.
 */
#ifndef TLSSIM_NET_FLOW_HUB_H
#define TLSSIM_NET_FLOW_HUB_H

#include "net/flow.h"
#include "net/flow_record.h"
#include "net/flow_server.h"
#include "net/net_sock.h"
#include "pki/certdir.h"

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define FLOW_HUB_HELLO_MS 5000          /* HELLO must come this soon */
#define FLOW_HUB_OUT_MAX (64 * 1024)    /* bytes a peer may be owed before it is dropped */
#define FLOW_HUB_LINGER_MS 1000         /* time to hand over a last BYE */
#define FLOW_HUB_RECENT 64              /* ended connections the roster keeps */
#define FLOW_HUB_NOTES 8                /* log lines the hub keeps for a dashboard */
#define FLOW_HUB_NOTE_MAX 320
#define FLOW_HUB_TRUST_MS 120000        /* from WELCOME to the ClientHello: the student
                                         * compares the CA's fingerprint */

enum flow_outcome {
    FLOW_OUTCOME_RUNNING,
    FLOW_OUTCOME_COMPLETED,     /* all eight stages, the reply checked by the client */
    FLOW_OUTCOME_FAILED,        /* a check failed, on either side */
    FLOW_OUTCOME_DROPPED,       /* the peer vanished, misbehaved or timed out */
};

/* One connection, as the dashboard shows it. */
struct flow_roster_entry {
    unsigned id;
    char name[NET_NAME_MAX + 1];
    char addr[NET_ADDR_MAX + 16];
    bool tls13;                         /* a row of real TLS 1.3, which serve runs itself */
    int stage;
    enum flow_outcome outcome;
    char reason[NET_REASON_MAX + 1];
};

/* The word for e's protocol, as the log and the dashboard write it:
 * "teach" (the eight-stage flow) or "tls13". */
const char *flow_roster_protocol(const struct flow_roster_entry *e);

/* One connection of the hub. */
struct flow_conn {
    int fd;                             /* -1: a free slot */
    struct flow_server *fs;
    size_t out_sent;                    /* bytes of the server's output already sent */
    int64_t hello_deadline, deadline;
    int64_t wait_ms;                    /* the wait that deadline ends */
    int64_t close_at;                   /* 0, or when to close after the last BYE */
    struct flow_roster_entry entry;
};

struct flow_hub {
    const struct certdir *cd;
    struct flow_settings settings;      /* the what-ifs new connections get */
    size_t max;
    int timeout_ms;                     /* the longest wait for the client's next flight */
    bool plain;                         /* one line for every stage too */
    FILE *log;                          /* one line a connection event, or NULL */
    struct flow_conn *conns;
    unsigned completed, failed, dropped, refused;   /* of every protocol */
    unsigned tls13;                     /* ended TLS 1.3 connections among them */
    struct flow_roster_entry recent[FLOW_HUB_RECENT];   /* ended, a ring */
    struct flow_record *recent_records[FLOW_HUB_RECENT];  /* their kept logs, or NULL */
    size_t record_cap;                  /* 0, or keep each connection's log up to this many
                                         * bytes (flow_record.h), for a dashboard */
    size_t recent_count, recent_next;
    char notes[FLOW_HUB_NOTES][FLOW_HUB_NOTE_MAX];      /* the last log lines, a ring */
    size_t note_count, note_next;
    /* The open connections serve runs itself (TLS 1.3), for a dashboard:
     * row i into *row, or false past the last; NULL when there are none. */
    bool (*other_open)(const void *ctx, size_t i, struct flow_roster_entry *row);
    const void *other_ctx;
};

/* Set up a hub for at most max connections of the set cd, logging to log
 * (NULL: the lines are only kept for flow_hub_note). */
void flow_hub_init(struct flow_hub *h, const struct certdir *cd, const struct flow_settings *s,
                   size_t max, int timeout_ms, bool plain, FILE *log);

/* Take over fd (whose first byte is this protocol's version), with prefix
 * naming it in the log ("#3 127.0.0.1 port 5000"); when the hub is full it
 * says so and closes fd. */
void flow_hub_take(struct flow_hub *h, int fd, const char *prefix, unsigned id, int64_t now);

/* Fill pfds (room for h->max) for the connections; returns how many, and
 * lowers *wait_ms to the nearest deadline. */
size_t flow_hub_poll_fill(const struct flow_hub *h, struct pollfd *pfds, int64_t now,
                          int64_t *wait_ms);

/* Serve the connections after poll() filled pfds (as flow_hub_poll_fill made them). */
void flow_hub_serve(struct flow_hub *h, const struct pollfd *pfds, size_t n, int64_t now);

/* How many connections are open. */
size_t flow_hub_open(const struct flow_hub *h);

/* End every connection (the server stops) and free the hub. */
void flow_hub_free(struct flow_hub *h, const char *reason);

/* A connection serve ran itself (TLS 1.3) has ended: its row joins the
 * ended ones and the totals, and a line saying how it ended joins the
 * dashboard's (serve logs it itself, so it is not written to the log). */
void flow_hub_ended(struct flow_hub *h, const struct flow_roster_entry *e);

/* The i-th open connection that serve runs itself, into *row; false past
 * the last. */
bool flow_hub_other_open(const struct flow_hub *h, size_t i, struct flow_roster_entry *row);

/* The i-th most recently ended connection (0: the last), or NULL. */
const struct flow_roster_entry *flow_hub_recent(const struct flow_hub *h, size_t i);

/* The kept log of the connection with this id, open or among the ended
 * ones the roster keeps; NULL when it has none (logs are not kept, it is
 * not an eight-stage connection, or it left the roster). */
const struct flow_record *flow_hub_record(const struct flow_hub *h, unsigned id);

/* The i-th most recent log line (0: the last), or NULL. */
const char *flow_hub_note(const struct flow_hub *h, size_t i);

/* The word for an outcome: "running", "completed", "failed", "dropped". */
const char *flow_outcome_name(enum flow_outcome o);

#endif
