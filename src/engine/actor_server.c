/*
 * actor_server.c - the server's side of the handshake.
 */
#include "engine/actor_server.h"

#include "engine/actor_kit.h"
#include "engine/payload.h"
#include "engine/record.h"
#include "pki/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRONG_CERT_NAME "shop.example.net"

struct server {
    char cert_name[SIM_HOST_MAX];              /* the name its certificate is for */
    char reply[SIM_MESSAGE_MAX];
    bool ephemeral;
    bool bare_key;                             /* sends its key without a certificate */
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t x25519_sk[CRYPT_X25519_SECRETKEYBYTES];
    struct bytes certificate;                  /* DER */
    struct bytes intermediate;                 /* DER, sent after it; empty: none */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    bool client_has_share;
    uint8_t client_share[WIRE_SHARE_BYTES];
    uint8_t share_pk[CRYPT_X25519_PUBLICKEYBYTES];  /* ephemeral, this connection only */
    uint8_t share_sk[CRYPT_X25519_SECRETKEYBYTES];
    const struct wire_suite *suite;
    uint8_t secret[KEYS_SECRET_BYTES];         /* session key, or the X25519 shared secret */
    struct traffic_keys keys;
    bool has_keys;
    struct bytes transcript;                   /* every handshake message, as the server saw it */
    bool app_layer;                            /* the backend decrypts the data itself */
    uint8_t app_key[CRYPT_AEAD_KEYBYTES];      /* agreed with the client application */
};

struct server *server_new(const struct sim_options *opts)
{
    struct server *s = xcalloc(1, sizeof *s);
    snprintf(s->cert_name, sizeof s->cert_name, "%s",
             opts->cert == SIM_CERT_WRONG_NAME ? WRONG_CERT_NAME : opts->host);
    snprintf(s->reply, sizeof s->reply, "%s", opts->reply);
    /* under TLS 1.3 the key only signs: no X25519 form is ever used */
    s->ephemeral = opts->mode == SIM_MODE_EPHEMERAL || opts->protocol == SIM_PROTOCOL_TLS13;
    s->bare_key = opts->cert == SIM_CERT_NONE;
    return s;
}

/* Log that the server knows its long-term keypair (where the private key
 * came from: NULL when it was just made) and, for sealed boxes, its X25519
 * form. */
static void log_keypair(const struct server *s, struct sim_log *log, const char *from)
{
    log_knows(log, SIM_ACTOR_SERVER, "server private key (Ed25519)", s->sk, CRYPT_SIGN_SEEDBYTES,
              true, from);
    log_knows(log, SIM_ACTOR_SERVER, "server public key (Ed25519)", s->pk, sizeof s->pk, false,
              NULL);
    if (!s->ephemeral)
        log_knows(log, SIM_ACTOR_SERVER, "server public key, X25519 form", s->x25519_pk,
                  sizeof s->x25519_pk, false, "the same key, converted for sealed boxes");
}

int server_make_keypair(struct server *s, struct sim_log *log)
{
    if (actor_kit_keypair(s->pk, s->sk, s->x25519_pk, s->x25519_sk) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "makes its long-term Ed25519 keypair; the private key never leaves the server");
    log_keypair(s, log, NULL);
    return 0;
}

int server_make_keypair_and_csr(struct server *s, struct sim_log *log, struct bytes *out)
{
    struct x509_csr_spec spec = {.subject_cn = s->cert_name, .dns_name = s->cert_name};
    struct bytes csr = {0};

    if (server_make_keypair(s, log) != 0)
        return -1;
    memcpy(spec.public_key, s->pk, sizeof s->pk);
    if (x509_csr_build(&spec, s->sk, &csr) != 0) {
        bytes_free(&csr);
        return -1;
    }
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "writes a certificate signing request (CSR) for %s and signs it with its private "
             "key", s->cert_name);
    wire_encode_blob(out, WIRE_ENROL_CSR, csr.data, csr.len, 3);
    bytes_free(&csr);
    return 0;
}

int server_make_self_signed(struct server *s, struct sim_log *log, int64_t clock)
{
    if (server_make_keypair(s, log) != 0 ||
        actor_kit_self_signed(s->cert_name, clock, s->pk, s->sk, &s->certificate) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "skips the CA and signs its own certificate for %s (what `openssl req -x509` "
             "does)", s->cert_name);
    log_knows(log, SIM_ACTOR_SERVER, "server certificate (self-signed, X.509 DER)",
              s->certificate.data, s->certificate.len, false, NULL);
    return 0;
}

