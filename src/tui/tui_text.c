/*
 * tui_text.c - styled lines: cleaning, measuring, wrapping and hex.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui_text.h"

#include "base/bytes.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void tui_lines_init(struct tui_lines *l, int width, bool ascii)
{
    memset(l, 0, sizeof *l);
    l->width = width > 1 ? width : 1;
    l->ascii = ascii;
}

void tui_lines_free(struct tui_lines *l)
{
    for (size_t i = 0; i < l->count; i++)
        for (int s = 0; s < l->v[i].span_count; s++)
            free(l->v[i].span[s].text);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* The length of the valid character at p (1..4), with the character in
 * *wc, or 0 if p does not start one. */
static size_t read_char(const char *p, size_t n, wchar_t *wc)
{
    mbstate_t st;

    memset(&st, 0, sizeof st);
    size_t k = mbrtowc(wc, p, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
        return 0;
    return k;
}

/* The length of the valid character at p (1..4), or 0 if p does not start one. */
static size_t char_length(const char *p, size_t n)
{
    wchar_t wc;

    return read_char(p, n, &wc);
}

int tui_text_width(const char *text, size_t n)
{
    int cols = 0;
    size_t i = 0;

    while (i < n && text[i] != '\0') {
        if ((unsigned char)text[i] < 0x80) {
            cols++;
            i++;
            continue;
        }
        wchar_t wc;
        size_t k = read_char(text + i, n - i, &wc);
        if (k == 0) {
            cols++;
            i++;
            continue;
        }
        int w = wcwidth(wc);
        cols += w < 0 ? 1 : w;
        i += k;
    }
    return cols;
}

size_t tui_text_fit(const char *text, int cols)
{
    size_t i = 0;
    size_t n = strlen(text);
    int used = 0;

    while (i < n) {
        size_t k = (unsigned char)text[i] < 0x80 ? 1 : char_length(text + i, n - i);
        if (k == 0)
            k = 1;
        int w = tui_text_width(text + i, k);
        if (used + w > cols)
            break;
        used += w;
        i += k;
    }
    return i;
}

/* A copy of text that is safe to draw: control characters become '?', and
 * so does any character the mode cannot show (non-ASCII in ASCII mode,
 * invalid sequences in UTF-8 mode). */
static char *clean_copy(const char *text, bool ascii)
{
    size_t n = strlen(text);
    char *out = xcalloc(1, n + 1);
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
            i++;
            continue;
        }
        size_t k = char_length(text + i, n - i);
        if (ascii || k == 0) {
            out[o++] = '?';
            i += k ? k : 1;
            continue;
        }
        memcpy(out + o, text + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    return out;
}

/* Append a new empty line and return it. */
static struct tui_line *new_line(struct tui_lines *l)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    struct tui_line *line = &l->v[l->count++];
    memset(line, 0, sizeof *line);
    return line;
}

/* Put text (already clean) into line as a span, cut to the columns left. */
static void put_span(struct tui_lines *l, struct tui_line *line, enum tui_role role,
                     const char *clean)
{
    if (line->span_count == TUI_LINE_SPANS)
        return;
    size_t n = tui_text_fit(clean, l->width - line->width);
    char *text = xcalloc(1, n + 1);
    memcpy(text, clean, n);
    text[n] = '\0';
    line->span[line->span_count++] = (struct tui_span){role, text};
    line->width += tui_text_width(text, n);
    if (role == TUI_ROLE_HIGHLIGHT && !l->marked) {
        l->marked = true;
        l->mark = (size_t)(line - l->v);
    }
}

void tui_lines_add(struct tui_lines *l, enum tui_role role, const char *text)
{
    char *clean = clean_copy(text, l->ascii);

    put_span(l, new_line(l), role, clean);
    free(clean);
}

void tui_lines_append(struct tui_lines *l, enum tui_role role, const char *text)
{
    if (l->count == 0) {
        tui_lines_add(l, role, text);
        return;
    }
    char *clean = clean_copy(text, l->ascii);
    put_span(l, &l->v[l->count - 1], role, clean);
    free(clean);
}

void tui_lines_blank(struct tui_lines *l)
{
    new_line(l);
}

/* The end of the longest run of whole words from p that fits in cols
 * columns; a first word longer than that is cut. */
static const char *wrap_end(const char *p, int cols)
{
    const char *fit = NULL;
    const char *q = p;

    while (*q != '\0') {
        const char *word_end = q;
        while (*word_end != '\0' && *word_end != ' ')
            word_end++;
        if (tui_text_width(p, (size_t)(word_end - p)) > cols)
            break;
        fit = word_end;
        q = word_end;
        while (*q == ' ')
            q++;
    }
    if (fit == NULL) {
        size_t n = tui_text_fit(p, cols);
        fit = p + (n ? n : 1);
    }
    return fit;
}

