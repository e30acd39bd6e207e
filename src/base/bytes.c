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

/* Most formatted strings fit here and are formatted once; longer ones twice. */
#define XASPRINTF_STACK_BYTES 256

/* A buffer's first block: most (frames, certificates, sentences) fit it,
 * so that growing, which copies and wipes, is rare. */
#define BYTES_FIRST_CAP 256

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

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xvasprintf(const char *fmt, va_list ap)
{
    char buf[XASPRINTF_STACK_BYTES];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, copy);
    va_end(copy);
    if (n < 0)
        out_of_memory();
    char *s = xmalloc((size_t)n + 1);
    if ((size_t)n < sizeof buf) {
        memcpy(s, buf, (size_t)n + 1);
        crypt_wipe(buf, (size_t)n);   /* the text may quote a secret */
    } else {
        crypt_wipe(buf, sizeof buf);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    }
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

uint8_t *bytes_grow(struct bytes *b, size_t len)
{
    if (len > SIZE_MAX - b->len)
        out_of_memory();
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : BYTES_FIRST_CAP;
        while (cap < b->len + len)
            cap = cap > SIZE_MAX / 2 ? b->len + len : cap * 2;
        /* Grow by copying so that no stale secret is left in freed memory. */
        uint8_t *grown = xcalloc(1, cap);
        if (b->data) {
            memcpy(grown, b->data, b->len);
            crypt_free(b->data, b->cap);
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

void bytes_append_be(struct bytes *b, uint64_t v, size_t n)
{
    uint8_t *p = bytes_extend(b, n);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

uint8_t *bytes_dup(const void *p, size_t len)
{
    uint8_t *d = xmalloc(len);
    if (len)
        memcpy(d, p, len);
    else
        d[0] = 0;
    return d;
}

void bytes_free(struct bytes *b)
{
    crypt_free(b->data, b->cap);
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
