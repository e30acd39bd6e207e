/*
 * x509_local.h - what the x509 files (write, read, verify, crl) share and
 * nobody else uses.
 */
#ifndef TLSSIM_X509_LOCAL_H
#define TLSSIM_X509_LOCAL_H

#include "base/crypt.h"
#include "pki/der.h"
#include "pki/x509.h"

#include <stdbool.h>
#include <stddef.h>

/* Append s to the text in buf (holding used bytes), keeping it terminated;
 * false when it does not fit. */
bool x509_text_add(char *buf, size_t buflen, size_t *used, const char *s);

/* What the outer shell of a signed structure holds. */
struct signed_shell {
    struct der_tlv body;        /* TBSCertificate or CertificationRequestInfo */
    struct der_tlv algorithm;   /* the outer signatureAlgorithm, whole */
    bool sig_is_ed25519;
    uint8_t signature[CRYPT_SIGN_BYTES];
};

/* The whole encoding of t, header and content, as a pointer and a length. */
void x509_tlv_span(const struct der_tlv *t, const uint8_t **p, size_t *len);

/* Copy the reader's error into err for the caller; returns -1. */
int x509_report(const struct der_error *e, char *err, size_t errlen);

/* Read an AlgorithmIdentifier; whole gets its TLV, is_ed25519 whether it is
 * id-Ed25519 with parameters absent as RFC 8410 requires. */
int x509_read_algorithm(struct der_reader *r, const char *what, struct der_tlv *whole,
                        bool *is_ed25519) CRYPT_WARN_UNUSED;

/* The reading of one signed object: certificate, request or CRL. */
struct signed_reader {
    struct der_error err;       /* what went wrong, for x509_report() */
    struct der_reader top;
    struct der_reader body;     /* inside the signed part, once opened */
    struct signed_shell shell;
};

/* Start reading der as a signed object SEQUENCE { body, algorithm,
 * signature } called what, with nothing after it: the shell is read and
 * the body entered; 0, or -1 with the error in sr->err. */
int x509_open_signed(struct signed_reader *sr, const uint8_t *der, size_t len, const char *what)
    CRYPT_WARN_UNUSED;

/* What an opened signed object gives the structure decoded from it: the
 * span of the signed part and the signature. */
void x509_signed_parts(const struct signed_reader *sr, const uint8_t **signed_part,
                       size_t *signed_len, bool *sig_is_ed25519,
                       uint8_t signature[CRYPT_SIGN_BYTES]);

/* Read a Name; der gets its whole encoding, text the RFC 4514 form (most
 * specific first), cn its first common name. */
int x509_read_name(struct der_reader *r, const char *what, const uint8_t **der,
                   size_t *der_len, char text[X509_TEXT_MAX], char cn[X509_TEXT_MAX])
    CRYPT_WARN_UNUSED;

#endif
