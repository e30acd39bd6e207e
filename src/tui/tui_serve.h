/*
 * tui_serve.h - the teacher's dashboard of `tlssim serve` on a terminal:
 * one row per student's connection (name, address, protocol, stage,
 * outcome and why), the totals, the last log lines, and keys that switch
 * the what-ifs every new connection gets.  It reads the hub and changes
 * only its settings; the server's loop stays the caller's.
 */
#ifndef TLSSIM_TUI_SERVE_H
#define TLSSIM_TUI_SERVE_H

#include "net/flow_hub.h"

#include <stdbool.h>
#include <stdio.h>

struct tui_serve;

/* Take the terminal (curses on out, keys from in); NULL, with a line on
 * stderr, when it cannot be driven.  title names the server (its port),
 * fingerprint is the CA's as students compare it (AB:CD:...). */
struct tui_serve *tui_serve_open(FILE *out, FILE *in, const char *title,
                                 const char *fingerprint);

/* Draw the hub as it is now. */
void tui_serve_draw(struct tui_serve *t, const struct flow_hub *h);

/* Read the keys that are waiting and act on them: c cycles the certificate
 * kind, m the mode, f Finished, q (or a caught signal) quits.  true when
 * the teacher asked to stop. */
bool tui_serve_keys(struct tui_serve *t, struct flow_hub *h);

/* Give the terminal back; NULL is fine. */
void tui_serve_close(struct tui_serve *t);

#endif
