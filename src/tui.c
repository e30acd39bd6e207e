/*
 * tui.c - the TUI's main loop: the terminal, the keys, the signals.
 *
 * The loop waits for a key with a short timeout, turns it into an action
 * through the binding table, changes the view (or asks the engine to go to
 * another stage), marks what that changed as dirty, and redraws only that
 * before one doupdate.  Signal handlers only set a flag; the loop sees it
 * within one timeout and leaves through endwin like any other exit.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui.h"

#include "commands.h"
#include "engine.h"
#include "tui_content.h"
#include "tui_curses.h"
#include "tui_draw.h"
#include "tui_layout.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_CTRL_C 3
#define KEY_CTRL_H 8
#define KEY_ESCAPE 27
#define KEY_DELETE_ASCII 127
#define INPUT_POLL_MS 200      /* how soon the loop notices a signal */
#define ESCAPE_DELAY_MS 25     /* Esc alone closes the help at once */
#define TRAVEL_FRAMES 12
#define TRAVEL_FRAME_MS 30
#define KEY_DOCS_MAX 16

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
    {KEY_BTAB, ACT_FOCUS_PREV},   {KEY_UP, ACT_SCROLL_UP},  {'k', ACT_SCROLL_UP},
    {KEY_DOWN, ACT_SCROLL_DOWN},  {'j', ACT_SCROLL_DOWN},   {'x', ACT_TOGGLE_WIRE},
    {'v', ACT_TOGGLE_VALUES},     {'?', ACT_HELP},          {KEY_ESCAPE, ACT_CLOSE},
    {'q', ACT_QUIT},              {'Q', ACT_QUIT},          {KEY_CTRL_C, ACT_QUIT},
    {KEY_RESIZE, ACT_RESIZE},
};

/* What to redraw before the next doupdate. */
enum {
    DIRTY_SCREEN = 1u << 0,     /* the layout changed: clear everything first */
    DIRTY_HEADER = 1u << 1,     /* header and stage bar */
    DIRTY_WIRE_LINE = 1u << 2,
    DIRTY_KEY_HELP = 1u << 3,
    DIRTY_HELP = 1u << 4,
    DIRTY_PANE0 = 1u << 5,      /* one bit per pane from here */
};
#define DIRTY_PANE(p) (DIRTY_PANE0 << (p))
#define DIRTY_ALL_PANES (DIRTY_PANE(TUI_PANE_COUNT) - DIRTY_PANE0)
#define DIRTY_STAGE (DIRTY_HEADER | DIRTY_WIRE_LINE | DIRTY_ALL_PANES)
#define DIRTY_ALL (DIRTY_SCREEN | DIRTY_STAGE | DIRTY_KEY_HELP | DIRTY_HELP)

struct tui {
    struct engine *engine;
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
    unsigned dirty;
};

static volatile sig_atomic_t pending_signal;
static bool curses_active;     /* endwin is owed before anything is printed */

/* Note the signal; the loop acts on it. */
static void on_signal(int signo)
{
    pending_signal = signo;
}

/* Leave curses mode if it is on, so the terminal is usable again. */
static void restore_terminal(void)
{
    if (curses_active) {
        endwin();
        curses_active = false;
    }
}

void tui_die(const char *fmt, ...)
{
    va_list ap;

    restore_terminal();
    fputs("tlssim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_CHECK_FAILED);
}

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define CAUGHT_COUNT (sizeof caught_signals / sizeof caught_signals[0])

/* Catch SIGINT, SIGTERM and SIGHUP with on_signal, saving the old actions.
 * No SA_RESTART: a signal cuts the wait for a key short. */
static void catch_signals(struct sigaction saved[CAUGHT_COUNT])
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < CAUGHT_COUNT; i++)
        sigaction(caught_signals[i], &sa, &saved[i]);
}

