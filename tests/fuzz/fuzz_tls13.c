/*
 * fuzz_tls13.c - fuzz target: bytes off the wire into a TLS 1.3 server and
 * a TLS 1.3 client (records, handshake reassembly, every message parser
 * and state), and straight into each message parser of tls13/msg.h.
 */
#include "fuzz.h"

#include "base/crypt.h"
#include "tls13/conn.h"
#include "tls13/msg.h"
#include "tls13/record.h"

#include <string.h>

/* Feed data to a fresh connection of role, in two pieces split at cut. */
static void feed_conn(enum tls13_role role, const uint8_t *data, size_t size, size_t cut)
{
    static const uint8_t cert[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    static const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES] = {1};
    struct tls13_config cfg = {.host = "www.example.com", .now = 1800000000,
                               .cert_der = cert, .cert_len = sizeof cert, .sign_sk = sk};
    struct tls13_conn c;

    tls13_conn_init(&c, role, &cfg);
    if (role == TLS13_CLIENT)
        tls13_client_start(&c);
    if (tls13_conn_feed(&c, data, cut) == 0)
        (void)!tls13_conn_feed(&c, data + cut, size - cut);
    tls13_conn_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct crypt_rng rng;
    struct tls13_client_hello ch;
    struct tls13_server_hello sh;
    struct tls13_error err;
    struct tls13_record_header h;
    struct tls13_cert_list certs;
    const uint8_t *p;
    size_t len;
    uint16_t scheme;
    struct tls13_cert_request cr;

    fuzz_crypt_init();
    crypt_rng_from_number(&rng, 13);
    crypt_rng_use(&rng);
    feed_conn(TLS13_SERVER, data, size, size);
    feed_conn(TLS13_SERVER, data, size, size / 2);
    feed_conn(TLS13_CLIENT, data, size, size);
    (void)!tls13_record_header_read(data, size, &h, &err);
    if (size >= 4) {
        const uint8_t *body = data + 4;
        size_t n = size - 4;
        (void)!tls13_client_hello_parse(body, n, &ch, &err);
        (void)!tls13_server_hello_parse(body, n, &sh, &err);
        (void)!tls13_encrypted_extensions_parse(body, n, &err);
        (void)!tls13_certificate_parse(body, n, &certs, &err);
        (void)!tls13_certificate_verify_parse(body, n, &scheme, &p, &len, &err);
        (void)!tls13_finished_parse(body, n, &p, &err);
        (void)!tls13_certificate_request_parse(body, n, &cr, &err);
        (void)tls13_is_hello_retry(body, n);
        (void)tls13_handshake_name(data[0]);
    }
    if (size > TLS13_RECORD_HEADER_LEN) {
        struct tls13_traffic t;
        memset(&t, 0, sizeof t);
        uint8_t out[TLS13_RECORD_HEADER_LEN + TLS13_CIPHERTEXT_MAX];
        uint8_t type;
        if (size <= sizeof out)
            (void)!tls13_record_unprotect(&t, data, size, out, &len, &type, &err);
    }
    crypt_rng_use(NULL);
    return 0;
}
