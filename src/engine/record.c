/*
 * record.c - one record: the frame header is the associated data (or is
 * covered by the MAC), so a change to the header is caught just like a
 * change to the data.
 */
#include "engine/record.h"

#include <string.h>

/* HMAC over header and data, for the integrity-only suites. */
static void null_mac(uint8_t mac[WIRE_NULL_TAG_BYTES], const uint8_t *header, const uint8_t *msg,
                     size_t len, const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    struct bytes input = {0};
    bytes_append(&input, header, WIRE_HEADER_BYTES);
    bytes_append(&input, msg, len);
    crypt_hmac_sha256(mac, input.data, input.len, key);
    bytes_free(&input);
}

int record_seal(struct bytes *out, const struct wire_suite *suite, const uint8_t *msg,
                size_t len, const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    uint8_t nonce[CRYPT_AEAD_NPUBBYTES_MAX];
    uint8_t header[WIRE_HEADER_BYTES];
    struct bytes ct = {0};
    int status = -1;

    if (suite->null_cipher) {
        wire_app_data_header(header, 0, len + WIRE_NULL_TAG_BYTES);
        bytes_append(&ct, msg, len);
        null_mac(bytes_extend(&ct, WIRE_NULL_TAG_BYTES), header, msg, len, key);
        wire_encode_app_data(out, NULL, 0, ct.data, ct.len);
        bytes_free(&ct);
        return 0;
    }
    size_t nonce_len = crypt_aead_nonce_bytes(suite->aead);
    crypt_random(nonce, nonce_len);
    wire_app_data_header(header, nonce_len, len + CRYPT_AEAD_ABYTES);
    uint8_t *c = bytes_extend(&ct, len + CRYPT_AEAD_ABYTES);
    if (crypt_aead_encrypt(suite->aead, c, msg, len, header, sizeof header, nonce, key) != 0)
        goto done;
    wire_encode_app_data(out, nonce, nonce_len, ct.data, ct.len);
    status = 0;
done:
    bytes_free(&ct);
    return status;
}

int record_open(struct bytes *out, const struct wire_suite *suite, const uint8_t *frame,
                size_t len, const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    const uint8_t *nonce, *ct;
    size_t nonce_len, ct_len;

    if (wire_decode_app_data(frame, len, &nonce, &nonce_len, &ct, &ct_len) != 0)
        return -1;
    if (suite->null_cipher) {
        uint8_t mac[WIRE_NULL_TAG_BYTES];
        size_t text_len = ct_len - WIRE_NULL_TAG_BYTES;
        if (nonce_len != 0)
            return -1;
        null_mac(mac, frame, ct, text_len, key);
        if (!crypt_equal(mac, ct + text_len, sizeof mac))
            return -1;
        bytes_append(out, ct, text_len);
        bytes_append_byte(out, 0);
        out->len = text_len;
        return 0;
    }
    if (nonce_len != crypt_aead_nonce_bytes(suite->aead))
        return -1;
    size_t pt_len = ct_len - CRYPT_AEAD_ABYTES;
    uint8_t *pt = bytes_extend(out, pt_len + 1);
    if (crypt_aead_decrypt(suite->aead, pt, ct, ct_len, frame, WIRE_HEADER_BYTES, nonce, key) !=
        0) {
        bytes_free(out);
        return -1;
    }
    pt[pt_len] = '\0';
    out->len = pt_len;
    return 0;
}

int record_read_clear(struct bytes *out, const uint8_t *frame, size_t len)
{
    const uint8_t *nonce, *ct;
    size_t nonce_len, ct_len;

    if (wire_decode_app_data(frame, len, &nonce, &nonce_len, &ct, &ct_len) != 0 ||
        nonce_len != 0)
        return -1;
    size_t text_len = ct_len - WIRE_NULL_TAG_BYTES;
    bytes_append(out, ct, text_len);
    bytes_append_byte(out, 0);
    out->len = text_len;
    return 0;
}
