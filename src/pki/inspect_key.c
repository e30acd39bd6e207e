/*
 * inspect_key.c - the explainer for private keys: PKCS#8 (plain and
 * encrypted), PKCS#1 RSA and SEC1 EC keys.
 */
#include "pki/inspect.h"

#include "pki/inspect_walk.h"
#include "pki/oid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char secret_note[] = "SECRET: only the owner of the key may see this.";

/* The line that opens every private key. */
static void key_head(struct inspect_report *out, int depth, const struct der_tlv *t,
                     const char *what)
{
    out->secret = true;
    inspect_add(out, depth, t, INSPECT_MARK_SECRET, "private key", "SECRET.  Only its owner "
                "(the server for a server key, the CA for a CA key) may hold it: whoever has "
                "it can sign as the owner and read what was encrypted for the owner.  Keep "
                "the file mode 0600, never send it, never commit it.", "%s", what);
}

int inspect_rsa_private(struct der_reader *r, struct inspect_report *out, int depth)
{
    static const struct {
        const char *what, *label, *note;
        bool secret;
    } parts[] = {
        {"the modulus", "modulus n", "n = p * q.  Public: it is in the certificate too.",
         false},
        {"the public exponent", "public exponent e", "Public, usually 65537.", false},
        {"the private exponent", "private exponent d", "The secret power that undoes e: it "
         "signs and decrypts.", true},
        {"the first prime", "prime p", "One of the two secret primes whose product is n.",
         true},
        {"the second prime", "prime q", "The other secret prime.", true},
        {"the first exponent", "exponent dP", "d mod (p-1), kept to make signing about four "
         "times faster (the Chinese remainder theorem).", true},
        {"the second exponent", "exponent dQ", "d mod (q-1), for the same speed-up.", true},
        {"the coefficient", "coefficient qInv", "The inverse of q mod p, for the same "
         "speed-up.", true},
    };
    struct der_reader key;
    struct der_tlv t;
    const uint8_t *n = NULL;
    size_t n_len = 0;

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the RSA private key",
                   &t) != 0 || der_enter(r, &t, &key) != 0)
        return -1;
    key_head(out, depth, &t, "RSA (PKCS#1)");
    if (inspect_integer(&key, out, depth + 1, "the version", "version", INSPECT_MARK_NONE,
                        "0 for a key of two primes, which is what everyone uses.", NULL,
                        NULL) != 0)
        return -1;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const uint8_t *m;
        size_t m_len;
        char *note = xasprintf("%s%s%s", parts[i].note, parts[i].secret ? "  " : "",
                               parts[i].secret ? secret_note : "");
        int rc = inspect_integer(&key, out, depth + 1, parts[i].what, parts[i].label,
                                 parts[i].secret ? INSPECT_MARK_SECRET : INSPECT_MARK_NONE,
                                 note, &m, &m_len);
        free(note);
        if (rc != 0)
            return -1;
        if (i == 0) {
            n = m;
            n_len = m_len;
        }
    }
    if (!der_at_end(&key) && der_read(&key, &t) == 0)
        inspect_add(out, depth + 1, &t, INSPECT_MARK_SECRET, "other primes", NULL,
                    "a key of more than two primes");
    if (der_finish(&key, "the RSA private key") != 0)
        return -1;
    inspect_add(out, depth + 1, NULL, INSPECT_MARK_NONE, "key size", "The size of n.  Today "
                "2048 bits is the least that is accepted.", "RSA %zu bits",
                inspect_bit_length(n, n_len));
    return 0;
}

