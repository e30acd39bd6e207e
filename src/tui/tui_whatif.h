/*
 * tui_whatif.h - the what-ifs as the TUI's keys change them: which option
 * a key turns on or off, when it cannot, and the one line that names every
 * what-if that is on.  Works on the options only: no engine, no curses, so
 * the controller decides with it and any front end can reuse it.
 */
#ifndef TLSSIM_TUI_WHATIF_H
#define TLSSIM_TUI_WHATIF_H

#include "engine/options.h"

#include <stdbool.h>
#include <stddef.h>

#define TUI_NOTE_MAX 256

enum tui_whatif {
    TUI_WHATIF_TAMPER,      /* t: flip a byte of the current stage's message */
    TUI_WHATIF_MITM,        /* m: Mallory in the middle */
    TUI_WHATIF_MODE,        /* e: ephemeral or key transport */
    TUI_WHATIF_LEAK_KEY,    /* s: the server key leaks after the session */
    TUI_WHATIF_CERT,        /* c: the next certificate scenario */
    TUI_WHATIF_DOWNGRADE,   /* d: Mallory strips the strong suites */
    TUI_WHATIF_FINISHED,    /* f: Finished messages */
    TUI_WHATIF_PAYLOAD,     /* p: the application's own AES layer */
    TUI_WHATIF_HELLO_RETRY, /* r: TLS 1.3's first ClientHello has no key share */
};

/* Change o as the key for w does at stage (stage_sends: whether that stage
 * puts a message on the wire); returns 0 with note saying what is now on or
 * off, or -1 with note saying in one line why nothing changed. */
int tui_whatif_toggle(struct sim_options *o, enum tui_whatif w, int stage, bool stage_sends,
                      char *note, size_t notelen);

/* "what-ifs: MITM, tamper@5, ephemeral", or "" when every what-if is off. */
void tui_whatif_summary(const struct sim_options *o, char *buf, size_t len);

#endif
