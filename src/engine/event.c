/*
 * event.c - the event log the engine writes and the views read.
 */
#include "engine/event.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "base/die.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LOG_CHUNK_BYTES 8192     /* a pool block: a default run fills about two */

const char *sim_actor_name(enum sim_actor actor)
{
    static const char *const names[SIM_ACTOR_COUNT] = {
        [SIM_ACTOR_CLIENT] = "client",
        [SIM_ACTOR_SERVER] = "server",
        [SIM_ACTOR_CA] = "CA",
        [SIM_ACTOR_EVE] = "Eve",
    };
    return (unsigned)actor < SIM_ACTOR_COUNT ? names[actor] : "?";
}

/* One block of a log's pool.  The strings and byte values of events are
 * copied in one after another, and wiped and freed a block at a time with
 * the log: a run logs about a hundred events, and a malloc and a free for
 * each title and value was a good part of what the engine spent besides
 * cryptography. */
struct log_chunk {
    struct log_chunk *next;
    size_t used;
    size_t cap;
    uint8_t data[];
};

/* len bytes of room in log's pool (uninitialised), never NULL. */
static void *pool_alloc(struct sim_log *log, size_t len)
{
    struct log_chunk *c = log->pool;
    if (c == NULL || c->cap - c->used < len) {
        size_t cap = len > LOG_CHUNK_BYTES ? len : LOG_CHUNK_BYTES;
        if (cap > SIZE_MAX - sizeof *c)
            die("out of memory");
        c = xmalloc(sizeof *c + cap);
        c->next = log->pool;
        c->used = 0;
        c->cap = cap;
        log->pool = c;
    }
    void *p = c->data + c->used;
    c->used += len;
    return p;
}

/* A copy of the len bytes at p in log's pool. */
static uint8_t *pool_copy(struct sim_log *log, const void *p, size_t len)
{
    uint8_t *d = pool_alloc(log, len);
    if (len > 0)
        memcpy(d, p, len);
    return d;
}

/* A copy of s in log's pool. */
static char *pool_strdup(struct sim_log *log, const char *s)
{
    return (char *)pool_copy(log, s, strlen(s) + 1);
}

/* Room for a sentence of len characters and its NUL: in log's pool, or on
 * the heap for a narration, whose text the engine replaces (event.h). */
static char *text_room(struct sim_log *log, bool heap, size_t len)
{
    return heap ? xmalloc(len + 1) : pool_alloc(log, len + 1);
}

/* Append a zeroed event stamped with the log's stage and return it. */
static struct sim_event *log_append(struct sim_log *log, enum sim_event_kind kind,
                                    enum sim_actor actor)
{
    if (log->count == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 64;
        log->events = xrealloc(log->events, cap * sizeof *log->events);
        log->cap = cap;
    }
    struct sim_event *ev = &log->events[log->count++];
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->stage = log->stage;
    ev->actor = actor;
    ev->peer = actor;
    return ev;
}

/* The sentence fmt makes of its arguments when its only conversions are
 * plain %s, joined into room from text_room(): a fraction of what
 * vsnprintf costs, and most of the engine's sentences are such; NULL for
 * any other fmt. */
static char *join_strings(struct sim_log *log, bool heap, const char *fmt, va_list ap)
{
    va_list args;
    size_t total = 0;
    const char *p;

    va_copy(args, ap);
    for (p = fmt; (p = strchr(p, '%')) != NULL; p += 2) {
        if (p[1] != 's') {
            va_end(args);
            return NULL;
        }
        const char *s = va_arg(args, const char *);
        total += strlen(s != NULL ? s : "(null)");
    }
    va_end(args);
    total += strlen(fmt);   /* counts each "%s" too: two bytes to spare per piece */

    char *out = text_room(log, heap, total), *w = out;
    va_copy(args, ap);
    for (p = fmt;;) {
        const char *pct = strchr(p, '%');
        size_t run = pct != NULL ? (size_t)(pct - p) : strlen(p);
        memcpy(w, p, run);
        w += run;
        if (pct == NULL)
            break;
        const char *s = va_arg(args, const char *);
        if (s == NULL)
            s = "(null)";
        size_t n = strlen(s);
        memcpy(w, s, n);
        w += n;
        p = pct + 2;
    }
    va_end(args);
    *w = '\0';
    return out;
}

