/*
 * test_x509.c - certificates, signing requests and PKCS#8 keys: what is
 * written reads back field by field, the client's checks pass and fail for
 * the right reasons, and no damaged input crashes the parser.
 */
#include "pki/der.h"
#include "pki/pem.h"
#include "unit.h"
#include "pki/x509.h"

#include <stdlib.h>
#include <string.h>

#define T_2025 INT64_C(1735689600)      /* 2025-01-01 00:00:00 UTC */
#define T_2026 INT64_C(1767225600)      /* 2026-01-01 */
#define T_2026_JUN INT64_C(1780272000)  /* 2026-06-01 */
#define T_2027 INT64_C(1798761600)      /* 2027-01-01 */
#define T_2055 INT64_C(2682374400)      /* 2055-01-01, a GeneralizedTime */
#define HOST "www.example.com"

static struct crypt_rng rng;

/* Keys and certificates that most tests share, all from one seed. */
struct world {
    uint8_t ca_pk[CRYPT_SIGN_PUBLICKEYBYTES], ca_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t other_pk[CRYPT_SIGN_PUBLICKEYBYTES], other_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct x509_cert_spec ca_spec, leaf_spec;
    struct bytes ca_der, leaf_der;
    struct x509_cert ca, leaf;
};

static void use_seed(uint64_t n)
{
    crypt_rng_from_number(&rng, n);
    crypt_rng_use(&rng);
}

/* A CA spec named cn, self-signed with pk. */
static struct x509_cert_spec ca_spec(const char *cn, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    struct x509_cert_spec s = {
        .subject_cn = cn, .subject_org = "tlssim", .issuer_cn = cn, .issuer_org = "tlssim",
        .is_ca = true, .not_before = T_2025, .not_after = T_2055,
    };
    crypt_random(s.serial, sizeof s.serial);
    s.serial[0] |= 0x80;  /* forces the INTEGER's leading zero octet */
    memcpy(s.subject_pk, pk, CRYPT_SIGN_PUBLICKEYBYTES);
    memcpy(s.issuer_pk, pk, CRYPT_SIGN_PUBLICKEYBYTES);
    return s;
}

/* A leaf spec for dns, issued by "tlssim Demo CA" with issuer_pk. */
static struct x509_cert_spec leaf_spec(const char *dns, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                                       const uint8_t issuer_pk[CRYPT_SIGN_PUBLICKEYBYTES])
{
    struct x509_cert_spec s = {
        .subject_cn = dns, .issuer_cn = "tlssim Demo CA", .issuer_org = "tlssim",
        .dns_name = dns, .not_before = T_2026, .not_after = T_2027,
    };
    crypt_random(s.serial, sizeof s.serial);
    s.serial[0] = 0;
    s.serial[1] = 0x05;  /* a serial with a leading zero byte, dropped in DER */
    memcpy(s.subject_pk, pk, CRYPT_SIGN_PUBLICKEYBYTES);
    memcpy(s.issuer_pk, issuer_pk, CRYPT_SIGN_PUBLICKEYBYTES);
    return s;
}

/* Issue spec with sk into der and parse it into cert; asserts both work. */
static void issue_and_parse(const struct x509_cert_spec *spec,
                            const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], struct bytes *der,
                            struct x509_cert *cert)
{
    char err[X509_ERR_MAX] = "";
    CU_ASSERT_EQUAL_FATAL(x509_cert_issue(spec, sk, der), 0);
    CU_ASSERT_EQUAL(x509_cert_parse(der->data, der->len, cert, err, sizeof err), 0);
    if (err[0] != '\0')
        fprintf(stderr, "\n  parse: %s\n", err);
}

static void world_make(struct world *w)
{
    memset(w, 0, sizeof *w);
    use_seed(11);
    crypt_sign_keypair(w->ca_pk, w->ca_sk);
    crypt_sign_keypair(w->other_pk, w->other_sk);
    crypt_sign_keypair(w->pk, w->sk);
    w->ca_spec = ca_spec("tlssim Demo CA", w->ca_pk);
    w->leaf_spec = leaf_spec(HOST, w->pk, w->ca_pk);
    issue_and_parse(&w->ca_spec, w->ca_sk, &w->ca_der, &w->ca);
    issue_and_parse(&w->leaf_spec, w->ca_sk, &w->leaf_der, &w->leaf);
}

static void world_free(struct world *w)
{
    bytes_free(&w->ca_der);
    bytes_free(&w->leaf_der);
    crypt_wipe(w, sizeof *w);
}

