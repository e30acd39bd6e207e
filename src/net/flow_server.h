/*
 * flow_server.h - the server's end of the eight-stage flow over a socket,
 * for one connection: fed the bytes that arrived, it runs the walk's
 * server actor stage by stage and queues the frames to send.  No sockets:
 * the caller reads, feeds, and sends what `out` holds, as with tls13_conn.
 *
 * Call order: flow_server_new, then flow_server_feed as bytes arrive (and
 * flow_server_fail when the connection breaks or times out), sending
 * `out` after each, until flow_server_over(); then flow_server_free.
 */
#ifndef TLSSIM_NET_FLOW_SERVER_H
#define TLSSIM_NET_FLOW_SERVER_H

#include "base/bytes.h"
#include "net/flow.h"
#include "net/flow_record.h"
#include "pki/certdir.h"

#include <stdbool.h>
#include <stdint.h>

/* Where a connection is. */
enum flow_server_state {
    FLOW_SERVER_AWAIT_HELLO,
    FLOW_SERVER_AWAIT_CLIENT_HELLO,
    FLOW_SERVER_AWAIT_KEY_EXCHANGE,
    FLOW_SERVER_AWAIT_CLIENT_FINISHED,
    FLOW_SERVER_AWAIT_APP_DATA,
    FLOW_SERVER_AWAIT_BYE,
    FLOW_SERVER_COMPLETED,   /* the client checked the reply and said so */
    FLOW_SERVER_FAILED,      /* a check failed, on either side, or the peer misbehaved */
};

struct flow_server;

/* A new connection of a server with the set cd (which must outlive it),
 * the what-ifs of settings and the clock (seconds since 1970). */
struct flow_server *flow_server_new(const struct certdir *cd, const struct flow_settings *settings,
                                    int64_t clock);

/* Keep the connection's log for a dashboard (flow_record.h), bounded by
 * cap bytes; call it before the first flow_server_feed. */
void flow_server_keep(struct flow_server *fs, size_t cap);

/* Hand the connection n bytes that arrived; it answers into its output. */
void flow_server_feed(struct flow_server *fs, const uint8_t *p, size_t n);

/* End the connection from outside (a timeout, the peer vanished): queue a
 * BYE with reason (when say_bye) and mark it failed, unless it is over. */
void flow_server_fail(struct flow_server *fs, const char *reason, bool say_bye);

/* The bytes waiting to be sent; the caller removes what it sent. */
struct bytes *flow_server_out(struct flow_server *fs);

enum flow_server_state flow_server_state(const struct flow_server *fs);

/* Whether the connection has ended (completed or failed). */
bool flow_server_over(const struct flow_server *fs);

/* The last stage the connection reached (0 before the first). */
int flow_server_stage(const struct flow_server *fs);

/* The student's name from HELLO ("" before it). */
const char *flow_server_name(const struct flow_server *fs);

/* Why the connection failed ("" when it did not); failed_remotely says the
 * client reported it (its BYE), not this server. */
const char *flow_server_reason(const struct flow_server *fs, bool *failed_remotely);

/* The kept log of the connection, or NULL when it is not kept. */
const struct flow_record *flow_server_record(const struct flow_server *fs);

/* Take the kept log over from the connection (NULL when it is not kept):
 * it outlives the connection, and the caller frees it. */
struct flow_record *flow_server_take_record(struct flow_server *fs);

/* Wipe the connection's secrets and free it; NULL is allowed. */
void flow_server_free(struct flow_server *fs);

#endif
