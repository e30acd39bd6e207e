/*
 * x509.h - certificates, signing requests and private keys as real DER.
 *
 * Owns the encoding of X.509 v3 certificates (RFC 5280), PKCS#10 signing
 * requests (RFC 2986) and PKCS#8 private keys, all with Ed25519 (RFC 8410);
 * the strict decoding of certificates and CSRs; and the checks a TLS client
 * makes on a server certificate.  Signing and verifying go through crypt.h.
 */
#ifndef TLSSIM_X509_H
#define TLSSIM_X509_H

#include "base/bytes.h"
#include "base/crypt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define X509_SERIAL_BYTES 16
#define X509_SERIAL_MAX 20
#define X509_TEXT_MAX 256
#define X509_DNS_MAX 8
#define X509_ERR_MAX 256
#define X509_KEYID_BYTES 20     /* the key identifiers tlssim writes */
#define X509_KEYID_MAX 32       /* the longest key identifier a parsed certificate may carry */

/* keyUsage bits: bit n is named bit n of RFC 5280's KeyUsage. */
#define X509_KU_DIGITAL_SIGNATURE (1u << 0)
#define X509_KU_NON_REPUDIATION (1u << 1)
#define X509_KU_KEY_ENCIPHERMENT (1u << 2)
#define X509_KU_KEY_AGREEMENT (1u << 4)
#define X509_KU_KEY_CERT_SIGN (1u << 5)
#define X509_KU_CRL_SIGN (1u << 6)

/* What a certificate says, as the issuer signs it. */
struct x509_cert_spec {
    const char *subject_cn;     /* common name, e.g. "www.example.com" */
    const char *subject_org;    /* organisation, or NULL */
    const char *issuer_cn;
    const char *issuer_org;     /* or NULL */
    const char *dns_name;       /* subjectAltName dNSName, or NULL (a CA has none) */
    bool is_ca;                 /* basicConstraints cA, keyCertSign */
    bool has_path_len;          /* a CA's pathLenConstraint is written */
    unsigned path_len;          /* how many CAs may stand below this one */
    bool server_auth;           /* extKeyUsage serverAuth: for a TLS server only */
    uint8_t serial[X509_SERIAL_BYTES];
    int64_t not_before;         /* Unix seconds, UTC */
    int64_t not_after;
    uint8_t subject_pk[CRYPT_SIGN_PUBLICKEYBYTES];  /* Ed25519 */
    uint8_t issuer_pk[CRYPT_SIGN_PUBLICKEYBYTES];   /* for the authority key id */
};

