/*
 * text.h - rules for text that comes from outside.
 *
 * Owns what counts as well-formed UTF-8 wherever bytes from a script or the
 * command line are shown or written as text (shortest form only, no
 * surrogates, nothing above U+10FFFF), how names typed by people are
 * compared (without regard to ASCII case), and how such bytes are made
 * safe to print: no control character from a file reaches the terminal.
 */
#ifndef TLSSIM_TEXT_H
#define TLSSIM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The length (1 to 4) of the well-formed UTF-8 character at s, reading at
 * most n bytes (n >= 1), with its code point in *cp; 0 when the bytes there
 * are not one. */
size_t text_utf8_char(const uint8_t *s, size_t n, uint32_t *cp);

/* True when a and b are equal, ignoring ASCII case. */
bool text_equal_fold(const char *a, const char *b);

/* True when needle occurs in hay, ignoring ASCII case. */
bool text_contains_fold(const char *hay, const char *needle);

/* A copy of s (caller frees) in which every control character (C0, DEL,
 * C1) and every byte that is not well-formed UTF-8 is written as \xHH, so
 * that text from a file can never move the cursor or clear the screen. */
char *text_escape_controls(const char *s);

#endif
