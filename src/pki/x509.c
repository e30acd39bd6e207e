/*
 * x509.c - X.509 v3 certificates, PKCS#10 requests and PKCS#8 keys with
 * Ed25519, written and read as DER, and the checks a TLS client makes.
 */
#include "pki/x509.h"

#include "pki/der.h"
#include "pki/oid.h"
#include "pki/pem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Object identifiers, as their encoded content octets. */
static const uint8_t oid_ed25519[] = {0x2b, 0x65, 0x70};            /* 1.3.101.112 */
static const uint8_t oid_common_name[] = {0x55, 0x04, 0x03};        /* 2.5.4.3 */
static const uint8_t oid_organization[] = {0x55, 0x04, 0x0a};       /* 2.5.4.10 */
static const uint8_t oid_subject_key_id[] = {0x55, 0x1d, 0x0e};     /* 2.5.29.14 */
static const uint8_t oid_key_usage[] = {0x55, 0x1d, 0x0f};          /* 2.5.29.15 */
static const uint8_t oid_subject_alt_name[] = {0x55, 0x1d, 0x11};   /* 2.5.29.17 */
static const uint8_t oid_basic_constraints[] = {0x55, 0x1d, 0x13};  /* 2.5.29.19 */
static const uint8_t oid_authority_key_id[] = {0x55, 0x1d, 0x23};   /* 2.5.29.35 */
static const uint8_t oid_extension_request[] = {                    /* 1.2.840.113549.1.9.14 */
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e};

#define OID_IS(t, oid) ((t)->len == sizeof(oid) && memcmp((t)->content, (oid), sizeof(oid)) == 0)

/* The GeneralName choice that holds a DNS name: [2] IA5String. */
#define GENERAL_NAME_DNS 2

/* Extensions one certificate may carry, so that duplicates can be found. */
#define EXTENSIONS_MAX 32

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

/* Append AlgorithmIdentifier { id-Ed25519 } with parameters absent (RFC 8410). */
static void put_ed25519_algorithm(struct bytes *out)
{
    size_t seq = der_begin_sequence(out);
    der_put_oid_bytes(out, oid_ed25519, sizeof oid_ed25519);
    der_end(out, seq);
}

/* Append one RDN holding one attribute whose value is a UTF8String; 0 or -1. */
static int put_rdn(struct bytes *out, const uint8_t *oid, size_t oid_len, const char *value)
{
    size_t set = der_begin_set(out);
    size_t seq = der_begin_sequence(out);
    der_put_oid_bytes(out, oid, oid_len);
    if (der_put_utf8(out, value) != 0)
        return -1;
    der_end(out, seq);
    der_end(out, set);
    return 0;
}

/* Append a Name: O (when given) then CN, most general first; 0 or -1. */
static int put_name(struct bytes *out, const char *cn, const char *org)
{
    if (cn == NULL)
        return -1;
    size_t seq = der_begin_sequence(out);
    if (org != NULL && put_rdn(out, oid_organization, sizeof oid_organization, org) != 0)
        return -1;
    if (put_rdn(out, oid_common_name, sizeof oid_common_name, cn) != 0)
        return -1;
    der_end(out, seq);
    return 0;
}

/* Append SubjectPublicKeyInfo for an Ed25519 key (RFC 8410). */
static void put_public_key_info(struct bytes *out, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    size_t seq = der_begin_sequence(out);
    put_ed25519_algorithm(out);
    der_put_bit_string(out, pk, CRYPT_SIGN_PUBLICKEYBYTES);
    der_end(out, seq);
}

/* The two open values of an extension being written. */
struct ext_marks {
    size_t sequence;
    size_t value;
};

/* Open Extension { extnID, critical, extnValue OCTET STRING { ... } }. */
static struct ext_marks ext_begin(struct bytes *out, const uint8_t *oid, size_t oid_len,
                                  bool critical)
{
    struct ext_marks m;
    m.sequence = der_begin_sequence(out);
    der_put_oid_bytes(out, oid, oid_len);
    if (critical)
        der_put_boolean(out, true);
    m.value = der_begin(out, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING);
    return m;
}

/* Close the extension that ext_begin() opened. */
static void ext_end(struct bytes *out, struct ext_marks m)
{
    der_end(out, m.value);
    der_end(out, m.sequence);
}

