/*
 * proto_tls13.c - runs a real TLS 1.3 handshake in memory, stage by stage.
 *
 * The walk is the wire between a tls13 client and a tls13 server: every
 * record a connection queues is cut out of its output, stamped with the
 * stage of the message it carries, and handed over when the walk reaches
 * that stage.  The connections report steps stamped with their own stage
 * (the server derives stage-4 secrets while it answers the stage-2 hello);
 * a step waits in a queue until its stage, then becomes a sim event.
 */
#include "engine/proto_tls13.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "base/crypt_tls13.h"
#include "engine/stage_text_tls13.h"
#include "pki/x509.h"
#include "tls13/conn.h"
#include "tls13/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKS_MAX 32
#define EVE_HELLOS_MAX 4      /* ClientHello, HelloRetryRequest, ClientHello, ServerHello */

/* A step a connection reported, kept until its stage. */
struct held_step {
    enum sim_actor actor;
    bool mallory;              /* from Mallory's connection */
    int stage;
    enum tls13_step_kind kind;
    const char *id;            /* static, from the tls13 code */
    char *name;
    bool ok;
    char *detail;
    uint8_t *value;
    size_t len;
    const char *alert;         /* a failed check: the alert it sends */
};

/* A record in flight, kept until its stage. */
struct held_record {
    enum sim_actor from, to;
    int stage;
    char *title;
    uint8_t *bytes;
    size_t len;
};

/* Where a message ends in a connection's output, and its stage. */
struct mark {
    size_t end;
    int stage;
    const char *name;          /* static, or NULL for an alert */
};

struct tls13_walk;

/* One end of a connection, as the walk drives it. */
struct side {
    struct tls13_walk *w;
    enum sim_actor actor;      /* who it is in the views (Mallory is Eve) */
    bool mallory;
    bool on;
    struct tls13_conn conn;
    struct mark marks[MARKS_MAX];
    size_t mark_count;
    char last_secret[64];      /* the traffic secret a key or IV step belongs to */
    uint8_t c_hs[TLS13_HASH_LEN], s_hs[TLS13_HASH_LEN];  /* as reported: the conn wipes its own */
    bool has_hs;
    bool done;                 /* its handshake is complete */
};

struct tls13_walk {
    struct sim_options opts;
    int64_t clock;
    int stage;                 /* the stage being run */
    struct sim_log *log;       /* valid during a call */
    struct sim_result *r;
    struct side client, server, mallory;
    struct bytes ca_der, cert_der, inter_der, mallory_der;
    struct x509_cert trusted;
    uint8_t server_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t mallory_sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct held_step *steps;
    size_t step_count, step_cap;
    struct held_record *records;
    size_t record_count, record_cap;
    bool tampered;
    size_t tamper_event;       /* the log index where Mallory first changed a record */
    size_t eve_bytes, eve_records_encrypted;
    struct bytes eve_hello[EVE_HELLOS_MAX];  /* the plaintext hellos Eve recorded, in order */
    size_t eve_hellos;
    uint8_t eve_client_share[TLS13_SHARE_LEN];
    bool eve_has_share, eve_saw_sh;        /* a client share; the (real) ServerHello */
    struct bytes eve_server_protected;     /* the first protected record to the client */
    struct bytes received_cert;            /* the certificate the client received */
    bool secrets_match;
    bool intermediate_sent;
};

static void on_step(void *ctx, const struct tls13_step *step);

struct tls13_walk *tls13_walk_new(const struct sim_options *opts, int64_t clock)
{
    struct tls13_walk *w = xcalloc(1, sizeof *w);
    w->opts = *opts;
    w->clock = clock;
    w->client = (struct side){.w = w, .actor = SIM_ACTOR_CLIENT};
    w->server = (struct side){.w = w, .actor = SIM_ACTOR_SERVER};
    w->mallory = (struct side){.w = w, .actor = SIM_ACTOR_EVE, .mallory = true};
    return w;
}

/* Start one side's connection under cfg, its steps coming to the walk. */
static void side_start(struct side *s, enum tls13_role role, struct tls13_config *cfg)
{
    cfg->on_step = on_step;
    cfg->ctx = s;
    tls13_conn_init(&s->conn, role, cfg);
    s->on = true;
}

