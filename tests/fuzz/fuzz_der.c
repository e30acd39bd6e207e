/*
 * fuzz_der.c - fuzz target: any DER, walked with the strict reader the way
 * the explainer walks a file: every TLV read, every constructed value
 * entered, every primitive decoded as its tag says, and OCTET and BIT
 * STRINGs tried as DER in their turn.
 */
#include "fuzz.h"

#include "pki/der.h"

#include <stdbool.h>

/* Decode one primitive as its universal tag says.  A failure here is the
 * value's own: it is recorded in a scratch error so the walk goes on. */
static void decode_value(const struct der_reader *r, const struct der_tlv *t)
{
    struct der_error scratch = {0};
    struct der_reader probe = *r;
    char text[DER_OID_TEXT_MAX > 256 ? DER_OID_TEXT_MAX : 256];
    const uint8_t *p;
    size_t len;
    unsigned unused;
    uint64_t u;
    uint32_t bits;
    int64_t when;
    bool b;

    probe.err = &scratch;
    der_tag_describe(t->cls, t->tag, text, sizeof text);
    if (t->cls == DER_CLASS_CONTEXT && !t->constructed) {
        (void)!der_get_implicit_string(&probe, t, DER_TAG_IA5_STRING, text, sizeof text);
        return;
    }
    if (t->cls != DER_CLASS_UNIVERSAL)
        return;
    switch (t->tag) {
    case DER_TAG_BOOLEAN:
        (void)!der_get_boolean(&probe, t, &b);
        break;
    case DER_TAG_INTEGER:
    case DER_TAG_ENUMERATED:
        (void)!der_get_integer(&probe, t, &b);
        scratch.failed = false;
        (void)!der_get_positive(&probe, t, &p, &len);
        scratch.failed = false;
        (void)!der_get_uint(&probe, t, &u);
        break;
    case DER_TAG_BIT_STRING:
        (void)!der_get_bit_string(&probe, t, &p, &len, &unused);
        scratch.failed = false;
        (void)!der_get_named_bits(&probe, t, &bits);
        break;
    case DER_TAG_NULL:
        (void)!der_get_null(&probe, t);
        break;
    case DER_TAG_OID:
        (void)!der_get_oid(&probe, t, text, sizeof text);
        break;
    case DER_TAG_UTC_TIME:
    case DER_TAG_GENERALIZED_TIME:
        (void)!der_get_time(&probe, t, &when);
        break;
    default:
        (void)!der_get_string(&probe, t, text, sizeof text);
        break;
    }
}

/* Read every TLV of r, entering constructed ones; stops at the first
 * error, as a parser built on the reader does. */
static void walk(struct der_reader *r)
{
    struct der_tlv t;

    while (!der_at_end(r)) {
        if (der_read(r, &t) != 0)
            return;
        if (t.constructed) {
            struct der_reader child;
            if (der_enter(r, &t, &child) != 0)
                return;
            walk(&child);
            continue;
        }
        decode_value(r, &t);
        /* A string of bytes may hold DER (an extension value, a key). */
        if (t.cls == DER_CLASS_UNIVERSAL && t.tag == DER_TAG_OCTET_STRING && t.len > 0) {
            struct der_error scratch = {0};
            struct der_reader outer = *r, child;
            outer.err = &scratch;
            if (der_enter_octets(&outer, &t, &child) == 0) {
                walk(&child);
                (void)!der_finish(&child, "the OCTET STRING");
            }
        }
    }
    (void)!der_finish(r, "the value");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct der_error err;
    struct der_reader r;

    der_reader_init(&r, data, size, &err);
    walk(&r);
    return 0;
}
