/*
 * view_json.c - the JSON Lines transcript.
 *
 * Every line is one object whose "event" member says what it is and whose
 * "stage" member says where the run was; byte values are lower-case hex
 * strings.  Writing goes straight to the stream: no line is built in memory.
 */
#include "config.h"

#include "views/view_json.h"

#include "base/text.h"
#include "pki/x509.h"

#include <inttypes.h>
#include <string.h>

/* Write len bytes at s as a JSON string, quotes included: quotes, backslashes
 * and control characters escaped, each byte that is not UTF-8 as U+FFFD. */
static void json_string(FILE *out, const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;

    fputc('"', out);
    while (i < len) {
        uint32_t cp;
        size_t n = text_utf8_char(p + i, len - i, &cp);
        if (n == 0) {
            fputs("\\ufffd", out);
            i++;
            continue;
        }
        if (cp == '"' || cp == '\\')
            fprintf(out, "\\%c", (char)cp);
        else if (cp < 0x20 || cp == 0x7f)
            fprintf(out, "\\u%04x", (unsigned)cp);
        else
            fwrite(p + i, 1, n, out);
        i += n;
    }
    fputc('"', out);
}

/* Write ,"key": and then s as a JSON string, or null. */
static void member_string(FILE *out, const char *key, const char *s)
{
    fprintf(out, ",\"%s\":", key);
    if (s == NULL)
        fputs("null", out);
    else
        json_string(out, s, strlen(s));
}

/* Write ,"key": and then the bytes as a hex string, or null. */
static void member_hex(FILE *out, const char *key, const uint8_t *p, size_t len)
{
    fprintf(out, ",\"%s\":", key);
    if (p == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < len; i++)
        fprintf(out, "%02x", p[i]);
    fputc('"', out);
}

/* Write ,"key":true or false. */
static void member_bool(FILE *out, const char *key, bool v)
{
    fprintf(out, ",\"%s\":%s", key, v ? "true" : "false");
}

/* Write ,"key": and then the number, or null when it is 0. */
static void member_stage(FILE *out, const char *key, int stage)
{
    if (stage > 0)
        fprintf(out, ",\"%s\":%d", key, stage);
    else
        fprintf(out, ",\"%s\":null", key);
}

/* Start a line: {"event":"name","stage":N */
static void line_open(FILE *out, const char *event, int stage)
{
    fprintf(out, "{\"event\":\"%s\",\"stage\":%d", event, stage);
}

/* End the line begun by line_open. */
static void line_close(FILE *out)
{
    fputs("}\n", out);
}

/* The start line: what is simulated and with which options. */
static void json_header(FILE *out, const struct engine *e)
{
    const struct sim_options *o = engine_options(e);
    char clock[64], seed[24];

    x509_time_format(engine_clock(e), clock, sizeof clock);
    snprintf(seed, sizeof seed, "%" PRIu64, o->seed);

    line_open(out, "start", engine_stage(e));
    member_string(out, "program", PACKAGE_NAME);
    member_string(out, "version", PACKAGE_VERSION);
    if (o->protocol == SIM_PROTOCOL_TLS13)
        member_string(out, "protocol", sim_protocol_name(o->protocol));
    member_string(out, "key_exchange",
                  o->protocol == SIM_PROTOCOL_TLS13
                      ? "TLS 1.3: ephemeral X25519 key shares, the HKDF key schedule"
                  : o->mode == SIM_MODE_EPHEMERAL
                      ? "ephemeral X25519 key shares, signed as in TLS 1.2 ECDHE"
                      : "RSA-style key transport (libsodium sealed box)");
    bool tls13 = o->protocol == SIM_PROTOCOL_TLS13;
    member_string(out, "mode", tls13 ? "ephemeral" : sim_mode_name(o->mode));
    member_string(out, "cert", sim_cert_name(o->cert));
    member_string(out, "payload", sim_payload_name(o->payload));
    member_stage(out, "tamper", o->tamper_stage);
    member_bool(out, "mitm", o->mitm);
    member_bool(out, "accept_bad_cert", o->accept_bad_cert);
    member_bool(out, "leak_key", o->leak_key);
    member_bool(out, "downgrade", o->downgrade);
    member_bool(out, "finished", o->finished);
    member_bool(out, "certs", o->certs_dir[0] != '\0');
    member_bool(out, "seeded", o->seeded);
    member_string(out, "seed", o->seeded ? seed : NULL);
    member_string(out, "host", o->host);
    member_string(out, "cipher", tls13 ? "ChaCha20-Poly1305" : crypt_aead_name(o->cipher));
    member_string(out, "message", o->message);
    member_string(out, "reply", o->reply);
    fprintf(out, ",\"clock\":%" PRId64, engine_clock(e));
    member_string(out, "clock_utc", clock);
    line_close(out);
}

