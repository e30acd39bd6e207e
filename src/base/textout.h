/*
 * textout.h - word-wrapped text for the plain-text outputs (transcripts,
 * help screens): one place that decides where a line breaks.
 */
#ifndef TLSSIM_TEXTOUT_H
#define TLSSIM_TEXTOUT_H

#include <stdio.h>

/* Print prefix, then text (its control characters escaped) word-wrapped
 * so that no line passes width columns; lines after the first start with
 * indent spaces. */
void textout_wrapped(FILE *out, const char *prefix, const char *text, int indent, int width);

#endif
