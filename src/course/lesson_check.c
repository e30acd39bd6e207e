/*
 * lesson_check.c - checking a lesson's point lines against a real run of
 * the engine, step by step.
 */
#include "course/lesson_check.h"

#include "base/bytes.h"
#include "course/sim_open.h"
#include "course/tutor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAMES_SHOWN 5        /* names listed in a problem report */
#define NAME_CLIP 48         /* characters of one name in a report */

/* The actor whose knowledge a pane lists; SIM_ACTOR_COUNT for the wire. */
static enum sim_actor pane_actor(enum lesson_pane pane)
{
    switch (pane) {
    case LESSON_PANE_CLIENT: return SIM_ACTOR_CLIENT;
    case LESSON_PANE_SERVER: return SIM_ACTOR_SERVER;
    case LESSON_PANE_CA: return SIM_ACTOR_CA;
    case LESSON_PANE_EVE: return SIM_ACTOR_EVE;
    case LESSON_PANE_WIRE: break;
    }
    return SIM_ACTOR_COUNT;
}

int lesson_check_stage(const struct lesson *l, size_t step)
{
    int stage = 0;

    for (size_t i = 0; i <= step && i < l->step_count; i++) {
        const struct lesson_step *s = &l->steps[i];
        if (s->stage >= 0)
            stage = s->stage;
        if (i < step && s->await == LESSON_AWAIT_STAGE && s->await_stage > stage)
            stage = s->await_stage;
    }
    return stage;
}

/* True when the pane shows event ev (of a run now at stage) under some name. */
static bool pane_shows(const struct sim_event *ev, enum lesson_pane pane, int stage)
{
    enum sim_actor actor = pane_actor(pane);

    if (ev->stage > stage)
        return false;
    if (actor == SIM_ACTOR_COUNT)
        return ev->kind == SIM_EV_WIRE;
    if (ev->actor != actor)
        return false;
    return ev->kind == SIM_EV_KNOWS || (ev->kind == SIM_EV_CHECK && ev->stage == stage);
}

bool lesson_check_find(const struct engine *e, enum lesson_pane pane, const char *what,
                       const struct sim_event **ev, const struct sim_field **field)
{
    int stage = engine_stage(e);

    for (size_t i = engine_event_count(e); i-- > 0;) {
        const struct sim_event *x = engine_event(e, i);
        const struct sim_field *f = NULL;
        if (!pane_shows(x, pane, stage))
            continue;
        if (strcmp(x->title, what) != 0) {
            for (size_t j = 0; j < x->field_count && f == NULL; j++)
                if (strcmp(x->fields[j].label, what) == 0)
                    f = &x->fields[j];
            if (f == NULL)
                continue;
        }
        if (ev != NULL)
            *ev = x;
        if (field != NULL)
            *field = f;
        return true;
    }
    return false;
}

/* A name the pane shows, and how many words it shares with the point's. */
struct candidate {
    const char *name;
    int shared;
};

/* The number of space-separated words of a that are also words of b. */
static int shared_words(const char *a, const char *b)
{
    int n = 0;

    while (*a) {
        size_t len = strcspn(a, " ");
        for (const char *p = b; *p;) {
            size_t blen = strcspn(p, " ");
            if (len > 0 && blen == len && strncmp(a, p, len) == 0) {
                n++;
                break;
            }
            p += blen;
            p += strspn(p, " ");
        }
        a += len;
        a += strspn(a, " ");
    }
    return n;
}

/* Add name to the list unless it is there already. */
static void add_candidate(struct candidate **list, size_t *count, const char *name,
                          const char *what)
{
    for (size_t i = 0; i < *count; i++)
        if (strcmp((*list)[i].name, name) == 0)
            return;
    *list = xrealloc(*list, (*count + 1) * sizeof **list);
    (*list)[*count].name = name;
    (*list)[*count].shared = shared_words(what, name);
    (*count)++;
}

/* Write into buf a few of the names the pane shows, those most like what
 * first and otherwise the newest first; "" when it shows none. */
