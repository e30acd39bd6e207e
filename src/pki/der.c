/*
 * der.c - the DER writer and the strict, bounded DER reader.
 */
#include "pki/der.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Calendar arithmetic (days since 1970-01-01, proleptic Gregorian)    */
/* ------------------------------------------------------------------ */

/* Days from 1970-01-01 to year-month-day. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void der_time_to_civil(int64_t t, struct der_civil_time *c)
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    c->year = yoe + era * 400 + (c->month <= 2);
    c->hour = (int)(secs / 3600);
    c->minute = (int)(secs / 60 % 60);
    c->second = (int)(secs % 60);
}

/* Write v as n decimal digits, zero-padded, at p. */
static void put_decimal(char *p, unsigned v, int n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

void der_civil_digits(const struct der_civil_time *c, char digits[DER_CIVIL_DIGITS])
{
    put_decimal(digits, (unsigned)c->year, 4);
    put_decimal(digits + 4, (unsigned)c->month, 2);
    put_decimal(digits + 6, (unsigned)c->day, 2);
    put_decimal(digits + 8, (unsigned)c->hour, 2);
    put_decimal(digits + 10, (unsigned)c->minute, 2);
    put_decimal(digits + 12, (unsigned)c->second, 2);
}

/* True when y is a Gregorian leap year. */
static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int days_in_month(int64_t y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* ------------------------------------------------------------------ */
/* Character sets                                                       */
/* ------------------------------------------------------------------ */

/* True when the len bytes at s are well-formed UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF). */
static bool utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        size_t n;
        uint32_t cp, min;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xe0) == 0xc0) {
            n = 1, cp = b & 0x1f, min = 0x80;
        } else if ((b & 0xf0) == 0xe0) {
            n = 2, cp = b & 0x0f, min = 0x800;
        } else if ((b & 0xf8) == 0xf0) {
            n = 3, cp = b & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (len - i - 1 < n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

/* True when c may appear in a PrintableString (X.680 41.4). */
static bool printable_char(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != 0 && strchr(" '()+,-./:=?", c) != NULL);
}

/* True when every byte of s (len bytes) is allowed in a string of type tag. */
static bool string_chars_valid(uint32_t tag, const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == 0)
            return false;
        if (tag == DER_TAG_PRINTABLE_STRING && !printable_char(s[i]))
            return false;
        if (tag == DER_TAG_IA5_STRING && s[i] > 0x7f)
            return false;
    }
    return tag != DER_TAG_UTF8_STRING || utf8_valid(s, len);
}

/* ------------------------------------------------------------------ */
/* Writer                                                               */
/* ------------------------------------------------------------------ */

/* Append n as base-128 digits, high first, continuation bit on all but the last. */
static void put_base128(struct bytes *out, uint64_t n)
{
    uint8_t digits[10];  /* ceil(64 / 7) */
    size_t count = 0;
    do {
        digits[count++] = (uint8_t)(n & 0x7f);
        n >>= 7;
    } while (n != 0);
    while (count > 1)
        bytes_append_byte(out, digits[--count] | 0x80);
    bytes_append_byte(out, digits[0]);
}

size_t der_begin(struct bytes *out, enum der_class cls, bool constructed, uint32_t tag)
{
    uint8_t first = (uint8_t)(((unsigned)cls << 6) | (constructed ? 0x20 : 0));
    if (tag < 31) {
        bytes_append_byte(out, first | (uint8_t)tag);
    } else {
        bytes_append_byte(out, first | 0x1f);
        put_base128(out, tag);
    }
    bytes_append_byte(out, 0);
    return out->len - 1;
}

