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
