/*
 * tui_content.c - the words and bytes of every pane, from the event log.
 */
#include "config.h"

#include "tui/tui_content.h"

#include "tui/tui_keys.h"

#include "course/lesson_check.h"

#include <stdio.h>
#include <string.h>

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

/* Whether a point of the lesson on pane names ev (and field f of it, or
 * the whole event when f is NULL) in the engine as it stands. */
static bool pointed_at(const struct tui_view *v, enum lesson_pane pane,
                       const struct sim_event *ev, const struct sim_field *f)
{
    for (size_t i = 0; i < v->point_count; i++) {
        const struct sim_event *pev;
        const struct sim_field *pf;
        if (v->points[i].pane == pane &&
            lesson_check_find(v->engine, pane, v->points[i].what, &pev, &pf) && pev == ev &&
            pf == f)
            return true;
    }
    return false;
}

/* The lesson pane that shows what actor knows and checks. */
static enum lesson_pane actor_lesson_pane(enum sim_actor a)
{
    switch (a) {
    case SIM_ACTOR_CLIENT: return LESSON_PANE_CLIENT;
    case SIM_ACTOR_SERVER: return LESSON_PANE_SERVER;
    case SIM_ACTOR_CA: return LESSON_PANE_CA;
    default: return LESSON_PANE_EVE;
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

static const struct sim_event *as_sent(const struct engine *e, const struct sim_event *ev);

/* Whether Mallory took message ev off the wire and passed on a copy of her
 * own, so that its receiver got the copy, not ev. */
static bool relayed(const struct engine *e, const struct sim_event *ev)
{
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *o = engine_event(e, i);
        if (o->kind == SIM_EV_WIRE && o->stage == ev->stage && o->actor == SIM_ACTOR_EVE &&
            as_sent(e, o) == ev)
            return true;
    }
    return false;
}

/* One thing an actor did or checked at this stage, or a message it sent or
 * got (a message Mallory relayed is got once: as she passed it on). */
static void stage_event(struct tui_lines *out, const struct tui_view *v,
                        const struct sim_event *ev, unsigned actors)
{
    const struct tui_glyphs *g = v->glyphs;
    bool label_ca = !v->ca_pane && ev->actor == SIM_ACTOR_CA && (actors & ACTOR_BIT(SIM_ACTOR_SERVER));
    char prefix[64], line[256];

    snprintf(prefix, sizeof prefix, "%s %s", g->bullet, label_ca ? "CA: " : "");
    switch (ev->kind) {
    case SIM_EV_ACTION:
        tui_lines_wrap(out, TUI_ROLE_NORMAL, prefix, TUI_ROLE_NORMAL, 2, ev->text);
        break;
    case SIM_EV_CHECK: {
        /* Mark and colour say good or bad for the user; the word says what
         * happened: an attacker's check failing is SAFE, passing an ALARM. */
        bool good = fact_good_for_user(ev->check_id, ev->outcome);
        const struct fact_check *row = fact_check_find(ev->check_id);
        const char *word = row != NULL && row->attacker ? (good ? "SAFE" : "ALARM")
                           : ev->outcome == FACT_PASS     ? "PASS"
                           : ev->outcome == FACT_FAIL     ? "FAIL"
                                                          : "NOT CHECKED";
        snprintf(prefix, sizeof prefix, "%s %s ", good ? g->pass : g->fail, word);
        snprintf(line, sizeof line, "%s%s", label_ca ? "CA: " : "", ev->title);
        tui_lines_wrap(out, good ? TUI_ROLE_PASS : TUI_ROLE_FAIL, prefix,
                       pointed_at(v, actor_lesson_pane(ev->actor), ev, NULL)
                           ? TUI_ROLE_HIGHLIGHT
                           : TUI_ROLE_NORMAL,
                       2, line);
        tui_lines_wrap(out, TUI_ROLE_DIM, "  ", TUI_ROLE_DIM, 2, ev->text);
        break;
    }
    case SIM_EV_WIRE:
        if (!(actors & ACTOR_BIT(ev->actor)) && relayed(v->engine, ev))
            break;
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
    /* A check with bad news comes first, so that where and why the run
     * broke is in view without scrolling; the rest follows in order. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < engine_event_count(e); i++) {
            const struct sim_event *ev = engine_event(e, i);
            bool failed = ev->kind == SIM_EV_CHECK &&
                          !fact_good_for_user(ev->check_id, ev->outcome);
            if (ev->stage == stage && concerns(ev, actors) && failed == (pass == 0)) {
                stage_event(out, v, ev, actors);
                shown++;
            }
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
    const struct tui_glyphs *g = v->glyphs;
    char name[256], mark[16];

    if (ev->bytes != NULL)
        snprintf(name, sizeof name, "%s (%zu B)", ev->title, ev->len);
    else
        snprintf(name, sizeof name, "%s", ev->title);
    snprintf(mark, sizeof mark, "%s ", is_new ? g->new_mark : " ");
    enum tui_role name_role = pointed_at(v, actor_lesson_pane(ev->actor), ev, NULL)
                                  ? TUI_ROLE_HIGHLIGHT
                              : is_new ? TUI_ROLE_NEW
                                       : TUI_ROLE_NORMAL;
    tui_lines_wrap(out, is_new ? TUI_ROLE_NEW_MARK : TUI_ROLE_NORMAL, mark, name_role, 2, name);
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
/* The pane of a remote actor: only what it sent that arrived here at
 * this stage (and its words when it ended the connection); what it knows
 * and checks never reaches this machine. */
static void remote_pane(struct tui_lines *out, const struct tui_view *v, enum sim_actor actor)
{
    const struct engine *e = v->engine;
    int stage = engine_stage(e);
    size_t shown = 0;
    char line[160];

    snprintf(line, sizeof line, "Arrived from the %s at stage %d", sim_actor_name(actor), stage);
    tui_lines_add(out, TUI_ROLE_HEADING, line);
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && ev->actor == actor && ev->kind != SIM_EV_NARRATION &&
            ev->kind != SIM_EV_REAL_TLS) {
            stage_event(out, v, ev, ACTOR_BIT(actor));
            shown++;
        }
    }
    if (shown == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing at this stage)");
    tui_lines_blank(out);
    snprintf(line, sizeof line, "What the %s knows and checks stays there: this machine sees "
             "only what arrived on the wire.", sim_actor_name(actor));
    tui_lines_wrap(out, TUI_ROLE_DIM, "", TUI_ROLE_DIM, 0, line);
}

static void actor_pane(struct tui_lines *out, const struct tui_view *v, enum sim_actor actor)
{
    enum sim_actor local = engine_local_actor(v->engine);
    if (local != SIM_ACTOR_COUNT && actor != local &&
        !(actor == SIM_ACTOR_CA && local == SIM_ACTOR_SERVER)) {
        remote_pane(out, v, actor);
        return;
    }
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

/* The message that ev, a copy Mallory passed on, was made from: the
 * nearest earlier message of the same stage to the same receiver that
 * Mallory did not send; NULL when ev is not such a copy. */
static const struct sim_event *as_sent(const struct engine *e, const struct sim_event *ev)
{
    const struct sim_event *found = NULL;

    if (ev->kind != SIM_EV_WIRE || ev->actor != SIM_ACTOR_EVE)
        return NULL;
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *o = engine_event(e, i);
        if (o == ev)
            break;
        if (o->kind == SIM_EV_WIRE && o->stage == ev->stage && o->actor != SIM_ACTOR_EVE &&
            o->peer == ev->peer)
            found = o;
    }
    return found;
}

/* The field of message ev labelled like f, or NULL. */
static const struct sim_field *same_field(const struct sim_event *ev, const struct sim_field *f)
{
    for (size_t i = 0; i < ev->field_count; i++)
        if (strcmp(ev->fields[i].label, f->label) == 0)
            return &ev->fields[i];
    return NULL;
}

/* Whether field f of copy differs from its namesake in orig (or has none). */
static bool field_changed(const struct sim_event *orig, const struct sim_event *copy,
                          const struct sim_field *f)
{
    const struct sim_field *g = same_field(orig, f);

    return g == NULL || g->len != f->len ||
           memcmp(orig->bytes + g->offset, copy->bytes + f->offset, f->len) != 0;
}

/* The label of the field of ev that holds byte offset, or "?". */
static const char *field_at(const struct sim_event *ev, size_t offset)
{
    for (size_t i = 0; i < ev->field_count; i++)
        if (offset >= ev->fields[i].offset && offset < ev->fields[i].offset + ev->fields[i].len)
            return ev->fields[i].label;
    return "?";
}

/* One sentence on what Mallory changed between orig and copy: the byte and
 * its two values when one byte differs, else the fields that differ. */
static void describe_change(char *buf, size_t size, const struct sim_event *orig,
                            const struct sim_event *copy, const struct tui_glyphs *g)
{
    if (orig->len == copy->len) {
        size_t diffs = 0, at = 0;
        for (size_t i = 0; i < copy->len; i++)
            if (orig->bytes[i] != copy->bytes[i] && diffs++ == 0)
                at = i;
        if (diffs == 1) {
            snprintf(buf, size, "Mallory changed byte %zu (%s) of the %s: %02x %s %02x", at,
                     field_at(copy, at), orig->title, orig->bytes[at], g->arrow_right,
                     copy->bytes[at]);
            return;
        }
    }
    size_t changed = 0;
    const struct sim_field *first = NULL;
    for (size_t i = 0; i < copy->field_count; i++) {
        if (field_changed(orig, copy, &copy->fields[i]) && changed++ == 0)
            first = &copy->fields[i];
    }
    if (first == NULL)
        snprintf(buf, size, "Mallory passed the %s on unchanged", orig->title);
    else if (changed == 1)
        snprintf(buf, size, "Mallory changed the %s's %s (%zu %s %zu bytes in all)", orig->title,
                 first->label, orig->len, g->arrow_right, copy->len);
    else
        snprintf(buf, size, "Mallory changed the %s's %s and %zu more field%s (%zu %s %zu bytes)",
                 orig->title, first->label, changed - 1, changed == 2 ? "" : "s", orig->len,
                 g->arrow_right, copy->len);
}

/* One field of a wire message: its label, then its bytes as hex or, in the
 * decoded view, what they mean (hex again when there is nothing to decode).
 * In a copy Mallory changed (orig is the message as sent), a changed field
 * says so and its changed bytes stand out. */
static void wire_field(struct tui_lines *out, const struct tui_view *v, const struct sim_event *ev,
                       const struct sim_field *f, const struct sim_event *orig)
{
    const struct sim_field *g = orig ? same_field(orig, f) : NULL;
    bool changed = orig != NULL && field_changed(orig, ev, f);
    enum tui_role label_role = changed ? TUI_ROLE_FAIL : TUI_ROLE_LABEL;
    char label[160];
    enum tui_role name_role =
        pointed_at(v, LESSON_PANE_WIRE, ev, f) ? TUI_ROLE_HIGHLIGHT : label_role;

    if (v->wire_decoded && f->decoded != NULL) {
        snprintf(label, sizeof label, "%s%s: ", f->label, changed ? " (CHANGED)" : "");
        tui_lines_wrap(out, name_role, label, TUI_ROLE_NORMAL, 4, f->decoded);
        return;
    }
    snprintf(label, sizeof label, "%s (%zu B)%s", f->label, f->len, changed ? " CHANGED" : "");
    tui_lines_wrap(out, label_role, "  ", name_role, 2, label);
    const uint8_t *ref = changed && g != NULL && g->len == f->len ? orig->bytes + g->offset : NULL;
    tui_lines_hex_diff(out, changed && ref == NULL ? TUI_ROLE_FAIL : TUI_ROLE_HEX, TUI_ROLE_FAIL,
                       4, ev->bytes + f->offset, ref, f->len,
                       v->full_values ? 0 : WIRE_FIELD_LINES, v->glyphs->ellipsis);
}

/* A whole message of the current stage: where it goes, then every field. */
static void wire_message(struct tui_lines *out, const struct tui_view *v,
                         const struct sim_event *ev)
{
    const struct tui_glyphs *g = v->glyphs;
    const struct sim_event *orig = as_sent(v->engine, ev);
    char route[64], line[256], mark[16];

    format_route(route, sizeof route, ev, g);
    snprintf(line, sizeof line, "%s, %s, %zu bytes", ev->title, route, ev->len);
    snprintf(mark, sizeof mark, "%s ", orig ? g->fail : g->new_mark);
    tui_lines_wrap(out, orig ? TUI_ROLE_FAIL : TUI_ROLE_NEW_MARK, mark,
                   pointed_at(v, LESSON_PANE_WIRE, ev, NULL) ? TUI_ROLE_HIGHLIGHT
                   : orig                                    ? TUI_ROLE_FAIL
                                                             : TUI_ROLE_NEW,
                   2, line);
    if (ev->off_wire)
        tui_lines_wrap(out, TUI_ROLE_DIM, "  ", TUI_ROLE_DIM, 2,
                       "(enrolment channel, not the handshake wire: Eve is not on it)");
    for (size_t i = 0; i < ev->field_count; i++)
        wire_field(out, v, ev, &ev->fields[i], orig);
}

/* Whether check ev is an attacker's attempt to read what the application sent. */
static bool is_read_check(const struct sim_event *ev)
{
    return ev->kind == SIM_EV_CHECK && ev->check_id != NULL &&
           (strcmp(ev->check_id, "eve.read") == 0 || strcmp(ev->check_id, "mitm.read") == 0 ||
            strcmp(ev->check_id, "eve.read_payload") == 0);
}

/* What Eve holds by the current stage (the bytes she recorded) and whether
 * she can read the data: her latest read check, or that none was sent. */
static void eve_status(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    const struct tui_glyphs *g = v->glyphs;
    const struct sim_event *read = NULL;
    size_t recorded = 0;
    char line[128], prefix[32];

    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_WIRE && !ev->off_wire && ev->actor != SIM_ACTOR_EVE)
            recorded += ev->len;
        if (is_read_check(ev))
            read = ev;
    }
    if (engine_local_actor(e) != SIM_ACTOR_COUNT) {
        /* one side of a connection sees no listener, only the bytes */
        snprintf(line, sizeof line, "%zu B crossed the network so far; anyone on the path "
                 "could record them, and this side cannot see who did", recorded);
        tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 2, line);
        return;
    }
    snprintf(line, sizeof line, "Eve has %zu B%s", recorded, read ? ":" : "; no data yet");
    tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 2, line);
    if (read == NULL)
        return;
    /* Good or bad for the user: the attacker failing to read is good news. */
    bool good = fact_good_for_user(read->check_id, read->outcome);
    snprintf(prefix, sizeof prefix, "%s %s ", good ? g->pass : g->fail, good ? "SAFE" : "READ");
    snprintf(line, sizeof line, "%s %s the data", strncmp(read->check_id, "mitm.", 5) == 0
                                                   ? "Mallory" : "Eve",
             good ? "cannot read" : "reads");
    tui_lines_wrap(out, good ? TUI_ROLE_PASS : TUI_ROLE_FAIL, prefix, TUI_ROLE_NORMAL, 2, line);
}

