/*
 * tui_content.c - the words and bytes of every pane, from the event log.
 */
#include "config.h"

#include "tui_content.h"

#include <stdio.h>

#define ACTOR_BIT(a) (1u << (a))
#define WIRE_FIELD_LINES 4   /* hex lines of a long field until v shows them all */

int tui_content_actor_column(enum sim_actor a)
{
    switch (a) {
    case SIM_ACTOR_CLIENT:
        return 0;
    case SIM_ACTOR_EVE:
        return 1;
    case SIM_ACTOR_SERVER:
        return 2;
    default:
        return 3;
    }
}

/* "client > server" or "client < server": the two ends of a message in
 * screen order, the arrow pointing the way it travels. */
static void format_route(char *buf, size_t size, const struct sim_event *ev,
                         const struct tui_glyphs *g)
{
    bool rightwards = tui_content_actor_column(ev->actor) < tui_content_actor_column(ev->peer);
    enum sim_actor left = rightwards ? ev->actor : ev->peer;
    enum sim_actor right = rightwards ? ev->peer : ev->actor;

    snprintf(buf, size, "%s %s %s", sim_actor_name(left),
             rightwards ? g->arrow_right : g->arrow_left, sim_actor_name(right));
}

/* Append text in role to the last line when it fits, else put it on a
 * line of its own under the indented text above. */
static void append_or_wrap(struct tui_lines *out, enum tui_role role, const char *text)
{
    int need = tui_text_width(text, (size_t)-1);

    if (out->count > 0 && out->v[out->count - 1].width + need <= out->width)
        tui_lines_append(out, role, text);
    else
        tui_lines_wrap(out, role, "  ", role, 2, text);
}

/* One thing an actor did or checked at this stage, or a message it sent or got. */
static void stage_event(struct tui_lines *out, const struct tui_view *v,
                        const struct sim_event *ev, unsigned actors)
{
    const struct tui_glyphs *g = v->theme->glyphs;
    bool label_ca = !v->ca_pane && ev->actor == SIM_ACTOR_CA && (actors & ACTOR_BIT(SIM_ACTOR_SERVER));
    char prefix[64], line[256];

    snprintf(prefix, sizeof prefix, "%s %s", g->bullet, label_ca ? "CA: " : "");
    switch (ev->kind) {
    case SIM_EV_ACTION:
        tui_lines_wrap(out, TUI_ROLE_NORMAL, prefix, TUI_ROLE_NORMAL, 2, ev->text);
        break;
    case SIM_EV_CHECK:
        snprintf(prefix, sizeof prefix, "%s %s ", ev->ok ? g->pass : g->fail,
                 ev->ok ? "PASS" : "FAIL");
        snprintf(line, sizeof line, "%s%s", label_ca ? "CA: " : "", ev->title);
        tui_lines_wrap(out, ev->ok ? TUI_ROLE_PASS : TUI_ROLE_FAIL, prefix, TUI_ROLE_NORMAL, 2,
                       line);
        tui_lines_wrap(out, TUI_ROLE_DIM, "  ", TUI_ROLE_DIM, 2, ev->text);
        break;
    case SIM_EV_WIRE:
        if (actors & ACTOR_BIT(ev->actor))
            snprintf(line, sizeof line, "%ssends %s, %zu B", label_ca ? "CA: " : "", ev->title,
                     ev->len);
        else
            snprintf(line, sizeof line, "%sreceives %s",
                     !v->ca_pane && ev->peer == SIM_ACTOR_CA ? "CA: " : "", ev->title);
        snprintf(prefix, sizeof prefix, "%s ",
                 actors & ACTOR_BIT(ev->actor) ? g->arrow_right : g->arrow_left);
        tui_lines_wrap(out, TUI_ROLE_NORMAL, prefix, TUI_ROLE_NORMAL, 2, line);
        break;
    default:
        break;
    }
}

/* Whether ev belongs in the "this stage" list of a pane showing actors. */
static bool concerns(const struct sim_event *ev, unsigned actors)
{
    if (ev->kind == SIM_EV_ACTION || ev->kind == SIM_EV_CHECK)
        return (actors & ACTOR_BIT(ev->actor)) != 0;
    if (ev->kind == SIM_EV_WIRE)
        return (actors & (ACTOR_BIT(ev->actor) | ACTOR_BIT(ev->peer))) != 0;
    return false;
}

/* What the actors did at the current stage, under a heading. */
static void stage_section(struct tui_lines *out, const struct tui_view *v, unsigned actors,
                          const char *heading)
{
    const struct engine *e = v->engine;
    int stage = engine_stage(e);
    size_t shown = 0;

    tui_lines_add(out, TUI_ROLE_HEADING, heading);
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && concerns(ev, actors)) {
            stage_event(out, v, ev, actors);
            shown++;
        }
    }
    if (shown == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing at this stage)");
}

