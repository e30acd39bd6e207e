/*
 * text.c - the UTF-8 well-formedness rule (RFC 3629) and case-blind names.
 */
#include "base/text.h"

#include "base/bytes.h"

#include <stdio.h>
#include <string.h>

size_t text_utf8_char(const uint8_t *s, size_t n, uint32_t *cp)
{
    uint8_t c = s[0];
    size_t len;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* ASCII lower case of c. */
static char fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool text_equal_fold(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (fold(*a) != fold(*b))
            return false;
    return *a == *b;
}

bool text_contains_fold(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] && fold(hay[k]) == fold(needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return n == 0;
}

char *text_escape_controls(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t n = strlen(s);
    char *out = xcalloc(4 * n + 1, 1);   /* each byte grows to \xHH at most */
    size_t used = 0;

    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = text_utf8_char(p + i, n - i, &cp);
        if (len == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            size_t bad = len == 0 ? 1 : len;
            for (size_t k = 0; k < bad; k++)
                used += (size_t)snprintf(out + used, 5, "\\x%02x", p[i + k]);
            i += bad;
        } else {
            memcpy(out + used, p + i, len);
            used += len;
            i += len;
        }
    }
    out[used] = '\0';
    return out;
}
