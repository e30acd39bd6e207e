/*
 * inspect.h - the field-by-field explainer of certificates, signing
 * requests and keys.
 *
 * Owns reading any such file (PEM with one or many blocks, or DER), walking
 * its DER strictly, and turning every field into an explained line: what the
 * value is, what it means and why it is there, and where its bytes are.  It
 * checks Ed25519 signatures itself and says plainly when it cannot check
 * one (RSA, ECDSA).  It prints nothing: views print the lines.
 */
#ifndef TLSSIM_INSPECT_H
#define TLSSIM_INSPECT_H

#include "base/bytes.h"
#include "base/crypt.h"
#include "pki/der.h"
#include "pki/pem.h"
#include "pki/x509.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INSPECT_KIND_MAX 96

/* How a line should catch the eye. */
enum inspect_mark {
    INSPECT_MARK_NONE,
    INSPECT_MARK_SECRET,      /* a private value: its owner alone may see it */
    INSPECT_MARK_GOOD,        /* a check that passed */
    INSPECT_MARK_BAD,         /* a check that failed */
    INSPECT_MARK_UNCHECKED,   /* a check tlssim cannot make */
    INSPECT_MARK_WARN,        /* worth a second look (expired, old algorithm) */
};

/* One explained field. */
struct inspect_line {
    int depth;                /* 0: the object, 1: a field, 2: a part of a field */
    char *label;              /* e.g. "serial number" */
    char *text;               /* the value as shown, e.g. "2048 bits" */
    char *note;               /* what it means and why it is there, or NULL */
    enum inspect_mark mark;
    bool has_span;            /* offset..len below are meaningful */
    size_t offset;            /* of the field's TLV in the object's DER */
    size_t header_len;        /* its tag and length bytes */
    size_t len;               /* its content bytes */
};

/* Everything said about one object (a certificate, a key, ...). */
struct inspect_report {
    char kind[INSPECT_KIND_MAX];  /* e.g. "X.509 certificate" */
    bool secret;                  /* the object holds a private key */
    struct inspect_line *lines;
    size_t count, cap;
    struct bytes der;             /* a copy of the object, for views that show bytes */
};

#define INSPECT_SOURCE_MAX 128

/* The certificates and revocation lists given together: signatures are
 * checked against them and chains are built from them.  Each parsed object
 * points into its own copy of the DER, which the pool owns. */
struct inspect_pool {
    struct x509_cert *certs;                    /* Ed25519 certificates */
    struct bytes *cert_ders;
    char (*cert_sources)[INSPECT_SOURCE_MAX];   /* where each came from, e.g. "ca.crt" */
    size_t count;
    struct x509_crl *crls;
    struct bytes *crl_ders;
    size_t crl_count;
};

/* What explaining needs besides the bytes. */
struct inspect_context {
    int64_t now;                          /* for "valid now?" */
    const struct inspect_pool *pool;      /* issuers to check against, or NULL */
    bool pool_is_trust_store;             /* a client's trust store, not files given */
};

/* The objects of one file: PEM blocks, or one DER object (label ""). */
struct inspect_file {
    struct pem_block *blocks;
    size_t count;
    bool is_pem;
};

/* Where a file could not be read: a PEM text position or a DER offset. */
struct inspect_error {
    bool in_text;                 /* line/column are set, not offset */
    size_t line, column;
    size_t offset;
    char message[DER_ERR_MAX + PEM_ERR_MAX];
};

/* Split a file's bytes into objects: PEM text (every block) or binary DER;
 * 0, or -1 with err (an empty file, bad PEM, neither PEM nor DER). */
int inspect_split(const uint8_t *data, size_t len, struct inspect_file *out,
                  struct inspect_error *err) CRYPT_WARN_UNUSED;

/* Free (and wipe) the objects of a file. */
void inspect_file_free(struct inspect_file *f);

/* Add der to the pool when it is a certificate with an Ed25519 key or a
 * revocation list; anything else is skipped quietly (it can sign nothing
 * tlssim can check). */
void inspect_pool_add(struct inspect_pool *pool, const uint8_t *der, size_t len,
                      const char *source);

/* Free the pool's certificates and lists. */
void inspect_pool_free(struct inspect_pool *pool);

/* Explain one PEM block: its DER object, or a key locked with the legacy
 * PEM encryption, whose headers say so; as inspect_der otherwise. */
int inspect_pem_block(const struct pem_block *blk, const struct inspect_context *ctx,
                      struct inspect_report *out, struct der_error *err) CRYPT_WARN_UNUSED;

/* Explain one DER object; label is its PEM label, or "" to recognise it by
 * its structure; 0, or -1 with err (the lines made before the fault stay). */
int inspect_der(const uint8_t *der, size_t len, const char *label,
                const struct inspect_context *ctx, struct inspect_report *out,
                struct der_error *err) CRYPT_WARN_UNUSED;

/* Explain a DER certificate, such as the one a server sends in stage 3, into
 * lines without printing; 0, or -1 with a sentence in err. */
int inspect_certificate(const uint8_t *der, size_t len, const struct inspect_context *ctx,
                        struct inspect_report *out, char *err, size_t errlen)
    CRYPT_WARN_UNUSED;

/* Summarise the certificates of file f (named path) as a chain: which
 * block signs which, their order, and the client's path check against the
 * roots the pool holds from other files; 0 when it holds, 1 when a check
 * failed, -1 when f holds fewer than two certificates (out is then empty). */
int inspect_chain(const struct inspect_file *f, const char *path,
                  const struct inspect_context *ctx, struct inspect_report *out);

/* Free (and wipe) a report. */
void inspect_report_free(struct inspect_report *r);

/* Shorten len bytes to hex for a line: all of them when few, else the first
 * and last few; caller frees. */
char *inspect_hex_short(const uint8_t *p, size_t len, size_t max_shown);

#endif