/* The WIRE pane: what Mallory changed and what Eve holds and reads, this
 * stage's messages in full, Eve's doings and knowledge, then the earlier
 * messages in one line each. */
static void wire_pane(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    const struct tui_glyphs *g = v->glyphs;
    int stage = engine_stage(e);
    size_t count = tui_content_message_count(e);
    char heading[64], line[256], route[64], mark[16];

    snprintf(heading, sizeof heading, "On the wire at stage %d", stage);
    tui_lines_add(out, TUI_ROLE_HEADING, heading);
    for (size_t i = 0; i < count; i++) {
        const struct sim_event *ev = tui_content_message(e, i);
        const struct sim_event *orig = as_sent(e, ev);
        if (orig == NULL)
            continue;
        describe_change(line, sizeof line, orig, ev, g);
        snprintf(mark, sizeof mark, "%s ", g->fail);
        tui_lines_wrap(out, TUI_ROLE_FAIL, mark, TUI_ROLE_FAIL, 2, line);
    }
    eve_status(out, v);
    for (size_t i = 0; i < count; i++)
        wire_message(out, v, tui_content_message(e, i));
    if (count == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing crosses the wire)");
    tui_lines_blank(out);
    if (engine_local_actor(e) == SIM_ACTOR_COUNT) {   /* an attacker is in the run */
        stage_section(out, v, ACTOR_BIT(SIM_ACTOR_EVE), "Eve, listening");
        tui_lines_blank(out);
        knows_section(out, v, SIM_ACTOR_EVE, "Eve knows (newest first)");
        tui_lines_blank(out);
    }
    tui_lines_add(out, TUI_ROLE_HEADING, "Earlier on the wire");
    size_t earlier = 0;
    for (size_t i = engine_event_count(e); i-- > 0;) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_WIRE || ev->stage == stage)
            continue;
        format_route(route, sizeof route, ev, v->glyphs);
        snprintf(line, sizeof line, "%d: %s, %s, %zu bytes%s", ev->stage, ev->title, route,
                 ev->len, ev->off_wire ? " (enrolment)" : "");
        bool marked = pointed_at(v, LESSON_PANE_WIRE, ev, NULL);
        for (size_t f = 0; f < ev->field_count && !marked; f++)
            marked = pointed_at(v, LESSON_PANE_WIRE, ev, &ev->fields[f]);
        tui_lines_wrap(out, TUI_ROLE_DIM, "", marked ? TUI_ROLE_HIGHLIGHT : TUI_ROLE_DIM, 3,
                       line);
        earlier++;
    }
    if (earlier == 0)
        tui_lines_add(out, TUI_ROLE_DIM, "(nothing yet)");
}

