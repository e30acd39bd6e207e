/*
 * inspect_cert.c - certificates, signing requests and public keys explained
 * field by field, and the signature and issuer checks on them.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Signatures                                                           */
/* ------------------------------------------------------------------ */

/* Enter a signed object SEQUENCE { body, algorithm, signature }: outer
 * reads its parts, body is the signed part's TLV, inner reads inside it. */
int inspect_open_signed(struct der_reader *r, const char *what, const char *body_what,
                        struct der_reader *outer, struct der_tlv *body, struct der_reader *inner)
{
    if (der_enter_sequence(r, what, outer) != 0 ||
        der_expect(outer, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, body_what, body) != 0)
        return -1;
    return der_enter(outer, body, inner);
}

int inspect_signature_algorithm(struct der_reader *r, struct inspect_report *out,
                                const char *label, const char *note,
                                char oid[DER_OID_TEXT_MAX])
{
    struct der_tlv alg, params;
    bool has_params;

    if (inspect_algorithm(r, "the signature algorithm", &alg, oid, &params, &has_params) != 0)
        return -1;
    inspect_algorithm_line(out, 1, &alg, label, oid, note);
    return 0;
}

/* Read the outer algorithm and signature of a signed object, and its end. */
int inspect_read_signature(struct der_reader *r, struct der_reader *outer,
                           const struct der_tlv *body, const char *what,
                           struct inspect_report *out, struct signed_facts *f)
{
    unsigned unused;

    f->body = body->content - body->header_len;
    f->body_len = body->header_len + body->len;

    if (inspect_signature_algorithm(outer, out, "signature algorithm", "How the signer "
                                    "signed.  Ed25519 (PureEdDSA) signs the signed part "
                                    "itself, hashing inside the algorithm; RSA and ECDSA "
                                    "hash the signed part first and sign the hash.",
                                    f->alg) != 0 ||
        der_expect(outer, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING, "the signature",
                   &f->sig_tlv) != 0 ||
        der_get_bit_string(outer, &f->sig_tlv, &f->sig, &f->sig_len, &unused) != 0)
        return -1;
    char *hex = inspect_hex_short(f->sig, f->sig_len, HEX_SHOWN);
    inspect_add(out, 1, &f->sig_tlv, INSPECT_MARK_NONE, "signature", "Made with the signer's "
                "private key over the signed part; anyone with the signer's public key can "
                "check it, nobody else can make it.", "%s", hex);
    free(hex);
    return der_finish(outer, what) != 0 || der_finish(r, what) != 0 ? -1 : 0;
}

/* Add the line that says whether the signature was checked, and how; pk
 * is NULL when the signer's key is not at hand (not in trust_store, when
 * the issuers are a client's trust store). */
void inspect_signature_check(struct inspect_report *out, const struct signed_facts *f,
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
 * and that its own certificate is valid now; source says where it came from. */
static void issuer_checks(struct inspect_report *out, const struct x509_cert *is,
                          const char *source, int64_t now)
{
    char shown[64];

    if (is->is_ca)
        inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "issuer is a CA?", NULL, "yes: its "
                    "certificate (%s) says CA in basicConstraints", source);
    else
        inspect_add(out, 1, NULL, INSPECT_MARK_BAD, "issuer is a CA?", "Only a CA "
                    "certificate may sign others; a client refuses a certificate signed by "
                    "any other key, however good the signature.", "no: its "
                    "certificate (%s) does not say CA in basicConstraints", source);
    x509_time_format(now, shown, sizeof shown);
    if (now < is->not_before || now > is->not_after)
        inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "issuer valid now?", "A chain holds only "
                    "while every certificate in it is valid: a client refuses this one too.",
                    "no: the issuer's certificate is %s (now is %s)",
                    now < is->not_before ? "not valid yet" : "expired", shown);
    else
        inspect_add(out, 1, NULL, INSPECT_MARK_GOOD, "issuer valid now?", NULL, "yes");
}

/* The pool's certificate that issued der (a whole certificate), found by
 * x509_find_issuer, the walk's own look-up; NULL when none did or der does
 * not decode strictly. */
static const struct x509_cert *pool_issuer(const struct inspect_pool *pool, const uint8_t *der,
                                           size_t len, size_t *index)
{
    struct x509_cert self;
    char err[X509_ERR_MAX];

    if (pool == NULL || pool->count == 0 || x509_cert_parse(der, len, &self, err,
                                                             sizeof err) != 0)
        return NULL;
    const struct x509_cert *is = x509_find_issuer(&self, pool->certs, pool->count);
    if (is != NULL)
        *index = (size_t)(is - pool->certs);
    return is;
}

