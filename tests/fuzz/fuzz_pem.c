/*
 * fuzz_pem.c - fuzz target: PEM text, through pem_read_all(), and each
 * block it finds through the DER parser its label calls for, then through
 * the explainer (which also reads the legacy encryption headers).
 */
#include "fuzz.h"

#include "pki/inspect.h"
#include "pki/pem.h"
#include "pki/x509.h"

#include <string.h>

/* Parse one block's DER as what its label says it is. */
static void parse_block(const struct pem_block *b)
{
    char err[X509_ERR_MAX];

    if (strcmp(b->label, "CERTIFICATE") == 0) {
        struct x509_cert cert;
        (void)!x509_cert_parse(b->der.data, b->der.len, &cert, err, sizeof err);
    } else if (strcmp(b->label, "CERTIFICATE REQUEST") == 0) {
        struct x509_csr csr;
        (void)!x509_csr_parse(b->der.data, b->der.len, &csr, err, sizeof err);
    } else if (strcmp(b->label, "PRIVATE KEY") == 0) {
        uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
        uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
        (void)!x509_pkcs8_ed25519_parse(b->der.data, b->der.len, pk, sk, err, sizeof err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pem_block *blocks = NULL;
    size_t count = 0;
    struct pem_error err;

    fuzz_crypt_init();
    if (pem_read_all((const char *)data, size, &blocks, &count, &err) != 0)
        return 0;
    FUZZ_CHECK(count > 0);
    for (size_t i = 0; i < count; i++) {
        /* Round trip: the block written again as PEM reads back the same. */
        struct bytes again = {0};
        struct pem_block *back = NULL;
        size_t back_count = 0;
        FUZZ_CHECK(blocks[i].label[0] != '\0');
        FUZZ_CHECK(i == 0 || blocks[i].line > blocks[i - 1].line);
        pem_encode(&again, blocks[i].label, blocks[i].der.data, blocks[i].der.len);
        FUZZ_CHECK(pem_read_all((const char *)again.data, again.len, &back, &back_count,
                                &err) == 0);
        FUZZ_CHECK(back_count == 1 && strcmp(back[0].label, blocks[i].label) == 0);
        FUZZ_CHECK(back[0].der.len == blocks[i].der.len &&
                   memcmp(back[0].der.data, blocks[i].der.data, blocks[i].der.len) == 0);
        pem_blocks_free(back, back_count);
        bytes_free(&again);
        struct inspect_context ctx = {.now = 0, .pool = NULL};
        struct inspect_report report;
        struct der_error derr;
        parse_block(&blocks[i]);
        (void)!inspect_pem_block(&blocks[i], &ctx, &report, &derr);
        inspect_report_free(&report);
    }
    pem_blocks_free(blocks, count);
    return 0;
}
