/*
 * x509_read.c - the strict decoding of certificates, signing requests and
 * PKCS#8 Ed25519 keys.
 */
#include "pki/x509.h"

#include "pki/der.h"
#include "pki/oid.h"
#include "pki/x509_fields.h"
#include "pki/x509_local.h"

#include <stdio.h>
#include <string.h>

/* The GeneralName choice that holds a DNS name: [2] IA5String. */
#define GENERAL_NAME_DNS 2

/* Extensions one certificate may carry, so that duplicates can be found. */
#define EXTENSIONS_MAX 32

/* What the extensions of a certificate or request say. */
struct ext_info {
    bool is_ca;
    bool has_path_len;
    uint64_t path_len;
    bool has_ext_key_usage;
    bool server_auth;
    bool has_key_usage;
    uint32_t key_usage;
    char dns_names[X509_DNS_MAX][X509_TEXT_MAX];
    size_t dns_count;
    uint8_t subject_key_id[X509_KEYID_MAX];
    size_t subject_key_id_len;
    uint8_t authority_key_id[X509_KEYID_MAX];
    size_t authority_key_id_len;
};

/* The whole encoding of t, header and content, as a pointer and a length. */
void x509_tlv_span(const struct der_tlv *t, const uint8_t **p, size_t *len)
{
    *p = t->content - t->header_len;
    *len = t->header_len + t->len;
}

/* Copy the DNS names that the extensions held. */
static void copy_dns_names(const struct ext_info *ext, char names[X509_DNS_MAX][X509_TEXT_MAX],
                           size_t *count)
{
    memcpy(names, ext->dns_names, sizeof ext->dns_names);
    *count = ext->dns_count;
}

/* Copy the reader's error into err for the caller; returns -1. */
int x509_report(const struct der_error *e, char *err, size_t errlen)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", e->failed ? e->message : "malformed input");
    return -1;
}

/* Read an AlgorithmIdentifier; whole gets its TLV, is_ed25519 whether it is
 * id-Ed25519 with parameters absent as RFC 8410 requires. */
int x509_read_algorithm(struct der_reader *r, const char *what, struct der_tlv *whole,
                        bool *is_ed25519)
{
    struct der_reader alg;
    struct der_tlv oid, param;
    char text[DER_OID_TEXT_MAX];

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, what, whole) != 0 ||
        der_enter(r, whole, &alg) != 0 || der_read_oid(&alg, "an algorithm OID", &oid, text) != 0)
        return -1;
    *is_ed25519 = strcmp(text, OID_ED25519) == 0;
    if (*is_ed25519 && !der_at_end(&alg))
        return der_fail(r, whole->offset, "the Ed25519 algorithm at offset %zu has "
                        "parameters; RFC 8410 says they must be absent", whole->offset);
    if (!der_at_end(&alg) && der_read(&alg, &param) != 0)
        return -1;
    return der_finish(&alg, what);
}

/* Read Certificate, CertificationRequest or CertificateList: SEQUENCE {
 * body, algorithm, signature }, with nothing after it; body is entered into
 * inner. */
static int read_signed_shell(struct der_reader *top, const char *what,
                             struct signed_shell *shell, struct der_reader *inner)
{
    struct der_reader outer;
    struct der_tlv sig;
    const uint8_t *bits;
    size_t bits_len;
    unsigned unused;
    bool body_is_ed25519;

    if (der_enter_sequence(top, what, &outer) != 0 || der_finish(top, what) != 0)
        return -1;
    if (der_expect(&outer, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the signed part",
                   &shell->body) != 0 ||
        x509_read_algorithm(&outer, "the signature algorithm", &shell->algorithm,
                       &body_is_ed25519) != 0 ||
        der_expect(&outer, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "the signature",
                   &sig) != 0 ||
        der_get_bit_string(&outer, &sig, &bits, &bits_len, &unused) != 0 ||
        der_finish(&outer, what) != 0)
        return -1;
    shell->sig_is_ed25519 = false;
    if (body_is_ed25519) {
        if (unused != 0 || bits_len != CRYPT_SIGN_BYTES)
            return der_fail(&outer, sig.offset, "the Ed25519 signature at offset %zu is %zu "
                            "bytes; it must be %d", sig.offset, bits_len, CRYPT_SIGN_BYTES);
        memcpy(shell->signature, bits, CRYPT_SIGN_BYTES);
        shell->sig_is_ed25519 = true;
    }
    return der_enter(&outer, &shell->body, inner);
}