int inspect_ec_private(struct der_reader *r, struct inspect_report *out, int depth,
                       const char *curve_oid)
{
    struct der_reader key, inner;
    struct der_tlv t, v;
    char oid[DER_OID_TEXT_MAX];

    if (der_expect(r, DER_CLASS_UNIVERSAL, true, DER_TAG_SEQUENCE, "the EC private key",
                   &t) != 0 || der_enter(r, &t, &key) != 0)
        return -1;
    key_head(out, depth, &t, "elliptic curve (SEC1)");
    if (inspect_integer(&key, out, depth + 1, "the version", "version", INSPECT_MARK_NONE,
                        "Always 1 for this format.", NULL, NULL) != 0 ||
        der_expect(&key, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                   "the private key", &v) != 0)
        return -1;
    char *hex = inspect_hex_short(v.content, v.len, HEX_SHOWN);
    inspect_add(out, depth + 1, &v, INSPECT_MARK_SECRET, "private number", "A random number "
                "below the curve's order; the public key is the curve's base point "
                "multiplied by it.  SECRET.", "%s (%zu bytes)", hex, v.len);
    crypt_free(hex, strlen(hex));
    if (der_peek(&key, DER_CLASS_CONTEXT, true, 0)) {
        if (der_read(&key, &t) != 0 || der_enter(&key, &t, &inner) != 0 ||
            inspect_curve(&inner, out, depth + 1, oid) != 0 ||
            der_finish(&inner, "the curve parameters") != 0)
            return -1;
    } else if (curve_oid != NULL) {
        const struct oid_info *o = oid_lookup(curve_oid);
        inspect_add(out, depth + 1, NULL, INSPECT_MARK_NONE, "curve", NULL, "%s (named in the "
                    "algorithm above)", o ? o->name : curve_oid);
    }
    if (der_peek(&key, DER_CLASS_CONTEXT, true, 1)) {
        const uint8_t *bits;
        size_t len;
        unsigned unused;
        if (der_read(&key, &t) != 0 || der_enter(&key, &t, &inner) != 0 ||
            der_expect(&inner, DER_CLASS_UNIVERSAL, false, DER_TAG_BIT_STRING,
                       "the public key", &v) != 0 ||
            der_get_bit_string(&inner, &v, &bits, &len, &unused) != 0 ||
            der_finish(&inner, "the public key") != 0)
            return -1;
        inspect_add(out, depth + 1, &v, INSPECT_MARK_NONE, "public point", "The public half, "
                    "stored alongside for convenience: it can always be computed from the "
                    "private number.", "%zu bytes", len);
    }
    return der_finish(&key, "the EC private key");
}

/* Explain the privateKey OCTET STRING of a PKCS#8 key of algorithm oid. */
static int pkcs8_inner(struct der_reader *key, const struct der_tlv *octets, const char *oid,
                       const struct der_tlv *params, bool has_params,
                       struct inspect_report *out)
{
    struct der_reader inner;
    struct der_tlv t;

    if (der_enter_octets(key, octets, &inner) != 0)
        return -1;
    if (strcmp(oid, OID_RSA) == 0)
        return inspect_rsa_private(&inner, out, 1) != 0 ? -1
               : der_finish(&inner, "the private key");
    if (strcmp(oid, OID_EC) == 0) {
        char curve[DER_OID_TEXT_MAX] = "";
        if (has_params && params->tag == DER_TAG_OID) {
            struct der_reader p;
            if (der_enter_bytes(key, params, params->content - params->header_len,
                                    params->header_len + params->len, &p) != 0 ||
                der_read_oid(&p, "a named curve", &t, curve) != 0)
                return -1;
        }
        return inspect_ec_private(&inner, out, 1, curve[0] ? curve : NULL) != 0 ? -1
               : der_finish(&inner, "the private key");
    }
    if (der_expect(&inner, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                   "the curve private key", &t) != 0 ||
        der_finish(&inner, "the private key") != 0)
        return -1;
    char *hex = inspect_hex_short(t.content, t.len, HEX_SHOWN);
    key_head(out, 1, &t, oid_name(oid));
    inspect_add(out, 2, &t, INSPECT_MARK_SECRET, "seed", "The 32 random bytes the whole "
                "keypair is computed from.  SECRET.", "%s (%zu bytes)", hex, t.len);
    crypt_free(hex, strlen(hex));
    if (strcmp(oid, OID_ED25519) == 0 && t.len == CRYPT_SIGN_SEEDBYTES) {
        uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
        crypt_sign_keypair_from_seed(pk, sk, t.content);
        crypt_wipe(sk, sizeof sk);
        hex = inspect_hex_short(pk, sizeof pk, 40);
        inspect_add(out, 2, NULL, INSPECT_MARK_NONE, "public key (computed)", "tlssim "
                    "computed this from the seed.  The matching certificate must carry "
                    "exactly these bytes.", "%s", hex);
        free(hex);
    }
    return 0;
}

