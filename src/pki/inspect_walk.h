/*
 * inspect_walk.h - the explainer's own parts, shared inside the inspect
 * module and not for use outside it.  inspect_walk.c owns the lines and
 * the fields every object shares; inspect_ext.c the extensions;
 * inspect_cert.c certificates, requests and public keys; inspect_key.c and
 * inspect_legacy.c private keys; inspect.c recognises an object and calls
 * the part for its kind.  Calls go one way: inspect.c -> the parts ->
 * inspect_walk.c.
 */
#ifndef TLSSIM_INSPECT_WALK_H
#define TLSSIM_INSPECT_WALK_H

#include "pki/der.h"
#include "pki/inspect.h"

#define HEX_SHOWN 16           /* bytes of a long value shown in a line */

/* Add a line to out; t gives its span (or NULL), note may be NULL. */
void inspect_add(struct inspect_report *out, int depth, const struct der_tlv *t,
                 enum inspect_mark mark, const char *label, const char *note, const char *fmt,
                 ...) __attribute__((format(printf, 7, 8)));

/* Read an INTEGER and add a line for it: small values in decimal, large
 * ones as shortened hex with their size in bits; mag/mag_len (may be NULL)
 * get its magnitude. */
int inspect_integer(struct der_reader *r, struct inspect_report *out, int depth,
                    const char *what, const char *label, enum inspect_mark mark,
                    const char *note, const uint8_t **mag, size_t *mag_len) CRYPT_WARN_UNUSED;

/* Read an AlgorithmIdentifier: oid gets its dotted OID; params its
 * parameters when *has_params. */
int inspect_algorithm(struct der_reader *r, const char *what, struct der_tlv *whole,
                      char oid[DER_OID_TEXT_MAX], struct der_tlv *params, bool *has_params)
    CRYPT_WARN_UNUSED;

/* Append item to the comma-separated list in text (used bytes so far);
 * what does not fit is left out. */
void inspect_list_append(char *text, size_t size, size_t *used, const char *item);

/* Add a line naming the algorithm oid and what it means. */
void inspect_algorithm_line(struct inspect_report *out, int depth, const struct der_tlv *t,
                            const char *label, const char *oid, const char *note);

/* Explain a Name (issuer or subject) at depth; der/der_len get its encoding. */
int inspect_name(struct der_reader *r, struct inspect_report *out, int depth,
                 const char *label, const char *note, const uint8_t **der, size_t *der_len)
    CRYPT_WARN_UNUSED;

/* Explain a UTCTime or GeneralizedTime; t gets the moment. */
int inspect_time(struct der_reader *r, struct inspect_report *out, int depth,
                 const char *label, const char *note, int64_t *t) CRYPT_WARN_UNUSED;

/* Explain SEQUENCE OF Extension at depth. */
int inspect_extensions(struct der_reader *r, struct inspect_report *out, int depth)
    CRYPT_WARN_UNUSED;

/* Explain the extensions that [tag] EXPLICIT holds (a certificate's [3], a
 * revocation list's [0]) at depth 1, when r has them next. */
int inspect_explicit_extensions(struct der_reader *r, uint32_t tag, struct inspect_report *out)
    CRYPT_WARN_UNUSED;

/* Explain a whole object of each public kind; r reads the whole input. */
int inspect_explain_certificate(struct der_reader *r, const struct inspect_context *ctx,
                                struct inspect_report *out) CRYPT_WARN_UNUSED;
int inspect_explain_request(struct der_reader *r, struct inspect_report *out)
    CRYPT_WARN_UNUSED;
int inspect_explain_public_key(struct der_reader *r, struct inspect_report *out)
    CRYPT_WARN_UNUSED;

/* What a signed object tells the signature check. */
struct signed_facts {
    const uint8_t *body;        /* the signed bytes: TBSCertificate or request info */
    size_t body_len;
    char alg[DER_OID_TEXT_MAX]; /* the outer signature algorithm */
    const uint8_t *sig;
    size_t sig_len;
    struct der_tlv sig_tlv;
};

/* Enter a signed object SEQUENCE { body, algorithm, signature }: outer
 * reads its parts, body is the signed part's TLV, inner reads inside it. */
int inspect_open_signed(struct der_reader *r, const char *what, const char *body_what,
                        struct der_reader *outer, struct der_tlv *body, struct der_reader *inner)
    CRYPT_WARN_UNUSED;

/* Read a signature AlgorithmIdentifier from r and add its line (label,
 * note) at depth 1; oid gets its dotted OID. */
int inspect_signature_algorithm(struct der_reader *r, struct inspect_report *out,
                                const char *label, const char *note,
                                char oid[DER_OID_TEXT_MAX]) CRYPT_WARN_UNUSED;

/* Finish a signed object that inspect_open_signed() entered from r: note
 * its signed part body in f, read and explain the outer algorithm and
 * signature BIT STRING into f, and check that outer and r end there (what
 * names the object, "the certificate", in errors). */
int inspect_read_signature(struct der_reader *r, struct der_reader *outer,
                           const struct der_tlv *body, const char *what,
                           struct inspect_report *out, struct signed_facts *f)
    CRYPT_WARN_UNUSED;

/* Add the line that says whether f's signature was checked, and how; pk is
 * NULL when the signer's key is not at hand (not in the trust store, when
 * trust_store says the issuers are a client's). */
void inspect_signature_check(struct inspect_report *out, const struct signed_facts *f,
                             const uint8_t *pk, const char *signer, bool trust_store);

/* Explain a certificate revocation list; r reads the whole input. */
int inspect_explain_crl(struct der_reader *r, const struct inspect_context *ctx,
                        struct inspect_report *out) CRYPT_WARN_UNUSED;

/* The number of significant bits in a big-endian magnitude. */
size_t inspect_bit_length(const uint8_t *mag, size_t len);

/* Explain a SubjectPublicKeyInfo at depth; when the key is Ed25519, pk gets
 * it and *is_ed25519 is set. */
int inspect_public_key_info(struct der_reader *r, struct inspect_report *out, int depth,
                            bool *is_ed25519, uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
    CRYPT_WARN_UNUSED;

/* Explain a whole private-key object of each kind; r reads the whole input. */
int inspect_pkcs8(struct der_reader *r, struct inspect_report *out) CRYPT_WARN_UNUSED;
int inspect_encrypted_pkcs8(struct der_reader *r, struct inspect_report *out)
    CRYPT_WARN_UNUSED;
int inspect_rsa_private(struct der_reader *r, struct inspect_report *out, int depth)
    CRYPT_WARN_UNUSED;
int inspect_ec_private(struct der_reader *r, struct inspect_report *out, int depth,
                       const char *curve_oid) CRYPT_WARN_UNUSED;

/* Explain a traditional key block locked with the legacy PEM encryption
 * (its Proc-Type and DEK-Info headers); 0, or -1 with err at offset 0. */
int inspect_legacy_encrypted(const struct pem_block *blk, struct inspect_report *out,
                             struct der_error *err) CRYPT_WARN_UNUSED;

/* Explain an RSA public key SEQUENCE { n, e } at depth. */
int inspect_rsa_public(struct der_reader *r, struct inspect_report *out, int depth)
    CRYPT_WARN_UNUSED;

/* Explain a named curve OID (EC PARAMETERS, or a key's parameters). */
int inspect_curve(struct der_reader *r, struct inspect_report *out, int depth,
                  char oid[DER_OID_TEXT_MAX]) CRYPT_WARN_UNUSED;

#endif