int tls13_walk_setup(struct tls13_walk *w, const struct tls13_walk_setup *in, char *why,
                     size_t whylen)
{
    bytes_append(&w->ca_der, in->ca_der, in->ca_len);
    bytes_append(&w->cert_der, in->cert_der, in->cert_len);
    if (in->inter_der != NULL && in->inter_len > 0)
        bytes_append(&w->inter_der, in->inter_der, in->inter_len);
    memcpy(w->server_sk, in->server_sk, sizeof w->server_sk);
    if (x509_cert_parse(w->ca_der.data, w->ca_der.len, &w->trusted, why, whylen) != 0)
        return -1;
    struct tls13_config cc = {.host = w->opts.host, .trusted = &w->trusted, .trusted_count = 1,
                              .now = w->clock,
                              .first_hello_without_share = w->opts.hello_retry};
    side_start(&w->client, TLS13_CLIENT, &cc);
    struct tls13_config sc = {.cert_der = w->cert_der.data, .cert_len = w->cert_der.len,
                              .inter_der = w->inter_der.len ? w->inter_der.data : NULL,
                              .inter_len = w->inter_der.len, .sign_sk = w->server_sk};
    side_start(&w->server, TLS13_SERVER, &sc);
    w->intermediate_sent = w->inter_der.len > 0;
    if (in->mallory_cert != NULL) {
        bytes_append(&w->mallory_der, in->mallory_cert, in->mallory_len);
        memcpy(w->mallory_sk, in->mallory_sk, sizeof w->mallory_sk);
        struct tls13_config mc = {.cert_der = w->mallory_der.data,
                                  .cert_len = w->mallory_der.len, .sign_sk = w->mallory_sk};
        side_start(&w->mallory, TLS13_SERVER, &mc);
    }
    return 0;
}

/* The connection's callback: keep the step until its stage, and note where
 * a message sent ends in the output. */
static void on_step(void *ctx, const struct tls13_step *step)
{
    struct side *s = ctx;
    struct tls13_walk *w = s->w;
    int stage = step->stage < w->stage ? w->stage : step->stage;

    if ((step->kind == TLS13_STEP_SENT || step->kind == TLS13_STEP_ALERT_SENT) &&
        s->mark_count < MARKS_MAX)
        s->marks[s->mark_count++] = (struct mark){s->conn.out.len, stage,
                                                  step->kind == TLS13_STEP_SENT ? step->name
                                                                                : NULL};
    if (w->step_count == w->step_cap) {
        w->step_cap = w->step_cap ? w->step_cap * 2 : 64;
        w->steps = xrealloc(w->steps, w->step_cap * sizeof *w->steps);
    }
    struct held_step *h = &w->steps[w->step_count++];
    *h = (struct held_step){s->actor, s->mallory, stage, step->kind, step->id,
                            xstrdup(step->name), step->ok, xstrdup(step->detail),
                            step->value_len ? bytes_dup(step->value, step->value_len) : NULL,
                            step->value_len, NULL};
    if (step->kind == TLS13_STEP_CHECK && !step->ok)
        h->alert = tls13_alert_name(s->conn.err.alert);
    if (step->kind == TLS13_STEP_SECRET && step->value_len == TLS13_HASH_LEN) {
        bool client = strcmp(step->name, "client_handshake_traffic_secret") == 0;
        if (client || strcmp(step->name, "server_handshake_traffic_secret") == 0) {
            memcpy(client ? s->c_hs : s->s_hs, step->value, TLS13_HASH_LEN);
            s->has_hs = true;
        }
    }
}

/* The stage of the record [a, b) of s's output, from the marks. */
static int record_stage(const struct side *s, size_t a, size_t b, const char **name)
{
    int before = 0, after = 0;

    *name = NULL;
    for (size_t i = 0; i < s->mark_count; i++) {
        const struct mark *m = &s->marks[i];
        if (m->end > a && m->end <= b) {
            *name = m->name;
            return m->stage;
        }
        if (m->end <= a)
            before = m->stage;
        else if (after == 0)
            after = m->stage;
    }
    return before ? before : after ? after : s->w->stage;
}

