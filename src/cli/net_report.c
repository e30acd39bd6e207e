/*
 * net_report.c - plain and JSON lines for the steps of a TLS 1.3 connection.
 */
#include "cli/net_report.h"

#include "base/bytes.h"
#include "views/view_json.h"

#include <stdlib.h>
#include <string.h>

void net_report_plain(FILE *out, const char *prefix, const struct tls13_step *step)
{
    const char *kind = tls13_step_kind_name(step->kind);

    if (step->kind == TLS13_STEP_CHECK)
        kind = step->ok ? "check ok" : "check FAILED";
    if (step->stage > 0)
        fprintf(out, "%s [stage %d] %s", prefix, step->stage, kind);
    else
        fprintf(out, "%s %s", prefix, kind);
    if (step->kind != TLS13_STEP_DONE)
        fprintf(out, " %s", step->name);
    if ((step->kind == TLS13_STEP_SENT || step->kind == TLS13_STEP_RECEIVED) &&
        step->value != NULL)
        fprintf(out, " (%zu bytes)", step->value_len);
    if (step->kind == TLS13_STEP_CHECK || step->kind == TLS13_STEP_ALERT_SENT)
        fprintf(out, " [%s]", step->id);
    fprintf(out, ": %s\n", step->detail);
    if (step->kind == TLS13_STEP_SECRET && step->value != NULL) {
        char *hex = bytes_to_hex(step->value, step->value_len);
        fprintf(out, "%s     = %s\n", prefix, hex);
        free(hex);
    }
    fflush(out);
}

/* Write ,"key": and s as a JSON string. */
static void member(FILE *out, const char *key, const char *s)
{
    fprintf(out, ",\"%s\":", key);
    view_json_write_string(out, s, strlen(s));
}

void net_report_json(FILE *out, const char *prefix, const struct tls13_step *step)
{
    fputs("{\"event\":\"step\"", out);
    member(out, "who", prefix);
    member(out, "kind", tls13_step_kind_name(step->kind));
    fprintf(out, ",\"stage\":%d", step->stage);
    member(out, "id", step->id);
    member(out, "name", step->name);
    fprintf(out, ",\"ok\":%s", step->ok ? "true" : "false");
    member(out, "detail", step->detail);
    if (step->value != NULL) {
        char *hex = bytes_to_hex(step->value, step->value_len);
        member(out, "hex", hex);
        free(hex);
    }
    if (step->keylog != NULL)
        member(out, "keylog", step->keylog);
    fputs("}\n", out);
    fflush(out);
}

void net_report_json_event(FILE *out, const char *event, bool ok, const char *message,
                           const char *text, size_t len)
{
    fputs("{\"event\":", out);
    view_json_write_string(out, event, strlen(event));
    fprintf(out, ",\"ok\":%s", ok ? "true" : "false");
    member(out, "message", message);
    if (text != NULL) {
        fputs(",\"text\":", out);
        view_json_write_string(out, text, len);
    }
    fputs("}\n", out);
    fflush(out);
}
