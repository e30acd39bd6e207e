/*
 * tui_serve.c - the teacher's dashboard: drawn from the hub's roster on
 * each turn of the server's loop, with the what-if keys.
 */
#include "tui/tui_serve.h"

#include "tui/tui_curses.h"
#include "tui/tui_screen.h"

#include <stdlib.h>
#include <string.h>

struct tui_serve {
    SCREEN *screen;
    char title[320];
    char fingerprint[96];
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
    nodelay(stdscr, TRUE);
    return t;
}

/* Print text at row y from column x, cut at the screen's edge. */
static void put(int y, int x, const char *text)
{
    int room = COLS - x;

    if (y < 0 || y >= LINES || room <= 0)
        return;
    mvaddnstr(y, x, text, room);
}

/* One roster row: name, address, protocol, stage, outcome, reason. */
static void put_entry(int y, const struct flow_roster_entry *e)
{
    char line[512];

    snprintf(line, sizeof line, "%-16.16s %-26.26s %-6s %d/8 %-9s %s",
             e->name[0] ? e->name : "?", e->addr, e->protocol ? e->protocol : "?", e->stage,
             flow_outcome_name(e->outcome), e->reason);
    put(y, 0, line);
}

void tui_serve_draw(struct tui_serve *t, const struct flow_hub *h)
{
    char line[512];
    const struct flow_settings *s = &h->settings;
    struct flow_roster_entry other;
    size_t open = flow_hub_open(h), others = 0;
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
    int last_row = LINES - 2 - notes_rows;
    for (size_t i = 0; i < h->max && y <= last_row; i++)
        if (h->conns[i].fd >= 0) {
            struct flow_roster_entry e = h->conns[i].entry;
            e.outcome = FLOW_OUTCOME_RUNNING;
            put_entry(y++, &e);
        }
    for (size_t i = 0; y <= last_row && flow_hub_other_open(h, i, &other); i++)
        put_entry(y++, &other);
    for (size_t i = 0; y <= last_row; i++) {
        const struct flow_roster_entry *e = flow_hub_recent(h, i);
        if (e == NULL)
            break;
        put_entry(y++, e);
    }
    for (int i = notes_rows - 1; i >= 0; i--) {
        const char *n = flow_hub_note(h, (size_t)i);
        if (n != NULL)
            put(LINES - 2 - i, 1, n);
    }
    attron(A_REVERSE);
    mvhline(LINES - 1, 0, ' ', COLS);
    put(LINES - 1, 0, " c certificate  m mode  f Finished  (for new connections)  q quit");
    attroff(A_REVERSE);
    refresh();
}

bool tui_serve_keys(struct tui_serve *t, struct flow_hub *h)
{
    struct flow_settings *s = &h->settings;
    int ch;

    (void)t;
    if (tui_screen_signal() != 0)
        return true;
    while ((ch = getch()) != ERR) {
        switch (tui_screen_key(ch)) {
        case 'q':
        case 'Q':
        case TUI_K_CTRL_C:
            return true;
        case 'c':
        case 'C': {
            size_t n = sizeof cert_cycle / sizeof cert_cycle[0], i = 0;
            while (i < n && cert_cycle[i] != s->cert)
                i++;
            do {   /* a self-signed set has no CA to issue an expired or misnamed one */
                i = (i + 1) % n;
            } while (h->cd->self_signed && (cert_cycle[i] == SIM_CERT_EXPIRED ||
                                            cert_cycle[i] == SIM_CERT_WRONG_NAME));
            s->cert = cert_cycle[i];
            break;
        }
        case 'm':
        case 'M':
            s->mode = s->mode == SIM_MODE_TRANSPORT ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
            break;
        case 'f':
        case 'F':
            s->finished = !s->finished;
            break;
        default:
            break;
        }
    }
    return false;
}

void tui_serve_close(struct tui_serve *t)
{
    if (t == NULL)
        return;
    tui_screen_close(t->screen);
    free(t);
}
