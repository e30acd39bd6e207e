/*
 * record.c - one AEAD record: the frame header is the associated data, so a
 * change to the header is caught just like a change to the ciphertext.
 */
#include "record.h"

#include "wire.h"

int record_seal(struct bytes *out, enum crypt_aead aead, const uint8_t *msg, size_t len,
                const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    uint8_t nonce[CRYPT_AEAD_NPUBBYTES_MAX];
    uint8_t header[WIRE_HEADER_BYTES];
    size_t nonce_len = crypt_aead_nonce_bytes(aead);
    struct bytes ct = {0};
    int status = -1;

    crypt_random(nonce, nonce_len);
    wire_app_data_header(header, nonce_len, len + CRYPT_AEAD_ABYTES);
    uint8_t *c = bytes_extend(&ct, len + CRYPT_AEAD_ABYTES);
    if (crypt_aead_encrypt(aead, c, msg, len, header, sizeof header, nonce, key) != 0)
        goto done;
    wire_encode_app_data(out, nonce, nonce_len, ct.data, ct.len);
    status = 0;
done:
    bytes_free(&ct);
    return status;
}

int record_open(struct bytes *out, enum crypt_aead aead, const uint8_t *frame, size_t len,
                const uint8_t key[CRYPT_AEAD_KEYBYTES])
{
    const uint8_t *nonce, *ct;
    size_t nonce_len, ct_len;

    if (wire_decode_app_data(frame, len, &nonce, &nonce_len, &ct, &ct_len) != 0 ||
        nonce_len != crypt_aead_nonce_bytes(aead))
        return -1;
    size_t pt_len = ct_len - CRYPT_AEAD_ABYTES;
    uint8_t *pt = bytes_extend(out, pt_len + 1);
    if (crypt_aead_decrypt(aead, pt, ct, ct_len, frame, WIRE_HEADER_BYTES, nonce, key) != 0) {
        bytes_free(out);
        return -1;
    }
    pt[pt_len] = '\0';
    out->len = pt_len;
    return 0;
}