int x509_open_signed(struct signed_reader *sr, const uint8_t *der, size_t len, const char *what)
{
    der_reader_init(&sr->top, der, len, &sr->err);
    return read_signed_shell(&sr->top, what, &sr->shell, &sr->body);
}

void x509_signed_parts(const struct signed_reader *sr, const uint8_t **signed_part,
                       size_t *signed_len, bool *sig_is_ed25519,
                       uint8_t signature[CRYPT_SIGN_BYTES])
{
    x509_tlv_span(&sr->shell.body, signed_part, signed_len);
    *sig_is_ed25519 = sr->shell.sig_is_ed25519;
    memcpy(signature, sr->shell.signature, CRYPT_SIGN_BYTES);
}

/* Append s to buf; see x509_local.h.  By hand: names are read for every
 * certificate a run sends, and vsnprintf was most of what that cost. */
bool x509_text_add(char *buf, size_t buflen, size_t *used, const char *s)
{
    size_t n = strlen(s);
    if (n >= buflen - *used) {
        /* as snprintf would leave it: what fits, cut short */
        size_t room = buflen - *used - 1;
        memcpy(buf + *used, s, room);
        buf[buflen - 1] = '\0';
        return false;
    }
    memcpy(buf + *used, s, n + 1);
    *used += n;
    return true;
}

/* Read one RDN (SET OF AttributeTypeAndValue) into text as "CN=x+O=y";
 * the first common name also goes to cn. */
static int read_rdn(struct der_reader *r, char text[X509_TEXT_MAX], char cn[X509_TEXT_MAX])
{
    struct der_reader set;
    struct der_tlv t, value;
    char oid_text[DER_OID_TEXT_MAX], value_text[X509_TEXT_MAX];
    size_t used = 0;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SET, "a part of a name (SET)", &t) != 0 ||
        der_enter(r, &t, &set) != 0)
        return -1;
    if (der_at_end(&set))
        return der_fail(r, t.offset, "the part of a name at offset %zu is empty", t.offset);
    text[0] = '\0';
    while (!der_at_end(&set)) {
        if (x509_read_attribute(&set, der_get_string, oid_text, &value, value_text,
                                sizeof value_text) != 0)
            return -1;
        if ((used > 0 && !x509_text_add(text, X509_TEXT_MAX, &used, "+")) ||
            !x509_text_add(text, X509_TEXT_MAX, &used, oid_name(oid_text)) ||
            !x509_text_add(text, X509_TEXT_MAX, &used, "=") ||
            !x509_text_add(text, X509_TEXT_MAX, &used, value_text))
            return der_fail(r, t.offset, "the name at offset %zu is too long for tlssim to "
                            "show", t.offset);
        if (strcmp(oid_text, OID_COMMON_NAME) == 0 && cn[0] == '\0')
            memcpy(cn, value_text, sizeof value_text);
    }
    return 0;
}

/* Read a Name; der gets its whole encoding, text the RFC 4514 form (most
 * specific part first, "CN=..., O=..."), cn the first common name. */
int x509_read_name(struct der_reader *r, const char *what, const uint8_t **der,
                   size_t *der_len, char text[X509_TEXT_MAX], char cn[X509_TEXT_MAX])
{
    struct der_reader rdns;
    struct der_tlv t;
    char rdn[X509_TEXT_MAX], joined[X509_TEXT_MAX];

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, what, &t) != 0 ||
        der_enter(r, &t, &rdns) != 0)
        return -1;
    x509_tlv_span(&t, der, der_len);
    text[0] = '\0';
    cn[0] = '\0';
    while (!der_at_end(&rdns)) {
        size_t used = 0;
        if (read_rdn(&rdns, rdn, cn) != 0)
            return -1;
        if (!x509_text_add(joined, sizeof joined, &used, rdn) ||
            (text[0] != '\0' && !x509_text_add(joined, sizeof joined, &used, ", ")) ||
            !x509_text_add(joined, sizeof joined, &used, text))
            return der_fail(r, t.offset, "the name at offset %zu is too long for tlssim to "
                            "show", t.offset);
        memcpy(text, joined, used + 1);
    }
    return 0;
}

