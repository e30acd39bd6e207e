/*
 * view_plain.c - the plain-text transcript.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "config.h"

#include "views/view_plain.h"

#include "base/text.h"
#include "base/textout.h"
#include "pki/x509.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_WIDTH 78
#define HEX_BYTES_PER_LINE 32

/* Print prefix then text, wrapped to the transcript's width. */
static void print_wrapped_after(FILE *out, const char *prefix, const char *text, int indent)
{
    textout_wrapped(out, prefix, text, indent, TEXT_WIDTH);
}

/* Print text word-wrapped, every line after indent spaces. */
static void print_wrapped(FILE *out, const char *text, int indent)
{
    char pad[TEXT_WIDTH];
    int n = indent < (int)sizeof pad - 1 ? indent : (int)sizeof pad - 1;

    memset(pad, ' ', (size_t)n);
    pad[n] = '\0';
    print_wrapped_after(out, pad, text, indent);
}

/* Print bytes as hex, HEX_BYTES_PER_LINE a line, each line after indent spaces. */
static void print_hex(FILE *out, const uint8_t *p, size_t len, int indent)
{
    for (size_t i = 0; i < len; i += HEX_BYTES_PER_LINE) {
        fprintf(out, "%*s", indent, "");
        for (size_t j = i; j < len && j < i + HEX_BYTES_PER_LINE; j++)
            fprintf(out, "%02x", p[j]);
        fputc('\n', out);
    }
}

void view_plain_header(FILE *out, const struct engine *e)
{
    const struct sim_options *o = engine_options(e);
    char clock[64];

    x509_time_format(engine_clock(e), clock, sizeof clock);
    fprintf(out, "%s %s: a TLS handshake, stage by stage\n", PACKAGE_NAME, PACKAGE_VERSION);
    if (o->protocol == SIM_PROTOCOL_TLS13)
        fputs("Protocol: real TLS 1.3 (RFC 8446), TLS_CHACHA20_POLY1305_SHA256, X25519, "
              "Ed25519, run in memory\n", out);
    else
        fputs(o->mode == SIM_MODE_EPHEMERAL
                  ? "Key exchange: ephemeral X25519 key shares (crypto_kx), signed as in TLS "
                    "1.2 ECDHE\n"
                  : "Key exchange: RSA-style key transport (libsodium sealed box)\n",
              out);
    if (o->seeded)
        fprintf(out, "SEEDED RUN (--seed %llu): anyone can reproduce every random value.\n"
                     "NOT SECURE: for teaching only.\n",
                (unsigned long long)o->seed);
    else
        fputs("Random values come from the system's random source; --seed N makes a run "
              "reproducible.\n", out);
    char *host = text_escape_controls(o->host);   /* it may come from a certificate */
    fprintf(out, "Server: %s | cipher: %s | clock: %s\n", host,
            o->protocol == SIM_PROTOCOL_TLS13 ? "ChaCha20-Poly1305" : crypt_aead_name(o->cipher),
            clock);
    free(host);
}

/* The word for a check's outcome. */
static const char *outcome_word(enum fact_outcome outcome)
{
    switch (outcome) {
    case FACT_PASS: return "PASS";
    case FACT_FAIL: return "FAIL";
    case FACT_NOT_CHECKED: return "NOT CHECKED";
    }
    return "?";
}

/* For an attacker's check, what its outcome means to the user. */
static const char *attacker_note(const struct sim_event *ev)
{
    const struct fact_check *row = fact_check_find(ev->check_id);

    if (row == NULL || !row->attacker)
        return "";
    return fact_good_for_user(ev->check_id, ev->outcome) ? " (good news: the attack failed)"
                                                         : " (bad news: the attack worked)";
}

/* Print one event in the transcript's layout; heading names the stage's
 * second text (what real TLS does, or how TLS 1.3 differs). */
static void print_event(FILE *out, const char *heading, const struct sim_event *ev)
{
    const char *who = sim_actor_name(ev->actor);
    char prefix[32];

    switch (ev->kind) {
    case SIM_EV_NARRATION:
        fputs("\nWhat happens\n", out);
        print_wrapped(out, ev->text, 2);
        fputc('\n', out);
        break;
    case SIM_EV_ACTION:
        snprintf(prefix, sizeof prefix, "[%s] ", who);
        print_wrapped_after(out, prefix, ev->text, 7);
        break;
    case SIM_EV_KNOWS: {
        char *text = ev->text != NULL ? text_escape_controls(ev->text) : NULL;
        fprintf(out, "[%s] knows %s%s%s%s\n", who, ev->title, ev->secret ? " (SECRET)" : "",
                text && ev->bytes == NULL ? ": " : "", text && ev->bytes == NULL ? text : "");
        if (ev->bytes != NULL) {
            if (text != NULL)
                fprintf(out, "%7s\"%s\"\n", "", text);
            print_hex(out, ev->bytes, ev->len, 7);
        }
        free(text);
        break;
    }
    case SIM_EV_CHECK:
        fprintf(out, "[%s] check %s: %s%s\n", who, ev->title, outcome_word(ev->outcome),
                attacker_note(ev));
        print_wrapped(out, ev->text, 7);
        break;
    case SIM_EV_WIRE:
        fprintf(out, "\n[%s -> %s] %s, %zu bytes%s\n", who, sim_actor_name(ev->peer), ev->title,
                ev->len, ev->off_wire ? " (enrolment, off the handshake wire)" : "");
        for (size_t i = 0; i < ev->field_count; i++) {
            const struct sim_field *f = &ev->fields[i];
            char *decoded = text_escape_controls(f->decoded ? f->decoded : "");
            fprintf(out, "%7s%-30s @%-4zu %zu byte%s%s%s\n", "", f->label, f->offset, f->len,
                    f->len == 1 ? "" : "s", f->decoded ? ": " : "", decoded);
            free(decoded);
            print_hex(out, ev->bytes + f->offset, f->len, 9);
        }
        fputc('\n', out);
        break;
    case SIM_EV_REAL_TLS:
        fprintf(out, "\n%s\n", heading);
        print_wrapped(out, ev->text, 2);
        break;
    }
}

