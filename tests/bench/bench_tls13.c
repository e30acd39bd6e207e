/*
 * bench_tls13.c - what a real TLS 1.3 handshake costs in the tls13 layer
 * (client and server in memory, the request and the reply included)
 * against the libsodium calls it makes, made directly in the same number
 * and sizes: two X25519 keypairs and shared secrets, one Ed25519 signature
 * and two checks, the HMACs of HKDF and Finished, the transcript hashes,
 * and ChaCha20-Poly1305 for every protected record.
 */
#include "bench.h"

#include "base/crypt.h"
#include "base/crypt_tls13.h"
#include "pki/certdir.h"
#include "pki/pem.h"
#include "pki/x509.h"
#include "tls13/conn.h"

#include <stdio.h>
#include <string.h>

#define TLS13_REPS 1500
#define TLS13_RATIO_TARGET 1.10
#define HMACS_PER_SIDE 22       /* schedule 10, traffic keys 8, Finished 4 */
#define HASHES_PER_SIDE 6       /* transcript hashes and the two empty hashes */
#define TRANSCRIPT_BYTES 800
#define CV_CONTENT_BYTES 130
#define RECORDS 7               /* EE, Certificate, CV, 2 Finished, request, reply */
#define RECORD_BYTES 300

/* The server's files and the client's trust store, made once, untimed. */
struct tls13_bench {
    struct bytes ca_der, cert_der;
    struct x509_cert ca, leaf;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct crypt_rng rng;
};

/* The DER of the first PEM block of the set's file name into der; 0 or -1. */
static int set_der(const struct certdir_set *set, const char *name, struct bytes *der)
{
    struct pem_block *blocks;
    struct pem_error perr;
    size_t count;

    for (size_t i = 0; i < set->count; i++) {
        if (strcmp(set->files[i].name, name) != 0)
            continue;
        if (pem_read_all((const char *)set->files[i].text.data, set->files[i].text.len, &blocks,
                         &count, &perr) != 0)
            return -1;
        bytes_append(der, blocks[0].der.data, blocks[0].der.len);
        pem_blocks_free(blocks, count);
        return 0;
    }
    return -1;
}