/* The key identifier computed here, independently of x509_key_id(). */
static void expected_key_id(uint8_t id[X509_KEYID_BYTES], const uint8_t *pk)
{
    uint8_t digest[CRYPT_SHA256_BYTES];
    crypt_sha256(digest, pk, CRYPT_SIGN_PUBLICKEYBYTES);
    memcpy(id, digest, X509_KEYID_BYTES);
}

static void test_ca_fields(void)
{
    struct world w;
    uint8_t id[X509_KEYID_BYTES];

    world_make(&w);
    const struct x509_cert *c = &w.ca;
    CU_ASSERT_PTR_EQUAL(c->der, w.ca_der.data);
    CU_ASSERT_EQUAL(c->der_len, w.ca_der.len);
    CU_ASSERT_TRUE(c->tbs > c->der && c->tbs + c->tbs_len < c->der + c->der_len);
    CU_ASSERT_EQUAL(c->version, 3);
    CU_ASSERT_EQUAL(c->serial_len, X509_SERIAL_BYTES);
    CU_ASSERT_EQUAL(memcmp(c->serial, w.ca_spec.serial, X509_SERIAL_BYTES), 0);
    CU_ASSERT_STRING_EQUAL(c->issuer, "CN=tlssim Demo CA, O=tlssim");
    CU_ASSERT_STRING_EQUAL(c->subject, "CN=tlssim Demo CA, O=tlssim");
    CU_ASSERT_STRING_EQUAL(c->issuer_cn, "tlssim Demo CA");
    CU_ASSERT_STRING_EQUAL(c->subject_cn, "tlssim Demo CA");
    CU_ASSERT_EQUAL(c->issuer_der_len, c->subject_der_len);
    CU_ASSERT_EQUAL(memcmp(c->issuer_der, c->subject_der, c->subject_der_len), 0);
    CU_ASSERT_EQUAL(c->not_before, T_2025);
    CU_ASSERT_EQUAL(c->not_after, T_2055);
    CU_ASSERT_TRUE(c->key_is_ed25519);
    CU_ASSERT_EQUAL(memcmp(c->public_key, w.ca_pk, sizeof w.ca_pk), 0);
    CU_ASSERT_EQUAL(c->dns_count, 0);
    CU_ASSERT_TRUE(c->is_ca);
    CU_ASSERT_TRUE(c->has_key_usage);
    CU_ASSERT_EQUAL(c->key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
    expected_key_id(id, w.ca_pk);
    CU_ASSERT_EQUAL(c->subject_key_id_len, X509_KEYID_BYTES);
    CU_ASSERT_EQUAL(memcmp(c->subject_key_id, id, sizeof id), 0);
    CU_ASSERT_EQUAL(c->authority_key_id_len, 0);
    CU_ASSERT_TRUE(c->sig_is_ed25519);
    CU_ASSERT_TRUE(crypt_sign_verify(c->signature, c->tbs, c->tbs_len, w.ca_pk));
    world_free(&w);
}

static void test_leaf_fields(void)
{
    struct world w;
    uint8_t id[X509_KEYID_BYTES];

    world_make(&w);
    const struct x509_cert *c = &w.leaf;
    CU_ASSERT_EQUAL(c->version, 3);
    CU_ASSERT_EQUAL(c->serial_len, X509_SERIAL_BYTES - 1);
    CU_ASSERT_EQUAL(memcmp(c->serial, w.leaf_spec.serial + 1, X509_SERIAL_BYTES - 1), 0);
    CU_ASSERT_STRING_EQUAL(c->subject, "CN=" HOST);
    CU_ASSERT_STRING_EQUAL(c->subject_cn, HOST);
    CU_ASSERT_STRING_EQUAL(c->issuer, "CN=tlssim Demo CA, O=tlssim");
    CU_ASSERT_EQUAL(c->issuer_der_len, w.ca.subject_der_len);
    CU_ASSERT_EQUAL(memcmp(c->issuer_der, w.ca.subject_der, c->issuer_der_len), 0);
    CU_ASSERT_EQUAL(c->not_before, T_2026);
    CU_ASSERT_EQUAL(c->not_after, T_2027);
    CU_ASSERT_EQUAL(memcmp(c->public_key, w.pk, sizeof w.pk), 0);
    CU_ASSERT_EQUAL(c->dns_count, 1);
    CU_ASSERT_STRING_EQUAL(c->dns_names[0], HOST);
    CU_ASSERT_FALSE(c->is_ca);
    CU_ASSERT_TRUE(c->has_key_usage);
    CU_ASSERT_EQUAL(c->key_usage, X509_KU_DIGITAL_SIGNATURE);
    expected_key_id(id, w.pk);
    CU_ASSERT_EQUAL(memcmp(c->subject_key_id, id, sizeof id), 0);
    expected_key_id(id, w.ca_pk);
    CU_ASSERT_EQUAL(c->authority_key_id_len, X509_KEYID_BYTES);
    CU_ASSERT_EQUAL(memcmp(c->authority_key_id, id, sizeof id), 0);
    CU_ASSERT_TRUE(crypt_sign_verify(c->signature, c->tbs, c->tbs_len, w.ca_pk));
    CU_ASSERT_FALSE(crypt_sign_verify(c->signature, c->tbs, c->tbs_len, w.pk));

    /* The same input always gives the same certificate. */
    struct world again;
    world_make(&again);
    CU_ASSERT_EQUAL(again.leaf_der.len, w.leaf_der.len);
    CU_ASSERT_EQUAL(memcmp(again.leaf_der.data, w.leaf_der.data, w.leaf_der.len), 0);
    world_free(&again);
    world_free(&w);
}

static void test_issue_refuses(void)
{
    struct world w;
    world_make(&w);
    struct bytes out = {0};
    bytes_append_byte(&out, 0x42);

    struct x509_cert_spec s = w.leaf_spec;
    memset(s.serial, 0, sizeof s.serial);
    CU_ASSERT_EQUAL(x509_cert_issue(&s, w.ca_sk, &out), -1);
    s = w.leaf_spec;
    s.dns_name = "bad name";
    CU_ASSERT_EQUAL(x509_cert_issue(&s, w.ca_sk, &out), -1);
    s = w.leaf_spec;
    s.subject_cn = "bad \xff utf-8";
    CU_ASSERT_EQUAL(x509_cert_issue(&s, w.ca_sk, &out), -1);
    s = w.leaf_spec;
    s.issuer_cn = NULL;
    CU_ASSERT_EQUAL(x509_cert_issue(&s, w.ca_sk, &out), -1);
    CU_ASSERT_EQUAL(out.len, 1);  /* nothing half-written is left behind */
    bytes_free(&out);
    world_free(&w);
}

/* Assert a check's outcome and that its sentence contains fragment. */
static void expect_check(const struct x509_check *c, bool ok, const char *fragment)
{
    CU_ASSERT_EQUAL(c->ok, ok);
    unit_expect_contains(c->detail, fragment);
}

static void test_validate_good(void)
{
    struct world w;
    struct x509_check checks[X509_CHECK_COUNT];

    world_make(&w);
    CU_ASSERT_TRUE(x509_cert_validate(&w.leaf, &w.ca, 1, HOST, T_2026_JUN, checks));
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_ISSUER].detail,
                           "Issued by \"tlssim Demo CA\", which is in the client's trust store.");
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_SIGNATURE].detail,
                           "The CA's Ed25519 signature over the certificate verifies.");
    expect_check(&checks[X509_CHECK_NAME], true, "names " HOST);
    expect_check(&checks[X509_CHECK_VALIDITY], true, "2026-06-01 00:00:00 UTC");
    /* Both ends of the validity period count as valid. */
    CU_ASSERT_TRUE(x509_cert_validate(&w.leaf, &w.ca, 1, HOST, T_2026, checks));
    CU_ASSERT_TRUE(x509_cert_validate(&w.leaf, &w.ca, 1, HOST, T_2027, checks));
    /* Host names compare without regard to case. */
    CU_ASSERT_TRUE(x509_cert_validate(&w.leaf, &w.ca, 1, "WWW.Example.COM", T_2026, checks));
    world_free(&w);
}