int inspect_pkcs8(struct der_reader *r, struct inspect_report *out)
{
    struct der_reader key;
    struct der_tlv alg, params, octets, t;
    char oid[DER_OID_TEXT_MAX];
    bool has_params;

    snprintf(out->kind, sizeof out->kind, "private key (PKCS#8)");
    out->secret = true;
    inspect_add(out, 0, NULL, INSPECT_MARK_SECRET, "private key file", "PKCS#8 wraps a "
                "private key of any algorithm, with the algorithm named in front.  This file "
                "is SECRET: only the key's owner may read it.", "PKCS#8, not encrypted");
    if (der_enter_sequence(r, "the private key", &key) != 0 ||
        inspect_integer(&key, out, 1, "the version", "version", INSPECT_MARK_NONE, "0 (v1); "
                        "1 (v2) would add the public key.", NULL, NULL) != 0 ||
        inspect_algorithm(&key, "the key algorithm", &alg, oid, &params, &has_params) != 0)
        return -1;
    const struct oid_info *o = oid_lookup(oid);
    inspect_add(out, 1, &alg, INSPECT_MARK_NONE, "algorithm", NULL, "%s (%s)%s%s",
                o ? o->name : oid, oid, o ? ": " : "", o ? o->meaning : "");
    if (der_expect(&key, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING, "the private key",
                   &octets) != 0 ||
        pkcs8_inner(&key, &octets, oid, &params, has_params, out) != 0)
        return -1;
    while (!der_at_end(&key)) {
        if (der_read(&key, &t) != 0)
            return -1;
        if (t.cls != DER_CLASS_CONTEXT || t.tag > 1)
            return der_fail(&key, t.offset, "unexpected value at offset %zu after the private "
                            "key; PKCS#8 allows only attributes [0] and a public key [1]",
                            t.offset);
        inspect_add(out, 1, &t, INSPECT_MARK_NONE, t.tag == 0 ? "attributes" : "public key",
                    NULL, "%zu bytes", t.len);
    }
    if (der_finish(&key, "the private key") != 0)
        return -1;
    return der_finish(r, "the private key");
}