/* Read SubjectPublicKeyInfo; for Ed25519 the 32-byte key goes to pk. */
static int read_public_key_info(struct der_reader *r, bool *is_ed25519,
                                uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    struct der_reader spki;
    struct der_tlv alg, key;
    const uint8_t *bits;
    size_t len;
    unsigned unused;

    if (der_enter_sequence(r, "the subject public key info", &spki) != 0 ||
        x509_read_algorithm(&spki, "the public key algorithm", &alg, is_ed25519) != 0 ||
        der_expect(&spki, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "the public key",
                   &key) != 0 ||
        der_get_bit_string(&spki, &key, &bits, &len, &unused) != 0 ||
        der_finish(&spki, "the subject public key info") != 0)
        return -1;
    if (*is_ed25519) {
        if (unused != 0 || len != CRYPT_SIGN_PUBLICKEYBYTES)
            return der_fail(r, key.offset, "the Ed25519 public key at offset %zu is %zu "
                            "bytes; RFC 8410 says %d", key.offset, len,
                            CRYPT_SIGN_PUBLICKEYBYTES);
        memcpy(pk, bits, CRYPT_SIGN_PUBLICKEYBYTES);
    }
    return 0;
}

/* Read basicConstraints { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL }. */
static int read_basic_constraints(struct der_reader *v, struct ext_info *ext)
{
    struct der_reader bc;
    struct der_tlv t;

    if (der_enter_sequence(v, "basicConstraints", &bc) != 0 ||
        der_read_default_false(&bc, "basicConstraints", "cA", &ext->is_ca) != 0)
        return -1;
    if (!der_at_end(&bc)) {
        if (der_expect(&bc, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "pathLenConstraint",
                       &t) != 0 || der_get_uint(&bc, &t, &ext->path_len) != 0)
            return -1;
        ext->has_path_len = true;
    }
    return der_finish(&bc, "basicConstraints");
}

/* Read extKeyUsage, noting whether it allows a TLS server. */
static int read_ext_key_usage(struct der_reader *v, struct ext_info *ext)
{
    struct der_reader list;
    struct der_tlv t;
    char text[DER_OID_TEXT_MAX];

    if (der_enter_sequence(v, "extKeyUsage", &list) != 0)
        return -1;
    ext->has_ext_key_usage = true;
    while (!der_at_end(&list)) {
        if (der_read_oid(&list, "a purpose", &t, text) != 0)
            return -1;
        if (strcmp(text, OID_SERVER_AUTH) == 0 || strcmp(text, OID_ANY_EXT_KEY_USAGE) == 0)
            ext->server_auth = true;
    }
    return 0;
}

/* Read subjectAltName, keeping the dNSNames and passing over other kinds. */
static int read_subject_alt_name(struct der_reader *v, struct ext_info *ext)
{
    struct der_reader names;
    struct der_tlv t, name;

    if (der_expect(v, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "subjectAltName", &t) != 0 ||
        der_enter(v, &t, &names) != 0)
        return -1;
    if (der_at_end(&names))
        return der_fail(v, t.offset, "subjectAltName at offset %zu names nothing", t.offset);
    while (!der_at_end(&names)) {
        if (der_read(&names, &name) != 0)
            return -1;
        if (name.cls != DER_CLASS_CONTEXT || name.tag != GENERAL_NAME_DNS)
            continue;
        if (ext->dns_count == X509_DNS_MAX)
            return der_fail(v, name.offset, "subjectAltName has more than %d DNS names; "
                            "tlssim keeps at most that many", X509_DNS_MAX);
        char *dns = ext->dns_names[ext->dns_count];
        if (der_get_implicit_string(&names, &name, DER_TAG_IA5_STRING, dns,
                                    X509_TEXT_MAX) != 0)
            return -1;
        if (dns[0] == '\0')
            return der_fail(v, name.offset, "the DNS name at offset %zu is empty",
                            name.offset);
        ext->dns_count++;
    }
    return 0;
}

