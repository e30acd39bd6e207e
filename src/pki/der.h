/*
 * der.h - ASN.1 DER: a writer that builds nested TLVs, and a strict reader.
 *
 * Owns the byte-level encoding of DER values.  The writer appends to a
 * struct bytes and fixes up lengths when a constructed value ends.  The
 * reader is a bounded cursor over one input: it reads one TLV at a time,
 * refuses everything DER forbids (indefinite or non-minimal lengths, values
 * that run past their parent, deep nesting, trailing bytes) and reports the
 * first error with its byte offset from the start of the whole input.  It
 * knows no certificate structure; x509.c and the explainer build on it.
 */
#ifndef TLSSIM_DER_H
#define TLSSIM_DER_H

#include "base/bytes.h"
#include "base/crypt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The two bits of an identifier octet that say which tag space a tag is in. */
enum der_class {
    DER_CLASS_UNIVERSAL = 0,
    DER_CLASS_APPLICATION = 1,
    DER_CLASS_CONTEXT = 2,
    DER_CLASS_PRIVATE = 3,
};

/* Universal tag numbers. */
#define DER_TAG_BOOLEAN 1
#define DER_TAG_INTEGER 2
#define DER_TAG_BIT_STRING 3
#define DER_TAG_OCTET_STRING 4
#define DER_TAG_NULL 5
#define DER_TAG_OID 6
#define DER_TAG_ENUMERATED 10
#define DER_TAG_UTF8_STRING 12
#define DER_TAG_SEQUENCE 16
#define DER_TAG_SET 17
#define DER_TAG_NUMERIC_STRING 18
#define DER_TAG_PRINTABLE_STRING 19
#define DER_TAG_T61_STRING 20
#define DER_TAG_IA5_STRING 22
#define DER_TAG_UTC_TIME 23
#define DER_TAG_GENERALIZED_TIME 24
#define DER_TAG_UNIVERSAL_STRING 28
#define DER_TAG_BMP_STRING 30

/* Limits the reader enforces. */
#define DER_DEPTH_MAX 32        /* constructed values nested inside each other */
#define DER_TAG_BYTES_MAX 4     /* identifier octets of one tag, first included */
#define DER_LENGTH_BYTES_MAX 4  /* octets after 0x8N in a long-form length */
#define DER_ERR_MAX 200
#define DER_OID_TEXT_MAX 128    /* dotted text of one OID, NUL included */

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

/* Append the identifier octets of a tag and a placeholder length; returns the
 * mark that der_end() needs to close the value. */
size_t der_begin(struct bytes *out, enum der_class cls, bool constructed, uint32_t tag);

/* Close the value opened at mark: write its final length in minimal form. */
void der_end(struct bytes *out, size_t mark);

/* Open a SEQUENCE, a SET, or an EXPLICIT context tag [n]; close with der_end(). */
size_t der_begin_sequence(struct bytes *out);
size_t der_begin_set(struct bytes *out);
size_t der_begin_explicit(struct bytes *out, uint32_t n);

/* Append one complete TLV whose content is given. */
void der_put_tlv(struct bytes *out, enum der_class cls, bool constructed, uint32_t tag,
                 const uint8_t *content, size_t len);

/* Append a primitive IMPLICIT context tag [n] holding content. */
void der_put_implicit(struct bytes *out, uint32_t n, const uint8_t *content, size_t len);

/* Append a non-negative INTEGER from big-endian magnitude bytes, minimally. */
void der_put_integer(struct bytes *out, const uint8_t *magnitude, size_t len);

/* Append a non-negative INTEGER from a machine number. */
void der_put_uint(struct bytes *out, uint64_t v);

/* Append an OBJECT IDENTIFIER from dotted text ("1.3.101.112"); -1 if malformed. */
int der_put_oid(struct bytes *out, const char *dotted) CRYPT_WARN_UNUSED;

/* Append an OBJECT IDENTIFIER from its already encoded content octets. */
void der_put_oid_bytes(struct bytes *out, const uint8_t *content, size_t len);

/* Append a UTF8String (s must be valid UTF-8); -1 if it is not. */
int der_put_utf8(struct bytes *out, const char *s) CRYPT_WARN_UNUSED;

/* Append a PrintableString; -1 if s holds a character that type forbids. */
int der_put_printable(struct bytes *out, const char *s) CRYPT_WARN_UNUSED;

/* Append an IA5String (ASCII); -1 if s holds a byte above 0x7f. */
int der_put_ia5(struct bytes *out, const char *s) CRYPT_WARN_UNUSED;

