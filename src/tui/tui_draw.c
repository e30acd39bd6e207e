/*
 * tui_draw.c - the windows of the TUI and everything drawn in them.
 */
#include "config.h"

#include "tui/tui_draw.h"

#include "base/die.h"
#include "tui/tui_whatif.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define HELP_KEYS_MAX 40   /* the widest key column of the help overlay */

/* Write text in role at (y, x) of win, cut to at most cols columns; returns
 * the columns written. */
static int put_text(WINDOW *win, const struct tui_theme *t, int y, int x, enum tui_role role,
                    const char *text, int cols)
{
    if (cols <= 0)
        return 0;
    size_t n = tui_text_fit(text, cols);
    wattrset(win, (int)t->attr[role]);
    mvwaddnstr(win, y, x, text, (int)n);
    wattrset(win, (int)t->attr[TUI_ROLE_NORMAL]);
    return tui_text_width(text, n);
}

void tui_draw_lines(WINDOW *win, const struct tui_theme *t, const struct tui_lines *lines,
                    int y, int x, int rows, size_t first)
{
    for (int r = 0; r < rows && first + (size_t)r < lines->count; r++) {
        const struct tui_line *line = &lines->v[first + (size_t)r];
        int col = x;
        for (int s = 0; s < line->span_count; s++)
            col += put_text(win, t, y + r, col, line->span[s].role, line->span[s].text,
                            x + lines->width - col);
    }
}