/* Append a subjectAltName extension holding one dNSName; 0 or -1. */
static int put_subject_alt_name(struct bytes *out, const char *dns)
{
    for (const char *c = dns; *c; c++)
        if ((unsigned char)*c > 0x7e || (unsigned char)*c < 0x21)
            return -1;
    if (*dns == '\0')
        return -1;
    struct ext_marks m = ext_begin(out, oid_subject_alt_name, sizeof oid_subject_alt_name,
                                   false);
    size_t names = der_begin_sequence(out);
    der_put_implicit(out, GENERAL_NAME_DNS, (const uint8_t *)dns, strlen(dns));
    der_end(out, names);
    ext_end(out, m);
    return 0;
}

void x509_key_id(uint8_t id[X509_KEYID_BYTES], const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    uint8_t digest[CRYPT_SHA256_BYTES];
    crypt_sha256(digest, pk, CRYPT_SIGN_PUBLICKEYBYTES);
    memcpy(id, digest, X509_KEYID_BYTES);
}

/* Append the extensions of spec as [3] { SEQUENCE OF Extension }; 0 or -1. */
static int put_cert_extensions(struct bytes *out, const struct x509_cert_spec *spec)
{
    uint8_t id[X509_KEYID_BYTES];
    size_t explicit = der_begin_explicit(out, 3);
    size_t list = der_begin_sequence(out);

    /* basicConstraints, critical: cA TRUE for a CA, an empty SEQUENCE otherwise. */
    struct ext_marks m = ext_begin(out, oid_basic_constraints, sizeof oid_basic_constraints,
                                   true);
    size_t bc = der_begin_sequence(out);
    if (spec->is_ca)
        der_put_boolean(out, true);
    der_end(out, bc);
    ext_end(out, m);

    /* keyUsage, critical.  RFC 8410 allows an Ed25519 key digitalSignature,
     * nonRepudiation, keyCertSign and cRLSign, but not keyEncipherment.  A
     * certificate that names a server signs for it, CA or not (a one-step
     * self-signed server certificate is both). */
    m = ext_begin(out, oid_key_usage, sizeof oid_key_usage, true);
    uint32_t usage = spec->is_ca ? X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN : 0;
    if (!spec->is_ca || spec->dns_name != NULL)
        usage |= X509_KU_DIGITAL_SIGNATURE;
    der_put_named_bits(out, usage);
    ext_end(out, m);

    if (spec->dns_name != NULL && put_subject_alt_name(out, spec->dns_name) != 0)
        return -1;

    m = ext_begin(out, oid_subject_key_id, sizeof oid_subject_key_id, false);
    x509_key_id(id, spec->subject_pk);
    der_put_octet_string(out, id, sizeof id);
    ext_end(out, m);

    if (memcmp(spec->issuer_pk, spec->subject_pk, CRYPT_SIGN_PUBLICKEYBYTES) != 0) {
        m = ext_begin(out, oid_authority_key_id, sizeof oid_authority_key_id, false);
        size_t aki = der_begin_sequence(out);
        x509_key_id(id, spec->issuer_pk);
        der_put_implicit(out, 0, id, sizeof id);
        der_end(out, aki);
        ext_end(out, m);
    }
    der_end(out, list);
    der_end(out, explicit);
    return 0;
}

/* Append the TBSCertificate of a struct x509_cert_spec; 0 or -1. */
static int put_tbs_certificate(struct bytes *out, const void *arg)
{
    const struct x509_cert_spec *spec = arg;
    size_t tbs = der_begin_sequence(out);
    size_t version = der_begin_explicit(out, 0);
    der_put_uint(out, 2);  /* v3 */
    der_end(out, version);
    der_put_integer(out, spec->serial, sizeof spec->serial);
    put_ed25519_algorithm(out);
    if (put_name(out, spec->issuer_cn, spec->issuer_org) != 0)
        return -1;
    size_t validity = der_begin_sequence(out);
    if (der_put_time(out, spec->not_before) != 0 || der_put_time(out, spec->not_after) != 0)
        return -1;
    der_end(out, validity);
    if (put_name(out, spec->subject_cn, spec->subject_org) != 0)
        return -1;
    put_public_key_info(out, spec->subject_pk);
    if (put_cert_extensions(out, spec) != 0)
        return -1;
    der_end(out, tbs);
    return 0;
}

/* Sign the body that starts at body within the SEQUENCE opened at outer,
 * then append the Ed25519 algorithm and signature and close the SEQUENCE. */
