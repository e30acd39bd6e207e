/*
 * inspect.c - the explainer: files into objects, and certificates, signing
 * requests and public keys into explained lines.  Private keys are in
 * inspect_key.c.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OID_EXTENSION_REQUEST "1.2.840.113549.1.9.14"
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
        crypt_wipe(l->text, strlen(l->text));
        free(l->label);
        free(l->text);
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
        crypt_wipe(hex, strlen(hex));
        free(hex);
    } else if (n <= SMALL_INTEGER_BYTES) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = (v << 8) | m[i];
        inspect_add(out, depth, &t, mark, label, note, "%llu", (unsigned long long)v);
    } else {
        char *hex = inspect_hex_short(m, n, HEX_SHOWN);
        inspect_add(out, depth, &t, mark, label, note, "%s, a %zu-bit number", hex,
                    inspect_bit_length(m, n));
        crypt_wipe(hex, strlen(hex));
        free(hex);
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
        der_expect(&alg, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, "an algorithm OID", &t) != 0 ||
        der_get_oid(&alg, &t, oid, DER_OID_TEXT_MAX) != 0)
        return -1;
    *has_params = !der_at_end(&alg);
    if (*has_params && der_read(&alg, params) != 0)
        return -1;
    return der_finish(&alg, what);
}

/* Append item to the comma-separated list in text (used bytes so far);
 * what does not fit is left out. */
static void list_append(char *text, size_t size, size_t *used, const char *item)
{
    int n = snprintf(text + *used, size - *used, "%s%s", *used ? ", " : "", item);
    if (n > 0 && (size_t)n < size - *used)
        *used += (size_t)n;
}

