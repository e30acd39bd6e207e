/*
 * x509_crl.c - the strict decoding of certificate revocation lists
 * (RFC 5280, section 5) and the look-up of a certificate in one.
 */
#include "pki/x509.h"

#include "pki/der.h"
#include "pki/oid.h"
#include "pki/x509_fields.h"
#include "pki/x509_local.h"

#include <stdio.h>
#include <string.h>

/* Read a UTCTime or GeneralizedTime into *t; what names it in errors. */
static int read_time(struct der_reader *r, const char *what, int64_t *t)
{
    struct der_tlv v;

    if (!der_peek(r, DER_CLASS_UNIVERSAL, false, DER_TAG_UTC_TIME) &&
        !der_peek(r, DER_CLASS_UNIVERSAL, false, DER_TAG_GENERALIZED_TIME))
        return der_expect(r, DER_CLASS_UNIVERSAL, false, DER_TAG_UTC_TIME, what, &v);
    if (der_read(r, &v) != 0)
        return -1;
    return der_get_time(r, &v, t);
}

/* True when the next value is a time (the optional nextUpdate is there). */
static bool time_follows(const struct der_reader *r)
{
    return der_peek(r, DER_CLASS_UNIVERSAL, false, DER_TAG_UTC_TIME) ||
           der_peek(r, DER_CLASS_UNIVERSAL, false, DER_TAG_GENERALIZED_TIME);
}

/* Read one revoked certificate: SEQUENCE { serial, date, extensions OPTIONAL }. */
static int read_entry(struct der_reader *list, struct x509_crl_entry *entry)
{
    struct der_reader e;
    struct der_tlv t;
    const uint8_t *serial;
    size_t serial_len;

    if (der_enter_sequence(list, "a revoked certificate", &e) != 0 ||
        der_expect(&e, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the revoked serial",
                   &t) != 0 ||
        der_get_positive(&e, &t, &serial, &serial_len) != 0)
        return -1;
    if (serial_len > X509_SERIAL_MAX)
        return der_fail(&e, t.offset, "the revoked serial at offset %zu is %zu bytes; RFC "
                        "5280 allows at most %d", t.offset, serial_len, X509_SERIAL_MAX);
    memcpy(entry->serial, serial, serial_len);
    entry->serial_len = serial_len;
    if (read_time(&e, "the revocation date", &entry->date) != 0)
        return -1;
    /* Entry extensions (a reason code, say) are read over: none is critical here. */
    if (der_peek(&e, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE) && der_read(&e, &t) != 0)
        return -1;
    return der_finish(&e, "a revoked certificate");
}

/* Read revokedCertificates, a SEQUENCE OF entries that DER leaves out when empty. */
static int read_revoked(struct der_reader *tbs, struct x509_crl *out)
{
    struct der_reader list;
    struct der_tlv t;

    if (der_read(tbs, &t) != 0 || der_enter(tbs, &t, &list) != 0)
        return -1;
    if (der_at_end(&list))
        return der_fail(tbs, t.offset, "the list of revoked certificates at offset %zu is "
                        "empty; it must then be left out", t.offset);
    while (!der_at_end(&list)) {
        if (out->revoked_count == X509_CRL_REVOKED_MAX)
            return der_fail(tbs, t.offset, "more than %d revoked certificates; tlssim reads "
                            "at most that many", X509_CRL_REVOKED_MAX);
        if (read_entry(&list, &out->revoked[out->revoked_count++]) != 0)
            return -1;
    }
    return 0;
}

