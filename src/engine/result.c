/*
 * result.c - the words of a result's enums, and the result one side of a
 * networked run can claim from its own log (its checks, the key it took,
 * how the connection ended).
 */
#include "engine/result.h"

#include "base/enum_name.h"
#include "engine/fact.h"

#include <stdio.h>
#include <string.h>

#define KEY_TITLE "server public key"         /* what the client knows once it took a key */

/* The words the transcripts write for the result's reader, how it read,
 * and forward secrecy. */
static const char *const reader_words[] = {
    [SIM_READER_NOBODY] = "nobody",
    [SIM_READER_EVE] = "Eve",
    [SIM_READER_MALLORY] = "Mallory",
};
static const char *const fs_words[] = {
    [SIM_FS_NOT_TESTED] = "not_tested",
    [SIM_FS_HELD] = "held",
    [SIM_FS_BROKEN] = "broken",
};
static const char *const how_words[] = {
    [SIM_READ_NOT] = "not_read",
    [SIM_READ_LEAKED_KEY] = "leaked_key",
    [SIM_READ_MITM] = "accepted_mitm",
    [SIM_READ_CLEAR] = "null_cipher",
};

const char *sim_reader_name(enum sim_reader reader)
{
    return enum_name(reader_words, sizeof reader_words / sizeof *reader_words, reader, "?");
}

const char *sim_read_how_name(enum sim_read_how how)
{
    return enum_name(how_words, sizeof how_words / sizeof *how_words, how, "?");
}

const char *sim_forward_secrecy_name(enum sim_forward_secrecy fs)
{
    return enum_name(fs_words, sizeof fs_words / sizeof *fs_words, fs, "?");
}

/* The last stage any event of log belongs to (0 for an empty log). */
static int last_stage(const struct sim_log *log)
{
    int last = 0;

    for (size_t i = 0; i < log->count; i++)
        if (log->events[i].stage > last)
            last = log->events[i].stage;
    return last;
}

/* The other end of a connection that local is one end of. */
static enum sim_actor remote_of(enum sim_actor local)
{
    return local == SIM_ACTOR_CLIENT ? SIM_ACTOR_SERVER : SIM_ACTOR_CLIENT;
}

/* Fold one of local's failed checks into r: a certificate rejected, a
 * bare key taken, a change caught (a certificate check fails for the kind
 * of certificate, so only the other checks that detect changes count). */
static void fold_failed_check(struct sim_result *r, const struct sim_event *ev)
{
    const struct fact_check *row = fact_check_find(ev->check_id);
    bool cert = strncmp(ev->check_id, "cert.", 5) == 0;

    if (strcmp(ev->check_id, "server.authenticated") == 0)
        r->bare_key = true;
    if (cert && !r->cert_rejected) {
        r->cert_rejected = true;
        r->cert_failed_id = row->id;
    }
    if (row->detects_change && !cert && !r->tamper_detected) {
        r->tamper_detected = true;
        r->tamper_detected_at = ev->stage;
        r->tamper_detected_by = row->id;
    }
}

void sim_result_from_log(const struct sim_log *log, enum sim_actor local, int stage,
                         const struct sim_observed_end *end, struct sim_result *out)
{
    int end_stage = last_stage(log);
    bool ended = end != NULL && stage >= end_stage;
    const struct sim_event *failed_last = NULL;   /* local's first failed check at end_stage */
    bool knows_key = false;

    memset(out, 0, sizeof *out);
    out->one_side = true;
    for (size_t i = 0; i < log->count; i++) {
        const struct sim_event *ev = &log->events[i];
        if (ev->stage > stage || ev->actor != local)
            continue;
        if (ev->kind == SIM_EV_KNOWS && strcmp(ev->title, KEY_TITLE) == 0) {
            knows_key = true;
            out->cert_overridden = out->cert_rejected;   /* took the key all the same */
        }
        if (ev->kind != SIM_EV_CHECK || ev->outcome == FACT_PASS)
            continue;
        const struct fact_check *row = fact_check_find(ev->check_id);
        if (row == NULL || row->attacker)
            continue;
        fold_failed_check(out, ev);
        if (ev->stage == end_stage && failed_last == NULL)
            failed_last = ev;
    }
    out->server_authenticated = local == SIM_ACTOR_CLIENT && knows_key && !out->cert_rejected &&
                                !out->bare_key;
    if (ended && end->completed) {
        out->completed = stage >= SIM_STAGE_COUNT;
    } else if (ended) {
        out->aborted = true;
        out->aborted_at = end_stage;
        out->aborted_by = end->by_remote ? remote_of(local) : local;
        if (!end->by_remote && failed_last != NULL) {
            out->reason_id = failed_last->check_id;
            out->reason_code = failed_last->reason_code;
        }
        snprintf(out->reason, sizeof out->reason, "%s", end->reason ? end->reason : "");
    }
    out->handshake_done = stage >= 6 && !(out->aborted && out->aborted_at <= 6);
    /* an alert is a record this side rejected; the other side's words say
     * why it left, but not in a form this side can check */
    out->alert = out->aborted && out->aborted_at > 6 && out->reason_id != NULL;
}
