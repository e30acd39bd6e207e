/*
 * tui_text.c - styled lines: cleaning, measuring, wrapping and hex.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "config.h"

#include "tui/tui_text.h"

#include "base/bytes.h"

#include <stddef.h>
#include <stdio.h>
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

/* Put text (already clean) into line as a span; text longer than the
 * columns left is shortened on a word boundary with an ellipsis, or where
 * it has no spaces (hex, a name) cut there. */
static void put_span(struct tui_lines *l, struct tui_line *line, enum tui_role role,
                     const char *clean)
{
    int left = l->width - line->width;

    if (line->span_count == TUI_LINE_SPANS)
        return;
    size_t n = tui_text_fit(clean, left);
    char *text;
    size_t lead = strspn(clean, " ");
    if (clean[n] != '\0' && n > lead && memchr(clean + lead, ' ', n - lead) != NULL) {
        text = xcalloc(1, n + 8);
        tui_text_shorten(clean, left, l->ascii ? "~" : "\xe2\x80\xa6", text, n + 8);
        n = strlen(text);
    } else {
        text = xcalloc(1, n + 1);
        memcpy(text, clean, n);
    }
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

int tui_text_shorten(const char *text, int cols, const char *ellipsis, char *out, size_t size)
{
    size_t n = strlen(text);
    int ew = tui_text_width(ellipsis, strlen(ellipsis));
    size_t best = 0;

    if (size == 0)
        return 0;
    if (tui_text_width(text, n) <= cols) {
        snprintf(out, size, "%s", text);
        return tui_text_width(out, strlen(out));
    }
    for (size_t i = 1; i < n; i++)
        if (text[i] == ' ' && text[i - 1] != ' ' && tui_text_width(text, i) + ew <= cols)
            best = i;
    /* no dangling punctuation in front of the ellipsis */
    while (best > 0 && strchr(" ,:;-(", text[best - 1]) != NULL)
        best--;
    if (best == 0 && ew > cols) {
        out[0] = '\0';
        return 0;
    }
    snprintf(out, size, "%.*s%s", (int)best, text, ellipsis);
    return tui_text_width(out, strlen(out));
}

const char *tui_text_continuation(bool ascii)
{
    return ascii ? "\\" : "\xe2\x86\xa9"; /* U+21A9 */
}

/* Whether the word [from, to) is a unit that stays with the number before
 * it ("40 B", "(32 B)", "365 days,"). */
static bool is_unit(const char *from, const char *to)
{
    static const char *const units[] = {"B",   "bytes", "byte", "bits", "bit", "ms",
                                         "s",   "days",  "day",  "KiB",  "MiB", "%"};

    while (to > from && strchr(").,;:]", to[-1]) != NULL)
        to--;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if ((size_t)(to - from) == strlen(units[i]) &&
            memcmp(from, units[i], (size_t)(to - from)) == 0)
            return true;
    return false;
}

/* The end of the run from q that must not be broken: a word, and a unit
 * after it when the word ends in a digit. */
static const char *run_end(const char *q)
{
    const char *end = q;

    while (*end != '\0' && *end != ' ')
        end++;
    while (end > q && end[-1] >= '0' && end[-1] <= '9' && *end == ' ') {
        const char *next = end + 1;
        const char *next_end = next;
        while (*next_end != '\0' && *next_end != ' ')
            next_end++;
        if (next_end == next || !is_unit(next, next_end))
            break;
        end = next_end;
    }
    return end;
}

/* Where a word too long for cols columns breaks: after the last '_', '-',
 * '.' or '/', or before a capital that follows a small letter, that leaves
 * the first part within cols; else where cols ends. */
static const char *word_break(const char *p, int cols)
{
    size_t fit = tui_text_fit(p, cols);
    const char *best = NULL;

    for (size_t i = 1; i < fit; i++) {
        if (strchr("_-./", p[i - 1]) != NULL ||
            (p[i] >= 'A' && p[i] <= 'Z' && p[i - 1] >= 'a' && p[i - 1] <= 'z'))
            best = p + i;
    }
    if (best != NULL && best - p >= (ptrdiff_t)fit / 3)
        return best;
    return p + (fit ? fit : 1);
}

/* The end of the longest run of whole words from p that fits in cols
 * columns; a first word longer than that breaks (*broken set) in a place
 * word_break picks, one column short for the continuation mark. */
static const char *wrap_end(const char *p, int cols, bool *broken)
{
    const char *fit = NULL;
    const char *q = p;

    *broken = false;
    while (*q != '\0') {
        const char *word_end = run_end(q);
        if (tui_text_width(p, (size_t)(word_end - p)) > cols)
            break;
        fit = word_end;
        q = word_end;
        while (*q == ' ')
            q++;
    }
    if (fit == NULL) {
        *broken = cols > 1;
        fit = word_break(p, cols > 1 ? cols - 1 : cols);
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
        bool broken = false;
        const char *end = *p && avail > 0 ? wrap_end(p, avail, &broken) : p;
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
        if (broken)
            put_span(l, line, TUI_ROLE_DIM, tui_text_continuation(l->ascii));
        free(row);
        p = end;
        while (*p == ' ')
            p++;
        first = false;
    } while (*p != '\0');
    free(prefix);
    free(clean);
}

void tui_lines_code(struct tui_lines *l, enum tui_role role, int indent, const char *text)
{
    static const char blanks[] = "                                ";
    char *clean = clean_copy(text, l->ascii);
    const char *p = clean;
    int lead = indent;

    if (lead < 0)
        lead = 0;
    do {
        if (lead > l->width - 8)
            lead = l->width > 8 ? l->width - 8 : 0;
        if (lead > (int)sizeof blanks - 1)
            lead = (int)sizeof blanks - 1;
        int avail = l->width - lead;
        size_t n = strlen(p);
        bool more = tui_text_width(p, n) > avail;
        if (more) {
            /* one column for the mark; break after the last space that fits */
            size_t fit = tui_text_fit(p, avail - 1);
            size_t cut = fit;
            while (cut > 0 && p[cut - 1] != ' ')
                cut--;
            n = cut > fit / 3 ? cut : (fit ? fit : 1);
        }
        struct tui_line *line = new_line(l);
        if (lead > 0)
            put_span(l, line, role, blanks + sizeof blanks - 1 - lead);
        char *row = xcalloc(1, n + 1);
        memcpy(row, p, n);
        put_span(l, line, role, row);
        free(row);
        if (more)
            put_span(l, line, TUI_ROLE_DIM, tui_text_continuation(l->ascii));
        p += n;
        lead = indent + 2;
    } while (*p != '\0');
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