static void release_signals(const struct sigaction saved[CAUGHT_COUNT])
{
    for (size_t i = 0; i < CAUGHT_COUNT; i++)
        sigaction(caught_signals[i], &saved[i], NULL);
}

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
        {"Home g", "first stage", NULL, NULL},
        {"End G", "last stage", NULL, NULL},
        {"?", "this help", "?", "help"},
        {"q  Ctrl-C", "quit", "q", "quit"},
        {"Tab  Shift-Tab", "focus the next / previous pane", "Tab", "pane"},
        {"Up Down k j", "scroll the focused pane", g->key_updown, "scroll"},
        {"x", "wire fields as hex or decoded", "x", "hex/decoded"},
        {"v", "long values: shortened or in full", "v", "full values"},
        {"Esc", "close this help", NULL, NULL},
    };
    ui->doc_count = sizeof docs / sizeof docs[0];
    memcpy(ui->docs, docs, sizeof docs);
}

/* Fit the windows to the terminal's current size. */
static void relayout(struct tui *ui)
{
    tui_windows_destroy(&ui->windows);
    tui_layout_compute(LINES, COLS, &ui->layout);
    if (tui_windows_create(&ui->windows, &ui->layout, &ui->theme) != 0)
        tui_die("cannot make the windows of a %dx%d screen", COLS, LINES);
    ui->view.ca_pane = tui_layout_has_ca_pane(&ui->layout);
    if (ui->focus == TUI_PANE_CA && !ui->view.ca_pane)
        ui->focus = TUI_PANE_SERVER;
    ui->dirty |= DIRTY_ALL;
}

/* Draw what is dirty into the windows, then show it in one doupdate. */
static void render(struct tui *ui)
{
    struct tui_windows *w = &ui->windows;

    if (ui->dirty == 0)
        return;
    if (ui->dirty & DIRTY_SCREEN) {
        werase(stdscr);
        wnoutrefresh(stdscr);
    }
    if (ui->layout.too_small) {
        tui_draw_too_small(stdscr, &ui->theme, ui->layout.rows, ui->layout.cols);
        goto show;
    }
    if (ui->dirty & DIRTY_HEADER) {
        tui_draw_header(w->header, &ui->view);
        tui_draw_stage_bar(w->stage_bar, &ui->view);
    }
    if (ui->dirty & DIRTY_WIRE_LINE)
        tui_draw_wire_line(w->wire_line, &ui->view, NULL);
    for (int p = 0; p < TUI_PANE_COUNT; p++)
        if ((ui->dirty & DIRTY_PANE(p)) && w->pane[p] != NULL)
            tui_draw_pane(w->pane[p], &ui->view, (enum tui_pane)p, ui->focus == (enum tui_pane)p,
                          &ui->scroll[p]);
    if (ui->dirty & DIRTY_KEY_HELP)
        tui_draw_key_help(w->key_help, &ui->view, ui->docs, ui->doc_count);
    if (ui->help_open)
        tui_draw_help(w->help, &ui->view, ui->docs, ui->doc_count);
show:
    doupdate();
    ui->dirty = 0;
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
    return pending_signal == 0;
}

/* Let each message of the stage just run travel along the wire line. */
static void animate_messages(struct tui *ui)
{
    size_t count = tui_content_message_count(ui->engine);

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
    ui->dirty |= DIRTY_WIRE_LINE;
}

/* Show stage 1..8: forward by one runs the next stage and animates it;
 * anything else is engine_goto (going back replays from the start). */
static void go_to_stage(struct tui *ui, int stage)
{
    int now = engine_stage(ui->engine);

    if (stage < 1)
        stage = 1;
    if (stage > SIM_STAGE_COUNT)
        stage = SIM_STAGE_COUNT;
    if (stage == now)
        return;
    engine_goto(ui->engine, stage);
    memset(ui->scroll, 0, sizeof ui->scroll);
    ui->dirty |= DIRTY_STAGE;
    if (stage == now + 1) {
        render(ui);
        animate_messages(ui);
    }
}

/* Move the focus to the next (step 1) or previous (-1) pane that is shown. */
static void move_focus(struct tui *ui, int step)
{
    int p = (int)ui->focus;

    ui->dirty |= DIRTY_PANE(ui->focus);
    do
        p = (p + step + TUI_PANE_COUNT) % TUI_PANE_COUNT;
    while (ui->windows.pane[p] == NULL && p != (int)ui->focus);
    ui->focus = (enum tui_pane)p;
    ui->dirty |= DIRTY_PANE(ui->focus);
}

