/*
 * diag.h - diagnostics for the parsers of input files (lessons, scripts).
 *
 * Owns the list of problems found in a file, each at file:line:col with a
 * copy of its source line made safe to print, and the printer that shows
 * them the way compilers do.  Also the small text helpers every parser of
 * user files needs: checking that a line is clean UTF-8, counting columns,
 * and suggesting the name a typo was meant to be.
 */
#ifndef TLSSIM_DIAG_H
#define TLSSIM_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DIAGS_MAX 100      /* problems kept before a parser gives up */
#define DIAG_MESSAGE_MAX 512

/* One problem in an input file; line and col count from 1. */
struct diag {
    char *file;
    unsigned line;
    unsigned col;          /* in characters; a tab counts as one */
    char *message;
    char *source;          /* the line, safe to print, or NULL when there is none */
};

struct diags {
    struct diag *items;
    size_t count;
    size_t cap;
};

/* Append a problem at file:line:col with a copy of source (NULL for none);
 * returns false once DIAGS_MAX are kept, after adding one that says so. */
bool diags_add(struct diags *d, const char *file, unsigned line, unsigned col,
               const char *source, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* diags_add() with the arguments of the message in a va_list. */
bool diags_vadd(struct diags *d, const char *file, unsigned line, unsigned col,
                const char *source, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Put the problems from index first on in line order, keeping the order
 * of those on one line (and a final "too many errors" last). */
void diags_sort(struct diags *d, size_t first);

/* Write each problem as "file:line:col: error: message", then its source
 * line and a caret under col. */
void diags_print(const struct diags *d, FILE *out);

/* Free every problem and leave d empty and reusable. */
void diags_free(struct diags *d);

/* Find the first byte of the len bytes at s that is not clean UTF-8 text
 * (a NUL, a control character other than tab, a malformed sequence);
 * returns its offset, or len when there is none, with a reason in *why. */
size_t diag_text_check(const char *s, size_t len, const char **why);

/* A copy of len bytes at s that is safe to print: bad bytes become '?', and
 * a line longer than max bytes is cut at a character and ends in "...". */
char *diag_text_printable(const char *s, size_t len, size_t max);

/* The 1-based column of byte offset off in the clean UTF-8 line s. */
unsigned diag_column(const char *s, size_t off);

/* Copy s into buf (of size n), cut at a whole character with "..." when it
 * does not fit, so a message can quote any word; returns buf. */
const char *diag_clip(const char *s, char *buf, size_t n);

/* The name among names[0..count) that word most likely misspells, or NULL. */
const char *diag_suggest(const char *word, const char *const *names, size_t count);

#endif
