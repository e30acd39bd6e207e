/*
 * test_inspect.c - the explainer: the fields of certificates, requests and
 * keys come out with their meaning and their place in the DER, signatures
 * are checked or honestly left unchecked, and broken input is an error with
 * an offset, never a crash.
 */
#include "pki/certdir.h"
#include "pki/inspect.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#define NOW INT64_C(1767225600)

static struct crypt_rng rng;

/* The DER of file i of the CA set seeded with seed (0 ca.key ... 4
 * certificate.crt). */
static void seeded_set_der(uint64_t seed, size_t i, struct bytes *der)
{
    struct certdir_spec spec = {.host = "www.example.com", .now = NOW, .seeded = true,
                                .seed = seed};
    struct certdir_set set;
    struct inspect_file f;
    struct inspect_error e;
    char err[CERTDIR_ERR_MAX];

    crypt_rng_from_number(&rng, seed);
    crypt_rng_use(&rng);
    CU_ASSERT_EQUAL_FATAL(certdir_make(&spec, &set, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(inspect_split(set.files[i].text.data, set.files[i].text.len, &f, &e),
                          0);
    CU_ASSERT(f.is_pem);
    CU_ASSERT_EQUAL(f.count, 1);
    bytes_append(der, f.blocks[0].der.data, f.blocks[0].der.len);
    inspect_file_free(&f);
    certdir_set_free(&set);
    crypt_rng_use(NULL);
}

/* The DER of file i of the CA set most tests use. */
static void set_der(size_t i, struct bytes *der)
{
    seeded_set_der(9, i, der);
}

/* The first line labelled label, or NULL. */
static const struct inspect_line *find(const struct inspect_report *r, const char *label)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->lines[i].label, label) == 0)
            return &r->lines[i];
    return NULL;
}

static void test_certificate_fields(void)
{
    struct bytes der = {0};
    struct inspect_report r;
    char err[DER_ERR_MAX];

    set_der(4, &der);
    struct inspect_context now = {.now = NOW};
    CU_ASSERT_EQUAL_FATAL(inspect_certificate(der.data, der.len, &now, &r, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(r.kind, "X.509 certificate");
    CU_ASSERT(!r.secret);
    const struct inspect_line *l = find(&r, "version");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->text, "v3");
    CU_ASSERT(l->has_span);
    CU_ASSERT_EQUAL(der.data[l->offset], 0xa0);  /* the [0] that holds the version */
    l = find(&r, "DNS");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->text, "www.example.com");
    CU_ASSERT_EQUAL(der.data[l->offset], 0x82);  /* [2] IMPLICIT dNSName */
    CU_ASSERT_EQUAL(l->len, strlen("www.example.com"));
    l = find(&r, "basicConstraints");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    unit_expect_contains(l->text, "[critical]");
    unit_expect_contains(l->note, "Critical:");
    l = find(&r, "valid now?");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->mark, INSPECT_MARK_GOOD);
    l = find(&r, "signature check");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->mark, INSPECT_MARK_UNCHECKED);  /* no CA given */
    CU_ASSERT_PTR_NULL(find(&r, "self-signed"));
    for (size_t i = 0; i < r.count; i++)
        if (r.lines[i].has_span)
            CU_ASSERT(r.lines[i].offset + r.lines[i].header_len + r.lines[i].len <= der.len);
    inspect_report_free(&r);

    /* Years later the certificate has expired. */
    struct inspect_context later = {.now = NOW + 400 * 86400};
    CU_ASSERT_EQUAL(inspect_certificate(der.data, der.len, &later, &r, err, sizeof err), 0);
    CU_ASSERT_EQUAL(find(&r, "valid now?")->mark, INSPECT_MARK_WARN);
    inspect_report_free(&r);
    bytes_free(&der);
}

