/*
 * inspect_walk.c - the explainer's lines and the parts every object shares:
 * integers, algorithms, names, times and public keys.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"
#include "pki/x509_fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_INTEGER_BYTES 7  /* INTEGERs this short are shown in decimal */

/* ------------------------------------------------------------------ */
/* Lines                                                                */
/* ------------------------------------------------------------------ */

void inspect_add(struct inspect_report *out, int depth, const struct der_tlv *t,
                 enum inspect_mark mark, const char *label, const char *note, const char *fmt,
                 ...)
{
    va_list ap;
    char buf[1024];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 32;
        out->lines = xrealloc(out->lines, out->cap * sizeof *out->lines);
    }
    struct inspect_line *l = &out->lines[out->count++];
    memset(l, 0, sizeof *l);
    l->depth = depth;
    l->label = xstrdup(label);
    l->text = xstrdup(buf);
    l->note = note ? xstrdup(note) : NULL;
    l->mark = mark;
    if (t != NULL) {
        l->has_span = true;
        l->offset = t->offset;
        l->header_len = t->header_len;
        l->len = t->len;
    }
    crypt_wipe(buf, sizeof buf);
}

void inspect_report_free(struct inspect_report *r)
{
    for (size_t i = 0; i < r->count; i++) {
        struct inspect_line *l = &r->lines[i];
        free(l->label);
        crypt_free(l->text, strlen(l->text));
        free(l->note);
    }
    free(r->lines);
    bytes_free(&r->der);
    memset(r, 0, sizeof *r);
}

char *inspect_hex_short(const uint8_t *p, size_t len, size_t max_shown)
{
    struct bytes b = {0};
    size_t head = len, tail = 0;
    char part[4];

    if (len > max_shown && max_shown >= 8) {
        head = max_shown - 4;
        tail = 4;
    }
    for (size_t i = 0; i < head; i++) {
        snprintf(part, sizeof part, "%s%02x", i ? ":" : "", p[i]);
        bytes_append(&b, part, strlen(part));
    }
    if (tail > 0) {
        bytes_append(&b, ":...", 4);
        for (size_t i = len - tail; i < len; i++) {
            snprintf(part, sizeof part, ":%02x", p[i]);
            bytes_append(&b, part, strlen(part));
        }
    }
    char *s = xasprintf("%.*s", (int)b.len, b.data ? (const char *)b.data : "");
    bytes_free(&b);
    return s;
}

size_t inspect_bit_length(const uint8_t *mag, size_t len)
{
    while (len > 0 && mag[0] == 0) {
        mag++;
        len--;
    }
    if (len == 0)
        return 0;
    size_t bits = (len - 1) * 8;
    for (uint8_t top = mag[0]; top != 0; top >>= 1)
        bits++;
    return bits;
}

int inspect_integer(struct der_reader *r, struct inspect_report *out, int depth,
                    const char *what, const char *label, enum inspect_mark mark,
                    const char *note, const uint8_t **mag, size_t *mag_len)
{
    struct der_tlv t;
    bool negative;

    if (der_expect(r, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, what, &t) != 0 ||
        der_get_integer(r, &t, &negative) != 0)
        return -1;
    const uint8_t *m = t.content;
    size_t n = t.len;
    if (!negative && n > 1 && m[0] == 0) {
        m++;
        n--;
    }
    if (mag != NULL) {
        *mag = m;
        *mag_len = n;
    }
    if (negative) {
        char *hex = inspect_hex_short(t.content, t.len, HEX_SHOWN);
        inspect_add(out, depth, &t, INSPECT_MARK_WARN, label, note, "negative: %s", hex);
        crypt_free(hex, strlen(hex));
    } else if (n <= SMALL_INTEGER_BYTES) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = (v << 8) | m[i];
        inspect_add(out, depth, &t, mark, label, note, "%llu", (unsigned long long)v);
    } else {
        char *hex = inspect_hex_short(m, n, HEX_SHOWN);
        inspect_add(out, depth, &t, mark, label, note, "%s, a %zu-bit number", hex,
                    inspect_bit_length(m, n));
        crypt_free(hex, strlen(hex));
    }
    return 0;
}

int inspect_algorithm(struct der_reader *r, const char *what, struct der_tlv *whole,
                      char oid[DER_OID_TEXT_MAX], struct der_tlv *params, bool *has_params)
{
    struct der_reader alg;
    struct der_tlv t;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, what, whole) != 0 ||
        der_enter(r, whole, &alg) != 0 ||
        der_read_oid(&alg, "an algorithm OID", &t, oid) != 0)
        return -1;
    *has_params = !der_at_end(&alg);
    if (*has_params && der_read(&alg, params) != 0)
        return -1;
    return der_finish(&alg, what);
}

/* Append item to the comma-separated list in text (used bytes so far);
 * what does not fit is left out. */
void inspect_list_append(char *text, size_t size, size_t *used, const char *item)
{
    int n = snprintf(text + *used, size - *used, "%s%s", *used ? ", " : "", item);
    if (n > 0 && (size_t)n < size - *used)
        *used += (size_t)n;
}