/* The record's title: the message it carries, or its content type. */
static char *record_title(const uint8_t *rec, size_t len, const char *name)
{
    struct tls13_server_hello sh;
    struct tls13_error err;

    if (rec[0] == TLS13_CT_CHANGE_CIPHER_SPEC)
        return xstrdup("ChangeCipherSpec");
    if (rec[0] == TLS13_CT_HANDSHAKE && len > TLS13_RECORD_HEADER_LEN + 4 &&
        rec[TLS13_RECORD_HEADER_LEN] == TLS13_HS_SERVER_HELLO &&
        tls13_server_hello_parse(rec + TLS13_RECORD_HEADER_LEN + 4,
                                 len - TLS13_RECORD_HEADER_LEN - 4, &sh, &err) == 0 && sh.is_hrr)
        return xstrdup("HelloRetryRequest");
    if (name != NULL)
        return xstrdup(name);
    if (rec[0] == TLS13_CT_ALERT || rec[0] == TLS13_CT_APPLICATION_DATA)
        return xstrdup(rec[0] == TLS13_CT_ALERT ? "Alert" : "Alert (encrypted)");
    return xstrdup(tls13_content_type_name(rec[0]));
}

/* Cut s's output into records, queue them for their stages, and empty it. */
static void collect(struct side *s, enum sim_actor to)
{
    struct tls13_walk *w = s->w;
    const struct bytes *out = &s->conn.out;
    size_t at = 0;

    while (at + TLS13_RECORD_HEADER_LEN <= out->len) {
        size_t n = TLS13_RECORD_HEADER_LEN + ((size_t)out->data[at + 3] << 8 | out->data[at + 4]);
        if (at + n > out->len)
            break;
        const char *name;
        int stage = record_stage(s, at, at + n, &name);
        if (w->record_count == w->record_cap) {
            w->record_cap = w->record_cap ? w->record_cap * 2 : 32;
            w->records = xrealloc(w->records, w->record_cap * sizeof *w->records);
        }
        w->records[w->record_count++] = (struct held_record){
            s->actor, to, stage, record_title(out->data + at, n, name),
            bytes_dup(out->data + at, n), n};
        at += n;
    }
    tls13_conn_drain(&s->conn, at);
    s->mark_count = 0;
}

/* Whether the secret a step derived may be shown as public (a key share). */
static bool public_value(const char *name)
{
    return strstr(name, "key share") != NULL;
}

/* Fold a failed check of actor into the result: the first one aborts. */
static void fold_failure(struct tls13_walk *w, const struct held_step *h,
                         const struct sim_event *ev)
{
    struct sim_result *r = w->r;
    const struct fact_check *row = fact_check_find(h->id);

    if (strncmp(h->id, "tls13.cert.", 11) == 0 && !r->cert_rejected) {
        r->cert_rejected = true;
        r->cert_failed_id = ev->check_id;
    }
    if (row != NULL && row->detects_change && r->tamper_at != 0 && !r->tamper_detected) {
        r->tamper_detected = true;
        r->tamper_detected_at = h->stage;
        r->tamper_detected_by = ev->check_id;
    }
    if (w->opts.downgrade && (strcmp(h->id, "tls13.ch.version") == 0 ||
                              strncmp(h->id, "tls13.sh.", 9) == 0 ||
                              strncmp(h->id, "tls13.finished.", 15) == 0) &&
        !r->downgrade_caught) {
        r->downgrade_caught = true;
        r->downgrade_caught_by = ev->check_id;
    }
    if (r->aborted)
        return;
    r->aborted = true;
    r->aborted_at = h->stage;
    r->aborted_by = h->actor;
    r->alert = r->handshake_done;
    r->reason_id = ev->check_id;
    r->reason_code = h->alert;
    snprintf(r->reason, sizeof r->reason, "%s", h->detail);
    log_text(w->log, SIM_EV_ACTION, h->actor, "%s: %s",
             r->alert ? "closes the connection" : "aborts the handshake", h->detail);
}