static void test_signatures(void)
{
    struct bytes ca = {0}, leaf = {0}, csr = {0};
    struct inspect_pool pool = {0};
    struct inspect_report r;
    struct der_error e;

    set_der(1, &ca);
    set_der(4, &leaf);
    set_der(3, &csr);
    inspect_pool_add(&pool, ca.data, ca.len, "ca.crt");
    inspect_pool_add(&pool, csr.data, csr.len, "csr.pem");  /* not a certificate: skipped */
    CU_ASSERT_EQUAL(pool.count, 1);
    struct inspect_context ctx = {.now = NOW, .pool = &pool};

    CU_ASSERT_EQUAL_FATAL(inspect_der(leaf.data, leaf.len, "CERTIFICATE", &ctx, &r, &e), 0);
    CU_ASSERT_EQUAL(find(&r, "signature check")->mark, INSPECT_MARK_GOOD);
    unit_expect_contains(find(&r, "signature check")->text, "ca.crt");
    CU_ASSERT_EQUAL(find(&r, "issuer is a CA?")->mark, INSPECT_MARK_GOOD);
    CU_ASSERT_EQUAL(find(&r, "issuer valid now?")->mark, INSPECT_MARK_GOOD);
    inspect_report_free(&r);

    /* A client asks more of the issuer than its signature: that it is a CA,
     * and that its own certificate holds now. */
    struct inspect_context later = {.now = pool.certs[0].not_after + 1, .pool = &pool};
    CU_ASSERT_EQUAL_FATAL(inspect_der(leaf.data, leaf.len, "CERTIFICATE", &later, &r, &e), 0);
    CU_ASSERT_EQUAL(find(&r, "issuer valid now?")->mark, INSPECT_MARK_WARN);
    unit_expect_contains(find(&r, "issuer valid now?")->text, "expired");
    inspect_report_free(&r);
    pool.certs[0].is_ca = false;
    CU_ASSERT_EQUAL_FATAL(inspect_der(leaf.data, leaf.len, "CERTIFICATE", &ctx, &r, &e), 0);
    CU_ASSERT_EQUAL(find(&r, "signature check")->mark, INSPECT_MARK_GOOD);
    CU_ASSERT_EQUAL(find(&r, "issuer is a CA?")->mark, INSPECT_MARK_BAD);
    inspect_report_free(&r);
    pool.certs[0].is_ca = true;

    CU_ASSERT_EQUAL_FATAL(inspect_der(ca.data, ca.len, "", &ctx, &r, &e), 0);
    CU_ASSERT_PTR_NOT_NULL(find(&r, "self-signed"));
    CU_ASSERT_EQUAL(find(&r, "signature check")->mark, INSPECT_MARK_GOOD);
    inspect_report_free(&r);

    CU_ASSERT_EQUAL_FATAL(inspect_der(csr.data, csr.len, "", &ctx, &r, &e), 0);
    CU_ASSERT_STRING_EQUAL(r.kind, "PKCS#10 certificate signing request");
    CU_ASSERT_PTR_NOT_NULL(find(&r, "proof of possession"));
    CU_ASSERT_EQUAL(find(&r, "signature check")->mark, INSPECT_MARK_GOOD);
    inspect_report_free(&r);

    /* A changed byte in the signed part breaks the signature. */
    const struct inspect_line *l;
    CU_ASSERT_EQUAL_FATAL(inspect_der(leaf.data, leaf.len, "CERTIFICATE", &ctx, &r, &e), 0);
    l = find(&r, "DNS");
    leaf.data[l->offset + l->header_len] ^= 0x01;  /* www -> vww */
    inspect_report_free(&r);
    CU_ASSERT_EQUAL_FATAL(inspect_der(leaf.data, leaf.len, "CERTIFICATE", &ctx, &r, &e), 0);
    CU_ASSERT_EQUAL(find(&r, "signature check")->mark, INSPECT_MARK_BAD);
    inspect_report_free(&r);

    inspect_pool_free(&pool);

    /* Two CAs made alike share a name: the one whose key signed is found,
     * whichever comes first. */
    struct bytes twin = {0};
    seeded_set_der(10, 1, &twin);
    leaf.len = 0;
    set_der(4, &leaf);
    inspect_pool_add(&pool, twin.data, twin.len, "twin/ca.crt");
    inspect_pool_add(&pool, ca.data, ca.len, "ca.crt");
    CU_ASSERT_EQUAL(pool.count, 2);
    CU_ASSERT_EQUAL_FATAL(inspect_der(leaf.data, leaf.len, "CERTIFICATE", &ctx, &r, &e), 0);
    CU_ASSERT_EQUAL(find(&r, "signature check")->mark, INSPECT_MARK_GOOD);
    unit_expect_contains(find(&r, "signature check")->text, "(ca.crt)");
    inspect_report_free(&r);
    inspect_pool_free(&pool);
    bytes_free(&twin);
    bytes_free(&ca);
    bytes_free(&leaf);
    bytes_free(&csr);
}

static void test_private_key(void)
{
    struct bytes key = {0};
    struct inspect_report r;
    struct der_error e;
    struct inspect_context ctx = {.now = NOW};

    set_der(2, &key);
    CU_ASSERT_EQUAL_FATAL(inspect_der(key.data, key.len, "", &ctx, &r, &e), 0);
    CU_ASSERT(r.secret);
    CU_ASSERT_STRING_EQUAL(r.kind, "private key (PKCS#8)");
    const struct inspect_line *l = find(&r, "seed");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->mark, INSPECT_MARK_SECRET);
    CU_ASSERT_PTR_NOT_NULL(find(&r, "public key (computed)"));
    inspect_report_free(&r);
    bytes_free(&key);
}

