/*
 * inspect.c - the explainer's front: files into objects, each object
 * recognised and handed to the part that explains its kind (certificates and
 * requests in inspect_cert.c, private keys in inspect_key.c).
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Objects and files                                                    */
/* ------------------------------------------------------------------ */

enum kind {
    KIND_UNKNOWN, KIND_CERT, KIND_CSR, KIND_CRL, KIND_PKCS8, KIND_ENCRYPTED_PKCS8, KIND_RSA_PRIVATE,
    KIND_EC_PRIVATE, KIND_EC_PARAMS, KIND_SPKI, KIND_RSA_PUBLIC,
};

/* The kind a PEM label announces, or KIND_UNKNOWN. */
static enum kind kind_of_label(const char *label)
{
    static const struct {
        const char *label;
        enum kind kind;
    } labels[] = {
        {"CERTIFICATE", KIND_CERT}, {"X509 CERTIFICATE", KIND_CERT},
        {"CERTIFICATE REQUEST", KIND_CSR}, {"NEW CERTIFICATE REQUEST", KIND_CSR},
        {"X509 CRL", KIND_CRL},
        {"PRIVATE KEY", KIND_PKCS8}, {"ENCRYPTED PRIVATE KEY", KIND_ENCRYPTED_PKCS8},
        {"RSA PRIVATE KEY", KIND_RSA_PRIVATE}, {"EC PRIVATE KEY", KIND_EC_PRIVATE},
        {"EC PARAMETERS", KIND_EC_PARAMS}, {"PUBLIC KEY", KIND_SPKI},
        {"RSA PUBLIC KEY", KIND_RSA_PUBLIC},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(label, labels[i].label) == 0)
            return labels[i].kind;
    return KIND_UNKNOWN;
}

/* Walk every TLV of the input (into constructed values), so that any fault
 * of the DER itself is reported with its offset before the fields are. */
static int check_tree(struct der_reader *r)
{
    struct der_tlv t;
    struct der_reader child;

    while (!der_at_end(r)) {
        if (der_read(r, &t) != 0)
            return -1;
        if (t.constructed && (der_enter(r, &t, &child) != 0 || check_tree(&child) != 0))
            return -1;
    }
    return 0;
}

/* Recognise a DER object by the tags of its top-level parts. */
static enum kind guess_kind(const uint8_t *der, size_t len)
{
    struct der_error e;
    struct der_reader top, seq, body;
    struct der_tlv c[4], t;
    size_t n = 0;

    der_reader_init(&top, der, len, &e);
    if (der_peek(&top, DER_CLASS_UNIVERSAL, false, DER_TAG_OID))
        return KIND_EC_PARAMS;
    if (der_enter_sequence(&top, "", &seq) != 0)
        return KIND_UNKNOWN;
    while (n < 4 && !der_at_end(&seq) && der_read(&seq, &c[n]) == 0)
        n++;
    bool all_integers = n > 0;
    for (size_t i = 0; i < n; i++)
        all_integers = all_integers && c[i].tag == DER_TAG_INTEGER && !c[i].constructed;
#define IS(i, tg, cons) (c[i].cls == DER_CLASS_UNIVERSAL && c[i].tag == (tg) && \
                         c[i].constructed == (cons))
    if (n == 3 && IS(0, DER_TAG_SEQUENCE, true) && IS(1, DER_TAG_SEQUENCE, true) &&
        IS(2, DER_TAG_BIT_STRING, false)) {
        size_t k = 0;
        if (der_enter(&seq, &c[0], &body) != 0)
            return KIND_UNKNOWN;
        while (k < 4 && !der_at_end(&body) && der_read(&body, &t) == 0) {
            if (k == 0 && t.cls == DER_CLASS_CONTEXT)
                return KIND_CERT;
            /* A CRL's signed part has its thisUpdate where a certificate has names. */
            if (k >= 2 && t.cls == DER_CLASS_UNIVERSAL &&
                (t.tag == DER_TAG_UTC_TIME || t.tag == DER_TAG_GENERALIZED_TIME))
                return KIND_CRL;
            k++;
        }
        return k == 4 && t.cls == DER_CLASS_CONTEXT ? KIND_CSR : KIND_CERT;
    }
    if (n == 2 && IS(0, DER_TAG_SEQUENCE, true) && IS(1, DER_TAG_BIT_STRING, false))
        return KIND_SPKI;
    if (n == 2 && IS(0, DER_TAG_SEQUENCE, true) && IS(1, DER_TAG_OCTET_STRING, false))
        return KIND_ENCRYPTED_PKCS8;
    if (n >= 3 && IS(0, DER_TAG_INTEGER, false) && IS(1, DER_TAG_SEQUENCE, true) &&
        IS(2, DER_TAG_OCTET_STRING, false))
        return KIND_PKCS8;
    if (n >= 2 && IS(0, DER_TAG_INTEGER, false) && IS(1, DER_TAG_OCTET_STRING, false))
        return KIND_EC_PRIVATE;
