/*
 * diag.c - the list of problems in an input file, its printer, and the text
 * helpers parsers share.
 */
#include "base/diag.h"

#include "base/bytes.h"
#include "base/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SUGGEST_WORD_MAX 40

bool diags_add(struct diags *d, const char *file, unsigned line, unsigned col,
               const char *source, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    bool kept = diags_vadd(d, file, line, col, source, fmt, ap);
    va_end(ap);
    return kept;
}

bool diags_vadd(struct diags *d, const char *file, unsigned line, unsigned col,
                const char *source, const char *fmt, va_list ap)
{
    char message[DIAG_MESSAGE_MAX];

    if (d->count > DIAGS_MAX)
        return false;
    vsnprintf(message, sizeof message, fmt, ap);
    if (d->count == DIAGS_MAX) {
        snprintf(message, sizeof message,
                 "too many errors (%d); stopping here: fix these and check again", DIAGS_MAX);
        source = NULL;
    }
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->items = xrealloc(d->items, d->cap * sizeof *d->items);
    }
    struct diag *g = &d->items[d->count++];
    g->file = xstrdup(file);
    g->line = line;
    g->col = col ? col : 1;
    g->message = xstrdup(message);
    g->source = source ? xstrdup(source) : NULL;
    return d->count <= DIAGS_MAX;
}

void diags_sort(struct diags *d, size_t first)
{
    size_t end = d->count > DIAGS_MAX ? DIAGS_MAX : d->count;

    /* Insertion sort: stable, and the lists are short. */
    for (size_t i = first + 1; i < end; i++) {
        struct diag g = d->items[i];
        size_t j = i;
        while (j > first && d->items[j - 1].line > g.line) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = g;
    }
}

void diags_print(const struct diags *d, FILE *out)
{
    for (size_t i = 0; i < d->count; i++) {
        const struct diag *g = &d->items[i];

        fprintf(out, "%s:%u:%u: error: %s\n", g->file, g->line, g->col, g->message);
        if (g->source == NULL)
            continue;
        fprintf(out, "%s\n", g->source);
        /* Walk the characters before col, keeping tabs so the caret lines up. */
        const unsigned char *s = (const unsigned char *)g->source;
        for (unsigned c = 1; c < g->col && *s; s++) {
            if ((*s & 0xC0) == 0x80)
                continue;
            fputc(*s == '\t' ? '\t' : ' ', out);
            c++;
        }
        fputs("^\n", out);
    }
}

void diags_free(struct diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
        free(d->items[i].source);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* The length of the well-formed UTF-8 sequence at s (at most n bytes) that
 * is not a control character, or 0 if the bytes there are not one. */
static size_t utf8_char(const unsigned char *s, size_t n, const char **why)
{
    uint32_t cp;
    size_t len = text_utf8_char(s, n, &cp);

    if (len == 0) {
        *why = "bytes that are not UTF-8";
        return 0;
    }
    if (cp == 0) {
        *why = "a NUL byte";
        return 0;
    }
    if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f)) {
        *why = "a control character";
        return 0;
    }
    return len;
}

size_t diag_text_check(const char *s, size_t len, const char **why)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    *why = NULL;
    while (i < len) {
        size_t n = utf8_char(u + i, len - i, why);
        if (n == 0)
            return i;
        i += n;
    }
    *why = NULL;
    return len;
}

char *diag_text_printable(const char *s, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = xcalloc(1, (len < max ? len : max) + 4);
    size_t i = 0, o = 0;
    const char *why;

    while (i < len) {
        size_t n = utf8_char(u + i, len - i, &why);
        size_t take = n ? n : 1;
        if (o + take > max) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (n == 0)
            out[o] = '?';
        else
            memcpy(out + o, s + i, n);
        o += take;
        i += take;
    }
    out[o] = '\0';
    return out;
}

unsigned diag_column(const char *s, size_t off)
{
    unsigned col = 1;

    for (size_t i = 0; i < off && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

const char *diag_clip(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s);

    if (len < n) {
        memcpy(buf, s, len + 1);
        return buf;
    }
    size_t keep = n - 4;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(buf, s, keep);
    memcpy(buf + keep, "...", 4);
    return buf;
}

/* The optimal string alignment distance between a and b (edits, counting
 * a swap of two neighbours as one); both are at most SUGGEST_WORD_MAX long. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t d[SUGGEST_WORD_MAX + 1][SUGGEST_WORD_MAX + 1];

    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *diag_suggest(const char *word, const char *const *names, size_t count)
{
    char lower[SUGGEST_WORD_MAX + 1];
    size_t len = strlen(word);
    const char *best = NULL;
    size_t best_distance = 3;

    if (len == 0 || len > SUGGEST_WORD_MAX)
        return NULL;
    for (size_t i = 0; i <= len; i++)
        lower[i] = (word[i] >= 'A' && word[i] <= 'Z') ? (char)(word[i] - 'A' + 'a') : word[i];
    for (size_t i = 0; i < count; i++) {
        if (strlen(names[i]) > SUGGEST_WORD_MAX)
            continue;
        size_t dist = edit_distance(lower, names[i]);
        if (dist < best_distance && dist < len) {
            best = names[i];
            best_distance = dist;
        }
    }
    return best;
}
