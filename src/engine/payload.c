/*
 * payload.c - AES-256-GCM and Base64, as an application does it itself.
 */
#include "engine/payload.h"

#include "pki/pem.h"

#include <string.h>

int payload_seal(struct bytes *out, const char *text, const uint8_t key[PAYLOAD_KEYBYTES])
{
    size_t len = strlen(text);
    struct bytes raw = {0};
    int status = -1;

    uint8_t *nonce = bytes_extend(&raw, PAYLOAD_NONCEBYTES);
    crypt_random(nonce, PAYLOAD_NONCEBYTES);
    uint8_t *ct = bytes_extend(&raw, len + CRYPT_AEAD_ABYTES);
    if (crypt_aead_encrypt(CRYPT_AEAD_AES256GCM, ct, (const uint8_t *)text, len, NULL, 0,
                           raw.data, key) != 0)
        goto done;
    pem_base64_encode(out, raw.data, raw.len);
    bytes_append_byte(out, 0);
    out->len--;
    status = 0;
done:
    bytes_free(&raw);
    return status;
}

int payload_open(struct bytes *out, const char *b64, const uint8_t key[PAYLOAD_KEYBYTES])
{
    struct bytes raw = {0};
    struct pem_error err;
    int status = -1;

    if (pem_base64_decode(b64, strlen(b64), &raw, &err) != 0 ||
        raw.len < PAYLOAD_NONCEBYTES + CRYPT_AEAD_ABYTES)
        goto done;
    size_t ct_len = raw.len - PAYLOAD_NONCEBYTES;
    uint8_t *pt = bytes_extend(out, ct_len - CRYPT_AEAD_ABYTES + 1);
    if (crypt_aead_decrypt(CRYPT_AEAD_AES256GCM, pt, raw.data + PAYLOAD_NONCEBYTES, ct_len, NULL,
                           0, raw.data, key) != 0) {
        bytes_free(out);
        goto done;
    }
    pt[ct_len - CRYPT_AEAD_ABYTES] = '\0';
    out->len = ct_len - CRYPT_AEAD_ABYTES;
    status = 0;
done:
    bytes_free(&raw);
    return status;
}
