/*
 * x509_verify.c - the checks a TLS client makes on a server certificate.
 */
#include "pki/x509.h"

#include "pki/x509_local.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* What the signature check of a certificate or a CRL needs: the issuer's
 * name as encoded, the signed part, and the Ed25519 signature (if it is one). */
struct signed_part {
    const uint8_t *issuer_der;
    size_t issuer_der_len;
    const uint8_t *tbs;
    size_t tbs_len;
    bool sig_is_ed25519;
    const uint8_t *signature;
};

/* True when issuer's key verifies the signature of s. */
static bool part_signed_by(const struct signed_part *s, const struct x509_cert *issuer)
{
    return s->sig_is_ed25519 && issuer->key_is_ed25519 &&
           crypt_sign_verify(s->signature, s->tbs, s->tbs_len, issuer->public_key);
}

/* Of the candidates whose subject is s's issuer, the one whose key made the
 * signature (*verified set, when not NULL), else the first of them; NULL
 * when none has that name. */
static const struct x509_cert *find_signer(const struct signed_part *s,
                                           const struct x509_cert *candidates, size_t count,
                                           bool *verified)
{
    const struct x509_cert *first = NULL;
    if (verified != NULL)
        *verified = false;
    for (size_t i = 0; i < count; i++) {
        const struct x509_cert *c = &candidates[i];
        if (!names_equal(s->issuer_der, s->issuer_der_len, c->subject_der, c->subject_der_len))
            continue;
        if (part_signed_by(s, c)) {
            if (verified != NULL)
                *verified = true;
            return c;
        }
        if (first == NULL)
            first = c;
    }
    return first;
}

/* The signed part of a certificate. */
static struct signed_part cert_part(const struct x509_cert *c)
{
    return (struct signed_part){c->issuer_der, c->issuer_der_len, c->tbs, c->tbs_len,
                                c->sig_is_ed25519, c->signature};
}

/* The signed part of a revocation list. */
static struct signed_part crl_part(const struct x509_crl *l)
{
    return (struct signed_part){l->issuer_der, l->issuer_der_len, l->tbs, l->tbs_len,
                                l->sig_is_ed25519, l->signature};
}

bool x509_signed_by(const struct x509_cert *cert, const struct x509_cert *trusted)
{
    struct signed_part s = cert_part(cert);
    return part_signed_by(&s, trusted);
}

const struct x509_cert *x509_find_issuer(const struct x509_cert *cert,
                                         const struct x509_cert *trusted, size_t count)
{
    struct signed_part s = cert_part(cert);
    return find_signer(&s, trusted, count, NULL);
}

const struct x509_cert *x509_crl_find_issuer(const struct x509_crl *crl,
                                             const struct x509_cert *candidates, size_t count)
{
    struct signed_part s = crl_part(crl);
    return find_signer(&s, candidates, count, NULL);
}

/* Fill the issuer check; returns the trusted issuer when the check passes,
 * with *verified set when finding it verified its signature over cert. */
static const struct x509_cert *check_issuer(const struct x509_cert *cert,
                                            const struct x509_cert *trusted, size_t count,
                                            struct x509_check *c, bool *verified)
{
    const char *issuer = display_name(cert->issuer_cn, cert->issuer);
    struct signed_part part = cert_part(cert);
    const struct x509_cert *ca = find_signer(&part, trusted, count, verified);
    bool self_signed = names_equal(cert->issuer_der, cert->issuer_der_len, cert->subject_der,
                                   cert->subject_der_len);

    if (ca == NULL && self_signed) {
        check_set(c, false, "self_signed",
                  "The certificate is self-signed: nobody the client trusts "
                  "vouches for it.");
        return NULL;
    }
    if (ca == NULL) {
        check_set(c, false, "untrusted_issuer",
                  "Issued by \"%s\", which is not in the client's trust store, so "
                  "the client has no reason to believe it.", issuer);
        return NULL;
    }
    bool same_cert = ca->der_len == cert->der_len &&
                     memcmp(ca->der, cert->der, cert->der_len) == 0;
    if (!ca->is_ca && !same_cert) {
        check_set(c, false, "issuer_not_ca",
                  "Issued by \"%s\", which the client trusts, but that certificate "
                  "is not a CA and may not vouch for others.", issuer);
        return NULL;
    }
    if (same_cert)
        check_set(c, true, NULL, "The certificate itself is in the client's trust store.");
    else
        check_set(c, true, NULL, "Issued by \"%s\", which is in the client's trust store.", issuer);
    return ca;
}

/* Fill the signature check against the trusted issuer ca (NULL if none);
 * verified: finding ca already verified the signature, which is not
 * checked twice. */
