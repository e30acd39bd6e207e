/*
 * test_x509_path.c - revocation lists and path validation: a CRL reads back
 * field by field and no damaged one crashes the parser; a good chain passes
 * every check, and each real-world fault (missing intermediate, a non-CA or
 * pathLen 0 issuer, a loop, a long chain, a revoked leaf, a forged or stale
 * CRL) fails at its own check with its own reason.
 */
#include "pki/x509.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_2025 INT64_C(1735689600)      /* 2025-01-01 00:00:00 UTC */
#define T_2026 INT64_C(1767225600)      /* 2026-01-01 */
#define T_2026_JUN INT64_C(1780272000)  /* 2026-06-01 */
#define T_2027 INT64_C(1798761600)      /* 2027-01-01 */
#define HOST "www.example.com"
#define ROOT "Test Root"
#define INTER "Test Intermediate"
#define CHAIN_LONG 10                   /* intermediates in the too-long chain */

static struct crypt_rng rng;

/* A keypair and the certificate issued for it. */
struct node {
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes der;
    struct x509_cert cert;
};

/* Issue a certificate for n named cn by issuer (named issuer_cn; n itself
 * when issuer is NULL), CA or not, and parse it back. */
static void node_issue(struct node *n, const char *cn, const struct node *issuer,
                       const char *issuer_cn, bool is_ca, const char *dns)
{
    char err[X509_ERR_MAX] = "";
    if (n->der.len == 0 && n->pk[0] == 0 && n->pk[1] == 0)
        crypt_sign_keypair(n->pk, n->sk);
    const struct node *by = issuer ? issuer : n;
    struct x509_cert_spec s = {
        .subject_cn = cn, .issuer_cn = issuer ? issuer_cn : cn, .is_ca = is_ca,
        .dns_name = dns, .server_auth = dns != NULL, .not_before = T_2025, .not_after = T_2027,
    };
    crypt_random(s.serial, sizeof s.serial);
    s.serial[0] = (uint8_t)((s.serial[0] & 0x7f) | 0x01);
    memcpy(s.subject_pk, n->pk, sizeof n->pk);
    memcpy(s.issuer_pk, by->pk, sizeof by->pk);
    bytes_free(&n->der);
    CU_ASSERT_EQUAL_FATAL(x509_cert_issue(&s, by->sk, &n->der), 0);
    CU_ASSERT_EQUAL_FATAL(x509_cert_parse(n->der.data, n->der.len, &n->cert, err, sizeof err),
                          0);
}

static void node_free(struct node *n)
{
    bytes_free(&n->der);
    crypt_wipe(n, sizeof *n);
}

/* A root, an intermediate (pathLen 0 unless told), and a leaf for HOST. */
struct chain {
    struct node root, inter, leaf;
};

static void chain_make(struct chain *c, bool inter_is_ca)
{
    memset(c, 0, sizeof *c);
    crypt_rng_from_number(&rng, 5);
    crypt_rng_use(&rng);
    node_issue(&c->root, ROOT, NULL, NULL, true, NULL);
    node_issue(&c->inter, INTER, &c->root, ROOT, inter_is_ca, NULL);
    node_issue(&c->leaf, HOST, &c->inter, INTER, false, HOST);
}

static void chain_free(struct chain *c)
{
    node_free(&c->root);
    node_free(&c->inter);
    node_free(&c->leaf);
}

/* Validate leaf with sent and the root as the trust store, plus crls. */
static bool validate(const struct chain *c, const struct x509_cert *sent, size_t sent_count,
                     const struct x509_crl *crls, size_t crl_count, struct x509_path *p)
{
    struct x509_path_input in = {
        .leaf = &c->leaf.cert, .sent = sent, .sent_count = sent_count,
        .trusted = &c->root.cert, .trusted_count = 1, .crls = crls, .crl_count = crl_count,
        .host = HOST, .now = T_2026_JUN,
    };
    return x509_path_validate(&in, p);
}