/* The name and meaning of an algorithm OID for a line. */
static void algorithm_line(struct inspect_report *out, int depth, const struct der_tlv *t,
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
static int explain_name(struct der_reader *r, struct inspect_report *out, int depth,
                        const char *label, const char *note, const uint8_t **der,
                        size_t *der_len)
{
    struct der_reader rdns, set, atv;
    struct der_tlv name, s, oid, value;
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
            if (der_enter_sequence(&set, "an attribute of a name", &atv) != 0 ||
                der_expect(&atv, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, "an attribute type",
                           &oid) != 0 ||
                der_get_oid(&atv, &oid, oid_text, sizeof oid_text) != 0 ||
                der_read(&atv, &value) != 0 ||
                attribute_text(&atv, &value, value_text, sizeof value_text) != 0 ||
                der_finish(&atv, "an attribute of a name") != 0)
                return -1;
            const struct oid_info *o = oid_lookup(oid_text);
            char *item = xasprintf("%s=%s", oid_name(oid_text), value_text);
            list_append(text, sizeof text, &used, item);
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
static int explain_time(struct der_reader *r, struct inspect_report *out, int depth,
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

    if (der_expect(r, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, "a named curve", &t) != 0 ||
        der_get_oid(r, &t, oid, DER_OID_TEXT_MAX) != 0)
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
    algorithm_line(out, depth + 1, &alg, "algorithm", oid, NULL);
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

/* ------------------------------------------------------------------ */
/* Extensions                                                           */
/* ------------------------------------------------------------------ */

/* Explain basicConstraints. */
static int ext_basic_constraints(struct der_reader *v, struct inspect_report *out,
                                 int depth, const struct der_tlv *at)
{
    struct der_reader bc;
    struct der_tlv t;
    bool ca = false;
    uint64_t path = 0;
    bool has_path = false;

    if (der_enter_sequence(v, "basicConstraints", &bc) != 0)
        return -1;
    if (der_peek(&bc, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN) &&
        (der_read(&bc, &t) != 0 || der_get_boolean(&bc, &t, &ca) != 0))
        return -1;
    if (!der_at_end(&bc)) {
        if (der_expect(&bc, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "pathLenConstraint",
                       &t) != 0 || der_get_uint(&bc, &t, &path) != 0)
            return -1;
        has_path = true;
    }
    if (der_finish(&bc, "basicConstraints") != 0)
        return -1;
    if (ca && has_path)
        inspect_add(out, depth, at, INSPECT_MARK_NONE, "basicConstraints", "A CA certificate: "
                    "its key may sign other certificates, with at most this many CAs below "
                    "it.", "CA: yes, path length %llu", (unsigned long long)path);
    else
        inspect_add(out, depth, at, INSPECT_MARK_NONE, "basicConstraints", ca ?
                    "A CA certificate: its key may sign other certificates." :
                    "Not a CA: a client must refuse any certificate signed with this one's "
                    "key.", "CA: %s", ca ? "yes" : "no");
    return 0;
}

/* Explain keyUsage. */
static int ext_key_usage(struct der_reader *v, struct inspect_report *out, int depth,
                         const struct der_tlv *at)
{
    static const char *const names[] = {
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
    };
    struct der_tlv t;
    uint32_t bits;
    char text[256] = "";
    size_t used = 0;

    if (der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "keyUsage", &t) != 0 ||
        der_get_named_bits(v, &t, &bits) != 0)
        return -1;
    for (unsigned i = 0; i < 32; i++) {
        if (!(bits & (1u << i)))
            continue;
        list_append(text, sizeof text, &used,
                    i < sizeof names / sizeof names[0] ? names[i] : "(unnamed bit)");
    }
    inspect_add(out, depth, at, INSPECT_MARK_NONE, "keyUsage", "What the key may do: "
                "digitalSignature for a TLS server's signatures, keyCertSign and cRLSign for a "
                "CA, keyEncipherment for RSA key transport.", "%s", used ? text : "(none)");
    return 0;
}

/* Explain extKeyUsage. */
static int ext_ext_key_usage(struct der_reader *v, struct inspect_report *out, int depth,
                             const struct der_tlv *at)
{
    struct der_reader list;
    struct der_tlv t;
    char oid[DER_OID_TEXT_MAX], text[512] = "";
    size_t used = 0;

    if (der_enter_sequence(v, "extKeyUsage", &list) != 0)
        return -1;
    while (!der_at_end(&list)) {
        if (der_expect(&list, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, "a purpose", &t) != 0 ||
            der_get_oid(&list, &t, oid, sizeof oid) != 0)
            return -1;
        list_append(text, sizeof text, &used, oid_name(oid));
    }
    inspect_add(out, depth, at, INSPECT_MARK_NONE, "extKeyUsage", "The purposes the "
                "certificate is for; a TLS server certificate needs serverAuth when this "
                "extension is present.", "%s", used ? text : "(none)");
    return 0;
}

/* Explain a key identifier (SKI, or the keyIdentifier of an AKI). */
static void key_id_line(struct inspect_report *out, int depth, const struct der_tlv *t,
                        const char *label, const char *note)
{
    char *hex = inspect_hex_short(t->content, t->len, 40);
    inspect_add(out, depth, t, INSPECT_MARK_NONE, label, note, "%s", hex);
    free(hex);
}

/* Explain authorityKeyIdentifier. */
static int ext_authority_key_id(struct der_reader *v, struct inspect_report *out, int depth)
{
    struct der_reader aki;
    struct der_tlv t;

    if (der_enter_sequence(v, "authorityKeyIdentifier", &aki) != 0)
        return -1;
    while (!der_at_end(&aki)) {
        if (der_read(&aki, &t) != 0)
            return -1;
        if (t.cls == DER_CLASS_CONTEXT && t.tag == 0 && !t.constructed)
            key_id_line(out, depth, &t, "authorityKeyIdentifier", "A fingerprint of the "
                        "issuer's key: it helps a client find the right CA certificate when "
                        "a CA has several.");
        else
            inspect_add(out, depth, &t, INSPECT_MARK_NONE, "authorityKeyIdentifier", NULL,
                        "the issuer's name and serial number ([%u], %zu bytes)", t.tag, t.len);
    }
    return 0;
}

/* Explain one GeneralName of subjectAltName. */
static int general_name(struct der_reader *list, struct inspect_report *out, int depth)
{
    struct der_tlv t;
    char text[X509_TEXT_MAX];

    if (der_read(list, &t) != 0)
        return -1;
    if (t.cls == DER_CLASS_CONTEXT && !t.constructed && (t.tag == 1 || t.tag == 2 ||
                                                          t.tag == 6)) {
        if (der_get_implicit_string(list, &t, DER_TAG_IA5_STRING, text, sizeof text) != 0)
            return -1;
        const char *kind = t.tag == 2 ? "DNS" : t.tag == 1 ? "email" : "URI";
        inspect_add(out, depth, &t, INSPECT_MARK_NONE, kind, t.tag == 2 ? "A host name the "
                    "certificate is for; clients compare the name they asked for with these, "
                    "not with the common name." : NULL, "%s", text);
    } else if (t.cls == DER_CLASS_CONTEXT && t.tag == 7 && !t.constructed &&
               (t.len == 4 || t.len == 16)) {
        const uint8_t *a = t.content;
        if (t.len == 4) {
            inspect_add(out, depth, &t, INSPECT_MARK_NONE, "IP", NULL, "%u.%u.%u.%u", a[0],
                        a[1], a[2], a[3]);
        } else {
            char *hex = inspect_hex_short(a, t.len, 16);
            inspect_add(out, depth, &t, INSPECT_MARK_NONE, "IP", NULL, "IPv6 %s", hex);
            free(hex);
        }
    } else {
        inspect_add(out, depth, &t, INSPECT_MARK_NONE, "name", NULL, "a name of kind [%u] "
                    "(%zu bytes) that tlssim does not show", t.tag, t.len);
    }
    return 0;
}

/* Explain subjectAltName. */
static int ext_subject_alt_name(struct der_reader *v, struct inspect_report *out, int depth,
                                const struct der_tlv *at)
{
    struct der_reader list;

    if (der_enter_sequence(v, "subjectAltName", &list) != 0)
        return -1;
    inspect_add(out, depth, at, INSPECT_MARK_NONE, "subjectAltName", "The names this "
                "certificate is valid for.  A client checks the host it wanted against "
                "them.", "%s", der_at_end(&list) ? "(empty)" : "");
    while (!der_at_end(&list))
        if (general_name(&list, out, depth + 1) != 0)
            return -1;
    return 0;
}

/* Explain the value of one extension; v reads inside its OCTET STRING. */
static int explain_extension_value(struct der_reader *v, const char *oid,
                                   const struct der_tlv *value, struct inspect_report *out,
                                   int depth)
{
    struct der_tlv t;

    if (strcmp(oid, "2.5.29.19") == 0)
        return ext_basic_constraints(v, out, depth, value);
    if (strcmp(oid, "2.5.29.15") == 0)
        return ext_key_usage(v, out, depth, value);
    if (strcmp(oid, "2.5.29.37") == 0)
        return ext_ext_key_usage(v, out, depth, value);
    if (strcmp(oid, "2.5.29.17") == 0)
        return ext_subject_alt_name(v, out, depth, value);
    if (strcmp(oid, "2.5.29.35") == 0)
        return ext_authority_key_id(v, out, depth);
    if (strcmp(oid, "2.5.29.14") == 0) {
        if (der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                       "subjectKeyIdentifier", &t) != 0)
            return -1;
        key_id_line(out, depth, &t, "subjectKeyIdentifier", "A fingerprint of this "
                    "certificate's own key, so that certificates it signs can point to it.");
        return 0;
    }
    const struct oid_info *o = oid_lookup(oid);
    inspect_add(out, depth, value, INSPECT_MARK_NONE, o ? o->name : oid, NULL,
                "%s%s(%zu bytes, not shown in detail)", o ? o->meaning : "an extension tlssim "
                "does not know", o ? " " : " ", value->len);
    while (!der_at_end(v))  /* still insist on well-formed DER inside */
        if (der_read(v, &t) != 0)
            return -1;
    return 0;
}

/* Explain one Extension { extnID, critical DEFAULT FALSE, extnValue }. */
static int explain_extension(struct der_reader *list, struct inspect_report *out, int depth)
{
    struct der_reader ext, value;
    struct der_tlv oid, t, octets;
    char oid_text[DER_OID_TEXT_MAX];
    bool critical = false;

    if (der_enter_sequence(list, "an extension", &ext) != 0 ||
        der_expect(&ext, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, "the extension's OID",
                   &oid) != 0 ||
        der_get_oid(&ext, &oid, oid_text, sizeof oid_text) != 0)
        return -1;
    if (der_peek(&ext, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN)) {
        if (der_read(&ext, &t) != 0 || der_get_boolean(&ext, &t, &critical) != 0)
            return -1;
        if (!critical)
            return der_fail(list, t.offset, "the extension at offset %zu writes out critical "
                            "FALSE, the default, which DER omits", t.offset);
    }
    if (der_expect(&ext, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                   "the extension's value", &octets) != 0 ||
        der_finish(&ext, "an extension") != 0 ||
        der_enter_octets(&ext, &octets, &value) != 0)
        return -1;
    size_t first = out->count;
    if (explain_extension_value(&value, oid_text, &octets, out, depth) != 0 ||
        der_finish(&value, "the extension's value") != 0)
        return -1;
    if (first < out->count) {
        struct inspect_line *l = &out->lines[first];
        char *note = xasprintf("%s%s%s", l->note ? l->note : "", l->note ? "  " : "",
                               critical ? "Critical: a client that does not understand this "
                               "extension must reject the certificate." : "Not critical: a "
                               "client that does not know it may ignore it.");
        free(l->note);
        l->note = note;
        char *text = xasprintf("%s%s", l->text, critical ? " [critical]" : "");
        free(l->text);
        l->text = text;
    }
    return 0;
}

/* Explain SEQUENCE OF Extension at depth. */
static int explain_extensions(struct der_reader *r, struct inspect_report *out, int depth)
{
    struct der_reader list;
    struct der_tlv t;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the extensions", &t) != 0 ||
        der_enter(r, &t, &list) != 0)
        return -1;
    inspect_add(out, depth, &t, INSPECT_MARK_NONE, "extensions", "Version 3 added "
                "extensions: extra facts and limits, each with its own identifier.",
                "%s", der_at_end(&list) ? "(none)" : "");
    while (!der_at_end(&list))
        if (explain_extension(&list, out, depth + 1) != 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Signatures                                                           */
/* ------------------------------------------------------------------ */

/* What a signed object tells the signature check. */
struct signed_facts {
    const uint8_t *body;        /* the signed bytes: TBSCertificate or request info */
    size_t body_len;
    char alg[DER_OID_TEXT_MAX]; /* the outer signature algorithm */
    const uint8_t *sig;
    size_t sig_len;
    struct der_tlv sig_tlv;
};

/* Enter a signed object SEQUENCE { body, algorithm, signature }: outer
 * reads its parts, body is the signed part's TLV, inner reads inside it. */
static int open_signed(struct der_reader *r, const char *what, const char *body_what,
                       struct der_reader *outer, struct der_tlv *body, struct der_reader *inner)
{
    if (der_enter_sequence(r, what, outer) != 0 ||
        der_expect(outer, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, body_what, body) != 0)
        return -1;
    return der_enter(outer, body, inner);
}

/* Read the outer algorithm and signature BIT STRING of a signed object. */
static int read_signature(struct der_reader *outer, struct inspect_report *out,
                          struct signed_facts *f)
{
    struct der_tlv alg, params;
    bool has_params;
    unsigned unused;

    if (inspect_algorithm(outer, "the signature algorithm", &alg, f->alg, &params,
                          &has_params) != 0)
        return -1;
    algorithm_line(out, 1, &alg, "signature algorithm", f->alg, "How the signer signed.  "
                   "Ed25519 (PureEdDSA) signs the signed part itself, hashing inside the "
                   "algorithm; RSA and ECDSA hash the signed part first and sign the hash.");
    if (der_expect(outer, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "the signature",
                   &f->sig_tlv) != 0 ||
        der_get_bit_string(outer, &f->sig_tlv, &f->sig, &f->sig_len, &unused) != 0)
        return -1;
    char *hex = inspect_hex_short(f->sig, f->sig_len, HEX_SHOWN);
    inspect_add(out, 1, &f->sig_tlv, INSPECT_MARK_NONE, "signature", "Made with the signer's "
                "private key over the signed part; anyone with the signer's public key can "
                "check it, nobody else can make it.", "%s", hex);
    free(hex);
    return 0;
}

/* Add the line that says whether the signature was checked, and how; pk
 * is NULL when the signer's key is not at hand (not in trust_store, when
 * the issuers are a client's trust store). */
static void signature_check(struct inspect_report *out, const struct signed_facts *f,
                            const uint8_t *pk, const char *signer, bool trust_store)
{
    if (strcmp(f->alg, OID_ED25519) != 0) {
        inspect_add(out, 1, NULL, INSPECT_MARK_UNCHECKED, "signature check", "tlssim's "
                    "crypto library (libsodium) has no RSA or ECDSA, so tlssim cannot check "
                    "this signature; 'openssl verify' can.",
                    "not checked: %s is beyond tlssim", oid_name(f->alg));
        return;
    }
    if (pk == NULL && trust_store) {
        inspect_add(out, 1, NULL, INSPECT_MARK_BAD, "signature check", "A client trusts "
                    "only the CAs in its trust store; a certificate from any other issuer "
                    "fails, however good its signature.",
                    "not checked: the issuer is not in the client's trust store");
        return;
    }
    if (pk == NULL) {
        inspect_add(out, 1, NULL, INSPECT_MARK_UNCHECKED, "signature check", "Give the "
                    "issuer's certificate on the same command line (or in the same file) and "
                    "tlssim checks the signature with its key.",
                    "not checked: the issuer's certificate was not given");
        return;
    }
    bool ok = f->sig_len == CRYPT_SIGN_BYTES &&
              crypt_sign_verify(f->sig, f->body, f->body_len, pk);
    inspect_add(out, 1, NULL, ok ? INSPECT_MARK_GOOD : INSPECT_MARK_BAD, "signature check",
                ok ? "tlssim checked the Ed25519 signature itself." : "The signature does not "
                "match: the signed part was changed, or another key signed it.",
                "%s by the key of %s", ok ? "valid, signed" : "INVALID, not signed", signer);
}

/* What a client asks of the issuer besides its signature: that it is a CA,
 * and that its own certificate is valid now. */
static void issuer_checks(struct inspect_report *out, const struct inspect_issuer *is,
                          int64_t now)
{
    char shown[64];

    if (is->is_ca)
        inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "issuer is a CA?", NULL, "yes: its "
                    "certificate (%s) says CA in basicConstraints", is->source);
    else
        inspect_add(out, 1, NULL, INSPECT_MARK_BAD, "issuer is a CA?", "Only a CA "
                    "certificate may sign others; a client refuses a certificate signed by "
                    "any other key, however good the signature.", "no: its "
                    "certificate (%s) does not say CA in basicConstraints", is->source);
    x509_time_format(now, shown, sizeof shown);
    if (now < is->not_before || now > is->not_after)
        inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "issuer valid now?", "A chain holds only "
                    "while every certificate in it is valid: a client refuses this one too.",
                    "no: the issuer's certificate is %s (now is %s)",
                    now < is->not_before ? "not valid yet" : "expired", shown);
    else
        inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "issuer valid now?", NULL, "yes");
}