static void test_validate_untrusted(void)
{
    struct world w;
    struct x509_check checks[X509_CHECK_COUNT];
    struct x509_cert_spec other;
    struct bytes other_der = {0};
    struct x509_cert other_ca;

    world_make(&w);
    /* The trust store holds a different CA. */
    other = ca_spec("Other Root", w.other_pk);
    issue_and_parse(&other, w.other_sk, &other_der, &other_ca);
    CU_ASSERT_FALSE(x509_cert_validate(&w.leaf, &other_ca, 1, HOST, T_2026_JUN, checks));
    expect_check(&checks[X509_CHECK_ISSUER], false,
                 "Issued by \"tlssim Demo CA\", which is not in the client's trust store");
    expect_check(&checks[X509_CHECK_SIGNATURE], false, "no trusted key to check the signature");
    CU_ASSERT_FALSE(checks[X509_CHECK_SIGNATURE].checked);
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_SIGNATURE].code, "no_trusted_issuer");
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_ISSUER].code, "untrusted_issuer");
    CU_ASSERT_TRUE(checks[X509_CHECK_NAME].ok);
    CU_ASSERT_TRUE(checks[X509_CHECK_VALIDITY].ok);
    /* An empty trust store trusts nobody. */
    CU_ASSERT_FALSE(x509_cert_validate(&w.leaf, NULL, 0, HOST, T_2026_JUN, checks));
    CU_ASSERT_FALSE(checks[X509_CHECK_ISSUER].ok);
    bytes_free(&other_der);

    /* An impostor CA with the right name but another key: the name is found,
     * the signature gives it away. */
    other = ca_spec("tlssim Demo CA", w.other_pk);
    issue_and_parse(&other, w.other_sk, &other_der, &other_ca);
    CU_ASSERT_FALSE(x509_cert_validate(&w.leaf, &other_ca, 1, HOST, T_2026_JUN, checks));
    CU_ASSERT_TRUE(checks[X509_CHECK_ISSUER].ok);
    expect_check(&checks[X509_CHECK_SIGNATURE], false, "does not verify");
    /* With the real CA beside the impostor, the one whose key verifies is used. */
    struct x509_cert store[2] = {other_ca, w.ca};
    CU_ASSERT_TRUE(x509_cert_validate(&w.leaf, store, 2, HOST, T_2026_JUN, checks));
    bytes_free(&other_der);
    world_free(&w);
}

