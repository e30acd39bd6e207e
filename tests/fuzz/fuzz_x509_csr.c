/*
 * fuzz_x509_csr.c - fuzz target: DER signing requests, through
 * x509_csr_parse() and, when one parses, its proof of possession.
 */
#include "fuzz.h"

#include "pki/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct x509_csr csr;
    char err[X509_ERR_MAX];

    fuzz_crypt_init();
    if (x509_csr_parse(data, size, &csr, err, sizeof err) == 0)
        (void)!x509_csr_verify(&csr);
    return 0;
}