/* Assert that validation stopped at check id, whose reason holds fragment. */
static void expect_fail_at(const struct x509_path *p, enum x509_path_check_id id,
                           const char *fragment)
{
    CU_ASSERT_FALSE(p->valid);
    CU_ASSERT_EQUAL(p->checks_made, (size_t)id + 1);
    CU_ASSERT_FALSE(p->checks[id].ok);
    for (size_t i = 0; i < (size_t)id; i++)
        CU_ASSERT_TRUE(p->checks[i].ok);
    unit_expect_contains(p->checks[id].detail, fragment);
}

/* A CRL of the intermediate's, signed by sk, naming serial (or nothing). */
static void make_crl(const struct chain *c, const uint8_t *sk, const struct x509_cert *revoked,
                     int64_t next_update, struct bytes *der, struct x509_crl *crl)
{
    char err[X509_ERR_MAX] = "";
    struct x509_crl_spec s = {
        .issuer_cn = INTER, .this_update = T_2026, .next_update = next_update, .number = 7,
    };
    memcpy(s.issuer_pk, c->inter.pk, sizeof s.issuer_pk);
    if (revoked != NULL) {
        s.revoked_count = 1;
        memcpy(s.revoked[0].serial + X509_SERIAL_BYTES - revoked->serial_len, revoked->serial,
               revoked->serial_len);
        s.revoked[0].date = T_2026;
    }
    CU_ASSERT_EQUAL_FATAL(x509_crl_issue(&s, sk, der), 0);
    CU_ASSERT_EQUAL_FATAL(x509_crl_parse(der->data, der->len, crl, err, sizeof err), 0);
}

static void test_crl_reads_back(void)
{
    struct chain c;
    struct bytes der = {0};
    struct x509_crl crl;
    char err[X509_ERR_MAX];

    chain_make(&c, true);
    make_crl(&c, c.inter.sk, &c.leaf.cert, T_2027, &der, &crl);
    CU_ASSERT_EQUAL(crl.version, 2);
    CU_ASSERT_STRING_EQUAL(crl.issuer, "CN=" INTER);
    CU_ASSERT_EQUAL(crl.this_update, T_2026);
    CU_ASSERT_TRUE(crl.has_next_update);
    CU_ASSERT_EQUAL(crl.next_update, T_2027);
    CU_ASSERT_TRUE(crl.has_number);
    CU_ASSERT_EQUAL(crl.number, 7);
    CU_ASSERT_EQUAL(crl.revoked_count, 1);
    CU_ASSERT_PTR_NOT_NULL(x509_crl_find(&crl, &c.leaf.cert));
    CU_ASSERT_PTR_NULL(x509_crl_find(&crl, &c.inter.cert));
    CU_ASSERT_TRUE(crypt_sign_verify(crl.signature, crl.tbs, crl.tbs_len, c.inter.pk));
    /* Every shortened copy and every flipped bit is refused or read, never a crash. */
    for (size_t n = 0; n < der.len; n++)
        CU_ASSERT_EQUAL(x509_crl_parse(der.data, n, &crl, err, sizeof err), -1);
    for (size_t i = 0; i < der.len * 8; i += 3) {
        uint8_t *copy = bytes_dup(der.data, der.len);
        copy[i / 8] ^= (uint8_t)(1u << (i % 8));
        int rc = x509_crl_parse(copy, der.len, &crl, err, sizeof err);
        CU_ASSERT(rc == 0 || rc == -1);
        free(copy);
    }
    /* An empty list of revoked certificates is left out, and reads back as none. */
    bytes_free(&der);
    make_crl(&c, c.inter.sk, NULL, T_2027, &der, &crl);
    CU_ASSERT_EQUAL(crl.revoked_count, 0);
    bytes_free(&der);
    chain_free(&c);
}

static void test_path_good(void)
{
    struct chain c;
    struct x509_path p;

    chain_make(&c, true);
    CU_ASSERT_TRUE(c.inter.cert.is_ca);
    CU_ASSERT_TRUE(c.leaf.cert.server_auth);
    CU_ASSERT_TRUE(validate(&c, &c.inter.cert, 1, NULL, 0, &p));
    CU_ASSERT_EQUAL(p.checks_made, X509_PATH_CHECK_COUNT);
    CU_ASSERT_EQUAL(p.count, 3);
    CU_ASSERT_PTR_EQUAL(p.certs[2], &c.root.cert);
    for (int i = 0; i < X509_PATH_CHECK_COUNT; i++)
        CU_ASSERT_TRUE(p.checks[i].ok);
    unit_expect_contains(p.checks[X509_PATH_CHAIN].detail, "3 certificates");
    unit_expect_contains(p.checks[X509_PATH_REVOCATION].detail, "No revocation list");
    CU_ASSERT_STRING_EQUAL(x509_path_check_id(X509_PATH_BASIC_CONSTRAINTS),
                           "cert.basic_constraints");
    chain_free(&c);
}

