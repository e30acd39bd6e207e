/*
 * tui_screen.c - taking the terminal for a full-screen view and giving it
 * back, whatever ends the view.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui_screen.h"

#include "base/die.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ESCAPE_DELAY_MS 25   /* Esc alone closes an overlay at once */

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
#define CAUGHT_COUNT (sizeof caught_signals / sizeof caught_signals[0])

static volatile sig_atomic_t pending_signal;
static struct sigaction saved_actions[CAUGHT_COUNT];
static bool curses_active;   /* endwin is owed before anything is printed */

/* Note the signal; the view's loop acts on it. */
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

SCREEN *tui_screen_open(const char *hint)
{
    return tui_screen_open_on(NULL, stdout, stdin, hint);
}

SCREEN *tui_screen_open_on(const char *type, FILE *out, FILE *in, const char *hint)
{
    struct sigaction sa;
    SCREEN *screen = newterm(type, out, in);

    if (screen == NULL) {
        const char *term = type != NULL ? type : getenv("TERM");
        fprintf(stderr, "tlssim: cannot drive this terminal (TERM=%s); %s\n",
                term ? term : "unset", hint);
        return NULL;
    }
    curses_active = true;
    die_set_hook(restore_terminal);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(ESCAPE_DELAY_MS);
    curs_set(0);
    /* No SA_RESTART: a signal cuts the wait for a key short. */
    pending_signal = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < CAUGHT_COUNT; i++)
        sigaction(caught_signals[i], &sa, &saved_actions[i]);
    return screen;
}

int tui_screen_signal(void)
{
    return pending_signal;
}

int tui_screen_key(int ch)
{
    static const struct {
        int curses, key;
    } map[] = {
        {KEY_RIGHT, TUI_K_RIGHT}, {KEY_LEFT, TUI_K_LEFT},     {KEY_UP, TUI_K_UP},
        {KEY_DOWN, TUI_K_DOWN},   {KEY_PPAGE, TUI_K_PGUP},    {KEY_NPAGE, TUI_K_PGDN},
        {KEY_HOME, TUI_K_HOME},   {KEY_END, TUI_K_END},       {KEY_BTAB, TUI_K_BTAB},
        {KEY_RESIZE, TUI_K_RESIZE}, {KEY_ENTER, TUI_K_ENTER}, {KEY_BACKSPACE, TUI_K_DEL},
    };

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].curses == ch)
            return map[i].key;
    return ch >= KEY_MIN ? TUI_K_OTHER : ch;
}

void tui_screen_close(SCREEN *screen)
{
    if (screen == NULL)
        return;
    restore_terminal();
    die_set_hook(NULL);
    for (size_t i = 0; i < CAUGHT_COUNT; i++)
        sigaction(caught_signals[i], &saved_actions[i], NULL);
    delscreen(screen);
}
