/*
 * test_certdir.c - the recipe's files: made in memory, written all or
 * nothing with the right modes, loaded back, and every way a directory of
 * them can be wrong reported with the file's name.
 */
#define _POSIX_C_SOURCE 200809L

#include "pki/certdir.h"
#include "base/fileio.h"
#include "pki/pem.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOW INT64_C(1767225600)

static struct crypt_rng rng;

/* Make a seeded set for host into a fresh directory; returns its path. */
static char *make_dir(uint64_t seed, const char *host, bool self_signed)
{
    char tmpl[] = "/tmp/test_certdir.XXXXXX";
    struct certdir_spec spec = {.host = host, .now = NOW, .self_signed = self_signed,
                                .seeded = true, .seed = seed};
    struct certdir_set set;
    struct fileio_out outs[CERTDIR_FILES_MAX];
    char err[CERTDIR_ERR_MAX];

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
    crypt_rng_from_number(&rng, seed);
    crypt_rng_use(&rng);
    CU_ASSERT_EQUAL_FATAL(certdir_make(&spec, &set, err, sizeof err), 0);
    for (size_t i = 0; i < set.count; i++)
        outs[i] = (struct fileio_out){set.files[i].name, set.files[i].text.data,
                                      set.files[i].text.len,
                                      set.files[i].secret ? 0600 : 0644};
    CU_ASSERT_EQUAL(fileio_write_set(tmpl, outs, set.count, false, err, sizeof err), 0);
    certdir_set_free(&set);
    return xstrdup(tmpl);
}