/* The log entry (or entries) of one held step. */
static void emit(struct tls13_walk *w, struct held_step *h)
{
    struct sim_log *log = w->log;
    struct side *s = h->mallory ? &w->mallory
                     : h->actor == SIM_ACTOR_CLIENT ? &w->client : &w->server;

    const char *colon = strchr(h->detail, ':');

    switch (h->kind) {
    case TLS13_STEP_SENT:
        if (strcmp(h->name, "application data") == 0) {
            log_knows(log, h->actor, h->actor == SIM_ACTOR_CLIENT ? "request" : "reply",
                      h->value, h->len, true, NULL);
            log_text(log, SIM_EV_ACTION, h->actor, "sends it: %s", h->detail);
        } else if (colon != NULL) {
            log_text(log, SIM_EV_ACTION, h->actor, "sends the %s", h->detail);
        } else {
            log_text(log, SIM_EV_ACTION, h->actor, "sends %s: %s", h->name, h->detail);
        }
        break;
    case TLS13_STEP_RECEIVED:
        if (strcmp(h->name, "application data") == 0) {
            log_text(log, SIM_EV_ACTION, h->actor, "opens a record: %s", h->detail);
            log_knows(log, h->actor,
                      h->actor == SIM_ACTOR_SERVER ? "request (decrypted)" : "reply (decrypted)",
                      h->value, h->len, true, NULL);
        }   /* a handshake message received shows as its record on the wire */
        break;
    case TLS13_STEP_SECRET: {
        char title[128];
        if (strcmp(h->id, "tls13.secret") == 0) {
            snprintf(s->last_secret, sizeof s->last_secret, "%s", h->name);
            snprintf(title, sizeof title, "%s", h->name);
        } else {
            snprintf(title, sizeof title, "%s of %s", h->name, s->last_secret);
        }
        log_knows(log, h->actor, title, h->value, h->len, !public_value(h->name), h->detail);
        break;
    }
    case TLS13_STEP_CHECK: {
        if (h->mallory)
            break;      /* Mallory's own checks are no defence of the user's */
        bool known = fact_check_find(h->id) != NULL;
        struct sim_event *ev = log_check(log, h->actor, known ? h->id : "tls13.check",
                                         FACT_OF(h->ok), h->ok ? NULL : h->alert, "%s%s%s",
                                         known ? "" : h->id, known ? "" : ": ", h->detail);
        if (!h->ok)
            fold_failure(w, h, ev);
        else if (strcmp(h->id, "tls13.cv.signature") == 0 && h->actor == SIM_ACTOR_CLIENT)
            w->r->server_authenticated = !w->r->cert_rejected;
        break;
    }
    case TLS13_STEP_ALERT_SENT:
        if (h->ok)
            log_text(log, SIM_EV_ACTION, h->actor, "sends a close_notify alert: nothing more "
                     "will come from this side");
        else
            log_text(log, SIM_EV_ACTION, h->actor, "sends the fatal alert %s", h->name);
        break;
    case TLS13_STEP_ALERT_RECEIVED:
        log_text(log, SIM_EV_ACTION, h->actor, "receives an alert: %s", h->detail);
        break;
    case TLS13_STEP_DONE:
        s->done = true;
        log_text(log, SIM_EV_ACTION, h->actor, "%s", h->detail);
        break;
    }
}

/* Free what a held step owns, its value wiped (it may be a secret). */
static void held_step_free(struct held_step *h)
{
    free(h->name);
    free(h->detail);
    if (h->value)
        crypt_wipe(h->value, h->len);
    free(h->value);
}

/* Free what a held record owns. */
static void held_record_free(struct held_record *rec)
{
    free(rec->title);
    free(rec->bytes);
}

/* Log every held step whose stage has come, in the order they were made. */
static void flush(struct tls13_walk *w)
{
    size_t keep = 0;

    for (size_t i = 0; i < w->step_count; i++) {
        struct held_step *h = &w->steps[i];
        if (h->stage <= w->stage) {
            emit(w, h);
            held_step_free(h);
        } else {
            w->steps[keep++] = *h;
        }
    }
    w->step_count = keep;
}

