/*
 * x509_verify.c - the checks a TLS client makes on a server certificate.
 */
#include "pki/x509.h"

#include "pki/x509_local.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Set a check's result and its sentence. */
static void check_set(struct x509_check *c, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void check_set(struct x509_check *c, bool ok, const char *fmt, ...)
{
    va_list ap;
    c->ok = ok;
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
        check_set(c, false, "The certificate is self-signed: nobody the client trusts "
                  "vouches for it.");
        return NULL;
    }
    if (ca == NULL) {
        check_set(c, false, "Issued by \"%s\", which is not in the client's trust store, so "
                  "the client has no reason to believe it.", issuer);
        return NULL;
    }
    bool same_cert = ca->der_len == cert->der_len &&
                     memcmp(ca->der, cert->der, cert->der_len) == 0;
    if (!ca->is_ca && !same_cert) {
        check_set(c, false, "Issued by \"%s\", which the client trusts, but that certificate "
                  "is not a CA and may not vouch for others.", issuer);
        return NULL;
    }
    if (same_cert)
        check_set(c, true, "The certificate itself is in the client's trust store.");
    else
        check_set(c, true, "Issued by \"%s\", which is in the client's trust store.", issuer);
    return ca;
}

/* Fill the signature check against the trusted issuer ca (NULL if none). */
static void check_signature(const struct x509_cert *cert, const struct x509_cert *ca,
                            struct x509_check *c)
{
    if (ca == NULL)
        check_set(c, false, "The signature could not be checked against a trusted key, "
                  "because no CA the client trusts issued the certificate.");
    else if (!cert->sig_is_ed25519 || !ca->key_is_ed25519)
        check_set(c, false, "The signature is not Ed25519, the only algorithm tlssim "
                  "checks.");
    else if (signed_by(cert, ca))
        check_set(c, true, "The CA's Ed25519 signature over the certificate verifies.");
    else
        check_set(c, false, "The CA's Ed25519 signature over the certificate does not "
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
        check_set(c, false, "The client named no host, so it cannot tell whether the "
                  "certificate is for the server it meant to reach.");
        return;
    }
    if (cert->dns_count == 0) {
        check_set(c, false, "The client asked for %s but the certificate names no host in "
                  "subjectAltName.", host);
        return;
    }
    for (size_t i = 0; i < cert->dns_count; i++) {
        if (x509_name_matches(cert->dns_names[i], host)) {
            if (cert->dns_names[i][0] == '*')
                check_set(c, true, "The certificate's wildcard %s covers %s, the host the "
                          "client asked for.", cert->dns_names[i], host);
            else
                check_set(c, true, "The certificate names %s, the host the client asked "
                          "for.", host);
            return;
        }
    }
    for (size_t i = 0; i < cert->dns_count; i++)
        if (!x509_text_append(names, sizeof names, &used, "%s%s", i ? ", " : "",
                         cert->dns_names[i]))
            break;
    check_set(c, false, "The client asked for %s but the certificate names only %s.", host,
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
        check_set(c, false, "The certificate is not valid until %s; the clock says %s.", from,
                  clock);
    else if (now > cert->not_after)
        check_set(c, false, "The certificate expired on %s; the clock says %s.", until, clock);
    else
        check_set(c, true, "The clock says %s, inside the validity period from %s to %s.",
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
