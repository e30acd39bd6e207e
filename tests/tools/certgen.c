/*
 * certgen.c - write the files of the openssl recipe, made by tlssim, for an
 * outside judge to check: ca.key, ca.crt, private.key, csr.pem and
 * certificate.crt (all PEM) for one host name, from a numeric seed.
 *
 *   certgen DIR HOST SEED
 *
 * It follows the recipe's order: the server makes a key and a signing
 * request, the CA checks the request and issues the certificate from it.
 */
#define _POSIX_C_SOURCE 200809L

#include "crypt.h"
#include "x509.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CA_NAME "tlssim Demo CA"
#define ORG_NAME "tlssim Demo"

/* 2024-01-01, 2025-01-01, 2049-12-31 23:59:59 and 2054-01-01 (UTC): the CA
 * outlives 2049, so its notAfter is a GeneralizedTime. */
#define T_2024 INT64_C(1704067200)
#define T_2025 INT64_C(1735689600)
#define T_2049_END INT64_C(2524607999)
#define T_2054 INT64_C(2650838400)

/* Write len bytes to dir/name with the given mode; 0 or -1 with a message. */
static int write_file(const char *dir, const char *name, const uint8_t *p, size_t len,
                      mode_t mode)
{
    char *path = xasprintf("%s/%s", dir, name);
    int rc = -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        goto done;
    if (fchmod(fd, mode) != 0)
        goto close;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto close;
        p += n;
        len -= (size_t)n;
    }
    rc = 0;
close:
    if (close(fd) != 0)
        rc = -1;
done:
    if (rc != 0)
        fprintf(stderr, "certgen: %s: %s\n", path, strerror(errno));
    free(path);
    return rc;
}

/* Write der as PEM under label to dir/name. */
static int write_pem(const char *dir, const char *name, const char *label,
                     const struct bytes *der, mode_t mode)
{
    struct bytes pem = {0};
    x509_pem_encode(label, der->data, der->len, &pem);
    int rc = write_file(dir, name, pem.data, pem.len, mode);
    bytes_free(&pem);
    return rc;
}

/* Write sk as a PKCS#8 PEM file readable by its owner only. */
static int write_key(const char *dir, const char *name,
                     const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    struct bytes der = {0};
    int rc = x509_pkcs8_ed25519(sk, &der);
    if (rc == 0)
        rc = write_pem(dir, name, "PRIVATE KEY", &der, 0600);
    bytes_free(&der);
    return rc;
}

int main(int argc, char **argv)
{
    uint8_t ca_pk[CRYPT_SIGN_PUBLICKEYBYTES], ca_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct bytes ca_der = {0}, csr_der = {0}, cert_der = {0};
    struct crypt_rng rng;
    struct x509_csr csr;
    char err[X509_ERR_MAX];
    int status = 1;

    if (argc != 4) {
        fputs("usage: certgen DIR HOST SEED\n", stderr);
        return 2;
    }
    const char *dir = argv[1], *host = argv[2];
    char *end;
    errno = 0;
    uint64_t seed = strtoull(argv[3], &end, 10);
    if (errno != 0 || *end != '\0' || end == argv[3]) {
        fprintf(stderr, "certgen: the seed must be a number, not \"%s\"\n", argv[3]);
        return 2;
    }
    if (crypt_init() != 0) {
        fputs("certgen: libsodium failed to start\n", stderr);
        return 1;
    }
    crypt_rng_from_number(&rng, seed);
    crypt_rng_use(&rng);
    crypt_sign_keypair(ca_pk, ca_sk);
    crypt_sign_keypair(pk, sk);

    /* The CA's own certificate: self-signed. */
    struct x509_cert_spec ca = {
        .subject_cn = CA_NAME, .subject_org = ORG_NAME,
        .issuer_cn = CA_NAME, .issuer_org = ORG_NAME,
        .is_ca = true, .not_before = T_2024, .not_after = T_2054,
    };
    crypt_random(ca.serial, sizeof ca.serial);
    memcpy(ca.subject_pk, ca_pk, sizeof ca_pk);
    memcpy(ca.issuer_pk, ca_pk, sizeof ca_pk);

    /* The server's request, signed with its own key. */
    struct x509_csr_spec req = {.subject_cn = host, .subject_org = ORG_NAME, .dns_name = host};
    memcpy(req.public_key, pk, sizeof pk);

    if (x509_cert_issue(&ca, ca_sk, &ca_der) != 0 || x509_csr_build(&req, sk, &csr_der) != 0) {
        fputs("certgen: could not encode the CA certificate or the request\n", stderr);
        goto done;
    }

    /* The CA reads the request, checks it, and issues what it asks for. */
    if (x509_csr_parse(csr_der.data, csr_der.len, &csr, err, sizeof err) != 0) {
        fprintf(stderr, "certgen: the request does not parse: %s\n", err);
        goto done;
    }
    if (!x509_csr_verify(&csr) || csr.dns_count != 1) {
        fputs("certgen: the request's signature or name is wrong\n", stderr);
        goto done;
    }
    struct x509_cert_spec leaf = {
        .subject_cn = csr.subject_cn, .subject_org = ORG_NAME,
        .issuer_cn = CA_NAME, .issuer_org = ORG_NAME,
        .dns_name = csr.dns_names[0], .is_ca = false,
        .not_before = T_2025, .not_after = T_2049_END,
    };
    crypt_random(leaf.serial, sizeof leaf.serial);
    memcpy(leaf.subject_pk, csr.public_key, sizeof csr.public_key);
    memcpy(leaf.issuer_pk, ca_pk, sizeof ca_pk);
    if (x509_cert_issue(&leaf, ca_sk, &cert_der) != 0) {
        fputs("certgen: could not encode the server certificate\n", stderr);
        goto done;
    }

    if (write_key(dir, "ca.key", ca_sk) != 0 || write_key(dir, "private.key", sk) != 0 ||
        write_pem(dir, "ca.crt", "CERTIFICATE", &ca_der, 0644) != 0 ||
        write_pem(dir, "csr.pem", "CERTIFICATE REQUEST", &csr_der, 0644) != 0 ||
        write_pem(dir, "certificate.crt", "CERTIFICATE", &cert_der, 0644) != 0)
        goto done;
    status = 0;
done:
    crypt_wipe(ca_sk, sizeof ca_sk);
    crypt_wipe(sk, sizeof sk);
    bytes_free(&ca_der);
    bytes_free(&csr_der);
    bytes_free(&cert_der);
    return status;
}