void der_end(struct bytes *out, size_t mark)
{
    size_t len = out->len - mark - 1;
    if (len < 0x80) {
        out->data[mark] = (uint8_t)len;
        return;
    }
    size_t n = 0;
    for (size_t v = len; v != 0; v >>= 8)
        n++;
    bytes_extend(out, n);
    memmove(out->data + mark + 1 + n, out->data + mark + 1, len);
    out->data[mark] = (uint8_t)(0x80 | n);
    for (size_t i = 0; i < n; i++)
        out->data[mark + 1 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
}

size_t der_begin_sequence(struct bytes *out)
{
    return der_begin(out, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE);
}

size_t der_begin_set(struct bytes *out)
{
    return der_begin(out, DER_CLASS_UNIVERSAL, true, DER_TAG_SET);
}

size_t der_begin_explicit(struct bytes *out, uint32_t n)
{
    return der_begin(out, DER_CLASS_CONTEXT, true, n);
}

void der_put_tlv(struct bytes *out, enum der_class cls, bool constructed, uint32_t tag,
                 const uint8_t *content, size_t len)
{
    size_t mark = der_begin(out, cls, constructed, tag);
    bytes_append(out, content, len);
    der_end(out, mark);
}

void der_put_implicit(struct bytes *out, uint32_t n, const uint8_t *content, size_t len)
{
    der_put_tlv(out, DER_CLASS_CONTEXT, false, n, content, len);
}

void der_put_integer(struct bytes *out, const uint8_t *magnitude, size_t len)
{
    while (len > 0 && magnitude[0] == 0) {
        magnitude++;
        len--;
    }
    size_t mark = der_begin(out, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER);
    if (len == 0 || (magnitude[0] & 0x80))
        bytes_append_byte(out, 0);
    bytes_append(out, magnitude, len);
    der_end(out, mark);
}

void der_put_uint(struct bytes *out, uint64_t v)
{
    uint8_t be[8];
    for (size_t i = 0; i < sizeof be; i++)
        be[i] = (uint8_t)(v >> (8 * (sizeof be - 1 - i)));
    der_put_integer(out, be, sizeof be);
}

/* Parse one decimal arc at *s (no sign, no leading zero) and step past it. */
static int parse_arc(const char **s, uint64_t *arc)
{
    const char *p = *s;
    uint64_t v = 0;
    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned digit = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return -1;
        v = v * 10 + digit;
    }
    *arc = v;
    *s = p;
    return 0;
}

int der_put_oid(struct bytes *out, const char *dotted)
{
    size_t start = out->len;
    uint64_t first, second, arc;
    const char *s = dotted;

    if (parse_arc(&s, &first) != 0 || *s++ != '.' || parse_arc(&s, &second) != 0)
        goto fail;
    if (first > 2 || (first < 2 && second >= 40) || second > UINT64_MAX - 80)
        goto fail;
    size_t mark = der_begin(out, DER_CLASS_UNIVERSAL, false, DER_TAG_OID);
    put_base128(out, first * 40 + second);
    while (*s == '.') {
        s++;
        if (parse_arc(&s, &arc) != 0)
            goto fail;
        put_base128(out, arc);
    }
    if (*s != '\0')
        goto fail;
    der_end(out, mark);
    return 0;
fail:
    out->len = start;
    return -1;
}

void der_put_oid_bytes(struct bytes *out, const uint8_t *content, size_t len)
{
    der_put_tlv(out, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, content, len);
}

/* Append s as a string of type tag after checking its characters; 0 or -1. */
static int put_string(struct bytes *out, uint32_t tag, const char *s)
{
    size_t len = strlen(s);
    if (!string_chars_valid(tag, (const uint8_t *)s, len))
        return -1;
    der_put_tlv(out, DER_CLASS_UNIVERSAL, false, tag, (const uint8_t *)s, len);
    return 0;
}

int der_put_utf8(struct bytes *out, const char *s)
{
    return put_string(out, DER_TAG_UTF8_STRING, s);
}

int der_put_printable(struct bytes *out, const char *s)
{
    return put_string(out, DER_TAG_PRINTABLE_STRING, s);
}

int der_put_ia5(struct bytes *out, const char *s)
{
    return put_string(out, DER_TAG_IA5_STRING, s);
}

