/*
 * tui_cast.h - writing a screen's output as an asciicast v2 recording, the
 * format asciinema and its web player read: a header line of JSON, then
 * one JSON array a line, [seconds, "o", "bytes the terminal got"].
 *
 * Only the writing: the caller says when and what the screen wrote, so a
 * recording made on a virtual clock comes out byte for byte the same each
 * time.  No curses here.
 */
#ifndef TLSSIM_TUI_CAST_H
#define TLSSIM_TUI_CAST_H

#include <stddef.h>
#include <stdio.h>

/* Write the header of a recording of a cols x rows terminal of type term
 * called title; 0, or -1 when out fails. */
int tui_cast_header(FILE *out, int cols, int rows, const char *term, const char *title);

/* Write the len bytes the terminal got ms milliseconds after the start as
 * one output event (bytes that are not UTF-8 become U+FFFD); 0 or -1. */
int tui_cast_event(FILE *out, long long ms, const char *bytes, size_t len);

#endif
