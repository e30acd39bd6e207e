/*
 * test_der.c - the DER writer and reader, Base64 and PEM: round trips, and
 * every way the readers refuse bad input.
 */
#include "pki/der.h"
#include "pki/pem.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

/* Walk every TLV in r, entering constructed ones, as an explainer would. */
static int walk(struct der_reader *r)
{
    struct der_tlv t;
    struct der_reader child;
    while (!der_at_end(r)) {
        if (der_read(r, &t) != 0)
            return -1;
        if (t.constructed && (der_enter(r, &t, &child) != 0 || walk(&child) != 0))
            return -1;
    }
    return der_finish(r, "the input");
}

/* Assert that walking p fails at offset with a message containing fragment. */
static void expect_walk_error(const uint8_t *p, size_t len, size_t offset, const char *fragment)
{
    struct der_error e;
    struct der_reader r;
    der_reader_init(&r, p, len, &e);
    CU_ASSERT_EQUAL(walk(&r), -1);
    CU_ASSERT_TRUE(e.failed);
    CU_ASSERT_EQUAL(e.offset, offset);
    unit_expect_contains(e.message, fragment);
}

/* Assert that out holds exactly the given bytes. */
static void expect_bytes(const struct bytes *out, const uint8_t *want, size_t len)
{
    CU_ASSERT_EQUAL(out->len, len);
    if (out->len == len)
        CU_ASSERT_EQUAL(memcmp(out->data, want, len), 0);
}

static void test_writer_encodings(void)
{
    struct bytes b = {0};

    der_put_integer(&b, BYTES(0x00, 0x00, 0x80));
    expect_bytes(&b, BYTES(0x02, 0x02, 0x00, 0x80));
    b.len = 0;
    der_put_uint(&b, 0);
    der_put_uint(&b, 2);
    der_put_uint(&b, 0x1234);
    expect_bytes(&b, BYTES(0x02, 0x01, 0x00, 0x02, 0x01, 0x02, 0x02, 0x02, 0x12, 0x34));
    b.len = 0;
    CU_ASSERT_EQUAL(der_put_oid(&b, "1.3.101.112"), 0);
    CU_ASSERT_EQUAL(der_put_oid(&b, "2.999.3"), 0);
    expect_bytes(&b, BYTES(0x06, 0x03, 0x2b, 0x65, 0x70, 0x06, 0x03, 0x88, 0x37, 0x03));
    b.len = 0;
    der_put_named_bits(&b, 1u << 0);
    der_put_named_bits(&b, (1u << 5) | (1u << 6));
    der_put_named_bits(&b, 0x1ff);
    der_put_named_bits(&b, 0);
    expect_bytes(&b, BYTES(0x03, 0x02, 0x07, 0x80, 0x03, 0x02, 0x01, 0x06,
                           0x03, 0x03, 0x07, 0xff, 0x80, 0x03, 0x01, 0x00));
    b.len = 0;
    CU_ASSERT_EQUAL(der_put_time(&b, 1735689600), 0);        /* 2025-01-01 */
    CU_ASSERT_EQUAL(der_put_time(&b, 2524608000), 0);        /* 2050-01-01 */
    expect_bytes(&b, BYTES(0x17, 0x0d, '2', '5', '0', '1', '0', '1', '0', '0', '0', '0', '0',
                           '0', 'Z', 0x18, 0x0f, '2', '0', '5', '0', '0', '1', '0', '1', '0',
                           '0', '0', '0', '0', '0', 'Z'));
    b.len = 0;
    size_t seq = der_begin_sequence(&b);
    size_t exp = der_begin_explicit(&b, 0);
    der_put_boolean(&b, true);
    der_end(&b, exp);
    der_put_implicit(&b, 2, (const uint8_t *)"a", 1);
    der_put_null(&b);
    der_end(&b, seq);
    expect_bytes(&b, BYTES(0x30, 0x0a, 0xa0, 0x03, 0x01, 0x01, 0xff, 0x82, 0x01, 'a',
                           0x05, 0x00));
    b.len = 0;
    size_t high = der_begin(&b, DER_CLASS_CONTEXT, false, 100);
    der_end(&b, high);
    expect_bytes(&b, BYTES(0x9f, 0x64, 0x00));
    bytes_free(&b);
}

static void test_writer_long_lengths(void)
{
    static uint8_t big[70000];
    struct bytes b = {0};

    memset(big, 0xab, sizeof big);
    der_put_octet_string(&b, big, 200);
    CU_ASSERT_EQUAL(b.len, 203);
    CU_ASSERT_EQUAL(b.data[1], 0x81);
    CU_ASSERT_EQUAL(b.data[2], 200);
    b.len = 0;
    size_t seq = der_begin_sequence(&b);
    der_put_octet_string(&b, big, sizeof big);
    der_end(&b, seq);
    /* 30 83 01 11 75 | 04 83 01 11 70 | 70000 bytes */
    CU_ASSERT_EQUAL(b.len, 5 + 5 + sizeof big);
    CU_ASSERT_EQUAL(memcmp(b.data, BYTES(0x30, 0x83, 0x01, 0x11, 0x75, 0x04, 0x83, 0x01, 0x11,
                                         0x70)), 0);
    CU_ASSERT_EQUAL(b.data[b.len - 1], 0xab);
    bytes_free(&b);
}

