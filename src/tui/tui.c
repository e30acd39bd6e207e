/*
 * tui.c - the TUI's main loop: the terminal, the keys, the signals.
 *
 * The loop waits for a key with a short timeout, turns it into an action
 * through the binding table, changes the view (or asks the engine to go to
 * another stage, or rebuilds the run with a what-if turned on or off),
 * marks what that changed as dirty, and redraws only that before one
 * doupdate.  Signal handlers only set a flag; the loop sees it
 * within one timeout and leaves through endwin like any other exit.  A
 * guide, when there is one, sees each key before the binding table does
 * and hears of every stage change and what-if.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui.h"

#include "base/die.h"
#include "base/exit_status.h"
#include "engine/engine.h"
#include "tui/tui_content.h"
#include "tui/tui_curses.h"
#include "tui/tui_draw.h"
#include "tui/tui_inspect.h"
#include "tui/tui_layout.h"
#include "tui/tui_model.h"
#include "tui/tui_screen.h"
#include "tui/tui_theme.h"
#include "tui/tui_whatif.h"
#include "course/walk_record.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_POLL_MS 200      /* how soon the loop notices a signal */
#define TRAVEL_FRAMES 12
#define TRAVEL_FRAME_MS 30
#define KEY_DOCS_MAX 40

/* The what-if each what-if action turns on or off. */
static const struct {
    enum tui_action action;
    enum tui_whatif whatif;
} whatif_actions[] = {
    {TUI_ACT_TAMPER, TUI_WHATIF_TAMPER},       {TUI_ACT_MITM, TUI_WHATIF_MITM},
    {TUI_ACT_MODE, TUI_WHATIF_MODE},           {TUI_ACT_LEAK_KEY, TUI_WHATIF_LEAK_KEY},
    {TUI_ACT_CERT, TUI_WHATIF_CERT},           {TUI_ACT_DOWNGRADE, TUI_WHATIF_DOWNGRADE},
    {TUI_ACT_FINISHED, TUI_WHATIF_FINISHED},   {TUI_ACT_PAYLOAD, TUI_WHATIF_PAYLOAD},
    {TUI_ACT_HELLO_RETRY, TUI_WHATIF_HELLO_RETRY},
};

struct tui {
    const struct tui_guide *guide;   /* or NULL */
    const struct tui_remote *remote; /* or NULL */
    int remote_reached;              /* the stage last reached, as the screen knows */
    bool remote_over;                /* the connection is over, as the screen knows */
    char prompt[160];                /* what → does next, from the remote */
    struct tui_model model;     /* the run on screen, and the one it is compared with */
    struct tui_settings settings;
    struct tui_theme theme;
    struct tui_view view;
    struct tui_layout layout;
    struct tui_windows windows;
    struct tui_key_doc docs[KEY_DOCS_MAX];
    size_t doc_count;
    char inspect_help[64];             /* the i key's row, naming the run's stage */
    enum tui_pane focus;
    int scroll[TUI_PANE_COUNT];
    int scroll_max[TUI_PANE_COUNT];    /* as last drawn */
    int scroll_rows[TUI_PANE_COUNT];
    int pane_lines;                    /* what the lesson layout was made for */
    bool help_open;
    int help_scroll;                   /* the help overlay's first line shown */
    bool warning_dismissed;     /* the user chose "Go back" for this run */
    char note[2 * TUI_NOTE_MAX]; /* the answer to the last what-if key */
    unsigned dirty;
    struct tui_inspect inspect; /* the certificate overlay (i) */
    struct sim_options synced_opts; /* what the sync was last told ... */
    int synced_stage;               /* ... (-1: nothing yet) */
    char status[96];                /* the sync's header word */
};

/* Which keys hold now. */
static unsigned key_mode(const struct tui *ui)
{
    if (ui->settings.sync != NULL && ui->settings.sync->follower)
        return TUI_MODE_FOLLOW;
    if (ui->remote != NULL)
        return TUI_MODE_CONNECT;
    return ui->guide != NULL ? ui->guide->mode(ui->guide->ctx) : TUI_MODE_WALK;
}

