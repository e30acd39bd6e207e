/*
 * event.c - the event log the engine writes and the views read.
 */
#include "engine/event.h"

#include "base/bytes.h"
#include "base/crypt.h"
#include "base/die.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VFORMAT_STACK_BYTES 512  /* longer sentences are formatted twice */

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

/* printf into a new string from a va_list.  Most sentences fit the stack
 * buffer, so they are formatted once; the buffer is wiped, as a sentence
 * may quote a secret. */
static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
    char buf[VFORMAT_STACK_BYTES];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, copy);
    va_end(copy);
    if (n < 0)
        return xcalloc(1, 1);
    char *s = xcalloc(1, (size_t)n + 1);
    if ((size_t)n < sizeof buf) {
        memcpy(s, buf, (size_t)n + 1);
        crypt_wipe(buf, (size_t)n);
    } else {
        crypt_wipe(buf, sizeof buf);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    }
    return s;
}

void log_text(struct sim_log *log, enum sim_event_kind kind, enum sim_actor actor,
              const char *fmt, ...)
{
    struct sim_event *ev = log_append(log, kind, actor);
    va_list ap;
    va_start(ap, fmt);
    ev->text = vformat(fmt, ap);
    va_end(ap);
}

void log_knows(struct sim_log *log, enum sim_actor actor, const char *name, const uint8_t *value,
               size_t len, bool secret, const char *text)
{
    struct sim_event *ev = log_append(log, SIM_EV_KNOWS, actor);
    ev->title = xstrdup(name);
    ev->secret = secret;
    if (value != NULL) {
        ev->bytes = bytes_dup(value, len);
        ev->len = len;
    }
    if (text != NULL)
        ev->text = xstrdup(text);
}

struct sim_event *log_check(struct sim_log *log, enum sim_actor actor, const char *id,
                            enum fact_outcome outcome, const char *code, const char *fmt, ...)
{
    const struct fact_check *row = fact_check_find(id);
    struct sim_event *ev;

    if (row == NULL)
        die("log_check: no check has the id \"%s\"", id);
    ev = log_append(log, SIM_EV_CHECK, actor);
    ev->title = xstrdup(row->title);
    ev->check_id = row->id;
    ev->outcome = outcome;
    ev->ok = outcome == FACT_PASS;
    ev->reason_code = outcome == FACT_PASS ? NULL : code;
    va_list ap;
    va_start(ap, fmt);
    ev->text = vformat(fmt, ap);
    va_end(ap);
    return ev;
}

struct sim_event *log_wire(struct sim_log *log, enum sim_actor from, enum sim_actor to,
                           const char *name, const uint8_t *bytes, size_t len,
                           struct sim_field *fields, size_t field_count)
{
    struct sim_event *ev = log_append(log, SIM_EV_WIRE, from);
    ev->peer = to;
    ev->title = xstrdup(name);
    ev->bytes = bytes_dup(bytes, len);
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
        if (ev->bytes) {
            crypt_wipe(ev->bytes, ev->len);
            free(ev->bytes);
        }
        if (ev->text) {
            crypt_wipe(ev->text, strlen(ev->text));
            free(ev->text);
        }
        free(ev->title);
        sim_fields_free(ev->fields, ev->field_count);
    }
    free(log->events);
    memset(log, 0, sizeof *log);
}