static const char *const kind_names[] = {
    [SIM_EV_NARRATION] = "narration", [SIM_EV_ACTION] = "action", [SIM_EV_WIRE] = "wire",
    [SIM_EV_KNOWS] = "knows",         [SIM_EV_CHECK] = "check",   [SIM_EV_REAL_TLS] = "real_tls",
};

/* Write the fields of a wire message as a JSON array. */
static void write_fields(FILE *out, const struct sim_event *ev)
{
    fputs(",\"fields\":[", out);
    for (size_t i = 0; i < ev->field_count; i++) {
        const struct sim_field *f = &ev->fields[i];
        bool inside = f->offset <= ev->len && f->len <= ev->len - f->offset;
        fputs(i ? ",{\"label\":" : "{\"label\":", out);
        json_string(out, f->label, strlen(f->label));
        fprintf(out, ",\"offset\":%zu,\"length\":%zu", f->offset, f->len);
        member_hex(out, "hex", inside ? ev->bytes + f->offset : NULL, f->len);
        member_string(out, "decoded", f->decoded);
        fputc('}', out);
    }
    fputc(']', out);
}

/* Write ,"asserts":[...]: the names of the claims a narration makes. */
static void write_claims(FILE *out, unsigned claims)
{
    bool first = true;

    fputs(",\"asserts\":[", out);
    for (unsigned i = 0; i < CLAIM_COUNT_BITS; i++) {
        if (!(claims & (1u << i)))
            continue;
        fprintf(out, "%s\"%s\"", first ? "" : ",", fact_claim_name(1u << i));
        first = false;
    }
    fputc(']', out);
}

/* Write one engine event as a line. */
static void write_event(FILE *out, const struct sim_event *ev)
{
    line_open(out, "engine", ev->stage);
    member_string(out, "kind", kind_names[ev->kind]);
    member_string(out, "actor", sim_actor_name(ev->actor));
    member_string(out, "title", ev->title);
    member_string(out, "text", ev->text);
    switch (ev->kind) {
    case SIM_EV_WIRE:
        member_string(out, "peer", sim_actor_name(ev->peer));
        member_bool(out, "off_wire", ev->off_wire);
        member_hex(out, "bytes", ev->bytes, ev->len);
        fprintf(out, ",\"length\":%zu", ev->len);
        write_fields(out, ev);
        break;
    case SIM_EV_KNOWS:
        member_bool(out, "secret", ev->secret);
        member_hex(out, "bytes", ev->bytes, ev->len);
        fprintf(out, ",\"length\":%zu", ev->bytes ? ev->len : 0);
        break;
    case SIM_EV_CHECK:
        member_string(out, "id", ev->check_id);
        member_bool(out, "ok", ev->ok);
        member_string(out, "outcome", fact_outcome_name(ev->outcome));
        member_string(out, "reason", ev->reason_code);
        member_bool(out, "good_for_user", fact_good_for_user(ev->check_id, ev->outcome));
        break;
    case SIM_EV_NARRATION:
    case SIM_EV_REAL_TLS:
        write_claims(out, ev->claims);
        break;
    case SIM_EV_ACTION:
        break;
    }
    line_close(out);
}