static void test_writer_refuses(void)
{
    static const char *const bad_oids[] = {
        "", "1", "3.1", "1.40", "1..2", "01.2", "1.2.", "1.2a", "1.2.-3",
        "1.2.18446744073709551616",
    };
    struct bytes b = {0};

    bytes_append_byte(&b, 0x42);
    for (size_t i = 0; i < sizeof bad_oids / sizeof bad_oids[0]; i++) {
        CU_ASSERT_EQUAL(der_put_oid(&b, bad_oids[i]), -1);
        CU_ASSERT_EQUAL(b.len, 1);
    }
    CU_ASSERT_EQUAL(der_put_printable(&b, "a@b"), -1);
    CU_ASSERT_EQUAL(der_put_ia5(&b, "caf\xc3\xa9"), -1);
    CU_ASSERT_EQUAL(der_put_utf8(&b, "bad \xc3\x28"), -1);
    CU_ASSERT_EQUAL(der_put_utf8(&b, "overlong \xc0\xaf"), -1);
    CU_ASSERT_EQUAL(der_put_utf8(&b, "surrogate \xed\xa0\x80"), -1);
    CU_ASSERT_EQUAL(der_put_time(&b, -62167219201), -1);  /* 0000-01-01 minus a second */
    CU_ASSERT_EQUAL(der_put_time(&b, 253402300800), -1);  /* 10000-01-01 */
    CU_ASSERT_EQUAL(b.len, 1);
    CU_ASSERT_EQUAL(der_put_time(&b, -631152001), 0);     /* 1949: GeneralizedTime */
    CU_ASSERT_EQUAL(b.data[1], DER_TAG_GENERALIZED_TIME);
    bytes_free(&b);
}

static void test_round_trip(void)
{
    struct bytes b = {0};
    struct der_error e;
    struct der_reader r, seq, inner;
    struct der_tlv t;
    char text[DER_OID_TEXT_MAX];
    const uint8_t *mag, *bits;
    size_t len;
    unsigned unused;
    uint64_t v;
    int64_t when;
    bool flag;
    uint32_t named;

    size_t s = der_begin_sequence(&b);
    der_put_integer(&b, BYTES(0xff, 0x01));
    der_put_uint(&b, 65536);
    CU_ASSERT_EQUAL(der_put_oid(&b, "1.2.840.113549.1.9.14"), 0);
    CU_ASSERT_EQUAL(der_put_utf8(&b, "h\xc3\xa9llo"), 0);
    CU_ASSERT_EQUAL(der_put_printable(&b, "Demo CA"), 0);
    CU_ASSERT_EQUAL(der_put_time(&b, 2524607999), 0);
    CU_ASSERT_EQUAL(der_put_generalized_time(&b, 951825600), 0);  /* 2000-02-29 12:00 */
    der_put_bit_string(&b, BYTES(1, 2, 3));
    der_put_named_bits(&b, (1u << 5) | (1u << 6));
    der_put_boolean(&b, false);
    size_t set = der_begin_set(&b);
    der_put_null(&b);
    der_end(&b, set);
    der_end(&b, s);

    der_reader_init(&r, b.data, b.len, &e);
    CU_ASSERT_EQUAL(der_enter_sequence(&r, "the test", &seq), 0);
    CU_ASSERT_EQUAL(der_finish(&r, "the test"), 0);
    CU_ASSERT_EQUAL(der_expect(&seq, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "n", &t), 0);
    CU_ASSERT_EQUAL(der_get_positive(&seq, &t, &mag, &len), 0);
    CU_ASSERT_EQUAL(len, 2);
    CU_ASSERT_EQUAL(mag[0], 0xff);
    CU_ASSERT_EQUAL(t.offset, 2);
    CU_ASSERT_EQUAL(t.header_len, 2);
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_get_uint(&seq, &t, &v), 0);
    CU_ASSERT_EQUAL(v, 65536);
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_get_oid(&seq, &t, text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "1.2.840.113549.1.9.14");
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_get_string(&seq, &t, text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "h\xc3\xa9llo");
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(t.tag, DER_TAG_PRINTABLE_STRING);
    CU_ASSERT_EQUAL(der_get_string(&seq, &t, text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "Demo CA");
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(t.tag, DER_TAG_UTC_TIME);
    CU_ASSERT_EQUAL(der_get_time(&seq, &t, &when), 0);
    CU_ASSERT_EQUAL(when, 2524607999);
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(t.tag, DER_TAG_GENERALIZED_TIME);
    CU_ASSERT_EQUAL(der_get_time(&seq, &t, &when), 0);
    CU_ASSERT_EQUAL(when, 951825600);
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_get_bit_string(&seq, &t, &bits, &len, &unused), 0);
    CU_ASSERT_EQUAL(len, 3);
    CU_ASSERT_EQUAL(unused, 0);
    CU_ASSERT_EQUAL(bits[2], 3);
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_get_named_bits(&seq, &t, &named), 0);
    CU_ASSERT_EQUAL(named, (1u << 5) | (1u << 6));
    CU_ASSERT_TRUE(der_peek(&seq, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN));
    CU_ASSERT_FALSE(der_peek(&seq, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER));
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_get_boolean(&seq, &t, &flag), 0);
    CU_ASSERT_FALSE(flag);
    CU_ASSERT_EQUAL(der_expect(&seq, DER_CLASS_UNIVERSAL, true, DER_TAG_SET, "set", &t), 0);
    CU_ASSERT_EQUAL(der_enter(&seq, &t, &inner), 0);
    CU_ASSERT_EQUAL(der_read(&inner, &t), 0);
    CU_ASSERT_EQUAL(der_get_null(&inner, &t), 0);
    CU_ASSERT_EQUAL(der_finish(&inner, "set"), 0);
    CU_ASSERT_FALSE(der_peek(&seq, DER_CLASS_UNIVERSAL, false, DER_TAG_NULL));
    CU_ASSERT_EQUAL(der_finish(&seq, "the test"), 0);
    CU_ASSERT_FALSE(e.failed);
    bytes_free(&b);
}

