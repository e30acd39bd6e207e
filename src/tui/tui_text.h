/*
 * tui_text.h - the content of a pane as styled lines, before it is drawn.
 *
 * Owns a growing list of lines, each a few spans of text with a role, laid
 * out for one width: words wrap at spaces, bytes become hex in pairs.  Text
 * is cleaned on the way in (control characters, and anything but ASCII in
 * ASCII mode, become '?'), and widths are measured in terminal columns.
 * Nothing here draws.
 */
#ifndef TLSSIM_TUI_TEXT_H
#define TLSSIM_TUI_TEXT_H

#include "tui/tui_glyphs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUI_LINE_SPANS 20

struct tui_span {
    enum tui_role role;
    char *text;
};

struct tui_line {
    struct tui_span span[TUI_LINE_SPANS];
    int span_count;
    int width;               /* columns used so far */
};

struct tui_lines {
    struct tui_line *v;
    size_t count;
    size_t cap;
    int width;               /* the width the lines are laid out for */
    bool ascii;
    bool marked;             /* some span has TUI_ROLE_HIGHLIGHT ... */
    size_t mark;             /* ... and this is the first line with one */
};

/* Start an empty list laid out for width columns. */
void tui_lines_init(struct tui_lines *l, int width, bool ascii);

/* Free every line, leaving l empty and ready for tui_lines_init. */
void tui_lines_free(struct tui_lines *l);

/* The number of columns text takes on the terminal (bytes n of it). */
int tui_text_width(const char *text, size_t n);

/* How many bytes of text fit in cols columns, never splitting a character. */
size_t tui_text_fit(const char *text, int cols);

/* Copy text into out (size bytes) shortened to cols columns on a word
 * boundary, ending in ellipsis when words were left out; just ellipsis
 * when not even the first word fits.  Returns the columns it takes. */
int tui_text_shorten(const char *text, int cols, const char *ellipsis, char *out, size_t size);

/* Start a new line holding text in role (cut to the width if too long). */
void tui_lines_add(struct tui_lines *l, enum tui_role role, const char *text);

/* Append text in role to the last line, cut to what still fits; with no
 * line yet, start one. */
void tui_lines_append(struct tui_lines *l, enum tui_role role, const char *text);

/* Add text in role word-wrapped at spaces: the first line after
 * first_prefix (in prefix_role), the others after indent spaces.  A
 * number keeps its unit ("40 B"); a word longer than a line breaks after
 * an '_' (or, without one, where the line ends) and the line ends in the
 * continuation mark. */
void tui_lines_wrap(struct tui_lines *l, enum tui_role prefix_role, const char *first_prefix,
                    enum tui_role role, int indent, const char *text);

/* Add a line of code in role after indent spaces, wrapped (at a space
 * where it can, else anywhere) with the continuation mark at the end of
 * each line it continues on and every character kept. */
void tui_lines_code(struct tui_lines *l, enum tui_role role, int indent, const char *text);

/* The continuation mark of a wrapped word or code line: one column. */
const char *tui_text_continuation(bool ascii);

/* Add bytes as hex pairs ("3f a0 ..."), indent spaces before each line; with
 * max_lines > 0, stop after that many lines and end the last with ellipsis. */
void tui_lines_hex(struct tui_lines *l, enum tui_role role, int indent, const uint8_t *bytes,
                   size_t len, int max_lines, const char *ellipsis);

/* As tui_lines_hex, but with ref (len bytes, or NULL for none) the bytes
 * that differ from ref's are drawn in mark_role. */
void tui_lines_hex_diff(struct tui_lines *l, enum tui_role role, enum tui_role mark_role,
                        int indent, const uint8_t *bytes, const uint8_t *ref, size_t len,
                        int max_lines, const char *ellipsis);

/* Add an empty line. */
void tui_lines_blank(struct tui_lines *l);

#endif