/* The name and meaning of an algorithm OID for a line. */
void inspect_algorithm_line(struct inspect_report *out, int depth, const struct der_tlv *t,
                            const char *label, const char *oid, const char *note)
{
    const struct oid_info *o = oid_lookup(oid);
    if (o != NULL)
        inspect_add(out, depth, t, INSPECT_MARK_NONE, label, note, "%s (%s): %s", o->name, oid,
                    o->meaning);
    else
        inspect_add(out, depth, t, INSPECT_MARK_NONE, label, note, "%s, an algorithm tlssim "
                    "does not know", oid);
}

/* ------------------------------------------------------------------ */
/* Names, times, public keys                                            */
/* ------------------------------------------------------------------ */

/* Read one attribute value as text into buf (strings as they are, other
 * types as hex). */
static int attribute_text(struct der_reader *r, const struct der_tlv *v, char *buf,
                          size_t buflen)
{
    if (v->cls == DER_CLASS_UNIVERSAL && !v->constructed &&
        (v->tag == DER_TAG_UTF8_STRING || v->tag == DER_TAG_PRINTABLE_STRING ||
         v->tag == DER_TAG_IA5_STRING))
        return der_get_string(r, v, buf, buflen);
    char *hex = inspect_hex_short(v->content, v->len, HEX_SHOWN);
    char tag[40];
    der_tag_describe(v->cls, v->tag, tag, sizeof tag);
    snprintf(buf, buflen, "(%s %s)", tag, hex);
    free(hex);
    return 0;
}

/* Explain a Name (issuer or subject) at depth; der/der_len get its encoding. */
int inspect_name(struct der_reader *r, struct inspect_report *out, int depth,
                 const char *label, const char *note, const uint8_t **der, size_t *der_len)
{
    struct der_reader rdns, set;
    struct der_tlv name, s, value;
    char oid_text[DER_OID_TEXT_MAX], value_text[X509_TEXT_MAX], text[X509_TEXT_MAX * 2];
    size_t used = 0;
    size_t first = out->count;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, label, &name) != 0 ||
        der_enter(r, &name, &rdns) != 0)
        return -1;
    *der = name.content - name.header_len;
    *der_len = name.header_len + name.len;
    text[0] = '\0';
    inspect_add(out, depth, &name, INSPECT_MARK_NONE, label, note, "%s", "");
    while (!der_at_end(&rdns)) {
        if (der_expect(&rdns, DER_CLASS_UNIVERSAL, true, DER_TAG_SET, "a part of a name", &s)
                != 0 || der_enter(&rdns, &s, &set) != 0)
            return -1;
        if (der_at_end(&set))
            return der_fail(r, s.offset, "the part of a name at offset %zu is empty", s.offset);
        while (!der_at_end(&set)) {
            if (x509_read_attribute(&set, attribute_text, oid_text, &value, value_text,
                                    sizeof value_text) != 0)
                return -1;
            const struct oid_info *o = oid_lookup(oid_text);
            char *item = xasprintf("%s=%s", oid_name(oid_text), value_text);
            inspect_list_append(text, sizeof text, &used, item);
            free(item);
            inspect_add(out, depth + 1, &value, INSPECT_MARK_NONE, oid_name(oid_text), NULL,
                        "%s%s%s%s", value_text, o ? " (" : "", o ? o->meaning : "",
                        o ? ")" : "");
        }
    }
    free(out->lines[first].text);
    out->lines[first].text = xstrdup(used ? text : "(empty)");
    return 0;
}

/* Explain a UTCTime or GeneralizedTime; t gets the moment. */
int inspect_time(struct der_reader *r, struct inspect_report *out, int depth,
                 const char *label, const char *note, int64_t *t)
{
    struct der_tlv v;
    char shown[64];

    if (der_read(r, &v) != 0 || der_get_time(r, &v, t) != 0)
        return -1;
    x509_time_format(*t, shown, sizeof shown);
    inspect_add(out, depth, &v, INSPECT_MARK_NONE, label, note, "%s (%s)", shown,
                v.tag == DER_TAG_UTC_TIME ? "UTCTime" : "GeneralizedTime");
    return 0;
}

int inspect_curve(struct der_reader *r, struct inspect_report *out, int depth,
                  char oid[DER_OID_TEXT_MAX])
{
    struct der_tlv t;

    if (der_read_oid(r, "a named curve", &t, oid) != 0)
        return -1;
    const struct oid_info *o = oid_lookup(oid);
    if (o != NULL && o->bits > 0)
        inspect_add(out, depth, &t, INSPECT_MARK_NONE, "curve",
                    "The curve fixes the arithmetic: both sides must use the same one.",
                    "%s (%s), %d bits: %s", o->name, oid, o->bits, o->meaning);
    else
        inspect_add(out, depth, &t, INSPECT_MARK_NONE, "curve", NULL, "%s, a curve tlssim does "
                    "not know", oid);
    return 0;
}

