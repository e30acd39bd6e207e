/*
 * tui_inspect.c - the certificate overlay: takes the certificate the client
 * received from the engine, has inspect.c explain it, lays the explanation
 * out as styled lines and draws them in a box with a scroll position.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui_inspect.h"

#include "engine/wire.h"
#include "pki/inspect.h"
#include "tui/tui_draw.h"

#include <stdio.h>
#include <string.h>

#define INSPECT_MARGIN 2          /* columns and rows of the screen left around the box */
#define INSPECT_CERT_STAGE 3      /* the stage whose Certificate frames reach the client */

/* The certificate the client received in e (Mallory's under a man in the
 * middle), as the engine holds it; the other certificates sent to the client
 * at stage 3 (an intermediate's) go into the pool sent; false when none. */
static bool find_certificate(const struct engine *e, const uint8_t **der, size_t *len,
                             struct inspect_pool *sent)
{
    if (!engine_received_certificate(e, der, len))
        return false;
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        const uint8_t *blob;
        size_t blob_len;
        if (ev->kind != SIM_EV_WIRE || ev->stage != INSPECT_CERT_STAGE || ev->off_wire ||
            ev->peer != SIM_ACTOR_CLIENT || ev->len == 0 || ev->bytes[0] != WIRE_CERTIFICATE ||
            wire_decode_blob(ev->bytes, ev->len, WIRE_CERTIFICATE, 3, &blob, &blob_len) != 0)
            continue;
        if (blob_len == *len && memcmp(blob, *der, blob_len) == 0)
            continue;   /* the certificate itself */
        inspect_pool_add(sent, blob, blob_len, "sent by the server");
    }
    const uint8_t *inter;
    size_t inter_len;
    if (engine_received_intermediate(e, &inter, &inter_len))   /* TLS 1.3: encrypted */
        inspect_pool_add(sent, inter, inter_len, "sent by the server");
    return true;
}

/* The role a line's mark is drawn in. */
static enum tui_role mark_role(enum inspect_mark m)
{
    switch (m) {
    case INSPECT_MARK_SECRET:
        return TUI_ROLE_SECRET;
    case INSPECT_MARK_GOOD:
        return TUI_ROLE_PASS;
    case INSPECT_MARK_BAD:
    case INSPECT_MARK_WARN:
        return TUI_ROLE_FAIL;
    case INSPECT_MARK_UNCHECKED:
    case INSPECT_MARK_NONE:
        break;
    }
    return TUI_ROLE_NORMAL;
}

/* Lay report r out in out: "label: text" indented by depth, the note
 * dimmed under it. */
static void lay_out(struct tui_lines *out, const struct inspect_report *r)
{
    char prefix[64];

    for (size_t i = 0; i < r->count; i++) {
        const struct inspect_line *l = &r->lines[i];
        int indent = 2 * (l->depth < 0 ? 0 : l->depth > 4 ? 4 : l->depth);
        snprintf(prefix, sizeof prefix, "%*s%s: ", indent, "", l->label ? l->label : "");
        tui_lines_wrap(out, TUI_ROLE_LABEL, prefix, mark_role(l->mark), indent + 2,
                       l->text ? l->text : "");
        if (l->note != NULL && l->note[0] != '\0') {
            snprintf(prefix, sizeof prefix, "%*s", indent + 2, "");
            tui_lines_wrap(out, TUI_ROLE_DIM, prefix, TUI_ROLE_DIM, indent + 2, l->note);
        }
    }
}

int tui_inspect_open(struct tui_inspect *o, const struct engine *e, char *note, size_t notelen)
{
    char err[256];
    const uint8_t *der;
    size_t len;

    tui_inspect_close(o);
    /* the signature is checked as the client checks it: against its trust store
     * and the intermediates the server sent */
    struct inspect_pool store = {0};
    if (!find_certificate(e, &der, &len, &store)) {
        inspect_pool_free(&store);
        snprintf(note, notelen, "i shows the server's certificate once the client has "
                                "received one");
        return -1;
    }
    const uint8_t *ca;
    size_t ca_len;
    if (engine_trusted_ca(e, &ca, &ca_len))
        inspect_pool_add(&store, ca, ca_len, "the client's trust store");
    struct inspect_context ctx = {
        .now = engine_clock(e), .pool = &store, .pool_is_trust_store = true};
    int rc = inspect_certificate(der, len, &ctx, &o->report, err, sizeof err);
    inspect_pool_free(&store);
    if (rc != 0) {
        snprintf(note, notelen, "the certificate cannot be explained: %s", err);
        inspect_report_free(&o->report);
        return -1;
    }
    snprintf(o->title, sizeof o->title, "%.60s the client received  (Up/Down scroll, Esc "
             "closes)", o->report.kind);
    o->open = true;
    o->scroll = 0;
    return 0;
}

bool tui_inspect_key(struct tui_inspect *o, int key)
{
    switch (key) {
    case TUI_K_UP:
    case 'k':
        o->scroll--;
        return false;
    case TUI_K_DOWN:
    case 'j':
        o->scroll++;
        return false;
    case TUI_K_PGUP:
        o->scroll -= 10;
        return false;
    case TUI_K_PGDN:
    case ' ':
        o->scroll += 10;
        return false;
    case TUI_K_ESC:
    case 'i':
        tui_inspect_close(o);
        return true;
    default:
        return false;
    }
}

void tui_inspect_draw(struct tui_inspect *o, const struct tui_theme *t)
{
    int h = LINES - INSPECT_MARGIN, w = COLS - 2 * INSPECT_MARGIN;
    struct tui_lines lines;

    if (!o->open || h < 5 || w < 20)
        return;
    if (o->win != NULL && (getmaxy(o->win) != h || getmaxx(o->win) != w)) {
        delwin(o->win);
        o->win = NULL;
    }
    if (o->win == NULL && (o->win = newwin(h, w, INSPECT_MARGIN / 2, INSPECT_MARGIN)) == NULL)
        return;
    wbkgd(o->win, (chtype)' ' | t->attr[TUI_ROLE_NORMAL]);
    tui_lines_init(&lines, w - 2, t->ascii);
    lay_out(&lines, &o->report);
    tui_draw_boxed_lines(o->win, t, o->title, true, &o->scroll, &lines, NULL, false);
    tui_lines_free(&lines);
}

void tui_inspect_close(struct tui_inspect *o)
{
    if (o->open)
        inspect_report_free(&o->report);
    if (o->win != NULL)
        delwin(o->win);
    o->open = false;
    o->win = NULL;
    o->scroll = 0;
}