/* The measured facts after the headline: tampering and who read the data. */
static void result_facts(char *buf, size_t size, const struct engine *e)
{
    const struct sim_result *r = engine_result(e);

    if (r->one_side) {
        /* one side sees no attacker: it can claim only the changes it caught */
        snprintf(buf, size, "%sthe %s cannot see who else read the data",
                 r->tamper_detected ? "tampering detected; " : "",
                 sim_actor_name(engine_local_actor(e)));
        return;
    }
    const char *how = r->read_how == SIM_READ_CLEAR        ? " (sent in the clear)"
                      : r->read_how == SIM_READ_LEAKED_KEY ? " (leaked key)"
                      : r->read_how == SIM_READ_MITM       ? " (in the middle)"
                                                           : "";

    snprintf(buf, size, "%s%s%s%s",
             r->tamper_detected ? "tampering detected; "
             : r->tamper_at     ? "tampering not detected; "
                                : "",
             r->eve_read_plaintext ? sim_reader_name(r->reader) : "nobody else",
             r->eve_read_plaintext ? " read the plaintext" : " read the data", how);
}

bool tui_content_result_due(const struct engine *e)
{
    const struct sim_result *r = engine_result(e);
    int stage = engine_stage(e);

    return stage == SIM_STAGE_COUNT || (r->aborted && stage >= r->aborted_at);
}

