/*
 * der_oid.c - OBJECT IDENTIFIERs read as dotted text: every arc in
 * decimal, however long (a UUID OID has arcs of 128 bits), a text too long
 * to show cut short with "...", and the encoding checked to its end.
 */
#include "pki/der.h"

#include "base/bytes.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Append sep (unless it is NUL) and v in decimal to the text in buf at
 * *used, keeping it terminated; false when that does not fit.  By hand, as
 * snprintf per arc cost more than reading the whole certificate. */
static bool append_arc(char *buf, size_t buflen, size_t *used, char sep, uint64_t v)
{
    char digits[20];
    size_t n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (*used + (sep != '\0') + n >= buflen)
        return false;
    if (sep != '\0')
        buf[(*used)++] = sep;
    while (n > 0)
        buf[(*used)++] = digits[--n];
    buf[*used] = '\0';
    return true;
}

/* Append sep and, in decimal, the arc whose n base-128 digits are at p,
 * less sub (0, or 80 for a first sub-identifier of 2.x), however long it
 * is: a UUID OID (2.25.N) has arcs of 128 bits; false when it does not fit. */
static bool append_big_arc(char *buf, size_t buflen, size_t *used, char sep, const uint8_t *p,
                           size_t n, unsigned sub)
{
    size_t cap = 3 * n + 3, len = 1;   /* 128^n < 10^(3n) */

    /* Its first base-128 digit is not zero (DER), so the arc is at least
     * 128^(n-1) >= 10^(2(n-1)), less sub: 2(n-1) decimal digits or more.
     * An arc that cannot fit is not converted at all, which keeps a hostile
     * arc of thousands of digits from costing quadratic time. */
    if (*used + (sep != '\0') + 2 * (n - 1) >= buflen)
        return false;
    uint8_t *dec = xcalloc(cap, 1);    /* decimal digits, least significant first */

    for (size_t i = 0; i < n; i++) {
        unsigned carry = p[i] & 0x7f;
        for (size_t k = 0; k < len || carry != 0; k++) {
            unsigned d = (k < len ? dec[k] : 0) * 128u + carry;
            dec[k] = (uint8_t)(d % 10);
            carry = d / 10;
            if (k >= len)
                len = k + 1;
        }
    }
    for (size_t k = 0; sub != 0; k++) {  /* the value is at least 80 when sub is */
        unsigned take = sub % 10;
        sub /= 10;
        if (dec[k] < take) {
            dec[k] = (uint8_t)(dec[k] + 10 - take);
            sub++;
        } else {
            dec[k] = (uint8_t)(dec[k] - take);
        }
    }
    while (len > 1 && dec[len - 1] == 0)
        len--;
    bool fits = *used + (sep != '\0') + len < buflen;
    if (fits) {
        if (sep != '\0')
            buf[(*used)++] = sep;
        while (len > 0)
            buf[(*used)++] = (char)('0' + dec[--len]);
        buf[*used] = '\0';
    }
    free(dec);
    return fits;
}

int der_read_oid(struct der_reader *r, const char *what, struct der_tlv *t,
                 char text[DER_OID_TEXT_MAX])
{
    if (der_expect(r, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, what, t) != 0)
        return -1;
    return der_get_oid(r, t, text, DER_OID_TEXT_MAX);
}

int der_get_oid(struct der_reader *r, const struct der_tlv *t, char *buf, size_t buflen)
{
    size_t used = 0, start = 0;
    uint64_t v = 0;
    bool first = true, cut = false;

    if (t->len == 0)
        return der_fail(r, t->offset, "the OBJECT IDENTIFIER at offset %zu is empty",
                        t->offset);
    for (size_t i = 0; i < t->len; i++) {
        uint8_t b = t->content[i];
        if (i == start && b == 0x80)
            return der_fail(r, t->offset, "the OBJECT IDENTIFIER at offset %zu has an arc "
                            "with a leading zero digit, which DER forbids", t->offset);
        v = (v << 7) | (b & 0x7f);   /* only used while the arc has at most 9 digits */
        if (b & 0x80)
            continue;
        size_t n = i - start + 1;
        const uint8_t *arc = t->content + start;
        bool fits = true;
        if (cut) {
            /* the text is full: the rest is still checked, not shown */
        } else if (first && n > 9) {
            fits = append_arc(buf, buflen, &used, '\0', 2) &&
                   append_big_arc(buf, buflen, &used, '.', arc, n, 80);
        } else if (first) {
            uint64_t top = v < 40 ? 0 : v < 80 ? 1 : 2;
            fits = append_arc(buf, buflen, &used, '\0', top) &&
                   append_arc(buf, buflen, &used, '.', v - 40 * top);
        } else if (n > 9) {
            fits = append_big_arc(buf, buflen, &used, '.', arc, n, 0);
        } else {
            fits = append_arc(buf, buflen, &used, '.', v);
        }
        first = false;
        if (!fits) {   /* longer than any real OID: shown cut short, never refused */
            cut = true;
            size_t at = used + 4 <= buflen ? used : buflen - 4;
            snprintf(buf + at, buflen - at, "...");
            used = at + 3;
        }
        v = 0;
        start = i + 1;
    }
    if (t->content[t->len - 1] & 0x80)
        return der_fail(r, t->offset, "the OBJECT IDENTIFIER at offset %zu ends in the "
                        "middle of an arc", t->offset);
    return 0;
}