void view_plain_event(FILE *out, const struct sim_event *ev)
{
    print_event(out, sim_protocol_compare_heading(SIM_PROTOCOL_TEACH), ev);
}

void view_plain_stage(FILE *out, const struct engine *e, int stage)
{
    fprintf(out, "\n==[ Stage %d/%d: %s ]==\n", stage, SIM_STAGE_COUNT,
            engine_stage_title(e, stage));
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage)
            print_event(out, engine_compare_heading(e), ev);
    }
}

void view_plain_result(FILE *out, const struct engine *e)
{
    const struct sim_result *r = engine_result(e);

    fputs("\n==[ Result ]==\n", out);
    if (r->completed)
        fputs("Handshake: completed; both sides read each other's data.\n", out);
    else if (r->alert) {
        char *reason = text_escape_controls(r->reason);
        fprintf(out, "Handshake: completed, then the %s rejected a record at stage %d (%s) and "
                     "closed the connection with a bad_record_mac alert: %s\n",
                sim_actor_name(r->aborted_by), r->aborted_at, r->reason_id ? r->reason_id : "?",
                reason);
        free(reason);
    } else if (r->aborted) {
        char *reason = text_escape_controls(r->reason);
        fprintf(out, "Handshake: aborted at stage %d by the %s (%s): %s\n", r->aborted_at,
                sim_actor_name(r->aborted_by), r->reason_id ? r->reason_id : "no check",
                reason);
        free(reason);
    }
    else
        fprintf(out, "Handshake: in progress (stage %d of %d)\n", engine_stage(e),
                SIM_STAGE_COUNT);
    view_plain_facts(out, r);
}

void view_plain_facts(FILE *out, const struct sim_result *r)
{
    if (r->cert_rejected)
        fprintf(out, "Certificate: rejected (%s)%s\n", r->cert_failed_id,
                r->cert_overridden ? "; the user overrode the warning" : "");
    else if (r->server_authenticated)
        fputs("Certificate: every check passed; the server is authenticated\n", out);
    else if (r->bare_key)
        fputs("Certificate: none; the client took a bare key that nothing vouched for\n", out);
    if (r->tamper_at == 0)
        fputs("Tampering detected: no (nothing was changed)\n", out);
    else if (r->tamper_detected)
        fprintf(out, "Tampering detected: yes (changed at stage %d, caught at stage %d by %s)\n",
                r->tamper_at, r->tamper_detected_at, r->tamper_detected_by);
    else
        fprintf(out, "Tampering detected: no (changed at stage %d, never caught)\n",
                r->tamper_at);
    if (r->eve_read_plaintext)
        fprintf(out, "Plaintext read by: %s (%s)\n", sim_reader_name(r->reader),
                r->read_how == SIM_READ_MITM         ? "in the middle, the client took her key for the server's"
                : r->read_how == SIM_READ_CLEAR      ? "the suite encrypts nothing"
                : r->read_how == SIM_READ_LEAKED_KEY ? "with the leaked server key"
                                                     : "?");
    else
        fputs("Plaintext read by: nobody but the two ends\n", out);
    if (r->downgraded)
        fprintf(out, "Downgrade: yes, to a suite that encrypts nothing%s\n",
                r->downgrade_caught ? "; caught by Finished" : "; not caught");
    else if (r->downgrade_caught)
        fprintf(out, "Downgrade: attempted, caught by %s\n",
                r->downgrade_caught_by ? r->downgrade_caught_by : "Finished");
    if (r->forward_secrecy != SIM_FS_NOT_TESTED)
        fprintf(out, "Forward secrecy: %s\n",
                r->forward_secrecy == SIM_FS_HELD ? "held (the leaked key opened nothing)"
                                                  : "broken (the leaked key opened the "
                                                    "recording)");
}

/* Print a note that the engine went back to stage (0: the start). */
static void view_plain_back(FILE *out, const struct engine *e, int stage)
{
    if (stage == 0)
        fputs("\n<< back to the start\n", out);
    else
        fprintf(out, "\n<< back to Stage %d/%d: %s\n", stage, SIM_STAGE_COUNT,
                engine_stage_title(e, stage));
}

/* Print a caption on a line of its own. */
static void view_plain_caption(FILE *out, const struct engine *e, const char *text)
{
    char *safe = text_escape_controls(text);
    fprintf(out, "\n>> %s\n", safe);
    free(safe);
}

char *view_plain_stage_text(const struct engine *e, int stage)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);

    if (mem == NULL)
        return NULL;
    if (stage == 0)
        view_plain_header(mem, e);
    else
        view_plain_stage(mem, e, stage);
    if (fclose(mem) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

const struct view_ops *view_plain_ops(void)
{
    static const struct view_ops ops = {
        .header = view_plain_header,
        .stage = view_plain_stage,
        .back = view_plain_back,
        .caption = view_plain_caption,
        .result = view_plain_result,
    };
    return &ops;
}