/* Eve records one record and notes what it shows her without a key. */
static void eve_record(struct tls13_walk *w, const struct held_record *rec)
{
    struct sim_log *log = w->log;
    struct tls13_error err;
    const uint8_t *msg = rec->bytes + TLS13_RECORD_HEADER_LEN;
    size_t n = rec->len - TLS13_RECORD_HEADER_LEN;

    w->eve_bytes += rec->len;
    bool encrypted = rec->bytes[0] == TLS13_CT_APPLICATION_DATA;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE, "records %s (%zu bytes; %zu in all so far)",
             encrypted ? "an encrypted record" : rec->title, rec->len, w->eve_bytes);
    if (encrypted) {
        w->eve_records_encrypted++;
        if (rec->to == SIM_ACTOR_CLIENT && w->eve_server_protected.len == 0)
            bytes_append(&w->eve_server_protected, rec->bytes, rec->len);
        return;
    }
    if (rec->bytes[0] != TLS13_CT_HANDSHAKE || n < 4 || w->eve_saw_sh ||
        w->eve_hellos == EVE_HELLOS_MAX)
        return;
    if (msg[0] == TLS13_HS_CLIENT_HELLO) {
        struct tls13_client_hello ch;
        bytes_append(&w->eve_hello[w->eve_hellos++], msg, n);
        if (tls13_client_hello_parse(msg + 4, n - 4, &ch, &err) != 0)
            return;
        if (w->eve_hellos == 1) {
            log_knows(log, SIM_ACTOR_EVE, "client random", ch.random, sizeof ch.random, false,
                      NULL);
            log_knows(log, SIM_ACTOR_EVE, "server name wanted", NULL, 0, false, ch.server_name);
        }
        if (ch.share_x25519) {
            memcpy(w->eve_client_share, ch.x25519, sizeof w->eve_client_share);
            w->eve_has_share = true;
            log_knows(log, SIM_ACTOR_EVE, "client key share (X25519)", ch.x25519,
                      sizeof ch.x25519, false, "public: useless without its private half");
        }
    } else if (msg[0] == TLS13_HS_SERVER_HELLO) {
        struct tls13_server_hello sh;
        bytes_append(&w->eve_hello[w->eve_hellos++], msg, n);
        if (tls13_server_hello_parse(msg + 4, n - 4, &sh, &err) != 0 || sh.is_hrr)
            return;
        w->eve_saw_sh = true;
        log_knows(log, SIM_ACTOR_EVE, "server random", sh.random, sizeof sh.random, false, NULL);
        log_knows(log, SIM_ACTOR_EVE, "server key share (X25519)", sh.share, sizeof sh.share,
                  false, "public: useless without its private half");
    }
}

/* The transcript hash of the hellos Eve recorded, as both ends make it (a
 * HelloRetryRequest first turns the first ClientHello into message_hash). */
static void eve_hello_hash(const struct tls13_walk *w, uint8_t hash[TLS13_HASH_LEN])
{
    struct tls13_transcript t;
    struct tls13_server_hello sh;
    struct tls13_error err;

    tls13_transcript_init(&t);
    for (size_t i = 0; i < w->eve_hellos; i++) {
        const struct bytes *m = &w->eve_hello[i];
        if (m->data[0] == TLS13_HS_SERVER_HELLO &&
            tls13_server_hello_parse(m->data + 4, m->len - 4, &sh, &err) == 0 && sh.is_hrr)
            tls13_transcript_restart_for_hrr(&t);
        tls13_transcript_add(&t, m->data, m->len);
    }
    tls13_transcript_hash(&t, hash);
}

/* Mallory acts on a record in flight: a flipped bit at the tamper stage, TLS
 * 1.3 taken out of the ClientHello; logs the record as she passes it on. */