/* Encode and sign spec with the issuer's secret key into out (DER); 0 or -1. */
int x509_cert_issue(const struct x509_cert_spec *spec,
                    const uint8_t issuer_sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Issue spec as the self-signed certificate of the keypair (pk, sk): a fresh
 * random serial, pk as both subject and issuer key; 0 or -1. */
int x509_cert_self_issue(struct x509_cert_spec *spec,
                         const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                         const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
    CRYPT_WARN_UNUSED;

/* A decoded certificate; pointers point into the DER it was parsed from. */
struct x509_cert {
    const uint8_t *der;
    size_t der_len;
    const uint8_t *tbs;         /* the signed part, TBSCertificate */
    size_t tbs_len;
    int version;                /* 1, 2 or 3 */
    uint8_t serial[X509_SERIAL_MAX];
    size_t serial_len;
    const uint8_t *issuer_der;  /* the issuer Name, as encoded */
    size_t issuer_der_len;
    const uint8_t *subject_der;
    size_t subject_der_len;
    char issuer[X509_TEXT_MAX];  /* "CN=..., O=..." */
    char subject[X509_TEXT_MAX];
    int64_t not_before;
    int64_t not_after;
    bool key_is_ed25519;
    uint8_t public_key[CRYPT_SIGN_PUBLICKEYBYTES];
    char dns_names[X509_DNS_MAX][X509_TEXT_MAX];
    size_t dns_count;
    bool is_ca;
    bool has_path_len;               /* basicConstraints carries pathLenConstraint */
    uint64_t path_len;
    bool has_ext_key_usage;          /* extKeyUsage is present */
    bool server_auth;                /* it lists serverAuth or anyExtendedKeyUsage */
    bool sig_is_ed25519;
    uint8_t signature[CRYPT_SIGN_BYTES];
    char issuer_cn[X509_TEXT_MAX];   /* the issuer's common name, or "" */
    char subject_cn[X509_TEXT_MAX];
    bool has_key_usage;
    uint32_t key_usage;              /* X509_KU_* bits */
    uint8_t subject_key_id[X509_KEYID_MAX];
    size_t subject_key_id_len;       /* 0 when absent */
    uint8_t authority_key_id[X509_KEYID_MAX];
    size_t authority_key_id_len;     /* 0 when absent */
};

/* Decode a DER certificate strictly; on error fill err and return -1. */
int x509_cert_parse(const uint8_t *der, size_t len, struct x509_cert *out, char *err,
                    size_t errlen) CRYPT_WARN_UNUSED;

/* The checks a client makes on a server certificate, in the order it makes them. */
enum x509_check_id {
    X509_CHECK_ISSUER,     /* issued by a CA in the trust store (not self-signed) */
    X509_CHECK_SIGNATURE,  /* the CA's signature over the TBSCertificate verifies */
    X509_CHECK_NAME,       /* the host name asked for is in subjectAltName */
    X509_CHECK_VALIDITY,   /* now lies within notBefore..notAfter */
    X509_CHECK_COUNT
};

struct x509_check {
    bool ok;
    bool checked;                /* false when it could not be made (ok is then false) */
    const char *code;            /* why it failed, e.g. "self_signed"; NULL when it passed */
    char detail[X509_TEXT_MAX];  /* one plain sentence for a student */
};

/* Run every check on cert against the trust store, host and clock; fill
 * checks[] and return true only when all of them pass. */
bool x509_cert_validate(const struct x509_cert *cert, const struct x509_cert *trusted,
                        size_t trusted_count, const char *host, int64_t now,
                        struct x509_check checks[X509_CHECK_COUNT]);

/* The short name of a check, e.g. "issuer trusted". */
const char *x509_check_name(enum x509_check_id id);

/* Certificate revocation lists (RFC 5280, section 5). */
#define X509_CRL_REVOKED_MAX 64  /* revoked certificates one list may name */

/* What a revocation list says, as its issuer signs it. */
struct x509_crl_spec {
    const char *issuer_cn;
    const char *issuer_org;     /* or NULL */
    uint8_t issuer_pk[CRYPT_SIGN_PUBLICKEYBYTES];   /* for the authority key id */
    int64_t this_update;        /* when the list was made */
    int64_t next_update;        /* when the next one is due: a client refuses it after */
    uint64_t number;            /* cRLNumber: grows with each list */
    size_t revoked_count;
    struct {
        uint8_t serial[X509_SERIAL_BYTES];
        int64_t date;           /* revocationDate */
    } revoked[X509_CRL_REVOKED_MAX];
};

/* Encode a v2 CRL and sign it with the issuer's secret key; 0 or -1. */
int x509_crl_issue(const struct x509_crl_spec *spec,
                   const uint8_t issuer_sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
    CRYPT_WARN_UNUSED;

/* One revoked certificate, as a decoded list names it. */
struct x509_crl_entry {
    uint8_t serial[X509_SERIAL_MAX];    /* the magnitude, as x509_cert keeps it */
    size_t serial_len;
    int64_t date;
};

/* A decoded revocation list; pointers point into the DER it was parsed from. */
struct x509_crl {
    const uint8_t *der;
    size_t der_len;
    const uint8_t *tbs;         /* the signed part, TBSCertList */
    size_t tbs_len;
    int version;                /* 1 or 2 */
    const uint8_t *issuer_der;
    size_t issuer_der_len;
    char issuer[X509_TEXT_MAX];
    char issuer_cn[X509_TEXT_MAX];
    int64_t this_update;
    bool has_next_update;
    int64_t next_update;
    struct x509_crl_entry revoked[X509_CRL_REVOKED_MAX];
    size_t revoked_count;
    bool has_number;
    uint64_t number;
    bool sig_is_ed25519;
    uint8_t signature[CRYPT_SIGN_BYTES];
};

/* Decode a DER revocation list strictly; on error fill err and return -1. */
int x509_crl_parse(const uint8_t *der, size_t len, struct x509_crl *out, char *err,
                   size_t errlen) CRYPT_WARN_UNUSED;

/* The entry of crl that names cert's serial, or NULL when it is not revoked. */
const struct x509_crl_entry *x509_crl_find(const struct x509_crl *crl,
                                           const struct x509_cert *cert);

/* True when issuer's key verifies cert's Ed25519 signature. */
bool x509_signed_by(const struct x509_cert *cert, const struct x509_cert *issuer);

/* Of the candidates whose subject is cert's issuer, the one whose key made
 * cert's signature, else the first of them; NULL when none has that name. */
const struct x509_cert *x509_find_issuer(const struct x509_cert *cert,
                                         const struct x509_cert *candidates, size_t count);

/* Of the candidates whose subject is the CRL's issuer, the one whose key
 * signed it, else the first of them; NULL when none has that name. */
const struct x509_cert *x509_crl_find_issuer(const struct x509_crl *crl,
                                             const struct x509_cert *candidates, size_t count);

/* Path validation: from a server's certificate, through the intermediates
 * it sent, to a root in the client's trust store (RFC 5280, section 6, as
 * far as a TLS client needs it).  The checks, in the order they are made;
 * the first that fails ends the validation. */
#define X509_PATH_MAX 8   /* certificates in one path, leaf and root included */

enum x509_path_check_id {
    X509_PATH_CHAIN,              /* a path to a trusted root can be built */
    X509_PATH_SIGNATURE,          /* each certificate's issuer signed it */
    X509_PATH_VALIDITY,           /* now lies inside each validity period */
    X509_PATH_BASIC_CONSTRAINTS,  /* every issuer is a CA; pathLen holds */
    X509_PATH_KEY_USAGE,          /* issuers may sign certificates; the leaf serves TLS */
    X509_PATH_NAME,               /* the leaf names the host asked for */
    X509_PATH_REVOCATION,         /* no certificate is on its issuer's CRL */
    X509_PATH_CHECK_COUNT
};

/* What path validation is given. */
struct x509_path_input {
    const struct x509_cert *leaf;
    const struct x509_cert *sent;       /* the other certificates the server sent */
    size_t sent_count;
    const struct x509_cert *trusted;    /* the client's trust store */
    size_t trusted_count;
    const struct x509_crl *crls;        /* revocation lists at hand (may be none) */
    size_t crl_count;
    const char *host;
    int64_t now;
};

/* What it found: the path and each check made. */
struct x509_path {
    const struct x509_cert *certs[X509_PATH_MAX];  /* leaf first, trusted root last */
    size_t count;
    struct x509_check checks[X509_PATH_CHECK_COUNT];
    size_t checks_made;         /* checks[0..checks_made) were made */
    bool valid;                 /* every check passed */
    bool link_verified[X509_PATH_MAX];  /* certs[i]'s signature already verified with
                                           certs[i + 1]'s key while the path was built */
};

/* Build and check the path; fill out and return out->valid. */
bool x509_path_validate(const struct x509_path_input *in, struct x509_path *out);

/* The stable id of a path check, e.g. "cert.chain", and its short name. */
const char *x509_path_check_id(enum x509_path_check_id id);
const char *x509_path_check_name(enum x509_path_check_id id);

/* What a signing request asks for. */
struct x509_csr_spec {
    const char *subject_cn;
    const char *subject_org;     /* or NULL */
    const char *dns_name;        /* requested subjectAltName, or NULL */
    uint8_t public_key[CRYPT_SIGN_PUBLICKEYBYTES];
};

/* Encode a PKCS#10 request and sign it with the subject's own key; 0 or -1. */
int x509_csr_build(const struct x509_csr_spec *spec,
                   const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
    CRYPT_WARN_UNUSED;

/* A decoded signing request; pointers point into its DER. */
struct x509_csr {
    const uint8_t *der;
    size_t der_len;
    const uint8_t *info;        /* CertificationRequestInfo, the signed part */
    size_t info_len;
    char subject[X509_TEXT_MAX];
    char subject_cn[X509_TEXT_MAX];
    bool key_is_ed25519;
    uint8_t public_key[CRYPT_SIGN_PUBLICKEYBYTES];
    char dns_names[X509_DNS_MAX][X509_TEXT_MAX];
    size_t dns_count;
    bool sig_is_ed25519;
    uint8_t signature[CRYPT_SIGN_BYTES];
};

/* Decode a DER signing request strictly; on error fill err and return -1. */
int x509_csr_parse(const uint8_t *der, size_t len, struct x509_csr *out, char *err,
                   size_t errlen) CRYPT_WARN_UNUSED;

/* True when the request is signed by the key it carries (proof of possession). */
bool x509_csr_verify(const struct x509_csr *csr) CRYPT_WARN_UNUSED;

/* Encode an Ed25519 secret key as PKCS#8 PrivateKeyInfo (RFC 8410); 0 or -1. */
int x509_pkcs8_ed25519(const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *out)
    CRYPT_WARN_UNUSED;

/* Decode a PKCS#8 Ed25519 private key and rebuild its keypair from the seed;
 * on error fill err and return -1 (nothing secret is left behind). */
int x509_pkcs8_ed25519_parse(const uint8_t *der, size_t len,
                             uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                             uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

/* The key identifier tlssim gives an Ed25519 key: the leftmost 160 bits of
 * the SHA-256 of the key (RFC 7093, method 1). */
void x509_key_id(uint8_t id[X509_KEYID_BYTES], const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES]);

/* True when host matches the dNSName pattern: equal ignoring case, or a
 * leading "*." standing for exactly one label. */
bool x509_name_matches(const char *pattern, const char *host);

/* Wrap DER in PEM armour with the given label ("CERTIFICATE", ...), appending to out. */
void x509_pem_encode(const char *label, const uint8_t *der, size_t len, struct bytes *out);

/* Format Unix seconds as "2026-01-01 00:00:00 UTC" into buf. */
void x509_time_format(int64_t t, char *buf, size_t buflen);

#endif