/* Copy the content of t (a key identifier) into id; error if it is too long. */
static int read_key_id(struct der_reader *r, const struct der_tlv *t,
                       uint8_t id[X509_KEYID_MAX], size_t *id_len)
{
    if (t->len == 0 || t->len > X509_KEYID_MAX)
        return der_fail(r, t->offset, "the key identifier at offset %zu is %zu bytes; "
                        "tlssim reads 1 to %d", t->offset, t->len, X509_KEYID_MAX);
    memcpy(id, t->content, t->len);
    *id_len = t->len;
    return 0;
}

/* Read authorityKeyIdentifier, keeping its keyIdentifier. */
static int read_authority_key_id(struct der_reader *v, struct ext_info *ext)
{
    struct der_reader aki;
    struct der_tlv t;

    if (der_enter_sequence(v, "authorityKeyIdentifier", &aki) != 0)
        return -1;
    if (der_peek(&aki, DER_CLASS_CONTEXT, false, 0) &&
        (der_read(&aki, &t) != 0 ||
         read_key_id(v, &t, ext->authority_key_id, &ext->authority_key_id_len) != 0))
        return -1;
    /* authorityCertIssuer [1] and authorityCertSerialNumber [2] are passed over. */
    if (der_peek(&aki, DER_CLASS_CONTEXT, true, 1) && der_read(&aki, &t) != 0)
        return -1;
    if (der_peek(&aki, DER_CLASS_CONTEXT, false, 2) && der_read(&aki, &t) != 0)
        return -1;
    return der_finish(&aki, "authorityKeyIdentifier");
}

/* Read the value of one extension whose OID is oid, if tlssim knows it;
 * returns 1 when it was read, 0 when the extension is unknown, -1 on error. */
static int read_extension_value(struct der_reader *v, const char *oid, struct ext_info *ext)
{
    struct der_tlv t;
    int rc;

    if (strcmp(oid, OID_BASIC_CONSTRAINTS) == 0) {
        rc = read_basic_constraints(v, ext);
    } else if (strcmp(oid, OID_EXT_KEY_USAGE) == 0) {
        rc = read_ext_key_usage(v, ext);
    } else if (strcmp(oid, OID_KEY_USAGE) == 0) {
        rc = der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "keyUsage", &t);
        if (rc == 0)
            rc = der_get_named_bits(v, &t, &ext->key_usage);
        ext->has_key_usage = rc == 0;
    } else if (strcmp(oid, OID_SUBJECT_ALT_NAME) == 0) {
        rc = read_subject_alt_name(v, ext);
    } else if (strcmp(oid, OID_SUBJECT_KEY_ID) == 0) {
        rc = der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                        "subjectKeyIdentifier", &t);
        if (rc == 0)
            rc = read_key_id(v, &t, ext->subject_key_id, &ext->subject_key_id_len);
    } else if (strcmp(oid, OID_AUTHORITY_KEY_ID) == 0) {
        rc = read_authority_key_id(v, ext);
    } else {
        return 0;
    }
    if (rc != 0 || der_finish(v, "the extension value") != 0)
        return -1;
    return 1;
}

/* Read one Extension { extnID, critical DEFAULT FALSE, extnValue }. */
static int read_extension(struct der_reader *list, struct der_tlv seen[EXTENSIONS_MAX],
                          size_t *seen_count, struct ext_info *ext)
{
    struct x509_extension x;

    if (x509_extension_open(list, "an extension", &x) != 0)
        return -1;
    for (size_t i = 0; i < *seen_count; i++)
        if (seen[i].len == x.oid.len && memcmp(seen[i].content, x.oid.content, x.oid.len) == 0)
            return der_fail(list, x.oid.offset, "extension %s appears twice (again at offset "
                            "%zu)", x.oid_text, x.oid.offset);
    if (*seen_count == EXTENSIONS_MAX)
        return der_fail(list, x.oid.offset, "more than %d extensions; tlssim reads at most "
                        "that many", EXTENSIONS_MAX);
    seen[(*seen_count)++] = x.oid;
    if (der_read_default_false(&x.fields, "the extension", "critical", &x.critical) != 0 ||
        x509_extension_enter_value(&x, "an extension", "the extension value") != 0)
        return -1;
    int known = read_extension_value(&x.value, x.oid_text, ext);
    if (known < 0)
        return -1;
    if (known == 0 && x.critical)
        return der_fail(list, x.oid.offset, "extension %s at offset %zu is critical and "
                        "tlssim does not understand it, so it must reject the whole thing",
                        x.oid_text, x.oid.offset);
    return 0;
}