static void test_reader_length_errors(void)
{
    expect_walk_error(BYTES(0x30), 0, "has no length");
    expect_walk_error(BYTES(0x04, 0x05, 1, 2), 0,
                      "length 5 at offset 0 runs past the end of the input (4 bytes)");
    expect_walk_error(BYTES(0x30, 0x04, 0x04, 0x05, 1, 2), 2,
                      "length 5 at offset 2 runs past the end of the enclosing value at "
                      "offset 6");
    expect_walk_error(BYTES(0x04, 0x82, 0x00, 0x81, 1), 0, "leading zero byte");
    expect_walk_error(BYTES(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), 0, "uses the long form");
    expect_walk_error(BYTES(0x04, 0x85, 1, 1, 1, 1, 1), 0, "takes 5 bytes");
    expect_walk_error(BYTES(0x04, 0x83, 1, 1), 0, "is cut off");
    expect_walk_error(BYTES(0x30, 0x80, 0x00, 0x00), 0, "indefinite length");
    expect_walk_error(BYTES(0x04, 0xff), 0, "reserved length byte");
    /* A 300-byte value claimed inside 120 bytes, as a student would see it. */
    uint8_t claim[120] = {0x30, 0x76, 0x30, 0x74, 0x04, 0x82, 0x01, 0x2c};
    expect_walk_error(claim, sizeof claim, 4,
                      "length 300 at offset 4 runs past the end of the enclosing value at "
                      "offset 120");
    claim[1] = 0x82, claim[2] = 0x01, claim[3] = 0x2c;
    expect_walk_error(claim, sizeof claim, 0,
                      "length 300 at offset 0 runs past the end of the input (120 bytes)");
}

static void test_reader_trailing_bytes(void)
{
    struct der_error e;
    struct der_reader r, seq;
    struct der_tlv t;

    der_reader_init(&r, BYTES(0x05, 0x00, 0x00, 0x01), &e);
    CU_ASSERT_EQUAL(der_read(&r, &t), 0);
    CU_ASSERT_EQUAL(der_finish(&r, "the certificate"), -1);
    CU_ASSERT_EQUAL(e.offset, 2);
    CU_ASSERT_STRING_EQUAL(e.message, "2 unexpected bytes at offset 2 after the end of the "
                                      "certificate");

    der_reader_init(&r, BYTES(0x30, 0x04, 0x05, 0x00, 0x05, 0x00), &e);
    CU_ASSERT_EQUAL(der_enter_sequence(&r, "the name", &seq), 0);
    CU_ASSERT_EQUAL(der_read(&seq, &t), 0);
    CU_ASSERT_EQUAL(der_finish(&seq, "the name"), -1);
    CU_ASSERT_EQUAL(e.offset, 4);
    CU_ASSERT_NOT_EQUAL(strstr(e.message, "inside the name, after its last field"), NULL);
}

static void test_reader_tag_errors(void)
{
    expect_walk_error(BYTES(0x1f, 0x81, 0x81, 0x81, 0x01, 0x00), 0, "longer than 4 bytes");
    expect_walk_error(BYTES(0x1f, 0x05, 0x00), 0, "uses the long form");
    expect_walk_error(BYTES(0x1f, 0x80, 0x01, 0x00), 0, "starts with a zero digit");
    expect_walk_error(BYTES(0x1f, 0x81), 0, "cut off");
    expect_walk_error(BYTES(0x00, 0x00), 0, "end-of-contents");
    expect_walk_error(BYTES(0x10, 0x00), 0, "marked primitive");
    expect_walk_error(BYTES(0x22, 0x00), 0, "constructed form");
    expect_walk_error(BYTES(0x24, 0x00), 0, "constructed form");

    /* High tag numbers up to the limit read back. */
    struct der_error e;
    struct der_reader r;
    struct der_tlv t;
    der_reader_init(&r, BYTES(0xbf, 0x81, 0x80, 0x01, 0x00), &e);
    CU_ASSERT_EQUAL(der_read(&r, &t), 0);
    CU_ASSERT_EQUAL(t.cls, DER_CLASS_CONTEXT);
    CU_ASSERT_TRUE(t.constructed);
    CU_ASSERT_EQUAL(t.tag, 16385);
    CU_ASSERT_EQUAL(t.header_len, 5);
}