void inspect_pool_add(struct inspect_pool *pool, const uint8_t *der, size_t len,
                      const char *source)
{
    struct x509_cert cert;
    struct x509_crl crl;
    char err[X509_ERR_MAX];
    uint8_t *copy = bytes_dup(der, len);

    if (x509_cert_parse(copy, len, &cert, err, sizeof err) == 0 && cert.key_is_ed25519) {
        size_t n = pool->count++;
        pool->certs = xrealloc(pool->certs, pool->count * sizeof *pool->certs);
        pool->cert_ders = xrealloc(pool->cert_ders, pool->count * sizeof *pool->cert_ders);
        pool->cert_sources = xrealloc(pool->cert_sources,
                                      pool->count * sizeof *pool->cert_sources);
        pool->certs[n] = cert;
        pool->cert_ders[n] = (struct bytes){.data = copy, .len = len, .cap = len};
        snprintf(pool->cert_sources[n], sizeof pool->cert_sources[n], "%s", source);
        return;
    }
    if (x509_crl_parse(copy, len, &crl, err, sizeof err) == 0) {
        size_t n = pool->crl_count++;
        pool->crls = xrealloc(pool->crls, pool->crl_count * sizeof *pool->crls);
        pool->crl_ders = xrealloc(pool->crl_ders, pool->crl_count * sizeof *pool->crl_ders);
        pool->crls[n] = crl;
        pool->crl_ders[n] = (struct bytes){.data = copy, .len = len, .cap = len};
        return;
    }
    free(copy);
}

