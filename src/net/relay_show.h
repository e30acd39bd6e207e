/*
 * relay_show.h - how the relay and `tlssim eve` put on a terminal what
 * passes the wire and what Eve (or Mallory) makes of it: a frame as its
 * labelled fields (wire_describe, no key needed), and the events of Eve's
 * log as one line each.
 */
#ifndef TLSSIM_NET_RELAY_SHOW_H
#define TLSSIM_NET_RELAY_SHOW_H

#include "engine/event.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Show one message of the eight-stage flow (a wire frame: type, 3-byte
 * length, body) that travelled at stage, toward the server or the client:
 * one line when plain, else a title line and a line per field. */
void relay_show_message(FILE *out, bool plain, const char *prefix, int stage, bool to_server,
                        const uint8_t *msg, size_t len);

/* Show the events of log from index `from` on, one line each, prefixed
 * and named for who (Eve or Mallory); with only_deeds, only what she did
 * or read (actions, checks, and values read), not every public value she
 * noted.  A check says whether the attack worked. */
void relay_show_events(FILE *out, const char *prefix, const char *who,
                       const struct sim_log *log, size_t from, bool only_deeds);

/* Append at most max bytes of p as hex to a line, with "..." and the length
 * when cut. */
void relay_show_hex(FILE *out, const uint8_t *p, size_t len, size_t max);

#endif