int inspect_rsa_public(struct der_reader *r, struct inspect_report *out, int depth)
{
    struct der_reader key;
    const uint8_t *n;
    size_t n_len;

    if (der_enter_sequence(r, "the RSA public key", &key) != 0 ||
        inspect_integer(&key, out, depth, "the modulus", "modulus n", INSPECT_MARK_NONE,
                        "The product of two secret primes p and q.  Its size is the key "
                        "size; factoring it would reveal the private key.", &n, &n_len) != 0 ||
        inspect_integer(&key, out, depth, "the public exponent", "public exponent e",
                        INSPECT_MARK_NONE, "Anyone encrypts or checks a signature by raising "
                        "to this power mod n; 65537 is the usual choice.", NULL, NULL) != 0 ||
        der_finish(&key, "the RSA public key") != 0)
        return -1;
    inspect_add(out, depth, NULL, INSPECT_MARK_NONE, "key size", "Today 2048 bits is the "
                "least that is accepted; 3072 or more for keys that must last.",
                "RSA %zu bits", inspect_bit_length(n, n_len));
    return 0;
}

int inspect_public_key_info(struct der_reader *r, struct inspect_report *out, int depth,
                            bool *is_ed25519, uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    struct der_reader spki, inner;
    struct der_tlv whole, alg, params, key;
    char oid[DER_OID_TEXT_MAX], curve[DER_OID_TEXT_MAX];
    bool has_params;
    const uint8_t *bits;
    size_t len;
    unsigned unused;

    *is_ed25519 = false;
    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the public key info",
                   &whole) != 0 || der_enter(r, &whole, &spki) != 0)
        return -1;
    inspect_add(out, depth, &whole, INSPECT_MARK_NONE, "public key", "The public half of the "
                "keypair.  Anyone may have it: it checks signatures made with the private "
                "key, or encrypts for its owner.", "%s", "");
    size_t head = out->count - 1;
    if (inspect_algorithm(&spki, "the public key algorithm", &alg, oid, &params,
                          &has_params) != 0)
        return -1;
    inspect_algorithm_line(out, depth + 1, &alg, "algorithm", oid, NULL);
    if (der_expect(&spki, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "the public key",
                   &key) != 0 ||
        der_get_bit_string(&spki, &key, &bits, &len, &unused) != 0 ||
        der_finish(&spki, "the public key info") != 0)
        return -1;
    free(out->lines[head].text);
    if (strcmp(oid, OID_RSA) == 0) {
        out->lines[head].text = xstrdup("RSA");
        if (der_enter_bytes(&spki, &key, bits, len, &inner) != 0 ||
            inspect_rsa_public(&inner, out, depth + 1) != 0 ||
            der_finish(&inner, "the RSA public key") != 0)
            return -1;
    } else if (strcmp(oid, OID_EC) == 0) {
        out->lines[head].text = xstrdup("elliptic curve");
        if (!has_params || params.tag != DER_TAG_OID)
            return der_fail(r, alg.offset, "the EC key at offset %zu names no curve; tlssim "
                            "reads named curves only", alg.offset);
        struct der_reader p;
        if (der_enter_bytes(&spki, &params, params.content - params.header_len,
                                params.header_len + params.len, &p) != 0 ||
            inspect_curve(&p, out, depth + 1, curve) != 0)
            return -1;
        inspect_add(out, depth + 1, &key, INSPECT_MARK_NONE, "point", "The public key is a "
                    "point on the curve; 04 at the start means both coordinates follow "
                    "(uncompressed).", "%zu bytes, %s", len,
                    len > 0 && bits[0] == 4 ? "uncompressed" : "compressed");
    } else {
        const struct oid_info *o = oid_lookup(oid);
        out->lines[head].text = xstrdup(o ? o->name : oid);
        char *hex = inspect_hex_short(bits, len, 40);
        inspect_add(out, depth + 1, &key, INSPECT_MARK_NONE, "key bytes", NULL, "%s (%zu bytes)",
                    hex, len);
        free(hex);
        if (strcmp(oid, OID_ED25519) == 0) {
            if (has_params)
                return der_fail(r, alg.offset, "the Ed25519 algorithm at offset %zu has "
                                "parameters; RFC 8410 says they must be absent", alg.offset);
            if (unused != 0 || len != CRYPT_SIGN_PUBLICKEYBYTES)
                return der_fail(r, key.offset, "the Ed25519 public key at offset %zu is %zu "
                                "bytes; RFC 8410 says %d", key.offset, len,
                                CRYPT_SIGN_PUBLICKEYBYTES);
            memcpy(pk, bits, CRYPT_SIGN_PUBLICKEYBYTES);
            *is_ed25519 = true;
            inspect_add(out, depth + 1, NULL, INSPECT_MARK_NONE, "key size", "Ed25519 keys "
                        "are always 32 bytes; they are about as strong as RSA 3072.",
                        "Ed25519, 256 bits");
        }
    }
    return 0;
}
