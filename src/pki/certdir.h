/*
 * certdir.h - the files of the openssl recipe: a CA key and certificate, a
 * server key, its signing request and its certificate (or the one-step
 * self-signed key.pem and cert.pem), with a README that explains them.
 *
 * With --chain the set is the real-world one: an offline root, an
 * intermediate that issues the server's certificate, fullchain.pem and a
 * revocation list.
 *
 * Owns making that set in memory as standard PEM (what `tlssim files`
 * writes) and loading a set back from a directory for a walkthrough, with
 * every check that the files belong together.  It does no writing itself.
 */
#ifndef TLSSIM_CERTDIR_H
#define TLSSIM_CERTDIR_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "pki/x509.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CERTDIR_CA_NAME "tlssim Demo Root CA"
#define CERTDIR_INTER_NAME "tlssim Demo Intermediate CA"
#define CERTDIR_ORG "tlssim classroom"
#define CERTDIR_FILES_MAX 10
#define CERTDIR_ERR_MAX 768

#define CERTDIR_DAY INT64_C(86400)
#define CERTDIR_CA_DAYS 3650      /* the CA certificate: ten years */
#define CERTDIR_INTER_DAYS 1825   /* an intermediate: five years */
#define CERTDIR_SERVER_DAYS 365   /* the server certificate: one year */
#define CERTDIR_CRL_DAYS 30       /* a revocation list: replaced within a month */

/* The names of the files, as the openssl recipes call them. */
#define CERTDIR_CA_KEY "ca.key"
#define CERTDIR_CA_CERT "ca.crt"
#define CERTDIR_SERVER_KEY "private.key"
#define CERTDIR_CSR "csr.pem"
#define CERTDIR_SERVER_CERT "certificate.crt"
#define CERTDIR_INTER_KEY "intermediate.key"
#define CERTDIR_INTER_CERT "intermediate.crt"
#define CERTDIR_FULLCHAIN "fullchain.pem"
#define CERTDIR_CRL "crl.pem"
#define CERTDIR_SELF_KEY "key.pem"
#define CERTDIR_SELF_CERT "cert.pem"
#define CERTDIR_README "README.txt"

/* What to make. */
struct certdir_spec {
    const char *host;       /* the server's DNS name, e.g. "www.example.com" */
    int64_t now;            /* the clock the validity periods start from */
    bool self_signed;       /* key.pem + cert.pem instead of the CA set */
    bool chain;             /* a root, an intermediate that issues, a CRL */
    bool seeded;            /* keys from a number: reproducible, NOT secure */
    uint64_t seed;
};

/* One file of the set, in memory. */
struct certdir_file {
    const char *name;       /* e.g. "private.key" */
    const char *summary;    /* one line on what it is */
    bool secret;            /* a private key: its owner alone may read it */
    struct bytes text;      /* the whole file, PEM or plain text */
};

struct certdir_set {
    struct certdir_file files[CERTDIR_FILES_MAX];
    size_t count;
};

/* Make the keys from the current random stream, then every file of the set
 * (the README last); 0, or -1 with err. */
int certdir_make(const struct certdir_spec *spec, struct certdir_set *out, char *err,
                 size_t errlen) CRYPT_WARN_UNUSED;

/* Wipe and free every file of the set. */
void certdir_set_free(struct certdir_set *set);

/* Append the README that explains the set spec describes to out. */
void certdir_readme(const struct certdir_spec *spec, struct bytes *out);

/* A set loaded back from a directory, ready for the engine's stage 1. */
struct certdir {
    uint8_t ca_pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t ca_sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes ca_cert;                   /* ca.crt as DER: the trust store */
    uint8_t server_pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t server_sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes server_cert;               /* certificate.crt as DER */
    char host[X509_TEXT_MAX];               /* the certificate's first DNS name */
    bool self_signed;                       /* key.pem and cert.pem: no CA at all */
    bool chain;                             /* a --chain set: the two below are loaded */
    struct bytes inter_cert;                /* intermediate.crt as DER */
    struct bytes crl;                       /* crl.pem as DER */
};

/* Load ca.key, ca.crt, private.key and certificate.crt from dir and check
 * that they belong together (each key matches its certificate, the CA's key
 * signed both certificates); when dir holds intermediate.crt (a --chain
 * set), load it and crl.pem too and check that the root signed the
 * intermediate, and the intermediate the server's certificate and the CRL;
 * or, from a directory with key.pem and no ca.key, the self-signed pair (the
 * key signed its own certificate; the CA fields stay empty and self_signed
 * is set).  0, or -1 with err naming the file and the fault, leaving nothing
 * secret behind. */
int certdir_load(const char *dir, struct certdir *out, char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

/* Wipe the keys and free the certificates; safe on a zeroed struct. */
void certdir_free(struct certdir *cd);

#endif
