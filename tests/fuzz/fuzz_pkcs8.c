/*
 * fuzz_pkcs8.c - fuzz target: DER private keys, through
 * x509_pkcs8_ed25519_parse().
 */
#include "fuzz.h"

#include "base/crypt.h"
#include "pki/x509.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    char err[X509_ERR_MAX];

    fuzz_crypt_init();
    if (x509_pkcs8_ed25519_parse(data, size, pk, sk, err, sizeof err) == 0) {
        /* An Ed25519 secret key ends in its public key: the two agree. */
        FUZZ_CHECK(memcmp(sk + CRYPT_SIGN_SECRETKEYBYTES - CRYPT_SIGN_PUBLICKEYBYTES, pk,
                          CRYPT_SIGN_PUBLICKEYBYTES) == 0);
        crypt_wipe(sk, sizeof sk);
    }
    return 0;
}
