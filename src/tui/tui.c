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

#define KEY_CTRL_C 3
#define KEY_CTRL_H 8
#define KEY_ESCAPE 27
#define KEY_DELETE_ASCII 127
#define INPUT_POLL_MS 200      /* how soon the loop notices a signal */
#define TRAVEL_FRAMES 12
#define TRAVEL_FRAME_MS 30
#define KEY_DOCS_MAX 24

enum tui_action {
    ACT_NONE,
    ACT_NEXT,
    ACT_BACK,
    ACT_FIRST,
    ACT_LAST,
    ACT_FOCUS_NEXT,
    ACT_FOCUS_PREV,
    ACT_SCROLL_UP,
    ACT_SCROLL_DOWN,
    ACT_TOGGLE_WIRE,
    ACT_TOGGLE_VALUES,
    ACT_HELP,
    ACT_CLOSE,
    ACT_QUIT,
    ACT_RESIZE,
    ACT_TAMPER,
    ACT_MITM,
    ACT_MODE,
    ACT_LEAK_KEY,
    ACT_OTHER_SIDE,
    ACT_CERT,
    ACT_DOWNGRADE,
    ACT_FINISHED,
    ACT_PAYLOAD,
    ACT_INSPECT,
};

struct key_binding {
    int key;
    enum tui_action action;
};

/* Every key and what it does; the digits 1-8 are read apart (jump to a stage). */
static const struct key_binding bindings[] = {
    {KEY_RIGHT, ACT_NEXT},        {' ', ACT_NEXT},          {'l', ACT_NEXT},
    {'\n', ACT_NEXT},             {'\r', ACT_NEXT},         {KEY_ENTER, ACT_NEXT},
    {KEY_NPAGE, ACT_NEXT},        {KEY_LEFT, ACT_BACK},     {'h', ACT_BACK},
    {KEY_BACKSPACE, ACT_BACK},    {KEY_DELETE_ASCII, ACT_BACK}, {KEY_CTRL_H, ACT_BACK},
    {KEY_PPAGE, ACT_BACK},        {KEY_HOME, ACT_FIRST},    {'g', ACT_FIRST},
    {KEY_END, ACT_LAST},          {'G', ACT_LAST},          {'\t', ACT_FOCUS_NEXT},
    {KEY_BTAB, ACT_FOCUS_PREV},   {KEY_UP, ACT_SCROLL_UP},  {KEY_DOWN, ACT_SCROLL_DOWN},
    {'x', ACT_TOGGLE_WIRE},       {'v', ACT_TOGGLE_VALUES}, {'?', ACT_HELP},
    {KEY_ESCAPE, ACT_CLOSE},      {'q', ACT_QUIT},          {'Q', ACT_QUIT},
    {KEY_CTRL_C, ACT_QUIT},       {KEY_RESIZE, ACT_RESIZE}, {'t', ACT_TAMPER},
    {'m', ACT_MITM},              {'e', ACT_MODE},          {'k', ACT_LEAK_KEY},
    {'o', ACT_OTHER_SIDE},        {'c', ACT_CERT},          {'d', ACT_DOWNGRADE},
    {'f', ACT_FINISHED},          {'p', ACT_PAYLOAD},       {'i', ACT_INSPECT},
};

/* The what-if each what-if action turns on or off. */
static const struct {
    enum tui_action action;
    enum tui_whatif whatif;
} whatif_actions[] = {
    {ACT_TAMPER, TUI_WHATIF_TAMPER},       {ACT_MITM, TUI_WHATIF_MITM},
    {ACT_MODE, TUI_WHATIF_MODE},           {ACT_LEAK_KEY, TUI_WHATIF_LEAK_KEY},
    {ACT_CERT, TUI_WHATIF_CERT},           {ACT_DOWNGRADE, TUI_WHATIF_DOWNGRADE},
    {ACT_FINISHED, TUI_WHATIF_FINISHED},   {ACT_PAYLOAD, TUI_WHATIF_PAYLOAD},
};