void tui_lines_wrap(struct tui_lines *l, enum tui_role prefix_role, const char *first_prefix,
                    enum tui_role role, int indent, const char *text)
{
    static const char blanks[] = "                                ";
    char *clean = clean_copy(text, l->ascii);
    char *prefix = clean_copy(first_prefix, l->ascii);
    const char *p = clean;
    bool first = true;

    if (indent < 0)
        indent = 0;
    if (indent > l->width - 1)
        indent = l->width - 1;
    if (indent > (int)sizeof blanks - 1)
        indent = (int)sizeof blanks - 1;
    while (*p == ' ')
        p++;
    do {
        int lead = first ? tui_text_width(prefix, strlen(prefix)) : indent;
        int avail = l->width - lead;
        const char *end = *p && avail > 0 ? wrap_end(p, avail) : p;
        size_t n = (size_t)(end - p);
        struct tui_line *line = new_line(l);
        if (first && prefix[0] != '\0')
            put_span(l, line, prefix_role, prefix);
        else if (!first && indent > 0)
            put_span(l, line, role, blanks + sizeof blanks - 1 - indent);
        char *row = xcalloc(1, n + 1);
        memcpy(row, p, n);
        row[n] = '\0';
        put_span(l, line, role, row);
        free(row);
        p = end;
        while (*p == ' ')
            p++;
        first = false;
    } while (*p != '\0');
    free(prefix);
    free(clean);
}

/* Put row[from, to) into line as one span in role. */
static void put_run(struct tui_lines *l, struct tui_line *line, enum tui_role role,
                    const char *row, size_t from, size_t to)
{
    char *run = xcalloc(1, to - from + 1);

    memcpy(run, row + from, to - from);
    run[to - from] = '\0';
    put_span(l, line, role, run);
    free(run);
}

void tui_lines_hex_diff(struct tui_lines *l, enum tui_role role, enum tui_role mark_role,
                        int indent, const uint8_t *bytes, const uint8_t *ref, size_t len,
                        int max_lines, const char *ellipsis)
{
    static const char digits[] = "0123456789abcdef";
    int avail = l->width - indent;
    size_t per_line = avail >= 2 ? (size_t)(avail + 1) / 3 : 1;
    char row[1024];
    bool marked[sizeof row];
    int lines = 0;

    if (indent < 0 || (size_t)indent >= sizeof row / 2)
        indent = 0;
    for (size_t i = 0; i < len; lines++) {
        size_t take = per_line;
        bool cut = max_lines > 0 && lines + 1 == max_lines && len - i > per_line;
        if (cut)
            take = avail >= 4 ? (size_t)(avail - 1) / 3 : 1;
        if (take > len - i)
            take = len - i;
        if (take * 3 + (size_t)indent + 8 > sizeof row)
            take = (sizeof row - (size_t)indent - 8) / 3;
        size_t o = (size_t)indent;
        memset(row, ' ', o);
        memset(marked, 0, sizeof marked);
        for (size_t j = 0; j < take; j++) {
            if (j > 0)
                row[o++] = ' ';
            bool differs = ref != NULL && bytes[i + j] != ref[i + j];
            marked[o] = marked[o + 1] = differs;
            row[o++] = digits[bytes[i + j] >> 4];
            row[o++] = digits[bytes[i + j] & 0x0f];
        }
        row[o] = '\0';
        /* Runs of the same role become spans; the last spans are kept for
         * the ellipsis, and whatever does not fit goes in one last run. */
        struct tui_line *line = new_line(l);
        size_t from = 0;
        for (size_t k = 1; k <= o; k++) {
            if (k < o && marked[k] == marked[from])
                continue;
            if (line->span_count == TUI_LINE_SPANS - 3 && k < o) {
                put_run(l, line, ref != NULL ? mark_role : role, row, from, o);
                break;
            }
            put_run(l, line, marked[from] ? mark_role : role, row, from, k);
            from = k;
        }
        i += take;
        if (cut) {
            put_span(l, line, TUI_ROLE_DIM, " ");
            put_span(l, line, TUI_ROLE_DIM, ellipsis);
            break;
        }
    }
}

void tui_lines_hex(struct tui_lines *l, enum tui_role role, int indent, const uint8_t *bytes,
                   size_t len, int max_lines, const char *ellipsis)
{
    tui_lines_hex_diff(l, role, role, indent, bytes, NULL, len, max_lines, ellipsis);
}