/* The most lines any actor pane of layout l shows for the run on screen,
 * or 0 when there is nothing to show yet (before the first stage). */
static int actor_pane_lines(struct tui *ui, const struct tui_layout *l)
{
    int most = 0;

    if (engine_stage(ui->model.engine) == 0)
        return 0;
    ui->view.engine = ui->model.engine;
    for (int p = 0; p < TUI_PANE_NARRATION; p++) {
        if (l->pane[p].w <= 2)
            continue;
        struct tui_lines lines;
        tui_lines_init(&lines, l->pane[p].w - 2, ui->theme.ascii);
        tui_content_pane(&lines, &ui->view, (enum tui_pane)p);
        if ((int)lines.count > most)
            most = (int)lines.count;
        tui_lines_free(&lines);
    }
    return most;
}

/* The layout for the terminal's size (and in a lesson, for what the actor
 * panes show now); with force, or when it changed, new windows for it. */
static void relayout(struct tui *ui, bool force)
{
    struct tui_layout l;

    if (ui->guide == NULL) {
        tui_layout_compute(LINES, COLS, &l);
    } else {
        tui_layout_compute_lesson(LINES, COLS, -1, &l);
        if (!l.too_small)
            tui_layout_compute_lesson(LINES, COLS, actor_pane_lines(ui, &l), &l);
    }
    if (!force && memcmp(&l, &ui->layout, sizeof l) == 0)
        return;
    ui->layout = l;
    tui_windows_refit(&ui->windows, &ui->layout, &ui->theme, &ui->view);
    if (ui->focus == TUI_PANE_CA && !ui->view.ca_pane)
        ui->focus = TUI_PANE_SERVER;
    if (ui->windows.pane[ui->focus] == NULL && !ui->layout.too_small)
        ui->focus = TUI_PANE_NARRATION;
    ui->dirty |= TUI_DIRTY_ALL;
}

/* Draw what is dirty, then show it in one doupdate. */
static void render(struct tui *ui)
{
    if (ui->dirty == 0)
        return;
    const char *hint = ui->guide != NULL && ui->guide->hint != NULL
                           ? ui->guide->hint(ui->guide->ctx) : NULL;
    struct tui_chrome chrome = {ui->docs,      ui->doc_count, ui->focus,
                                ui->scroll,    ui->help_open, &ui->help_scroll,
                                hint,          ui->scroll_max, ui->scroll_rows};

    if (ui->guide != NULL && (ui->dirty & TUI_DIRTY_STAGE))
        relayout(ui, false);
    if (ui->dirty & (TUI_DIRTY_KEY_HELP | TUI_DIRTY_HELP)) {
        ui->doc_count = ui->guide != NULL
                            ? ui->guide->keys(ui->guide->ctx, ui->docs, KEY_DOCS_MAX)
                            : tui_keys_docs(ui->remote != NULL ? TUI_MODE_CONNECT
                                                                : TUI_MODE_WALK,
                                            ui->theme.glyphs, ui->docs, KEY_DOCS_MAX);
        const struct engine *e = ui->model.engine;
        struct tui_key_run run = {engine_certificate_stage(e),
                                  engine_options(e)->protocol == SIM_PROTOCOL_TLS13};
        ui->doc_count = tui_keys_fit_run(ui->docs, ui->doc_count, &run, ui->inspect_help,
                                         sizeof ui->inspect_help);
        chrome.doc_count = ui->doc_count;
    }
    ui->view.whatifs_off = key_mode(ui) == TUI_MODE_QUIZ;
    ui->view.engine = ui->model.engine;
    ui->view.other = ui->model.other;
    ui->view.note = ui->note;
    tui_draw_screen(&ui->windows, &ui->layout, &ui->view, &chrome, ui->dirty);
    if (ui->inspect.open && !ui->layout.too_small)
        tui_inspect_draw(&ui->inspect, &ui->theme);
    doupdate();
    ui->dirty = 0;
}