struct tui {
    const struct tui_guide *guide;   /* or NULL */
    struct tui_model model;     /* the run on screen, and the one it is compared with */
    struct tui_settings settings;
    struct tui_theme theme;
    struct tui_view view;
    struct tui_layout layout;
    struct tui_windows windows;
    struct tui_key_doc docs[KEY_DOCS_MAX];
    size_t doc_count;
    enum tui_pane focus;
    int scroll[TUI_PANE_COUNT];
    bool help_open;
    int help_scroll;                   /* the help overlay's first line shown */
    bool warning_dismissed;     /* the user chose "Go back" for this run */
    char note[2 * TUI_NOTE_MAX]; /* the answer to the last what-if key */
    unsigned dirty;
    struct tui_inspect inspect; /* the certificate overlay (i) */
};

/* The keys as the help overlay and the key-help line name them, in the
 * glyphs of the theme (arrows, or their names in ASCII). */
static void fill_key_docs(struct tui *ui)
{
    const struct tui_glyphs *g = ui->theme.glyphs;
    const struct tui_key_doc docs[] = {
        {"Right Space l Enter PgDn", "next stage", g->key_right, "next"},
        {"Left h Backspace PgUp", "previous stage (a replay)", g->key_left,
         "back"},
        {"1 2 3 4 5 6 7 8", "jump to that stage", "1-8", "stage"},
        {"Home g / End G", "first / last stage", NULL, NULL},
        {"?  Esc", "this help / close it", "?", "help"},
        {"q  Ctrl-C", "quit", "q", "quit"},
        {"Tab  Shift-Tab", "focus the next / previous pane", "Tab", "pane"},
        {"Up Down", "scroll the focused pane", g->key_updown, "scroll"},
        {"x", "wire fields as hex or decoded", "x", "hex/decoded"},
        {"v", "long values: shortened or in full", "v", "full values"},
        {"t", "what if: tamper with this message", NULL, NULL},
        {"m", "what if: a man in the middle", NULL, NULL},
        {"e", "ephemeral (TLS 1.2 ECDHE) / transport", NULL, NULL},
        {"k", "what if: the server key leaks later", NULL, NULL},
        {"o", "forward secrecy: the other mode's run", NULL, NULL},
        {"c", "cycle the certificate scenario", NULL, NULL},
        {"d  f", "downgrade / Finished messages on or off", NULL, NULL},
        {"p", "application-layer AES payload on or off", NULL, NULL},
        {"i", "explain the certificate of stage 3", NULL, NULL},
    };
    ui->doc_count = sizeof docs / sizeof docs[0];
    memcpy(ui->docs, docs, sizeof docs);
}

/* Fit the windows to the terminal's current size. */
static void relayout(struct tui *ui)
{
    tui_windows_destroy(&ui->windows);
    if (ui->guide != NULL)
        tui_layout_compute_lesson(LINES, COLS, &ui->layout);
    else
        tui_layout_compute(LINES, COLS, &ui->layout);
    if (tui_windows_create(&ui->windows, &ui->layout, &ui->theme) != 0)
        die("cannot make the windows of a %dx%d screen", COLS, LINES);
    ui->view.ca_pane = tui_layout_has_ca_pane(&ui->layout);
    ui->view.side_by_side = tui_layout_can_compare(&ui->layout);
    if (ui->focus == TUI_PANE_CA && !ui->view.ca_pane)
        ui->focus = TUI_PANE_SERVER;
    ui->dirty |= TUI_DIRTY_ALL;
}