static void test_validate_self_signed(void)
{
    struct world w;
    struct x509_check checks[X509_CHECK_COUNT];
    struct bytes der = {0}, child_der = {0};
    struct x509_cert self, child;

    world_make(&w);
    struct x509_cert_spec s = w.leaf_spec;
    s.issuer_cn = HOST;
    s.issuer_org = NULL;
    memcpy(s.issuer_pk, w.pk, sizeof w.pk);
    issue_and_parse(&s, w.sk, &der, &self);
    CU_ASSERT_FALSE(x509_cert_validate(&self, &w.ca, 1, HOST, T_2026_JUN, checks));
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_ISSUER].detail,
                           "The certificate is self-signed: nobody the client trusts vouches "
                           "for it.");
    /* Not checked, and said so: the signature is valid under the certificate's own key. */
    expect_check(&checks[X509_CHECK_SIGNATURE], false, "it does verify under the certificate's "
                                                       "own key");
    CU_ASSERT_FALSE(checks[X509_CHECK_SIGNATURE].checked);
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_ISSUER].code, "self_signed");
    CU_ASSERT_EQUAL(self.authority_key_id_len, 0);

    /* Put into the trust store itself, it is trusted directly. */
    CU_ASSERT_TRUE(x509_cert_validate(&self, &self, 1, HOST, T_2026_JUN, checks));
    expect_check(&checks[X509_CHECK_ISSUER], true, "itself is in the client's trust store");

    /* But a trusted leaf may not vouch for another certificate. */
    struct x509_cert_spec c = leaf_spec("child.example", w.other_pk, w.pk);
    c.issuer_cn = HOST;
    c.issuer_org = NULL;
    issue_and_parse(&c, w.sk, &child_der, &child);
    CU_ASSERT_FALSE(x509_cert_validate(&child, &self, 1, "child.example", T_2026_JUN, checks));
    expect_check(&checks[X509_CHECK_ISSUER], false, "not a CA");
    bytes_free(&der);
    bytes_free(&child_der);
    world_free(&w);
}