/* Open the certificate warning when the run on screen stopped at the
 * client's certificate check and the user has not answered it yet. */
static void check_warning(struct tui *ui)
{
    bool follower = ui->settings.sync != NULL && ui->settings.sync->follower;
    bool due = tui_content_cert_warning_due(ui->model.engine) && !ui->warning_dismissed &&
               !follower;

    if (ui->view.question != NULL)
        return;   /* the question has the overlay's place until it is answered */

    if (due != ui->view.warning_open) {
        ui->view.warning_open = due;
        ui->view.warning_choice = 0;
        ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    }
}

/* Wait up to ms for a key; false (and the key put back) when one came or
 * a signal is pending, so an animation gives way at once. */
static bool wait_frame(int ms)
{
    wtimeout(stdscr, ms);
    int ch = wgetch(stdscr);
    wtimeout(stdscr, INPUT_POLL_MS);
    if (ch != ERR) {
        ungetch(ch);
        return false;
    }
    return tui_screen_signal() == 0;
}

/* Let each message of the stage just run travel along the wire line. */
static void animate_messages(struct tui *ui)
{
    size_t count = tui_content_message_count(ui->model.engine);

    if (!ui->settings.animate || ui->layout.too_small || ui->help_open)
        return;
    for (size_t m = 0; m < count; m++) {
        for (int f = 0; f <= TRAVEL_FRAMES; f++) {
            if (!wait_frame(f == 0 && m == 0 ? 0 : TRAVEL_FRAME_MS))
                goto done;
            struct tui_travel travel = {m, f, TRAVEL_FRAMES};
            tui_draw_wire_line(ui->windows.wire_line, &ui->view, &travel);
            doupdate();
        }
    }
done:
    ui->dirty |= TUI_DIRTY_WIRE_LINE;
}

/* Show stage 1..8: forward by one runs the next stage and animates it;
 * anything else is engine_goto (going back replays from the start). */
static void go_to_stage(struct tui *ui, int stage)
{
    int now = engine_stage(ui->model.engine);

    if (stage < 1)
        stage = 1;
    if (stage > SIM_STAGE_COUNT)
        stage = SIM_STAGE_COUNT;
    if (stage == now)
        return;
    engine_goto(ui->model.engine, stage);
    walk_record_stage(ui->settings.record, stage);
    memset(ui->scroll, 0, sizeof ui->scroll);
    ui->dirty |= TUI_DIRTY_STAGE;
    if (!engine_result(ui->model.engine)->aborted)
        ui->warning_dismissed = false;   /* back before the check: ask again there */
    if (stage == now + 1) {
        render(ui);
        animate_messages(ui);
    }
    check_warning(ui);
    if (ui->guide != NULL && ui->guide->moved != NULL)
        ui->guide->moved(ui->guide->ctx, ui, stage);
}

/* Rebuild the run for opts at the current stage; on failure keep the run
 * as it was and put the reason in the note.  0 or -1. */
static int rebuild(struct tui *ui, const struct sim_options *opts)
{
    char err[ENGINE_ERR_MAX];

    if (tui_model_rebuild(&ui->model, opts, err, sizeof err) != 0) {
        /* the note is one line of the screen: a long reason is cut there */
        snprintf(ui->note, sizeof ui->note, "%.*s", (int)sizeof ui->note - 1, err);
        return -1;
    }
    walk_record_options(ui->settings.record, opts, engine_stage(ui->model.engine));
    ui->warning_dismissed = false;
    ui->scroll[TUI_PANE_NARRATION] = 0;   /* where the narration shows the result */
    ui->dirty |= TUI_DIRTY_STAGE;
    check_warning(ui);
    return 0;
}

/* Tell the guide, if any, that what-if w now holds in the run on screen. */
static void tell_guide_whatif(struct tui *ui, enum tui_whatif w)
{
    if (ui->guide != NULL && ui->guide->whatif != NULL)
        ui->guide->whatif(ui->guide->ctx, ui, w, &ui->model.opts);
}

/* Turn what-if w on or off and rebuild the run; say what changed (or why
 * nothing did) in the note.  A tamper stage that the new options leave
 * with nothing to send is dropped, and the note says so. */