/* Append a Time as RFC 5280 wants it: UTCTime for 1950..2049, else
 * GeneralizedTime; -1 outside years 0000..9999. */
int der_put_time(struct bytes *out, int64_t unix_seconds) CRYPT_WARN_UNUSED;

/* Append a GeneralizedTime whatever the year; -1 outside years 0000..9999. */
int der_put_generalized_time(struct bytes *out, int64_t unix_seconds) CRYPT_WARN_UNUSED;

/* Append a BIT STRING of len whole bytes (no unused bits). */
void der_put_bit_string(struct bytes *out, const uint8_t *p, size_t len);

/* Append a BIT STRING for a named bit list: bit n of bits is named bit n;
 * trailing zero bits are dropped as DER requires. */
void der_put_named_bits(struct bytes *out, uint32_t bits);

/* Append an OCTET STRING, a BOOLEAN, a NULL. */
void der_put_octet_string(struct bytes *out, const uint8_t *p, size_t len);
void der_put_boolean(struct bytes *out, bool v);
void der_put_null(struct bytes *out);

/* ------------------------------------------------------------------ */
/* Reader                                                              */
/* ------------------------------------------------------------------ */

/* The first error a reader (or any reader entered from it) met. */
struct der_error {
    bool failed;
    size_t offset;                 /* from the start of the whole input */
    char message[DER_ERR_MAX];     /* a plain sentence that names the offset */
};

/* One decoded TLV.  content points into the input. */
struct der_tlv {
    enum der_class cls;
    bool constructed;
    uint32_t tag;
    size_t offset;          /* of the first identifier octet */
    size_t header_len;      /* identifier and length octets */
    const uint8_t *content;
    size_t len;             /* content octets */
};

/* A cursor over the content of one value (or the whole input). */
struct der_reader {
    const uint8_t *base;    /* start of the whole input, for offsets */
    const uint8_t *p;
    const uint8_t *end;
    bool top;               /* reading the whole input, not a value's content */
    int depth;
    struct der_error *err;
};

/* Start reading len bytes at p; errors go to err, which is cleared. */
void der_reader_init(struct der_reader *r, const uint8_t *p, size_t len,
                     struct der_error *err);

/* True when nothing is left to read. */
bool der_at_end(const struct der_reader *r);

/* Offset of the next byte to read, from the start of the whole input. */
size_t der_offset(const struct der_reader *r);

/* Read the next TLV, whatever its tag; 0, or -1 with the error recorded. */
int der_read(struct der_reader *r, struct der_tlv *out) CRYPT_WARN_UNUSED;

/* True when the next value has this tag (false at the end or on bad bytes,
 * which the following read then reports). */
bool der_peek(const struct der_reader *r, enum der_class cls, bool constructed,
              uint32_t tag);

/* Read the next TLV and insist on its tag; what names it in the error. */
int der_expect(struct der_reader *r, enum der_class cls, bool constructed, uint32_t tag,
               const char *what, struct der_tlv *out) CRYPT_WARN_UNUSED;

/* Read a universal SEQUENCE and enter it: child reads its content. */
int der_enter_sequence(struct der_reader *r, const char *what, struct der_reader *child)
    CRYPT_WARN_UNUSED;

/* Make child a reader over the content of the constructed value tlv, which r read. */
int der_enter(struct der_reader *r, const struct der_tlv *tlv, struct der_reader *child)
    CRYPT_WARN_UNUSED;

/* Make child a reader over the DER that the OCTET STRING t wraps (as an
 * extension value does); offsets stay those of the whole input. */
int der_enter_octets(struct der_reader *r, const struct der_tlv *t, struct der_reader *child)
    CRYPT_WARN_UNUSED;

/* Make child a reader over len bytes at p, which lie inside the value t
 * that r read (such as the DER a BIT STRING carries). */
int der_enter_bytes(struct der_reader *r, const struct der_tlv *t, const uint8_t *p, size_t len,
                    struct der_reader *child) CRYPT_WARN_UNUSED;

/* Insist that r has nothing left; what names the value that should have ended. */
int der_finish(struct der_reader *r, const char *what) CRYPT_WARN_UNUSED;

