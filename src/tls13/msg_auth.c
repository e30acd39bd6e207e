/*
 * msg_auth.c - the messages of the server's second flight and the client's
 * Finished (RFC 8446 §4.3.1, §4.4): EncryptedExtensions, Certificate,
 * CertificateVerify and Finished.
 */
#include "tls13/msg.h"

#include "tls13/reader.h"

#include <string.h>

void tls13_encrypted_extensions_encode(struct bytes *out)
{
    size_t msg = tls13_msg_begin(out, TLS13_HS_ENCRYPTED_EXTENSIONS);
    bytes_append_be(out, 0, 2);
    tls13_msg_end(out, msg);
}

int tls13_encrypted_extensions_parse(const uint8_t *body, size_t len, struct tls13_error *err)
{
    struct tls13_reader r = tls13_reader_of(body, len), exts, data;
    uint32_t type;

    if (tls13_read_vector(&r, 2, &exts) != 0 || !tls13_reader_done(&r))
        goto malformed;
    while (!tls13_reader_done(&exts)) {
        if (tls13_read_uint(&exts, 2, &type) != 0 || tls13_read_vector(&exts, 2, &data) != 0)
            goto malformed;
        if (type == TLS13_EXT_KEY_SHARE || type == TLS13_EXT_SUPPORTED_VERSIONS ||
            type == TLS13_EXT_SIGNATURE_ALGORITHMS)
            return tls13_error_set(err, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ee.extension",
                                   "EncryptedExtensions carries extension %u, which may not "
                                   "appear there", type);
        /* RFC 8446 4.2: of what the client offered, only server_name (an
         * empty acknowledgement) and supported_groups may come back here;
         * anything else was never asked for. */
        if (type != TLS13_EXT_SERVER_NAME && type != TLS13_EXT_SUPPORTED_GROUPS)
            return tls13_error_set(err, TLS13_ALERT_UNSUPPORTED_EXTENSION, "tls13.ee.unasked",
                                   "EncryptedExtensions carries extension %u, which tlssim "
                                   "never offered", type);
    }
    return 0;
malformed:
    return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, "tls13.ee.decode",
                           "EncryptedExtensions is malformed");
}

void tls13_certificate_encode(struct bytes *out, const struct tls13_cert_list *list)
{
    tls13_certificate_encode_for(out, NULL, 0, list);
}

void tls13_certificate_encode_for(struct bytes *out, const uint8_t *context, size_t context_len,
                                  const struct tls13_cert_list *list)
{
    size_t msg = tls13_msg_begin(out, TLS13_HS_CERTIFICATE);
    bytes_append_byte(out, (uint8_t)context_len);   /* certificate_request_context */
    bytes_append(out, context, context_len);
    size_t certs = tls13_vec_begin(out, 3);
    for (size_t i = 0; i < list->count; i++) {
        size_t entry = tls13_vec_begin(out, 3);
        bytes_append(out, list->der[i], list->len[i]);
        tls13_vec_end(out, entry, 3);
        bytes_append_be(out, 0, 2);                 /* no extensions */
    }
    tls13_vec_end(out, certs, 3);
    tls13_msg_end(out, msg);
}

int tls13_certificate_parse(const uint8_t *body, size_t len, struct tls13_cert_list *list,
                            struct tls13_error *err)
{
    struct tls13_reader r = tls13_reader_of(body, len), context, certs, cert, exts;

    list->count = 0;
    if (tls13_read_vector(&r, 1, &context) != 0 || tls13_read_vector(&r, 3, &certs) != 0 ||
        !tls13_reader_done(&r))
        goto malformed;
    if (context.len != 0)
        return tls13_error_set(err, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.cert.decode",
                               "the server's Certificate has a request context; only a "
                               "client's may");
    if (tls13_reader_done(&certs))
        return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, "tls13.cert.decode",
                               "the server sent an empty Certificate message: it has no "
                               "certificate to prove who it is");
    while (!tls13_reader_done(&certs)) {
        if (tls13_read_vector(&certs, 3, &cert) != 0 || cert.len == 0 ||
            tls13_read_vector(&certs, 2, &exts) != 0)
            goto malformed;
        if (list->count == TLS13_CERTS_MAX)
            return tls13_error_set(err, TLS13_ALERT_BAD_CERTIFICATE, "tls13.cert.decode",
                                   "the server sent more than %d certificates; tlssim "
                                   "follows paths of at most %d", TLS13_CERTS_MAX,
                                   TLS13_CERTS_MAX);
        list->der[list->count] = cert.p;
        list->len[list->count] = cert.len;
        list->count++;
    }
    return 0;
malformed:
    return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, "tls13.cert.decode",
                           "the Certificate message is malformed");
}

