/*
 * event.h - what the engine tells the views: one event per thing that happened.
 *
 * Owns the event record and the log that collects them.  An event says which
 * stage it belongs to and which actor it is about; wire events carry the
 * exact bytes that crossed the wire and a labelled split of them into fields.
 * All the log keeps is wiped when it is freed, as values and sentences may
 * hold secrets.
 */
#ifndef TLSSIM_EVENT_H
#define TLSSIM_EVENT_H

#include "engine/fact.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sim_actor {
    SIM_ACTOR_CLIENT,
    SIM_ACTOR_SERVER,
    SIM_ACTOR_CA,
    SIM_ACTOR_EVE,
    SIM_ACTOR_COUNT
};

enum sim_event_kind {
    SIM_EV_NARRATION,  /* what happens at this stage and why (text) */
    SIM_EV_ACTION,     /* actor did something (text) */
    SIM_EV_WIRE,       /* a message from actor to peer: bytes, fields */
    SIM_EV_KNOWS,      /* actor now knows title = bytes (and/or text) */
    SIM_EV_CHECK,      /* actor checked title: ok, with text saying why */
    SIM_EV_REAL_TLS,   /* what real TLS 1.2 / 1.3 does at this point (text) */
};

/* One labelled run of bytes inside a wire message. */
struct sim_field {
    char *label;
    size_t offset;     /* into the event's bytes */
    size_t len;
    char *decoded;     /* a readable rendering, or NULL when hex says it all */
};

struct sim_event {
    enum sim_event_kind kind;
    int stage;                  /* 1..8 */
    enum sim_actor actor;       /* who acts, knows or checks; the sender of a message */
    enum sim_actor peer;        /* the receiver of a message */
    char *title;                /* message name, name of a known value, name of a check */
    char *text;                 /* the sentence: action, check reason, narration, decoded value */
    bool ok;                    /* a check's outcome: passed */
    const char *check_id;       /* a check's stable id (fact.h), e.g. "cert.signature" */
    enum fact_outcome outcome;  /* a check's outcome: pass, fail, not checked */
    const char *reason_code;    /* a check's reason, e.g. "self_signed"; NULL when it passed */
    unsigned claims;            /* narration: the fact_claim bits its sentences assert */
    bool secret;                /* a known value that must stay secret */
    bool off_wire;              /* a message on another channel (enrolment with the CA) */
    uint8_t *bytes;             /* the value, or the whole message as sent */
    size_t len;
    struct sim_field *fields;
    size_t field_count;
};

struct log_chunk;

/* The events of a run.  Every title, byte value and sentence of an event
 * belongs to the log and lives in its pool, except the text of a
 * narration, a heap string that whoever composes the stage's text may free
 * and replace, and a wire event's fields, the heap array log_wire() takes
 * over. */
struct sim_log {
    struct sim_event *events;
    size_t count;
    size_t cap;
    int stage;                  /* stamped on every event appended */
    struct log_chunk *pool;     /* where the events' strings and values are kept */
};

/* Printable name of an actor: "client", "server", "CA", "Eve". */
const char *sim_actor_name(enum sim_actor actor);

/* Append a narration, action or real-TLS sentence for actor. */
void log_text(struct sim_log *log, enum sim_event_kind kind, enum sim_actor actor,
              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Record that actor now knows a byte value called name (text may be NULL). */
void log_knows(struct sim_log *log, enum sim_actor actor, const char *name, const uint8_t *value,
               size_t len, bool secret, const char *text);

/* Record the outcome of check id (a row of fact.h's table, which gives its
 * title) made by actor, with a reason code (NULL when it passed) and a
 * sentence saying why; returns the event. */
struct sim_event *log_check(struct sim_log *log, enum sim_actor actor, const char *id,
                            enum fact_outcome outcome, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* FACT_PASS when ok, else FACT_FAIL. */
#define FACT_OF(ok) ((ok) ? FACT_PASS : FACT_FAIL)

/* Record a message from -> to with its bytes; fields are taken over by the log. */
struct sim_event *log_wire(struct sim_log *log, enum sim_actor from, enum sim_actor to,
                           const char *name, const uint8_t *bytes, size_t len,
                           struct sim_field *fields, size_t field_count);

/* Append to log a copy of ev (an event of another log) with its stage:
 * its strings, bytes and fields are copied, so each log is freed alone. */
void log_append_copy(struct sim_log *log, const struct sim_event *ev);

/* Free every event, wiping byte values first. */
void log_free(struct sim_log *log);

/* The bytes the log holds on the heap: its events, its pool and the
 * fields of its wire events. */
size_t log_bytes(const struct sim_log *log);

/* Free a field array and its strings, wiping the decoded values (they may
 * quote plaintext). */
void sim_fields_free(struct sim_field *fields, size_t count);

#endif
