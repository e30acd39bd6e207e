/*
 * tui_keys.c - the key table of the walkthrough, the tutorial and the player,
 * and the lookups that only it has.
 */
#include "config.h"

#include "tui/tui_keys.h"

#include <stdio.h>
#include <string.h>

#define W TUI_MODE_WALK
#define L TUI_MODE_LESSON
#define Q TUI_MODE_QUIZ
#define P TUI_MODE_PLAY
#define C TUI_MODE_CONNECT
#define ALL (W | L | Q | P)

/* Every key, in the order the overlay and the key-help line list them.
 * An action may have an entry per mode when its words differ there. */
static const struct tui_key_entry table[] = {
    {TUI_ACT_NEXT, C, {TUI_K_RIGHT, ' ', 'l', '\n', '\r', TUI_K_PGDN},
     "Right Space l Enter PgDn", "next stage; at the last one reached, send the next flight",
     TUI_KEY_GLYPH_RIGHT, "next/send"},
    {TUI_ACT_BACK, C, {TUI_K_LEFT, 'h', TUI_K_DEL, TUI_K_CTRL_H, TUI_K_PGUP},
     "Left h Backspace PgUp", "previous stage, as it happened", TUI_KEY_GLYPH_LEFT, "back"},
    {TUI_ACT_NONE, C, {0}, "t m e s c d f p",
     "no what-ifs here: they are the server's (its teacher's keys) or a relay's", NULL, NULL},
    {TUI_ACT_NEXT, W, {TUI_K_RIGHT, ' ', 'l', '\n', '\r', TUI_K_PGDN},
     "Right Space l Enter PgDn", "next stage", TUI_KEY_GLYPH_RIGHT, "next"},
    {TUI_ACT_NEXT, L, {TUI_K_RIGHT, ' ', 'l', '\n', '\r', TUI_K_PGDN},
     "Right Space l Enter PgDn", "read on; at the end of the step, the next one",
     TUI_KEY_GLYPH_RIGHT, "next"},
    {TUI_ACT_NEXT, Q, {TUI_K_RIGHT, ' ', 'l', TUI_K_PGDN}, "Right Space l PgDn",
     "read on (Enter answers the quiz)", TUI_KEY_GLYPH_RIGHT, "read on"},
    {TUI_ACT_BACK, W, {TUI_K_LEFT, 'h', TUI_K_DEL, TUI_K_CTRL_H, TUI_K_PGUP},
     "Left h Backspace PgUp", "previous stage (a replay)", TUI_KEY_GLYPH_LEFT, "back"},
    {TUI_ACT_BACK, L | Q, {TUI_K_LEFT, 'h', TUI_K_DEL, TUI_K_CTRL_H, TUI_K_PGUP},
     "Left h Backspace PgUp", "back a page; at the top, the previous step",
     TUI_KEY_GLYPH_LEFT, "back"},
    {TUI_ACT_PICK, Q, {'a', 'b', 'c', 'd', 'A', 'B', 'C', 'D', '1', '2', '3', '4'},
     "a b c d  1 2 3 4", "pick an answer", "a-d", "pick"},
    {TUI_ACT_ANSWER, Q, {'\n', '\r'}, "Enter", "answer with the one picked", "Enter",
     "answer"},
    {TUI_ACT_STAGE, W, {'1', '2', '3', '4', '5', '6', '7', '8'}, "1 2 3 4 5 6 7 8",
     "jump to that stage", "1-8", "stage"},
    {TUI_ACT_STAGE, L, {'1', '2', '3', '4', '5', '6', '7', '8'}, "1 2 3 4 5 6 7 8",
     "show that stage in the simulator", NULL, NULL},
    {TUI_ACT_FIRST, W | L, {TUI_K_HOME, 'g'}, "Home g / End G", "first / last stage", NULL,
     NULL},
    {TUI_ACT_LAST, W | L, {TUI_K_END, 'G'}, NULL, NULL, NULL, NULL},
    {TUI_ACT_PAUSE, P, {' '}, "Space", "pause / resume, or go on from a pause", "Space",
     "pause"},
    {TUI_ACT_STEP, P, {'.'}, ".", "the next stage from the one on screen, then hold", ".",
     "step"},
    {TUI_ACT_NEXT, P, {TUI_K_RIGHT, '\n', '\r'}, "Right Enter",
     "go on from a pause; else as .", NULL, NULL},
    {TUI_ACT_STEP_BACK, P, {',', TUI_K_LEFT}, ", Left",
     "the stage before the one on screen, then hold", ",", "back"},
    {TUI_ACT_MARK_NEXT, P, {']'}, "] [", "next / previous marker, in script order", "] [",
     "markers"},
    {TUI_ACT_MARK_PREV, P, {'['}, NULL, NULL, NULL, NULL},
    {TUI_ACT_FASTER, P, {'+', '='}, "+ -", "faster / slower (0.1x to 10x)", "+ -", "speed"},
    {TUI_ACT_SLOWER, P, {'-'}, NULL, NULL, NULL, NULL},
    {TUI_ACT_HELP, W | P, {'?'}, "?", "this help", "?", "help"},
    {TUI_ACT_HELP, L | Q, {'?'}, "?", "this help, and the step's hint when it has one", "?",
     "help"},
    {TUI_ACT_CLOSE, ALL, {TUI_K_ESC}, "Esc", "close the help or the overlay", NULL, NULL},
    {TUI_ACT_QUIT, ALL, {'q', 'Q', TUI_K_CTRL_C}, "q  Ctrl-C",
     "quit (a lesson saves your place first)", "q", "quit"},
    {TUI_ACT_NARRATION, L | Q, {'n'}, "n", "the simulator's narration, or the lesson", "n",
     "narration"},
    {TUI_ACT_FOCUS_NEXT, W | L, {TUI_K_TAB}, "Tab  Shift-Tab",
     "focus the next / previous pane", "Tab", "pane"},
    {TUI_ACT_FOCUS_PREV, W | L, {TUI_K_BTAB}, NULL, NULL, NULL, NULL},
    {TUI_ACT_SCROLL_UP, W | L | Q, {TUI_K_UP, 'k'}, "Up Down  k j",
     "scroll the focused pane a line", TUI_KEY_GLYPH_UPDOWN, "scroll"},
    {TUI_ACT_SCROLL_DOWN, W | L | Q, {TUI_K_DOWN, 'j'}, NULL, NULL, NULL, NULL},
    {TUI_ACT_SCROLL_UP, P, {TUI_K_UP, 'k'}, "Up Down  k j", "scroll the wire pane a line",
     NULL, NULL},
    {TUI_ACT_SCROLL_DOWN, P, {TUI_K_DOWN, 'j'}, NULL, NULL, NULL, NULL},
    {TUI_ACT_TOGGLE_WIRE, W | L, {'x'}, "x", "wire fields as hex or decoded", "x",
     "hex/decoded"},
    {TUI_ACT_TOGGLE_VALUES, W | L, {'v'}, "v", "long values: shortened or in full", "v",
     "full values"},
    {TUI_ACT_TAMPER, W | L, {'t'}, "t", "what if: tamper with this message", NULL, NULL},
    {TUI_ACT_MITM, W | L, {'m'}, "m", "what if: a man in the middle", NULL, NULL},
    {TUI_ACT_MODE, W | L, {'e'}, "e", "ephemeral (TLS 1.2 ECDHE) / transport", NULL, NULL},
    {TUI_ACT_LEAK_KEY, W | L, {'s'}, "s", "what if: the server's key leaks later", NULL, NULL},
    {TUI_ACT_OTHER_SIDE, W | L, {'o'}, "o", "forward secrecy: the other mode's run", NULL,
     NULL},
    {TUI_ACT_CERT, W | L, {'c'}, "c", "cycle the certificate scenario", NULL, NULL},
    {TUI_ACT_DOWNGRADE, W | L, {'d'}, "d  f", "downgrade / Finished messages on or off", NULL,
     NULL},
    {TUI_ACT_FINISHED, W | L, {'f'}, NULL, NULL, NULL, NULL},
    {TUI_ACT_PAYLOAD, W | L, {'p'}, "p", "application-layer AES payload on or off", NULL,
     NULL},
    {TUI_ACT_HELLO_RETRY, W | L, {'r'}, "r",
     "what if: HelloRetryRequest (TLS 1.3)", NULL, NULL},
    {TUI_ACT_INSPECT, W | L, {'i'}, "i", "explain the server's certificate", NULL, NULL},
    {TUI_ACT_RESIZE, ALL, {TUI_K_RESIZE}, NULL, NULL, NULL, NULL},
};