/* Explain PBKDF2 or scrypt parameters: how the password becomes a key. */
static int explain_kdf(struct der_reader *r, struct inspect_report *out)
{
    struct der_reader p;
    struct der_tlv alg, params, salt, t;
    char oid[DER_OID_TEXT_MAX], prf[DER_OID_TEXT_MAX] = OID_HMAC_SHA1;
    bool has_params;
    uint64_t iterations = 0;

    if (inspect_algorithm(r, "the key derivation", &alg, oid, &params, &has_params) != 0)
        return -1;
    if (!has_params || (strcmp(oid, OID_PBKDF2) != 0 && strcmp(oid, OID_SCRYPT) != 0)) {
        inspect_add(out, 2, &alg, INSPECT_MARK_NONE, "key from password", NULL, "%s",
                    oid_name(oid));
        return 0;
    }
    if (der_enter(r, &params, &p) != 0 ||
        der_expect(&p, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING, "the salt",
                   &salt) != 0 ||
        der_expect(&p, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER, "the cost", &t) != 0 ||
        der_get_uint(&p, &t, &iterations) != 0)
        return -1;
    if (strcmp(oid, OID_SCRYPT) == 0) {
        while (!der_at_end(&p))
            if (der_read(&p, &t) != 0)
                return -1;
        inspect_add(out, 2, &alg, INSPECT_MARK_NONE, "key from password", "The password is "
                    "stretched into the encryption key; the cost makes every guess slow.",
                    "scrypt, N = %llu, %zu-byte salt", (unsigned long long)iterations, salt.len);
        return 0;
    }
    if (der_peek(&p, DER_CLASS_UNIVERSAL, false, DER_TAG_INTEGER) &&
        (der_read(&p, &t) != 0 || der_get_uint(&p, &t, &(uint64_t){0}) != 0))
        return -1;
    if (!der_at_end(&p)) {
        bool prf_params;
        if (inspect_algorithm(&p, "the PRF", &t, prf, &params, &prf_params) != 0)
            return -1;
    }
    if (der_finish(&p, "the PBKDF2 parameters") != 0)
        return -1;
    inspect_add(out, 2, &alg, INSPECT_MARK_NONE, "key from password", "The password is "
                "stretched into the encryption key by many rounds of HMAC, so that every "
                "guess of an attacker costs as much.", "PBKDF2 with %s, %llu iterations, "
                "%zu-byte salt", oid_name(prf), (unsigned long long)iterations, salt.len);
    return 0;
}

int inspect_encrypted_pkcs8(struct der_reader *r, struct inspect_report *out)
{
    struct der_reader epki, pbes2;
    struct der_tlv alg, params, cipher, cparams, data;
    char oid[DER_OID_TEXT_MAX], cipher_oid[DER_OID_TEXT_MAX];
    bool has_params, has_cparams;

    snprintf(out->kind, sizeof out->kind, "ENCRYPTED private key (PKCS#8)");
    out->secret = true;
    inspect_add(out, 0, NULL, INSPECT_MARK_SECRET, "private key file", "An ENCRYPTED private "
                "key (EncryptedPrivateKeyInfo): the key inside is locked with a password.  "
                "tlssim does not decrypt it.  Still keep it secret: a weak password can be "
                "guessed offline.", "PKCS#8, ENCRYPTED");
    if (der_enter_sequence(r, "the encrypted private key", &epki) != 0 ||
        inspect_algorithm(&epki, "the encryption algorithm", &alg, oid, &params,
                          &has_params) != 0)
        return -1;
    const struct oid_info *o = oid_lookup(oid);
    inspect_add(out, 1, &alg, INSPECT_MARK_NONE, "encryption", "How the key was locked "
                "with the password.", "%s (%s)%s%s", o ? o->name : oid, oid, o ? ": " : "",
                o ? o->meaning : "");
    if (strcmp(oid, OID_PBES2) == 0 && has_params) {
        if (der_enter(&epki, &params, &pbes2) != 0 || explain_kdf(&pbes2, out) != 0 ||
            inspect_algorithm(&pbes2, "the cipher", &cipher, cipher_oid, &cparams,
                              &has_cparams) != 0 || der_finish(&pbes2, "PBES2") != 0)
            return -1;
        const struct oid_info *c = oid_lookup(cipher_oid);
        inspect_add(out, 2, &cipher, INSPECT_MARK_NONE, "cipher", "The cipher that encrypts "
                    "the key; the random IV makes two encryptions of one key differ.",
                    "%s%s%s", c ? c->name : cipher_oid, c ? ": " : "", c ? c->meaning : "");
    }
    if (der_expect(&epki, DER_CLASS_UNIVERSAL, false, DER_TAG_OCTET_STRING,
                   "the encrypted data", &data) != 0 ||
        der_finish(&epki, "the encrypted private key") != 0)
        return -1;
    inspect_add(out, 1, &data, INSPECT_MARK_SECRET, "encrypted key", "The private key, "
                "encrypted.  Without the password it is noise; with it, the whole key.",
                "%zu bytes, not decrypted", data.len);
    return der_finish(r, "the encrypted private key");
}
