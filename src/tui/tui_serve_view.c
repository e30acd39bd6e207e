/*
 * tui_serve_view.c - one connection's server panes on the dashboard: an
 * observed engine fed the connection's kept log, drawn as the walkthrough
 * draws a run.
 */
#include "tui/tui_serve_view.h"

#include "engine/engine.h"
#include "tui/tui_content.h"
#include "tui/tui_curses.h"
#include "tui/tui_draw.h"
#include "tui/tui_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tui_serve_view {
    unsigned id;
    const struct tui_theme *theme;
    struct engine *engine;         /* observed, the server's side */
    size_t seen_count;             /* the record's events when last handed in */
    enum flow_outcome seen_outcome;
    bool seen_any;
    bool follow;                   /* show each new stage as the student reaches it */
    bool left;                     /* the connection left the roster: no news will come */
    struct tui_view view;
    struct tui_layout layout;
    struct tui_windows windows;
    bool have_windows;
    enum tui_pane focus;
    int scroll[TUI_PANE_COUNT];
    bool help_open;
    int help_scroll;
    unsigned dirty;
    char note[96];                 /* the answer to the last key, or "" */
    char prompt[96];               /* the result bar's line while no result is due */
    char header[NET_NAME_MAX + NET_ADDR_MAX + NET_REASON_MAX + 96];
    bool gone;      /* the connection left the roster: header keeps its last words */
};

struct tui_serve_view *tui_serve_view_open(const struct flow_hub *h, unsigned id,
                                           const struct tui_theme *theme)
{
    const struct flow_record *r = flow_hub_record(h, id);
    struct sim_options opts;

    if (r == NULL)
        return NULL;
    struct tui_serve_view *sv = xcalloc(1, sizeof *sv);
    sv->id = id;
    sv->theme = theme;
    flow_settings_to_options(&r->settings, &opts);
    sv->engine = engine_new_observed(&opts, SIM_ACTOR_SERVER);
    sv->follow = true;
    sv->view.theme = theme;
    sv->view.glyphs = theme->glyphs;
    sv->focus = TUI_PANE_SERVER;
    sv->dirty = TUI_DIRTY_ALL;
    return sv;
}

/* Hand the engine what the connection did since the last call. */
static void take_news(struct tui_serve_view *sv, const struct flow_hub *h,
                      const struct flow_roster_entry *row)
{
    const struct flow_record *r = flow_hub_record(h, sv->id);
    enum flow_outcome outcome = row != NULL ? row->outcome : FLOW_OUTCOME_RUNNING;

    sv->left = row == NULL || r == NULL;
    if (sv->left || (sv->seen_any && r->log.count == sv->seen_count &&
                     outcome == sv->seen_outcome))
        return;
    struct sim_observed_end end = {outcome == FLOW_OUTCOME_COMPLETED, r->ended_by_remote,
                                   row->reason};
    struct sim_log staged = {0};
    int reached = flow_record_staged(r, &staged);
    engine_observe(sv->engine, &staged, reached, outcome == FLOW_OUTCOME_RUNNING ? NULL : &end);
    log_free(&staged);
    if (sv->follow && engine_stage(sv->engine) != reached) {
        engine_goto(sv->engine, reached);
        for (int p = 0; p < TUI_PANE_COUNT; p++)
            sv->scroll[p] = TUI_SCROLL_TO_MARK;
    }
    sv->seen_count = r->log.count;
    sv->seen_outcome = outcome;
    sv->seen_any = true;
    sv->dirty |= TUI_DIRTY_STAGE;
}

/* The result bar's line while no result is due: where the stages go
 * from here (the walkthrough's what-if keys do nothing on the dashboard). */
static const char *prompt(struct tui_serve_view *sv, const struct flow_roster_entry *row)
{
    int stage = engine_stage(sv->engine), reached = engine_reached_stage(sv->engine);

    if (stage < reached)
        snprintf(sv->prompt, sizeof sv->prompt, "Space: stage %d (the student reached %d/%d)",
                 stage + 1, reached, SIM_STAGE_COUNT);
    else if (row != NULL && row->outcome == FLOW_OUTCOME_RUNNING)
        snprintf(sv->prompt, sizeof sv->prompt, "the student's next flight shows here when it "
                 "arrives");
    else
        snprintf(sv->prompt, sizeof sv->prompt, "the connection has ended");
    return sv->prompt;
}

/* The header: who the student is, from where, how far, how it ended. */
static void draw_header(struct tui_serve_view *sv, const struct flow_roster_entry *row)
{
    WINDOW *win = sv->windows.header;
    int reached = engine_reached_stage(sv->engine);

    if (row != NULL) {
        snprintf(sv->header, sizeof sv->header, " %s  %s  %s  stage %d/%d  %s%s%s",
                 row->name[0] ? row->name : "?", row->addr, flow_roster_protocol(row),
                 reached, SIM_STAGE_COUNT, flow_outcome_name(row->outcome),
                 row->reason[0] ? ": " : "", row->reason);
        sv->gone = false;
    } else if (!sv->gone) {
        snprintf(sv->header + strlen(sv->header), sizeof sv->header - strlen(sv->header),
                 "  (left the roster)");
        sv->gone = true;
    }
    werase(win);
    wattron(win, sv->theme->attr[TUI_ROLE_HEADING]);
    mvwaddnstr(win, 0, 0, sv->header, getmaxx(win));
    wattroff(win, sv->theme->attr[TUI_ROLE_HEADING]);
    wnoutrefresh(win);
}