#undef IS
    if (all_integers && n == 2)
        return KIND_RSA_PUBLIC;
    if (all_integers && n == 4)
        return KIND_RSA_PRIVATE;
    return KIND_UNKNOWN;
}

/* Explain a traditional key file whose object is the whole input. */
static int explain_traditional(struct der_reader *r, enum kind kind, struct inspect_report *out)
{
    char oid[DER_OID_TEXT_MAX];
    int rc;

    switch (kind) {
    case KIND_RSA_PRIVATE:
        snprintf(out->kind, sizeof out->kind, "RSA private key (PKCS#1, traditional)");
        out->secret = true;
        rc = inspect_rsa_private(r, out, 0);
        break;
    case KIND_EC_PRIVATE:
        snprintf(out->kind, sizeof out->kind, "EC private key (SEC1, traditional)");
        out->secret = true;
        rc = inspect_ec_private(r, out, 0, NULL);
        break;
    case KIND_EC_PARAMS:
        snprintf(out->kind, sizeof out->kind, "EC parameters");
        inspect_add(out, 0, NULL, INSPECT_MARK_NONE, "EC parameters", "Which curve the key "
                    "that follows uses; openssl ecparam writes this block before the key.  No "
                    "secret.", "named curve");
        rc = inspect_curve(r, out, 1, oid);
        break;
    default:
        snprintf(out->kind, sizeof out->kind, "RSA public key (PKCS#1)");
        inspect_add(out, 0, NULL, INSPECT_MARK_NONE, "RSA public key", "Only the public "
                    "half, in the old PKCS#1 form: safe to share.", "PKCS#1");
        rc = inspect_rsa_public(r, out, 1);
        break;
    }
    return rc != 0 ? -1 : der_finish(r, "the key");
}

int inspect_der(const uint8_t *der, size_t len, const char *label,
                const struct inspect_context *ctx, struct inspect_report *out,
                struct der_error *err)
{
    struct der_reader r;
    enum kind kind;

    memset(out, 0, sizeof *out);
    bytes_append(&out->der, der, len);
    der_reader_init(&r, der, len, err);
    if (check_tree(&r) != 0)
        return -1;
    der_reader_init(&r, der, len, err);
    kind = label[0] != '\0' ? kind_of_label(label) : guess_kind(der, len);
    switch (kind) {
    case KIND_CERT:
        return inspect_explain_certificate(&r, ctx, out);
    case KIND_CSR:
        return inspect_explain_request(&r, out);
    case KIND_CRL:
        return inspect_explain_crl(&r, ctx, out);
    case KIND_PKCS8:
        return inspect_pkcs8(&r, out);
    case KIND_ENCRYPTED_PKCS8:
        return inspect_encrypted_pkcs8(&r, out);
    case KIND_SPKI:
        return inspect_explain_public_key(&r, out);
    case KIND_RSA_PRIVATE:
    case KIND_EC_PRIVATE:
    case KIND_EC_PARAMS:
    case KIND_RSA_PUBLIC:
        return explain_traditional(&r, kind, out);
    case KIND_UNKNOWN:
        break;
    }
    if (label[0] != '\0')
        return der_fail(&r, 0, "tlssim does not explain \"%s\" blocks; it reads "
                        "certificates, signing requests, revocation lists, private and public "
                        "keys", label);
    return der_fail(&r, 0, "well-formed DER, but not a certificate, signing request, "
                    "revocation list or key that tlssim recognises");
}