/* Record an error at offset (unless one is already recorded); returns -1. */
int der_fail(struct der_reader *r, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Decode an OBJECT IDENTIFIER into dotted text, each arc in decimal
 * however large (a UUID's 2.25.N has 128 bits); text longer than buflen
 * ends in "..." rather than refusing the OID.  0, or -1 when malformed. */
int der_get_oid(struct der_reader *r, const struct der_tlv *t, char *buf, size_t buflen)
    CRYPT_WARN_UNUSED;

/* Read the next value, which must be an OBJECT IDENTIFIER (what names it in
 * errors), into t and its dotted text into text. */
int der_read_oid(struct der_reader *r, const char *what, struct der_tlv *t,
                 char text[DER_OID_TEXT_MAX]) CRYPT_WARN_UNUSED;

/* Check that an INTEGER is minimally encoded; negative tells its sign. */
int der_get_integer(struct der_reader *r, const struct der_tlv *t, bool *negative)
    CRYPT_WARN_UNUSED;

/* Decode a positive INTEGER into its magnitude (leading zero octet dropped). */
int der_get_positive(struct der_reader *r, const struct der_tlv *t, const uint8_t **mag,
                     size_t *mag_len) CRYPT_WARN_UNUSED;

/* Decode a non-negative INTEGER that fits in 64 bits. */
int der_get_uint(struct der_reader *r, const struct der_tlv *t, uint64_t *v)
    CRYPT_WARN_UNUSED;

/* Decode a UTCTime or GeneralizedTime ('Z' required, no fractions) into Unix seconds. */
int der_get_time(struct der_reader *r, const struct der_tlv *t, int64_t *unix_seconds)
    CRYPT_WARN_UNUSED;

/* Decode a UTF8String, PrintableString or IA5String into a NUL-terminated
 * buf, checking the characters its type allows. */
int der_get_string(struct der_reader *r, const struct der_tlv *t, char *buf, size_t buflen)
    CRYPT_WARN_UNUSED;

/* Decode an IMPLICIT-tagged string (such as a dNSName, [2] IA5String) whose
 * underlying type is type_tag, with the checks der_get_string makes. */
int der_get_implicit_string(struct der_reader *r, const struct der_tlv *t, uint32_t type_tag,
                            char *buf, size_t buflen) CRYPT_WARN_UNUSED;

/* Decode a BOOLEAN (DER allows only 0x00 and 0xff). */
int der_get_boolean(struct der_reader *r, const struct der_tlv *t, bool *v)
    CRYPT_WARN_UNUSED;

/* Read an optional BOOLEAN from r into v (false when it is absent) and its
 * TLV into t; 1 when it was there, 0 when not, -1 when malformed. */
int der_read_optional_boolean(struct der_reader *r, struct der_tlv *t, bool *v)
    CRYPT_WARN_UNUSED;

/* Read an optional BOOLEAN DEFAULT FALSE from r into v (false when it is
 * absent).  DER leaves a default out, so a FALSE written out is an error
 * that names what holds it and field, the flag ("the extension", "critical");
 * 0 or -1. */
int der_read_default_false(struct der_reader *r, const char *what, const char *field, bool *v)
    CRYPT_WARN_UNUSED;

/* Decode a BIT STRING: its bytes and how many trailing bits are unused (which
 * DER requires to be zero). */
int der_get_bit_string(struct der_reader *r, const struct der_tlv *t, const uint8_t **bits,
                       size_t *len, unsigned *unused) CRYPT_WARN_UNUSED;

/* Decode a BIT STRING of named bits into a mask (named bit n is bit n); at
 * most 32 bits. */
int der_get_named_bits(struct der_reader *r, const struct der_tlv *t, uint32_t *bits)
    CRYPT_WARN_UNUSED;

/* Check a NULL: its content must be empty. */
int der_get_null(struct der_reader *r, const struct der_tlv *t) CRYPT_WARN_UNUSED;

/* A moment split into its calendar fields (proleptic Gregorian, UTC). */
struct der_civil_time {
    int64_t year;
    int month, day, hour, minute, second;
};

/* Split Unix seconds into calendar fields. */
void der_time_to_civil(int64_t unix_seconds, struct der_civil_time *c);

#define DER_CIVIL_DIGITS 14  /* YYYYMMDDHHMMSS */

/* Write c as its 14 digits YYYYMMDDHHMMSS at digits (no NUL); c's year
 * must lie in 0..9999.  By hand: snprintf cost more than the encoding. */
void der_civil_digits(const struct der_civil_time *c, char digits[DER_CIVIL_DIGITS]);

/* Describe a tag for people: "SEQUENCE", "INTEGER", "[0]", "[APPLICATION 3]". */
void der_tag_describe(enum der_class cls, uint32_t tag, char *buf, size_t buflen);

#endif