static void test_validate_names(void)
{
    struct world w;
    struct x509_check checks[X509_CHECK_COUNT];
    struct bytes der = {0};
    struct x509_cert evil;

    world_make(&w);
    struct x509_cert_spec s = leaf_spec("evil.example", w.pk, w.ca_pk);
    issue_and_parse(&s, w.ca_sk, &der, &evil);
    CU_ASSERT_FALSE(x509_cert_validate(&evil, &w.ca, 1, HOST, T_2026_JUN, checks));
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_NAME].detail,
                           "The client asked for www.example.com but the certificate names "
                           "only evil.example.");
    CU_ASSERT_TRUE(checks[X509_CHECK_ISSUER].ok);
    CU_ASSERT_TRUE(checks[X509_CHECK_SIGNATURE].ok);
    CU_ASSERT_FALSE(x509_cert_validate(&w.leaf, &w.ca, 1, NULL, T_2026_JUN, checks));
    CU_ASSERT_FALSE(checks[X509_CHECK_NAME].ok);
    bytes_free(&der);

    /* A CA certificate names no host at all. */
    CU_ASSERT_FALSE(x509_cert_validate(&w.ca, &w.ca, 1, HOST, T_2026_JUN, checks));
    expect_check(&checks[X509_CHECK_NAME], false, "names no host");

    s = leaf_spec("*.example.com", w.pk, w.ca_pk);
    issue_and_parse(&s, w.ca_sk, &der, &evil);
    CU_ASSERT_TRUE(x509_cert_validate(&evil, &w.ca, 1, HOST, T_2026_JUN, checks));
    expect_check(&checks[X509_CHECK_NAME], true, "wildcard *.example.com covers");
    CU_ASSERT_FALSE(x509_cert_validate(&evil, &w.ca, 1, "a.b.example.com", T_2026_JUN, checks));
    CU_ASSERT_FALSE(x509_cert_validate(&evil, &w.ca, 1, "example.com", T_2026_JUN, checks));
    bytes_free(&der);

    CU_ASSERT_TRUE(x509_name_matches("*.example.com", "Mail.EXAMPLE.com"));
    CU_ASSERT_FALSE(x509_name_matches("*.example.com", ".example.com"));
    CU_ASSERT_FALSE(x509_name_matches("*.", "a."));
    CU_ASSERT_FALSE(x509_name_matches("www.example.com", "www.example.com.evil"));
    CU_ASSERT_FALSE(x509_name_matches("w*.example.com", "www.example.com"));
    world_free(&w);
}

static void test_validate_dates(void)
{
    struct world w;
    struct x509_check checks[X509_CHECK_COUNT];

    world_make(&w);
    CU_ASSERT_FALSE(x509_cert_validate(&w.leaf, &w.ca, 1, HOST, T_2027 + 1, checks));
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_VALIDITY].detail,
                           "The certificate expired on 2027-01-01 00:00:00 UTC; the clock says "
                           "2027-01-01 00:00:01 UTC.");
    CU_ASSERT_TRUE(checks[X509_CHECK_ISSUER].ok && checks[X509_CHECK_SIGNATURE].ok &&
                   checks[X509_CHECK_NAME].ok);
    CU_ASSERT_FALSE(x509_cert_validate(&w.leaf, &w.ca, 1, HOST, T_2026 - 1, checks));
    CU_ASSERT_STRING_EQUAL(checks[X509_CHECK_VALIDITY].detail,
                           "The certificate is not valid until 2026-01-01 00:00:00 UTC; the "
                           "clock says 2025-12-31 23:59:59 UTC.");
    world_free(&w);
}

static void test_validate_tampered(void)
{
    struct world w;
    struct x509_check checks[X509_CHECK_COUNT];
    struct x509_cert bad;
    char err[X509_ERR_MAX];

    world_make(&w);
    uint8_t *copy = bytes_dup(w.leaf_der.data, w.leaf_der.len);
    /* Change the subject's name inside the signed part: "www" becomes "wwx". */
    uint8_t *hit = NULL;
    for (size_t i = 0; i + 3 <= w.leaf_der.len; i++)
        if (memcmp(copy + i, "www", 3) == 0)
            hit = copy + i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
    hit[2] = 'x';
    CU_ASSERT_EQUAL(x509_cert_parse(copy, w.leaf_der.len, &bad, err, sizeof err), 0);
    CU_ASSERT_FALSE(x509_cert_validate(&bad, &w.ca, 1, HOST, T_2026_JUN, checks));
    CU_ASSERT_TRUE(checks[X509_CHECK_ISSUER].ok);
    expect_check(&checks[X509_CHECK_SIGNATURE], false, "does not verify");

    /* Flip any one byte of the signed part: either the parse refuses it or the
     * signature check fails. */
    for (size_t i = 0; i < w.leaf.tbs_len; i++) {
        memcpy(copy, w.leaf_der.data, w.leaf_der.len);
        copy[(size_t)(w.leaf.tbs - w.leaf.der) + i] ^= 0x01;
        if (x509_cert_parse(copy, w.leaf_der.len, &bad, err, sizeof err) == 0) {
            CU_ASSERT_FALSE(x509_cert_validate(&bad, &w.ca, 1, HOST, T_2026_JUN, checks) &&
                            checks[X509_CHECK_SIGNATURE].ok);
        }
    }
    free(copy);
    world_free(&w);
}