int server_store_certificate(struct server *s, struct sim_log *log, const uint8_t *frame,
                             size_t len)
{
    const uint8_t *der;
    size_t der_len;

    if (wire_decode_blob(frame, len, WIRE_ENROL_CERTIFICATE, 3, &der, &der_len) != 0)
        return -1;
    bytes_free(&s->certificate);
    bytes_append(&s->certificate, der, der_len);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "installs the certificate; it will hand it to every client that connects");
    log_knows(log, SIM_ACTOR_SERVER, "server certificate (X.509 DER)", der, der_len, false,
              NULL);
    return 0;
}

void server_set_app_key(struct server *s, struct sim_log *log, const uint8_t *key)
{
    s->app_layer = true;
    memcpy(s->app_key, key, sizeof s->app_key);
    log_knows(log, SIM_ACTOR_SERVER, "application key (AES-256)", key, sizeof s->app_key, true,
              "the backend's copy, agreed in advance");
}

int server_receive_client_hello(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len)
{
    struct wire_client_hello hello;

    if (wire_decode_client_hello(frame, len, &hello) != 0) {
        log_check(log, SIM_ACTOR_SERVER, "hello.client.decode", FACT_FAIL, "undecodable",
                  "the ClientHello does not decode");
        return -1;
    }
    bytes_append(&s->transcript, frame, len);
    memcpy(s->client_random, hello.random, sizeof s->client_random);
    log_knows(log, SIM_ACTOR_SERVER, "client random", hello.random, sizeof hello.random, false,
              NULL);
    s->client_has_share = hello.has_share;
    if (hello.has_share) {
        memcpy(s->client_share, hello.share, sizeof s->client_share);
        log_knows(log, SIM_ACTOR_SERVER, "client key share (X25519)", hello.share,
                  sizeof hello.share, false, NULL);
    }
    s->suite = NULL;
    for (size_t i = 0; i < hello.suite_count && s->suite == NULL; i++) {
        const struct wire_suite *suite = wire_suite_find(hello.suites[i]);
        if (suite != NULL && suite->ephemeral == s->ephemeral &&
            (suite->null_cipher || crypt_aead_available(suite->aead)))
            s->suite = suite;
    }
    if (s->suite == NULL || (s->ephemeral && !hello.has_share)) {
        log_check(log, SIM_ACTOR_SERVER, "suite.common", FACT_FAIL, "no_common_suite",
                  "none of the offered cipher suites is one the server can run");
        return -1;
    }
    log_check(log, SIM_ACTOR_SERVER, "suite.common", FACT_PASS, NULL,
              "the server picks %s, the first offered suite it supports%s", s->suite->name,
              s->suite->null_cipher ? " (a legacy suite that encrypts nothing)" : "");
    return 0;
}

void server_make_hello(struct server *s, struct sim_log *log, struct bytes *out)
{
    struct wire_server_hello m = {.version = WIRE_VERSION_TLS12, .suite = s->suite->id};

    crypt_random(s->server_random, sizeof s->server_random);
    memcpy(m.random, s->server_random, sizeof m.random);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "draws 32 random bytes (the server random) and sends them with its chosen suite");
    log_knows(log, SIM_ACTOR_SERVER, "server random", s->server_random,
              sizeof s->server_random, false, NULL);
    size_t start = out->len;
    wire_encode_server_hello(&m, out);
    bytes_append(&s->transcript, out->data + start, out->len - start);
}

void server_make_certificate(struct server *s, struct sim_log *log, struct bytes *out)
{
    size_t start = out->len;

    if (s->bare_key) {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                 "sends its bare public key: no certificate, nobody vouching for it");
        wire_encode_blob(out, WIRE_SERVER_PUBLIC_KEY, s->pk, sizeof s->pk, 2);
    } else {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "sends its certificate");
        wire_encode_blob(out, WIRE_CERTIFICATE, s->certificate.data, s->certificate.len, 3);
    }
    bytes_append(&s->transcript, out->data + start, out->len - start);
}

void server_set_intermediate(struct server *s, struct sim_log *log, const uint8_t *der,
                             size_t len)
{
    bytes_free(&s->intermediate);
    bytes_append(&s->intermediate, der, len);
    log_knows(log, SIM_ACTOR_SERVER, "intermediate certificate (X.509 DER)", der, len, false,
              "sent after its own, as fullchain.pem holds them");
}

