/*
 * relay_show.c - frames and Eve's findings as text lines, for the relay's
 * terminal and for `tlssim eve`.
 */
#include "net/relay_show.h"

#include "engine/wire.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_HEX_PLAIN 8     /* bytes of a field shown on the one-line form */
#define FIELD_HEX_FULL 24     /* bytes of a field shown on its own line */
#define TEXT_MAX 160          /* characters of a decoded value shown */

void relay_show_hex(FILE *out, const uint8_t *p, size_t len, size_t max)
{
    for (size_t i = 0; i < len && i < max; i++)
        fprintf(out, "%02x", p[i]);
    if (len > max)
        fprintf(out, "... (%zu B)", len);
}

/* Print text on one line: control characters as '.', cut at TEXT_MAX. */
static void show_text(FILE *out, const char *text)
{
    size_t i = 0;

    for (; text[i] != '\0' && i < TEXT_MAX; i++)
        fputc((unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '.' : text[i], out);
    if (text[i] != '\0')
        fputs("...", out);
}

void relay_show_message(FILE *out, bool plain, const char *prefix, int stage, bool to_server,
                        const uint8_t *msg, size_t len)
{
    struct sim_field *fields = NULL;
    size_t count = len >= WIRE_HEADER_BYTES ? wire_describe(msg, len, &fields) : 0;
    const char *name = len > 0 ? wire_type_name(msg[0]) : "empty message";

    fprintf(out, "%s stage %d %s %s, %zu B", prefix, stage,
            to_server ? "client > server" : "server > client", name, len);
    for (size_t i = 0; i < count; i++) {
        const struct sim_field *f = &fields[i];
        if (f->offset > len || f->len > len - f->offset)
            continue;
        if (plain)
            fprintf(out, " | %s: ", f->label);
        else
            fprintf(out, "\n%s     %s (%zu B): ", prefix, f->label, f->len);
        if (f->decoded != NULL)
            show_text(out, f->decoded);
        else
            relay_show_hex(out, msg + f->offset, f->len, plain ? FIELD_HEX_PLAIN : FIELD_HEX_FULL);
    }
    fputc('\n', out);
    sim_fields_free(fields, count);
    fflush(out);
}

void relay_show_events(FILE *out, const char *prefix, const char *who,
                       const struct sim_log *log, size_t from, bool only_deeds)
{
    for (size_t i = from; i < log->count; i++) {
        const struct sim_event *ev = &log->events[i];
        switch (ev->kind) {
        case SIM_EV_ACTION:
            if (only_deeds && strncmp(ev->text, "records the ", 12) == 0)
                break;
            fprintf(out, "%s   %s: ", prefix, who);
            show_text(out, ev->text);
            fputc('\n', out);
            break;
        case SIM_EV_CHECK:
            fprintf(out, "%s   %s %s (%s) %s: ", prefix, who, ev->ok ? "PASS" : "FAIL",
                    ev->ok ? "the attack worked" : "the attack failed", ev->title);
            show_text(out, ev->text != NULL ? ev->text : "");
            fputc('\n', out);
            break;
        case SIM_EV_KNOWS:
            if (only_deeds && (ev->text == NULL || strstr(ev->title, "read by") == NULL))
                break;
            fprintf(out, "%s   %s knows %s: ", prefix, who, ev->title);
            if (ev->text != NULL && ev->len > 0 && strstr(ev->title, "read by") != NULL) {
                fputc('"', out);
                show_text(out, ev->text);
                fputc('"', out);
            } else if (ev->bytes != NULL && ev->len > 0) {
                relay_show_hex(out, ev->bytes, ev->len, FIELD_HEX_FULL);
                if (ev->text != NULL) {
                    fputs(" (", out);
                    show_text(out, ev->text);
                    fputc(')', out);
                }
            } else if (ev->text != NULL) {
                show_text(out, ev->text);
            }
            fputc('\n', out);
            break;
        default:
            break;
        }
    }
    fflush(out);
}