/* The result in full: completed or aborted and why, and the facts. */
static void result_section(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    const struct sim_result *r = engine_result(e);
    const struct tui_glyphs *g = v->glyphs;
    char line[SIM_REASON_MAX + 160], prefix[32];

    bool bad = r->aborted || r->eve_read_plaintext;
    snprintf(prefix, sizeof prefix, "%s ", bad ? g->fail : g->pass);
    if (r->alert)
        snprintf(line, sizeof line, "Handshake completed, then a record was rejected at stage "
                 "%d and the connection closed with a bad_record_mac alert: %s", r->aborted_at,
                 r->reason);
    else if (r->aborted)
        snprintf(line, sizeof line, "Handshake aborted at stage %d: %s", r->aborted_at,
                 r->reason);
    else if (r->completed)
        snprintf(line, sizeof line, "Handshake completed: both sides read each other's data.");
    else
        snprintf(line, sizeof line, "The handshake has not finished yet.");
    tui_lines_wrap(out, bad ? TUI_ROLE_FAIL : TUI_ROLE_PASS, prefix,
                   r->aborted ? TUI_ROLE_FAIL : TUI_ROLE_PASS, 2, line);
    result_facts(line, sizeof line, e);
    line[0] = (char)(line[0] >= 'a' && line[0] <= 'z' ? line[0] - 'a' + 'A' : line[0]);
    tui_lines_wrap(out, r->eve_read_plaintext ? TUI_ROLE_FAIL : TUI_ROLE_NORMAL, "  ",
                   r->eve_read_plaintext ? TUI_ROLE_FAIL : TUI_ROLE_NORMAL, 2, line);
}