static void toggle_whatif(struct tui *ui, enum tui_whatif w)
{
    struct sim_options opts = ui->model.opts;
    int stage = engine_stage(ui->model.engine);
    const struct sim_result *r = engine_result(ui->model.engine);
    char note[TUI_NOTE_MAX];

    ui->dirty |= TUI_DIRTY_KEY_HELP;
    if (w == TUI_WHATIF_TAMPER && r->aborted && r->aborted_at < stage &&
        opts.tamper_stage != stage) {
        snprintf(ui->note, sizeof ui->note,
                 "the handshake stopped at stage %d: nothing crosses the wire at stage %d",
                 r->aborted_at, stage);
        return;
    }
    bool sends = tui_model_stage_sends(&ui->model, stage);
    if (tui_whatif_toggle(&opts, w, stage, sends, note, sizeof note) != 0) {
        snprintf(ui->note, sizeof ui->note, "%s", note);
        return;
    }
    if (rebuild(ui, &opts) == 0) {
        snprintf(ui->note, sizeof ui->note, "%s", note);
        tell_guide_whatif(ui, w);
        return;
    }
    if (w != TUI_WHATIF_TAMPER && opts.tamper_stage != 0) {
        int dropped = opts.tamper_stage;
        opts.tamper_stage = 0;
        if (rebuild(ui, &opts) == 0) {
            snprintf(ui->note, sizeof ui->note,
                     "%s; tamper@%d is off: that stage sends nothing now", note, dropped);
            tell_guide_whatif(ui, w);
        }
    }
}

/* Answer the certificate warning: "Continue anyway" clicks through (the
 * run is rebuilt with accept_bad_cert); "Go back" keeps it aborted. */
static void answer_warning(struct tui *ui, bool go_on)
{
    ui->view.warning_open = false;
    ui->warning_dismissed = true;
    ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    if (ui->remote != NULL && ui->view.question != NULL) {
        ui->warning_dismissed = false;   /* that was the question, not the warning */
        ui->view.question = NULL;
        ui->remote->answer(ui->remote->ctx, go_on, ui->note, sizeof ui->note);
        return;
    }
    if (ui->remote != NULL) {
        ui->remote->warning(ui->remote->ctx, go_on, ui->note, sizeof ui->note);
        return;
    }
    if (!go_on) {
        snprintf(ui->note, sizeof ui->note, "went back: the handshake stays aborted");
        return;
    }
    struct sim_options opts = ui->model.opts;
    opts.accept_bad_cert = true;
    if (rebuild(ui, &opts) == 0)
        snprintf(ui->note, sizeof ui->note,
                 "clicked \"Continue anyway\": the client trusts the certificate it got");
}

/* A key while the certificate warning is open: choose, confirm or go back. */
static void warning_key(struct tui *ui, int key)
{
    switch (key) {
    case TUI_K_LEFT:
    case TUI_K_RIGHT:
    case TUI_K_BTAB:
    case TUI_K_TAB:
    case 'h':
    case 'l':
        ui->view.warning_choice = !ui->view.warning_choice;
        ui->dirty |= TUI_DIRTY_HELP;
        break;
    case '\n':
    case '\r':
    case ' ':
        answer_warning(ui, ui->view.warning_choice == 1);
        break;
    case TUI_K_ESC:
    case 'n':
    case 'N':
        answer_warning(ui, false);
        break;
    case 'y':
    case 'Y':
        if (ui->view.question != NULL)
            answer_warning(ui, true);
        break;
    default:
        break;
    }
}

/* Move the focus to the next (step 1) or previous (-1) pane that is shown. */
static void move_focus(struct tui *ui, int step)
{
    int p = (int)ui->focus;

    ui->dirty |= TUI_DIRTY_PANE(ui->focus);
    do
        p = (p + step + TUI_PANE_COUNT) % TUI_PANE_COUNT;
    while (ui->windows.pane[p] == NULL && p != (int)ui->focus);
    ui->focus = (enum tui_pane)p;
    ui->dirty |= TUI_DIRTY_PANE(ui->focus);
}