static void list_names(const struct engine *e, enum lesson_pane pane, const char *what,
                       char *buf, size_t n)
{
    struct candidate *list = NULL;
    size_t count = 0, used = 0, shown = 0;
    int stage = engine_stage(e), most = 0;

    for (size_t i = engine_event_count(e); i-- > 0;) {
        const struct sim_event *ev = engine_event(e, i);
        if (!pane_shows(ev, pane, stage))
            continue;
        add_candidate(&list, &count, ev->title, what);
        for (size_t j = 0; j < ev->field_count; j++)
            add_candidate(&list, &count, ev->fields[j].label, what);
    }
    for (size_t i = 0; i < count; i++)
        if (list[i].shared > most)
            most = list[i].shared;
    buf[0] = '\0';
    for (int best = most; best >= 0 && shown < NAMES_SHOWN; best--) {
        for (size_t i = 0; i < count && shown < NAMES_SHOWN; i++) {
            char clip[NAME_CLIP];
            if (list[i].shared != best)
                continue;
            int w = snprintf(buf + used, n - used, "%s'%s'", shown > 0 ? ", " : "",
                             diag_clip(list[i].name, clip, sizeof clip));
            if (w < 0 || (size_t)w >= n - used) {
                buf[used] = '\0';
                goto done;
            }
            used += (size_t)w;
            shown++;
        }
    }
    if (count > shown)
        snprintf(buf + used, n - used, " and %zu more", count - shown);
done:
    free(list);
}

/* Report that point pt names nothing in the engine as it stands. */
static void report_missing(struct diags *diags, const char *file, const struct lesson_point *pt,
                           const struct engine *e)
{
    static const char *const whose[] = {
        [LESSON_PANE_CLIENT] = "the client", [LESSON_PANE_SERVER] = "the server",
        [LESSON_PANE_CA] = "the CA", [LESSON_PANE_EVE] = "Eve",
    };
    char names[360], clip[NAME_CLIP];
    int stage = engine_stage(e);

    list_names(e, pt->pane, pt->what, names, sizeof names);
    diag_clip(pt->what, clip, sizeof clip);
    if (pt->pane == LESSON_PANE_WIRE && names[0] != '\0')
        diags_add(diags, file, pt->line, pt->col, pt->source,
                  "nothing called '%s' has crossed the wire by stage %d; on the wire by "
                  "then: %s", clip, stage, names);
    else if (pt->pane == LESSON_PANE_WIRE)
        diags_add(diags, file, pt->line, pt->col, pt->source,
                  "nothing called '%s' is on the wire at stage %d, where nothing has crossed "
                  "it yet; show a later stage with a 'stage' line", clip, stage);
    else if (names[0] != '\0')
        diags_add(diags, file, pt->line, pt->col, pt->source,
                  "nothing called '%s' is known to %s at stage %d; known there: %s", clip,
                  whose[pt->pane], stage, names);
    else
        diags_add(diags, file, pt->line, pt->col, pt->source,
                  "nothing called '%s' is known to %s at stage %d, where %s knows nothing "
                  "yet; show a later stage with a 'stage' line", clip, whose[pt->pane], stage,
                  whose[pt->pane]);
}

size_t lesson_check_points(const struct lesson *l, struct diags *diags)
{
    size_t before = diags->count;
    bool failed = false;   /* the step before could not run */

    for (size_t i = 0; i < l->step_count; i++) {
        const struct lesson_step *s = &l->steps[i];
        struct tutor t = {.lesson = l, .step = i};
        struct sim_options o;
        struct engine *e = NULL;
        char err[ENGINE_ERR_MAX > SIM_OPTION_ERR_MAX ? ENGINE_ERR_MAX : SIM_OPTION_ERR_MAX];

        /* Every step runs, points or not: the tutorial starts the simulator
         * with each step's settings, so a setting it would refuse (a 'set
         * certs' to a folder that is no certificate set) is found here. */
        int ok = tutor_options(&t, &o, err, sizeof err);
        if (ok == 0 && sim_options_aes_missing(&o))
            continue;
        if (ok != 0 || sim_open_engine(&o, &e, err, sizeof err) != 0) {
            if (s->point_count > 0)
                diags_add(diags, l->file, s->points[0].line, s->points[0].col,
                          s->points[0].source, "the simulator cannot run with the options in "
                          "force here (%s), so this step's points cannot be checked; change "
                          "the 'set' lines", err);
            else if (s->setting_count > 0 || !failed)  /* said once per setting */
                diags_add(diags, l->file, s->line, 1, NULL, "the simulator cannot run with "
                          "the options in force at this step (%s); change the 'set' lines",
                          err);
            failed = true;
            continue;
        }
        failed = false;
        if (s->point_count > 0)
            engine_goto(e, lesson_check_stage(l, i));
        for (size_t j = 0; j < s->point_count; j++)
            if (!lesson_check_find(e, s->points[j].pane, s->points[j].what, NULL, NULL))
                report_missing(diags, l->file, &s->points[j], e);
        engine_free(e);
    }
    return diags->count - before;
}