/* The narration pane: the result first when it is due (so that it is in
 * view without scrolling), then what happens and why, and what real TLS does. */
static void narration_pane(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    int stage = engine_stage(e);

    if (tui_content_result_due(e)) {
        result_section(out, v);
        tui_lines_blank(out);
    }
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && ev->kind == SIM_EV_NARRATION)
            tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, ev->text);
    }
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && ev->kind == SIM_EV_REAL_TLS) {
            tui_lines_blank(out);
            tui_lines_add(out, TUI_ROLE_HEADING, engine_compare_heading(e));
            tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, ev->text);
        }
    }
}

const char *tui_content_mode_name(const struct engine *e)
{
    if (engine_options(e)->protocol == SIM_PROTOCOL_TLS13)
        return "real TLS 1.3 (RFC 8446)";
    return engine_options(e)->mode == SIM_MODE_EPHEMERAL ? "ephemeral (TLS 1.2 ECDHE)"
                                                         : "key transport (RSA-style)";
}

/* The what-if keys of the key table, as many as fit on one line of out;
 * while they are off, a line that says so. */
static void whatif_keys(struct tui_lines *out, const struct tui_view *v)
{
    static const struct {
        enum tui_action action;
        const char *what;
    } keys[] = {
        {TUI_ACT_TAMPER, "tamper"}, {TUI_ACT_MITM, "MITM"},           {TUI_ACT_MODE, "ephemeral"},
        {TUI_ACT_LEAK_KEY, "leak key"}, {TUI_ACT_CERT, "cert"},       {TUI_ACT_DOWNGRADE, "downgrade"},
        {TUI_ACT_FINISHED, "Finished"}, {TUI_ACT_PAYLOAD, "AES payload"},
        {TUI_ACT_HELLO_RETRY, "retry"},
    };
    char label[32], key[8];
    int used = 0;

    if (v->whatifs_off) {
        tui_lines_add(out, TUI_ROLE_DIM, "what-if keys are off while the quiz waits for its answer");
        return;
    }
    tui_lines_add(out, TUI_ROLE_DIM, "");
    bool tls13 = engine_options(v->engine)->protocol == SIM_PROTOCOL_TLS13;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        /* TLS 1.3 has one key exchange, always Finished, no AES payload */
        if (tls13 && (keys[i].action == TUI_ACT_MODE || keys[i].action == TUI_ACT_FINISHED ||
                      keys[i].action == TUI_ACT_PAYLOAD))
            continue;
        /* and the teaching flow has no HelloRetryRequest */
        if (!tls13 && keys[i].action == TUI_ACT_HELLO_RETRY)
            continue;
        tui_keys_name(tui_keys_first(TUI_MODE_WALK, keys[i].action), key, sizeof key);
        snprintf(label, sizeof label, " %s%s", keys[i].what,
                 i + 1 < sizeof keys / sizeof keys[0] ? "  " : "");
        used += tui_text_width(key, (size_t)-1) + tui_text_width(label, (size_t)-1);
        if (used > out->width + 2)
            break;
        tui_lines_append(out, TUI_ROLE_KEY, key);
        tui_lines_append(out, TUI_ROLE_DIM, label);
    }
}