/* Close the help overlay, repainting what it covered. */
static void close_help(struct tui *ui)
{
    if (ui->help_open) {
        ui->help_open = false;
        ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    }
}

/* Say on the key line that key does nothing in mode. */
static void unknown_key(struct tui *ui, unsigned mode, int key)
{
    char name[16];

    tui_keys_name(key, name, sizeof name);
    if (mode == TUI_MODE_QUIZ && tui_keys_is_whatif(tui_keys_action(TUI_MODE_LESSON, key)))
        snprintf(ui->note, sizeof ui->note,
                 "%s: the what-if keys are off while the quiz waits; answer it first", name);
    else if (mode == TUI_MODE_CONNECT && tui_keys_is_whatif(tui_keys_action(TUI_MODE_WALK, key)))
        snprintf(ui->note, sizeof ui->note, "%s: no what-ifs here: they are the server's (the "
                 "teacher's keys) or a relay's", name);
    else if (mode == TUI_MODE_FOLLOW && tui_keys_moves_run(tui_keys_action(TUI_MODE_WALK, key)))
        snprintf(ui->note, sizeof ui->note,
                 "%s: the presenter moves the stages and what-ifs; you can scroll, x, v, i", name);
    else
        snprintf(ui->note, sizeof ui->note, "%s: not a key here; ? lists the keys", name);
    ui->dirty |= TUI_DIRTY_KEY_HELP;
}