/* Read SEQUENCE SIZE (1..MAX) OF Extension into ext. */
static int read_extensions(struct der_reader *r, struct ext_info *ext)
{
    struct der_tlv seen[EXTENSIONS_MAX];
    size_t seen_count = 0;
    struct der_reader list;
    struct der_tlv t;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the extensions", &t) != 0 ||
        der_enter(r, &t, &list) != 0)
        return -1;
    if (der_at_end(&list))
        return der_fail(r, t.offset, "the list of extensions at offset %zu is empty; it "
                        "must then be left out", t.offset);
    while (!der_at_end(&list))
        if (read_extension(&list, seen, &seen_count, ext) != 0)
            return -1;
    return 0;
}

/* Read the optional version [0] EXPLICIT INTEGER of a TBSCertificate. */
static int read_cert_version(struct der_reader *tbs, int *version)
{
    struct der_reader explicit;
    struct der_tlv t;
    uint64_t v;

    *version = 1;
    if (!der_peek(tbs, DER_CLASS_CONTEXT, true, 0))
        return 0;
    if (der_read(tbs, &t) != 0 || der_enter(tbs, &t, &explicit) != 0 ||
        der_expect(&explicit, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the version",
                   &t) != 0 ||
        der_get_uint(&explicit, &t, &v) != 0 || der_finish(&explicit, "the version") != 0)
        return -1;
    if (v == 0)
        return der_fail(tbs, t.offset, "the version at offset %zu writes out v1, the "
                        "default, which DER omits", t.offset);
    if (v > 2)
        return der_fail(tbs, t.offset, "the version at offset %zu is %llu; X.509 knows "
                        "only v1 to v3", t.offset, (unsigned long long)v + 1);
    *version = (int)v + 1;
    return 0;
}

/* Read the TBSCertificate fields after the version into out. */
static int read_tbs_certificate(struct der_reader *tbs, const struct signed_shell *shell,
                                struct x509_cert *out, struct ext_info *ext)
{
    struct der_reader validity;
    struct der_tlv t, alg;
    const uint8_t *serial;
    size_t serial_len;
    bool alg_is_ed25519;

