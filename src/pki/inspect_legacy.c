/*
 * inspect_legacy.c - the explainer for traditional private keys locked with
 * the legacy PEM encryption (RFC 1421 headers, as `openssl genrsa -aes256
 * -traditional` and older openssl versions write them):
 *
 *   -----BEGIN RSA PRIVATE KEY-----
 *   Proc-Type: 4,ENCRYPTED
 *   DEK-Info: AES-256-CBC,<IV in hex>
 *
 *   <Base64 of the encrypted DER>
 *
 * The bytes are ciphertext, not DER: nothing of the key inside can be read
 * without the password, so only the headers are explained.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* What the legacy scheme's ciphers are, as DEK-Info names them. */
static const struct {
    const char *name;
    const char *meaning;
    bool weak;
} legacy_ciphers[] = {
    {"AES-128-CBC", "AES with a 128-bit key, CBC mode", false},
    {"AES-192-CBC", "AES with a 192-bit key, CBC mode", false},
    {"AES-256-CBC", "AES with a 256-bit key, CBC mode", false},
    {"DES-EDE3-CBC", "triple DES, CBC mode: outdated, slow and with a 64-bit block", true},
    {"DES-CBC", "single DES, CBC mode: a 56-bit key, broken by brute force since 1998", true},
};

/* The labels whose traditional keys the scheme locks, and what they hold. */
static const struct {
    const char *label;
    const char *kind;
    const char *form;
} legacy_labels[] = {
    {"RSA PRIVATE KEY", "ENCRYPTED RSA private key (PKCS#1, legacy PEM encryption)", "PKCS#1"},
    {"EC PRIVATE KEY", "ENCRYPTED EC private key (SEC1, legacy PEM encryption)", "SEC1"},
    {"DSA PRIVATE KEY", "ENCRYPTED DSA private key (legacy PEM encryption)", "DSA"},
};

/* Fill err with a message at offset 0 of the block; returns -1. */
static int legacy_fail(struct der_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int legacy_fail(struct der_error *err, const char *fmt, ...)
{
    va_list ap;

    err->failed = true;
    err->offset = 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* Decode the hex IV of a DEK-Info value into iv; its length, or 0 when the
 * text is not an even number of hex digits that fits. */
static size_t parse_iv(const char *hex, uint8_t iv[PEM_IV_MAX])
{
    size_t n = strlen(hex);

    if (n == 0 || n % 2 != 0 || n / 2 > PEM_IV_MAX)
        return 0;
    for (size_t i = 0; i < n; i += 2) {
        unsigned v;
        if (!isxdigit((unsigned char)hex[i]) || !isxdigit((unsigned char)hex[i + 1]) ||
            sscanf(hex + i, "%2x", &v) != 1)
            return 0;
        iv[i / 2] = (uint8_t)v;
    }
    return n / 2;
}

int inspect_legacy_encrypted(const struct pem_block *blk, struct inspect_report *out,
                             struct der_error *err)
{
    char cipher[PEM_CIPHER_NAME_MAX];
    uint8_t iv[PEM_IV_MAX];
    size_t li = 0, ci = 0;

    memset(out, 0, sizeof *out);
    bytes_append(&out->der, blk->der.data, blk->der.len);
    while (li < sizeof legacy_labels / sizeof legacy_labels[0] &&
           strcmp(legacy_labels[li].label, blk->label) != 0)
        li++;
    if (li == sizeof legacy_labels / sizeof legacy_labels[0])
        return legacy_fail(err, "encryption headers on a \"%s\" block; the legacy PEM "
                           "encryption locks only traditional RSA, EC and DSA private keys",
                           blk->label);
    if (strcmp(blk->proc_type, "4,ENCRYPTED") != 0)
        return legacy_fail(err, "the Proc-Type header is \"%s\"; a locked key says "
                           "\"4,ENCRYPTED\", and tlssim knows no other", blk->proc_type);
    const char *comma = strchr(blk->dek_info, ',');
    size_t cipher_len = comma != NULL ? (size_t)(comma - blk->dek_info) : 0;
    if (comma == NULL || cipher_len == 0 || cipher_len >= sizeof cipher)
        return legacy_fail(err, "the DEK-Info header \"%s\" is not CIPHER,IV (for example "
                           "AES-256-CBC,<32 hex digits>)", blk->dek_info);
    memcpy(cipher, blk->dek_info, cipher_len);
    cipher[cipher_len] = '\0';
    size_t iv_len = parse_iv(comma + 1, iv);
    if (iv_len == 0)
        return legacy_fail(err, "the IV in the DEK-Info header is not 1 to %d bytes in hex",
                           PEM_IV_MAX);
    while (ci < sizeof legacy_ciphers / sizeof legacy_ciphers[0] &&
           strcmp(legacy_ciphers[ci].name, cipher) != 0)
        ci++;
    bool known = ci < sizeof legacy_ciphers / sizeof legacy_ciphers[0];

    snprintf(out->kind, sizeof out->kind, "%s", legacy_labels[li].kind);
    out->secret = true;
    inspect_add(out, 0, NULL, INSPECT_MARK_SECRET, "private key file", "A traditional "
                "private key locked with a password the old way: the PEM encryption of "
                "RFC 1421, from Privacy-Enhanced Mail.  The Base64 holds ciphertext, not "
                "DER, so tlssim cannot show the key and does not try to decrypt it.  Keep it "
                "secret all the same: a weak password can be guessed offline.",
                "%s, ENCRYPTED (legacy)", legacy_labels[li].form);
    inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "Proc-Type", "A header line before the "
                "Base64: 4 is the version of the scheme, ENCRYPTED says the data is "
                "ciphertext.", "%s", blk->proc_type);
    inspect_add(out, 1, NULL, known && legacy_ciphers[ci].weak ? INSPECT_MARK_WARN
                                                               : INSPECT_MARK_NONE,
                "cipher", "From the DEK-Info header: the cipher that encrypts the key "
                "bytes.", "%s%s%s", cipher, known ? ": " : ", a cipher tlssim does not know",
                known ? legacy_ciphers[ci].meaning : "");
    char *iv_hex = inspect_hex_short(iv, iv_len, PEM_IV_MAX);
    inspect_add(out, 1, NULL, INSPECT_MARK_NONE, "IV", "Also from DEK-Info: the random "
                "starting block of CBC mode.  Its first 8 bytes double as the salt of the "
                "password hash.", "%s (%zu bytes)", iv_hex, iv_len);
    free(iv_hex);
    inspect_add(out, 1, NULL, INSPECT_MARK_WARN, "key from the password", "The cipher key "
                "is one MD5 hash of the password and the salt (openssl's EVP_BytesToKey, one "
                "round): quick to compute, so quick to guess.  The modern form is an "
                "encrypted PKCS#8 file, whose key comes from PBKDF2 or scrypt: openssl pkcs8 "
                "-topk8 -v2 aes-256-cbc -in OLD.key -out NEW.key converts it.",
                "MD5, one round, salted with the IV");
    inspect_add(out, 1, NULL, INSPECT_MARK_SECRET, "encrypted key", "The private key, "
                "encrypted.  Without the password it is noise; with it, the whole key.",
                "%zu bytes, not decrypted", blk->der.len);
    return 0;
}