/* Act on one key (a tui_keys.h code); returns false when it asks to quit. */
static bool handle_key(struct tui *ui, int key)
{
    unsigned mode = key_mode(ui);
    enum tui_action action = tui_keys_action(mode, key);

    if (ui->note[0] != '\0') {
        ui->note[0] = '\0';
        ui->dirty |= TUI_DIRTY_KEY_HELP;
    }
    if (ui->view.warning_open && action != TUI_ACT_QUIT && action != TUI_ACT_RESIZE) {
        warning_key(ui, key);
        return true;
    }
    if (ui->inspect.open && action != TUI_ACT_RESIZE && action != TUI_ACT_QUIT) {
        if (tui_inspect_key(&ui->inspect, key))
            ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
        ui->dirty |= TUI_DIRTY_HELP;
        return true;
    }
    if (ui->help_open && (action == TUI_ACT_SCROLL_UP || action == TUI_ACT_SCROLL_DOWN)) {
        /* a short window shows the help in part: Up and Down scroll it */
        ui->help_scroll += action == TUI_ACT_SCROLL_UP ? -1 : 1;
        ui->dirty |= TUI_DIRTY_HELP;
        return true;
    }
    if (ui->help_open && action != TUI_ACT_QUIT && action != TUI_ACT_RESIZE) {
        /* any other key closes the help, and only that */
        close_help(ui);
        return true;
    }
    if (ui->guide != NULL && action != TUI_ACT_RESIZE) {
        switch (ui->guide->key(ui->guide->ctx, ui, key, action)) {
        case TUI_KEY_TAKEN:
            return true;
        case TUI_KEY_QUIT:
            return false;
        case TUI_KEY_PASS:
            break;
        }
    }
    switch (action) {
    case TUI_ACT_NEXT:
        if (ui->remote != NULL &&
            engine_stage(ui->model.engine) >= engine_reached_stage(ui->model.engine)) {
            ui->remote->next(ui->remote->ctx, ui->note, sizeof ui->note);
            ui->dirty |= TUI_DIRTY_KEY_HELP;
            break;
        }
        go_to_stage(ui, engine_stage(ui->model.engine) + 1);
        break;
    case TUI_ACT_BACK:
        go_to_stage(ui, engine_stage(ui->model.engine) - 1);
        break;
    case TUI_ACT_STAGE:
        go_to_stage(ui, key - '0');
        break;
    case TUI_ACT_FIRST:
        go_to_stage(ui, 1);
        break;
    case TUI_ACT_LAST:
        go_to_stage(ui, SIM_STAGE_COUNT);
        break;
    case TUI_ACT_FOCUS_NEXT:
        move_focus(ui, 1);
        break;
    case TUI_ACT_FOCUS_PREV:
        move_focus(ui, -1);
        break;
    case TUI_ACT_SCROLL_UP:
        ui->scroll[ui->focus]--;
        ui->dirty |= TUI_DIRTY_PANE(ui->focus);
        break;
    case TUI_ACT_SCROLL_DOWN:
        ui->scroll[ui->focus]++;
        ui->dirty |= TUI_DIRTY_PANE(ui->focus);
        break;
    case TUI_ACT_TOGGLE_WIRE:
        ui->view.wire_decoded = !ui->view.wire_decoded;
        ui->dirty |= TUI_DIRTY_PANE(TUI_PANE_WIRE);
        break;
    case TUI_ACT_TOGGLE_VALUES:
        ui->view.full_values = !ui->view.full_values;
        ui->dirty |= TUI_DIRTY_ALL_PANES;
        break;
    case TUI_ACT_HELP:
        ui->help_open = true;
        ui->help_scroll = 0;
        ui->dirty |= TUI_DIRTY_HELP;
        break;
    case TUI_ACT_RESIZE:
        relayout(ui, true);
        break;
    case TUI_ACT_OTHER_SIDE:
        ui->view.show_other = !ui->view.show_other;
        ui->dirty |= TUI_DIRTY_PANE(TUI_PANE_NARRATION);
        if (!tui_content_comparing(&ui->view))
            snprintf(ui->note, sizeof ui->note,
                     "o compares the other mode at stage 8 while the key leaks (s)");
        break;
    case TUI_ACT_TAMPER:
    case TUI_ACT_MITM:
    case TUI_ACT_MODE:
    case TUI_ACT_LEAK_KEY:
    case TUI_ACT_CERT:
    case TUI_ACT_DOWNGRADE:
    case TUI_ACT_FINISHED:
    case TUI_ACT_PAYLOAD:
    case TUI_ACT_HELLO_RETRY:
        for (size_t i = 0; i < sizeof whatif_actions / sizeof whatif_actions[0]; i++)
            if (whatif_actions[i].action == action)
                toggle_whatif(ui, whatif_actions[i].whatif);
        break;
    case TUI_ACT_INSPECT:
        if (tui_inspect_open(&ui->inspect, ui->model.engine, ui->note, sizeof ui->note) == 0)
            ui->dirty |= TUI_DIRTY_HELP;
        else
            ui->dirty |= TUI_DIRTY_KEY_HELP;
        break;
    case TUI_ACT_QUIT:
        return false;
    case TUI_ACT_CLOSE:
        break;
    default:
        unknown_key(ui, mode, key);
        break;
    }
    return true;
}

/* Start curses on the terminal; 0, or -1 (said on stderr) when it cannot
 * drive it. */
static int open_screen(struct tui *ui, SCREEN **screen)
{
    *screen = tui_screen_open("try --plain");
    if (*screen == NULL)
        return -1;
    wtimeout(stdscr, INPUT_POLL_MS);
    tui_theme_setup(&ui->theme, ui->settings.theme, ui->settings.force_ascii);
    wbkgd(stdscr, (chtype)' ' | ui->theme.attr[TUI_ROLE_NORMAL]);
    return 0;
}

/* Keep the sync, if any, in step: tell it of a new run or stage, let it
 * do what is due, and show its status in the header; false when it ends
 * the view. */
static bool keep_in_step(struct tui *ui)
{
    const struct tui_sync *sync = ui->settings.sync;
    char status[sizeof ui->status];
    int stage = engine_stage(ui->model.engine);

    if (sync == NULL)
        return true;
    if (sync->changed != NULL && (stage != ui->synced_stage ||
        memcmp(&ui->model.opts, &ui->synced_opts, sizeof ui->synced_opts) != 0)) {
        sync->changed(sync->ctx, &ui->model.opts, stage);
        ui->synced_opts = ui->model.opts;
        ui->synced_stage = stage;
    }
    if (!sync->idle(sync->ctx, ui))
        return false;
    sync->status(sync->ctx, status, sizeof status);
    if (strcmp(status, ui->status) != 0) {
        memcpy(ui->status, status, sizeof status);
        ui->view.status = ui->status;
        ui->dirty |= TUI_DIRTY_HEADER;
    }
    return true;
}

