/*
 * tui_serve.c - the teacher's dashboard: drawn from the hub's roster on
 * each turn of the server's loop, with the what-if keys.
 */
#include "tui/tui_serve.h"

#include "tui/tui_curses.h"
#include "tui/tui_draw.h"
#include "tui/tui_screen.h"
#include "tui/tui_serve_keys.h"
#include "tui/tui_serve_view.h"
#include "tui/tui_theme.h"

#include <stdlib.h>
#include <string.h>

#define KEY_DOCS_MAX 32

struct tui_serve {
    SCREEN *screen;
    char title[320];
    char fingerprint[96];
    struct tui_theme theme;
    unsigned selected;             /* the selected row's connection id; 0 (or one that left
                                    * the roster): the first row, whichever it is */
    struct tui_serve_view *panes;  /* the selected connection's server panes, or NULL */
    bool help_open;                /* the roster's help overlay */
    int help_scroll;
    char note[160];                /* the roster's answer to the last key, or "" */
    struct tui_key_doc docs[KEY_DOCS_MAX];
    size_t doc_count;
};

/* The certificate kinds the c key cycles through, in order. */
static const enum sim_cert cert_cycle[] = {SIM_CERT_CA, SIM_CERT_EXPIRED, SIM_CERT_WRONG_NAME,
                                           SIM_CERT_SELF_SIGNED, SIM_CERT_UNTRUSTED};

struct tui_serve *tui_serve_open(FILE *out, FILE *in, const char *title,
                                 const char *fingerprint)
{
    SCREEN *screen = tui_screen_open_on(NULL, out, in, "use 'tlssim serve --plain'");

    if (screen == NULL)
        return NULL;
    struct tui_serve *t = xcalloc(1, sizeof *t);
    t->screen = screen;
    snprintf(t->title, sizeof t->title, "%s", title);
    snprintf(t->fingerprint, sizeof t->fingerprint, "%s", fingerprint);
    tui_theme_setup(&t->theme, TUI_THEME_DEFAULT, false);
    nodelay(stdscr, TRUE);
    return t;
}

/* The roster's rows in the order drawn: the open eight-stage connections,
 * the open ones serve runs itself, then the ended ones, the last first;
 * *count of them in a new array. */
static struct flow_roster_entry *roster_rows(const struct flow_hub *h, size_t *count)
{
    size_t n = 0, cap = h->max + FLOW_HUB_RECENT + 8;
    struct flow_roster_entry *rows = xcalloc(cap, sizeof *rows), other;

    for (size_t i = 0; i < h->max; i++)
        if (h->conns[i].fd >= 0) {
            rows[n] = h->conns[i].entry;
            rows[n++].outcome = FLOW_OUTCOME_RUNNING;
        }
    for (size_t i = 0; flow_hub_other_open(h, i, &other); i++) {
        if (n == cap)
            rows = xrealloc(rows, (cap *= 2) * sizeof *rows);
        rows[n++] = other;
    }
    for (size_t i = 0; flow_hub_recent(h, i) != NULL; i++)
        rows[n++] = *flow_hub_recent(h, i);   /* room was made for FLOW_HUB_RECENT */
    *count = n;
    return rows;
}

/* The index of the selected row among count rows (0 when none is). */
static size_t selected_index(const struct tui_serve *t, const struct flow_roster_entry *rows,
                             size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (rows[i].id == t->selected)
            return i;
    return 0;
}

/* Print text at row y from column x, cut at the screen's edge. */
static void put(int y, int x, const char *text)
{
    int room = COLS - x;

    if (y < 0 || y >= LINES || room <= 0)
        return;
    mvaddnstr(y, x, text, room);
}

/* One roster row: name, address, protocol, stage, outcome, reason; the
 * selected one highlighted across the screen. */
static void put_entry(int y, const struct flow_roster_entry *e, bool selected)
{
    char line[512];

    snprintf(line, sizeof line, "%-16.16s %-26.26s %-6s %d/8 %-9s %s",
             e->name[0] ? e->name : "?", e->addr, flow_roster_protocol(e), e->stage,
             flow_outcome_name(e->outcome), e->reason);
    if (selected) {
        attron(A_REVERSE);
        mvhline(y, 0, ' ', COLS);
    }
    put(y, 0, line);
    if (selected)
        attroff(A_REVERSE);
}

/* A window of h x w at (y, x) with the walkthrough's drawing of one of
 * its parts in it, put on the screen at the next doupdate. */