/* Append t as UTCTime or GeneralizedTime text; -1 when the year does not fit. */
static int put_time_as(struct bytes *out, int64_t t, bool utc)
{
    struct der_civil_time c;
    char text[DER_CIVIL_DIGITS + 1];  /* "YYYYMMDDHHMMSSZ" */

    der_time_to_civil(t, &c);
    if (c.year < 0 || c.year > 9999 || (utc && (c.year < 1950 || c.year > 2049)))
        return -1;
    der_civil_digits(&c, text);
    text[DER_CIVIL_DIGITS] = 'Z';
    size_t skip = utc ? 2 : 0;   /* UTCTime keeps two digits of the year */
    der_put_tlv(out, DER_CLASS_UNIVERSAL, false,
                utc ? DER_TAG_UTC_TIME : DER_TAG_GENERALIZED_TIME, (const uint8_t *)text + skip,
                sizeof text - skip);
    return 0;
}

int der_put_time(struct bytes *out, int64_t t)
{
    if (put_time_as(out, t, true) == 0)
        return 0;
    return put_time_as(out, t, false);
}

int der_put_generalized_time(struct bytes *out, int64_t t)
{
    return put_time_as(out, t, false);
}

void der_put_bit_string(struct bytes *out, const uint8_t *p, size_t len)
{
    size_t mark = der_begin(out, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING);
    bytes_append_byte(out, 0);
    bytes_append(out, p, len);
    der_end(out, mark);
}

void der_put_named_bits(struct bytes *out, uint32_t bits)
{
    unsigned nbits = 0;
    for (uint32_t v = bits; v != 0; v >>= 1)
        nbits++;
    unsigned nbytes = (nbits + 7) / 8;
    size_t mark = der_begin(out, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING);
    bytes_append_byte(out, (uint8_t)(nbytes * 8 - nbits));
    for (unsigned i = 0; i < nbytes; i++) {
        uint8_t b = 0;
        for (unsigned k = 0; k < 8; k++)
            if (bits & (UINT32_C(1) << (8 * i + k)))
                b |= (uint8_t)(0x80 >> k);
        bytes_append_byte(out, b);
    }
    der_end(out, mark);
}

void der_put_octet_string(struct bytes *out, const uint8_t *p, size_t len)
{
    der_put_tlv(out, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING, p, len);
}

void der_put_boolean(struct bytes *out, bool v)
{
    uint8_t b = v ? 0xff : 0x00;
    der_put_tlv(out, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN, &b, 1);
}