bool server_make_intermediate(struct server *s, struct sim_log *log, struct bytes *out)
{
    size_t start = out->len;

    if (s->intermediate.len == 0)
        return false;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "sends the intermediate's certificate "
             "after its own, so that the client can build the path to its root");
    wire_encode_blob(out, WIRE_CERTIFICATE, s->intermediate.data, s->intermediate.len, 3);
    bytes_append(&s->transcript, out->data + start, out->len - start);
    return true;
}

void server_make_key_share(struct server *s, struct sim_log *log, struct bytes *out)
{
    struct wire_server_key_exchange m;
    uint8_t signed_bytes[2 * WIRE_RANDOM_BYTES + WIRE_SHARE_BYTES];

    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "makes a throw-away X25519 key share for this connection and signs it, with both "
             "randoms, using its long-term Ed25519 key");
    actor_kit_key_share(log, SIM_ACTOR_SERVER, "server", s->share_pk, s->share_sk);
    memcpy(m.share, s->share_pk, sizeof m.share);
    wire_share_signed_bytes(signed_bytes, s->client_random, s->server_random, m.share);
    crypt_sign(m.signature, signed_bytes, sizeof signed_bytes, s->sk);
    size_t start = out->len;
    wire_encode_server_key_exchange(&m, out);
    bytes_append(&s->transcript, out->data + start, out->len - start);
}

int server_agree(struct server *s, struct sim_log *log)
{
    return actor_kit_agree(log, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, s->share_pk, s->share_sk,
                           s->client_has_share ? s->client_share : NULL, s->secret);
}

/* Derive the traffic keys from the secret and both randoms, and log them. */
static void derive(struct server *s, struct sim_log *log)
{
    actor_kit_derive(log, SIM_ACTOR_SERVER, &s->keys, s->secret, s->client_random,
                     s->server_random, s->ephemeral);
    s->has_keys = true;
}

int server_receive_key_exchange(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len)
{
    const uint8_t *sealed;
    size_t sealed_len;
    bool opened = false;

    bytes_append(&s->transcript, frame, len);
    if (wire_decode_blob(frame, len, WIRE_CLIENT_KEY_EXCHANGE, 2, &sealed, &sealed_len) == 0 &&
        sealed_len == KEYS_SECRET_BYTES + CRYPT_SEAL_OVERHEADBYTES)
        opened = crypt_seal_open(s->secret, sealed, sealed_len, s->x25519_pk,
                                 s->x25519_sk) == 0;
    log_check(log, SIM_ACTOR_SERVER, "wrap.open", FACT_OF(opened), "seal_open_failed",
              opened ? "crypto_box_seal_open with the server's private key (X25519 form) "
                       "recovers the session key, and its Poly1305 tag verifies"
                     : "crypto_box_seal_open fails: the wrapped key was changed on the way or "
                       "was not sealed for this server's key");
    if (!opened)
        return -1;
    log_knows(log, SIM_ACTOR_SERVER, "session key", s->secret, sizeof s->secret, true, NULL);
    derive(s, log);
    return 0;
}

void server_derive_keys(struct server *s, struct sim_log *log)
{
    derive(s, log);
    crypt_wipe(s->share_sk, sizeof s->share_sk);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "wipes its ephemeral private key: from now on nobody, the server included, can "
             "recompute the shared secret");
}

int server_receive_finished(struct server *s, struct sim_log *log, const uint8_t *frame,
                            size_t len)
{
    bool ok = s->has_keys &&
              keys_finished_matches(&s->keys, "client", &s->transcript, frame, len);
    log_check(log, SIM_ACTOR_SERVER, "finished.client", FACT_OF(ok), "mac_mismatch",
              ok ? "the client's MAC over the handshake equals the server's own: both saw "
                   "the same messages"
                 : "the client's MAC over the handshake differs from the server's own: "
                   "someone changed a handshake message on the way");
    bytes_append(&s->transcript, frame, len);
    return ok ? 0 : -1;
}

void server_make_finished(struct server *s, struct sim_log *log, struct bytes *out)
{
    uint8_t verify[WIRE_FINISHED_BYTES];

    keys_finished(verify, &s->keys, "server", &s->transcript);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "sends its own Finished: a MAC over the whole handshake, client Finished included");
    wire_frame(out, WIRE_FINISHED, verify, sizeof verify);
}