static void draw_part(struct tui_serve *t, int h, int w, int y, int x, bool help)
{
    WINDOW *win = h > 0 && w > 0 ? newwin(h, w, y, x) : NULL;
    struct tui_view v = {.theme = &t->theme, .glyphs = t->theme.glyphs,
                         .note = t->note[0] ? t->note : NULL};

    if (win == NULL)
        return;
    if (help)
        tui_draw_help(win, &v, NULL, t->docs, t->doc_count, &t->help_scroll);
    else
        tui_draw_key_help(win, &v, t->docs, t->doc_count);
    delwin(win);
}

/* The line under the roster about the selected row: what Enter shows,
 * or why a row has no panes to show. */
static void put_selection(int y, const struct flow_hub *h, const struct flow_roster_entry *e)
{
    char line[320];
    const char *name = e->name[0] ? e->name : "this connection";

    if (e->tls13)
        snprintf(line, sizeof line, " %s: real TLS 1.3 has no eight-stage log, so no server "
                 "panes", name);
    else if (flow_hub_record(h, e->id) == NULL)
        snprintf(line, sizeof line, " %s: no log of the server's side was kept", name);
    else
        snprintf(line, sizeof line, " Enter: the server's panes of %s, stage by stage", name);
    attron(A_BOLD);
    put(y, 0, line);
    attroff(A_BOLD);
}

/* The roster: the header, the totals, a row per connection (the selected
 * one highlighted), the last log lines, and the keys. */
static void draw_roster(struct tui_serve *t, const struct flow_hub *h)
{
    char line[512];
    const struct flow_settings *s = &h->settings;
    size_t count, open = flow_hub_open(h), others = 0;
    struct flow_roster_entry other, *rows = roster_rows(h, &count);
    int y = 0;

    while (flow_hub_other_open(h, others, &other))
        others++;

    erase();
    attron(A_REVERSE);
    mvhline(0, 0, ' ', COLS);
    snprintf(line, sizeof line, " %s", t->title);
    put(y++, 0, line);
    attroff(A_REVERSE);
    snprintf(line, sizeof line, " open %zu  completed %u  failed %u  dropped %u  refused %u"
             "  TLS 1.3 %zu", open + others, h->completed, h->failed, h->dropped, h->refused,
             others + h->tls13);
    put(y++, 0, line);
    snprintf(line, sizeof line, " new: certificate %s, %s mode, %s, Finished %s",
             sim_cert_name(s->cert), sim_mode_name(s->mode), crypt_aead_name(s->cipher),
             s->finished ? "on" : "off");
    put(y++, 0, line);
    /* the fingerprint in two halves of 16 bytes, so 80 columns show it whole */
    snprintf(line, sizeof line, " CA fingerprint: %.47s", t->fingerprint);
    put(y++, 0, line);
    if (strlen(t->fingerprint) > 48)
        put(y++, 17, t->fingerprint + 48);
    attron(A_BOLD);
    put(++y, 0, "name             address                    proto  stage outcome   why");
    attroff(A_BOLD);
    y++;
    int notes_rows = LINES >= 16 ? 4 : 0;
    int last_row = LINES - 3 - notes_rows;   /* the line under it: the selection's */
    size_t chosen = selected_index(t, rows, count);
    /* scroll the rows so that the selected one is on screen */
    size_t room = last_row >= y ? (size_t)(last_row - y + 1) : 0;
    size_t first = room > 0 && chosen >= room ? chosen - room + 1 : 0;
    for (size_t i = first; i < count && y <= last_row; i++)
        put_entry(y++, &rows[i], i == chosen);
    if (count > 0)
        put_selection(LINES - 2 - notes_rows, h, &rows[chosen]);
    for (int i = notes_rows - 1; i >= 0; i--) {
        const char *n = flow_hub_note(h, (size_t)i);
        if (n != NULL)
            put(LINES - 2 - i, 1, n);
    }
    wnoutrefresh(stdscr);
    draw_part(t, 1, COLS, LINES - 1, 0, false);
    if (t->help_open) {
        int hh = (int)t->doc_count + 2 < LINES - 2 ? (int)t->doc_count + 2 : LINES - 2;
        int hw = COLS - 4 < 96 ? COLS - 4 : 96;
        if (hh > 2 && hw > 20)
            draw_part(t, hh, hw, (LINES - hh) / 2, (COLS - hw) / 2, true);
    }
    doupdate();
    free(rows);
}