/* The one-cell glyph (a UTF-8 or ASCII string) as a curses cell in attr. */
static void glyph_cell(cchar_t *cell, const char *glyph, int attr)
{
    wchar_t wide[2] = {L'?', L'\0'};
    mbstate_t state;

    memset(&state, 0, sizeof state);
    if (mbrtowc(&wide[0], glyph, strlen(glyph), &state) > MB_LEN_MAX)
        wide[0] = L'?';
    setcchar(cell, wide, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

/* Draw win's border in role with title near its top-left corner, leaving
 * reserve columns at the right for a hint. */
static void draw_box(WINDOW *win, const struct tui_theme *t, enum tui_role role,
                     const char *title, int reserve)
{
    const struct tui_glyphs *g = t->glyphs;
    int attr = (int)t->attr[role];
    cchar_t ls, hs, tl, tr, bl, br;
    int w = getmaxx(win);

    glyph_cell(&ls, g->vertical, attr);
    glyph_cell(&hs, g->horizontal, attr);
    glyph_cell(&tl, g->top_left, attr);
    glyph_cell(&tr, g->top_right, attr);
    glyph_cell(&bl, g->bottom_left, attr);
    glyph_cell(&br, g->bottom_right, attr);
    wborder_set(win, &ls, &ls, &hs, &hs, &tl, &tr, &bl, &br);
    wattrset(win, (int)t->attr[TUI_ROLE_NORMAL]);
    if (title != NULL && w > 6) {
        char shortened[160], padded[192];
        tui_text_shorten(title, w - 6 - reserve, g->ellipsis, shortened, sizeof shortened);
        snprintf(padded, sizeof padded, " %s ", shortened);
        put_text(win, t, 0, 2, role == TUI_ROLE_BORDER_FOCUS ? TUI_ROLE_BORDER_FOCUS
                                                              : TUI_ROLE_TITLE,
                 padded, w - 4);
    }
}

/* A new window for rectangle r with the theme's background, or NULL. */
static WINDOW *open_window(const struct tui_rect *r, const struct tui_theme *t)
{
    if (r->w <= 0 || r->h <= 0)
        return NULL;
    WINDOW *win = newwin(r->h, r->w, r->y, r->x);
    if (win != NULL)
        wbkgd(win, (chtype)' ' | t->attr[TUI_ROLE_NORMAL]);
    return win;
}

int tui_windows_create(struct tui_windows *w, const struct tui_layout *l,
                       const struct tui_theme *t)
{
    memset(w, 0, sizeof *w);
    if (l->too_small)
        return 0;
    int help_w = l->cols - 4 < 72 ? l->cols - 4 : 72;
    int help_h = l->rows - 2 < 22 ? l->rows - 2 : 22;
    struct tui_rect help = {(l->rows - help_h) / 2, (l->cols - help_w) / 2, help_h, help_w};

    int warn_w = l->cols - 4 < 64 ? l->cols - 4 : 64;
    int warn_h = l->rows - 2 < 12 ? l->rows - 2 : 12;
    struct tui_rect warning = {(l->rows - warn_h) / 2, (l->cols - warn_w) / 2, warn_h, warn_w};

    w->header = open_window(&l->header, t);
    w->stage_bar = open_window(&l->stage_bar, t);
    w->wire_line = open_window(&l->wire_line, t);
    w->result_bar = open_window(&l->result_bar, t);
    w->key_help = open_window(&l->key_help, t);
    w->help = open_window(&help, t);
    w->warning = open_window(&warning, t);
    bool ok = w->header && w->stage_bar && w->wire_line && w->result_bar && w->key_help &&
              w->help && w->warning;
    for (int i = 0; i < 2; i++) {
        if (l->compare[i].w == 0)
            continue;
        w->compare[i] = open_window(&l->compare[i], t);
        ok = ok && w->compare[i] != NULL;
    }
    for (int p = 0; p < TUI_PANE_COUNT; p++) {
        if (l->pane[p].w == 0)
            continue;
        w->pane[p] = open_window(&l->pane[p], t);
        ok = ok && w->pane[p] != NULL;
    }
    if (!ok) {
        tui_windows_destroy(w);
        return -1;
    }
    return 0;
}

void tui_windows_refit(struct tui_windows *w, const struct tui_layout *l,
                       const struct tui_theme *t, struct tui_view *v)
{
    tui_windows_destroy(w);
    if (tui_windows_create(w, l, t) != 0)
        die("cannot make the windows of a %dx%d screen", l->cols, l->rows);
    v->ca_pane = tui_layout_has_ca_pane(l);
    v->side_by_side = tui_layout_can_compare(l);
}

void tui_windows_destroy(struct tui_windows *w)
{
    WINDOW **all[] = {&w->header,     &w->stage_bar, &w->wire_line, &w->result_bar,
                      &w->key_help,   &w->help,      &w->warning,   &w->compare[0],
                      &w->compare[1]};

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (*all[i] != NULL)
            delwin(*all[i]);
    for (int p = 0; p < TUI_PANE_COUNT; p++)
        if (w->pane[p] != NULL)
            delwin(w->pane[p]);
    memset(w, 0, sizeof *w);
}

void tui_draw_header(WINDOW *win, const struct tui_view *v)
{
    const struct tui_theme *t = v->theme;
    const struct sim_options *o = engine_options(v->engine);
    int stage = engine_stage(v->engine);
    int w = getmaxx(win);
    char text[192], whatifs[160];

    werase(win);
    if (stage == 0)
        snprintf(text, sizeof text, "Stage 0/%d: before the handshake", SIM_STAGE_COUNT);
    else
        snprintf(text, sizeof text, "Stage %d/%d: %s", stage, SIM_STAGE_COUNT,
                 engine_stage_title(v->engine, stage));
    int x = 1 + put_text(win, t, 0, 1, TUI_ROLE_HEADING, text, w - 2);
    tui_whatif_summary(o, whatifs, sizeof whatifs);
    snprintf(text, sizeof text, "   %s%s%s", v->status ? v->status : "", v->status ? " | " : "",
             whatifs[0] ? whatifs : tui_content_mode_name(v->engine));
    if (!o->seeded) {
        char shown[192];
        tui_text_shorten(text, w - 1 - x, t->glyphs->ellipsis, shown, sizeof shown);
        put_text(win, t, 0, x, whatifs[0] ? TUI_ROLE_KEY : TUI_ROLE_NORMAL, shown, w - 1 - x);
        goto done;
    }
    char badges[3][64], fitted[192];
    snprintf(badges[0], sizeof badges[0], " NOT SECURE: seeded run, --seed %llu ",
             (unsigned long long)o->seed);
    snprintf(badges[1], sizeof badges[1], " NOT SECURE (seeded) ");
    snprintf(badges[2], sizeof badges[2], " NOT SECURE ");
    /* The what-ifs come first; the badge shrinks to make room for them. */
    int tw = tui_text_width(text, strlen(text));
    for (int i = 0; i < 3; i++) {
        int bw = tui_text_width(badges[i], strlen(badges[i]));
        if (x + tw + 2 + bw <= w - 1 || i == 2) {
            tui_text_shorten(text, w - 2 - bw - x, t->glyphs->ellipsis, fitted, sizeof fitted);
            put_text(win, t, 0, x, whatifs[0] ? TUI_ROLE_KEY : TUI_ROLE_NORMAL, fitted,
                     w - 2 - bw - x);
            put_text(win, t, 0, w - 1 - bw, TUI_ROLE_BADGE, badges[i], bw);
            break;
        }
    }
done:
    wnoutrefresh(win);
}

/* Stage s as the bar shows it at level 0 (" 2 client hello "), 1 (its
 * first word: " 2 client… ") or 2 (the number: " 2 "). */
static void stage_item(const struct engine *e, char *buf, size_t size, int s, int level,
                       const char *ellipsis)
{
    const char *name = engine_stage_title(e, s);
    size_t first = strcspn(name, " ");

    if (level == 0 || (level == 1 && name[first] == '\0'))
        snprintf(buf, size, " %d %s ", s, name);
    else if (level == 1)
        snprintf(buf, size, " %d %.*s%s ", s, (int)first, name, ellipsis);
    else
        snprintf(buf, size, " %d ", s);
}

void tui_draw_stage_bar(WINDOW *win, const struct tui_view *v)
{
    const struct tui_theme *t = v->theme;
    int current = engine_stage(v->engine);
    int w = getmaxx(win);
    char item[SIM_STAGE_COUNT + 1][64];
    int level[SIM_STAGE_COUNT + 1] = {0};

    werase(win);
    /* Every name in full when it fits; else the others by their first
     * word, and the farthest from the current one by their number only,
     * until it fits: never a word cut in the middle.  Stage 0, before the
     * first, has no item of its own. */
    for (int pass = 0;; pass++) {
        int total = 0;
        for (int s = 1; s <= SIM_STAGE_COUNT; s++) {
            stage_item(v->engine, item[s], sizeof item[s], s, level[s], t->glyphs->ellipsis);
            total += tui_text_width(item[s], strlen(item[s]));
        }
        if (total <= w || pass > 2 * SIM_STAGE_COUNT)
            break;
        int pick = 0, far = -1;
        for (int s = 1; s <= SIM_STAGE_COUNT; s++) {
            int d = s > current ? s - current : current - s;
            if (s == current || level[s] == 2)
                continue;
            if (pass == 0)
                level[s] = 1;
            else if (d >= far)
                pick = s, far = d;
        }
        if (pass > 0 && pick == 0)
            break;
        if (pick != 0)
            level[pick] = 2;
    }
    int x = 0;
    for (int s = 1; s <= SIM_STAGE_COUNT; s++) {
        enum tui_role role = s == current ? TUI_ROLE_STAGE_CURRENT
                             : s < current ? TUI_ROLE_STAGE
                                           : TUI_ROLE_DIM;
        x += put_text(win, t, 0, x, role, item[s], w - x);
    }
    wnoutrefresh(win);
}

/* The label of a message on the wire line: its name and an arrow. */
static void token_text(char *buf, size_t size, const struct sim_event *ev, bool rightwards,
                       const struct tui_glyphs *g)
{
    if (rightwards)
        snprintf(buf, size, " %s %s ", ev->title, g->arrow_right);
    else
        snprintf(buf, size, " %s %s ", g->arrow_left, ev->title);
}

/* Whether message copy of this stage is what Mallory passed on in place
 * of message orig. */
static bool relay_of(const struct engine *e, size_t copy, size_t orig)
{
    const struct sim_event *c = tui_content_message(e, copy);
    const struct sim_event *o = tui_content_message(e, orig);

    return c != NULL && o != NULL && c->actor == SIM_ACTOR_EVE && o->actor != SIM_ACTOR_EVE &&
           c->peer == o->peer;
}

void tui_draw_wire_line(WINDOW *win, const struct tui_view *v, const struct tui_travel *travel)
{
    const struct tui_theme *t = v->theme;
    const struct tui_glyphs *g = t->glyphs;
    size_t count = tui_content_message_count(v->engine);
    const struct sim_event *first = tui_content_message(v->engine, 0);
    int w = getmaxx(win);
    char left[48], right[64], token[160];

    werase(win);
    /* The two ends: the actors of this stage's messages in screen order. */
    enum sim_actor a = first ? first->actor : SIM_ACTOR_CLIENT;
    enum sim_actor b = first ? first->peer : SIM_ACTOR_SERVER;
    bool swap = tui_content_actor_column(a) > tui_content_actor_column(b);
    enum sim_actor left_actor = swap ? b : a;
    snprintf(left, sizeof left, " %s ", sim_actor_name(left_actor));
    snprintf(right, sizeof right, " %s%s ", sim_actor_name(swap ? a : b),
             first && first->off_wire ? " (enrolment, off the wire)" : "");
    int left_w = tui_text_width(left, strlen(left));
    int right_w = tui_text_width(right, strlen(right));
    int line_x = left_w, line_end = w - right_w;   /* the line runs [line_x, line_end) */
    put_text(win, t, 0, 0, TUI_ROLE_TITLE, left, w);
    enum tui_role line_role = first && first->off_wire ? TUI_ROLE_DIM : TUI_ROLE_BORDER;
    cchar_t line_cell;
    glyph_cell(&line_cell, g->horizontal, (int)t->attr[line_role]);
    if (line_end > line_x)
        mvwhline_set(win, 0, line_x, &line_cell, line_end - line_x);
    put_text(win, t, 0, line_end, TUI_ROLE_TITLE, right, right_w);
    if (count == 0) {
        const char *quiet = " nothing crosses the wire at this stage ";
        int qw = (int)strlen(quiet);
        put_text(win, t, 0, line_x + (line_end - line_x - qw) / 2, TUI_ROLE_DIM, quiet,
                 line_end - line_x);
        goto done;
    }
    if (travel != NULL) {
        const struct sim_event *ev = tui_content_message(v->engine, travel->message);
        bool rightwards =
            tui_content_actor_column(ev->actor) < tui_content_actor_column(ev->peer);
        token_text(token, sizeof token, ev, rightwards, g);
        int tw = tui_text_width(token, strlen(token));
        int span = line_end - line_x - tw;
        int step = span > 0 ? span * travel->frame / (travel->frames ? travel->frames : 1) : 0;
        int x = rightwards ? line_x + step : line_end - tw - step;
        put_text(win, t, 0, x, TUI_ROLE_TOKEN, token, line_end - x);
        goto done;
    }
    /* At rest: every message of the stage waits by its receiver, the first
     * nearest; a copy Mallory passed on sits nearer than the original she
     * took, so that the line reads original, then copy, towards the
     * receiver. */
    int rest_left = line_x, rest_right = line_end;
    for (size_t i = 0; i < count; i++) {
        size_t at = i;
        if (relay_of(v->engine, i + 1, i))
            at = i + 1;   /* the copy first, nearest the receiver */
        else if (i > 0 && relay_of(v->engine, i, i - 1))
            at = i - 1;   /* then the original behind it */
        const struct sim_event *ev = tui_content_message(v->engine, at);
        bool rightwards =
            tui_content_actor_column(ev->actor) < tui_content_actor_column(ev->peer);
        token_text(token, sizeof token, ev, rightwards, g);
        int tw = tui_text_width(token, strlen(token));
        if (rest_right - rest_left < tw)
            break;
        if (rightwards) {
            put_text(win, t, 0, rest_right - tw, TUI_ROLE_TOKEN, token, tw);
            rest_right -= tw + 1;
        } else {
            put_text(win, t, 0, rest_left, TUI_ROLE_TOKEN, token, tw);
            rest_left += tw + 1;
        }
    }
done:
    wnoutrefresh(win);
}

/* The title of a pane in its border. */
static void pane_title(char *buf, size_t size, const struct tui_view *v, enum tui_pane pane)
{
    bool remote = tui_content_pane_remote(v->engine, pane);
    const char *whose = remote ? " (remote: only what arrived on the wire)"
                        : engine_local_actor(v->engine) != SIM_ACTOR_COUNT ? " (this machine)"
                                                                           : "";

    switch (pane) {
    case TUI_PANE_CLIENT:
        snprintf(buf, size, "CLIENT%s", whose);
        break;
    case TUI_PANE_WIRE:
        snprintf(buf, size, "WIRE %s %s", v->theme->glyphs->dash,
                 engine_local_actor(v->engine) != SIM_ACTOR_COUNT
                     ? "what crossed the network" : "what Eve sees");
        break;
    case TUI_PANE_SERVER:
        /* a remote CA shows nothing of its own: the title stays short */
        snprintf(buf, size, "%s%s", v->ca_pane || remote ? "SERVER" : "SERVER + CA", whose);
        break;
    case TUI_PANE_CA:
        snprintf(buf, size, "CA%s", remote ? " (remote)" : "");
        break;
    default:
        snprintf(buf, size, "%s", v->lesson_title ? v->lesson_title : "WHAT HAPPENS AND WHY");
        break;
    }
}

int tui_draw_boxed_lines(WINDOW *win, const struct tui_theme *t, const char *title,
                         bool focused, int *scroll, const struct tui_lines *lines,
                         const char *footer, bool pages)
{
    int h, w;
    char hint[48];

    getmaxyx(win, h, w);
    int inner_h = h - 2;
    werase(win);
    int max_scroll = (int)lines->count > inner_h ? (int)lines->count - inner_h : 0;
    if (*scroll == TUI_SCROLL_TO_MARK)
        *scroll = lines->marked && lines->mark > 0 ? (int)lines->mark - 1 : 0;
    if (*scroll > max_scroll)
        *scroll = max_scroll;
    if (*scroll < 0)
        *scroll = 0;
    draw_box(win, t, focused ? TUI_ROLE_BORDER_FOCUS : TUI_ROLE_BORDER, title,
             *scroll > 0 ? 2 : 0);
    tui_draw_lines(win, t, lines, 1, 1, inner_h, (size_t)*scroll);
    if (*scroll > 0) {
        snprintf(hint, sizeof hint, " %s ", t->glyphs->more_up);
        int hw = tui_text_width(hint, strlen(hint));
        put_text(win, t, 0, w - 1 - hw, TUI_ROLE_KEY, hint, hw);
    }
    int rows = inner_h > 0 ? inner_h : 1;
    int page_count = ((int)lines->count + rows - 1) / rows;
    int page = (*scroll + rows - 1) / rows + 1;
    if (page > page_count || *scroll == max_scroll)
        page = page_count;
    hint[0] = '\0';
    if (pages && page_count > 1 && *scroll < max_scroll)
        snprintf(hint, sizeof hint, " more %s %d/%d ", t->glyphs->more_down, page, page_count);
    else if (pages && page_count > 1)
        snprintf(hint, sizeof hint, " %d/%d ", page, page_count);
    else if (*scroll < max_scroll)
        snprintf(hint, sizeof hint, " %s %d more ", t->glyphs->more_down, max_scroll - *scroll);
    if (hint[0] != '\0') {
        int hw = tui_text_width(hint, strlen(hint));
        put_text(win, t, h - 1, w - 1 - hw, TUI_ROLE_KEY, hint, hw);
    }
    if (footer != NULL)
        put_text(win, t, h - 1, 2, TUI_ROLE_DIM, footer, w - 4);
    wnoutrefresh(win);
    return max_scroll;
}

int tui_draw_pane(WINDOW *win, const struct tui_view *v, enum tui_pane pane, bool focused,
                  int *scroll)
{
    const struct tui_theme *t = v->theme;
    char title[96];
    struct tui_lines lines;

    pane_title(title, sizeof title, v, pane);
    tui_lines_init(&lines, getmaxx(win) - 2, t->ascii);
    tui_content_pane(&lines, v, pane);
    int max = tui_draw_boxed_lines(win, t, title, focused, scroll, &lines,
                                   pane != TUI_PANE_WIRE ? NULL
                                   : v->wire_decoded     ? " x: decoded "
                                                         : " x: hex ",
                                   pane == TUI_PANE_NARRATION && v->lesson_text != NULL);
    tui_lines_free(&lines);
    return max;
}

/* One run of the forward secrecy comparison in its box. */
static int draw_compare(WINDOW *win, const struct tui_view *v, enum tui_side side, bool focused,
                         int *scroll)
{
    char title[128];
    struct tui_lines lines;

    tui_content_compare_title(title, sizeof title, v, side);
    tui_lines_init(&lines, getmaxx(win) - 2, v->theme->ascii);
    tui_content_compare(&lines, v, side);
    int max = tui_draw_boxed_lines(win, v->theme, title, focused, scroll, &lines, NULL, false);
    tui_lines_free(&lines);
    return max;
}

int tui_draw_narration(struct tui_windows *w, const struct tui_view *v, bool focused,
                       int *scroll)
{
    WINDOW *win = w->pane[TUI_PANE_NARRATION];

    if (!tui_content_comparing(v))
        return tui_draw_pane(win, v, TUI_PANE_NARRATION, focused, scroll);
    if (v->side_by_side && w->compare[0] != NULL && w->compare[1] != NULL) {
        int other_scroll = *scroll;
        int max = draw_compare(w->compare[0], v, TUI_SIDE_THIS, focused, scroll);
        draw_compare(w->compare[1], v, TUI_SIDE_OTHER, focused, &other_scroll);
        return max;
    }
    return draw_compare(win, v, v->show_other ? TUI_SIDE_OTHER : TUI_SIDE_THIS, focused, scroll);
}

void tui_draw_result_bar(WINDOW *win, const struct tui_view *v)
{
    struct tui_lines lines;
    int w = getmaxx(win);

    werase(win);
    tui_lines_init(&lines, w - 2, v->theme->ascii);
    tui_content_result_bar(&lines, v);
    tui_draw_lines(win, v->theme, &lines, 0, 1, 1, 0);
    tui_lines_free(&lines);
    wnoutrefresh(win);
}

void tui_draw_warning(WINDOW *win, const struct tui_view *v)
{
    const struct tui_theme *t = v->theme;
    struct tui_lines lines;
    int h, w;

    getmaxyx(win, h, w);
    werase(win);
    draw_box(win, t, v->question ? TUI_ROLE_KEY : TUI_ROLE_FAIL,
             v->question ? "Whom to trust: the CA's fingerprint"
                         : "Warning: the certificate check failed", 0);
    tui_lines_init(&lines, w - 4, t->ascii);
    if (v->question)
        tui_content_question(&lines, v);
    else
        tui_content_cert_warning(&lines, v);
    tui_draw_lines(win, t, &lines, 1, 2, h - 2, 0);
    tui_lines_free(&lines);
    wnoutrefresh(win);
}

void tui_draw_screen(struct tui_windows *w, const struct tui_layout *l, const struct tui_view *v,
                     const struct tui_chrome *c, unsigned dirty)
{
    if (dirty == 0)
        return;
    if (dirty & TUI_DIRTY_SCREEN) {
        werase(stdscr);
        wnoutrefresh(stdscr);
    }
    if (l->too_small) {
        tui_draw_too_small(stdscr, v->theme, l->rows, l->cols);
        return;
    }
    if (dirty & TUI_DIRTY_HEADER) {
        tui_draw_header(w->header, v);
        tui_draw_stage_bar(w->stage_bar, v);
    }
    if (dirty & TUI_DIRTY_WIRE_LINE)
        tui_draw_wire_line(w->wire_line, v, NULL);
    for (int p = 0; p < TUI_PANE_COUNT; p++) {
        if (!(dirty & TUI_DIRTY_PANE(p)) || w->pane[p] == NULL)
            continue;
        bool focused = c->focus == (enum tui_pane)p;
        int max = p == TUI_PANE_NARRATION
                      ? tui_draw_narration(w, v, focused, &c->scroll[p])
                      : tui_draw_pane(w->pane[p], v, (enum tui_pane)p, focused, &c->scroll[p]);
        if (c->scroll_max != NULL) {
            c->scroll_max[p] = max;
            c->scroll_rows[p] = getmaxy(w->pane[p]) - 2;
        }
    }
    if (dirty & TUI_DIRTY_KEY_HELP) {
        tui_draw_result_bar(w->result_bar, v);
        tui_draw_key_help(w->key_help, v, c->docs, c->doc_count);
    }
    int help_top = 0;
    if (v->warning_open)
        tui_draw_warning(w->warning, v);
    else if (c->help_open)
        tui_draw_help(w->help, v, c->help_top, c->docs, c->doc_count,
                      c->help_scroll != NULL ? c->help_scroll : &help_top);
}

void tui_draw_key_help(WINDOW *win, const struct tui_view *v, const struct tui_key_doc *docs,
                       size_t count)
{
    const struct tui_theme *t = v->theme;
    int w = getmaxx(win);
    int x = 1;

    werase(win);
    if (v->note != NULL && v->note[0] != '\0') {
        put_text(win, t, 0, 1, TUI_ROLE_KEY, v->note, w - 2);
        wnoutrefresh(win);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        if (docs[i].short_key == NULL)
            continue;
        int need = tui_text_width(docs[i].short_key, strlen(docs[i].short_key)) + 1 +
                   (int)strlen(docs[i].short_what) + 2;
        if (x + need > w)
            break;
        x += put_text(win, t, 0, x, TUI_ROLE_KEY, docs[i].short_key, w - x);
        x += 1;
        x += put_text(win, t, 0, x, TUI_ROLE_NORMAL, docs[i].short_what, w - x);
        x += 2;
    }
    wnoutrefresh(win);
}

void tui_draw_help(WINDOW *win, const struct tui_view *v, const char *top,
                   const struct tui_key_doc *docs, size_t count, int *scroll)
{
    const struct tui_theme *t = v->theme;
    struct tui_lines lines;
    char keys[HELP_KEYS_MAX + 2];
    int key_w = 0;

    for (size_t i = 0; i < count; i++) {
        int kw = tui_text_width(docs[i].keys, strlen(docs[i].keys));
        if (kw > key_w)
            key_w = kw;
    }
    if (key_w > HELP_KEYS_MAX - 2)
        key_w = HELP_KEYS_MAX - 2;
    tui_lines_init(&lines, getmaxx(win) - 2, t->ascii);
    if (top != NULL && top[0] != '\0') {
        tui_lines_wrap(&lines, TUI_ROLE_HEADING, " Hint: ", TUI_ROLE_NORMAL, 7, top);
        tui_lines_blank(&lines);
    }
    for (size_t i = 0; i < count; i++) {
        snprintf(keys, sizeof keys, " %-*s  ", key_w, docs[i].keys);
        tui_lines_add(&lines, TUI_ROLE_KEY, keys);
        tui_lines_append(&lines, TUI_ROLE_NORMAL, docs[i].what);
    }
    bool fits = (int)lines.count <= getmaxy(win) - 2;
    tui_draw_boxed_lines(win, t, "Keys", true, scroll, &lines,
                         fits ? " Esc or ? closes this help " : " Esc or ? closes; Up Down scroll ",
                         false);
    tui_lines_free(&lines);
}

void tui_draw_too_small(WINDOW *win, const struct tui_theme *t, int rows, int cols)
{
    struct tui_lines lines;
    char text[256];

    werase(win);
    snprintf(text, sizeof text,
             "tlssim needs a terminal of at least %dx%d; this one is %dx%d. "
             "Make the window larger to go on, or press q to quit.",
             TUI_MIN_COLS, TUI_MIN_ROWS, cols, rows);
    tui_lines_init(&lines, cols > 2 ? cols - 2 : 1, t->ascii);
    tui_lines_wrap(&lines, TUI_ROLE_NORMAL, "", TUI_ROLE_NORMAL, 0, text);
    int top = rows > (int)lines.count ? (rows - (int)lines.count) / 2 : 0;
    tui_draw_lines(win, t, &lines, top, cols > 2 ? 1 : 0, rows - top, 0);
    tui_lines_free(&lines);
    wnoutrefresh(win);
}
