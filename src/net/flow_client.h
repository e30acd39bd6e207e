/*
 * flow_client.h - the client's end of the eight-stage flow over a socket:
 * fed the bytes that arrived, it runs the walk's client actor stage by
 * stage, logs its events (what the client does, knows and checks, and each
 * message as it arrived from the remote server) and queues the frames to
 * send.  No sockets: the caller reads, feeds and sends `out`.
 *
 * Call order: flow_client_new (which queues HELLO), then flow_client_feed
 * as bytes arrive; in FLOW_CLIENT_DECIDE_TRUST the caller asks the student
 * and calls flow_client_decide_trust; flow_client_fail when the connection
 * breaks or times out; until flow_client_over(); then flow_client_free.
 */
#ifndef TLSSIM_NET_FLOW_CLIENT_H
#define TLSSIM_NET_FLOW_CLIENT_H

#include "base/bytes.h"
#include "engine/event.h"
#include "net/flow.h"

#include <stdbool.h>
#include <stdint.h>

enum flow_client_state {
    FLOW_CLIENT_AWAIT_WELCOME,
    FLOW_CLIENT_AWAIT_TRUST,
    FLOW_CLIENT_DECIDE_TRUST,           /* the student must compare the fingerprint */
    FLOW_CLIENT_AWAIT_SERVER_FLIGHT,
    FLOW_CLIENT_AWAIT_SERVER_FINISHED,
    FLOW_CLIENT_AWAIT_REPLY,
    FLOW_CLIENT_COMPLETED,              /* the reply verified; BYE "completed" queued */
    FLOW_CLIENT_FAILED,
};

/* What the client is told to trust and to send. */
struct flow_client_config {
    const char *name;                  /* the student's name, for HELLO */
    const uint8_t *ca_der;             /* --ca: the CA certificate (DER) to trust, or NULL */
    size_t ca_len;
    const char *ca_fingerprint;        /* --ca-fingerprint HEX, or NULL */
    const char *host;                  /* --host, or NULL for the server's setting */
    const char *message;               /* --message, or NULL for the server's setting */
    int64_t clock;                     /* now, seconds since 1970 */
    bool accept_bad_cert;              /* --accept-bad-cert: continue past a certificate warning */
};

struct flow_client;

/* A new client; the config's strings are copied. */
struct flow_client *flow_client_new(const struct flow_client_config *cfg);

/* Hand the client n bytes that arrived. */
void flow_client_feed(struct flow_client *fc, const uint8_t *p, size_t n);

/* In FLOW_CLIENT_DECIDE_TRUST: the student trusts the offered CA (or not). */
void flow_client_decide_trust(struct flow_client *fc, bool trust);

/* The SHA-256 fingerprint (hex) of the CA certificate the server offered,
 * or "" before TRUST. */
const char *flow_client_offered_fingerprint(const struct flow_client *fc);

/* End from outside (timeout, broken connection): queue a BYE when say_bye
 * and mark it failed, unless it is over. */
void flow_client_fail(struct flow_client *fc, const char *reason, bool say_bye);

struct bytes *flow_client_out(struct flow_client *fc);
enum flow_client_state flow_client_state(const struct flow_client *fc);
bool flow_client_over(const struct flow_client *fc);

/* The stage the client is in or last finished (0 before the first). */
int flow_client_stage(const struct flow_client *fc);

/* The highest stage whose events are all logged: its narration is written
 * once the stage is over. */
int flow_client_stages_done(const struct flow_client *fc);

/* The server's settings, once WELCOME arrived (NULL before). */
const struct flow_settings *flow_client_settings(const struct flow_client *fc);

/* Why it failed ("" when it did not); failed_remotely: the server said so. */
const char *flow_client_reason(const struct flow_client *fc, bool *failed_remotely);

/* The reply as the client decrypted it ("" until then). */
const char *flow_client_reply(const struct flow_client *fc);

/* The client's events so far (stamped with their stages). */
const struct sim_log *flow_client_log(const struct flow_client *fc);

void flow_client_free(struct flow_client *fc);

#endif