static void mallory_changes(struct tls13_walk *w, struct held_record *rec)
{
    const char *what = NULL;
    size_t before = w->log->count;

    if (w->opts.downgrade && rec->bytes[0] == TLS13_CT_HANDSHAKE &&
        rec->bytes[TLS13_RECORD_HEADER_LEN] == TLS13_HS_CLIENT_HELLO &&
        t13_strip_tls13(rec->bytes, rec->len) == 0) {
        what = "rewrites supported_versions in the ClientHello: TLS 1.3 (0x0304) becomes "
               "TLS 1.2 (0x0303), as if the client could do no better";
        if (w->r->tamper_at == 0) {     /* a change on the way, as in the teaching flow */
            w->r->tamper_at = w->stage;
            w->tamper_event = before;
        }
    }
    if (!w->tampered && w->opts.tamper_stage == w->stage &&
        rec->bytes[0] != TLS13_CT_CHANGE_CIPHER_SPEC) {
        long at = t13_tamper_offset(rec->bytes, rec->len);
        if (at >= 0) {
            rec->bytes[at] ^= 0x01;
            w->tampered = true;
            w->r->tamper_at = w->stage;
            w->tamper_event = before;
            what = rec->bytes[0] == TLS13_CT_HANDSHAKE
                       ? "flips one bit of the random in the hello"
                       : "flips one bit in the middle of the encrypted record";
        }
    }
    if (what == NULL)
        return;
    log_text(w->log, SIM_EV_ACTION, SIM_ACTOR_EVE, "Mallory %s", what);
    struct sim_field *fields = NULL;
    size_t count = t13_describe_record(rec->bytes, rec->len, &fields);
    char *title = xasprintf("%s, as Mallory passes it on", rec->title);
    log_wire(w->log, SIM_ACTOR_EVE, rec->to, title, rec->bytes, rec->len, fields, count);
    free(title);
}

/* The side a record to `to` reaches: Mallory takes what the client sends
 * to the server when she is in the middle. */
static struct side *receiver(struct tls13_walk *w, enum sim_actor to)
{
    if (to == SIM_ACTOR_CLIENT)
        return &w->client;
    return w->mallory.on ? &w->mallory : &w->server;
}

/* Carry every record whose stage has come, in order: on the wire, past Eve
 * and Mallory, into its receiver, whose answers are collected in turn. */
static void deliver(struct tls13_walk *w)
{
    for (;;) {
        size_t i = 0;
        while (i < w->record_count && w->records[i].stage > w->stage)
            i++;
        if (i == w->record_count)
            break;
        struct held_record rec = w->records[i];
        memmove(&w->records[i], &w->records[i + 1],
                (w->record_count - i - 1) * sizeof *w->records);
        w->record_count--;
        struct sim_field *fields = NULL;
        size_t count = t13_describe_record(rec.bytes, rec.len, &fields);
        log_wire(w->log, rec.from, rec.to, rec.title, rec.bytes, rec.len, fields, count);
        eve_record(w, &rec);
        struct side *to = receiver(w, rec.to);
        if (to->mallory && rec.bytes[0] == TLS13_CT_HANDSHAKE && !w->eve_saw_sh)
            log_text(w->log, SIM_EV_ACTION, SIM_ACTOR_EVE, "Mallory keeps the %s and answers "
                     "it herself, with her own key share and her own certificate for %s; the "
                     "real server never hears of this client", rec.title, w->opts.host);
        else
            mallory_changes(w, &rec);
        if (strcmp(rec.title, "Certificate") == 0 && rec.to == SIM_ACTOR_CLIENT)
            log_text(w->log, SIM_EV_ACTION, SIM_ACTOR_EVE, "cannot see which certificate this "
                     "is: in TLS 1.3 it travels encrypted under the handshake keys");
        /* a failure comes back as a step (a failed check, or the peer's alert) */
        bool failed = tls13_conn_feed(&to->conn, rec.bytes, rec.len) != 0;
        (void)failed;
        collect(to, rec.from == SIM_ACTOR_CLIENT ? SIM_ACTOR_CLIENT : SIM_ACTOR_SERVER);
        held_record_free(&rec);
        flush(w);
        if (w->client.conn.peer_cert.len > 0 && w->received_cert.len == 0)
            bytes_append(&w->received_cert, w->client.conn.peer_cert.data,
                         w->client.conn.peer_cert.len);
    }
}

/* Eve tries to read the application data she recorded: she holds only
 * public values, so every record stays shut. */
static void eve_try_to_read(struct tls13_walk *w)
{
    if (w->eve_records_encrypted == 0)
        return;
    log_check(w->log, SIM_ACTOR_EVE, "eve.read", FACT_FAIL, "no_key",
              "she holds %zu encrypted records but no traffic key: the keys come from an "
              "X25519 secret whose private halves never left the two ends (0 of %zu read)",
              w->eve_records_encrypted, w->eve_records_encrypted);
}

/* Stage 2: the client makes its key share and sends its hello. */
static void start_client(struct tls13_walk *w)
{
    tls13_client_start(&w->client.conn);
    collect(&w->client, SIM_ACTOR_SERVER);
}