void tui_content_result_bar(struct tui_lines *out, const struct tui_view *v)
{
    const struct engine *e = v->engine;
    const struct sim_result *r = engine_result(e);
    const struct tui_glyphs *g = v->glyphs;
    char line[2 * SIM_REASON_MAX], facts[128], prefix[32];

    if (!tui_content_result_due(e) && v->prompt != NULL) {
        tui_lines_add(out, TUI_ROLE_KEY, " ");
        tui_lines_append(out, TUI_ROLE_KEY, v->prompt);
        return;
    }
    if (!tui_content_result_due(e)) {
        whatif_keys(out, v);
        return;
    }
    result_facts(facts, sizeof facts, e);
    if (r->one_side && r->aborted)   /* the reason matters more than what it cannot know */
        snprintf(facts, sizeof facts, "%s", r->aborted_by == engine_local_actor(e)
                                                ? "this side gave up" : "the other side ended it");
    bool bad = r->aborted || r->eve_read_plaintext;
    snprintf(prefix, sizeof prefix, "%s ", bad ? g->fail : g->pass);
    if (r->aborted) {
        const char *what = r->alert ? "Alert (bad_record_mac) at stage" : "Aborted at stage";
        snprintf(line, sizeof line, "%s %d; %s: %s", what, r->aborted_at, facts, r->reason);
        /* too long for the bar: the facts stay, the narration has the reason */
        if (tui_text_width(prefix, strlen(prefix)) + tui_text_width(line, strlen(line)) >
            out->width)
            snprintf(line, sizeof line, "%s %d; %s", what, r->aborted_at, facts);
    } else
        snprintf(line, sizeof line, "Completed; %s", facts);
    tui_lines_add(out, bad ? TUI_ROLE_FAIL : TUI_ROLE_PASS, prefix);
    tui_lines_append(out, r->aborted || r->eve_read_plaintext ? TUI_ROLE_FAIL : TUI_ROLE_PASS,
                     line);
}

