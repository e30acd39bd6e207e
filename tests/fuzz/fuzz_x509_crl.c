/*
 * fuzz_x509_crl.c - fuzz target: DER certificate revocation lists, through
 * x509_crl_parse() and, when one parses, the look-up of a serial in it.
 */
#include "fuzz.h"

#include "pki/x509.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct x509_crl crl;
    struct x509_cert cert;
    char err[X509_ERR_MAX];

    fuzz_crypt_init();
    if (x509_crl_parse(data, size, &crl, err, sizeof err) != 0)
        return 0;
    memset(&cert, 0, sizeof cert);
    for (size_t i = 0; i < crl.revoked_count; i++) {
        memcpy(cert.serial, crl.revoked[i].serial, crl.revoked[i].serial_len);
        cert.serial_len = crl.revoked[i].serial_len;
        (void)x509_crl_find(&crl, &cert);
    }
    return 0;
}