/* Have s send text as application data, queued for the actor to. */
static void send_text(struct side *s, const char *text, enum sim_actor to)
{
    if (tls13_conn_send(&s->conn, (const uint8_t *)text, strlen(text)) == 0)
        collect(s, to);
}

/* Have s close its connection and deliver its close_notify to the actor to. */
static void close_and_deliver(struct side *s, enum sim_actor to)
{
    tls13_conn_close(&s->conn);
    collect(s, to);
    flush(s->w);
    deliver(s->w);
}

/* Whether the client derived the handshake traffic secrets its peer did. */
static bool same_handshake_secrets(const struct tls13_walk *w)
{
    const struct side *peer = w->mallory.on ? &w->mallory : &w->server;
    return w->client.has_hs && peer->has_hs &&
           crypt_equal(w->client.c_hs, peer->c_hs, TLS13_HASH_LEN) &&
           crypt_equal(w->client.s_hs, peer->s_hs, TLS13_HASH_LEN);
}

void tls13_walk_stage(struct tls13_walk *w, struct sim_log *log, struct sim_result *r,
                      int stage)
{
    w->stage = stage;
    w->log = log;
    w->r = r;
    flush(w);
    if (stage == 2)
        start_client(w);
    if (stage == 7 && !r->aborted)
        send_text(&w->client, w->opts.message, SIM_ACTOR_SERVER);
    flush(w);
    deliver(w);
    if (stage == 8 && !r->aborted) {
        send_text(&w->server, w->opts.reply, SIM_ACTOR_CLIENT);
        flush(w);
        deliver(w);
        if (!r->aborted) {
            close_and_deliver(&w->client, SIM_ACTOR_SERVER);
            close_and_deliver(&w->server, SIM_ACTOR_CLIENT);
        }
    }
    if (stage == 4)
        w->secrets_match = same_handshake_secrets(w);
    if (stage == 6 && !r->aborted && w->client.done && w->server.done)
        r->handshake_done = true;
    if (stage >= 7 && !r->aborted)
        eve_try_to_read(w);
    if (stage == SIM_STAGE_COUNT && !r->aborted && w->client.conn.app_in.len > 0 &&
        w->server.conn.app_in.len > 0)
        r->completed = true;
    w->log = NULL;
    w->r = NULL;
}

void tls13_walk_leak(struct tls13_walk *w, struct sim_log *log, struct sim_result *r,
                     const uint8_t *server_sk)
{
    struct tls13_secrets secrets = {0};
    struct tls13_traffic traffic;
    struct tls13_error err;
    uint8_t xsk[CRYPT_X25519_SECRETKEYBYTES], shared[CRYPT_X25519_SHAREDBYTES];
    uint8_t hash[TLS13_HASH_LEN], inner;
    bool opened = false;

    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "later, the server's long-term private key leaks (a stolen backup, a break-in) "
             "and reaches Eve, who still has her recording");
    log_knows(log, SIM_ACTOR_EVE, "server private key (LEAKED)", server_sk, CRYPT_SIGN_SEEDBYTES,
              true, NULL);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_EVE,
             "finds no wrapped key in her recording: only two public key shares. She tries the "
             "leaked key, in its X25519 form, in place of an ephemeral private key, runs the key "
             "schedule over the recorded hellos and tries the server handshake key on the first "
             "encrypted record");
    if (w->eve_has_share && w->eve_saw_sh && w->eve_server_protected.len > 0) {
        crypt_sign_sk_to_x25519(xsk, server_sk);
        if (crypt_x25519_shared(shared, xsk, w->eve_client_share) == 0) {
            eve_hello_hash(w, hash);
            tls13_schedule_handshake(&secrets, shared, sizeof shared, hash);
            tls13_traffic_from_secret(&traffic, secrets.s_hs);
            size_t n = w->eve_server_protected.len;
            uint8_t *plain = xcalloc(1, n);
            size_t got;
            opened = tls13_record_unprotect(&traffic, w->eve_server_protected.data, n, plain,
                                            &got, &inner, &err) == 0;
            crypt_free(plain, n);
            crypt_wipe(&traffic, sizeof traffic);
        }
    }
    log_check(log, SIM_ACTOR_EVE, "leak.tls13.ecdhe", FACT_OF(opened), "ephemeral_keys_gone",
              opened ? "the keys she rebuilt open the recorded record"
                     : "the keys she rebuilt fail the tag of the first encrypted record: the "
                       "long-term key only ever signed; the X25519 private halves that made "
                       "the secret were wiped when the handshake ended");
    r->forward_secrecy = opened ? SIM_FS_BROKEN : SIM_FS_HELD;
    tls13_secrets_wipe(&secrets);
    crypt_wipe(xsk, sizeof xsk);
    crypt_wipe(shared, sizeof shared);
}