bool tui_content_comparing(const struct tui_view *v)
{
    return v->lesson_text == NULL && v->other != NULL && engine_options(v->engine)->leak_key &&
           engine_stage(v->engine) == SIM_STAGE_COUNT;
}

void tui_content_compare_title(char *buf, size_t size, const struct tui_view *v,
                               enum tui_side side)
{
    const struct engine *e = side == TUI_SIDE_THIS ? v->engine : v->other;
    bool ephemeral = engine_options(e)->mode == SIM_MODE_EPHEMERAL;

    snprintf(buf, size, "%s (%s) %s Eve with the leaked key%s",
             ephemeral ? "EPHEMERAL" : "KEY TRANSPORT",
             side == TUI_SIDE_THIS ? "this run" : "other mode", v->glyphs->dash,
             v->side_by_side ? "" : ", o: the other mode");
}

/* Where Eve's story of the leak begins in e's log: her last action before
 * the first secret she learns at the last stage (the leaked key), or the
 * start of the last stage when there is none. */
static size_t leak_start(const struct engine *e)
{
    size_t start = 0, action = 0;
    bool have_action = false;

    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage != SIM_STAGE_COUNT) {
            start = i + 1;
            continue;
        }
        if (ev->actor != SIM_ACTOR_EVE)
            continue;
        if (ev->kind == SIM_EV_ACTION) {
            action = i;
            have_action = true;
        } else if (ev->kind == SIM_EV_KNOWS && ev->secret) {
            return have_action ? action : i;
        }
    }
    return start;
}

void tui_content_compare(struct tui_lines *out, const struct tui_view *v, enum tui_side side)
{
    const struct engine *e = side == TUI_SIDE_THIS ? v->engine : v->other;
    const struct tui_glyphs *g = v->glyphs;
    char prefix[32];

    if (e == NULL)
        return;
    const struct sim_result *r = engine_result(e);
    bool read = r->eve_read_plaintext;
    const char *what =
        r->forward_secrecy == SIM_FS_BROKEN
            ? (read ? "With the leaked key Eve reads the recorded session."
                    : "With the leaked key Eve opens the recorded TLS records, and finds only "
                      "the application's own ciphertext.")
        : r->forward_secrecy == SIM_FS_HELD
            ? (read ? "The leaked key opens nothing (forward secrecy held), but the data went "
                      "in the clear anyway."
                    : "Even with the leaked key Eve reads nothing: forward secrecy.")
            : "No completed session was recorded for the leaked key to open.";
    snprintf(prefix, sizeof prefix, "%s ", read ? g->fail : g->pass);
    tui_lines_wrap(out, read ? TUI_ROLE_FAIL : TUI_ROLE_PASS, prefix,
                   read ? TUI_ROLE_FAIL : TUI_ROLE_PASS, 2, what);
    for (size_t i = leak_start(e); i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage != SIM_STAGE_COUNT || ev->actor != SIM_ACTOR_EVE)
            continue;
        if (ev->kind == SIM_EV_ACTION || ev->kind == SIM_EV_CHECK) {
            stage_event(out, v, ev, ACTOR_BIT(SIM_ACTOR_EVE));
        } else if (ev->kind == SIM_EV_KNOWS) {
            snprintf(prefix, sizeof prefix, "%s knows ", g->new_mark);
            tui_lines_wrap(out, TUI_ROLE_NEW_MARK, prefix, TUI_ROLE_NEW, 2, ev->title);
            if (ev->text != NULL && ev->secret)
                tui_lines_wrap(out, TUI_ROLE_SECRET, "  ", TUI_ROLE_SECRET, 2, ev->text);
        }
    }
}