static void test_reader_depth_limit(void)
{
    uint8_t deep[2 * 40];
    for (size_t i = 0; i < 40; i++) {
        deep[2 * i] = 0x30;
        deep[2 * i + 1] = (uint8_t)(2 * (40 - i - 1));
    }
    expect_walk_error(deep, sizeof deep, 2 * 32, "deeper than 32 levels");

    /* Exactly the limit is fine. */
    struct der_error e;
    struct der_reader r;
    der_reader_init(&r, deep + 2 * 8, sizeof deep - 2 * 8, &e);
    CU_ASSERT_EQUAL(walk(&r), 0);
}

static void test_reader_sticky_and_expect(void)
{
    struct der_error e;
    struct der_reader r;
    struct der_tlv t;

    der_reader_init(&r, BYTES(0x02, 0x01, 0x05, 0x05, 0x00), &e);
    CU_ASSERT_EQUAL(der_expect(&r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE,
                               "the certificate", &t), -1);
    CU_ASSERT_STRING_EQUAL(e.message, "expected the certificate (SEQUENCE) at offset 0, "
                                      "found INTEGER");
    /* Once failed, the reader refuses everything and keeps the first error. */
    CU_ASSERT_EQUAL(der_read(&r, &t), -1);
    CU_ASSERT_EQUAL(der_finish(&r, "x"), -1);
    CU_ASSERT_EQUAL(e.offset, 0);
    CU_ASSERT_NOT_EQUAL(strstr(e.message, "expected the certificate"), NULL);
}

/* Decode one primitive TLV with a getter and return what it said. */
enum getter { GET_OID, GET_INT, GET_UINT, GET_POSITIVE, GET_TIME, GET_STRING, GET_BOOL,
              GET_BITS, GET_NAMED, GET_NULL };

static int run_getter(enum getter g, const uint8_t *p, size_t len, struct der_error *e)
{
    struct der_reader r;
    struct der_tlv t;
    char text[16];
    bool flag;
    uint64_t v;
    int64_t when;
    const uint8_t *bits;
    size_t n;
    unsigned unused;
    uint32_t named;

    der_reader_init(&r, p, len, e);
    if (der_read(&r, &t) != 0)
        return -1;
    switch (g) {
    case GET_OID: return der_get_oid(&r, &t, text, sizeof text);
    case GET_INT: return der_get_integer(&r, &t, &flag);
    case GET_UINT: return der_get_uint(&r, &t, &v);
    case GET_POSITIVE: return der_get_positive(&r, &t, &bits, &n);
    case GET_TIME: return der_get_time(&r, &t, &when);
    case GET_STRING: return der_get_string(&r, &t, text, sizeof text);
    case GET_BOOL: return der_get_boolean(&r, &t, &flag);
    case GET_BITS: return der_get_bit_string(&r, &t, &bits, &n, &unused);
    case GET_NAMED: return der_get_named_bits(&r, &t, &named);
    case GET_NULL: return der_get_null(&r, &t);
    }
    return -1;
}

static void expect_get_error(enum getter g, const uint8_t *p, size_t len, const char *fragment)
{
    struct der_error e;
    CU_ASSERT_EQUAL(run_getter(g, p, len, &e), -1);
    unit_expect_contains(e.message, fragment);
}

/* Decode the OID at p (tag and length included) into a buffer of buflen. */
static int get_oid_text(const uint8_t *p, size_t len, char *buf, size_t buflen)
{
    struct der_reader r;
    struct der_tlv t;
    struct der_error e;

    der_reader_init(&r, p, len, &e);
    if (der_read(&r, &t) != 0)
        return -1;
    return der_get_oid(&r, &t, buf, buflen);
}

/* Arcs of any size come out in decimal: a UUID OID, a first arc past 64
 * bits; text longer than the buffer is cut short, never refused. */