/* One known value: its name (marked when new, and when secret), its bytes
 * as hex and its readable form. */
static void known_value(struct tui_lines *out, const struct tui_view *v,
                        const struct sim_event *ev, bool is_new)
{
    const struct tui_glyphs *g = v->theme->glyphs;
    char name[256], mark[16];

    if (ev->bytes != NULL)
        snprintf(name, sizeof name, "%s (%zu B)", ev->title, ev->len);
    else
        snprintf(name, sizeof name, "%s", ev->title);
    snprintf(mark, sizeof mark, "%s ", is_new ? g->new_mark : " ");
    tui_lines_wrap(out, is_new ? TUI_ROLE_NEW_MARK : TUI_ROLE_NORMAL, mark,
                   is_new ? TUI_ROLE_NEW : TUI_ROLE_NORMAL, 2, name);
    if (ev->secret)
        append_or_wrap(out, TUI_ROLE_SECRET, " [secret]");
    enum tui_role value_role = ev->secret ? TUI_ROLE_SECRET : TUI_ROLE_HEX;
    if (ev->bytes != NULL)
        tui_lines_hex(out, value_role, 2, ev->bytes, ev->len, v->full_values ? 0 : 1,
                      g->ellipsis);
    if (ev->text != NULL)
        tui_lines_wrap(out, TUI_ROLE_NORMAL, "  ", ev->bytes ? TUI_ROLE_DIM : TUI_ROLE_NORMAL,
                       2, ev->text);
}

/* What actor knows by the current stage, newest first, under a heading. */
static void knows_section(struct tui_lines *out, const struct tui_view *v, enum sim_actor actor,
                          const char *heading)
{
    const struct engine *e = v->engine;
    int stage = engine_stage(e);
    size_t shown = 0;

    tui_lines_add(out, TUI_ROLE_HEADING, heading);
    for (size_t i = engine_event_count(e); i-- > 0;) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_KNOWS && ev->actor == actor) {
            known_value(out, v, ev, ev->stage == stage);
            shown++;
        }
    }
    if (shown == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing yet)");
}

/* The CLIENT, SERVER or CA pane (SERVER also shows the CA when it has no pane). */
static void actor_pane(struct tui_lines *out, const struct tui_view *v, enum sim_actor actor)
{
    bool with_ca = actor == SIM_ACTOR_SERVER && !v->ca_pane;
    unsigned actors = ACTOR_BIT(actor) | (with_ca ? ACTOR_BIT(SIM_ACTOR_CA) : 0);
    char heading[64];

    snprintf(heading, sizeof heading, "At stage %d", engine_stage(v->engine));
    stage_section(out, v, actors, heading);
    tui_lines_blank(out);
    knows_section(out, v, actor, with_ca ? "Server knows" : "Knows (newest first)");
    if (with_ca) {
        tui_lines_blank(out);
        knows_section(out, v, SIM_ACTOR_CA, "CA knows");
    }
}

/* One field of a wire message: its label, then its bytes as hex or, in the
 * decoded view, what they mean (hex again when there is nothing to decode). */
static void wire_field(struct tui_lines *out, const struct tui_view *v, const struct sim_event *ev,
                       const struct sim_field *f)
{
    char label[160];

    if (v->wire_decoded && f->decoded != NULL) {
        snprintf(label, sizeof label, "%s: ", f->label);
        tui_lines_wrap(out, TUI_ROLE_LABEL, label, TUI_ROLE_NORMAL, 4, f->decoded);
        return;
    }
    snprintf(label, sizeof label, "%s (%zu B)", f->label, f->len);
    tui_lines_wrap(out, TUI_ROLE_LABEL, "  ", TUI_ROLE_LABEL, 2, label);
    tui_lines_hex(out, TUI_ROLE_HEX, 4, ev->bytes + f->offset, f->len,
                  v->full_values ? 0 : WIRE_FIELD_LINES, v->theme->glyphs->ellipsis);
}