static void test_path_missing_intermediate(void)
{
    struct chain c;
    struct x509_path p;

    chain_make(&c, true);
    CU_ASSERT_FALSE(validate(&c, NULL, 0, NULL, 0, &p));
    expect_fail_at(&p, X509_PATH_CHAIN, "sent only its own certificate");
    unit_expect_contains(p.checks[X509_PATH_CHAIN].detail, INTER);
    /* the check cannot tell an untrusted root from a missing intermediate */
    unit_expect_contains(p.checks[X509_PATH_CHAIN].detail, "an untrusted CA, or a missing intermediate");
    unit_expect_contains(p.checks[X509_PATH_CHAIN].detail, "fullchain.pem");
    /* Sent, but something else: the intermediate is still missing. */
    CU_ASSERT_FALSE(validate(&c, &c.leaf.cert, 1, NULL, 0, &p));
    expect_fail_at(&p, X509_PATH_CHAIN, "neither in the client's trust store");
    chain_free(&c);
}

static void test_path_not_a_ca(void)
{
    struct chain c;
    struct x509_path p;

    chain_make(&c, false);
    CU_ASSERT_FALSE(validate(&c, &c.inter.cert, 1, NULL, 0, &p));
    expect_fail_at(&p, X509_PATH_BASIC_CONSTRAINTS, "is not a CA");
    chain_free(&c);
}

static void test_path_len_zero(void)
{
    struct node root = {0}, inter = {0}, sub = {0}, leaf = {0};
    struct x509_cert sent[2];
    struct x509_path p;
    char err[X509_ERR_MAX];

    crypt_rng_from_number(&rng, 6);
    crypt_rng_use(&rng);
    node_issue(&root, ROOT, NULL, NULL, true, NULL);
    /* The intermediate, pathLen 0, signs a second CA that signs the leaf. */
    crypt_sign_keypair(inter.pk, inter.sk);
    struct x509_cert_spec s = {
        .subject_cn = INTER, .issuer_cn = ROOT, .is_ca = true, .has_path_len = true,
        .path_len = 0, .not_before = T_2025, .not_after = T_2027, .serial = {1},
    };
    memcpy(s.subject_pk, inter.pk, sizeof inter.pk);
    memcpy(s.issuer_pk, root.pk, sizeof root.pk);
    CU_ASSERT_EQUAL_FATAL(x509_cert_issue(&s, root.sk, &inter.der), 0);
    CU_ASSERT_EQUAL_FATAL(x509_cert_parse(inter.der.data, inter.der.len, &inter.cert, err,
                                          sizeof err), 0);
    CU_ASSERT_TRUE(inter.cert.has_path_len);
    CU_ASSERT_EQUAL(inter.cert.path_len, 0);
    node_issue(&sub, "Test Sub CA", &inter, INTER, true, NULL);
    node_issue(&leaf, HOST, &sub, "Test Sub CA", false, HOST);
    sent[0] = sub.cert;
    sent[1] = inter.cert;
    struct x509_path_input in = {
        .leaf = &leaf.cert, .sent = sent, .sent_count = 2, .trusted = &root.cert,
        .trusted_count = 1, .host = HOST, .now = T_2026_JUN,
    };
    CU_ASSERT_FALSE(x509_path_validate(&in, &p));
    expect_fail_at(&p, X509_PATH_BASIC_CONSTRAINTS, "pathLen 0");
    node_free(&root);
    node_free(&inter);
    node_free(&sub);
    node_free(&leaf);
}