/* The action bound to key, or ACT_NONE. */
static enum tui_action action_for(int key)
{
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (bindings[i].key == key)
            return bindings[i].action;
    return ACT_NONE;
}

/* Close the help overlay, repainting what it covered. */
static void close_help(struct tui *ui)
{
    if (ui->help_open) {
        ui->help_open = false;
        ui->dirty |= DIRTY_ALL & ~DIRTY_SCREEN;
    }
}

/* Act on one key; returns false when it asks to quit. */
static bool handle_key(struct tui *ui, int key)
{
    enum tui_action action = action_for(key);

    if (key >= '1' && key < '1' + SIM_STAGE_COUNT) {
        close_help(ui);
        go_to_stage(ui, key - '0');
        return true;
    }
    if (ui->help_open && action != ACT_QUIT && action != ACT_RESIZE && action != ACT_NONE) {
        close_help(ui);
        if (action == ACT_HELP || action == ACT_CLOSE)
            return true;
    }
    switch (action) {
    case ACT_NEXT:
        go_to_stage(ui, engine_stage(ui->engine) + 1);
        break;
    case ACT_BACK:
        go_to_stage(ui, engine_stage(ui->engine) - 1);
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
        ui->dirty |= DIRTY_PANE(ui->focus);
        break;
    case ACT_SCROLL_DOWN:
        ui->scroll[ui->focus]++;
        ui->dirty |= DIRTY_PANE(ui->focus);
        break;
    case ACT_TOGGLE_WIRE:
        ui->view.wire_decoded = !ui->view.wire_decoded;
        ui->dirty |= DIRTY_PANE(TUI_PANE_WIRE);
        break;
    case ACT_TOGGLE_VALUES:
        ui->view.full_values = !ui->view.full_values;
        ui->dirty |= DIRTY_ALL_PANES;
        break;
    case ACT_HELP:
        ui->help_open = true;
        ui->dirty |= DIRTY_HELP;
        break;
    case ACT_RESIZE:
        relayout(ui);
        break;
    case ACT_QUIT:
        return false;
    case ACT_CLOSE:
    case ACT_NONE:
        break;
    }
    return true;
}

/* Start curses on the terminal; 0, or -1 when it cannot drive it. */
static int open_screen(struct tui *ui, SCREEN **screen)
{
    *screen = newterm(NULL, stdout, stdin);
    if (*screen == NULL)
        return -1;
    curses_active = true;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(ESCAPE_DELAY_MS);
    curs_set(0);
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
        if (pending_signal != 0)
            return 128 + pending_signal;
        int key = wgetch(stdscr);
        if (pending_signal != 0)
            return 128 + pending_signal;
        if (key != ERR && !handle_key(ui, key))
            return 0;
    }
}

int tui_run(const struct sim_options *opts, const struct tui_settings *settings)
{
    struct tui ui;
    struct sigaction saved[CAUGHT_COUNT];
    SCREEN *screen = NULL;
    char err[ENGINE_ERR_MAX];
    int status = EXIT_CHECK_FAILED;

    memset(&ui, 0, sizeof ui);
    ui.settings = *settings;
    ui.focus = TUI_PANE_WIRE;
    if (engine_new(opts, &ui.engine, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim walk: %s\n", err);
        return EXIT_USAGE;
    }
    engine_goto(ui.engine, 1);
    pending_signal = 0;
    if (open_screen(&ui, &screen) != 0) {
        const char *term = getenv("TERM");
        fprintf(stderr, "tlssim: cannot drive this terminal (TERM=%s); try --plain\n",
                term ? term : "unset");
        goto done;
    }
    catch_signals(saved);
    fill_key_docs(&ui);
    ui.view.engine = ui.engine;
    ui.view.theme = &ui.theme;
    relayout(&ui);
    status = run_loop(&ui);
    tui_windows_destroy(&ui.windows);
    restore_terminal();
    release_signals(saved);
done:
    if (screen != NULL)
        delscreen(screen);
    engine_free(ui.engine);
    return status;
}