bool tui_content_cert_warning_due(const struct engine *e)
{
    const struct sim_result *r = engine_result(e);

    /* TLS 1.3 here has no "Continue anyway": the alert ends it */
    return r->aborted && r->cert_rejected && !r->cert_overridden &&
           engine_stage(e) >= r->aborted_at && engine_options(e)->protocol != SIM_PROTOCOL_TLS13;
}

#define WARNING_HEADLINE "Your connection is not private"

/* An overlay's two choices after a blank line, the one v picked marked
 * (the safe one first), and how to answer under them. */
static void choices(struct tui_lines *out, const struct tui_view *v, const char *safe,
                    const char *other, const char *how)
{
    tui_lines_blank(out);
    tui_lines_add(out, v->warning_choice == 0 ? TUI_ROLE_STAGE_CURRENT : TUI_ROLE_NORMAL, safe);
    tui_lines_append(out, TUI_ROLE_NORMAL, "   ");
    tui_lines_append(out, v->warning_choice == 1 ? TUI_ROLE_STAGE_CURRENT : TUI_ROLE_NORMAL,
                     other);
    tui_lines_blank(out);
    tui_lines_wrap(out, TUI_ROLE_DIM, "", TUI_ROLE_DIM, 0, how);
}

/* The client's check that failed first on the certificate, or NULL. */
static const struct sim_event *failed_cert_check(const struct engine *e)
{
    const char *id = engine_result(e)->cert_failed_id;

    for (size_t i = 0; id != NULL && i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_CHECK && ev->actor == SIM_ACTOR_CLIENT &&
            ev->check_id == id && ev->outcome != FACT_PASS)
            return ev;
    }
    return NULL;
}

void tui_content_cert_warning(struct tui_lines *out, const struct tui_view *v)
{
    const struct sim_event *check = failed_cert_check(v->engine);
    const char *code = check ? fact_browser_code(check->check_id) : NULL;
    char prefix[32], line[SIM_REASON_MAX + 128];

    snprintf(prefix, sizeof prefix, "%s ", v->glyphs->fail);
    tui_lines_wrap(out, TUI_ROLE_FAIL, prefix, TUI_ROLE_FAIL, 2, WARNING_HEADLINE);
    tui_lines_blank(out);
    snprintf(line, sizeof line, "%s may be an impostor (%s). %s",
             engine_options(v->engine)->host, code ? code : "NET::ERR_CERT_INVALID",
             check ? check->text : "");
    tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, line);
    choices(out, v, "[ Go back (safe) ]", "[ Continue anyway ]",
            "Left/Right choose, Enter confirms, Esc goes back.");
}

void tui_content_question(struct tui_lines *out, const struct tui_view *v)
{
    tui_lines_wrap(out, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, v->question);
    choices(out, v, "[ No, they differ ]", "[ Yes, trust this CA ]",
            "Left/Right choose, Enter confirms; y or n answer at once.");
}

bool tui_content_pane_remote(const struct engine *e, enum tui_pane pane)
{
    enum sim_actor local = engine_local_actor(e);

    if (local == SIM_ACTOR_COUNT)
        return false;
    switch (pane) {
    case TUI_PANE_CLIENT: return local != SIM_ACTOR_CLIENT;
    case TUI_PANE_SERVER: return local != SIM_ACTOR_SERVER;
    case TUI_PANE_CA: return local != SIM_ACTOR_SERVER;   /* serve's CA is on its machine */
    default: return false;
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
        if (v->lesson_text == NULL || !v->lesson_text(v->lesson_ctx, out, v))
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
