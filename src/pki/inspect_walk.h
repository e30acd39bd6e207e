/*
 * inspect_walk.h - the explainer's own helpers, shared by inspect.c (files,
 * certificates, requests, public keys) and inspect_key.c (private keys).
 * Not for use outside the inspect module.
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
