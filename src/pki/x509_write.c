/*
 * x509_write.c - writing certificates, signing requests and PKCS#8 keys as
 * DER, each signed with Ed25519 (RFC 8410).
 */
#include "pki/x509.h"

#include "base/die.h"
#include "pki/der.h"
#include "pki/oid.h"
#include "pki/pem.h"

#include <stdio.h>
#include <string.h>

/* The GeneralName choice that holds a DNS name: [2] IA5String. */
#define GENERAL_NAME_DNS 2

/* Append the OBJECT IDENTIFIER dotted, one of oid.h's constants. */
static void put_oid(struct bytes *out, const char *dotted)
{
    if (der_put_oid(out, dotted) != 0)
        die("internal error: cannot encode the OID %s", dotted);
}

/* Append AlgorithmIdentifier { id-Ed25519 } with parameters absent (RFC 8410). */
static void put_ed25519_algorithm(struct bytes *out)
{
    size_t seq = der_begin_sequence(out);
    put_oid(out, OID_ED25519);
    der_end(out, seq);
}

/* Append one RDN holding one attribute whose value is a UTF8String; 0 or -1. */
static int put_rdn(struct bytes *out, const char *oid, const char *value)
{
    size_t set = der_begin_set(out);
    size_t seq = der_begin_sequence(out);
    put_oid(out, oid);
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
    if (org != NULL && put_rdn(out, OID_ORGANIZATION, org) != 0)
        return -1;
    if (put_rdn(out, OID_COMMON_NAME, cn) != 0)
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
static struct ext_marks ext_begin(struct bytes *out, const char *oid, bool critical)
{
    struct ext_marks m;
    m.sequence = der_begin_sequence(out);
    put_oid(out, oid);
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

/* The two open values of a list of extensions being written. */
struct ext_list_marks {
    size_t explicit;
    size_t list;
};

/* Open [tag] EXPLICIT SEQUENCE OF Extension, as certificates (tag 3) and
 * revocation lists (tag 0) carry their extensions. */
static struct ext_list_marks ext_list_begin(struct bytes *out, uint32_t tag)
{
    struct ext_list_marks m;
    m.explicit = der_begin_explicit(out, tag);
    m.list = der_begin_sequence(out);
    return m;
}

/* Close the list that ext_list_begin() opened. */
static void ext_list_end(struct bytes *out, struct ext_list_marks m)
{
    der_end(out, m.list);
    der_end(out, m.explicit);
}

/* Append a subjectAltName extension holding one dNSName; 0 or -1. */
static int put_subject_alt_name(struct bytes *out, const char *dns)
{
    for (const char *c = dns; *c; c++)
        if ((unsigned char)*c > 0x7e || (unsigned char)*c < 0x21)
            return -1;
    if (*dns == '\0')
        return -1;
    struct ext_marks m = ext_begin(out, OID_SUBJECT_ALT_NAME, false);
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

/* Append an authorityKeyIdentifier extension naming the issuer's key. */
static void put_authority_key_id(struct bytes *out, const uint8_t issuer_pk[])
{
    uint8_t id[X509_KEYID_BYTES];
    struct ext_marks m = ext_begin(out, OID_AUTHORITY_KEY_ID, false);
    size_t aki = der_begin_sequence(out);
    x509_key_id(id, issuer_pk);
    der_put_implicit(out, 0, id, sizeof id);
    der_end(out, aki);
    ext_end(out, m);
}

/* Append the extensions of spec as [3] { SEQUENCE OF Extension }; 0 or -1. */
static int put_cert_extensions(struct bytes *out, const struct x509_cert_spec *spec)
{
    uint8_t id[X509_KEYID_BYTES];
    struct ext_list_marks list = ext_list_begin(out, 3);

    /* basicConstraints, critical: cA TRUE for a CA, an empty SEQUENCE otherwise. */
    struct ext_marks m = ext_begin(out, OID_BASIC_CONSTRAINTS, true);
    size_t bc = der_begin_sequence(out);
    if (spec->is_ca)
        der_put_boolean(out, true);
    if (spec->is_ca && spec->has_path_len)
        der_put_uint(out, spec->path_len);
    der_end(out, bc);
    ext_end(out, m);

    /* keyUsage, critical.  RFC 8410 allows an Ed25519 key digitalSignature,
     * nonRepudiation, keyCertSign and cRLSign, but not keyEncipherment.  A
     * certificate that names a server signs for it, CA or not (a one-step
     * self-signed server certificate is both). */
    m = ext_begin(out, OID_KEY_USAGE, true);
    uint32_t usage = spec->is_ca ? X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN : 0;
    if (!spec->is_ca || spec->dns_name != NULL)
        usage |= X509_KU_DIGITAL_SIGNATURE;
    der_put_named_bits(out, usage);
    ext_end(out, m);

    if (spec->server_auth) {
        m = ext_begin(out, OID_EXT_KEY_USAGE, false);
        size_t purposes = der_begin_sequence(out);
        put_oid(out, OID_SERVER_AUTH);
        der_end(out, purposes);
        ext_end(out, m);
    }

    if (spec->dns_name != NULL && put_subject_alt_name(out, spec->dns_name) != 0)
        return -1;

    m = ext_begin(out, OID_SUBJECT_KEY_ID, false);
    x509_key_id(id, spec->subject_pk);
    der_put_octet_string(out, id, sizeof id);
    ext_end(out, m);

    if (memcmp(spec->issuer_pk, spec->subject_pk, CRYPT_SIGN_PUBLICKEYBYTES) != 0)
        put_authority_key_id(out, spec->issuer_pk);
    ext_list_end(out, list);
    return 0;
}

/* Append the fields of the TBSCertificate of a struct x509_cert_spec; 0 or -1. */
static int put_tbs_certificate(struct bytes *out, const void *arg)
{
    const struct x509_cert_spec *spec = arg;
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
    return put_cert_extensions(out, spec);
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

/* Writes the fields of the signed part of a certificate, list or request
 * from its spec; 0 or -1. */
typedef int (*put_body_fn)(struct bytes *out, const void *spec);

/* Append SEQUENCE { body, algorithm, signature } with the fields of the
 * body SEQUENCE written by put_body and the body signed with sk; on
 * failure out is left as it was. */
static int put_signed(struct bytes *out, put_body_fn put_body, const void *spec,
                      const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    size_t start = out->len;
    size_t outer = der_begin_sequence(out);
    size_t body = out->len;
    size_t fields = der_begin_sequence(out);
    if (put_body(out, spec) != 0) {
        out->len = start;
        return -1;
    }
    der_end(out, fields);
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

/* Append the revoked certificates of spec, each SEQUENCE { serial, date }; 0 or -1. */
static int put_revoked(struct bytes *out, const struct x509_crl_spec *spec)
{
    if (spec->revoked_count == 0)
        return 0;  /* an empty list is left out, not written empty */
    size_t list = der_begin_sequence(out);
    for (size_t i = 0; i < spec->revoked_count; i++) {
        size_t entry = der_begin_sequence(out);
        der_put_integer(out, spec->revoked[i].serial, X509_SERIAL_BYTES);
        if (der_put_time(out, spec->revoked[i].date) != 0)
            return -1;
        der_end(out, entry);
    }
    der_end(out, list);
    return 0;
}

/* Append the fields of the TBSCertList of a struct x509_crl_spec; 0 or -1. */
static int put_tbs_cert_list(struct bytes *out, const void *arg)
{
    const struct x509_crl_spec *spec = arg;
    der_put_uint(out, 1);  /* v2, which may carry extensions */
    put_ed25519_algorithm(out);
    if (put_name(out, spec->issuer_cn, spec->issuer_org) != 0 ||
        der_put_time(out, spec->this_update) != 0 || der_put_time(out, spec->next_update) != 0 ||
        put_revoked(out, spec) != 0)
        return -1;
    struct ext_list_marks list = ext_list_begin(out, 0);
    put_authority_key_id(out, spec->issuer_pk);
    struct ext_marks m = ext_begin(out, OID_CRL_NUMBER, false);
    der_put_uint(out, spec->number);
    ext_end(out, m);
    ext_list_end(out, list);
    return 0;
}

int x509_crl_issue(const struct x509_crl_spec *spec,
                   const uint8_t issuer_sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
{
    if (spec->revoked_count > X509_CRL_REVOKED_MAX || spec->next_update < spec->this_update)
        return -1;
    for (size_t i = 0; i < spec->revoked_count; i++)
        if (serial_is_zero(spec->revoked[i].serial))
            return -1;
    return put_signed(out, put_tbs_cert_list, spec, issuer_sk);
}

/* Append the fields of the CertificationRequestInfo of a struct
 * x509_csr_spec; 0 or -1. */
static int put_request_info(struct bytes *out, const void *arg)
{
    const struct x509_csr_spec *spec = arg;
    der_put_uint(out, 0);  /* v1 */
    if (put_name(out, spec->subject_cn, spec->subject_org) != 0)
        return -1;
    put_public_key_info(out, spec->public_key);
    size_t attributes = der_begin(out, DER_CLASS_CONTEXT, true, 0);
    if (spec->dns_name != NULL) {
        size_t attribute = der_begin_sequence(out);
        put_oid(out, OID_EXTENSION_REQUEST);
        size_t values = der_begin_set(out);
        size_t extensions = der_begin_sequence(out);
        if (put_subject_alt_name(out, spec->dns_name) != 0)
            return -1;
        der_end(out, extensions);
        der_end(out, values);
        der_end(out, attribute);
    }
    der_end(out, attributes);
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
    static const char shape[] = "YYYY-MM-DD HH:MM:SS UTC";
    struct der_civil_time c;
    char d[DER_CIVIL_DIGITS];

    der_time_to_civil(t, &c);
    if (c.year < 0 || c.year > 9999 || buflen < sizeof shape) {
        snprintf(buf, buflen, "%04lld-%02d-%02d %02d:%02d:%02d UTC", (long long)c.year,
                 c.month, c.day, c.hour, c.minute, c.second);
        return;
    }
    der_civil_digits(&c, d);
    memcpy(buf, shape, sizeof shape);
    memcpy(buf, d, 4);
    memcpy(buf + 5, d + 4, 2);
    memcpy(buf + 8, d + 6, 2);
    memcpy(buf + 11, d + 8, 2);
    memcpy(buf + 14, d + 10, 2);
    memcpy(buf + 17, d + 12, 2);
}
