/*
 * fuzz_x509_cert.c - fuzz target: DER certificates, through
 * x509_cert_parse() and, when one parses, every check a client makes on it
 * (against itself as the trust store).
 */
#include "fuzz.h"

#include "pki/x509.h"

#include <string.h>

#define FUZZ_HOST "www.example.com"
#define FUZZ_NOW INT64_C(1767225600)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct x509_cert cert;
    struct x509_check checks[X509_CHECK_COUNT];
    char err[X509_ERR_MAX];

    fuzz_crypt_init();
    if (x509_cert_parse(data, size, &cert, err, sizeof err) != 0)
        return 0;
    /* What it read is within its bounds, and reading again reads the same. */
    FUZZ_CHECK(cert.dns_count <= X509_DNS_MAX);
    FUZZ_CHECK(memchr(cert.subject_cn, '\0', sizeof cert.subject_cn) != NULL);
    FUZZ_CHECK(memchr(cert.issuer_cn, '\0', sizeof cert.issuer_cn) != NULL);
    struct x509_cert again;
    FUZZ_CHECK(x509_cert_parse(data, size, &again, err, sizeof err) == 0);
    FUZZ_CHECK(again.not_before == cert.not_before && again.not_after == cert.not_after &&
               again.dns_count == cert.dns_count &&
               strcmp(again.subject_cn, cert.subject_cn) == 0);
    (void)x509_cert_validate(&cert, &cert, 1, FUZZ_HOST, FUZZ_NOW, checks);
    (void)x509_cert_validate(&cert, NULL, 0, FUZZ_HOST, cert.not_after + 1, checks);
    for (size_t i = 0; i < cert.dns_count; i++)
        (void)x509_name_matches(cert.dns_names[i], FUZZ_HOST);
    return 0;
}