int inspect_pem_block(const struct pem_block *blk, const struct inspect_context *ctx,
                      struct inspect_report *out, struct der_error *err)
{
    if (blk->proc_type[0] != '\0' || blk->dek_info[0] != '\0')
        return inspect_legacy_encrypted(blk, out, err);
    return inspect_der(blk->der.data, blk->der.len, blk->label, ctx, out, err);
}

int inspect_certificate(const uint8_t *der, size_t len, const struct inspect_context *ctx,
                        struct inspect_report *out, char *err, size_t errlen)
{
    struct der_error e;

    if (inspect_der(der, len, "CERTIFICATE", ctx, out, &e) == 0)
        return 0;
    snprintf(err, errlen, "%s", e.failed ? e.message : "the certificate does not decode");
    return -1;
}

/* True when the bytes look like text (PEM) rather than binary (DER). */
static bool looks_like_text(const uint8_t *data, size_t len)
{
    static const char begin[] = "-----BEGIN";
    const size_t begin_len = sizeof begin - 1;
    bool ascii = true, armour = false;

    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
            return false;
        ascii = ascii && c < 0x80;
        armour = armour || (len - i >= begin_len && memcmp(data + i, begin, begin_len) == 0);
    }
    /* bytes past ASCII are text only around a PEM block */
    return ascii || armour;
}

/* For text that starts like PEM but holds a byte no text has (a NUL, a
 * control character), point at that byte by line and column in err; false
 * when there is none. */
static bool locate_control(const uint8_t *data, size_t len, struct inspect_error *err)
{
    size_t line = 1, column = 1;

    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
            err->in_text = true;
            err->line = line;
            err->column = column;
            snprintf(err->message, sizeof err->message, "a %s byte (0x%02x) in PEM text, "
                     "which holds only printable characters; the file is damaged, so take "
                     "a fresh copy", c == 0 ? "NUL" : "control", c);
            return true;
        }
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    return false;
}

int inspect_split(const uint8_t *data, size_t len, struct inspect_file *out,
                  struct inspect_error *err)
{
    struct pem_error perr;

    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    if (len == 0) {
        snprintf(err->message, sizeof err->message, "the file is empty; a certificate or key "
                 "file holds PEM text or DER bytes");
        return -1;
    }
    if (looks_like_text(data, len)) {
        if (pem_read_all((const char *)data, len, &out->blocks, &out->count, &perr) != 0) {
            err->in_text = true;
            err->line = perr.line;
            err->column = perr.column;
            snprintf(err->message, sizeof err->message, "%s", perr.message);
            return -1;
        }
        out->is_pem = true;
        return 0;
    }
    if (data[0] == '-' && locate_control(data, len, err))
        return -1;
    if (data[0] != 0x30 && data[0] != 0x06) {
        snprintf(err->message, sizeof err->message, "the first byte is 0x%02x: this is "
                 "neither PEM text (-----BEGIN ...) nor DER (which starts with 0x30, a "
                 "SEQUENCE)", data[0]);
        return -1;
    }
    out->blocks = xcalloc(1, sizeof *out->blocks);
    out->count = 1;
    bytes_append(&out->blocks[0].der, data, len);
    return 0;
}

void inspect_file_free(struct inspect_file *f)
{
    pem_blocks_free(f->blocks, f->count);
    memset(f, 0, sizeof *f);
}