/* The pool entry whose subject is the issuer name, or NULL; of several
 * with that name (two CAs made alike), the one whose key made f's signature. */
static const struct inspect_issuer *find_issuer(const struct inspect_pool *pool,
                                                const uint8_t *name, size_t len,
                                                const struct signed_facts *f)
{
    const struct inspect_issuer *first = NULL;

    for (size_t i = 0; pool != NULL && i < pool->count; i++) {
        const struct inspect_issuer *it = &pool->items[i];
        if (it->name_der.len != len || memcmp(it->name_der.data, name, len) != 0)
            continue;
        if (f->sig_len == CRYPT_SIGN_BYTES && crypt_sign_verify(f->sig, f->body, f->body_len,
                                                                 it->pk))
            return it;
        if (first == NULL)
            first = it;
    }
    return first;
}

void inspect_pool_add(struct inspect_pool *pool, const uint8_t *der, size_t len,
                      const char *source)
{
    struct x509_cert cert;
    char err[X509_ERR_MAX];

    if (x509_cert_parse(der, len, &cert, err, sizeof err) != 0 || !cert.key_is_ed25519)
        return;
    pool->items = xrealloc(pool->items, (pool->count + 1) * sizeof *pool->items);
    struct inspect_issuer *it = &pool->items[pool->count++];
    memset(it, 0, sizeof *it);
    bytes_append(&it->name_der, cert.subject_der, cert.subject_der_len);
    snprintf(it->subject, sizeof it->subject, "%s", cert.subject);
    snprintf(it->source, sizeof it->source, "%s", source);
    memcpy(it->pk, cert.public_key, sizeof it->pk);
    it->is_ca = cert.is_ca;
    it->not_before = cert.not_before;
    it->not_after = cert.not_after;
}

