/*
 * inspect_ext.c - the extensions of a certificate (or those a signing
 * request asks for), explained one by one.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"
#include "pki/x509_fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

    if (der_enter_sequence(v, "basicConstraints", &bc) != 0 ||
        der_read_optional_boolean(&bc, &t, &ca) < 0)
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
        inspect_list_append(text, sizeof text, &used,
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
        if (der_read_oid(&list, "a purpose", &t, oid) != 0)
            return -1;
        inspect_list_append(text, sizeof text, &used, oid_name(oid));
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

/* Explain a CRL entry's reasonCode, an ENUMERATED (RFC 5280, 5.3.1). */
static int crl_reason(struct der_reader *v, struct inspect_report *out, int depth)
{
    static const char *const reasons[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", "(unused)", "removeFromCRL",
        "privilegeWithdrawn", "aACompromise",
    };
    struct der_tlv t;
    uint64_t n;

    if (der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_ENUMERATED, "reasonCode", &t) != 0 ||
        der_get_uint(v, &t, &n) != 0)
        return -1;
    inspect_add(out, depth, &t, n == 1 ? INSPECT_MARK_WARN : INSPECT_MARK_NONE, "reasonCode",
                "Why the certificate was revoked; keyCompromise means its private key is "
                "known to someone else.", "%s (%llu)",
                n < sizeof reasons / sizeof reasons[0] ? reasons[n] : "unknown",
                (unsigned long long)n);
    return 0;
}

/* Explain the value of one extension; v reads inside its OCTET STRING. */
static int explain_extension_value(struct der_reader *v, const char *oid,
                                   const struct der_tlv *value, struct inspect_report *out,
                                   int depth)
{
    struct der_tlv t;

    if (strcmp(oid, OID_BASIC_CONSTRAINTS) == 0)
        return ext_basic_constraints(v, out, depth, value);
    if (strcmp(oid, OID_KEY_USAGE) == 0)
        return ext_key_usage(v, out, depth, value);
    if (strcmp(oid, OID_EXT_KEY_USAGE) == 0)
        return ext_ext_key_usage(v, out, depth, value);
    if (strcmp(oid, OID_SUBJECT_ALT_NAME) == 0)
        return ext_subject_alt_name(v, out, depth, value);
    if (strcmp(oid, OID_AUTHORITY_KEY_ID) == 0)
        return ext_authority_key_id(v, out, depth);
    if (strcmp(oid, OID_SUBJECT_KEY_ID) == 0) {
        if (der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                       "subjectKeyIdentifier", &t) != 0)
            return -1;
        key_id_line(out, depth, &t, "subjectKeyIdentifier", "A fingerprint of this "
                    "certificate's own key, so that certificates it signs can point to it.");
        return 0;
    }
    if (strcmp(oid, OID_CRL_NUMBER) == 0)
        return inspect_integer(v, out, depth, "cRLNumber", "cRLNumber", INSPECT_MARK_NONE,
                               "The list's sequence number: each new list the CA publishes "
                               "has a larger one, so an old list cannot pass for a new one.",
                               NULL, NULL);
    if (strcmp(oid, OID_CRL_REASON) == 0)
        return crl_reason(v, out, depth);
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
    struct x509_extension x;

    if (x509_extension_open(list, "an extension", &x) != 0 ||
        der_read_default_false(&x.fields, "the extension", "critical", &x.critical) != 0 ||
        x509_extension_enter_value(&x, "an extension", "the extension's value") != 0)
        return -1;
    size_t first = out->count;
    if (explain_extension_value(&x.value, x.oid_text, &x.octets, out, depth) != 0 ||
        der_finish(&x.value, "the extension's value") != 0)
        return -1;
    if (first < out->count) {
        struct inspect_line *l = &out->lines[first];
        char *note = xasprintf("%s%s%s", l->note ? l->note : "", l->note ? "  " : "",
                               x.critical ? "Critical: a client that does not understand this "
                               "extension must reject the certificate." : "Not critical: a "
                               "client that does not know it may ignore it.");
        free(l->note);
        l->note = note;
        char *text = xasprintf("%s%s", l->text, x.critical ? " [critical]" : "");
        free(l->text);
        l->text = text;
    }
    return 0;
}

/* Explain SEQUENCE OF Extension at depth. */
int inspect_extensions(struct der_reader *r, struct inspect_report *out, int depth)
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

int inspect_explicit_extensions(struct der_reader *r, uint32_t tag, struct inspect_report *out)
{
    struct der_reader ext;
    struct der_tlv t;

    if (!der_peek(r, DER_CLASS_CONTEXT, true, tag))
        return 0;
    if (der_read(r, &t) != 0 || der_enter(r, &t, &ext) != 0 ||
        inspect_extensions(&ext, out, 1) != 0)
        return -1;
    return der_finish(&ext, "the extensions");
}