/* Draw what is dirty, then show it in one doupdate. */
static void render(struct tui *ui)
{
    if (ui->dirty == 0)
        return;
    struct tui_chrome chrome = {ui->docs,   ui->doc_count,  ui->focus,
                                ui->scroll, ui->help_open, &ui->help_scroll};

    if (ui->guide != NULL && (ui->dirty & (TUI_DIRTY_KEY_HELP | TUI_DIRTY_HELP)))
        ui->doc_count = ui->guide->keys(ui->guide->ctx, ui->docs, KEY_DOCS_MAX);
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
    bool due = tui_content_cert_warning_due(ui->model.engine) && !ui->warning_dismissed;

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
    case KEY_LEFT:
    case KEY_RIGHT:
    case KEY_BTAB:
    case '\t':
    case 'h':
    case 'l':
        ui->view.warning_choice = !ui->view.warning_choice;
        ui->dirty |= TUI_DIRTY_HELP;
        break;
    case '\n':
    case '\r':
    case KEY_ENTER:
    case ' ':
        answer_warning(ui, ui->view.warning_choice == 1);
        break;
    case KEY_ESCAPE:
        answer_warning(ui, false);
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

/* The action bound to key, or ACT_NONE. */
static enum tui_action action_for(int key)
{
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (bindings[i].key == key)
            return bindings[i].action;
    return ACT_NONE;
}

bool tui_key_is_next(int key)
{
    return action_for(key) == ACT_NEXT;
}

bool tui_key_is_back(int key)
{
    return action_for(key) == ACT_BACK;
}

/* Close the help overlay, repainting what it covered. */
static void close_help(struct tui *ui)
{
    if (ui->help_open) {
        ui->help_open = false;
        ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
    }
}

/* Act on one key; returns false when it asks to quit. */
static bool handle_key(struct tui *ui, int key)
{
    enum tui_action action = action_for(key);

    if (ui->note[0] != '\0') {
        ui->note[0] = '\0';
        ui->dirty |= TUI_DIRTY_KEY_HELP;
    }
    if (ui->view.warning_open && action != ACT_QUIT && action != ACT_RESIZE) {
        warning_key(ui, key);
        return true;
    }
    if (ui->inspect.open && action != ACT_RESIZE && action != ACT_QUIT) {
        if (tui_inspect_key(&ui->inspect, key))
            ui->dirty |= TUI_DIRTY_ALL & ~TUI_DIRTY_SCREEN;
        ui->dirty |= TUI_DIRTY_HELP;
        return true;
    }
    if (ui->guide != NULL && !ui->help_open && key != KEY_RESIZE) {
        switch (ui->guide->key(ui->guide->ctx, ui, key)) {
        case TUI_KEY_TAKEN:
            return true;
        case TUI_KEY_QUIT:
            return false;
        case TUI_KEY_PASS:
            break;
        }
    }
    if (key >= '1' && key < '1' + SIM_STAGE_COUNT) {
        close_help(ui);
        go_to_stage(ui, key - '0');
        return true;
    }
    if (ui->help_open && (action == ACT_SCROLL_UP || action == ACT_SCROLL_DOWN)) {
        /* a short window shows the help in part: Up and Down scroll it */
        ui->help_scroll += action == ACT_SCROLL_UP ? -1 : 1;
        ui->dirty |= TUI_DIRTY_HELP;
        return true;
    }
    if (ui->help_open && action != ACT_QUIT && action != ACT_RESIZE && action != ACT_NONE) {
        close_help(ui);
        if (action == ACT_HELP || action == ACT_CLOSE)
            return true;
    }
    switch (action) {
    case ACT_NEXT:
        go_to_stage(ui, engine_stage(ui->model.engine) + 1);
        break;
    case ACT_BACK:
        go_to_stage(ui, engine_stage(ui->model.engine) - 1);
        break;
    case ACT_FIRST:
        go_to_stage(ui, 1);
        break;
    case ACT_LAST:
        go_to_stage(ui, SIM_STAGE_COUNT);
        break;
    case ACT_FOCUS_NEXT:
        move_focus(ui, 1);
        break;
    case ACT_FOCUS_PREV:
        move_focus(ui, -1);
        break;
    case ACT_SCROLL_UP:
        ui->scroll[ui->focus]--;
        ui->dirty |= TUI_DIRTY_PANE(ui->focus);
        break;
    case ACT_SCROLL_DOWN:
        ui->scroll[ui->focus]++;
        ui->dirty |= TUI_DIRTY_PANE(ui->focus);
        break;
    case ACT_TOGGLE_WIRE:
        ui->view.wire_decoded = !ui->view.wire_decoded;
        ui->dirty |= TUI_DIRTY_PANE(TUI_PANE_WIRE);
        break;
    case ACT_TOGGLE_VALUES:
        ui->view.full_values = !ui->view.full_values;
        ui->dirty |= TUI_DIRTY_ALL_PANES;
        break;
    case ACT_HELP:
        ui->help_open = true;
        ui->help_scroll = 0;
        ui->dirty |= TUI_DIRTY_HELP;
        break;
    case ACT_RESIZE:
        relayout(ui);
        break;
    case ACT_OTHER_SIDE:
        ui->view.show_other = !ui->view.show_other;
        ui->dirty |= TUI_DIRTY_PANE(TUI_PANE_NARRATION);
        if (!tui_content_comparing(&ui->view))
            snprintf(ui->note, sizeof ui->note,
                     "o compares the other mode at stage 8 while the key leaks (k)");
        break;
    case ACT_TAMPER:
    case ACT_MITM:
    case ACT_MODE:
    case ACT_LEAK_KEY:
    case ACT_CERT:
    case ACT_DOWNGRADE:
    case ACT_FINISHED:
    case ACT_PAYLOAD:
        for (size_t i = 0; i < sizeof whatif_actions / sizeof whatif_actions[0]; i++)
            if (whatif_actions[i].action == action)
                toggle_whatif(ui, whatif_actions[i].whatif);
        break;
    case ACT_INSPECT:
        close_help(ui);
        if (tui_inspect_open(&ui->inspect, ui->model.engine, ui->note, sizeof ui->note) == 0)
            ui->dirty |= TUI_DIRTY_HELP;
        else
            ui->dirty |= TUI_DIRTY_KEY_HELP;
        break;
    case ACT_QUIT:
        return false;
    case ACT_CLOSE:
    case ACT_NONE:
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

/* The loop: draw, wait for a key or a signal, act; returns the exit status. */
static int run_loop(struct tui *ui)
{
    for (;;) {
        render(ui);
        if (tui_screen_signal() != 0)
            return 128 + tui_screen_signal();
        int key = wgetch(stdscr);
        if (tui_screen_signal() != 0)
            return 128 + tui_screen_signal();
        if (key != ERR && !handle_key(ui, key))
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

const struct tui_glyphs *tui_glyphs(const struct tui *ui)
{
    return ui->theme.glyphs;
}

int tui_run(const struct sim_options *opts, const struct tui_settings *settings)
{
    return tui_run_guided(opts, settings, NULL);
}

int tui_run_guided(const struct sim_options *opts, const struct tui_settings *settings,
                   const struct tui_guide *guide)
{
    struct tui ui;
    SCREEN *screen = NULL;
    char err[ENGINE_ERR_MAX];
    int status = EXIT_CHECK_FAILED;

    memset(&ui, 0, sizeof ui);
    ui.settings = *settings;
    ui.guide = guide;
    ui.focus = TUI_PANE_WIRE;
    if (tui_model_build(&ui.model, opts, guide != NULL ? 0 : 1, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim %s: %s\n", guide != NULL ? "learn" : "walk", err);
        return EXIT_USAGE;
    }
    walk_record_stage(ui.settings.record, engine_stage(ui.model.engine));
    if (open_screen(&ui, &screen) != 0)
        goto done;
    fill_key_docs(&ui);
    ui.view.theme = &ui.theme;
    ui.view.glyphs = ui.theme.glyphs;
    if (guide != NULL) {
        ui.view.lesson_text = guide->text;
        ui.view.lesson_ctx = guide->ctx;
    }
    relayout(&ui);
    check_warning(&ui);
    if (guide != NULL)
        guide->start(guide->ctx, &ui);
    status = run_loop(&ui);
    tui_inspect_close(&ui.inspect);
    tui_windows_destroy(&ui.windows);
done:
    tui_screen_close(screen);
    tui_model_free(&ui.model);
    return status;
}