void inspect_pool_free(struct inspect_pool *pool)
{
    for (size_t i = 0; i < pool->count; i++)
        bytes_free(&pool->items[i].name_der);
    free(pool->items);
    memset(pool, 0, sizeof *pool);
}

/* ------------------------------------------------------------------ */
/* Certificates and requests                                            */
/* ------------------------------------------------------------------ */

/* Explain the validity period and whether now lies inside it. */
static int explain_validity(struct der_reader *tbs, struct inspect_report *out, int64_t now)
{
    struct der_reader v;
    struct der_tlv t;
    int64_t from, to;
    char shown[64];

    if (der_expect(tbs, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the validity", &t) != 0 ||
        der_enter(tbs, &t, &v) != 0)
        return -1;
    inspect_add(out, 1, &t, INSPECT_MARK_NONE, "validity", "The certificate may be used only "
                "between these two moments; short lives limit the harm of a stolen key.",
                "%s", "");
    if (explain_time(&v, out, 2, "not before", NULL, &from) != 0 ||
        explain_time(&v, out, 2, "not after", NULL, &to) != 0 ||
        der_finish(&v, "the validity") != 0)
        return -1;
    x509_time_format(now, shown, sizeof shown);
    if (now < from)
        inspect_add(out, 2, NULL, INSPECT_MARK_WARN, "valid now?", NULL, "no: not valid yet "
                    "(now is %s)", shown);
    else if (now > to)
        inspect_add(out, 2, NULL, INSPECT_MARK_WARN, "valid now?", NULL, "no: expired (now is "
                    "%s)", shown);
    else
        inspect_add(out, 2, NULL, INSPECT_MARK_GOOD, "valid now?", NULL, "yes (now is %s, "
                    "%lld days left)", shown, (long long)((to - now) / 86400));
    return 0;
}

/* Explain the certificate's version [0] (absent means v1). */
static int explain_version(struct der_reader *tbs, struct inspect_report *out)
{
    struct der_reader v;
    struct der_tlv t, n;
    uint64_t version = 0;

    if (der_peek(tbs, DER_CLASS_CONTEXT, true, 0)) {
        if (der_read(tbs, &t) != 0 || der_enter(tbs, &t, &v) != 0 ||
            der_expect(&v, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the version",
                       &n) != 0 ||
            der_get_uint(&v, &n, &version) != 0 || der_finish(&v, "the version") != 0)
            return -1;
        if (version > 2)
            return der_fail(tbs, n.offset, "the version at offset %zu is %llu; X.509 knows "
                            "0, 1 and 2 (v1 to v3)", n.offset, (unsigned long long)version);
        inspect_add(out, 1, &t, INSPECT_MARK_NONE, "version", "Version 3 is the one that "
                    "can carry extensions, such as the host names; the file stores it as "
                    "the number 2.", "v%llu", (unsigned long long)version + 1);
    } else {
        inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "version", "An old certificate without "
                    "extensions.", "v1 (no version field)");
    }
    return 0;
}