static void test_traditional_keys(void)
{
    /* RSA public key { n = 0x00c1..., e = 65537 } with a 9-byte modulus. */
    static const uint8_t rsa_pub[] = {0x30, 0x10, 0x02, 0x09, 0x00, 0xc1, 0x02, 0x03, 0x04,
                                      0x05, 0x06, 0x07, 0x09, 0x02, 0x03, 0x01, 0x00, 0x01};
    /* EC PARAMETERS: the OID of P-256. */
    static const uint8_t ec_params[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
                                        0x07};
    struct inspect_report r;
    struct der_error e;
    struct inspect_context ctx = {.now = NOW};

    CU_ASSERT_EQUAL_FATAL(inspect_der(rsa_pub, sizeof rsa_pub, "RSA PUBLIC KEY", &ctx, &r, &e),
                          0);
    CU_ASSERT_STRING_EQUAL(find(&r, "public exponent e")->text, "65537");
    CU_ASSERT_STRING_EQUAL(find(&r, "key size")->text, "RSA 64 bits");
    inspect_report_free(&r);
    CU_ASSERT_EQUAL_FATAL(inspect_der(ec_params, sizeof ec_params, "", &ctx, &r, &e), 0);
    unit_expect_contains(find(&r, "curve")->text, "P-256");
    inspect_report_free(&r);
}

static void test_malformed(void)
{
    static const uint8_t truncated[] = {0x30, 0x10, 0x02, 0x01};
    static const uint8_t trailing[] = {0x30, 0x06, 0x02, 0x01, 0x03, 0x02, 0x01, 0x03, 0x05,
                                       0x00};
    static const uint8_t unknown[] = {0x30, 0x03, 0x01, 0x01, 0xff};
    uint8_t deep[2 * 40 + 2];
    struct inspect_report r;
    struct der_error e;
    struct inspect_context ctx = {.now = NOW};

    CU_ASSERT_EQUAL(inspect_der(truncated, sizeof truncated, "", &ctx, &r, &e), -1);
    CU_ASSERT(e.failed);
    CU_ASSERT_EQUAL(e.offset, 0);
    unit_expect_contains(e.message, "runs past");
    inspect_report_free(&r);

    CU_ASSERT_EQUAL(inspect_der(trailing, sizeof trailing, "RSA PUBLIC KEY", &ctx, &r, &e), -1);
    CU_ASSERT_EQUAL(e.offset, 8);
    unit_expect_contains(e.message, "unexpected bytes");
    inspect_report_free(&r);

    CU_ASSERT_EQUAL(inspect_der(unknown, sizeof unknown, "", &ctx, &r, &e), -1);
    unit_expect_contains(e.message, "not a certificate");
    inspect_report_free(&r);

    /* 40 SEQUENCEs inside each other around a NULL. */
    for (size_t i = 0; i < 40; i++) {
        deep[2 * i] = 0x30;
        deep[2 * i + 1] = (uint8_t)(2 * (40 - i - 1) + 2);
    }
    deep[80] = 0x05;
    deep[81] = 0x00;
    CU_ASSERT_EQUAL(inspect_der(deep, sizeof deep, "", &ctx, &r, &e), -1);
    unit_expect_contains(e.message, "nest deeper");
    inspect_report_free(&r);

    /* Every cut of a real certificate is an error, never a crash. */
    struct bytes cert = {0};
    set_der(4, &cert);
    for (size_t n = 0; n < cert.len; n++) {
        CU_ASSERT_EQUAL(inspect_der(cert.data, n, "CERTIFICATE", &ctx, &r, &e), -1);
        inspect_report_free(&r);
    }
    bytes_free(&cert);
}

static void test_split(void)
{
    static const char chain[] = "text before\n-----BEGIN CERTIFICATE-----\nMAA=\n"
                                "-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\nMAA=\n"
                                "-----END PUBLIC KEY-----\n";
    static const char bad[] = "-----BEGIN CERTIFICATE-----\nMA*=\n-----END CERTIFICATE-----\n";
    static const uint8_t der[] = {0x30, 0x00};
    static const uint8_t binary[] = {0xff, 0x00};
    struct inspect_file f;
    struct inspect_error e;

    CU_ASSERT_EQUAL_FATAL(inspect_split((const uint8_t *)chain, strlen(chain), &f, &e), 0);
    CU_ASSERT_EQUAL(f.count, 2);
    CU_ASSERT_STRING_EQUAL(f.blocks[1].label, "PUBLIC KEY");
    CU_ASSERT_EQUAL(f.blocks[1].line, 5);
    inspect_file_free(&f);
    CU_ASSERT_EQUAL(inspect_split((const uint8_t *)bad, strlen(bad), &f, &e), -1);
    CU_ASSERT(e.in_text);
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(e.column, 3);
    CU_ASSERT_EQUAL_FATAL(inspect_split(der, sizeof der, &f, &e), 0);
    CU_ASSERT(!f.is_pem);
    CU_ASSERT_STRING_EQUAL(f.blocks[0].label, "");
    inspect_file_free(&f);
    CU_ASSERT_EQUAL(inspect_split(binary, sizeof binary, &f, &e), -1);
    unit_expect_contains(e.message, "0xff");
    CU_ASSERT_EQUAL(inspect_split(der, 0, &f, &e), -1);
    unit_expect_contains(e.message, "empty");
}