    if (read_cert_version(tbs, &out->version) != 0 ||
        der_expect(tbs, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the serial number",
                   &t) != 0 ||
        der_get_positive(tbs, &t, &serial, &serial_len) != 0)
        return -1;
    if (serial_len > X509_SERIAL_MAX)
        return der_fail(tbs, t.offset, "the serial number at offset %zu is %zu bytes; RFC "
                        "5280 allows at most %d", t.offset, serial_len, X509_SERIAL_MAX);
    memcpy(out->serial, serial, serial_len);
    out->serial_len = serial_len;
    if (x509_read_algorithm(tbs, "the signature algorithm", &alg, &alg_is_ed25519) != 0)
        return -1;
    if (alg.header_len + alg.len != shell->algorithm.header_len + shell->algorithm.len ||
        memcmp(alg.content, shell->algorithm.content, alg.len) != 0)
        return der_fail(tbs, alg.offset, "the signature algorithm at offset %zu differs from "
                        "the one after the signed part; RFC 5280 requires them equal",
                        alg.offset);
    if (x509_read_name(tbs, "the issuer name", &out->issuer_der, &out->issuer_der_len,
                  out->issuer, out->issuer_cn) != 0 ||
        der_enter_sequence(tbs, "the validity", &validity) != 0 ||
        der_read(&validity, &t) != 0 || der_get_time(&validity, &t, &out->not_before) != 0 ||
        der_read(&validity, &t) != 0 || der_get_time(&validity, &t, &out->not_after) != 0 ||
        der_finish(&validity, "the validity") != 0 ||
        x509_read_name(tbs, "the subject name", &out->subject_der, &out->subject_der_len,
                  out->subject, out->subject_cn) != 0 ||
        read_public_key_info(tbs, &out->key_is_ed25519, out->public_key) != 0)
        return -1;
    for (uint32_t tag = 1; tag <= 2; tag++) {
        if (!der_peek(tbs, DER_CLASS_CONTEXT, false, tag))
            continue;
        if (out->version < 2)
            return der_fail(tbs, der_offset(tbs), "a v1 certificate carries a unique "
                            "identifier at offset %zu", der_offset(tbs));
        if (der_read(tbs, &t) != 0)
            return -1;
    }
    if (der_peek(tbs, DER_CLASS_CONTEXT, true, 3)) {
        struct der_reader explicit;
        if (out->version < 3)
            return der_fail(tbs, der_offset(tbs), "a v%d certificate carries extensions at "
                            "offset %zu; only v3 may", out->version, der_offset(tbs));
        if (der_read(tbs, &t) != 0 || der_enter(tbs, &t, &explicit) != 0 ||
            read_extensions(&explicit, ext) != 0 || der_finish(&explicit, "[3]") != 0)
            return -1;
    }
    return der_finish(tbs, "the TBSCertificate");
}

int x509_cert_parse(const uint8_t *der, size_t len, struct x509_cert *out, char *err,
                    size_t errlen)
{
    struct signed_reader sr;
    struct ext_info ext;

    memset(out, 0, sizeof *out);
    memset(&ext, 0, sizeof ext);
    if (x509_open_signed(&sr, der, len, "the certificate") != 0 ||
        read_tbs_certificate(&sr.body, &sr.shell, out, &ext) != 0)
        goto fail;
    out->der = der;
    out->der_len = len;
    x509_signed_parts(&sr, &out->tbs, &out->tbs_len, &out->sig_is_ed25519, out->signature);
    copy_dns_names(&ext, out->dns_names, &out->dns_count);
    out->is_ca = ext.is_ca;
    out->has_path_len = ext.has_path_len;
    out->path_len = ext.path_len;
    out->has_ext_key_usage = ext.has_ext_key_usage;
    out->server_auth = ext.server_auth;
    out->has_key_usage = ext.has_key_usage;
    out->key_usage = ext.key_usage;
    memcpy(out->subject_key_id, ext.subject_key_id, sizeof out->subject_key_id);
    out->subject_key_id_len = ext.subject_key_id_len;
    memcpy(out->authority_key_id, ext.authority_key_id, sizeof out->authority_key_id);
    out->authority_key_id_len = ext.authority_key_id_len;
    return 0;
fail:
    memset(out, 0, sizeof *out);
    return x509_report(&sr.err, err, errlen);
}

/* Read the attributes [0] of a request, keeping the extensions it asks for. */
static int read_request_attributes(struct der_reader *info, struct ext_info *ext)
{
    struct der_reader attributes, attribute, values;
    struct der_tlv t, oid;
    char text[DER_OID_TEXT_MAX];

    if (der_expect(info, DER_CLASS_CONTEXT, true, 0, "the attributes", &t) != 0 ||
        der_enter(info, &t, &attributes) != 0)
        return -1;
    while (!der_at_end(&attributes)) {
        if (der_enter_sequence(&attributes, "an attribute", &attribute) != 0 ||
            der_read_oid(&attribute, "the attribute type", &oid, text) != 0 ||
            der_expect(&attribute, DER_CLASS_UNIVERSAL, true, DER_TAG_SET,
                       "the attribute values", &t) != 0 ||
            der_finish(&attribute, "an attribute") != 0)
            return -1;
        if (strcmp(text, OID_EXTENSION_REQUEST) != 0)
            continue;
        if (der_enter(&attribute, &t, &values) != 0 || read_extensions(&values, ext) != 0 ||
            der_finish(&values, "the extension request") != 0)
            return -1;
    }
    return 0;
}