void der_put_null(struct bytes *out)
{
    der_put_tlv(out, DER_CLASS_UNIVERSAL, false, DER_TAG_NULL, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* Reader                                                               */
/* ------------------------------------------------------------------ */

/* Record a formatted error in e unless it already holds one; returns -1. */
static int record_error(struct der_error *e, size_t offset, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static int record_error(struct der_error *e, size_t offset, const char *fmt, va_list ap)
{
    if (e->failed)
        return -1;
    e->failed = true;
    e->offset = offset;
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    return -1;
}

/* Record an error in e directly (the reader's own checks use this). */
static int fail_at(struct der_error *e, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(struct der_error *e, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_error(e, offset, fmt, ap);
    va_end(ap);
    return -1;
}

int der_fail(struct der_reader *r, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_error(r->err, offset, fmt, ap);
    va_end(ap);
    return -1;
}

void der_reader_init(struct der_reader *r, const uint8_t *p, size_t len, struct der_error *err)
{
    r->base = p;
    r->p = p;
    r->end = p + len;
    r->top = true;
    r->depth = 0;
    r->err = err;
    memset(err, 0, sizeof *err);
}

bool der_at_end(const struct der_reader *r)
{
    return r->p == r->end;
}

size_t der_offset(const struct der_reader *r)
{
    return (size_t)(r->p - r->base);
}

/* Describe where r's input stops, for messages, into buf, which it returns:
 * "the end of the input (N bytes)".  Called on error paths only: formatting
 * it for every value read was a third of what the engine spends besides
 * cryptography. */
static const char *describe_end(const struct der_reader *r, char *buf, size_t buflen)
{
    if (r->top)
        snprintf(buf, buflen, "the end of the input (%zu bytes)", (size_t)(r->end - r->base));
    else
        snprintf(buf, buflen, "the end of the enclosing value at offset %zu",
                 (size_t)(r->end - r->base));
    return buf;
}

/* True when DER requires a universal tag to use the primitive form. */
static bool universal_primitive_only(uint32_t tag)
{
    switch (tag) {
    case DER_TAG_BOOLEAN: case DER_TAG_INTEGER: case DER_TAG_BIT_STRING:
    case DER_TAG_OCTET_STRING: case DER_TAG_NULL: case DER_TAG_OID:
    case DER_TAG_ENUMERATED: case DER_TAG_UTF8_STRING: case DER_TAG_NUMERIC_STRING:
    case DER_TAG_PRINTABLE_STRING: case DER_TAG_T61_STRING: case 21: case DER_TAG_IA5_STRING:
    case DER_TAG_UTC_TIME: case DER_TAG_GENERALIZED_TIME: case 25: case 26: case 27:
    case DER_TAG_UNIVERSAL_STRING: case DER_TAG_BMP_STRING:
        return true;
    default:
        return false;
    }
}

/* Decode the TLV at r's position into out without moving r; errors go to e. */
static int parse_tlv(const struct der_reader *r, struct der_tlv *out, struct der_error *e)
{
    char end_text[80];
    size_t avail = (size_t)(r->end - r->p);
    size_t at = der_offset(r);
    const uint8_t *p = r->p;
    size_t i = 1;

    if (e->failed)
        return -1;
    if (avail == 0)
        return fail_at(e, at, "expected a value at offset %zu, but that is %s", at, describe_end(r, end_text, sizeof end_text));
    out->cls = (enum der_class)(p[0] >> 6);
    out->constructed = (p[0] & 0x20) != 0;
    out->tag = p[0] & 0x1f;
    out->offset = at;
    if (out->tag == 0x1f) {
        uint32_t tag = 0;
        for (;;) {
            if (i >= avail)
                return fail_at(e, at, "the tag at offset %zu is cut off by %s", at, describe_end(r, end_text, sizeof end_text));
            if (i >= DER_TAG_BYTES_MAX)
                return fail_at(e, at, "the tag at offset %zu is longer than %d bytes, more "
                               "than any format tlssim reads", at, DER_TAG_BYTES_MAX);
            if (i == 1 && p[i] == 0x80)
                return fail_at(e, at, "the tag number at offset %zu starts with a zero "
                               "digit, which DER forbids", at);
            tag = (tag << 7) | (p[i] & 0x7f);
            if ((p[i++] & 0x80) == 0)
                break;
        }
        if (tag < 31)
            return fail_at(e, at, "tag number %u at offset %zu uses the long form; DER "
                           "writes numbers below 31 in one byte", tag, at);
        out->tag = tag;
    } else if (p[0] == 0x00) {
        return fail_at(e, at, "a zero byte at offset %zu where a value should start (an "
                       "end-of-contents marker, which DER never uses)", at);
    }

    if (i >= avail)
        return fail_at(e, at, "the value at offset %zu has no length: the header is cut off "
                       "by %s", at, describe_end(r, end_text, sizeof end_text));
    uint8_t lb = p[i++];
    size_t len = lb;
    if (lb == 0x80)
        return fail_at(e, at, "the value at offset %zu has an indefinite length, which DER "
                       "forbids", at);
    if (lb == 0xff)
        return fail_at(e, at, "the value at offset %zu has the reserved length byte 0xff", at);
    if (lb > 0x80) {
        size_t n = lb & 0x7f;
        if (n > DER_LENGTH_BYTES_MAX)
            return fail_at(e, at, "the length of the value at offset %zu takes %zu bytes; "
                           "tlssim reads at most %d", at, n, DER_LENGTH_BYTES_MAX);
        if (n > avail - i)
            return fail_at(e, at, "the length of the value at offset %zu is cut off by %s",
                           at, describe_end(r, end_text, sizeof end_text));
        if (p[i] == 0)
            return fail_at(e, at, "the length of the value at offset %zu has a leading zero "
                           "byte, which DER forbids", at);
        len = 0;
        for (size_t k = 0; k < n; k++)
            len = (len << 8) | p[i++];
        if (len < 0x80)
            return fail_at(e, at, "length %zu at offset %zu uses the long form; DER writes "
                           "lengths below 128 in one byte", len, at);
    }
    if (len > avail - i)
        return fail_at(e, at, "length %zu at offset %zu runs past %s", len, at, describe_end(r, end_text, sizeof end_text));
    out->header_len = i;
    out->content = p + i;
    out->len = len;

    if (out->cls == DER_CLASS_UNIVERSAL) {
        char name[40];
        if ((out->tag == DER_TAG_SEQUENCE || out->tag == DER_TAG_SET) && !out->constructed) {
            der_tag_describe(out->cls, out->tag, name, sizeof name);
            return fail_at(e, at, "the %s at offset %zu is marked primitive; it must be "
                           "constructed", name, at);
        }
        if (out->constructed && universal_primitive_only(out->tag)) {
            der_tag_describe(out->cls, out->tag, name, sizeof name);
            return fail_at(e, at, "the %s at offset %zu uses the constructed form, which DER "
                           "forbids for it", name, at);
        }
    }
    return 0;
}

int der_read(struct der_reader *r, struct der_tlv *out)
{
    if (parse_tlv(r, out, r->err) != 0)
        return -1;
    r->p += out->header_len + out->len;
    return 0;
}

bool der_peek(const struct der_reader *r, enum der_class cls, bool constructed, uint32_t tag)
{
    struct der_error scratch = {0};
    struct der_tlv t;
    /* At the end there is nothing to peek at: say so before parse_tlv
     * words an error nobody reads. */
    if (r->err->failed || der_at_end(r) || parse_tlv(r, &t, &scratch) != 0)
        return false;
    return t.cls == cls && t.constructed == constructed && t.tag == tag;
}

int der_expect(struct der_reader *r, enum der_class cls, bool constructed, uint32_t tag,
               const char *what, struct der_tlv *out)
{
    char want[40], got[40];
    size_t at = der_offset(r);

    if (der_read(r, out) != 0)
        return -1;
    if (out->cls == cls && out->constructed == constructed && out->tag == tag)
        return 0;
    der_tag_describe(cls, tag, want, sizeof want);
    der_tag_describe(out->cls, out->tag, got, sizeof got);
    return der_fail(r, at, "expected %s (%s) at offset %zu, found %s", what, want, at, got);
}

int der_enter_bytes(struct der_reader *r, const struct der_tlv *t, const uint8_t *p, size_t len,
                    struct der_reader *child)
{
    if (r->err->failed)
        return -1;
    if (r->depth >= DER_DEPTH_MAX)
        return der_fail(r, t->offset, "values nest deeper than %d levels at offset %zu",
                        DER_DEPTH_MAX, t->offset);
    child->base = r->base;
    child->p = p;
    child->end = p + len;
    child->top = false;
    child->depth = r->depth + 1;
    child->err = r->err;
    return 0;
}

/* Point child at the content of tlv, one level below r. */
static int enter_content(struct der_reader *r, const struct der_tlv *tlv,
                         struct der_reader *child)
{
    return der_enter_bytes(r, tlv, tlv->content, tlv->len, child);
}

int der_enter(struct der_reader *r, const struct der_tlv *tlv, struct der_reader *child)
{
    if (!tlv->constructed)
        return der_fail(r, tlv->offset, "the value at offset %zu is primitive where a "
                        "constructed one was expected", tlv->offset);
    return enter_content(r, tlv, child);
}

int der_enter_octets(struct der_reader *r, const struct der_tlv *t, struct der_reader *child)
{
    if (t->cls != DER_CLASS_UNIVERSAL || t->tag != DER_TAG_OCTET_STRING || t->constructed)
        return der_fail(r, t->offset, "the value at offset %zu is not an OCTET STRING",
                        t->offset);
    return enter_content(r, t, child);
}

int der_enter_sequence(struct der_reader *r, const char *what, struct der_reader *child)
{
    struct der_tlv t;
    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, what, &t) != 0)
        return -1;
    return der_enter(r, &t, child);
}

int der_finish(struct der_reader *r, const char *what)
{
    if (r->err->failed)
        return -1;
    if (der_at_end(r))
        return 0;
    size_t at = der_offset(r), extra = (size_t)(r->end - r->p);
    if (r->top)
        return der_fail(r, at, "%zu unexpected bytes at offset %zu after the end of %s",
                        extra, at, what);
    return der_fail(r, at, "%zu unexpected bytes at offset %zu inside %s, after its last "
                    "field", extra, at, what);
}

int der_get_integer(struct der_reader *r, const struct der_tlv *t, bool *negative)
{
    const uint8_t *c = t->content;
    if (t->len == 0)
        return der_fail(r, t->offset, "the INTEGER at offset %zu is empty", t->offset);
    if (t->len > 1 && ((c[0] == 0x00 && !(c[1] & 0x80)) || (c[0] == 0xff && (c[1] & 0x80))))
        return der_fail(r, t->offset, "the INTEGER at offset %zu has a redundant leading "
                        "byte, which DER forbids", t->offset);
    *negative = (c[0] & 0x80) != 0;
    return 0;
}

/* The magnitude of a non-negative INTEGER: its octets without the leading
 * zero octet (none at all for zero). */
static int get_magnitude(struct der_reader *r, const struct der_tlv *t, const uint8_t **mag,
                         size_t *mag_len)
{
    bool negative = false;
    if (der_get_integer(r, t, &negative) != 0)
        return -1;
    if (negative)
        return der_fail(r, t->offset, "the INTEGER at offset %zu is negative, which this "
                        "field does not allow", t->offset);
    bool skip = t->content[0] == 0;
    *mag = t->content + skip;
    *mag_len = t->len - skip;
    return 0;
}

int der_get_positive(struct der_reader *r, const struct der_tlv *t, const uint8_t **mag,
                     size_t *mag_len)
{
    if (get_magnitude(r, t, mag, mag_len) != 0)
        return -1;
    if (*mag_len == 0)
        return der_fail(r, t->offset, "the INTEGER at offset %zu is zero where a positive "
                        "number is required", t->offset);
    return 0;
}

int der_get_uint(struct der_reader *r, const struct der_tlv *t, uint64_t *v)
{
    const uint8_t *mag = NULL;
    size_t len = 0;
    if (get_magnitude(r, t, &mag, &len) != 0)
        return -1;
    if (len > 8)
        return der_fail(r, t->offset, "the INTEGER at offset %zu is too large for 64 bits",
                        t->offset);
    *v = 0;
    for (size_t i = 0; i < len; i++)
        *v = (*v << 8) | mag[i];
    return 0;
}

/* Read n decimal digits at s into *v; false if any is not a digit. */
static bool read_digits(const uint8_t *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

int der_get_time(struct der_reader *r, const struct der_tlv *t, int64_t *unix_seconds)
{
    const uint8_t *s = t->content;
    bool utc = t->tag == DER_TAG_UTC_TIME;
    size_t want = utc ? 13 : 15;
    int year, month, day, hour, minute, second;

    if (t->cls != DER_CLASS_UNIVERSAL ||
        (t->tag != DER_TAG_UTC_TIME && t->tag != DER_TAG_GENERALIZED_TIME))
        return der_fail(r, t->offset, "the value at offset %zu is not a UTCTime or "
                        "GeneralizedTime", t->offset);
    const char *type = utc ? "UTCTime" : "GeneralizedTime";
    if (t->len > 0 && s[t->len - 1] != 'Z')
        return der_fail(r, t->offset, "the %s at offset %zu does not end in 'Z' (UTC), as "
                        "DER requires", type, t->offset);
    if (memchr(s, '.', t->len) != NULL)
        return der_fail(r, t->offset, "the %s at offset %zu has fractions of a second, "
                        "which certificates may not use", type, t->offset);
    if (t->len != want)
        return der_fail(r, t->offset, "the %s at offset %zu has %zu characters; it must "
                        "have %zu (%s)", type, t->offset, t->len, want,
                        utc ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ");
    int y_digits = utc ? 2 : 4;
    if (!read_digits(s, y_digits, &year) || !read_digits(s + y_digits, 2, &month) ||
        !read_digits(s + y_digits + 2, 2, &day) || !read_digits(s + y_digits + 4, 2, &hour) ||
        !read_digits(s + y_digits + 6, 2, &minute) ||
        !read_digits(s + y_digits + 8, 2, &second))
        return der_fail(r, t->offset, "the %s at offset %zu has a non-digit where a digit "
                        "belongs", type, t->offset);
    if (utc)
        year += year < 50 ? 2000 : 1900;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59)
        return der_fail(r, t->offset, "the %s at offset %zu names a date or time that does "
                        "not exist", type, t->offset);
    *unix_seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                    second;
    return 0;
}

/* Copy the text of t, a string of type type_tag, into buf after checking it. */
static int get_text(struct der_reader *r, const struct der_tlv *t, uint32_t type_tag,
                    char *buf, size_t buflen)
{
    char name[40];
    bool chars_ok = !t->constructed && string_chars_valid(type_tag, t->content, t->len);

    if (chars_ok && t->len < buflen) {
        memcpy(buf, t->content, t->len);
        buf[t->len] = '\0';
        return 0;
    }
    /* The type is named only on the way to an error. */
    der_tag_describe(DER_CLASS_UNIVERSAL, type_tag, name, sizeof name);
    if (t->constructed)
        return der_fail(r, t->offset, "the %s at offset %zu is constructed, which DER "
                        "forbids", name, t->offset);
    if (!chars_ok)
        return der_fail(r, t->offset, "the %s at offset %zu holds a character that type "
                        "does not allow", name, t->offset);
    return der_fail(r, t->offset, "the %s at offset %zu is %zu bytes long, more than "
                    "the %zu tlssim keeps", name, t->offset, t->len, buflen - 1);
}

int der_get_string(struct der_reader *r, const struct der_tlv *t, char *buf, size_t buflen)
{
    if (t->cls != DER_CLASS_UNIVERSAL ||
        (t->tag != DER_TAG_UTF8_STRING && t->tag != DER_TAG_PRINTABLE_STRING &&
         t->tag != DER_TAG_IA5_STRING)) {
        char name[40];
        der_tag_describe(t->cls, t->tag, name, sizeof name);
        return der_fail(r, t->offset, "a %s at offset %zu where tlssim expects a "
                        "UTF8String, PrintableString or IA5String", name, t->offset);
    }
    return get_text(r, t, t->tag, buf, buflen);
}

int der_get_implicit_string(struct der_reader *r, const struct der_tlv *t, uint32_t type_tag,
                            char *buf, size_t buflen)
{
    return get_text(r, t, type_tag, buf, buflen);
}

int der_get_boolean(struct der_reader *r, const struct der_tlv *t, bool *v)
{
    if (t->len != 1 || (t->content[0] != 0x00 && t->content[0] != 0xff))
        return der_fail(r, t->offset, "the BOOLEAN at offset %zu is not the single byte "
                        "0x00 or 0xff that DER requires", t->offset);
    *v = t->content[0] == 0xff;
    return 0;
}

int der_read_optional_boolean(struct der_reader *r, struct der_tlv *t, bool *v)
{
    *v = false;
    if (!der_peek(r, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN))
        return 0;
    if (der_read(r, t) != 0 || der_get_boolean(r, t, v) != 0)
        return -1;
    return 1;
}

int der_read_default_false(struct der_reader *r, const char *what, const char *field, bool *v)
{
    struct der_tlv t;
    int present = der_read_optional_boolean(r, &t, v);

    if (present == 1 && !*v)
        return der_fail(r, t.offset, "%s at offset %zu writes out %s FALSE, the default, "
                        "which DER omits", what, t.offset, field);
    return present < 0 ? -1 : 0;
}

int der_get_bit_string(struct der_reader *r, const struct der_tlv *t, const uint8_t **bits,
                       size_t *len, unsigned *unused)
{
    if (t->len == 0)
        return der_fail(r, t->offset, "the BIT STRING at offset %zu lacks its unused-bits "
                        "byte", t->offset);
    uint8_t u = t->content[0];
    if (u > 7 || (t->len == 1 && u != 0))
        return der_fail(r, t->offset, "the BIT STRING at offset %zu claims %u unused bits, "
                        "which is impossible here", t->offset, u);
    if (u != 0 && (t->content[t->len - 1] & ((1u << u) - 1)) != 0)
        return der_fail(r, t->offset, "the BIT STRING at offset %zu has unused bits that "
                        "are not zero, which DER forbids", t->offset);
    *bits = t->content + 1;
    *len = t->len - 1;
    *unused = u;
    return 0;
}

int der_get_named_bits(struct der_reader *r, const struct der_tlv *t, uint32_t *bits)
{
    const uint8_t *p;
    size_t len;
    unsigned unused;

    if (der_get_bit_string(r, t, &p, &len, &unused) != 0)
        return -1;
    size_t nbits = len * 8 - unused;
    if (nbits > 32)
        return der_fail(r, t->offset, "the BIT STRING at offset %zu has %zu named bits; "
                        "tlssim reads at most 32", t->offset, nbits);
    if (nbits > 0 && !(p[len - 1] & (1u << unused)))
        return der_fail(r, t->offset, "the BIT STRING at offset %zu ends in a zero bit, "
                        "which DER drops from a list of named bits", t->offset);
    *bits = 0;
    for (size_t n = 0; n < nbits; n++)
        if (p[n / 8] & (0x80 >> (n % 8)))
            *bits |= UINT32_C(1) << n;
    return 0;
}

int der_get_null(struct der_reader *r, const struct der_tlv *t)
{
    if (t->len != 0)
        return der_fail(r, t->offset, "the NULL at offset %zu has content, which it may "
                        "not", t->offset);
    return 0;
}

void der_tag_describe(enum der_class cls, uint32_t tag, char *buf, size_t buflen)
{
    static const char *const universal[31] = {
        [DER_TAG_BOOLEAN] = "BOOLEAN",
        [DER_TAG_INTEGER] = "INTEGER",
        [DER_TAG_BIT_STRING] = "BIT STRING",
        [DER_TAG_OCTET_STRING] = "OCTET STRING",
        [DER_TAG_NULL] = "NULL",
        [DER_TAG_OID] = "OBJECT IDENTIFIER",
        [DER_TAG_ENUMERATED] = "ENUMERATED",
        [DER_TAG_UTF8_STRING] = "UTF8String",
        [DER_TAG_SEQUENCE] = "SEQUENCE",
        [DER_TAG_SET] = "SET",
        [DER_TAG_NUMERIC_STRING] = "NumericString",
        [DER_TAG_PRINTABLE_STRING] = "PrintableString",
        [DER_TAG_T61_STRING] = "TeletexString",
        [DER_TAG_IA5_STRING] = "IA5String",
        [DER_TAG_UTC_TIME] = "UTCTime",
        [DER_TAG_GENERALIZED_TIME] = "GeneralizedTime",
        [DER_TAG_UNIVERSAL_STRING] = "UniversalString",
        [DER_TAG_BMP_STRING] = "BMPString",
    };
    switch (cls) {
    case DER_CLASS_UNIVERSAL:
        if (tag < 31 && universal[tag] != NULL)
            snprintf(buf, buflen, "%s", universal[tag]);
        else
            snprintf(buf, buflen, "[UNIVERSAL %u]", tag);
        break;
    case DER_CLASS_APPLICATION:
        snprintf(buf, buflen, "[APPLICATION %u]", tag);
        break;
    case DER_CLASS_CONTEXT:
        snprintf(buf, buflen, "[%u]", tag);
        break;
    case DER_CLASS_PRIVATE:
    default:
        snprintf(buf, buflen, "[PRIVATE %u]", tag);
        break;
    }
}