/* Explain the serial number. */
static int explain_serial(struct der_reader *tbs, struct inspect_report *out)
{
    struct der_tlv t;
    bool negative;

    if (der_expect(tbs, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the serial number",
                   &t) != 0 || der_get_integer(tbs, &t, &negative) != 0)
        return -1;
    char *hex = inspect_hex_short(t.content, t.len, 24);
    inspect_add(out, 1, &t, negative ? INSPECT_MARK_WARN : INSPECT_MARK_NONE, "serial number",
                "Unique among the certificates of one CA; a revocation list names "
                "certificates by it.  CAs draw it at random.", "%s%s", negative ? "negative " :
                "", hex);
    free(hex);
    return 0;
}

/* Explain Certificate; r reads the whole input. */
static int explain_certificate(struct der_reader *r, const struct inspect_context *ctx,
                               struct inspect_report *out)
{
    struct der_reader outer, tbs;
    struct der_tlv body, alg, params, t;
    struct signed_facts f;
    char inner_alg[DER_OID_TEXT_MAX];
    bool has_params, key_ed25519;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    const uint8_t *issuer, *subject;
    size_t issuer_len, subject_len;

    snprintf(out->kind, sizeof out->kind, "X.509 certificate");
    if (open_signed(r, "the certificate", "the signed part (TBSCertificate)", &outer, &body,
                    &tbs) != 0)
        return -1;
    inspect_add(out, 0, &body, INSPECT_MARK_NONE, "certificate", "A public key and a name, "
                "bound together by the issuer's signature.  Public: a server hands its "
                "certificate to every client; a root CA's reaches clients through their "
                "trust stores instead.", "X.509");
    if (explain_version(&tbs, out) != 0 || explain_serial(&tbs, out) != 0 ||
        inspect_algorithm(&tbs, "the signature algorithm", &alg, inner_alg, &params,
                          &has_params) != 0)
        return -1;
    algorithm_line(out, 1, &alg, "signature algorithm (signed copy)", inner_alg, "Repeated "
                   "inside the signed part, so that nobody can swap the algorithm.");
    if (explain_name(&tbs, out, 1, "issuer", "Who vouches for the certificate and signed "
                     "it: the CA, or the subject itself when self-signed.", &issuer,
                     &issuer_len) != 0 ||
        explain_validity(&tbs, out, ctx->now) != 0 ||
        explain_name(&tbs, out, 1, "subject", "Who the certificate is about.  Browsers look "
                     "for host names in subjectAltName, not here.", &subject,
                     &subject_len) != 0 ||
        inspect_public_key_info(&tbs, out, 1, &key_ed25519, pk) != 0)
        return -1;
    for (uint32_t n = 1; n <= 2; n++) {
        if (der_peek(&tbs, DER_CLASS_CONTEXT, false, n) && der_read(&tbs, &t) == 0)
            inspect_add(out, 1, &t, INSPECT_MARK_NONE, n == 1 ? "issuer unique ID" :
                        "subject unique ID", "An old field that nobody should use.",
                        "%zu bytes", t.len);
    }
    if (der_peek(&tbs, DER_CLASS_CONTEXT, true, 3)) {
        struct der_reader ext;
        if (der_read(&tbs, &t) != 0 || der_enter(&tbs, &t, &ext) != 0 ||
            explain_extensions(&ext, out, 1) != 0 || der_finish(&ext, "the extensions") != 0)
            return -1;
    }
    if (der_finish(&tbs, "the TBSCertificate") != 0)
        return -1;
    f.body = body.content - body.header_len;
    f.body_len = body.header_len + body.len;
    if (read_signature(&outer, out, &f) != 0 || der_finish(&outer, "the certificate") != 0 ||
        der_finish(r, "the certificate") != 0)
        return -1;
    if (strcmp(inner_alg, f.alg) != 0)
        inspect_add(out, 1, NULL, INSPECT_MARK_BAD, "algorithms agree?", NULL, "no: the "
                    "signed copy says %s, the outer one %s", oid_name(inner_alg),
                    oid_name(f.alg));
    bool self = issuer_len == subject_len && memcmp(issuer, subject, issuer_len) == 0;
    if (self) {
        inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "self-signed", "Issuer and subject are "
                    "the same: nobody else vouches for it.  Fine for a CA's root, which "
                    "clients trust by having a copy; a warning sign on a server.",
                    "yes");
        signature_check(out, &f, key_ed25519 ? pk : NULL, "the certificate itself", false);
    } else {
        const struct inspect_issuer *is = find_issuer(ctx->pool, issuer, issuer_len, &f);
        char *who = is ? xasprintf("%s (%s)", is->subject, is->source) : NULL;
        signature_check(out, &f, is ? is->pk : NULL, who,
                        ctx->pool != NULL && ctx->pool_is_trust_store);
        if (is != NULL)
            issuer_checks(out, is, ctx->now);
        free(who);
    }
    return 0;
}