void inspect_pool_free(struct inspect_pool *pool)
{
    for (size_t i = 0; i < pool->count; i++)
        bytes_free(&pool->cert_ders[i]);
    for (size_t i = 0; i < pool->crl_count; i++)
        bytes_free(&pool->crl_ders[i]);
    free(pool->certs);
    free(pool->cert_ders);
    free(pool->cert_sources);
    free(pool->crls);
    free(pool->crl_ders);
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
    if (inspect_time(&v, out, 2, "not before", NULL, &from) != 0 ||
        inspect_time(&v, out, 2, "not after", NULL, &to) != 0 ||
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

/* Warn when a self-signed certificate (out->der) is what the seeds' recipe
 * 'openssl x509 -req -signkey' makes for a server: version 1, or no host
 * in subjectAltName, and not a CA. */
static void warn_seed_recipe(struct inspect_report *out)
{
    struct x509_cert c;
    char err[X509_ERR_MAX];

    if (x509_cert_parse(out->der.data, out->der.len, &c, err, sizeof err) != 0 || c.is_ca ||
        (c.version == 3 && c.dns_count > 0))
        return;
    const char *host = c.subject_cn[0] != '\0' ? c.subject_cn : "www.example.com";
    char *note = xasprintf("It is self-signed%s and names no host in subjectAltName: what "
                           "'openssl x509 -req -signkey' makes.  Browsers look for the host "
                           "name only in subjectAltName and refuse such a certificate "
                           "outright.  A proper one: openssl req -x509 -newkey ed25519 "
                           "-nodes -keyout key.pem -out cert.pem -days 365 -subj \"/CN=%s\" "
                           "-addext \"subjectAltName=DNS:%s\" (or: tlssim files DIR "
                           "--self-signed --name %s).", c.version == 1 ? ", version 1" : "",
                           host, host, host);
    inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "fit for a server?", note, "no: browsers "
                "will refuse this for a server even if you trust it");
    free(note);
}

/* Explain Certificate; r reads the whole input. */
int inspect_explain_certificate(struct der_reader *r, const struct inspect_context *ctx,
                                struct inspect_report *out)
{
    struct der_reader outer, tbs;
    struct der_tlv body, t;
    struct signed_facts f;
    char inner_alg[DER_OID_TEXT_MAX];
    bool key_ed25519;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    const uint8_t *issuer, *subject;
    size_t issuer_len, subject_len;

    snprintf(out->kind, sizeof out->kind, "X.509 certificate");
    if (inspect_open_signed(r, "the certificate", "the signed part (TBSCertificate)", &outer, &body,
                    &tbs) != 0)
        return -1;
    inspect_add(out, 0, &body, INSPECT_MARK_NONE, "certificate", "A public key and a name, "
                "bound together by the issuer's signature.  Public: a server hands its "
                "certificate to every client; a root CA's reaches clients through their "
                "trust stores instead.", "X.509");
    if (explain_version(&tbs, out) != 0 || explain_serial(&tbs, out) != 0 ||
        inspect_signature_algorithm(&tbs, out, "signature algorithm (signed copy)", "Repeated "
                                    "inside the signed part, so that nobody can swap the "
                                    "algorithm.", inner_alg) != 0)
        return -1;
    if (inspect_name(&tbs, out, 1, "issuer", "Who vouches for the certificate and signed "
                     "it: the CA, or the subject itself when self-signed.", &issuer,
                     &issuer_len) != 0 ||
        explain_validity(&tbs, out, ctx->now) != 0 ||
        inspect_name(&tbs, out, 1, "subject", "Who the certificate is about.  Browsers look "
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
    if (inspect_explicit_extensions(&tbs, 3, out) != 0 ||
        der_finish(&tbs, "the TBSCertificate") != 0)
        return -1;
    if (inspect_read_signature(r, &outer, &body, "the certificate", out, &f) != 0)
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
        inspect_signature_check(out, &f, key_ed25519 ? pk : NULL, "the certificate itself",
                                false);
        warn_seed_recipe(out);
    } else {
        size_t at = 0;
        const struct x509_cert *is = pool_issuer(ctx->pool, out->der.data, out->der.len, &at);
        const char *source = is ? ctx->pool->cert_sources[at] : "";
        char *who = is ? xasprintf("%s (%s)", is->subject, source) : NULL;
        inspect_signature_check(out, &f, is ? is->public_key : NULL, who,
                        ctx->pool != NULL && ctx->pool_is_trust_store);
        if (is != NULL)
            issuer_checks(out, is, source, ctx->now);
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
            der_read_oid(&attr, "the attribute type", &oid, oid_text) != 0 ||
            der_expect(&attr, DER_CLASS_UNIVERSAL, true, DER_TAG_SET, "the attribute values",
                       &set) != 0 ||
            der_finish(&attr, "an attribute") != 0 || der_enter(&attr, &set, &values) != 0)
            return -1;
        if (strcmp(oid_text, OID_EXTENSION_REQUEST) == 0) {
            inspect_add(out, 2, &oid, INSPECT_MARK_NONE, "extensionRequest", NULL,
                        "the extensions the requester would like in the certificate");
            if (inspect_extensions(&values, out, 2) != 0 ||
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
int inspect_explain_request(struct der_reader *r, struct inspect_report *out)
{
    struct der_reader outer, info;
    struct der_tlv body;
    struct signed_facts f;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    bool key_ed25519;
    const uint8_t *name;
    size_t name_len;

    snprintf(out->kind, sizeof out->kind, "PKCS#10 certificate signing request");
    if (inspect_open_signed(r, "the signing request", "the signed part (CertificationRequestInfo)",
                    &outer, &body, &info) != 0)
        return -1;
    inspect_add(out, 0, &body, INSPECT_MARK_NONE, "signing request", "What a server sends a "
                "CA to ask for a certificate: its name and public key, signed with its "
                "private key.  Public: it holds no secret.", "PKCS#10 (CSR)");
    if (inspect_integer(&info, out, 1, "the version", "version", INSPECT_MARK_NONE,
                        "Always 0, which means version 1.", NULL, NULL) != 0 ||
        inspect_name(&info, out, 1, "subject", "The name the requester wants in the "
                     "certificate.", &name, &name_len) != 0 ||
        inspect_public_key_info(&info, out, 1, &key_ed25519, pk) != 0 ||
        explain_attributes(&info, out) != 0 || der_finish(&info, "the request info") != 0)
        return -1;
    if (inspect_read_signature(r, &outer, &body, "the signing request", out, &f) != 0)
        return -1;
    inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "proof of possession", "The request is "
                "signed with the private key that belongs to the public key inside it: the "
                "CA checks this to know the requester holds that key.", "signed by its own "
                "key");
    inspect_signature_check(out, &f, key_ed25519 ? pk : NULL, "the request itself", false);
    return 0;
}

/* Explain a bare SubjectPublicKeyInfo ("PUBLIC KEY"). */
int inspect_explain_public_key(struct der_reader *r, struct inspect_report *out)
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