/* printf into a string: on the heap for a narration (see text_room()),
 * else in log's pool.  Sentences of plain %s are joined in place. */
static char *vformat(struct sim_log *log, bool heap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static char *vformat(struct sim_log *log, bool heap, const char *fmt, va_list ap)
{
    char *joined = join_strings(log, heap, fmt, ap);
    if (joined != NULL)
        return joined;
    char *s = xvasprintf(fmt, ap);
    if (heap)
        return s;
    size_t n = strlen(s);
    char *kept = (char *)pool_copy(log, s, n + 1);
    crypt_wipe(s, n);
    free(s);
    return kept;
}

void log_text(struct sim_log *log, enum sim_event_kind kind, enum sim_actor actor,
              const char *fmt, ...)
{
    struct sim_event *ev = log_append(log, kind, actor);
    va_list ap;
    va_start(ap, fmt);
    ev->text = vformat(log, kind == SIM_EV_NARRATION, fmt, ap);
    va_end(ap);
}

void log_knows(struct sim_log *log, enum sim_actor actor, const char *name, const uint8_t *value,
               size_t len, bool secret, const char *text)
{
    struct sim_event *ev = log_append(log, SIM_EV_KNOWS, actor);
    ev->title = pool_strdup(log, name);
    ev->secret = secret;
    if (value != NULL) {
        ev->bytes = pool_copy(log, value, len);
        ev->len = len;
    }
    if (text != NULL)
        ev->text = pool_strdup(log, text);
}

struct sim_event *log_check(struct sim_log *log, enum sim_actor actor, const char *id,
                            enum fact_outcome outcome, const char *code, const char *fmt, ...)
{
    const struct fact_check *row = fact_check_find(id);
    struct sim_event *ev;

    if (row == NULL)
        die("log_check: no check has the id \"%s\"", id);
    ev = log_append(log, SIM_EV_CHECK, actor);
    ev->title = pool_strdup(log, row->title);
    ev->check_id = row->id;
    ev->outcome = outcome;
    ev->ok = outcome == FACT_PASS;
    ev->reason_code = outcome == FACT_PASS ? NULL : code;
    va_list ap;
    va_start(ap, fmt);
    ev->text = vformat(log, false, fmt, ap);
    va_end(ap);
    return ev;
}

struct sim_event *log_wire(struct sim_log *log, enum sim_actor from, enum sim_actor to,
                           const char *name, const uint8_t *bytes, size_t len,
                           struct sim_field *fields, size_t field_count)
{
    struct sim_event *ev = log_append(log, SIM_EV_WIRE, from);
    ev->peer = to;
    ev->title = pool_strdup(log, name);
    ev->bytes = pool_copy(log, bytes, len);
    ev->len = len;
    ev->fields = fields;
    ev->field_count = field_count;
    return ev;
}

void sim_fields_free(struct sim_field *fields, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(fields[i].label);
        if (fields[i].decoded) {
            crypt_wipe(fields[i].decoded, strlen(fields[i].decoded));
            free(fields[i].decoded);
        }
    }
    free(fields);
}

void log_free(struct sim_log *log)
{
    for (size_t i = 0; i < log->count; i++) {
        struct sim_event *ev = &log->events[i];
        if (ev->kind == SIM_EV_NARRATION && ev->text != NULL) {
            crypt_wipe(ev->text, strlen(ev->text));
            free(ev->text);
        }
        sim_fields_free(ev->fields, ev->field_count);
    }
    free(log->events);
    while (log->pool != NULL) {
        struct log_chunk *c = log->pool;
        log->pool = c->next;
        crypt_wipe(c->data, c->used);
        free(c);
    }
    memset(log, 0, sizeof *log);
}