/* A whole message of the current stage: where it goes, then every field. */
static void wire_message(struct tui_lines *out, const struct tui_view *v,
                         const struct sim_event *ev)
{
    const struct tui_glyphs *g = v->theme->glyphs;
    char route[64], line[256], mark[16];

    format_route(route, sizeof route, ev, g);
    snprintf(line, sizeof line, "%s, %s, %zu bytes", ev->title, route, ev->len);
    snprintf(mark, sizeof mark, "%s ", g->new_mark);
    tui_lines_wrap(out, TUI_ROLE_NEW_MARK, mark, TUI_ROLE_NEW, 2, line);
    if (ev->off_wire)
        tui_lines_wrap(out, TUI_ROLE_DIM, "  ", TUI_ROLE_DIM, 2,
                       "(enrolment channel, not the handshake wire: Eve is not on it)");
    for (size_t i = 0; i < ev->field_count; i++)
        wire_field(out, v, ev, &ev->fields[i]);
}

/* The WIRE pane: this stage's messages in full, Eve's doings and
 * knowledge, then the earlier messages in one line each. */
static void wire_pane(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    int stage = engine_stage(e);
    size_t count = tui_content_message_count(e);
    char heading[64], line[256], route[64];

    snprintf(heading, sizeof heading, "On the wire at stage %d", stage);
    tui_lines_add(out, TUI_ROLE_HEADING, heading);
    for (size_t i = 0; i < count; i++)
        wire_message(out, v, tui_content_message(e, i));
    if (count == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing crosses the wire)");
    tui_lines_blank(out);
    stage_section(out, v, ACTOR_BIT(SIM_ACTOR_EVE), "Eve, listening");
    tui_lines_blank(out);
    knows_section(out, v, SIM_ACTOR_EVE, "Eve knows (newest first)");
    tui_lines_blank(out);
    tui_lines_add(out, TUI_ROLE_HEADING, "Earlier on the wire");
    size_t earlier = 0;
    for (size_t i = engine_event_count(e); i-- > 0;) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_WIRE || ev->stage == stage)
            continue;
        format_route(route, sizeof route, ev, v->theme->glyphs);
        snprintf(line, sizeof line, "%d: %s, %s, %zu bytes%s", ev->stage, ev->title, route,
                 ev->len, ev->off_wire ? " (enrolment)" : "");
        tui_lines_wrap(out, TUI_ROLE_DIM, "", TUI_ROLE_DIM, 3, line);
        earlier++;
    }
    if (earlier == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing yet)");
}

/* The narration pane: what happens and why, and what real TLS does. */
static void narration_pane(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    int stage = engine_stage(e);

    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && ev->kind == SIM_EV_NARRATION)
            tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, ev->text);
    }
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && ev->kind == SIM_EV_REAL_TLS) {
            tui_lines_blank(out);
            tui_lines_add(out, TUI_ROLE_HEADING, "In real TLS");
            tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, ev->text);
        }
    }
    const struct sim_result *r = engine_result(e);
    if (r->aborted) {
        char line[SIM_REASON_MAX + 64];
        snprintf(line, sizeof line, "Handshake aborted at stage %d: %s", r->aborted_at,
                 r->reason);
        tui_lines_blank(out);
        tui_lines_wrap(out, TUI_ROLE_FAIL, "", TUI_ROLE_FAIL, 0, line);
    } else if (r->completed) {
        tui_lines_blank(out);
        tui_lines_add(out, TUI_ROLE_HEADING, "Result");
        tui_lines_wrap(out, TUI_ROLE_PASS, "", TUI_ROLE_PASS, 0,
                       r->eve_read_plaintext
                           ? "Handshake completed, but Eve read the application data."
                           : "Handshake completed: both sides read each other's data; "
                             "Eve read nothing.");
    }
}

void tui_content_pane(struct tui_lines *out, const struct tui_view *v, enum tui_pane pane)
{
    switch (pane) {
    case TUI_PANE_CLIENT:
        actor_pane(out, v, SIM_ACTOR_CLIENT);
        break;
    case TUI_PANE_SERVER:
        actor_pane(out, v, SIM_ACTOR_SERVER);
        break;
    case TUI_PANE_CA:
        actor_pane(out, v, SIM_ACTOR_CA);
        break;
    case TUI_PANE_WIRE:
        wire_pane(out, v);
        break;
    case TUI_PANE_NARRATION:
        narration_pane(out, v);
        break;
    case TUI_PANE_COUNT:
        break;
    }
}

size_t tui_content_message_count(const struct engine *e)
{
    size_t n = 0;

    while (tui_content_message(e, n) != NULL)
        n++;
    return n;
}

const struct sim_event *tui_content_message(const struct engine *e, size_t i)
{
    int stage = engine_stage(e);

    for (size_t k = 0; k < engine_event_count(e); k++) {
        const struct sim_event *ev = engine_event(e, k);
        if (ev->kind == SIM_EV_WIRE && ev->stage == stage && i-- == 0)
            return ev;
    }
    return NULL;
}
