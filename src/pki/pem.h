/*
 * pem.h - Base64 and PEM armour (RFC 4648, RFC 7468).
 *
 * Owns the text form of DER: a strict Base64 codec of our own, PEM armour
 * with 64-column lines, and a reader that finds every BEGIN/END block in a
 * text (a chain holds several) and says where anything is wrong by line.
 * The only headers read are the two of the legacy key encryption (RFC 1421,
 * as openssl writes it): Proc-Type and DEK-Info, before the Base64 data.
 */
#ifndef TLSSIM_PEM_H
#define TLSSIM_PEM_H

#include "base/bytes.h"
#include "base/crypt.h"

#include <stddef.h>
#include <stdint.h>

#define PEM_LABEL_MAX 64     /* "CERTIFICATE REQUEST" and its NUL fit easily */
#define PEM_ERR_MAX 200
#define PEM_LINE_COLUMNS 64  /* Base64 characters a line when encoding */
#define PEM_BLOCKS_MAX 64    /* blocks one text may hold */
#define PEM_HEADER_MAX 128   /* a header's value and its NUL */
#define PEM_CIPHER_NAME_MAX 32  /* a DEK-Info cipher name and its NUL */
#define PEM_IV_MAX 32        /* bytes of IV a DEK-Info header may carry */

/* Where decoding stopped and why; line and column count from 1. */
struct pem_error {
    size_t line;
    size_t column;
    char message[PEM_ERR_MAX];
};

/* One armoured block: its label, its decoded bytes, the line of its BEGIN,
 * and the values of its Proc-Type and DEK-Info headers ("" when absent). */
struct pem_block {
    char label[PEM_LABEL_MAX];
    struct bytes der;
    size_t line;
    char proc_type[PEM_HEADER_MAX];
    char dek_info[PEM_HEADER_MAX];
};

/* Append the Base64 text of len bytes at p to out (no line breaks, no NUL). */
void pem_base64_encode(struct bytes *out, const uint8_t *p, size_t len);

/* Decode len characters of strict Base64 (padding required, no whitespace,
 * zero spare bits) and append the bytes to out; -1 with err filled (line 1). */
int pem_base64_decode(const char *text, size_t len, struct bytes *out, struct pem_error *err)
    CRYPT_WARN_UNUSED;

/* Append der in PEM armour under label, Base64 lines of 64 columns, "\n" endings. */
void pem_encode(struct bytes *out, const char *label, const uint8_t *der, size_t len);

/* Find every PEM block in len bytes of text (text outside blocks is skipped);
 * on success *blocks holds *count >= 1 blocks for pem_blocks_free(). */
int pem_read_all(const char *text, size_t len, struct pem_block **blocks, size_t *count,
                 struct pem_error *err) CRYPT_WARN_UNUSED;

/* Read the file at path and find its PEM blocks, as pem_read_all() does;
 * 0, -1 with why (whylen bytes) set when the file cannot be read, or -2
 * with *err set when its text is no PEM.  The text is wiped when done, as
 * it may hold a key. */
int pem_read_file(const char *path, struct pem_block **blocks, size_t *count, char *why,
                  size_t whylen, struct pem_error *err) CRYPT_WARN_UNUSED;

/* Free (and wipe) what pem_read_all() returned. */
void pem_blocks_free(struct pem_block *blocks, size_t count);

#endif
