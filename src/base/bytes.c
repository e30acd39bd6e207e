/*
 * bytes.c - growable byte buffers and small allocation helpers.
 */
#include "base/bytes.h"

#include "base/crypt.h"
#include "base/die.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print the reason and stop: used only when memory runs out. */
static void out_of_memory(void)
{
    die("out of memory");
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL)
        out_of_memory();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xcalloc(1, n);
    memcpy(d, s, n);
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        out_of_memory();
    char *s = xcalloc(1, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

uint8_t *bytes_extend(struct bytes *b, size_t len)
{
    if (len > SIZE_MAX - b->len)
        out_of_memory();
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + len)
            cap = cap > SIZE_MAX / 2 ? b->len + len : cap * 2;
        /* Grow by copying so that no stale secret is left in freed memory. */
        uint8_t *grown = xcalloc(1, cap);
        if (b->data) {
            memcpy(grown, b->data, b->len);
            crypt_wipe(b->data, b->cap);
            free(b->data);
        }
        b->data = grown;
        b->cap = cap;
    }
    uint8_t *start = b->data + b->len;
    b->len += len;
    return start;
}

void bytes_append(struct bytes *b, const void *p, size_t len)
{
    if (len == 0)
        return;
    memcpy(bytes_extend(b, len), p, len);
}

void bytes_append_byte(struct bytes *b, uint8_t v)
{
    *bytes_extend(b, 1) = v;
}

void bytes_append_be(struct bytes *b, uint64_t v, size_t n)
{
    uint8_t *p = bytes_extend(b, n);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

uint8_t *bytes_dup(const void *p, size_t len)
{
    uint8_t *d = xcalloc(1, len ? len : 1);
    if (len)
        memcpy(d, p, len);
    return d;
}

void bytes_free(struct bytes *b)
{
    if (b->data) {
        crypt_wipe(b->data, b->cap);
        free(b->data);
    }
    b->data = NULL;
    b->len = b->cap = 0;
}

char *bytes_to_hex(const uint8_t *p, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char *s = xcalloc(1, 2 * len + 1);
    for (size_t i = 0; i < len; i++) {
        s[2 * i] = digits[p[i] >> 4];
        s[2 * i + 1] = digits[p[i] & 15];
    }
    return s;
}