/* Inspect the one block of a PEM text with inspect_pem_block; its status. */
static int inspect_text(const char *text, struct inspect_report *r, struct der_error *e)
{
    struct inspect_file f;
    struct inspect_error se;
    struct inspect_context ctx = {.now = NOW};

    CU_ASSERT_EQUAL_FATAL(inspect_split((const uint8_t *)text, strlen(text), &f, &se), 0);
    int rc = inspect_pem_block(&f.blocks[0], &ctx, r, e);
    inspect_file_free(&f);
    return rc;
}

/* A traditional key under the legacy PEM encryption is named, its headers
 * explained, its ciphertext left alone; wrong headers are errors. */
static void test_legacy_encrypted(void)
{
    struct inspect_report r;
    struct der_error e;

    CU_ASSERT_EQUAL_FATAL(inspect_text("-----BEGIN RSA PRIVATE KEY-----\n"
                                       "Proc-Type: 4,ENCRYPTED\n"
                                       "DEK-Info: DES-EDE3-CBC,0011223344556677\n\n"
                                       "AAECAwQFBgc=\n-----END RSA PRIVATE KEY-----\n",
                                       &r, &e),
                          0);
    unit_expect_contains(r.kind, "ENCRYPTED RSA private key");
    CU_ASSERT(r.secret);
    CU_ASSERT_EQUAL(find(&r, "cipher")->mark, INSPECT_MARK_WARN);
    unit_expect_contains(find(&r, "cipher")->text, "triple DES");
    CU_ASSERT_STRING_EQUAL(find(&r, "IV")->text, "00:11:22:33:44:55:66:77 (8 bytes)");
    CU_ASSERT_STRING_EQUAL(find(&r, "encrypted key")->text, "8 bytes, not decrypted");
    CU_ASSERT_EQUAL(find(&r, "encrypted key")->mark, INSPECT_MARK_SECRET);
    inspect_report_free(&r);

    static const struct {
        const char *text;
        const char *fragment;
    } bad[] = {
        {"-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
         "AAEC\n-----END CERTIFICATE-----\n", "on a \"CERTIFICATE\" block"},
        {"-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,MIC-ONLY\nDEK-Info: AES-128-CBC,00\n\n"
         "AAEC\n-----END EC PRIVATE KEY-----\n", "\"4,MIC-ONLY\""},
        {"-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n"
         "AAEC\n-----END EC PRIVATE KEY-----\n", "is not CIPHER,IV"},
        {"-----BEGIN EC PRIVATE KEY-----\nDEK-Info: AES-128-CBC,00\n\n"
         "AAEC\n-----END EC PRIVATE KEY-----\n", "the Proc-Type header is \"\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(inspect_text(bad[i].text, &r, &e), -1);
        CU_ASSERT(e.failed);
        unit_expect_contains(e.message, bad[i].fragment);
        inspect_report_free(&r);
    }
}

static void test_hex_short(void)
{
    uint8_t b[40];
    for (size_t i = 0; i < sizeof b; i++)
        b[i] = (uint8_t)i;
    char *s = inspect_hex_short(b, 3, 16);
    CU_ASSERT_STRING_EQUAL(s, "00:01:02");
    free(s);
    s = inspect_hex_short(b, sizeof b, 16);
    CU_ASSERT_STRING_EQUAL(s, "00:01:02:03:04:05:06:07:08:09:0a:0b:...:24:25:26:27");
    free(s);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"a certificate's fields, places and meaning", test_certificate_fields},
        {"Ed25519 signatures are checked against the pool", test_signatures},
        {"a private key is flagged secret", test_private_key},
        {"traditional RSA and EC objects", test_traditional_keys},
        {"malformed DER is an error with an offset", test_malformed},
        {"files split into PEM blocks or one DER object", test_split},
        {"long values are shortened", test_hex_short},
        {"keys under the legacy PEM encryption", test_legacy_encrypted},
        {NULL, NULL},
    };
    return unit_run("inspect", tests);
}