static void test_oid_big_arcs(void)
{
    char text[DER_OID_TEXT_MAX];

    CU_ASSERT_EQUAL(get_oid_text(BYTES(0x06, 0x14, 0x69, 0x83, 0xf0, 0x9d, 0xa7, 0xeb, 0xcf,
                                       0xde, 0xe0, 0xc7, 0xa1, 0xa7, 0xb2, 0xc0, 0x94, 0x8c,
                                       0xc8, 0xf9, 0xd7, 0x76), text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "2.25.329800735698586629295641978511506172918");
    CU_ASSERT_EQUAL(get_oid_text(BYTES(0x06, 0x0c, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                       0x80, 0x80, 0x80, 0x50, 0x00), text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "2.1180591620717411303424.0");
    CU_ASSERT_EQUAL(get_oid_text(BYTES(0x06, 0x0b, 0x2b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0x7f), text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "1.3.1180591620717411303423");
    CU_ASSERT_EQUAL(get_oid_text(BYTES(0x06, 0x07, 0x2b, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f),
                                 text, 12), 0);
    CU_ASSERT_STRING_EQUAL(text, "1.3.127....");
    /* still checked after the cut */
    CU_ASSERT_EQUAL(get_oid_text(BYTES(0x06, 0x08, 0x2b, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f,
                                       0x80), text, 12), -1);

    /* An arc of 200,000 base-128 digits, as a hostile certificate may
     * carry: too long to show, so it is checked and cut short without being
     * converted (which costs time quadratic in its length: minutes). */
    size_t n = 200000;
    uint8_t *big = xcalloc(n + 8, 1);
    big[0] = 0x06;
    big[1] = 0x83;
    big[2] = (uint8_t)((n + 1) >> 16);
    big[3] = (uint8_t)((n + 1) >> 8);
    big[4] = (uint8_t)(n + 1);
    big[5] = 0x2b;
    memset(big + 6, 0x81, n - 1);
    big[6 + n - 1] = 0x01;
    CU_ASSERT_EQUAL(get_oid_text(big, n + 6, text, sizeof text), 0);
    unit_expect_contains(text, "1.3...");
    CU_ASSERT(strlen(text) < 12);
    free(big);
}

static void test_value_errors(void)
{
    expect_get_error(GET_OID, BYTES(0x06, 0x00), "is empty");
    expect_get_error(GET_OID, BYTES(0x06, 0x02, 0x80, 0x01), "leading zero digit");
    expect_get_error(GET_OID, BYTES(0x06, 0x02, 0x2b, 0x86), "ends in the middle");
    expect_get_error(GET_INT, BYTES(0x02, 0x00), "is empty");
    expect_get_error(GET_INT, BYTES(0x02, 0x02, 0x00, 0x01), "redundant leading byte");
    expect_get_error(GET_INT, BYTES(0x02, 0x02, 0xff, 0x80), "redundant leading byte");
    expect_get_error(GET_UINT, BYTES(0x02, 0x01, 0x80), "negative");
    expect_get_error(GET_UINT, BYTES(0x02, 0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0), "64 bits");
    expect_get_error(GET_POSITIVE, BYTES(0x02, 0x01, 0x00), "is zero");
    expect_get_error(GET_POSITIVE, BYTES(0x02, 0x01, 0xfe), "negative");
    expect_get_error(GET_BOOL, BYTES(0x01, 0x01, 0x01), "0x00 or 0xff");
    expect_get_error(GET_BOOL, BYTES(0x01, 0x02, 0xff, 0xff), "0x00 or 0xff");
    expect_get_error(GET_BITS, BYTES(0x03, 0x00), "unused-bits byte");
    expect_get_error(GET_BITS, BYTES(0x03, 0x01, 0x01), "unused bits");
    expect_get_error(GET_BITS, BYTES(0x03, 0x02, 0x08, 0x00), "8 unused bits");
    expect_get_error(GET_BITS, BYTES(0x03, 0x02, 0x01, 0x81), "not zero");
    expect_get_error(GET_NAMED, BYTES(0x03, 0x02, 0x00, 0x80), "ends in a zero bit");
    expect_get_error(GET_NULL, BYTES(0x05, 0x01, 0x00), "has content");
    expect_get_error(GET_STRING, BYTES(0x0c, 0x02, 0xc3, 0x28), "does not allow");
    expect_get_error(GET_STRING, BYTES(0x13, 0x01, '@'), "does not allow");
    expect_get_error(GET_STRING, BYTES(0x16, 0x01, 0x80), "does not allow");
    expect_get_error(GET_STRING, BYTES(0x0c, 0x03, 'a', 0x00, 'b'), "does not allow");
    expect_get_error(GET_STRING, BYTES(0x1e, 0x02, 0x00, 'a'), "expects a UTF8String");
    expect_get_error(GET_STRING, BYTES(0x0c, 0x10, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
                                       'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'),
                     "16 bytes long");
}

/* Assert that time text t of the given type fails with fragment. */
static void expect_time_error(uint8_t tag, const char *text, const char *fragment)
{
    uint8_t buf[40] = {tag, (uint8_t)strlen(text)};
    memcpy(buf + 2, text, strlen(text));
    expect_get_error(GET_TIME, buf, 2 + strlen(text), fragment);
}

static void test_times(void)
{
    struct der_error e;
    CU_ASSERT_EQUAL(run_getter(GET_TIME, BYTES(0x17, 0x0d, '5', '0', '0', '1', '0', '1', '0',
                                               '0', '0', '0', '0', '0', 'Z'), &e), 0);
    CU_ASSERT_EQUAL(run_getter(GET_TIME, BYTES(0x18, 0x0f, '2', '0', '2', '4', '0', '2', '2',
                                               '9', '1', '2', '0', '0', '0', '0', 'Z'), &e), 0);
    expect_time_error(0x18, "20230229000000Z", "does not exist");
    expect_time_error(0x18, "21000229000000Z", "does not exist");
    expect_time_error(0x17, "250101000000", "does not end in 'Z'");
    expect_time_error(0x17, "250101000000+0100", "does not end in 'Z'");
    expect_time_error(0x17, "2501010000Z", "must have 13");
    expect_time_error(0x18, "250101000000Z", "must have 15");
    expect_time_error(0x18, "20250101000000.5Z", "fractions of a second");
    expect_time_error(0x17, "251301000000Z", "does not exist");
    expect_time_error(0x17, "250100000000Z", "does not exist");
    expect_time_error(0x17, "250101240000Z", "does not exist");
    expect_time_error(0x17, "250101006000Z", "does not exist");
    expect_time_error(0x17, "250101000060Z", "does not exist");
    expect_time_error(0x17, "2501a1000000Z", "non-digit");
    expect_time_error(0x17, "25-101000000Z", "non-digit");
    expect_get_error(GET_TIME, BYTES(0x04, 0x01, 'Z'), "not a UTCTime");

    /* The writer and reader agree across the 1950/2050 boundaries and leap days. */
    static const int64_t moments[] = {-631152000, 0, 951825600, 1735689600, 2524607999,
                                      2524608000, 4107542400, 253402300799};
    for (size_t i = 0; i < sizeof moments / sizeof moments[0]; i++) {
        struct bytes b = {0};
        struct der_reader r;
        struct der_tlv t;
        int64_t back = 0;
        CU_ASSERT_EQUAL(der_put_time(&b, moments[i]), 0);
        der_reader_init(&r, b.data, b.len, &e);
        CU_ASSERT_EQUAL(der_read(&r, &t), 0);
        CU_ASSERT_EQUAL(der_get_time(&r, &t, &back), 0);
        CU_ASSERT_EQUAL(back, moments[i]);
        bytes_free(&b);
    }
    struct der_civil_time c;
    der_time_to_civil(951825600 + 86399 - 43200, &c);
    CU_ASSERT_EQUAL(c.year, 2000);
    CU_ASSERT_EQUAL(c.month, 2);
    CU_ASSERT_EQUAL(c.day, 29);
    CU_ASSERT_EQUAL(c.hour, 23);
    CU_ASSERT_EQUAL(c.second, 59);
}

static void test_tag_names(void)
{
    char buf[40];
    der_tag_describe(DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "SEQUENCE");
    der_tag_describe(DER_CLASS_CONTEXT, 3, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "[3]");
    der_tag_describe(DER_CLASS_APPLICATION, 7, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "[APPLICATION 7]");
    der_tag_describe(DER_CLASS_UNIVERSAL, 29, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "[UNIVERSAL 29]");
}

/* Decode text as Base64 and compare it with want (NULL: expect an error at column). */
static void expect_base64(const char *text, const char *want, size_t column)
{
    struct bytes out = {0};
    struct pem_error err;
    int rc = pem_base64_decode(text, strlen(text), &out, &err);
    if (want != NULL) {
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_EQUAL(out.len, strlen(want));
        CU_ASSERT_EQUAL(memcmp(out.data ? (const char *)out.data : "", want, strlen(want)), 0);
    } else {
        CU_ASSERT_EQUAL(rc, -1);
        CU_ASSERT_EQUAL(err.column, column);
    }
    bytes_free(&out);
}

static void test_base64(void)
{
    static const char *const vectors[][2] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        struct bytes enc = {0};
        pem_base64_encode(&enc, (const uint8_t *)vectors[i][0], strlen(vectors[i][0]));
        CU_ASSERT_EQUAL(enc.len, strlen(vectors[i][1]));
        if (enc.len)
            CU_ASSERT_EQUAL(memcmp(enc.data, vectors[i][1], enc.len), 0);
        expect_base64(vectors[i][1], vectors[i][0], 0);
        bytes_free(&enc);
    }
    expect_base64("+/+/", "\xfb\xff\xbf", 0);
    expect_base64("Zm9v!", NULL, 5);
    expect_base64("Zm 9v", NULL, 3);
    expect_base64("Zg=", NULL, 4);
    expect_base64("Zg", NULL, 3);
    expect_base64("Z===", NULL, 2);
    expect_base64("Zh==", NULL, 4);
    expect_base64("Zm9=", NULL, 4);
    expect_base64("Zg==Zg==", NULL, 5);
    expect_base64("Zm=v", NULL, 4);
    expect_base64("=AAA", NULL, 1);

    struct bytes out = {0};
    struct pem_error err;
    CU_ASSERT_EQUAL(pem_base64_decode("Zm9v\x01", 5, &out, &err), -1);
    CU_ASSERT_NOT_EQUAL(strstr(err.message, "byte 0x01"), NULL);
    bytes_free(&out);
}

static const char two_blocks[] =
    "Some text before the blocks is ignored.\n"
    "-----BEGIN CERTIFICATE-----\r\n"
    "AAEC\r\n"
    "-----END CERTIFICATE-----\r\n"
    "\n"
    "-----BEGIN PRIVATE KEY-----\n"
    "Zm9v\n"
    "YmFy\n"
    "-----END PRIVATE KEY-----";

static void test_pem_read(void)
{
    struct pem_block *blocks;
    size_t count;
    struct pem_error err;

    CU_ASSERT_EQUAL(pem_read_all(two_blocks, strlen(two_blocks), &blocks, &count, &err), 0);
    CU_ASSERT_EQUAL(count, 2);
    if (count != 2)
        return;
    CU_ASSERT_STRING_EQUAL(blocks[0].label, "CERTIFICATE");
    CU_ASSERT_EQUAL(blocks[0].line, 2);
    CU_ASSERT_EQUAL(blocks[0].der.len, 3);
    CU_ASSERT_EQUAL(memcmp(blocks[0].der.data, BYTES(0, 1, 2)), 0);
    CU_ASSERT_STRING_EQUAL(blocks[1].label, "PRIVATE KEY");
    CU_ASSERT_EQUAL(blocks[1].line, 6);
    CU_ASSERT_EQUAL(blocks[1].der.len, 6);
    CU_ASSERT_EQUAL(memcmp(blocks[1].der.data, "foobar", 6), 0);
    pem_blocks_free(blocks, count);
}

/* The legacy encryption headers are read before the Base64 data. */
static void test_pem_headers(void)
{
    static const char text[] = "-----BEGIN RSA PRIVATE KEY-----\n"
                               "Proc-Type: 4,ENCRYPTED\n"
                               "DEK-Info:   AES-128-CBC,00112233445566778899AABBCCDDEEFF\r\n"
                               "\n"
                               "Zm9v\n"
                               "-----END RSA PRIVATE KEY-----\n"
                               "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
    struct pem_block *blocks;
    size_t count;
    struct pem_error err;

    CU_ASSERT_EQUAL_FATAL(pem_read_all(text, strlen(text), &blocks, &count, &err), 0);
    CU_ASSERT_EQUAL(count, 2);
    CU_ASSERT_STRING_EQUAL(blocks[0].proc_type, "4,ENCRYPTED");
    CU_ASSERT_STRING_EQUAL(blocks[0].dek_info, "AES-128-CBC,00112233445566778899AABBCCDDEEFF");
    CU_ASSERT_EQUAL(blocks[0].der.len, 3);
    CU_ASSERT_STRING_EQUAL(blocks[1].proc_type, "");
    CU_ASSERT_STRING_EQUAL(blocks[1].dek_info, "");
    pem_blocks_free(blocks, count);
}

/* A byte-order mark before the text, as some editors write it, is passed over. */
static void test_pem_byte_order_mark(void)
{
    static const char text[] = "\xEF\xBB\xBF-----BEGIN CERTIFICATE-----\nAAEC\n"
                               "-----END CERTIFICATE-----\n";
    struct pem_block *blocks;
    size_t count;
    struct pem_error err;

    CU_ASSERT_EQUAL_FATAL(pem_read_all(text, strlen(text), &blocks, &count, &err), 0);
    CU_ASSERT_EQUAL(count, 1);
    CU_ASSERT_EQUAL(blocks[0].line, 1);
    CU_ASSERT_EQUAL(blocks[0].der.len, 3);
    pem_blocks_free(blocks, count);
}

static void test_pem_round_trip(void)
{
    uint8_t der[100];
    struct bytes pem = {0};
    struct pem_block *blocks;
    size_t count;
    struct pem_error err;

    for (size_t i = 0; i < sizeof der; i++)
        der[i] = (uint8_t)(i * 7);
    pem_encode(&pem, "CERTIFICATE", der, sizeof der);
    pem_encode(&pem, "CERTIFICATE", der, 10);
    static const char head[] = "-----BEGIN CERTIFICATE-----\n";
    CU_ASSERT_EQUAL(memcmp(pem.data, head, sizeof head - 1), 0);
    /* 100 bytes are 136 Base64 characters: lines of 64, 64 and 8. */
    CU_ASSERT_EQUAL(pem.data[sizeof head - 1 + 64], '\n');
    CU_ASSERT_EQUAL(pem.data[sizeof head - 1 + 65 + 64], '\n');
    CU_ASSERT_EQUAL(pem.data[sizeof head - 1 + 130 + 8], '\n');
    CU_ASSERT_EQUAL(pem_read_all((const char *)pem.data, pem.len, &blocks, &count, &err), 0);
    CU_ASSERT_EQUAL(count, 2);
    if (count == 2) {
        CU_ASSERT_EQUAL(blocks[0].der.len, sizeof der);
        CU_ASSERT_EQUAL(memcmp(blocks[0].der.data, der, sizeof der), 0);
        CU_ASSERT_EQUAL(blocks[1].der.len, 10);
        CU_ASSERT_EQUAL(blocks[1].line, 6);
    }
    pem_blocks_free(blocks, count);
    bytes_free(&pem);
}

/* Assert that reading text fails at line with a message containing fragment;
 * the message does not repeat the line, which the caller prints before it. */
static void expect_pem_error(const char *text, size_t line, const char *fragment)
{
    struct pem_block *blocks;
    size_t count;
    struct pem_error err;
    CU_ASSERT_EQUAL(pem_read_all(text, strlen(text), &blocks, &count, &err), -1);
    CU_ASSERT_PTR_NULL(blocks);
    CU_ASSERT_EQUAL(count, 0);
    CU_ASSERT_EQUAL(err.line, line);
    unit_expect_contains(err.message, fragment);
    char at_line[32];
    snprintf(at_line, sizeof at_line, "line %zu", line);
    CU_ASSERT(strncmp(err.message, at_line, strlen(at_line)) != 0);
    CU_ASSERT_PTR_NULL(strstr(err.message, "at line"));
}

static void test_pem_errors(void)
{
    expect_pem_error("-----BEGIN CERTIFICATE-----\nAAEC\n", 1, "has no END line");
    expect_pem_error("-----BEGIN CERTIFICATE-----\nAAEC\n-----END PRIVATE KEY-----\n", 3,
                     "END \"PRIVATE KEY\" does not match BEGIN \"CERTIFICATE\" on line 1");
    expect_pem_error("x\n-----BEGIN CERTIFICATE-----\nAAEC\nAA*C\n-----END CERTIFICATE-----\n",
                     4, "bad Base64 ('*')");
    expect_pem_error("-----END CERTIFICATE-----\n", 1, "without a BEGIN");
    expect_pem_error("-----BEGIN A-----\n-----BEGIN B-----\n", 2, "inside the block \"A\"");
    expect_pem_error("just some text\n", 1, "no PEM block");
    expect_pem_error("", 1, "no PEM block");
    expect_pem_error("-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n-----END X-----\n", 1,
                     "holds no data");
    expect_pem_error("-----BEGIN X-----\nComment: hi\n\nAAEC\n-----END X-----\n", 2,
                     "unknown PEM header 'Comment'");
    expect_pem_error("-----BEGIN X-----\nAAEC\nDEK-Info: AES-128-CBC,00\n-----END X-----\n", 3,
                     "inside the Base64 data");
    expect_pem_error("-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nProc-Type: 4,ENCRYPTED\n"
                     "\nAAEC\n-----END X-----\n", 3, "a second Proc-Type header");
    expect_pem_error("-----BEGIN X-----\nDEK-Info:\n\nAAEC\n-----END X-----\n", 2,
                     "value is empty");
    expect_pem_error("-----BEGIN X-----\nDEK-Info: AES-128-CBC,0\n\nAAEC\n-----END X-----\n", 2,
                     "not CIPHER,IV");
    expect_pem_error("-----BEGIN X-----\nDEK-Info: AES-128-CBC,zz\n\nAAEC\n-----END X-----\n",
                     2, "not CIPHER,IV");
    expect_pem_error("-----BEGIN X-----\nDEK-Info: ,00\n\nAAEC\n-----END X-----\n", 2,
                     "not CIPHER,IV");
    /* an IV longer than any cipher's block, a cipher name past the limit */
    expect_pem_error("-----BEGIN X-----\nDEK-Info: AES-256-CBC,"
                     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
                     "\n\nAAEC\n-----END X-----\n", 2, "not CIPHER,IV");
    expect_pem_error("-----BEGIN X-----\nDEK-Info: A-CIPHER-NAME-OF-THIRTY-TWO-LETTE,00"
                     "\n\nAAEC\n-----END X-----\n", 2, "not CIPHER,IV");
    expect_pem_error("-----BEGIN X-----\n-----END X-----\n", 1, "holds no data");
    expect_pem_error("-----BEGIN X-----\nAAE\n-----END X-----\n", 3, "inside a group");
    expect_pem_error("-----BEGIN CERTIFICATE\nAAEC\n", 1, "bad or missing label");
    expect_pem_error("-----BEGIN -----\nAAEC\n", 1, "bad or missing label");
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"writer: exact encodings", test_writer_encodings},
        {"writer: long-form lengths", test_writer_long_lengths},
        {"writer: refuses bad OIDs, strings and years", test_writer_refuses},
        {"writer and reader round trip", test_round_trip},
        {"reader: length errors with offsets", test_reader_length_errors},
        {"reader: trailing bytes", test_reader_trailing_bytes},
        {"reader: tag errors", test_reader_tag_errors},
        {"reader: nesting depth limit", test_reader_depth_limit},
        {"reader: expect, and errors stick", test_reader_sticky_and_expect},
        {"reader: bad values", test_value_errors},
        {"reader: times", test_times},
        {"tag names", test_tag_names},
        {"Base64: RFC 4648 vectors and bad input", test_base64},
        {"PEM: several blocks, CRLF, text around", test_pem_read},
        {"PEM: encode and read back", test_pem_round_trip},
        {"PEM: the legacy encryption headers", test_pem_headers},
        {"PEM: a byte-order mark", test_pem_byte_order_mark},
        {"PEM: errors name the line", test_pem_errors},
        {"OID arcs of any size", test_oid_big_arcs},
        {NULL, NULL},
    };
    return unit_run("der", tests);
}