int x509_csr_parse(const uint8_t *der, size_t len, struct x509_csr *out, char *err,
                   size_t errlen)
{
    struct signed_reader sr;
    struct der_reader *info = &sr.body;
    struct ext_info ext;
    struct der_tlv t;
    uint64_t version;
    const uint8_t *name_der;
    size_t name_len;

    memset(out, 0, sizeof *out);
    memset(&ext, 0, sizeof ext);
    if (x509_open_signed(&sr, der, len, "the signing request") != 0 ||
        der_expect(info, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the version",
                   &t) != 0 ||
        der_get_uint(info, &t, &version) != 0)
        goto fail;
    if (version != 0) {
        der_fail(info, t.offset, "the request version at offset %zu is %llu; PKCS#10 "
                 "knows only 0 (v1)", t.offset, (unsigned long long)version);
        goto fail;
    }
    if (x509_read_name(info, "the subject name", &name_der, &name_len, out->subject,
                  out->subject_cn) != 0 ||
        read_public_key_info(info, &out->key_is_ed25519, out->public_key) != 0 ||
        read_request_attributes(info, &ext) != 0 ||
        der_finish(info, "the CertificationRequestInfo") != 0)
        goto fail;
    out->der = der;
    out->der_len = len;
    x509_signed_parts(&sr, &out->info, &out->info_len, &out->sig_is_ed25519, out->signature);
    copy_dns_names(&ext, out->dns_names, &out->dns_count);
    return 0;
fail:
    memset(out, 0, sizeof *out);
    return x509_report(&sr.err, err, errlen);
}

bool x509_csr_verify(const struct x509_csr *csr)
{
    return csr->sig_is_ed25519 && csr->key_is_ed25519 &&
           crypt_sign_verify(csr->signature, csr->info, csr->info_len, csr->public_key);
}

int x509_pkcs8_ed25519_parse(const uint8_t *der, size_t len,
                             uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                             uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], char *err, size_t errlen)
{
    struct der_error e;
    struct der_reader top, key, wrapped;
    struct der_tlv t, alg;
    uint64_t version;
    bool is_ed25519;
    int rc = -1;

    der_reader_init(&top, der, len, &e);
    if (der_enter_sequence(&top, "the private key", &key) != 0 ||
        der_finish(&top, "the private key") != 0 ||
        der_expect(&key, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the version", &t) != 0 ||
        der_get_uint(&key, &t, &version) != 0)
        goto done;
    if (version != 0) {
        der_fail(&key, t.offset, "the key version at offset %zu is %llu; tlssim reads "
                 "version 0 (PKCS#8 v1)", t.offset, (unsigned long long)version);
        goto done;
    }
    if (x509_read_algorithm(&key, "the key algorithm", &alg, &is_ed25519) != 0)
        goto done;
    if (!is_ed25519) {
        der_fail(&key, alg.offset, "the key at offset %zu is not an Ed25519 key", alg.offset);
        goto done;
    }
    if (der_expect(&key, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING, "the private key",
                   &t) != 0 ||
        der_enter_octets(&key, &t, &wrapped) != 0 ||
        der_expect(&wrapped, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                   "the Ed25519 seed", &t) != 0 ||
        der_finish(&wrapped, "the private key") != 0)
        goto done;
    if (t.len != CRYPT_SIGN_SEEDBYTES) {
        der_fail(&key, t.offset, "the Ed25519 seed at offset %zu is %zu bytes; RFC 8410 "
                 "says %d", t.offset, t.len, CRYPT_SIGN_SEEDBYTES);
        goto done;
    }
    /* Attributes [0] may follow; a v1 key carries no public key [1]. */
    if (der_peek(&key, DER_CLASS_CONTEXT, true, 0) && der_read(&key, &alg) != 0)
        goto done;
    if (der_finish(&key, "the private key") != 0)
        goto done;
    crypt_sign_keypair_from_seed(pk, sk, t.content);
    rc = 0;
done:
    if (rc != 0)
        x509_report(&e, err, errlen);
    return rc;
}