void tui_serve_view_draw(struct tui_serve_view *sv, const struct flow_hub *h,
                         const struct flow_roster_entry *row, const struct tui_key_doc *docs,
                         size_t doc_count)
{
    struct tui_layout l;

    take_news(sv, h, row);
    tui_layout_compute(LINES, COLS, &l);
    if (!sv->have_windows || memcmp(&l, &sv->layout, sizeof l) != 0) {
        sv->layout = l;
        tui_windows_refit(&sv->windows, &sv->layout, sv->theme, &sv->view);
        sv->have_windows = true;
        if (sv->focus == TUI_PANE_CA && !sv->view.ca_pane)
            sv->focus = TUI_PANE_SERVER;
        sv->dirty |= TUI_DIRTY_ALL;
    }
    if (sv->dirty == 0)
        return;
    struct tui_chrome chrome = {docs, doc_count, sv->focus, sv->scroll, sv->help_open,
                                &sv->help_scroll, NULL, NULL, NULL};
    sv->view.engine = sv->engine;
    sv->view.note = sv->note[0] ? sv->note : NULL;
    sv->view.prompt = prompt(sv, row);
    tui_draw_screen(&sv->windows, &sv->layout, &sv->view, &chrome, sv->dirty);
    if (!sv->layout.too_small && (sv->dirty & TUI_DIRTY_HEADER)) {
        draw_header(sv, row);
        if (sv->help_open)   /* the overlay stays on top of the new header */
            touchwin(sv->windows.help), wnoutrefresh(sv->windows.help);
    }
    doupdate();
    sv->dirty = 0;
}

/* Show stage (clamped to those reached); following the student again
 * when it is the last one reached. */
static void show_stage(struct tui_serve_view *sv, int stage)
{
    int reached = engine_reached_stage(sv->engine);

    if (stage > reached) {
        snprintf(sv->note, sizeof sv->note, "the student has not reached stage %d yet%s",
                 stage, sv->left ? "" : ": it shows when they do");
        stage = reached;
    }
    if (stage < 1)
        stage = reached < 1 ? 0 : 1;
    engine_goto(sv->engine, stage);
    sv->follow = stage == reached;
    for (int p = 0; p < TUI_PANE_COUNT; p++)
        sv->scroll[p] = TUI_SCROLL_TO_MARK;
}

/* Move the focus by one pane that is on screen, forward or back. */
static void move_focus(struct tui_serve_view *sv, int step)
{
    for (int i = 0; i < TUI_PANE_COUNT; i++) {
        sv->focus = (enum tui_pane)(((int)sv->focus + step + TUI_PANE_COUNT) % TUI_PANE_COUNT);
        if (sv->windows.pane[sv->focus] != NULL)
            return;
    }
}

bool tui_serve_view_act(struct tui_serve_view *sv, enum serve_action action, int key)
{
    int stage = engine_stage(sv->engine);

    sv->note[0] = '\0';
    sv->dirty |= TUI_DIRTY_STAGE | TUI_DIRTY_HELP;
    if (sv->help_open && (action == SERVE_ACT_HELP || action == SERVE_ACT_ROSTER ||
                          action == SERVE_ACT_CLOSE)) {
        sv->help_open = false;
        sv->dirty |= TUI_DIRTY_ALL;
        return true;
    }
    switch (action) {
    case SERVE_ACT_ROSTER: return false;
    case SERVE_ACT_NEXT: show_stage(sv, stage + 1); break;
    case SERVE_ACT_BACK: show_stage(sv, stage - 1); break;
    case SERVE_ACT_FIRST: show_stage(sv, 1); break;
    case SERVE_ACT_LAST: show_stage(sv, engine_reached_stage(sv->engine)); break;
    case SERVE_ACT_STAGE: show_stage(sv, key - '0'); break;
    case SERVE_ACT_FOCUS_NEXT: move_focus(sv, 1); break;
    case SERVE_ACT_FOCUS_PREV: move_focus(sv, -1); break;
    case SERVE_ACT_SCROLL_UP:
        if (sv->help_open)
            sv->help_scroll -= sv->help_scroll > 0;
        else if (sv->scroll[sv->focus] > 0)
            sv->scroll[sv->focus]--;
        break;
    case SERVE_ACT_SCROLL_DOWN:
        if (sv->help_open)
            sv->help_scroll++;
        else if (sv->scroll[sv->focus] != TUI_SCROLL_TO_MARK)
            sv->scroll[sv->focus]++;
        break;
    case SERVE_ACT_TOGGLE_WIRE: sv->view.wire_decoded = !sv->view.wire_decoded; break;
    case SERVE_ACT_TOGGLE_VALUES: sv->view.full_values = !sv->view.full_values; break;
    case SERVE_ACT_HELP:
        sv->help_open = true;
        sv->help_scroll = 0;
        break;
    case SERVE_ACT_RESIZE: sv->dirty |= TUI_DIRTY_ALL; sv->have_windows = false; break;
    default: break;
    }
    return true;
}

bool tui_serve_view_help_open(const struct tui_serve_view *sv)
{
    return sv->help_open;
}

void tui_serve_view_close(struct tui_serve_view *sv)
{
    if (sv == NULL)
        return;
    tui_windows_destroy(&sv->windows);
    engine_free(sv->engine);
    free(sv);
}