/* Remove the directory and everything in it. */
static void remove_dir(char *dir)
{
    static const char *const names[] = {"ca.key", "ca.crt", "private.key", "csr.pem",
                                        "certificate.crt", "README.txt", "key.pem",
                                        "cert.pem"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = xasprintf("%s/%s", dir, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
    free(dir);
}

/* Copy the file name from one directory into another. */
static void copy_file(const char *from, const char *to, const char *name)
{
    char err[FILEIO_ERR_MAX];
    struct bytes b = {0};
    char *src = xasprintf("%s/%s", from, name);
    CU_ASSERT_EQUAL(fileio_read_all(src, &b, err, sizeof err), 0);
    struct fileio_out f = {name, b.data, b.len, 0600};
    CU_ASSERT_EQUAL(fileio_write_set(to, &f, 1, true, err, sizeof err), 0);
    bytes_free(&b);
    free(src);
}

static void test_make_set(void)
{
    struct certdir_spec spec = {.host = "www.example.com", .now = NOW, .seeded = true,
                                .seed = 5};
    struct certdir_set a, b;
    char err[CERTDIR_ERR_MAX];

    crypt_rng_from_number(&rng, 5);
    crypt_rng_use(&rng);
    CU_ASSERT_EQUAL_FATAL(certdir_make(&spec, &a, err, sizeof err), 0);
    crypt_rng_from_number(&rng, 5);
    CU_ASSERT_EQUAL_FATAL(certdir_make(&spec, &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.count, 6);
    for (size_t i = 0; i < a.count; i++) {
        CU_ASSERT_EQUAL(a.files[i].text.len, b.files[i].text.len);
        CU_ASSERT(memcmp(a.files[i].text.data, b.files[i].text.data, a.files[i].text.len) == 0);
    }
    CU_ASSERT_STRING_EQUAL(a.files[0].name, "ca.key");
    CU_ASSERT(a.files[0].secret);
    CU_ASSERT(a.files[2].secret);
    CU_ASSERT(!a.files[4].secret);
    struct bytes *readme = &a.files[5].text;
    bytes_append_byte(readme, 0);
    unit_expect_contains((const char *)readme->data, "NOT SECURE");
    /* a seeded set's dates are fixed: its check names the moment */
    unit_expect_contains((const char *)readme->data, "openssl verify -attime 1767225600 -CAfile ca.crt");
    unit_expect_contains((const char *)readme->data, "tlssim walk --seed");
    unit_expect_contains((const char *)readme->data, "private.key --");
    certdir_set_free(&a);
    certdir_set_free(&b);

    spec.self_signed = true;
    spec.seeded = false;
    CU_ASSERT_EQUAL_FATAL(certdir_make(&spec, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.count, 3);
    CU_ASSERT_STRING_EQUAL(a.files[0].name, "key.pem");
    CU_ASSERT_STRING_EQUAL(a.files[1].name, "cert.pem");
    bytes_append_byte(&a.files[2].text, 0);
    CU_ASSERT(strstr((const char *)a.files[2].text.data, "NOT SECURE") == NULL);
    certdir_set_free(&a);
    crypt_rng_use(NULL);
}

static void test_load_round_trip(void)
{
    char *dir = make_dir(11, "shop.example", false);
    struct certdir cd;
    char err[CERTDIR_ERR_MAX];
    struct stat st;

    CU_ASSERT_EQUAL_FATAL(certdir_load(dir, &cd, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(cd.host, "shop.example");
    CU_ASSERT(cd.ca_cert.len > 0 && cd.server_cert.len > 0);
    struct x509_cert leaf, ca;
    CU_ASSERT_EQUAL_FATAL(x509_cert_parse(cd.server_cert.data, cd.server_cert.len, &leaf, err,
                                          sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(x509_cert_parse(cd.ca_cert.data, cd.ca_cert.len, &ca, err,
                                          sizeof err), 0);
    struct x509_check checks[X509_CHECK_COUNT];
    CU_ASSERT(x509_cert_validate(&leaf, &ca, 1, "shop.example", NOW, checks));
    CU_ASSERT(memcmp(leaf.public_key, cd.server_pk, sizeof cd.server_pk) == 0);
    uint8_t sig[CRYPT_SIGN_BYTES];
    crypt_sign(sig, (const uint8_t *)"m", 1, cd.server_sk);
    CU_ASSERT(crypt_sign_verify(sig, (const uint8_t *)"m", 1, cd.server_pk));
    certdir_free(&cd);

    char *key = xasprintf("%s/private.key", dir);
    CU_ASSERT_EQUAL(stat(key, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
    free(key);
    remove_dir(dir);
}

static void test_load_errors(void)
{
    char *dir = make_dir(12, "a.example", false);
    char *other = make_dir(13, "b.example", false);
    struct certdir cd;
    char err[CERTDIR_ERR_MAX];
    char *path;

    /* Missing file. */
    CU_ASSERT_EQUAL(certdir_load("/nonexistent-dir", &cd, err, sizeof err), -1);
    unit_expect_contains(err, "ca.key");
    unit_expect_contains(err, "tlssim files");

    /* The key of another run: it does not match the certificate. */
    copy_file(other, dir, "private.key");
    CU_ASSERT_EQUAL(certdir_load(dir, &cd, err, sizeof err), -1);
    unit_expect_contains(err, "do not match");
    copy_file(other, dir, "certificate.crt");
    /* Now key and certificate match, but another CA signed them. */
    CU_ASSERT_EQUAL(certdir_load(dir, &cd, err, sizeof err), -1);
    unit_expect_contains(err, "certificate.crt: the certificate is not signed by ca.key");

    /* Wrong label: a request where a certificate should be. */
    path = xasprintf("%s/certificate.crt", dir);
    unlink(path);
    free(path);
    struct bytes b = {0};
    char *csr = xasprintf("%s/csr.pem", dir);
    CU_ASSERT_EQUAL(fileio_read_all(csr, &b, err, sizeof err), 0);
    struct fileio_out f = {"certificate.crt", b.data, b.len, 0644};
    CU_ASSERT_EQUAL(fileio_write_set(dir, &f, 1, false, err, sizeof err), 0);
    CU_ASSERT_EQUAL(certdir_load(dir, &cd, err, sizeof err), -1);
    unit_expect_contains(err, "expected one \"CERTIFICATE\" block");
    bytes_free(&b);
    free(csr);

    /* Not PEM at all. */
    f = (struct fileio_out){"ca.crt", (const uint8_t *)"hello\n", 6, 0644};
    CU_ASSERT_EQUAL(fileio_write_set(dir, &f, 1, true, err, sizeof err), 0);
    CU_ASSERT_EQUAL(certdir_load(dir, &cd, err, sizeof err), -1);
    unit_expect_contains(err, "ca.crt:1:1: not a PEM file");

    /* Nothing secret is left behind after a failure. */
    static const uint8_t zero[sizeof cd] = {0};
    CU_ASSERT(memcmp(&cd, zero, sizeof cd) == 0);
    remove_dir(dir);
    remove_dir(other);
}

static void test_fileio(void)
{
    char tmpl[] = "/tmp/test_fileio.XXXXXX";
    char err[FILEIO_ERR_MAX];
    const char *existing = NULL;
    struct fileio_out files[] = {
        {"a.key", (const uint8_t *)"secret", 6, 0600},
        {"b.crt", (const uint8_t *)"public", 6, 0644},
    };

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
    CU_ASSERT_EQUAL(fileio_ensure_dir(tmpl, err, sizeof err), 0);
    CU_ASSERT_EQUAL(fileio_find_existing(tmpl, files, 2, &existing, err, sizeof err), 0);
    CU_ASSERT_EQUAL(fileio_write_set(tmpl, files, 2, false, err, sizeof err), 0);
    CU_ASSERT_EQUAL(fileio_find_existing(tmpl, files, 2, &existing, err, sizeof err), 1);
    CU_ASSERT_STRING_EQUAL(existing, "a.key");
    /* Without replace, an existing name makes the whole set fail. */
    CU_ASSERT_EQUAL(fileio_write_set(tmpl, files + 1, 1, false, err, sizeof err), -1);
    unit_expect_contains(err, "b.crt");

    struct bytes b = {0};
    char *p = xasprintf("%s/a.key", tmpl);
    CU_ASSERT_EQUAL(fileio_read_all(p, &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL(b.len, 6);
    bytes_free(&b);
    CU_ASSERT_EQUAL(fileio_read_all(tmpl, &b, err, sizeof err), -1);
    unit_expect_contains(err, "is a directory");
    char *under = xasprintf("%s/sub", p);
    CU_ASSERT_EQUAL(fileio_ensure_dir(under, err, sizeof err), -1);
    unit_expect_contains(err, "cannot create the directory");
    free(under);
    unlink(p);
    free(p);
    p = xasprintf("%s/b.crt", tmpl);
    unlink(p);
    free(p);
    CU_ASSERT_EQUAL(rmdir(tmpl), 0);  /* no temporary file was left behind */
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"the set is made the same from the same seed", test_make_set},
        {"a written set loads back and validates", test_load_round_trip},
        {"every fault of a set is named", test_load_errors},
        {"files are written all or nothing", test_fileio},
        {NULL, NULL},
    };
    return unit_run("certdir", tests);
}