static void test_parse_strict(void)
{
    struct world w;
    struct x509_cert c;
    char err[X509_ERR_MAX];

    world_make(&w);
    /* Every truncation fails, and says where. */
    for (size_t n = 0; n < w.leaf_der.len; n++) {
        uint8_t *copy = bytes_dup(w.leaf_der.data, n);
        CU_ASSERT_EQUAL(x509_cert_parse(copy, n, &c, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "offset"));
        free(copy);
    }
    CU_ASSERT_EQUAL(x509_cert_parse(w.leaf_der.data, w.leaf_der.len - 1, &c, err,
                                    sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "runs past the end of the input"));

    /* A byte after the certificate is refused. */
    struct bytes longer = {0};
    bytes_append(&longer, w.leaf_der.data, w.leaf_der.len);
    bytes_append_byte(&longer, 0);
    CU_ASSERT_EQUAL(x509_cert_parse(longer.data, longer.len, &c, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 unexpected bytes"));
    bytes_free(&longer);

    /* Every single-bit flip anywhere parses or fails cleanly (the sanitizer
     * build turns any overrun into a failure). */
    uint8_t *copy = bytes_dup(w.leaf_der.data, w.leaf_der.len);
    for (size_t i = 0; i < w.leaf_der.len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            copy[i] ^= (uint8_t)(1u << bit);
            err[0] = '\0';
            if (x509_cert_parse(copy, w.leaf_der.len, &c, err, sizeof err) != 0)
                CU_ASSERT_NOT_EQUAL(err[0], '\0');
            copy[i] ^= (uint8_t)(1u << bit);
        }
    }
    free(copy);

    /* Something that is not a certificate at all. */
    static const uint8_t junk[] = {0x02, 0x01, 0x05};
    CU_ASSERT_EQUAL(x509_cert_parse(junk, sizeof junk, &c, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "expected the certificate (SEQUENCE) at offset 0, found "
                                "INTEGER");
    world_free(&w);
}

/* Replace the first find_len bytes equal to find in a copy of the leaf with
 * replace and parse it (no re-signing); -2 when find does not occur. */
static int parse_edited(const struct world *w, const char *find, size_t find_len,
                        const char *replace, char *err, size_t errlen)
{
    struct x509_cert c;
    uint8_t *copy = bytes_dup(w->leaf_der.data, w->leaf_der.len);
    int rc = -2;
    for (size_t i = 0; i + find_len <= w->leaf_der.len; i++) {
        if (memcmp(copy + i, find, find_len) == 0) {
            memcpy(copy + i, replace, find_len);
            rc = x509_cert_parse(copy, w->leaf_der.len, &c, err, errlen);
            break;
        }
    }
    free(copy);
    return rc;
}

static void test_parse_rules(void)
{
    struct world w;
    char err[X509_ERR_MAX];

    world_make(&w);
    /* version [0] { INTEGER 2 } written as 3 (v4, which does not exist). */
    CU_ASSERT_EQUAL(parse_edited(&w, "\xa0\x03\x02\x01\x02", 5, "\xa0\x03\x02\x01\x03", err,
                                 sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "only v1 to v3"));
    /* The explicit default v1 is not DER. */
    CU_ASSERT_EQUAL(parse_edited(&w, "\xa0\x03\x02\x01\x02", 5, "\xa0\x03\x02\x01\x00", err,
                                 sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "DER omits"));
    /* keyUsage made non-critical is still fine; an unknown critical extension is not:
     * turn keyUsage (2.5.29.15) into 2.5.29.99 while it stays critical. */
    CU_ASSERT_EQUAL(parse_edited(&w, "\x06\x03\x55\x1d\x0f\x01\x01\xff", 8,
                                 "\x06\x03\x55\x1d\x63\x01\x01\xff", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "2.5.29.99"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "critical"));
    /* Two subjectKeyIdentifiers: rename the authority key id (2.5.29.35) to 2.5.29.14. */
    CU_ASSERT_EQUAL(parse_edited(&w, "\x06\x03\x55\x1d\x23", 5, "\x06\x03\x55\x1d\x0e", err,
                                 sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "appears twice"));
    /* A UTCTime for the 31st of November. */
    CU_ASSERT_EQUAL(parse_edited(&w, "260101000000Z", 13, "261131000000Z", err, sizeof err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "does not exist"));
    world_free(&w);
}

static void test_csr(void)
{
    struct world w;
    struct bytes der = {0};
    struct x509_csr csr;
    char err[X509_ERR_MAX] = "";

    world_make(&w);
    struct x509_csr_spec spec = {.subject_cn = HOST, .subject_org = "tlssim Demo",
                                 .dns_name = HOST};
    memcpy(spec.public_key, w.pk, sizeof w.pk);
    CU_ASSERT_EQUAL_FATAL(x509_csr_build(&spec, w.sk, &der), 0);
    CU_ASSERT_EQUAL(x509_csr_parse(der.data, der.len, &csr, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_PTR_EQUAL(csr.der, der.data);
    CU_ASSERT_STRING_EQUAL(csr.subject, "CN=" HOST ", O=tlssim Demo");
    CU_ASSERT_STRING_EQUAL(csr.subject_cn, HOST);
    CU_ASSERT_TRUE(csr.key_is_ed25519);
    CU_ASSERT_EQUAL(memcmp(csr.public_key, w.pk, sizeof w.pk), 0);
    CU_ASSERT_EQUAL(csr.dns_count, 1);
    CU_ASSERT_STRING_EQUAL(csr.dns_names[0], HOST);
    CU_ASSERT_TRUE(csr.sig_is_ed25519);
    CU_ASSERT_TRUE(x509_csr_verify(&csr));

    /* Change one letter of the requested name: the proof of possession fails. */
    uint8_t *copy = bytes_dup(der.data, der.len);
    size_t at = (size_t)((const uint8_t *)memchr(copy + (csr.info - csr.der), 'w', csr.info_len)
                         - copy);
    copy[at] = 'v';
    CU_ASSERT_EQUAL(x509_csr_parse(copy, der.len, &csr, err, sizeof err), 0);
    CU_ASSERT_FALSE(x509_csr_verify(&csr));
    /* So does a flipped bit in the signature. */
    memcpy(copy, der.data, der.len);
    copy[der.len - 1] ^= 0x10;
    CU_ASSERT_EQUAL(x509_csr_parse(copy, der.len, &csr, err, sizeof err), 0);
    CU_ASSERT_FALSE(x509_csr_verify(&csr));
    /* Truncations fail to parse. */
    for (size_t n = 0; n < der.len; n++)
        CU_ASSERT_EQUAL(x509_csr_parse(copy, n, &csr, err, sizeof err), -1);
    free(copy);

    /* A request signed with a key other than the one it carries. */
    bytes_free(&der);
    CU_ASSERT_EQUAL(x509_csr_build(&spec, w.other_sk, &der), 0);
    CU_ASSERT_EQUAL(x509_csr_parse(der.data, der.len, &csr, err, sizeof err), 0);
    CU_ASSERT_FALSE(x509_csr_verify(&csr));

    /* Without a name to ask for, the attributes are present and empty. */
    bytes_free(&der);
    spec.dns_name = NULL;
    spec.subject_org = NULL;
    CU_ASSERT_EQUAL(x509_csr_build(&spec, w.sk, &der), 0);
    CU_ASSERT_EQUAL(x509_csr_parse(der.data, der.len, &csr, err, sizeof err), 0);
    CU_ASSERT_EQUAL(csr.dns_count, 0);
    CU_ASSERT_STRING_EQUAL(csr.subject, "CN=" HOST);
    CU_ASSERT_TRUE(x509_csr_verify(&csr));
    bool empty_attributes = false;
    for (size_t i = 0; i + 1 < der.len; i++)
        empty_attributes |= der.data[i] == 0xa0 && der.data[i + 1] == 0x00;
    CU_ASSERT_TRUE(empty_attributes);
    bytes_free(&der);
    world_free(&w);
}

static void test_pkcs8(void)
{
    static const uint8_t prefix[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03,
                                     0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
    struct world w;
    struct bytes der = {0};
    uint8_t seed[CRYPT_SIGN_SEEDBYTES];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    char err[X509_ERR_MAX];

    world_make(&w);
    CU_ASSERT_EQUAL(x509_pkcs8_ed25519(w.sk, &der), 0);
    crypt_sign_seed_of(seed, w.sk);
    CU_ASSERT_EQUAL_FATAL(der.len, sizeof prefix + sizeof seed);
    CU_ASSERT_EQUAL(memcmp(der.data, prefix, sizeof prefix), 0);
    CU_ASSERT_EQUAL(memcmp(der.data + sizeof prefix, seed, sizeof seed), 0);

    CU_ASSERT_EQUAL(x509_pkcs8_ed25519_parse(der.data, der.len, pk, sk, err, sizeof err), 0);
    CU_ASSERT_EQUAL(memcmp(pk, w.pk, sizeof pk), 0);
    CU_ASSERT_EQUAL(memcmp(sk, w.sk, sizeof sk), 0);

    der.data[4] = 1;  /* version 1 */
    CU_ASSERT_EQUAL(x509_pkcs8_ed25519_parse(der.data, der.len, pk, sk, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "version"));
    der.data[4] = 0;
    der.data[11] = 0x6e;  /* 1.3.101.110, X25519 */
    CU_ASSERT_EQUAL(x509_pkcs8_ed25519_parse(der.data, der.len, pk, sk, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not an Ed25519 key"));
    der.data[11] = 0x70;
    for (size_t n = 0; n < der.len; n++)
        CU_ASSERT_EQUAL(x509_pkcs8_ed25519_parse(der.data, n, pk, sk, err, sizeof err), -1);
    crypt_wipe(seed, sizeof seed);
    crypt_wipe(sk, sizeof sk);
    bytes_free(&der);
    world_free(&w);
}

static void test_pem_and_time(void)
{
    struct world w;
    struct bytes pem = {0};
    struct pem_block *blocks;
    size_t count;
    struct pem_error perr;
    struct x509_cert c;
    char err[X509_ERR_MAX], when[40];

    world_make(&w);
    x509_pem_encode("CERTIFICATE", w.leaf_der.data, w.leaf_der.len, &pem);
    x509_pem_encode("CERTIFICATE", w.ca_der.data, w.ca_der.len, &pem);
    CU_ASSERT_EQUAL_FATAL(pem_read_all((const char *)pem.data, pem.len, &blocks, &count,
                                       &perr), 0);
    CU_ASSERT_EQUAL(count, 2);
    CU_ASSERT_STRING_EQUAL(blocks[1].label, "CERTIFICATE");
    CU_ASSERT_EQUAL(x509_cert_parse(blocks[1].der.data, blocks[1].der.len, &c, err,
                                    sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(c.subject_cn, "tlssim Demo CA");
    pem_blocks_free(blocks, count);
    bytes_free(&pem);

    x509_time_format(0, when, sizeof when);
    CU_ASSERT_STRING_EQUAL(when, "1970-01-01 00:00:00 UTC");
    x509_time_format(2524607999, when, sizeof when);
    CU_ASSERT_STRING_EQUAL(when, "2049-12-31 23:59:59 UTC");
    x509_time_format(-1, when, sizeof when);
    CU_ASSERT_STRING_EQUAL(when, "1969-12-31 23:59:59 UTC");
    x509_time_format(253402300800, when, sizeof when);   /* past what four digits hold */
    CU_ASSERT_STRING_EQUAL(when, "10000-01-01 00:00:00 UTC");
    x509_time_format(0, when, 8);                         /* cut short, as snprintf does */
    CU_ASSERT_STRING_EQUAL(when, "1970-01");
    CU_ASSERT_STRING_EQUAL(x509_check_name(X509_CHECK_ISSUER), "issuer trusted");
    CU_ASSERT_STRING_EQUAL(x509_check_name(X509_CHECK_VALIDITY), "within validity dates");
    world_free(&w);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"CA certificate: every field reads back", test_ca_fields},
        {"leaf certificate: every field reads back", test_leaf_fields},
        {"issue refuses bad specs and leaves nothing behind", test_issue_refuses},
        {"validate: good chain", test_validate_good},
        {"validate: untrusted and impostor CAs", test_validate_untrusted},
        {"validate: self-signed", test_validate_self_signed},
        {"validate: host names and wildcards", test_validate_names},
        {"validate: expired and not yet valid", test_validate_dates},
        {"validate: a tampered TBS fails the signature", test_validate_tampered},
        {"parse: truncation, trailing bytes, bit flips", test_parse_strict},
        {"parse: version, extensions, dates", test_parse_rules},
        {"CSR: build, parse, verify, tamper", test_csr},
        {"PKCS#8: RFC 8410 bytes, parse back", test_pkcs8},
        {"PEM armour and time format", test_pem_and_time},
        {NULL, NULL},
    };
    return unit_run("x509", tests);
}