/* Explain the attributes [0] of a request. */
static int explain_attributes(struct der_reader *info, struct inspect_report *out)
{
    struct der_reader attrs, attr, values;
    struct der_tlv t, oid, set;
    char oid_text[DER_OID_TEXT_MAX];

    if (der_expect(info, DER_CLASS_CONTEXT, true, 0, "the attributes", &t) != 0 ||
        der_enter(info, &t, &attrs) != 0)
        return -1;
    inspect_add(out, 1, &t, INSPECT_MARK_NONE, "attributes", "Extra wishes of the "
                "requester; the CA decides what to grant.", "%s",
                der_at_end(&attrs) ? "(none)" : "");
    while (!der_at_end(&attrs)) {
        if (der_enter_sequence(&attrs, "an attribute", &attr) != 0 ||
            der_expect(&attr, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, "the attribute type",
                       &oid) != 0 ||
            der_get_oid(&attr, &oid, oid_text, sizeof oid_text) != 0 ||
            der_expect(&attr, DER_CLASS_UNIVERSAL, true, DER_TAG_SET, "the attribute values",
                       &set) != 0 ||
            der_finish(&attr, "an attribute") != 0 || der_enter(&attr, &set, &values) != 0)
            return -1;
        if (strcmp(oid_text, OID_EXTENSION_REQUEST) == 0) {
            inspect_add(out, 2, &oid, INSPECT_MARK_NONE, "extensionRequest", NULL,
                        "the extensions the requester would like in the certificate");
            if (explain_extensions(&values, out, 2) != 0 ||
                der_finish(&values, "the extension request") != 0)
                return -1;
        } else {
            const struct oid_info *o = oid_lookup(oid_text);
            inspect_add(out, 2, &set, INSPECT_MARK_NONE, oid_name(oid_text), NULL, "%s",
                        o ? o->meaning : "an attribute tlssim does not know");
            while (!der_at_end(&values))
                if (der_read(&values, &t) != 0)
                    return -1;
        }
    }
    return 0;
}

/* Explain CertificationRequest; r reads the whole input. */
static int explain_request(struct der_reader *r, struct inspect_report *out)
{
    struct der_reader outer, info;
    struct der_tlv body;
    struct signed_facts f;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    bool key_ed25519;
    const uint8_t *name;
    size_t name_len;

    snprintf(out->kind, sizeof out->kind, "PKCS#10 certificate signing request");
    if (open_signed(r, "the signing request", "the signed part (CertificationRequestInfo)",
                    &outer, &body, &info) != 0)
        return -1;
    inspect_add(out, 0, &body, INSPECT_MARK_NONE, "signing request", "What a server sends a "
                "CA to ask for a certificate: its name and public key, signed with its "
                "private key.  Public: it holds no secret.", "PKCS#10 (CSR)");
    if (inspect_integer(&info, out, 1, "the version", "version", INSPECT_MARK_NONE,
                        "Always 0, which means version 1.", NULL, NULL) != 0 ||
        explain_name(&info, out, 1, "subject", "The name the requester wants in the "
                     "certificate.", &name, &name_len) != 0 ||
        inspect_public_key_info(&info, out, 1, &key_ed25519, pk) != 0 ||
        explain_attributes(&info, out) != 0 || der_finish(&info, "the request info") != 0)
        return -1;
    f.body = body.content - body.header_len;
    f.body_len = body.header_len + body.len;
    if (read_signature(&outer, out, &f) != 0 || der_finish(&outer, "the signing request") != 0 ||
        der_finish(r, "the signing request") != 0)
        return -1;
    inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "proof of possession", "The request is "
                "signed with the private key that belongs to the public key inside it: the "
                "CA checks this to know the requester holds that key.", "signed by its own "
                "key");
    signature_check(out, &f, key_ed25519 ? pk : NULL, "the request itself", false);
    return 0;
}