bool tui_keys_is_whatif(enum tui_action action)
{
    return action >= TUI_ACT_TAMPER && action <= TUI_ACT_HELLO_RETRY;
}

bool tui_keys_moves_run(enum tui_action action)
{
    return tui_keys_is_whatif(action) || action == TUI_ACT_NEXT || action == TUI_ACT_BACK ||
           action == TUI_ACT_STAGE || action == TUI_ACT_FIRST || action == TUI_ACT_LAST;
}

/* Whether entry e works in mode: a follower has the walkthrough's entries
 * that leave the run as it is; a connected client has its own stepping
 * and the walkthrough's other entries but the what-ifs. */
static bool entry_in_mode(const struct tui_key_entry *e, unsigned mode)
{
    if (mode & TUI_MODE_CONNECT)
        return (e->where & TUI_MODE_CONNECT) ||
               ((e->where & TUI_MODE_WALK) && !tui_keys_is_whatif(e->action) &&
                e->action != TUI_ACT_OTHER_SIDE && e->action != TUI_ACT_NEXT &&
                e->action != TUI_ACT_BACK);
    if (mode & TUI_MODE_FOLLOW)
        return (e->where & TUI_MODE_WALK) && !tui_keys_moves_run(e->action);
    return (e->where & mode) != 0;
}

