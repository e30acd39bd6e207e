/*
 * inspect_crl.c - certificate revocation lists explained field by field:
 * who signed the list, when it was made and when the next is due, which
 * serial numbers it revokes and since when, and whether its signature
 * holds against an issuer given beside it.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Explain nextUpdate and whether the list is still current at now. */
static int explain_next_update(struct der_reader *tbs, struct inspect_report *out, int64_t now)
{
    int64_t next;
    char shown[64];

    if (!der_peek(tbs, DER_CLASS_UNIVERSAL, false, DER_TAG_UTC_TIME) &&
        !der_peek(tbs, DER_CLASS_UNIVERSAL, false, DER_TAG_GENERALIZED_TIME)) {
        inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "next update", "Without it a client "
                    "cannot tell when the list is out of date; RFC 5280 requires it.",
                    "absent");
        return 0;
    }
    if (inspect_time(tbs, out, 1, "next update", "When the next list is due.  After that "
                     "moment a client must not rely on this one: it cannot say what was "
                     "revoked since.", &next) != 0)
        return -1;
    x509_time_format(now, shown, sizeof shown);
    if (now > next)
        inspect_add(out, 2, NULL, INSPECT_MARK_BAD, "current?", "A client that checks "
                    "revocation refuses an out-of-date list, as it would a missing one.",
                    "no: its next update has passed (now is %s)", shown);
    else
        inspect_add(out, 2, NULL, INSPECT_MARK_GOOD, "current?", NULL, "yes (now is %s)",
                    shown);
    return 0;
}

/* Explain one revoked certificate: SEQUENCE { serial, date, extensions }. */
static int explain_entry(struct der_reader *list, struct inspect_report *out, size_t n)
{
    struct der_reader e;
    struct der_tlv whole, t;
    bool negative;
    int64_t when;

    if (der_expect(list, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "a revoked certificate",
                   &whole) != 0 || der_enter(list, &whole, &e) != 0 ||
        der_expect(&e, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the revoked serial",
                   &t) != 0 || der_get_integer(&e, &t, &negative) != 0)
        return -1;
    char *hex = inspect_hex_short(t.content, t.len, 24);
    inspect_add(out, 2, &whole, INSPECT_MARK_WARN, "revoked", NULL, "#%zu: serial %s", n, hex);
    free(hex);
    if (inspect_time(&e, out, 3, "revoked on", NULL, &when) != 0)
        return -1;
    if (der_peek(&e, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE) &&
        inspect_extensions(&e, out, 3) != 0)
        return -1;
    return der_finish(&e, "a revoked certificate");
}

/* Explain revokedCertificates, when the list has any. */
static int explain_revoked(struct der_reader *tbs, struct inspect_report *out)
{
    struct der_reader list;
    struct der_tlv t;
    size_t n = 0;

    if (!der_peek(tbs, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE)) {
        inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "revoked certificates", "The issuer has "
                    "revoked nothing that has not expired yet.", "none");
        return 0;
    }
    if (der_read(tbs, &t) != 0 || der_enter(tbs, &t, &list) != 0)
        return -1;
    size_t head = out->count;
    inspect_add(out, 1, &t, INSPECT_MARK_NONE, "revoked certificates", "Each names a "
                "certificate by its serial number (unique among the issuer's) and says when "
                "it was revoked; a client that finds its server's serial here refuses it.",
                "%s", "");
    while (!der_at_end(&list))
        if (explain_entry(&list, out, ++n) != 0)
            return -1;
    free(out->lines[head].text);
    out->lines[head].text = xasprintf("%zu", n);
    return 0;
}

/* Check the list's signature against an issuer given beside it, found by
 * x509_crl_find_issuer as the walk's client finds it. */
static void check_crl_signature(const struct inspect_context *ctx, struct inspect_report *out,
                                const struct signed_facts *f)
{
    const struct inspect_pool *pool = ctx->pool;
    const struct x509_cert *is = NULL;
    struct x509_crl crl;
    char err[X509_ERR_MAX];

    if (pool != NULL && x509_crl_parse(out->der.data, out->der.len, &crl, err, sizeof err) == 0)
        is = x509_crl_find_issuer(&crl, pool->certs, pool->count);
    char *who = is ? xasprintf("%s (%s)", is->subject,
                               pool->cert_sources[is - pool->certs]) : NULL;
    inspect_signature_check(out, f, is ? is->public_key : NULL, who, false);
    if (is != NULL && !is->is_ca)
        inspect_add(out, 1, NULL, INSPECT_MARK_BAD, "issuer is a CA?", "Only a CA may "
                    "publish a revocation list for the certificates it issued.", "no");
    free(who);
}

int inspect_explain_crl(struct der_reader *r, const struct inspect_context *ctx,
                        struct inspect_report *out)
{
    struct der_reader outer, tbs;
    struct der_tlv body, t;
    struct signed_facts f;
    char inner_alg[DER_OID_TEXT_MAX];
    uint64_t version = 0;
    int64_t this_update;
    const uint8_t *issuer;
    size_t issuer_len;

    snprintf(out->kind, sizeof out->kind, "certificate revocation list (X.509 CRL)");
    if (inspect_open_signed(r, "the revocation list", "the signed part (TBSCertList)", &outer,
                            &body, &tbs) != 0)
        return -1;
    inspect_add(out, 0, &body, INSPECT_MARK_NONE, "revocation list", "The serial numbers of "
                "certificates a CA revoked before they expired (a stolen key, a wrong name), "
                "signed by that CA.  Public: anyone may download it.", "X.509 CRL");
    if (der_peek(&tbs, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER)) {
        if (der_read(&tbs, &t) != 0 || der_get_uint(&tbs, &t, &version) != 0)
            return -1;
        inspect_add(out, 1, &t, version == 1 ? INSPECT_MARK_NONE : INSPECT_MARK_WARN,
                    "version", "Version 2 may carry extensions; the file stores it as 1.",
                    "v%llu", (unsigned long long)version + 1);
    } else {
        inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "version", NULL, "v1 (no version field)");
    }
    if (inspect_signature_algorithm(&tbs, out, "signature algorithm (signed copy)", "Repeated "
                                    "inside the signed part, so that nobody can swap it.",
                                    inner_alg) != 0)
        return -1;
    if (inspect_name(&tbs, out, 1, "issuer", "The CA that revoked the certificates below and "
                     "signed this list; it must be the issuer of those certificates.",
                     &issuer, &issuer_len) != 0 ||
        inspect_time(&tbs, out, 1, "this update", "When the CA made this list.",
                     &this_update) != 0 ||
        explain_next_update(&tbs, out, ctx->now) != 0 || explain_revoked(&tbs, out) != 0)
        return -1;
    if (inspect_explicit_extensions(&tbs, 0, out) != 0 ||
        der_finish(&tbs, "the TBSCertList") != 0)
        return -1;
    if (inspect_read_signature(r, &outer, &body, "the revocation list", out, &f) != 0)
        return -1;
    check_crl_signature(ctx, out, &f);
    inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "how clients use it", "Few clients download "
                "CRLs today: browsers ask OCSP responders (or read the answer the server "
                "staples to its handshake), ship their own compact lists of revoked "
                "certificates, and rely more and more on certificates that live only days.",
                "a client that checks revocation refuses a listed serial");
    return 0;
}