unsigned tls13_walk_situation(const struct tls13_walk *w, const struct sim_result *r, int stage,
                              bool aborted_before)
{
    unsigned sit = 0;

    if (aborted_before)
        sit |= T13_ABORTED_BEFORE;
    else if (r->aborted && r->aborted_at == stage) {
        sit |= T13_ABORTED_HERE;
        const char *id = r->reason_id ? r->reason_id : "";
        if (strcmp(id, "tls13.record.mac") == 0)
            sit |= T13_BY_RECORD_MAC;
        else if (strcmp(id, "tls13.cv.signature") == 0)
            sit |= T13_BY_CV;
        else if (strncmp(id, "tls13.finished.", 15) == 0)
            sit |= T13_BY_FINISHED;
        else if (strncmp(id, "tls13.cert.", 11) == 0)
            sit |= T13_BY_CERT;
        else if (strcmp(id, "tls13.ch.version") == 0)
            sit |= T13_BY_VERSION;
    }
    if (r->alert)
        sit |= T13_ALERT;
    if (w->tampered && w->opts.tamper_stage == stage && stage > 1)
        sit |= T13_TAMPERED_HERE;   /* a flipped bit; a downgrade has its own texts */
    if (r->tamper_at == 2 || r->tamper_at == 3)
        sit |= T13_HELLO_CHANGED;
    if (w->opts.mitm)
        sit |= T13_MITM;
    if (w->opts.downgrade)
        sit |= T13_DOWNGRADE;
    if (w->opts.leak_key)
        sit |= T13_LEAK;
    if (w->opts.hello_retry)
        sit |= T13_HRR;
    if (sim_cert_is_chain(w->opts.cert))
        sit |= T13_CHAIN;
    if (w->secrets_match)
        sit |= T13_SECRETS_MATCH;
    if (r->forward_secrecy == SIM_FS_HELD)
        sit |= T13_FS_HELD;
    if (r->completed)
        sit |= T13_COMPLETED;
    if (w->intermediate_sent && !w->opts.mitm)
        sit |= T13_INTERMEDIATE;
    return sit;
}

bool tls13_walk_received_certificate(const struct tls13_walk *w, const uint8_t **der,
                                     size_t *len)
{
    *der = w->received_cert.data;
    *len = w->received_cert.len;
    return w->received_cert.len > 0;
}

bool tls13_walk_received_intermediate(const struct tls13_walk *w, const uint8_t **der,
                                      size_t *len)
{
    /* the server's own set: Mallory's certificate comes alone */
    if (w->received_cert.len == 0 || w->mallory.on || w->inter_der.len == 0)
        return false;
    *der = w->inter_der.data;
    *len = w->inter_der.len;
    return true;
}

void tls13_walk_free(struct tls13_walk *w)
{
    if (w == NULL)
        return;
    struct side *sides[] = {&w->client, &w->server, &w->mallory};
    for (size_t i = 0; i < 3; i++)
        if (sides[i]->on)
            tls13_conn_free(&sides[i]->conn);
    for (size_t i = 0; i < w->step_count; i++)
        held_step_free(&w->steps[i]);
    free(w->steps);
    for (size_t i = 0; i < w->record_count; i++)
        held_record_free(&w->records[i]);
    free(w->records);
    bytes_free(&w->ca_der);
    bytes_free(&w->cert_der);
    bytes_free(&w->inter_der);
    bytes_free(&w->mallory_der);
    for (size_t i = 0; i < w->eve_hellos; i++)
        bytes_free(&w->eve_hello[i]);
    bytes_free(&w->eve_server_protected);
    bytes_free(&w->received_cert);
    crypt_free(w, sizeof *w);
}