/* The table: an entry works where it is listed, in the same modes. */
static const struct tui_key_table walk_keys = {
    table, sizeof table / sizeof table[0], entry_in_mode, entry_in_mode,
};

enum tui_action tui_keys_action(unsigned mode, int key)
{
    return (enum tui_action)tui_key_table_action(&walk_keys, mode, key);
}

size_t tui_keys_docs(unsigned mode, const struct tui_glyphs *g, struct tui_key_doc *docs,
                     size_t max)
{
    return tui_key_table_docs(&walk_keys, mode, g, docs, max);
}

/* The action of the table entry doc was made from, or TUI_ACT_NONE. */
static enum tui_action doc_action(const struct tui_key_doc *doc)
{
    for (size_t i = 0; i < walk_keys.count; i++)
        if (table[i].names == doc->keys && table[i].help == doc->what)
            return (enum tui_action)table[i].action;
    return TUI_ACT_NONE;
}

size_t tui_keys_fit_run(struct tui_key_doc *docs, size_t count, const struct tui_key_run *run,
                        char *buf, size_t len)
{
    size_t kept = 0;

    for (size_t d = 0; d < count; d++) {
        enum tui_action action = doc_action(&docs[d]);
        /* TLS 1.3 has one key exchange and no AES payload; only it retries */
        if (run->tls13 ? action == TUI_ACT_MODE || action == TUI_ACT_PAYLOAD
                       : action == TUI_ACT_HELLO_RETRY)
            continue;
        docs[kept] = docs[d];
        if (action == TUI_ACT_INSPECT && run->cert_stage > 0) {
            snprintf(buf, len, "explain the certificate of stage %d", run->cert_stage);
            docs[kept].what = buf;
        }
        kept++;
    }
    return kept;
}

int tui_keys_first(unsigned mode, enum tui_action action)
{
    for (size_t i = 0; i < walk_keys.count; i++)
        if (entry_in_mode(&table[i], mode) && table[i].action == (int)action)
            return table[i].keys[0];
    return 0;
}

void tui_keys_name(int key, char *buf, size_t size)
{
    static const struct {
        int key;
        const char *name;
    } names[] = {
        {TUI_K_RIGHT, "Right"}, {TUI_K_LEFT, "Left"}, {TUI_K_UP, "Up"},
        {TUI_K_DOWN, "Down"},   {TUI_K_PGUP, "PgUp"}, {TUI_K_PGDN, "PgDn"},
        {TUI_K_HOME, "Home"},   {TUI_K_END, "End"},   {TUI_K_BTAB, "Shift-Tab"},
        {TUI_K_TAB, "Tab"},     {TUI_K_ENTER, "Enter"}, {'\r', "Enter"},
        {' ', "Space"},         {TUI_K_ESC, "Esc"},   {TUI_K_DEL, "Backspace"},
    };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].key == key) {
            snprintf(buf, size, "%s", names[i].name);
            return;
        }
    }
    if (key > ' ' && key < 0x7f)
        snprintf(buf, size, "%c", (char)key);
    else
        snprintf(buf, size, "that key");
}
