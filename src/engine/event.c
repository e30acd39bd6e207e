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
#define SENTENCE_STACK_BYTES 2048  /* longer sentences go through vsnprintf */

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

/* Append the n bytes at s to buf (cap bytes) at *used; false when they
 * do not fit. */
static bool put_piece(char *buf, size_t cap, size_t *used, const char *s, size_t n)
{
    if (n > cap - *used)
        return false;
    memcpy(buf + *used, s, n);
    *used += n;
    return true;
}

/* Append v in decimal, after a minus sign when negative is set. */
static bool put_number(char *buf, size_t cap, size_t *used, unsigned long long v, bool negative)
{
    char digits[21];
    size_t first = sizeof digits;

    do {
        digits[--first] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (negative)
        digits[--first] = '-';
    return put_piece(buf, cap, used, digits + first, sizeof digits - first);
}

/* Write the sentence fmt makes of ap into buf (cap bytes, no NUL) when its
 * conversions are only %s, %zu, %d and %%, as nearly all of the engine's
 * are; their length, or SIZE_MAX (what was written wiped) for any other
 * fmt or a longer sentence, which vsnprintf then writes.  By hand, as vsnprintf was a good part of
 * what logging a run cost. */
static size_t simple_format(char *buf, size_t cap, const char *fmt, va_list ap)
{
    va_list args;
    size_t used = 0;
    bool ok = true;

    va_copy(args, ap);
    for (const char *p = fmt; ok && *p != '\0';) {
        const char *pct = strchr(p, '%');
        size_t run = pct != NULL ? (size_t)(pct - p) : strlen(p);
        ok = put_piece(buf, cap, &used, p, run);
        if (pct == NULL)
            break;
        if (pct[1] == 's') {
            const char *s = va_arg(args, const char *);
            if (s == NULL)
                s = "(null)";
            ok = ok && put_piece(buf, cap, &used, s, strlen(s));
            p = pct + 2;
        } else if (pct[1] == 'z' && pct[2] == 'u') {
            ok = ok && put_number(buf, cap, &used, va_arg(args, size_t), false);
            p = pct + 3;
        } else if (pct[1] == 'd') {
            int v = va_arg(args, int);
            unsigned long long magnitude = v < 0 ? 0ULL - (unsigned long long)v : (unsigned)v;
            ok = ok && put_number(buf, cap, &used, magnitude, v < 0);
            p = pct + 2;
        } else if (pct[1] == '%') {
            ok = ok && put_piece(buf, cap, &used, "%", 1);
            p = pct + 2;
        } else {
            ok = false;
        }
    }
    va_end(args);
    if (ok)
        return used;
    crypt_wipe(buf, used);
    return SIZE_MAX;
}

/* printf into a string: on the heap for a narration (see text_room()),
 * else in log's pool.  The stack buffer is wiped after, as a sentence may
 * quote a secret. */
static char *vformat(struct sim_log *log, bool heap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static char *vformat(struct sim_log *log, bool heap, const char *fmt, va_list ap)
{
    char buf[SENTENCE_STACK_BYTES];
    size_t n = simple_format(buf, sizeof buf, fmt, ap);
    if (n != SIZE_MAX) {
        char *s = text_room(log, heap, n);
        memcpy(s, buf, n);
        s[n] = '\0';
        crypt_wipe(buf, n);
        return s;
    }
    char *s = xvasprintf(fmt, ap);
    if (heap)
        return s;
    n = strlen(s);
    char *kept = (char *)pool_copy(log, s, n + 1);
    crypt_free(s, n);
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

void log_append_copy(struct sim_log *log, const struct sim_event *ev)
{
    struct sim_event *copy = log_append(log, ev->kind, ev->actor);

    *copy = *ev;
    copy->title = ev->title != NULL ? pool_strdup(log, ev->title) : NULL;
    if (ev->text != NULL && ev->kind == SIM_EV_NARRATION)
        copy->text = xstrdup(ev->text);
    else if (ev->text != NULL)
        copy->text = pool_strdup(log, ev->text);
    copy->bytes = ev->bytes != NULL ? pool_copy(log, ev->bytes, ev->len) : NULL;
    copy->fields = NULL;
    if (ev->field_count > 0) {
        copy->fields = xcalloc(ev->field_count, sizeof *copy->fields);
        for (size_t i = 0; i < ev->field_count; i++) {
            copy->fields[i] = ev->fields[i];
            copy->fields[i].label = xstrdup(ev->fields[i].label);
            if (ev->fields[i].decoded != NULL)
                copy->fields[i].decoded = xstrdup(ev->fields[i].decoded);
        }
    }
}

void sim_fields_free(struct sim_field *fields, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(fields[i].label);
        if (fields[i].decoded)
            crypt_free(fields[i].decoded, strlen(fields[i].decoded));
    }
    free(fields);
}

size_t log_bytes(const struct sim_log *log)
{
    size_t n = log->cap * sizeof *log->events;

    for (const struct log_chunk *c = log->pool; c != NULL; c = c->next)
        n += sizeof *c + c->cap;
    for (size_t i = 0; i < log->count; i++) {
        const struct sim_event *ev = &log->events[i];
        if (ev->kind == SIM_EV_NARRATION && ev->text != NULL)
            n += strlen(ev->text) + 1;
        n += ev->field_count * sizeof *ev->fields;
        for (size_t f = 0; f < ev->field_count; f++)
            n += (ev->fields[f].label ? strlen(ev->fields[f].label) + 1 : 0) +
                 (ev->fields[f].decoded ? strlen(ev->fields[f].decoded) + 1 : 0);
    }
    return n;
}

void log_free(struct sim_log *log)
{
    for (size_t i = 0; i < log->count; i++) {
        struct sim_event *ev = &log->events[i];
        if (ev->kind == SIM_EV_NARRATION && ev->text != NULL)
            crypt_free(ev->text, strlen(ev->text));
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