int server_receive_app_data(struct server *s, struct sim_log *log, const uint8_t *frame,
                            size_t len)
{
    struct bytes plain = {0};
    bool ok = s->has_keys &&
              record_open(&plain, s->suite, frame, len, s->keys.client_write) == 0;

    log_check(log, SIM_ACTOR_SERVER, "record.client_to_server", FACT_OF(ok), "bad_record_mac",
              ok ? "the %s tag verifies under the client write key, so the request is exactly "
                   "what the client sent"
                 : "the %s tag does not verify: the record was changed on the way, or was "
                   "made under other keys, so the server drops it",
              s->suite->null_cipher ? "HMAC" : crypt_aead_name(s->suite->aead));
    if (ok) {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "%s the request",
                 s->suite->null_cipher ? "reads (nothing to decrypt)" : "decrypts");
        if (s->app_layer) {
            struct bytes inner = {0};
            log_knows(log, SIM_ACTOR_SERVER, "application payload (AES-GCM, Base64)",
                      plain.data, plain.len, false, (const char *)plain.data);
            ok = payload_open(&inner, (const char *)plain.data, s->app_key) == 0;
            log_check(log, SIM_ACTOR_SERVER, "payload.open", FACT_OF(ok), "tag_mismatch",
                      ok ? "TLS is done; the backend now removes the application's own "
                           "AES-256-GCM layer with the key it shares with the client"
                         : "the application's own AES-256-GCM layer does not verify");
            bytes_free(&plain);
            plain = inner;
        }
    }
    if (ok)
        log_knows(log, SIM_ACTOR_SERVER, "request (plaintext)", plain.data, plain.len, true,
                  (const char *)plain.data);
    bytes_free(&plain);
    return ok ? 0 : -1;
}

int server_make_reply(struct server *s, struct sim_log *log, struct bytes *out)
{
    struct bytes sealed = {0};
    const char *data = s->reply;

    if (s->app_layer) {
        if (payload_seal(&sealed, s->reply, s->app_key) != 0)
            return -1;
        data = (const char *)sealed.data;
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                 "the backend encrypts its reply with the application key and Base64 first");
    }
    int status = record_seal(out, s->suite, (const uint8_t *)data, strlen(data),
                             s->keys.server_write);
    bytes_free(&sealed);
    if (status != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "protects its reply under the server write key and sends it");
    return 0;
}

const uint8_t *server_secret_key(const struct server *s)
{
    return s->sk;
}

bool server_certificates(const struct server *s, const uint8_t **cert, size_t *cert_len,
                         const uint8_t **inter, size_t *inter_len)
{
    *cert = s->certificate.data;
    *cert_len = s->certificate.len;
    *inter = s->intermediate.data;
    *inter_len = s->intermediate.len;
    return s->certificate.len > 0;
}

void server_free(struct server *s)
{
    if (s == NULL)
        return;
    bytes_free(&s->certificate);
    bytes_free(&s->intermediate);
    bytes_free(&s->transcript);
    crypt_free(s, sizeof *s);
}

int server_adopt(struct server *s, struct sim_log *log, const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                 const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], const uint8_t *cert, size_t len,
                 const char *key_file, const char *cert_file)
{
    uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES];

    if (crypt_sign_pk_to_x25519(xpk, pk) != 0)
        return -1;
    return server_adopt_converted(s, log, pk, sk, xpk, cert, len, key_file, cert_file);
}

int server_adopt_converted(struct server *s, struct sim_log *log,
                           const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                           const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES],
                           const uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES], const uint8_t *cert,
                           size_t len, const char *key_file, const char *cert_file)
{
    memcpy(s->pk, pk, sizeof s->pk);
    memcpy(s->sk, sk, sizeof s->sk);
    memcpy(s->x25519_pk, xpk, sizeof s->x25519_pk);
    crypt_sign_sk_to_x25519(s->x25519_sk, s->sk);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "loads its long-term Ed25519 keypair from %s and its certificate from %s", key_file,
             cert_file);
    char from[64];
    snprintf(from, sizeof from, "from %s", key_file);
    log_keypair(s, log, from);
    bytes_free(&s->certificate);
    bytes_append(&s->certificate, cert, len);
    log_knows(log, SIM_ACTOR_SERVER, "server certificate (X.509 DER)", cert, len, false,
              "from certificate.crt");
    return 0;
}