/* Read one CRL extension, keeping the cRLNumber; an unknown critical one is an error. */
static int read_crl_extension(struct der_reader *list, struct x509_crl *out)
{
    struct x509_extension x;
    struct der_tlv t;

    if (x509_extension_open(list, "a CRL extension", &x) != 0 ||
        der_read_optional_boolean(&x.fields, &t, &x.critical) < 0 ||
        x509_extension_enter_value(&x, "a CRL extension", "the extension value") != 0)
        return -1;
    if (strcmp(x.oid_text, OID_CRL_NUMBER) == 0) {
        if (der_expect(&x.value, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the CRL number",
                       &t) != 0 || der_get_uint(&x.value, &t, &out->number) != 0 ||
            der_finish(&x.value, "the CRL number") != 0)
            return -1;
        out->has_number = true;
        return 0;
    }
    if (x.critical && strcmp(x.oid_text, OID_AUTHORITY_KEY_ID) != 0)
        return der_fail(list, x.oid.offset, "CRL extension %s at offset %zu is critical and "
                        "tlssim does not understand it, so it must reject the list", x.oid_text,
                        x.oid.offset);
    return 0;
}

/* Read crlExtensions [0] EXPLICIT SEQUENCE OF Extension. */
static int read_crl_extensions(struct der_reader *tbs, struct x509_crl *out)
{
    struct der_reader outer, list;
    struct der_tlv t;

    if (der_read(tbs, &t) != 0 || der_enter(tbs, &t, &outer) != 0 ||
        der_enter_sequence(&outer, "the CRL extensions", &list) != 0 ||
        der_finish(&outer, "the CRL extensions") != 0)
        return -1;
    while (!der_at_end(&list))
        if (read_crl_extension(&list, out) != 0)
            return -1;
    return 0;
}

/* Read the TBSCertList after the outer shell was opened into tbs. */
static int read_tbs_cert_list(struct der_reader *tbs, struct x509_crl *out)
{
    struct der_tlv t, alg;
    uint64_t version;
    bool inner_ed25519;

    out->version = 1;
    if (der_peek(tbs, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER)) {
        if (der_read(tbs, &t) != 0 || der_get_uint(tbs, &t, &version) != 0)
            return -1;
        if (version != 1)
            return der_fail(tbs, t.offset, "the CRL version at offset %zu is %llu; a v2 list "
                            "says 1, a v1 list leaves it out", t.offset,
                            (unsigned long long)version);
        out->version = 2;
    }
    if (x509_read_algorithm(tbs, "the signature algorithm", &alg, &inner_ed25519) != 0 ||
        x509_read_name(tbs, "the issuer name", &out->issuer_der, &out->issuer_der_len,
                       out->issuer, out->issuer_cn) != 0 ||
        read_time(tbs, "thisUpdate", &out->this_update) != 0)
        return -1;
    if (time_follows(tbs)) {
        if (read_time(tbs, "nextUpdate", &out->next_update) != 0)
            return -1;
        out->has_next_update = true;
    }
    if (der_peek(tbs, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE) && read_revoked(tbs, out) != 0)
        return -1;
    if (der_peek(tbs, DER_CLASS_CONTEXT, true, 0)) {
        if (out->version != 2)
            return der_fail(tbs, der_offset(tbs), "a v1 CRL carries extensions; only v2 may");
        if (read_crl_extensions(tbs, out) != 0)
            return -1;
    }
    return der_finish(tbs, "the TBSCertList");
}

int x509_crl_parse(const uint8_t *der, size_t len, struct x509_crl *out, char *err,
                   size_t errlen)
{
    struct signed_reader sr;

    memset(out, 0, sizeof *out);
    if (x509_open_signed(&sr, der, len, "the revocation list") != 0 ||
        read_tbs_cert_list(&sr.body, out) != 0) {
        memset(out, 0, sizeof *out);
        return x509_report(&sr.err, err, errlen);
    }
    out->der = der;
    out->der_len = len;
    x509_signed_parts(&sr, &out->tbs, &out->tbs_len, &out->sig_is_ed25519, out->signature);
    return 0;
}

const struct x509_crl_entry *x509_crl_find(const struct x509_crl *crl,
                                           const struct x509_cert *cert)
{
    for (size_t i = 0; i < crl->revoked_count; i++) {
        const struct x509_crl_entry *r = &crl->revoked[i];
        if (r->serial_len == cert->serial_len &&
            memcmp(r->serial, cert->serial, cert->serial_len) == 0)
            return r;
    }
    return NULL;
}