static void check_signature(const struct x509_cert *cert, const struct x509_cert *ca,
                            bool verified, struct x509_check *c)
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
        check_set(c, false, "unsupported_algorithm",
                  "The signature is not Ed25519, the only algorithm tlssim "
                  "checks.");
    else if (verified || x509_signed_by(cert, ca))
        check_set(c, true, NULL, "The CA's Ed25519 signature over the certificate verifies.");
    else
        check_set(c, false, "bad_signature",
                  "The CA's Ed25519 signature over the certificate does not "
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
        check_set(c, false, "no_name",
                  "The client asked for %s but the certificate names no host in "
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
        if ((i > 0 && !x509_text_add(names, sizeof names, &used, ", ")) ||
            !x509_text_add(names, sizeof names, &used, cert->dns_names[i]))
            break;
    check_set(c, false, "name_mismatch",
              "The client asked for %s but the certificate names only %s.", host,
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
        check_set(c, false, "not_yet_valid",
                  "The certificate is not valid until %s; the clock says %s.", from,
                  clock);
    else if (now > cert->not_after)
        check_set(c, false, "expired",
                  "The certificate expired on %s; the clock says %s.", until, clock);
    else
        check_set(c, true, NULL, "The clock says %s, inside the validity period from %s to %s.",
                  clock, from, until);
}

bool x509_cert_validate(const struct x509_cert *cert, const struct x509_cert *trusted,
                        size_t trusted_count, const char *host, int64_t now,
                        struct x509_check checks[X509_CHECK_COUNT])
{
    bool verified = false;
    const struct x509_cert *ca = check_issuer(cert, trusted, trusted_count,
                                              &checks[X509_CHECK_ISSUER], &verified);
    check_signature(cert, ca, verified, &checks[X509_CHECK_SIGNATURE]);
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

/* ------------------------------------------------------------------ */
/* Path validation                                                      */
/* ------------------------------------------------------------------ */

/* The name a student knows a certificate by: its subject's CN, else its subject. */
static const char *cert_name(const struct x509_cert *c)
{
    return display_name(c->subject_cn, c->subject);
}

/* True when a and b are the same certificate, byte for byte. */
static bool same_cert(const struct x509_cert *a, const struct x509_cert *b)
{
    return a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0;
}

/* True when cert names itself as its issuer. */
static bool self_issued(const struct x509_cert *c)
{
    return names_equal(c->issuer_der, c->issuer_der_len, c->subject_der, c->subject_der_len);
}

/* Why no issuer of cur (the last certificate of the path so far) was found. */
static void chain_broken(const struct x509_path_input *in, const struct x509_cert *cur,
                         struct x509_check *c)
{
    const char *issuer = display_name(cur->issuer_cn, cur->issuer);
    if (self_issued(cur))
        check_set(c, false, "self_signed",
                  "\"%s\" signed itself and is not in the client's trust store, so "
                  "nobody the client trusts vouches for it.", cert_name(cur));
    else if (cur == in->leaf && in->sent_count == 0)
        check_set(c, false, "missing_intermediate",
                  "The server sent only its own certificate, issued by \"%s\", which is "
                  "neither in the trust store nor sent: an untrusted CA, or a missing "
                  "intermediate (fullchain.pem).", issuer);
    else
        check_set(c, false, "untrusted_issuer",
                  "\"%s\" was issued by \"%s\", which is neither in the client's "
                  "trust store nor among the certificates the server sent.", cert_name(cur),
                  issuer);
}

/* True when c is already in the path (a loop: A signs B signs A). */
static bool in_path(const struct x509_path *p, const struct x509_cert *c)
{
    for (size_t i = 0; i < p->count; i++)
        if (same_cert(p->certs[i], c))
            return true;
    return false;
}

/* Build the path from the leaf to a trusted root: the chain check. */
static bool build_path(const struct x509_path_input *in, struct x509_path *p,
                       struct x509_check *c)
{
    const struct x509_cert *cur = in->leaf;

    p->certs[p->count++] = cur;
    for (;;) {
        for (size_t i = 0; i < in->trusted_count; i++) {
            if (same_cert(&in->trusted[i], cur)) {
                check_set(c, true, NULL, "\"%s\" itself is in the client's trust store.",
                          cert_name(cur));
                return true;
            }
        }
        struct signed_part part = cert_part(cur);
        bool verified;
        const struct x509_cert *root = find_signer(&part, in->trusted, in->trusted_count,
                                                   &verified);
        if (root != NULL) {
            p->link_verified[p->count - 1] = verified;
            p->certs[p->count++] = root;
            check_set(c, true, NULL,
                      "The path has %zu certificates, from \"%s\" up to \"%s\", a root "
                      "in the client's trust store.", p->count, cert_name(in->leaf),
                      cert_name(root));
            return true;
        }
        const struct x509_cert *next = find_signer(&part, in->sent, in->sent_count, &verified);
        if (next == NULL || same_cert(next, cur)) {
            chain_broken(in, cur, c);
            return false;
        }
        if (in_path(p, next)) {
            check_set(c, false, "loop", "The certificates go round in a loop (\"%s\" is reached "
                      "twice) and never reach a root the client trusts.", cert_name(next));
            return false;
        }
        if (p->count == X509_PATH_MAX - 1) {
            check_set(c, false, "too_long",
                      "The path is longer than %d certificates without reaching a "
                      "trusted root; the client gives up, as real clients do.",
                      X509_PATH_MAX);
            return false;
        }
        p->link_verified[p->count - 1] = verified;
        p->certs[p->count++] = next;
        cur = next;
    }
}

/* Each certificate of the path is signed by the next one's key (a link
 * whose signature building the path already verified is not verified twice). */
static bool path_signatures(const struct x509_path *p, struct x509_check *c)
{
    for (size_t i = 0; i + 1 < p->count; i++) {
        if (!p->link_verified[i] && !x509_signed_by(p->certs[i], p->certs[i + 1])) {
            check_set(c, false, "bad_signature",
                      "The signature on \"%s\" does not verify with the key of "
                      "\"%s\": it was changed, or another key signed it.",
                      cert_name(p->certs[i]), cert_name(p->certs[i + 1]));
            return false;
        }
    }
    check_set(c, true, NULL, "Each of the %zu signatures along the path verifies with the next "
              "certificate's key.", p->count > 0 ? p->count - 1 : 0);
    return true;
}

/* Now lies inside the validity period of every certificate of the path. */
static bool path_validity(const struct x509_path *p, int64_t now, struct x509_check *c)
{
    char when[32], clock[32];
    x509_time_format(now, clock, sizeof clock);
    for (size_t i = 0; i < p->count; i++) {
        const struct x509_cert *x = p->certs[i];
        if (now < x->not_before || now > x->not_after) {
            x509_time_format(now < x->not_before ? x->not_before : x->not_after, when,
                             sizeof when);
            check_set(c, false, "out_of_validity", "\"%s\" %s %s; the clock says %s.", cert_name(x),
                      now < x->not_before ? "is not valid until" : "expired on", when, clock);
            return false;
        }
    }
    check_set(c, true, NULL, "The clock says %s, inside the validity of all %zu certificates.",
              clock, p->count);
    return true;
}

/* Every issuer is a CA, and no CA has more CAs below it than its pathLen allows. */
static bool path_basic_constraints(const struct x509_path *p, struct x509_check *c)
{
    for (size_t i = 1; i < p->count; i++) {
        const struct x509_cert *ca = p->certs[i];
        if (!ca->is_ca) {
            check_set(c, false, "issuer_not_ca",
                      "\"%s\" signed \"%s\" but is not a CA (no CA:TRUE in "
                      "basicConstraints): an ordinary certificate may not vouch for others.",
                      cert_name(ca), cert_name(p->certs[i - 1]));
            return false;
        }
        if (ca->has_path_len && (uint64_t)(i - 1) > ca->path_len) {
            check_set(c, false, "path_len_exceeded",
                      "\"%s\" has pathLen %llu, so at most %llu CA%s may stand "
                      "below it, but %zu do%s.", cert_name(ca), (unsigned long long)ca->path_len,
                      (unsigned long long)ca->path_len, ca->path_len == 1 ? "" : "s", i - 1,
                      i - 1 == 1 ? "es" : "");
            return false;
        }
    }
    check_set(c, true, NULL, "Every issuer on the path is a CA, and every pathLen holds.");
    return true;
}

/* Issuers may sign certificates; the leaf may sign for a TLS server. */
static bool path_key_usage(const struct x509_path *p, struct x509_check *c)
{
    const struct x509_cert *leaf = p->certs[0];
    for (size_t i = 1; i < p->count; i++) {
        const struct x509_cert *ca = p->certs[i];
        if (ca->has_key_usage && !(ca->key_usage & X509_KU_KEY_CERT_SIGN)) {
            check_set(c, false, "key_usage",
                      "\"%s\" signed a certificate, but its keyUsage does not allow "
                      "keyCertSign.", cert_name(ca));
            return false;
        }
    }
    if (leaf->has_key_usage && !(leaf->key_usage & X509_KU_DIGITAL_SIGNATURE)) {
        check_set(c, false, "key_usage",
                  "\"%s\" has a keyUsage without digitalSignature, which a TLS "
                  "server's key needs.", cert_name(leaf));
        return false;
    }
    if (leaf->has_ext_key_usage && !leaf->server_auth) {
        check_set(c, false, "no_server_auth",
                  "\"%s\" lists purposes (extKeyUsage) but not serverAuth: it is "
                  "not for a TLS server.", cert_name(leaf));
        return false;
    }
    check_set(c, true, NULL, "The issuers may sign certificates, and \"%s\" may serve TLS.",
              cert_name(leaf));
    return true;
}

/* The list in in->crls that the issuer of cert made, or NULL; bad is set
 * when a list carries that issuer's name but not its signature. */
static const struct x509_crl *find_crl(const struct x509_path_input *in,
                                       const struct x509_cert *cert,
                                       const struct x509_cert *issuer, bool *bad)
{
    *bad = false;
    for (size_t i = 0; i < in->crl_count; i++) {
        const struct x509_crl *l = &in->crls[i];
        if (!names_equal(l->issuer_der, l->issuer_der_len, cert->issuer_der,
                         cert->issuer_der_len))
            continue;
        struct signed_part s = crl_part(l);
        if (part_signed_by(&s, issuer))
            return l;
        *bad = true;
    }
    return NULL;
}

/* No certificate below the root is on a current list signed by its issuer. */
static bool path_revocation(const struct x509_path_input *in, const struct x509_path *p,
                            struct x509_check *c)
{
    char when[32];
    size_t lists = 0;

    for (size_t i = 0; i + 1 < p->count; i++) {
        bool bad;
        const struct x509_crl *l = find_crl(in, p->certs[i], p->certs[i + 1], &bad);
        if (l == NULL && bad) {
            check_set(c, false, "crl_bad_signature",
                      "The revocation list that claims to come from \"%s\" is not "
                      "signed by its key: anyone could have written it.",
                      cert_name(p->certs[i + 1]));
            return false;
        }
        if (l == NULL)
            continue;
        lists++;
        if (l->has_next_update && in->now > l->next_update) {
            x509_time_format(l->next_update, when, sizeof when);
            check_set(c, false, "crl_out_of_date",
                      "The revocation list of \"%s\" was due to be replaced on %s: "
                      "it is out of date, so it cannot say what was revoked since.",
                      cert_name(p->certs[i + 1]), when);
            return false;
        }
        const struct x509_crl_entry *e = x509_crl_find(l, p->certs[i]);
        if (e != NULL) {
            x509_time_format(e->date, when, sizeof when);
            check_set(c, false, "revoked", "\"%s\" was revoked on %s: its serial number is on the "
                      "revocation list of \"%s\".", cert_name(p->certs[i]), when,
                      cert_name(p->certs[i + 1]));
            return false;
        }
    }
    if (lists == 0)
        check_set(c, true, NULL, "No revocation list was at hand; browsers rely on OCSP stapling, "
                  "their own lists and short-lived certificates instead.");
    else
        check_set(c, true, NULL, "No certificate on the path is on its issuer's current revocation "
                  "list.");
    return true;
}

bool x509_path_validate(const struct x509_path_input *in, struct x509_path *out)
{
    memset(out, 0, sizeof *out);
    struct x509_check *c = out->checks;
    bool ok = build_path(in, out, &c[X509_PATH_CHAIN]);
    out->checks_made = 1;
    for (int id = X509_PATH_SIGNATURE; ok && id < X509_PATH_CHECK_COUNT; id++) {
        switch ((enum x509_path_check_id)id) {
        case X509_PATH_SIGNATURE:
            ok = path_signatures(out, &c[id]);
            break;
        case X509_PATH_VALIDITY:
            ok = path_validity(out, in->now, &c[id]);
            break;
        case X509_PATH_BASIC_CONSTRAINTS:
            ok = path_basic_constraints(out, &c[id]);
            break;
        case X509_PATH_KEY_USAGE:
            ok = path_key_usage(out, &c[id]);
            break;
        case X509_PATH_NAME:
            check_host_name(in->leaf, in->host, &c[id]);
            ok = c[id].ok;
            break;
        case X509_PATH_REVOCATION:
            ok = path_revocation(in, out, &c[id]);
            break;
        case X509_PATH_CHAIN:
        case X509_PATH_CHECK_COUNT:
            break;
        }
        out->checks_made = (size_t)id + 1;
    }
    out->valid = ok;
    return ok;
}

const char *x509_path_check_id(enum x509_path_check_id id)
{
    static const char *const ids[X509_PATH_CHECK_COUNT] = {
        "cert.chain", "cert.signature", "cert.validity", "cert.basic_constraints",
        "cert.key_usage", "cert.name", "cert.revocation",
    };
    return (unsigned)id < X509_PATH_CHECK_COUNT ? ids[id] : "cert.unknown";
}

const char *x509_path_check_name(enum x509_path_check_id id)
{
    static const char *const names[X509_PATH_CHECK_COUNT] = {
        "path to a trusted root", "signatures along the path", "all within validity dates",
        "issuers are CAs (basicConstraints)", "key usage allows it", "host name matches",
        "not revoked",
    };
    return (unsigned)id < X509_PATH_CHECK_COUNT ? names[id] : "unknown check";
}
