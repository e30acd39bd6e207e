/*
 * record.c - TLS 1.3 records: header, plaintext framing, AEAD protection.
 */
#include "tls13/record.h"

#include "base/crypt_tls13.h"
#include "base/die.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(TLS13_KEY_LEN == CRYPT_CHACHA_IETF_KEYBYTES, "record key size");
_Static_assert(TLS13_IV_LEN == CRYPT_CHACHA_IETF_NPUBBYTES, "record IV size");

const char *tls13_content_type_name(uint8_t type)
{
    switch (type) {
    case TLS13_CT_CHANGE_CIPHER_SPEC:
        return "change_cipher_spec";
    case TLS13_CT_ALERT:
        return "alert";
    case TLS13_CT_HANDSHAKE:
        return "handshake";
    case TLS13_CT_APPLICATION_DATA:
        return "application_data";
    default:
        return "unknown";
    }
}

int tls13_record_header_read(const uint8_t *p, size_t len, struct tls13_record_header *h,
                             struct tls13_error *err)
{
    if (len < TLS13_RECORD_HEADER_LEN)
        return 0;
    h->type = p[0];
    h->version = (uint16_t)(p[1] << 8 | p[2]);
    h->length = (uint16_t)(p[3] << 8 | p[4]);
    if (h->type != TLS13_CT_CHANGE_CIPHER_SPEC && h->type != TLS13_CT_ALERT &&
        h->type != TLS13_CT_HANDSHAKE && h->type != TLS13_CT_APPLICATION_DATA)
        return tls13_error_set(err, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.type",
                               "the peer sent a record of content type %u, which TLS 1.3 "
                               "does not have: this is not TLS, or the stream is damaged",
                               h->type);
    if (p[1] != 3)
        return tls13_error_set(err, TLS13_ALERT_PROTOCOL_VERSION, "tls13.record.version",
                               "the peer sent a record with version 0x%04x, which is not a "
                               "TLS version", h->version);
    if (h->length > TLS13_CIPHERTEXT_MAX)
        return tls13_error_set(err, TLS13_ALERT_RECORD_OVERFLOW, "tls13.record.length",
                               "the peer announced a record of %u bytes; TLS 1.3 allows at "
                               "most %d (2^14 + 256)", h->length, TLS13_CIPHERTEXT_MAX);
    return 1;
}

/* Append a record header to out. */
static void header_append(struct bytes *out, uint8_t type, uint16_t version, size_t len)
{
    bytes_append_byte(out, type);
    bytes_append_be(out, version, 2);
    bytes_append_be(out, len, 2);
}

void tls13_record_plain(struct bytes *out, uint8_t type, uint16_t version, const uint8_t *data,
                        size_t len)
{
    if (len > TLS13_PLAINTEXT_MAX)
        die("internal error: a TLS record of %zu bytes is over the limit", len);
    header_append(out, type, version, len);
    bytes_append(out, data, len);
}

/* The per-record nonce: the IV with the sequence number XORed into its end. */
static void record_nonce(uint8_t nonce[TLS13_IV_LEN], const struct tls13_traffic *t)
{
    memcpy(nonce, t->iv, TLS13_IV_LEN);
    for (int i = 0; i < 8; i++)
        nonce[TLS13_IV_LEN - 1 - i] ^= (uint8_t)(t->seq >> (8 * i));
}

void tls13_record_protect(struct bytes *out, struct tls13_traffic *t, uint8_t inner_type,
                          const uint8_t *data, size_t len, size_t pad)
{
    uint8_t nonce[TLS13_IV_LEN];
    size_t inner_len = len + 1 + pad;
    size_t start = out->len;

    if (len > TLS13_PLAINTEXT_MAX || inner_len + CRYPT_CHACHA_IETF_ABYTES > TLS13_CIPHERTEXT_MAX)
        die("internal error: a protected TLS record of %zu bytes is over the limit", len);
    uint8_t *inner = xcalloc(1, inner_len);
    if (len > 0)
        memcpy(inner, data, len);
    inner[len] = inner_type;
    header_append(out, TLS13_CT_APPLICATION_DATA, 0x0303, inner_len + CRYPT_CHACHA_IETF_ABYTES);
    uint8_t header[TLS13_RECORD_HEADER_LEN];
    memcpy(header, out->data + start, sizeof header);
    uint8_t *ct = bytes_extend(out, inner_len + CRYPT_CHACHA_IETF_ABYTES);
    record_nonce(nonce, t);
    crypt_chacha_ietf_encrypt(ct, inner, inner_len, header, sizeof header, nonce, t->key);
    t->seq++;
    crypt_free(inner, inner_len);
}

int tls13_record_unprotect(struct tls13_traffic *t, const uint8_t *rec, size_t rec_len,
                           uint8_t *out, size_t *out_len, uint8_t *inner_type,
                           struct tls13_error *err)
{
    uint8_t nonce[TLS13_IV_LEN];

    if (rec_len < TLS13_RECORD_HEADER_LEN ||
        rec_len - TLS13_RECORD_HEADER_LEN > TLS13_CIPHERTEXT_MAX)
        return tls13_error_set(err, TLS13_ALERT_RECORD_OVERFLOW, "tls13.record.length",
                               "a protected record of %zu bytes is over the limit of %d",
                               rec_len, TLS13_CIPHERTEXT_MAX);
    size_t ct_len = rec_len - TLS13_RECORD_HEADER_LEN;
    record_nonce(nonce, t);
    if (crypt_chacha_ietf_decrypt(out, rec + TLS13_RECORD_HEADER_LEN, ct_len, rec,
                                  TLS13_RECORD_HEADER_LEN, nonce, t->key) != 0)
        return tls13_error_set(err, TLS13_ALERT_BAD_RECORD_MAC, "tls13.record.mac",
                               "a protected record (number %llu) did not decrypt: its "
                               "Poly1305 tag is wrong, so it was changed on the way or sent "
                               "under other keys", (unsigned long long)t->seq);
    size_t n = ct_len - CRYPT_CHACHA_IETF_ABYTES;
    while (n > 0 && out[n - 1] == 0)
        n--;
    if (n == 0)
        return tls13_error_set(err, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.type",
                               "a protected record holds only padding, no content type");
    *inner_type = out[n - 1];
    *out_len = n - 1;
    if (*out_len > TLS13_PLAINTEXT_MAX)
        return tls13_error_set(err, TLS13_ALERT_RECORD_OVERFLOW, "tls13.record.length",
                               "a protected record holds %zu bytes of content; TLS 1.3 "
                               "allows at most %d", *out_len, TLS13_PLAINTEXT_MAX);
    t->seq++;
    return 0;
}