/* Explain a bare SubjectPublicKeyInfo ("PUBLIC KEY"). */
static int explain_public_key(struct der_reader *r, struct inspect_report *out)
{
    bool is_ed25519;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];

    snprintf(out->kind, sizeof out->kind, "public key (SubjectPublicKeyInfo)");
    inspect_add(out, 0, NULL, INSPECT_MARK_NONE, "public key file", "Only the public half: "
                "safe to share with anyone.  It cannot sign or decrypt anything.",
                "SubjectPublicKeyInfo");
    if (inspect_public_key_info(r, out, 1, &is_ed25519, pk) != 0)
        return -1;
    return der_finish(r, "the public key");
}

/* ------------------------------------------------------------------ */
/* Objects and files                                                    */
/* ------------------------------------------------------------------ */

enum kind {
    KIND_UNKNOWN, KIND_CERT, KIND_CSR, KIND_PKCS8, KIND_ENCRYPTED_PKCS8, KIND_RSA_PRIVATE,
    KIND_EC_PRIVATE, KIND_EC_PARAMS, KIND_SPKI, KIND_RSA_PUBLIC,
};

/* The kind a PEM label announces, or KIND_UNKNOWN. */
static enum kind kind_of_label(const char *label)
{
    static const struct {
        const char *label;
        enum kind kind;
    } labels[] = {
        {"CERTIFICATE", KIND_CERT}, {"X509 CERTIFICATE", KIND_CERT},
        {"CERTIFICATE REQUEST", KIND_CSR}, {"NEW CERTIFICATE REQUEST", KIND_CSR},
        {"PRIVATE KEY", KIND_PKCS8}, {"ENCRYPTED PRIVATE KEY", KIND_ENCRYPTED_PKCS8},
        {"RSA PRIVATE KEY", KIND_RSA_PRIVATE}, {"EC PRIVATE KEY", KIND_EC_PRIVATE},
        {"EC PARAMETERS", KIND_EC_PARAMS}, {"PUBLIC KEY", KIND_SPKI},
        {"RSA PUBLIC KEY", KIND_RSA_PUBLIC},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(label, labels[i].label) == 0)
            return labels[i].kind;
    return KIND_UNKNOWN;
}

/* Walk every TLV of the input (into constructed values), so that any fault
 * of the DER itself is reported with its offset before the fields are. */
static int check_tree(struct der_reader *r)
{
    struct der_tlv t;
    struct der_reader child;

    while (!der_at_end(r)) {
        if (der_read(r, &t) != 0)
            return -1;
        if (t.constructed && (der_enter(r, &t, &child) != 0 || check_tree(&child) != 0))
            return -1;
    }
    return 0;
}

/* Recognise a DER object by the tags of its top-level parts. */
static enum kind guess_kind(const uint8_t *der, size_t len)
{
    struct der_error e;
    struct der_reader top, seq, body;
    struct der_tlv c[4], t;
    size_t n = 0;

    der_reader_init(&top, der, len, &e);
    if (der_peek(&top, DER_CLASS_UNIVERSAL, false, DER_TAG_OID))
        return KIND_EC_PARAMS;
    if (der_enter_sequence(&top, "", &seq) != 0)
        return KIND_UNKNOWN;
    while (n < 4 && !der_at_end(&seq) && der_read(&seq, &c[n]) == 0)
        n++;
    bool all_integers = n > 0;
    for (size_t i = 0; i < n; i++)
        all_integers = all_integers && c[i].tag == DER_TAG_INTEGER && !c[i].constructed;
#define IS(i, tg, cons) (c[i].cls == DER_CLASS_UNIVERSAL && c[i].tag == (tg) && \
                         c[i].constructed == (cons))
    if (n == 3 && IS(0, DER_TAG_SEQUENCE, true) && IS(1, DER_TAG_SEQUENCE, true) &&
        IS(2, DER_TAG_BIT_STRING, false)) {
        size_t k = 0;
        if (der_enter(&seq, &c[0], &body) != 0)
            return KIND_UNKNOWN;
        while (k < 4 && !der_at_end(&body) && der_read(&body, &t) == 0) {
            if (k == 0 && t.cls == DER_CLASS_CONTEXT)
                return KIND_CERT;
            k++;
        }
        return k == 4 && t.cls == DER_CLASS_CONTEXT ? KIND_CSR : KIND_CERT;
    }
    if (n == 2 && IS(0, DER_TAG_SEQUENCE, true) && IS(1, DER_TAG_BIT_STRING, false))
        return KIND_SPKI;
    if (n == 2 && IS(0, DER_TAG_SEQUENCE, true) && IS(1, DER_TAG_OCTET_STRING, false))
        return KIND_ENCRYPTED_PKCS8;
    if (n >= 3 && IS(0, DER_TAG_INTEGER, false) && IS(1, DER_TAG_SEQUENCE, true) &&
        IS(2, DER_TAG_OCTET_STRING, false))
        return KIND_PKCS8;
    if (n >= 2 && IS(0, DER_TAG_INTEGER, false) && IS(1, DER_TAG_OCTET_STRING, false))
        return KIND_EC_PRIVATE;
#undef IS
    if (all_integers && n == 2)
        return KIND_RSA_PUBLIC;
    if (all_integers && n == 4)
        return KIND_RSA_PRIVATE;
    return KIND_UNKNOWN;
}

