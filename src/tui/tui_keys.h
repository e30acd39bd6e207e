/*
 * tui_keys.h - every key of the walkthrough, the tutorial and the player,
 * in one key table (tui_key_table.h) whose places are the modes below.
 * The help overlay and the key-help line are drawn from it, so a key that
 * works is a key that is listed, and the other way round.
 *
 * No curses here: keys are the terminal's characters plus the TUI_K_* codes
 * below, which the screen code maps curses' function keys to
 * (tui_screen_key), so the table is read and tested without a terminal.
 */
#ifndef TLSSIM_TUI_KEYS_H
#define TLSSIM_TUI_KEYS_H

#include "tui/tui_glyphs.h"
#include "tui/tui_key_table.h"

#include <stdbool.h>
#include <stddef.h>

/* Keys that are not one printable character. */
enum {
    TUI_K_CTRL_C = 3,
    TUI_K_CTRL_H = 8,
    TUI_K_TAB = '\t',
    TUI_K_ENTER = '\n',
    TUI_K_ESC = 27,
    TUI_K_DEL = 127,
    TUI_K_RIGHT = 0x110000,   /* past every Unicode character */
    TUI_K_LEFT,
    TUI_K_UP,
    TUI_K_DOWN,
    TUI_K_PGUP,
    TUI_K_PGDN,
    TUI_K_HOME,
    TUI_K_END,
    TUI_K_BTAB,
    TUI_K_RESIZE,
    TUI_K_OTHER,              /* a function key the table has no use for */
};

/* Who is reading the keys; an entry works in the modes of its mask. */
enum tui_mode {
    TUI_MODE_WALK = 1u << 0,    /* the walkthrough on its own */
    TUI_MODE_LESSON = 1u << 1,  /* the tutorial: reading a step */
    TUI_MODE_QUIZ = 1u << 2,    /* the tutorial: a quiz on screen waits for an answer */
    TUI_MODE_PLAY = 1u << 3,    /* the demo player */
    TUI_MODE_FOLLOW = 1u << 4,  /* following a presenter: the walkthrough's keys that
                                 * only look (scroll, hex, inspect); the presenter
                                 * moves the stages and the what-ifs */
    TUI_MODE_CONNECT = 1u << 5, /* a client connected to a server (`tlssim connect`): the
                                 * walkthrough's keys over the stages reached, → sends
                                 * the next flight; no what-ifs, they are the server's */
};

enum tui_action {
    TUI_ACT_NONE,
    TUI_ACT_NEXT,
    TUI_ACT_BACK,
    TUI_ACT_FIRST,
    TUI_ACT_LAST,
    TUI_ACT_STAGE,          /* a digit: that stage */
    TUI_ACT_FOCUS_NEXT,
    TUI_ACT_FOCUS_PREV,
    TUI_ACT_SCROLL_UP,
    TUI_ACT_SCROLL_DOWN,
    TUI_ACT_TOGGLE_WIRE,
    TUI_ACT_TOGGLE_VALUES,
    TUI_ACT_HELP,
    TUI_ACT_CLOSE,
    TUI_ACT_QUIT,
    TUI_ACT_RESIZE,
    TUI_ACT_TAMPER,         /* the what-ifs: from here ... */
    TUI_ACT_MITM,
    TUI_ACT_MODE,
    TUI_ACT_LEAK_KEY,
    TUI_ACT_CERT,
    TUI_ACT_DOWNGRADE,
    TUI_ACT_FINISHED,
    TUI_ACT_PAYLOAD,
    TUI_ACT_HELLO_RETRY,    /* ... to here */
    TUI_ACT_OTHER_SIDE,
    TUI_ACT_INSPECT,
    TUI_ACT_NARRATION,      /* the tutorial: the simulator's narration or the lesson */
    TUI_ACT_PICK,           /* a quiz: a letter or a number picks an answer */
    TUI_ACT_ANSWER,         /* a quiz: Enter answers */
    TUI_ACT_PAUSE,          /* the player: pause, resume, go on from a pause */
    TUI_ACT_STEP,           /* the player: on to the next stage, then hold */
    TUI_ACT_STEP_BACK,      /* the player: back a stage, then hold */
    TUI_ACT_MARK_NEXT,      /* the player: the next marker in script order */
    TUI_ACT_MARK_PREV,
    TUI_ACT_FASTER,
    TUI_ACT_SLOWER,
};

/* The action key has in mode, or TUI_ACT_NONE. */
enum tui_action tui_keys_action(unsigned mode, int key);

/* Whether action is one of the what-ifs, which rebuild the run. */
bool tui_keys_is_whatif(enum tui_action action);

/* Whether action changes the run on screen: its stage or a what-if. */
bool tui_keys_moves_run(enum tui_action action);

/* Fill docs (room for max) with the keys of mode in table order, the
 * arrows in the glyphs g; returns how many. */
size_t tui_keys_docs(unsigned mode, const struct tui_glyphs *g, struct tui_key_doc *docs,
                     size_t max);

/* What of the run on screen the help follows. */
struct tui_key_run {
    int cert_stage;     /* where the client receives the server's certificate
                         * (engine_certificate_stage), or 0: not named */
    bool tls13;         /* --protocol tls13: e and p do nothing there, r only there */
};

/* Fit docs (count rows from tui_keys_docs) to run: leave out the what-ifs
 * its protocol does not have, and make the inspect key's row name the
 * certificate's stage in words written to buf, which the row then points
 * to; returns how many rows remain. */
size_t tui_keys_fit_run(struct tui_key_doc *docs, size_t count, const struct tui_key_run *run,
                        char *buf, size_t len);

/* The first key that does action in mode, or 0 when none does. */
int tui_keys_first(unsigned mode, enum tui_action action);

/* Name key in buf for a note ("z", "Tab", "Up"). */
void tui_keys_name(int key, char *buf, size_t size);

#endif