static void test_path_order_loop_length(void)
{
    struct chain c;
    struct x509_path p;
    struct node a = {0}, b = {0};
    struct node nodes[CHAIN_LONG];
    struct x509_cert sent[CHAIN_LONG];
    char names[CHAIN_LONG][16];

    chain_make(&c, true);
    /* Out of order: the leaf sent again after the intermediate does not matter. */
    struct x509_cert mixed[2] = {c.leaf.cert, c.inter.cert};
    CU_ASSERT_TRUE(validate(&c, mixed, 2, NULL, 0, &p));
    /* A loop: A is issued by B and B by A; neither is trusted. */
    crypt_sign_keypair(a.pk, a.sk);
    crypt_sign_keypair(b.pk, b.sk);
    node_issue(&a, "Loop A", &b, "Loop B", true, NULL);
    node_issue(&b, "Loop B", &a, "Loop A", true, NULL);
    node_issue(&c.leaf, HOST, &a, "Loop A", false, HOST);
    struct x509_cert loop[2] = {a.cert, b.cert};
    CU_ASSERT_FALSE(validate(&c, loop, 2, NULL, 0, &p));
    expect_fail_at(&p, X509_PATH_CHAIN, "loop");
    /* Ten intermediates, each signed by the next, the last by the root. */
    memset(nodes, 0, sizeof nodes);
    for (int i = CHAIN_LONG - 1; i >= 0; i--) {
        snprintf(names[i], sizeof names[i], "Level %d", i);
        if (i == CHAIN_LONG - 1)
            node_issue(&nodes[i], names[i], &c.root, ROOT, true, NULL);
        else
            node_issue(&nodes[i], names[i], &nodes[i + 1], names[i + 1], true, NULL);
        sent[i] = nodes[i].cert;
    }
    node_issue(&c.leaf, HOST, &nodes[0], names[0], false, HOST);
    CU_ASSERT_FALSE(validate(&c, sent, CHAIN_LONG, NULL, 0, &p));
    expect_fail_at(&p, X509_PATH_CHAIN, "longer than");
    for (int i = 0; i < CHAIN_LONG; i++)
        node_free(&nodes[i]);
    node_free(&a);
    node_free(&b);
    chain_free(&c);
}

static void test_path_revocation(void)
{
    struct chain c;
    struct x509_path p;
    struct bytes der = {0};
    struct x509_crl crl;

    chain_make(&c, true);
    make_crl(&c, c.inter.sk, NULL, T_2027, &der, &crl);
    CU_ASSERT_TRUE(validate(&c, &c.inter.cert, 1, &crl, 1, &p));
    unit_expect_contains(p.checks[X509_PATH_REVOCATION].detail, "current revocation list");
    bytes_free(&der);
    make_crl(&c, c.inter.sk, &c.leaf.cert, T_2027, &der, &crl);
    CU_ASSERT_FALSE(validate(&c, &c.inter.cert, 1, &crl, 1, &p));
    expect_fail_at(&p, X509_PATH_REVOCATION, "was revoked on 2026-01-01");
    bytes_free(&der);
    /* Signed by the root, not by the intermediate whose name it carries. */
    make_crl(&c, c.root.sk, NULL, T_2027, &der, &crl);
    CU_ASSERT_FALSE(validate(&c, &c.inter.cert, 1, &crl, 1, &p));
    expect_fail_at(&p, X509_PATH_REVOCATION, "not signed by its key");
    bytes_free(&der);
    /* Its nextUpdate passed before the clock's moment. */
    make_crl(&c, c.inter.sk, NULL, T_2026 + 86400, &der, &crl);
    CU_ASSERT_FALSE(validate(&c, &c.inter.cert, 1, &crl, 1, &p));
    expect_fail_at(&p, X509_PATH_REVOCATION, "out of date");
    bytes_free(&der);
    chain_free(&c);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"CRL: every field reads back; damage never crashes", test_crl_reads_back},
        {"path: root, intermediate, leaf pass every check", test_path_good},
        {"path: a missing intermediate fails cert.chain", test_path_missing_intermediate},
        {"path: a non-CA issuer fails cert.basic_constraints", test_path_not_a_ca},
        {"path: a pathLen 0 CA signing a CA fails", test_path_len_zero},
        {"path: out of order passes; a loop and ten levels fail", test_path_order_loop_length},
        {"path: revoked, forged and stale CRLs fail cert.revocation", test_path_revocation},
        {NULL, NULL},
    };
    return unit_run("x509_path", tests);
}