static void sign_and_close(struct bytes *out, size_t outer, size_t body,
                           const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    uint8_t sig[CRYPT_SIGN_BYTES];
    crypt_sign(sig, out->data + body, out->len - body, sk);
    put_ed25519_algorithm(out);
    der_put_bit_string(out, sig, sizeof sig);
    der_end(out, outer);
}

/* True when the serial is zero, which RFC 5280 does not allow. */
static bool serial_is_zero(const uint8_t serial[X509_SERIAL_BYTES])
{
    for (size_t i = 0; i < X509_SERIAL_BYTES; i++)
        if (serial[i] != 0)
            return false;
    return true;
}

/* Writes the signed part of a certificate or request from its spec; 0 or -1. */
typedef int (*put_body_fn)(struct bytes *out, const void *spec);

/* Append SEQUENCE { body, algorithm, signature } with the body written by
 * put_body and signed with sk; on failure out is left as it was. */
static int put_signed(struct bytes *out, put_body_fn put_body, const void *spec,
                      const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    size_t start = out->len;
    size_t outer = der_begin_sequence(out);
    size_t body = out->len;
    if (put_body(out, spec) != 0) {
        out->len = start;
        return -1;
    }
    sign_and_close(out, outer, body, sk);
    return 0;
}

int x509_cert_issue(const struct x509_cert_spec *spec,
                    const uint8_t issuer_sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
{
    if (serial_is_zero(spec->serial))
        return -1;
    return put_signed(out, put_tbs_certificate, spec, issuer_sk);
}

int x509_cert_self_issue(struct x509_cert_spec *spec,
                         const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                         const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
{
    crypt_random(spec->serial, sizeof spec->serial);
    memcpy(spec->subject_pk, pk, sizeof spec->subject_pk);
    memcpy(spec->issuer_pk, pk, sizeof spec->issuer_pk);
    return x509_cert_issue(spec, sk, out);
}

/* Append the CertificationRequestInfo of a struct x509_csr_spec; 0 or -1. */
static int put_request_info(struct bytes *out, const void *arg)
{
    const struct x509_csr_spec *spec = arg;
    size_t info = der_begin_sequence(out);
    der_put_uint(out, 0);  /* v1 */
    if (put_name(out, spec->subject_cn, spec->subject_org) != 0)
        return -1;
    put_public_key_info(out, spec->public_key);
    size_t attributes = der_begin(out, DER_CLASS_CONTEXT, true, 0);
    if (spec->dns_name != NULL) {
        size_t attribute = der_begin_sequence(out);
        der_put_oid_bytes(out, oid_extension_request, sizeof oid_extension_request);
        size_t values = der_begin_set(out);
        size_t extensions = der_begin_sequence(out);
        if (put_subject_alt_name(out, spec->dns_name) != 0)
            return -1;
        der_end(out, extensions);
        der_end(out, values);
        der_end(out, attribute);
    }
    der_end(out, attributes);
    der_end(out, info);
    return 0;
}

int x509_csr_build(const struct x509_csr_spec *spec,
                   const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
{
    return put_signed(out, put_request_info, spec, sk);
}

int x509_pkcs8_ed25519(const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
{
    uint8_t seed[CRYPT_SIGN_SEEDBYTES];
    crypt_sign_seed_of(seed, sk);
    size_t seq = der_begin_sequence(out);
    der_put_uint(out, 0);  /* v1 */
    put_ed25519_algorithm(out);
    /* privateKey OCTET STRING wraps CurvePrivateKey, itself an OCTET STRING. */
    size_t wrapper = der_begin(out, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING);
    der_put_octet_string(out, seed, sizeof seed);
    der_end(out, wrapper);
    der_end(out, seq);
    crypt_wipe(seed, sizeof seed);
    return 0;
}

void x509_pem_encode(const char *label, const uint8_t *der, size_t len, struct bytes *out)
{
    pem_encode(out, label, der, len);
}

void x509_time_format(int64_t t, char *buf, size_t buflen)
{
    struct der_civil_time c;
    der_time_to_civil(t, &c);
    snprintf(buf, buflen, "%04lld-%02d-%02d %02d:%02d:%02d UTC", (long long)c.year, c.month,
             c.day, c.hour, c.minute, c.second);
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

/* What the extensions of a certificate or request say. */
struct ext_info {
    bool is_ca;
    bool has_key_usage;
    uint32_t key_usage;
    char dns_names[X509_DNS_MAX][X509_TEXT_MAX];
    size_t dns_count;
    uint8_t subject_key_id[X509_KEYID_MAX];
    size_t subject_key_id_len;
    uint8_t authority_key_id[X509_KEYID_MAX];
    size_t authority_key_id_len;
};

/* What the outer shell of a signed structure holds. */
struct signed_shell {
    struct der_tlv body;        /* TBSCertificate or CertificationRequestInfo */
    struct der_tlv algorithm;   /* the outer signatureAlgorithm, whole */
    bool sig_is_ed25519;
    uint8_t signature[CRYPT_SIGN_BYTES];
};

/* The whole encoding of t, header and content, as a pointer and a length. */
static void tlv_span(const struct der_tlv *t, const uint8_t **p, size_t *len)
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
static int report(const struct der_error *e, char *err, size_t errlen)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", e->failed ? e->message : "malformed input");
    return -1;
}

/* Read an OBJECT IDENTIFIER, checking its encoding; text gets its dotted form. */
static int read_oid(struct der_reader *r, const char *what, struct der_tlv *t,
                    char text[DER_OID_TEXT_MAX])
{
    if (der_expect(r, DER_CLASS_UNIVERSAL, false, DER_TAG_OID, what, t) != 0)
        return -1;
    return der_get_oid(r, t, text, DER_OID_TEXT_MAX);
}

/* Read an AlgorithmIdentifier; whole gets its TLV, is_ed25519 whether it is
 * id-Ed25519 with parameters absent as RFC 8410 requires. */
static int read_algorithm(struct der_reader *r, const char *what, struct der_tlv *whole,
                          bool *is_ed25519)
{
    struct der_reader alg;
    struct der_tlv oid, param;
    char text[DER_OID_TEXT_MAX];

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, what, whole) != 0 ||
        der_enter(r, whole, &alg) != 0 || read_oid(&alg, "an algorithm OID", &oid, text) != 0)
        return -1;
    *is_ed25519 = OID_IS(&oid, oid_ed25519);
    if (*is_ed25519 && !der_at_end(&alg))
        return der_fail(r, whole->offset, "the Ed25519 algorithm at offset %zu has "
                        "parameters; RFC 8410 says they must be absent", whole->offset);
    if (!der_at_end(&alg) && der_read(&alg, &param) != 0)
        return -1;
    return der_finish(&alg, what);
}

/* Read Certificate or CertificationRequest: SEQUENCE { body, algorithm,
 * signature }, with nothing after it; body is entered into inner. */
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
        read_algorithm(&outer, "the signature algorithm", &shell->algorithm,
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

/* Append formatted text to buf (holding used bytes); false when it does not fit. */
static bool text_append(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool text_append(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, buflen - *used, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= buflen - *used)
        return false;
    *used += (size_t)n;
    return true;
}

/* Read one RDN (SET OF AttributeTypeAndValue) into text as "CN=x+O=y";
 * the first common name also goes to cn. */
static int read_rdn(struct der_reader *r, char text[X509_TEXT_MAX], char cn[X509_TEXT_MAX])
{
    struct der_reader set, atv;
    struct der_tlv t, oid, value;
    char oid_text[DER_OID_TEXT_MAX], value_text[X509_TEXT_MAX];
    size_t used = 0;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SET, "a part of a name (SET)", &t) != 0 ||
        der_enter(r, &t, &set) != 0)
        return -1;
    if (der_at_end(&set))
        return der_fail(r, t.offset, "the part of a name at offset %zu is empty", t.offset);
    text[0] = '\0';
    while (!der_at_end(&set)) {
        if (der_enter_sequence(&set, "an attribute of a name", &atv) != 0 ||
            read_oid(&atv, "an attribute type", &oid, oid_text) != 0 ||
            der_read(&atv, &value) != 0 ||
            der_get_string(&atv, &value, value_text, sizeof value_text) != 0 ||
            der_finish(&atv, "an attribute of a name") != 0)
            return -1;
        if (!text_append(text, X509_TEXT_MAX, &used, "%s%s=%s", used ? "+" : "",
                         oid_name(oid_text), value_text))
            return der_fail(r, t.offset, "the name at offset %zu is too long for tlssim to "
                            "show", t.offset);
        if (OID_IS(&oid, oid_common_name) && cn[0] == '\0')
            memcpy(cn, value_text, sizeof value_text);
    }
    return 0;
}

/* Read a Name; der gets its whole encoding, text the RFC 4514 form (most
 * specific part first, "CN=..., O=..."), cn the first common name. */
static int read_name(struct der_reader *r, const char *what, const uint8_t **der,
                     size_t *der_len, char text[X509_TEXT_MAX], char cn[X509_TEXT_MAX])
{
    struct der_reader rdns;
    struct der_tlv t;
    char rdn[X509_TEXT_MAX], joined[X509_TEXT_MAX];

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, what, &t) != 0 ||
        der_enter(r, &t, &rdns) != 0)
        return -1;
    tlv_span(&t, der, der_len);
    text[0] = '\0';
    cn[0] = '\0';
    while (!der_at_end(&rdns)) {
        size_t used = 0;
        if (read_rdn(&rdns, rdn, cn) != 0)
            return -1;
        if (!text_append(joined, sizeof joined, &used, "%s%s%s", rdn, text[0] ? ", " : "",
                         text))
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
        read_algorithm(&spki, "the public key algorithm", &alg, is_ed25519) != 0 ||
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
    uint64_t path_len;

    if (der_enter_sequence(v, "basicConstraints", &bc) != 0)
        return -1;
    if (der_peek(&bc, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN)) {
        if (der_read(&bc, &t) != 0 || der_get_boolean(&bc, &t, &ext->is_ca) != 0)
            return -1;
        if (!ext->is_ca)
            return der_fail(v, t.offset, "basicConstraints at offset %zu writes out cA "
                            "FALSE, the default, which DER omits", t.offset);
    }
    if (!der_at_end(&bc) &&
        (der_expect(&bc, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "pathLenConstraint",
                    &t) != 0 || der_get_uint(&bc, &t, &path_len) != 0))
        return -1;
    return der_finish(&bc, "basicConstraints");
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
static int read_extension_value(struct der_reader *v, const struct der_tlv *oid,
                                struct ext_info *ext)
{
    struct der_tlv t;
    int rc;

    if (OID_IS(oid, oid_basic_constraints)) {
        rc = read_basic_constraints(v, ext);
    } else if (OID_IS(oid, oid_key_usage)) {
        rc = der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "keyUsage", &t);
        if (rc == 0)
            rc = der_get_named_bits(v, &t, &ext->key_usage);
        ext->has_key_usage = rc == 0;
    } else if (OID_IS(oid, oid_subject_alt_name)) {
        rc = read_subject_alt_name(v, ext);
    } else if (OID_IS(oid, oid_subject_key_id)) {
        rc = der_expect(v, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                        "subjectKeyIdentifier", &t);
        if (rc == 0)
            rc = read_key_id(v, &t, ext->subject_key_id, &ext->subject_key_id_len);
    } else if (OID_IS(oid, oid_authority_key_id)) {
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
    struct der_reader e, value;
    struct der_tlv oid, t;
    char text[DER_OID_TEXT_MAX];
    bool critical = false;

    if (der_enter_sequence(list, "an extension", &e) != 0 ||
        read_oid(&e, "the extension's OID", &oid, text) != 0)
        return -1;
    for (size_t i = 0; i < *seen_count; i++)
        if (seen[i].len == oid.len && memcmp(seen[i].content, oid.content, oid.len) == 0)
            return der_fail(list, oid.offset, "extension %s appears twice (again at offset "
                            "%zu)", text, oid.offset);
    if (*seen_count == EXTENSIONS_MAX)
        return der_fail(list, oid.offset, "more than %d extensions; tlssim reads at most "
                        "that many", EXTENSIONS_MAX);
    seen[(*seen_count)++] = oid;
    if (der_peek(&e, DER_CLASS_UNIVERSAL, false, DER_TAG_BOOLEAN)) {
        if (der_read(&e, &t) != 0 || der_get_boolean(&e, &t, &critical) != 0)
            return -1;
        if (!critical)
            return der_fail(list, t.offset, "the extension at offset %zu writes out critical "
                            "FALSE, the default, which DER omits", t.offset);
    }
    if (der_expect(&e, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                   "the extension value", &t) != 0 ||
        der_finish(&e, "an extension") != 0 || der_enter_octets(&e, &t, &value) != 0)
        return -1;
    int known = read_extension_value(&value, &oid, ext);
    if (known < 0)
        return -1;
    if (known == 0 && critical)
        return der_fail(list, oid.offset, "extension %s at offset %zu is critical and tlssim "
                        "does not understand it, so it must reject the whole thing", text,
                        oid.offset);
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
    if (read_algorithm(tbs, "the signature algorithm", &alg, &alg_is_ed25519) != 0)
        return -1;
    if (alg.header_len + alg.len != shell->algorithm.header_len + shell->algorithm.len ||
        memcmp(alg.content, shell->algorithm.content, alg.len) != 0)
        return der_fail(tbs, alg.offset, "the signature algorithm at offset %zu differs from "
                        "the one after the signed part; RFC 5280 requires them equal",
                        alg.offset);
    if (read_name(tbs, "the issuer name", &out->issuer_der, &out->issuer_der_len,
                  out->issuer, out->issuer_cn) != 0 ||
        der_enter_sequence(tbs, "the validity", &validity) != 0 ||
        der_read(&validity, &t) != 0 || der_get_time(&validity, &t, &out->not_before) != 0 ||
        der_read(&validity, &t) != 0 || der_get_time(&validity, &t, &out->not_after) != 0 ||
        der_finish(&validity, "the validity") != 0 ||
        read_name(tbs, "the subject name", &out->subject_der, &out->subject_der_len,
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
    struct der_error e;
    struct der_reader top, tbs;
    struct signed_shell shell;
    struct ext_info ext;

    memset(out, 0, sizeof *out);
    memset(&ext, 0, sizeof ext);
    der_reader_init(&top, der, len, &e);
    if (read_signed_shell(&top, "the certificate", &shell, &tbs) != 0 ||
        read_tbs_certificate(&tbs, &shell, out, &ext) != 0)
        goto fail;
    out->der = der;
    out->der_len = len;
    tlv_span(&shell.body, &out->tbs, &out->tbs_len);
    out->sig_is_ed25519 = shell.sig_is_ed25519;
    memcpy(out->signature, shell.signature, sizeof out->signature);
    copy_dns_names(&ext, out->dns_names, &out->dns_count);
    out->is_ca = ext.is_ca;
    out->has_key_usage = ext.has_key_usage;
    out->key_usage = ext.key_usage;
    memcpy(out->subject_key_id, ext.subject_key_id, sizeof out->subject_key_id);
    out->subject_key_id_len = ext.subject_key_id_len;
    memcpy(out->authority_key_id, ext.authority_key_id, sizeof out->authority_key_id);
    out->authority_key_id_len = ext.authority_key_id_len;
    return 0;
fail:
    memset(out, 0, sizeof *out);
    return report(&e, err, errlen);
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
            read_oid(&attribute, "the attribute type", &oid, text) != 0 ||
            der_expect(&attribute, DER_CLASS_UNIVERSAL, true, DER_TAG_SET,
                       "the attribute values", &t) != 0 ||
            der_finish(&attribute, "an attribute") != 0)
            return -1;
        if (!OID_IS(&oid, oid_extension_request))
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
    struct der_error e;
    struct der_reader top, info;
    struct signed_shell shell;
    struct ext_info ext;
    struct der_tlv t;
    uint64_t version;
    const uint8_t *name_der;
    size_t name_len;

    memset(out, 0, sizeof *out);
    memset(&ext, 0, sizeof ext);
    der_reader_init(&top, der, len, &e);
    if (read_signed_shell(&top, "the signing request", &shell, &info) != 0 ||
        der_expect(&info, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the version",
                   &t) != 0 ||
        der_get_uint(&info, &t, &version) != 0)
        goto fail;
    if (version != 0) {
        der_fail(&info, t.offset, "the request version at offset %zu is %llu; PKCS#10 "
                 "knows only 0 (v1)", t.offset, (unsigned long long)version);
        goto fail;
    }
    if (read_name(&info, "the subject name", &name_der, &name_len, out->subject,
                  out->subject_cn) != 0 ||
        read_public_key_info(&info, &out->key_is_ed25519, out->public_key) != 0 ||
        read_request_attributes(&info, &ext) != 0 ||
        der_finish(&info, "the CertificationRequestInfo") != 0)
        goto fail;
    out->der = der;
    out->der_len = len;
    tlv_span(&shell.body, &out->info, &out->info_len);
    out->sig_is_ed25519 = shell.sig_is_ed25519;
    memcpy(out->signature, shell.signature, sizeof out->signature);
    copy_dns_names(&ext, out->dns_names, &out->dns_count);
    return 0;
fail:
    memset(out, 0, sizeof *out);
    return report(&e, err, errlen);
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
    if (read_algorithm(&key, "the key algorithm", &alg, &is_ed25519) != 0)
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
        report(&e, err, errlen);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Validation                                                           */
/* ------------------------------------------------------------------ */

/* Set a check's result, its reason code (NULL when it passed) and its sentence. */
static void check_set(struct x509_check *c, bool ok, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void check_set(struct x509_check *c, bool ok, const char *code, const char *fmt, ...)
{
    va_list ap;
    c->ok = ok;
    c->checked = true;
    c->code = ok ? NULL : code;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
}

/* The name to call a certificate's issuer or subject by: its CN, else the whole Name. */
static const char *display_name(const char *cn, const char *full)
{
    return cn[0] != '\0' ? cn : full[0] != '\0' ? full : "(an empty name)";
}

/* True when the names are equal as encoded. */
static bool names_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* True when trusted's key verifies cert's signature. */
static bool signed_by(const struct x509_cert *cert, const struct x509_cert *trusted)
{
    return cert->sig_is_ed25519 && trusted->key_is_ed25519 &&
           crypt_sign_verify(cert->signature, cert->tbs, cert->tbs_len, trusted->public_key);
}

/* The trusted certificate whose subject is cert's issuer, preferring one whose
 * key verifies cert; NULL when there is none. */
static const struct x509_cert *find_issuer(const struct x509_cert *cert,
                                           const struct x509_cert *trusted, size_t count)
{
    const struct x509_cert *first = NULL;
    for (size_t i = 0; i < count; i++) {
        const struct x509_cert *t = &trusted[i];
        if (!names_equal(cert->issuer_der, cert->issuer_der_len, t->subject_der,
                         t->subject_der_len))
            continue;
        if (signed_by(cert, t))
            return t;
        if (first == NULL)
            first = t;
    }
    return first;
}

/* Fill the issuer check; returns the trusted issuer when the check passes. */
static const struct x509_cert *check_issuer(const struct x509_cert *cert,
                                            const struct x509_cert *trusted, size_t count,
                                            struct x509_check *c)
{
    const char *issuer = display_name(cert->issuer_cn, cert->issuer);
    const struct x509_cert *ca = find_issuer(cert, trusted, count);
    bool self_signed = names_equal(cert->issuer_der, cert->issuer_der_len, cert->subject_der,
                                   cert->subject_der_len);

    if (ca == NULL && self_signed) {
        check_set(c, false, "self_signed", "The certificate is self-signed: nobody the client "
                  "trusts vouches for it.");
        return NULL;
    }
    if (ca == NULL) {
        check_set(c, false, "untrusted_issuer", "Issued by \"%s\", which is not in the client's trust store, so "
                  "the client has no reason to believe it.", issuer);
        return NULL;
    }
    bool same_cert = ca->der_len == cert->der_len &&
                     memcmp(ca->der, cert->der, cert->der_len) == 0;
    if (!ca->is_ca && !same_cert) {
        check_set(c, false, "issuer_not_ca", "Issued by \"%s\", which the client trusts, but that certificate "
                  "is not a CA and may not vouch for others.", issuer);
        return NULL;
    }
    if (same_cert)
        check_set(c, true, NULL, "The certificate itself is in the client's trust store.");
    else
        check_set(c, true, NULL, "Issued by \"%s\", which is in the client's trust store.", issuer);
    return ca;
}

/* Fill the signature check against the trusted issuer ca (NULL if none). */
static void check_signature(const struct x509_cert *cert, const struct x509_cert *ca,
                            struct x509_check *c)
{
    if (ca == NULL) {
        bool own = cert->sig_is_ed25519 && cert->key_is_ed25519 &&
                   crypt_sign_verify(cert->signature, cert->tbs, cert->tbs_len, cert->public_key);
        check_set(c, false, "no_trusted_issuer",
                  "Not checked: no CA the client trusts issued the certificate, so there is no "
                  "trusted key to check the signature with%s.",
                  own ? " (it does verify under the certificate's own key, which proves only "
                        "that whoever made it holds that key)" : "");
        c->checked = false;
    } else if (!cert->sig_is_ed25519 || !ca->key_is_ed25519)
        check_set(c, false, "unsupported_algorithm", "The signature is not Ed25519, the only algorithm tlssim "
                  "checks.");
    else if (signed_by(cert, ca))
        check_set(c, true, NULL, "The CA's Ed25519 signature over the certificate verifies.");
    else
        check_set(c, false, "bad_signature", "The CA's Ed25519 signature over the certificate does not "
                  "verify: the certificate was changed or signed by another key.");
}

/* True when a and b are equal ignoring ASCII case (DNS names are ASCII). */
static bool ascii_equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

bool x509_name_matches(const char *pattern, const char *host)
{
    if (pattern[0] == '*' && pattern[1] == '.') {
        const char *dot = strchr(host, '.');
        if (dot == NULL || dot == host)
            return false;
        return pattern[2] != '\0' && ascii_equal_nocase(dot + 1, pattern + 2);
    }
    return ascii_equal_nocase(pattern, host);
}

/* Fill the host name check. */
static void check_host_name(const struct x509_cert *cert, const char *host,
                            struct x509_check *c)
{
    char names[X509_TEXT_MAX];
    size_t used = 0;

    if (host == NULL || host[0] == '\0') {
        check_set(c, false, "no_host", "The client named no host, so it cannot tell whether the "
                  "certificate is for the server it meant to reach.");
        return;
    }
    if (cert->dns_count == 0) {
        check_set(c, false, "no_name", "The client asked for %s but the certificate names no host in "
                  "subjectAltName.", host);
        return;
    }
    for (size_t i = 0; i < cert->dns_count; i++) {
        if (x509_name_matches(cert->dns_names[i], host)) {
            if (cert->dns_names[i][0] == '*')
                check_set(c, true, NULL, "The certificate's wildcard %s covers %s, the host the "
                          "client asked for.", cert->dns_names[i], host);
            else
                check_set(c, true, NULL, "The certificate names %s, the host the client asked "
                          "for.", host);
            return;
        }
    }
    for (size_t i = 0; i < cert->dns_count; i++)
        if (!text_append(names, sizeof names, &used, "%s%s", i ? ", " : "",
                         cert->dns_names[i]))
            break;
    check_set(c, false, "name_mismatch", "The client asked for %s but the certificate names only %s.", host,
              names);
}

/* Fill the validity check against the clock now. */
static void check_validity(const struct x509_cert *cert, int64_t now, struct x509_check *c)
{
    char from[32], until[32], clock[32];
    x509_time_format(cert->not_before, from, sizeof from);
    x509_time_format(cert->not_after, until, sizeof until);
    x509_time_format(now, clock, sizeof clock);
    if (now < cert->not_before)
        check_set(c, false, "not_yet_valid", "The certificate is not valid until %s; the clock says %s.", from,
                  clock);
    else if (now > cert->not_after)
        check_set(c, false, "expired", "The certificate expired on %s; the clock says %s.", until, clock);
    else
        check_set(c, true, NULL, "The clock says %s, inside the validity period from %s to %s.",
                  clock, from, until);
}

bool x509_cert_validate(const struct x509_cert *cert, const struct x509_cert *trusted,
                        size_t trusted_count, const char *host, int64_t now,
                        struct x509_check checks[X509_CHECK_COUNT])
{
    const struct x509_cert *ca = check_issuer(cert, trusted, trusted_count,
                                              &checks[X509_CHECK_ISSUER]);
    check_signature(cert, ca, &checks[X509_CHECK_SIGNATURE]);
    check_host_name(cert, host, &checks[X509_CHECK_NAME]);
    check_validity(cert, now, &checks[X509_CHECK_VALIDITY]);
    for (int i = 0; i < X509_CHECK_COUNT; i++)
        if (!checks[i].ok)
            return false;
    return true;
}

const char *x509_check_name(enum x509_check_id id)
{
    switch (id) {
    case X509_CHECK_ISSUER:
        return "issuer trusted";
    case X509_CHECK_SIGNATURE:
        return "signature valid";
    case X509_CHECK_NAME:
        return "host name matches";
    case X509_CHECK_VALIDITY:
        return "within validity dates";
    case X509_CHECK_COUNT:
    default:
        return "unknown check";
    }
}