/* Read a signature_algorithms body, noting Ed25519; 0, or -1 when malformed. */
static int read_sigalgs(struct tls13_reader *d, bool *ed25519)
{
    struct tls13_reader list;
    uint32_t v;

    if (tls13_read_vector(d, 2, &list) != 0 || list.len == 0 || list.len % 2 != 0 ||
        !tls13_reader_done(d))
        return -1;
    while (!tls13_reader_done(&list))
        if (tls13_read_uint(&list, 2, &v) == 0 && v == TLS13_SIG_ED25519)
            *ed25519 = true;
    return 0;
}

int tls13_certificate_request_parse(const uint8_t *body, size_t len, struct tls13_cert_request *cr,
                                    struct tls13_error *err)
{
    struct tls13_reader r = tls13_reader_of(body, len), context, exts, data;
    uint32_t type;
    bool has_sigalgs = false;

    memset(cr, 0, sizeof *cr);
    if (tls13_read_vector(&r, 1, &context) != 0 || tls13_read_vector(&r, 2, &exts) != 0 ||
        !tls13_reader_done(&r))
        goto malformed;
    cr->context = context.p;
    cr->context_len = context.len;
    while (!tls13_reader_done(&exts)) {
        if (tls13_read_uint(&exts, 2, &type) != 0 || tls13_read_vector(&exts, 2, &data) != 0)
            goto malformed;
        if (type == TLS13_EXT_SIGNATURE_ALGORITHMS) {
            if (has_sigalgs || read_sigalgs(&data, &cr->offers_ed25519) != 0)
                goto malformed;
            has_sigalgs = true;
        }
    }
    if (!has_sigalgs)
        return tls13_error_set(err, TLS13_ALERT_MISSING_EXTENSION, "tls13.cr.sigalgs",
                               "the server's CertificateRequest has no signature_algorithms "
                               "extension, which RFC 8446 requires there");
    return 0;
malformed:
    return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, "tls13.cr.decode",
                           "the CertificateRequest message is malformed");
}

void tls13_cv_content(uint8_t out[TLS13_CV_CONTENT_LEN], bool server,
                      const uint8_t hash[TLS13_HASH_LEN])
{
    static const char server_ctx[] = "TLS 1.3, server CertificateVerify";
    static const char client_ctx[] = "TLS 1.3, client CertificateVerify";
    _Static_assert(64 + sizeof server_ctx + TLS13_HASH_LEN == TLS13_CV_CONTENT_LEN &&
                   sizeof client_ctx == sizeof server_ctx, "CertificateVerify content length");

    memset(out, 0x20, 64);
    memcpy(out + 64, server ? server_ctx : client_ctx, 33);
    out[64 + 33] = 0;
    memcpy(out + 64 + 34, hash, TLS13_HASH_LEN);
}

void tls13_certificate_verify_encode(struct bytes *out, const uint8_t sig[CRYPT_SIGN_BYTES])
{
    size_t msg = tls13_msg_begin(out, TLS13_HS_CERTIFICATE_VERIFY);
    bytes_append_be(out, TLS13_SIG_ED25519, 2);
    bytes_append_be(out, CRYPT_SIGN_BYTES, 2);
    bytes_append(out, sig, CRYPT_SIGN_BYTES);
    tls13_msg_end(out, msg);
}

int tls13_certificate_verify_parse(const uint8_t *body, size_t len, uint16_t *scheme,
                                   const uint8_t **sig, size_t *sig_len,
                                   struct tls13_error *err)
{
    struct tls13_reader r = tls13_reader_of(body, len), s;
    uint32_t v;

    if (tls13_read_uint(&r, 2, &v) != 0 || tls13_read_vector(&r, 2, &s) != 0 ||
        !tls13_reader_done(&r))
        return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, "tls13.cv.decode",
                               "the CertificateVerify message is malformed");
    *scheme = (uint16_t)v;
    *sig = s.p;
    *sig_len = s.len;
    return 0;
}

void tls13_finished_encode(struct bytes *out, const uint8_t verify_data[TLS13_HASH_LEN])
{
    size_t msg = tls13_msg_begin(out, TLS13_HS_FINISHED);
    bytes_append(out, verify_data, TLS13_HASH_LEN);
    tls13_msg_end(out, msg);
}

int tls13_finished_parse(const uint8_t *body, size_t len, const uint8_t **verify_data,
                         struct tls13_error *err)
{
    if (len != TLS13_HASH_LEN)
        return tls13_error_set(err, TLS13_ALERT_DECODE_ERROR, "tls13.finished.decode",
                               "the Finished message is %zu bytes; with SHA-256 it is %d",
                               len, TLS13_HASH_LEN);
    *verify_data = body;
    return 0;
}