/* Bring the screen up to date with the remote run: new stages reached are
 * shown one at a time from the last one reached (an end at once, so that
 * its result shows), the question opens or closes, and the header and the
 * prompt say what the driver says. */
static void keep_remote(struct tui *ui)
{
    const struct tui_remote *r = ui->remote;
    char text[sizeof ui->prompt];
    const struct engine *e = ui->model.engine;

    if (r == NULL)
        return;
    bool over = r->idle(r->ctx);
    int reached = engine_reached_stage(e), shown = engine_stage(e);
    if (reached != ui->remote_reached || over != ui->remote_over) {
        int was = ui->remote_reached;
        ui->remote_reached = reached;
        ui->remote_over = over;
        if (reached > was && (over || shown == was))
            go_to_stage(ui, over ? reached : shown + 1);
        check_warning(ui);
        ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    }
    const char *q = r->question(r->ctx);
    if ((q != NULL) != (ui->view.question != NULL)) {
        ui->view.question = q;
        ui->view.warning_open = q != NULL;
        ui->view.warning_choice = 0;
        ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    }
    r->prompt(r->ctx, ui->theme.glyphs, text, sizeof text);
    if (strcmp(text, ui->prompt) != 0) {
        memcpy(ui->prompt, text, sizeof text);
        ui->dirty |= TUI_DIRTY_KEY_HELP;
    }
    r->status(r->ctx, text, sizeof ui->status);
    if (strcmp(text, ui->status) != 0) {
        memcpy(ui->status, text, sizeof ui->status);
        ui->dirty |= TUI_DIRTY_HEADER;
    }
}

/* The loop: draw, wait for a key or a signal, act; returns the exit status. */
static int run_loop(struct tui *ui)
{
    ui->synced_stage = -1;
    for (;;) {
        keep_remote(ui);
        if (!keep_in_step(ui))
            return 0;
        render(ui);
        if (tui_screen_signal() != 0)
            return 128 + tui_screen_signal();
        int key = wgetch(stdscr);
        if (tui_screen_signal() != 0)
            return 128 + tui_screen_signal();
        if (key != ERR && !handle_key(ui, tui_screen_key(key)))
            return 0;
    }
}

const struct engine *tui_engine(const struct tui *ui)
{
    return ui->model.engine;
}

int tui_show(struct tui *ui, const struct sim_options *opts, int stage, char *err,
             size_t errlen)
{
    struct tui_model fresh;

    if (memcmp(opts, &ui->model.opts, sizeof *opts) != 0) {
        if (tui_model_build(&fresh, opts, stage, err, errlen) != 0)
            return -1;
        tui_model_free(&ui->model);
        ui->model = fresh;
        walk_record_options(ui->settings.record, opts, engine_stage(ui->model.engine));
    } else {
        engine_goto(ui->model.engine, stage);
        walk_record_stage(ui->settings.record, engine_stage(ui->model.engine));
    }
    /* The guide explains a failed check it shows; the warning waits for the
     * student to step into one. */
    ui->warning_dismissed = true;
    memset(ui->scroll, 0, sizeof ui->scroll);
    ui->dirty |= TUI_DIRTY_STAGE;
    check_warning(ui);
    return 0;
}

void tui_set_step(struct tui *ui, const char *title, const struct lesson_point *points,
                  size_t count)
{
    ui->view.lesson_title = title;
    ui->view.points = points;
    ui->view.point_count = count;
    for (int p = 0; p < TUI_PANE_COUNT; p++)
        ui->scroll[p] = p == TUI_PANE_NARRATION ? 0 : TUI_SCROLL_TO_MARK;
    ui->focus = TUI_PANE_NARRATION;
    ui->dirty |= TUI_DIRTY_STAGE;
}