/* Explain a traditional key file whose object is the whole input. */
static int explain_traditional(struct der_reader *r, enum kind kind, struct inspect_report *out)
{
    char oid[DER_OID_TEXT_MAX];
    int rc;

    switch (kind) {
    case KIND_RSA_PRIVATE:
        snprintf(out->kind, sizeof out->kind, "RSA private key (PKCS#1, traditional)");
        out->secret = true;
        rc = inspect_rsa_private(r, out, 0);
        break;
    case KIND_EC_PRIVATE:
        snprintf(out->kind, sizeof out->kind, "EC private key (SEC1, traditional)");
        out->secret = true;
        rc = inspect_ec_private(r, out, 0, NULL);
        break;
    case KIND_EC_PARAMS:
        snprintf(out->kind, sizeof out->kind, "EC parameters");
        inspect_add(out, 0, NULL, INSPECT_MARK_NONE, "EC parameters", "Which curve the key "
                    "that follows uses; openssl ecparam writes this block before the key.  No "
                    "secret.", "named curve");
        rc = inspect_curve(r, out, 1, oid);
        break;
    default:
        snprintf(out->kind, sizeof out->kind, "RSA public key (PKCS#1)");
        inspect_add(out, 0, NULL, INSPECT_MARK_NONE, "RSA public key", "Only the public "
                    "half, in the old PKCS#1 form: safe to share.", "PKCS#1");
        rc = inspect_rsa_public(r, out, 1);
        break;
    }
    return rc != 0 ? -1 : der_finish(r, "the key");
}

int inspect_der(const uint8_t *der, size_t len, const char *label,
                const struct inspect_context *ctx, struct inspect_report *out,
                struct der_error *err)
{
    struct der_reader r;
    enum kind kind;

    memset(out, 0, sizeof *out);
    bytes_append(&out->der, der, len);
    der_reader_init(&r, der, len, err);
    if (check_tree(&r) != 0)
        return -1;
    der_reader_init(&r, der, len, err);
    kind = label[0] != '\0' ? kind_of_label(label) : guess_kind(der, len);
    switch (kind) {
    case KIND_CERT:
        return explain_certificate(&r, ctx, out);
    case KIND_CSR:
        return explain_request(&r, out);
    case KIND_PKCS8:
        return inspect_pkcs8(&r, out);
    case KIND_ENCRYPTED_PKCS8:
        return inspect_encrypted_pkcs8(&r, out);
    case KIND_SPKI:
        return explain_public_key(&r, out);
    case KIND_RSA_PRIVATE:
    case KIND_EC_PRIVATE:
    case KIND_EC_PARAMS:
    case KIND_RSA_PUBLIC:
        return explain_traditional(&r, kind, out);
    case KIND_UNKNOWN:
        break;
    }
    if (label[0] != '\0')
        return der_fail(&r, 0, "tlssim does not explain \"%s\" blocks; it reads "
                        "certificates, signing requests, private and public keys", label);
    return der_fail(&r, 0, "well-formed DER, but not a certificate, signing request or key "
                    "that tlssim recognises");
}

int inspect_pem_block(const struct pem_block *blk, const struct inspect_context *ctx,
                      struct inspect_report *out, struct der_error *err)
{
    if (blk->proc_type[0] != '\0' || blk->dek_info[0] != '\0')
        return inspect_legacy_encrypted(blk, out, err);
    return inspect_der(blk->der.data, blk->der.len, blk->label, ctx, out, err);
}

int inspect_certificate(const uint8_t *der, size_t len, const struct inspect_context *ctx,
                        struct inspect_report *out, char *err, size_t errlen)
{
    struct der_error e;

    if (inspect_der(der, len, "CERTIFICATE", ctx, out, &e) == 0)
        return 0;
    snprintf(err, errlen, "%s", e.failed ? e.message : "the certificate does not decode");
    return -1;
}

/* True when the bytes look like text (PEM) rather than binary (DER). */
static bool looks_like_text(const uint8_t *data, size_t len)
{
    static const char begin[] = "-----BEGIN";
    const size_t begin_len = sizeof begin - 1;
    bool ascii = true, armour = false;

    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
            return false;
        ascii = ascii && c < 0x80;
        armour = armour || (len - i >= begin_len && memcmp(data + i, begin, begin_len) == 0);
    }
    /* bytes past ASCII are text only around a PEM block */
    return ascii || armour;
}

int inspect_split(const uint8_t *data, size_t len, struct inspect_file *out,
                  struct inspect_error *err)
{
    struct pem_error perr;

    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    if (len == 0) {
        snprintf(err->message, sizeof err->message, "the file is empty; a certificate or key "
                 "file holds PEM text or DER bytes");
        return -1;
    }
    if (looks_like_text(data, len)) {
        if (pem_read_all((const char *)data, len, &out->blocks, &out->count, &perr) != 0) {
            err->in_text = true;
            err->line = perr.line;
            err->column = perr.column;
            snprintf(err->message, sizeof err->message, "%s", perr.message);
            return -1;
        }
        out->is_pem = true;
        return 0;
    }
    if (data[0] != 0x30 && data[0] != 0x06) {
        snprintf(err->message, sizeof err->message, "the first byte is 0x%02x: this is "
                 "neither PEM text (-----BEGIN ...) nor DER (which starts with 0x30, a "
                 "SEQUENCE)", data[0]);
        return -1;
    }
    out->blocks = xcalloc(1, sizeof *out->blocks);
    out->count = 1;
    bytes_append(&out->blocks[0].der, data, len);
    return 0;
}

void inspect_file_free(struct inspect_file *f)
{
    pem_blocks_free(f->blocks, f->count);
    memset(f, 0, sizeof *f);
}