void tui_serve_draw(struct tui_serve *t, const struct flow_hub *h)
{
    unsigned place = t->panes != NULL ? SERVE_AT_PANES : SERVE_AT_ROSTER;

    t->doc_count = tui_key_table_docs(&tui_serve_key_table, place, t->theme.glyphs, t->docs,
                                      KEY_DOCS_MAX);
    if (t->panes == NULL) {
        draw_roster(t, h);
        return;
    }
    size_t count;
    struct flow_roster_entry *rows = roster_rows(h, &count);
    size_t i = selected_index(t, rows, count);
    bool present = count > 0 && rows[i].id == t->selected;
    tui_serve_view_draw(t->panes, h, present ? &rows[i] : NULL, t->docs, t->doc_count);
    free(rows);
}

/* Switch the what-if of action (c, m or f) for new connections. */
static void switch_whatif(struct flow_hub *h, enum serve_action action)
{
    struct flow_settings *s = &h->settings;

    if (action == SERVE_ACT_CERT) {
        size_t n = sizeof cert_cycle / sizeof cert_cycle[0], i = 0;
        while (i < n && cert_cycle[i] != s->cert)
            i++;
        do {   /* a self-signed set has no CA to issue an expired or misnamed one */
            i = (i + 1) % n;
        } while (h->cd->self_signed && (cert_cycle[i] == SIM_CERT_EXPIRED ||
                                        cert_cycle[i] == SIM_CERT_WRONG_NAME));
        s->cert = cert_cycle[i];
    } else if (action == SERVE_ACT_MODE) {
        s->mode = s->mode == SIM_MODE_TRANSPORT ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
    } else if (action == SERVE_ACT_FINISHED) {
        s->finished = !s->finished;
    }
}

/* A key on the roster: move the selection, open its panes, the help. */
static void roster_key(struct tui_serve *t, const struct flow_hub *h, enum serve_action action,
                       int key)
{
    size_t count;
    struct flow_roster_entry *rows = roster_rows(h, &count);
    size_t i = selected_index(t, rows, count);

    t->note[0] = '\0';
    if (t->help_open) {
        if (action == SERVE_ACT_HELP || key == TUI_K_ESC)
            t->help_open = false;
        else if (action == SERVE_ACT_UP)
            t->help_scroll -= t->help_scroll > 0;
        else if (action == SERVE_ACT_DOWN)
            t->help_scroll++;
        free(rows);
        return;
    }
    if (action == SERVE_ACT_UP && i > 0)
        t->selected = rows[i - 1].id;
    else if (action == SERVE_ACT_DOWN && i + 1 < count)
        t->selected = rows[i + 1].id;
    else if (action == SERVE_ACT_HELP) {
        t->help_open = true;
        t->help_scroll = 0;
    } else if (action == SERVE_ACT_OPEN && count == 0) {
        snprintf(t->note, sizeof t->note, "no connection yet: the rows come as students connect");
    } else if (action == SERVE_ACT_OPEN) {
        t->selected = rows[i].id;
        t->panes = tui_serve_view_open(h, rows[i].id, &t->theme);
        if (t->panes == NULL)
            snprintf(t->note, sizeof t->note, "%s has no server panes to show (see the line "
                     "above)", rows[i].name[0] ? rows[i].name : "this connection");
    }
    free(rows);
}

bool tui_serve_keys(struct tui_serve *t, struct flow_hub *h)
{
    int ch;

    if (tui_screen_signal() != 0)
        return true;
    while ((ch = getch()) != ERR) {
        int key = tui_screen_key(ch);
        enum serve_action action =
            tui_key_table_action(&tui_serve_key_table,
                                 t->panes != NULL ? SERVE_AT_PANES : SERVE_AT_ROSTER, key);
        if (action == SERVE_ACT_QUIT)
            return true;
        if (action == SERVE_ACT_CERT || action == SERVE_ACT_MODE ||
            action == SERVE_ACT_FINISHED) {
            switch_whatif(h, action);
        } else if (t->panes == NULL) {
            roster_key(t, h, action, key);
        } else if (!tui_serve_view_act(t->panes, action, key)) {
            tui_serve_view_close(t->panes);
            t->panes = NULL;
            clearok(curscr, TRUE);   /* the roster repaints the whole screen */
        }
    }
    return false;
}

void tui_serve_close(struct tui_serve *t)
{
    if (t == NULL)
        return;
    tui_serve_view_close(t->panes);
    tui_screen_close(t->screen);
    free(t);
}