/* A whole line of event at stage with one more member: key and the string value. */
static void line_with_string(FILE *out, const char *event, int stage, const char *key,
                             const char *value)
{
    line_open(out, event, stage);
    member_string(out, key, value);
    line_close(out);
}

/* A stage line, then one line for each engine event of that stage. */
static void json_stage(FILE *out, const struct engine *e, int stage)
{
    line_with_string(out, "stage", stage, "name", engine_stage_title(e, stage));
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage)
            write_event(out, ev);
    }
}

/* The script went back to stage. */
static void json_back(FILE *out, const struct engine *e, int stage)
{
    line_with_string(out, "back", stage, "name", stage ? engine_stage_title(e, stage) : NULL);
}

/* A caption from the script. */
static void json_caption(FILE *out, const struct engine *e, const char *text)
{
    line_with_string(out, "caption", engine_stage(e), "text", text);
}

/* A marker the script passed. */
static void json_mark(FILE *out, const struct engine *e, const char *name)
{
    line_with_string(out, "mark", engine_stage(e), "name", name);
}

/* The outcome line, filled from engine_result(). */
static void json_result(FILE *out, const struct engine *e)
{
    const struct sim_result *r = engine_result(e);

    line_open(out, "result", engine_stage(e));
    member_string(out, "handshake",
                  r->completed ? "completed"
                  : r->alert   ? "closed_by_alert"
                  : r->aborted ? "aborted"
                               : "incomplete");
    member_string(out, "reason", r->aborted ? r->reason : NULL);
    member_stage(out, "aborted_at", r->aborted ? r->aborted_at : 0);
    member_bool(out, "tamper_detected", r->tamper_detected);
    member_bool(out, "eve_read_plaintext", r->eve_read_plaintext);
    member_bool(out, "handshake_done", r->handshake_done);
    member_bool(out, "alert", r->alert);
    member_string(out, "aborted_by", r->aborted ? sim_actor_name(r->aborted_by) : NULL);
    member_string(out, "reason_id", r->reason_id);
    member_string(out, "reason_code", r->reason_code);
    member_bool(out, "cert_rejected", r->cert_rejected);
    member_string(out, "cert_failed_id", r->cert_failed_id);
    member_bool(out, "cert_overridden", r->cert_overridden);
    member_bool(out, "server_authenticated", r->server_authenticated);
    member_bool(out, "bare_key", r->bare_key);
    member_stage(out, "tamper_at", r->tamper_at);
    member_stage(out, "tamper_detected_at", r->tamper_detected_at);
    member_string(out, "tamper_detected_by", r->tamper_detected_by);
    member_string(out, "reader", sim_reader_name(r->reader));
    member_string(out, "read_how", sim_read_how_name(r->read_how));
    member_bool(out, "downgraded", r->downgraded);
    member_bool(out, "downgrade_caught", r->downgrade_caught);
    if (r->downgrade_caught_by != NULL)
        member_string(out, "downgrade_caught_by", r->downgrade_caught_by);
    member_string(out, "forward_secrecy", sim_forward_secrecy_name(r->forward_secrecy));
    line_close(out);
}

const struct view_ops *view_json_ops(void)
{
    static const struct view_ops ops = {
        .header = json_header,
        .stage = json_stage,
        .back = json_back,
        .caption = json_caption,
        .mark = json_mark,
        .result = json_result,
    };
    return &ops;
}

void view_json_stage_line(FILE *out, int stage)
{
    line_open(out, "stage", stage);
    member_string(out, "name", engine_stage_name(stage));
    line_close(out);
}

void view_json_event(FILE *out, const struct sim_event *ev)
{
    write_event(out, ev);
}

void view_json_write_string(FILE *out, const char *s, size_t len)
{
    json_string(out, s, len);
}