void tui_set_guide_text(struct tui *ui, bool shown)
{
    ui->view.lesson_text = shown && ui->guide != NULL ? ui->guide->text : NULL;
    ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
}

void tui_refresh(struct tui *ui, bool to_end)
{
    if (to_end)
        ui->scroll[TUI_PANE_NARRATION] = INT_MAX;
    ui->dirty |= TUI_DIRTY_PANE(TUI_PANE_NARRATION) | TUI_DIRTY_KEY_HELP;
}

void tui_narration_window(const struct tui *ui, struct tui_scroll *out)
{
    out->first = ui->scroll[TUI_PANE_NARRATION];
    out->rows = ui->scroll_rows[TUI_PANE_NARRATION] > 0 ? ui->scroll_rows[TUI_PANE_NARRATION]
                                                         : 1;
    out->max = ui->scroll_max[TUI_PANE_NARRATION];
}

void tui_narration_scroll_to(struct tui *ui, int first)
{
    ui->scroll[TUI_PANE_NARRATION] = first;
    ui->dirty |= TUI_DIRTY_PANE(TUI_PANE_NARRATION) | TUI_DIRTY_KEY_HELP;
}

void tui_note(struct tui *ui, const char *text)
{
    snprintf(ui->note, sizeof ui->note, "%s", text);
    ui->dirty |= TUI_DIRTY_KEY_HELP;
}

const struct tui_glyphs *tui_glyphs(const struct tui *ui)
{
    return ui->theme.glyphs;
}

int tui_run(const struct sim_options *opts, const struct tui_settings *settings)
{
    return tui_run_guided(opts, settings, NULL);
}

/* Take the terminal, run the loop on ui's model and give the terminal
 * back; the exit status (EXIT_USAGE when the terminal cannot be used). */
static int run_screen(struct tui *ui)
{
    SCREEN *screen = NULL;
    int status = EXIT_USAGE;   /* as play says: the terminal cannot be used, try --plain */

    if (open_screen(ui, &screen) == 0) {
        ui->view.theme = &ui->theme;
        ui->view.glyphs = ui->theme.glyphs;
        relayout(ui, true);
        check_warning(ui);
        if (ui->guide != NULL)
            ui->guide->start(ui->guide->ctx, ui);
        status = run_loop(ui);
        tui_inspect_close(&ui->inspect);
        tui_windows_destroy(&ui->windows);
    }
    tui_screen_close(screen);
    return status;
}

int tui_run_guided(const struct sim_options *opts, const struct tui_settings *settings,
                   const struct tui_guide *guide)
{
    struct tui ui;
    char err[ENGINE_ERR_MAX];

    memset(&ui, 0, sizeof ui);
    ui.settings = *settings;
    ui.guide = guide;
    ui.focus = TUI_PANE_WIRE;
    if (tui_model_build(&ui.model, opts, guide != NULL ? 0 : 1, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim %s: %s\n", guide != NULL ? "learn" : "walk", err);
        return EXIT_USAGE;
    }
    walk_record_stage(ui.settings.record, engine_stage(ui.model.engine));
    if (guide != NULL) {
        ui.view.lesson_text = guide->text;
        ui.view.lesson_ctx = guide->ctx;
    }
    int status = run_screen(&ui);
    tui_model_free(&ui.model);
    return status;
}

int tui_run_remote(const struct tui_settings *settings, const struct tui_remote *remote)
{
    struct tui ui;

    memset(&ui, 0, sizeof ui);
    ui.settings = *settings;
    ui.settings.sync = NULL;
    ui.settings.record = NULL;
    ui.remote = remote;
    ui.focus = TUI_PANE_WIRE;
    ui.model.engine = remote->engine;      /* the driver's: never freed here */
    ui.model.opts = *engine_options(remote->engine);
    ui.remote_reached = engine_reached_stage(remote->engine);
    ui.view.prompt = ui.prompt;
    ui.view.status = ui.status;
    return run_screen(&ui);
}