/* Make the files with certdir_make(); 0, or -1 after saying why. */
static int tls13_bench_setup(struct tls13_bench *b)
{
    struct certdir_spec spec = {.host = "www.example.com", .now = 1800000000};
    struct certdir_set set;
    struct bytes key = {0};
    char err[CERTDIR_ERR_MAX];
    int rc = -1;

    crypt_rng_from_number(&b->rng, 13);
    crypt_rng_use(&b->rng);
    if (certdir_make(&spec, &set, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    if (set_der(&set, CERTDIR_CA_CERT, &b->ca_der) == 0 &&
        set_der(&set, CERTDIR_SERVER_CERT, &b->cert_der) == 0 &&
        set_der(&set, CERTDIR_SERVER_KEY, &key) == 0 &&
        x509_pkcs8_ed25519_parse(key.data, key.len, b->pk, b->sk, err, sizeof err) == 0 &&
        x509_cert_parse(b->ca_der.data, b->ca_der.len, &b->ca, err, sizeof err) == 0 &&
        x509_cert_parse(b->cert_der.data, b->cert_der.len, &b->leaf, err, sizeof err) == 0)
        rc = 0;
    else
        fprintf(stderr, "bench: the TLS 1.3 files could not be read back\n");
    bytes_free(&key);
    certdir_set_free(&set);
    return rc;
}

/* Move every queued byte between the two ends until both are quiet. */
static void pump(struct tls13_conn *cl, struct tls13_conn *sv)
{
    while (cl->out.len > 0 || sv->out.len > 0) {
        if (tls13_conn_feed(sv, cl->out.data, cl->out.len) != 0)
            return;
        tls13_conn_drain(cl, cl->out.len);
        if (tls13_conn_feed(cl, sv->out.data, sv->out.len) != 0)
            return;
        tls13_conn_drain(sv, sv->out.len);
    }
}

/* One whole connection in the tls13 layer: handshake, request, reply. */
static void tls13_handshake(void *ctx)
{
    static const char req[] = "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    struct tls13_bench *b = ctx;
    struct tls13_config ccfg = {.host = "www.example.com", .trusted = &b->ca,
                                .trusted_count = 1, .now = 1800000000};
    struct tls13_config scfg = {.cert_der = b->cert_der.data, .cert_len = b->cert_der.len,
                                .sign_sk = b->sk};
    struct tls13_conn cl, sv;

    tls13_conn_init(&cl, TLS13_CLIENT, &ccfg);
    tls13_conn_init(&sv, TLS13_SERVER, &scfg);
    tls13_client_start(&cl);
    pump(&cl, &sv);
    if (tls13_conn_send(&cl, (const uint8_t *)req, sizeof req - 1) != 0)
        fputs("bench: the TLS 1.3 handshake did not complete\n", stderr);
    pump(&cl, &sv);
    if (tls13_conn_send(&sv, (const uint8_t *)reply, sizeof reply - 1) != 0 || sv.app_in.len == 0)
        fputs("bench: the TLS 1.3 request did not arrive\n", stderr);
    pump(&cl, &sv);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
}

/* The same connection's libsodium calls, made directly. */
static void raw_calls(void *ctx)
{
    struct tls13_bench *b = ctx;
    uint8_t cpk[32], csk[32], spk[32], ssk[32], shared[32], sig[CRYPT_SIGN_BYTES];
    uint8_t buf[TRANSCRIPT_BYTES] = {0}, out[32], key[32] = {1}, nonce[12] = {0};
    uint8_t ct[RECORD_BYTES + CRYPT_CHACHA_IETF_ABYTES], pt[RECORD_BYTES];
    bool ok = true;

    crypt_x25519_keypair(cpk, csk);
    crypt_x25519_keypair(spk, ssk);
    ok &= crypt_x25519_shared(shared, ssk, cpk) == 0;
    ok &= crypt_x25519_shared(shared, csk, spk) == 0;
    crypt_sign(sig, buf, CV_CONTENT_BYTES, b->sk);
    ok &= crypt_sign_verify(sig, buf, CV_CONTENT_BYTES, b->pk);
    ok &= crypt_sign_verify(b->leaf.signature, b->leaf.tbs, b->leaf.tbs_len, b->ca.public_key);
    for (int i = 0; i < 2 * HMACS_PER_SIDE; i++)
        crypt_hmac_sha256_any(out, buf, 64, key, sizeof key);
    for (int i = 0; i < 2 * HASHES_PER_SIDE; i++)
        crypt_sha256(out, buf, TRANSCRIPT_BYTES / 2);
    for (int i = 0; i < RECORDS; i++) {
        crypt_chacha_ietf_encrypt(ct, buf, RECORD_BYTES, buf, 5, nonce, key);
        ok &= crypt_chacha_ietf_decrypt(pt, ct, sizeof ct, buf, 5, nonce, key) == 0;
    }
    crypt_wipe(csk, sizeof csk);
    crypt_wipe(ssk, sizeof ssk);
    crypt_wipe(shared, sizeof shared);
    if (!ok)
        fputs("bench: a raw TLS 1.3 call failed; the figure is not a handshake's\n", stderr);
}

void bench_tls13(struct bench_row *raw, struct bench_row *tls, struct bench_row *ratio)
{
    struct tls13_bench b;

    memset(&b, 0, sizeof b);
    *raw = (struct bench_row){.what = "TLS 1.3: raw libsodium calls", .unit = "us"};
    *tls = (struct bench_row){.what = "TLS 1.3: tls13 layer, handshake + data", .unit = "us"};
    *ratio = (struct bench_row){.what = "TLS 1.3: tls13 / raw crypto", .unit = "x",
                                .target = TLS13_RATIO_TARGET};
    if (tls13_bench_setup(&b) != 0) {
        snprintf(raw->note, sizeof raw->note, "the files could not be made");
        goto done;
    }
    bench_paired(raw_calls, tls13_handshake, &b, TLS13_REPS, &raw->value, &tls->value,
                 &ratio->value);
    raw->measured = true;
    snprintf(raw->note, sizeof raw->note, "X25519, Ed25519, HMAC-SHA-256, ChaCha20-Poly1305");
    tls->measured = true;
    snprintf(tls->note, sizeof tls->note, "client and server in memory, no steps reported");
    ratio->measured = true;
    snprintf(ratio->note, sizeof ratio->note, "median of the ratios of each pair");
done:
    crypt_rng_use(NULL);
    crypt_wipe(&b.rng, sizeof b.rng);
    crypt_wipe(b.sk, sizeof b.sk);
    bytes_free(&b.ca_der);
    bytes_free(&b.cert_der);
}
