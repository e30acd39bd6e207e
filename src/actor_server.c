/*
 * actor_server.c - the server's side of the handshake.
 */
#include "actor_server.h"

#include "record.h"
#include "x509.h"

#include <stdio.h>
#include <string.h>

void server_init(struct server *s, const struct sim_options *opts)
{
    memset(s, 0, sizeof *s);
    snprintf(s->host, sizeof s->host, "%s", opts->host);
    snprintf(s->reply, sizeof s->reply, "%s", opts->reply);
    s->aead = opts->cipher;
}

int server_make_keypair_and_csr(struct server *s, struct sim_log *log, struct bytes *out)
{
    struct x509_csr_spec spec = {.subject_cn = s->host, .dns_name = s->host};
    struct bytes csr = {0};

    crypt_sign_keypair(s->pk, s->sk);
    crypt_sign_sk_to_x25519(s->x25519_sk, s->sk);
    if (crypt_sign_pk_to_x25519(s->x25519_pk, s->pk) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "makes its long-term Ed25519 keypair; the private key never leaves the server");
    log_knows(log, SIM_ACTOR_SERVER, "server private key (Ed25519)", s->sk, CRYPT_SIGN_SEEDBYTES,
              true, NULL);
    log_knows(log, SIM_ACTOR_SERVER, "server public key (Ed25519)", s->pk, sizeof s->pk, false,
              NULL);
    log_knows(log, SIM_ACTOR_SERVER, "server public key, X25519 form", s->x25519_pk,
              sizeof s->x25519_pk, false, "the same key, converted for sealed boxes");

    memcpy(spec.public_key, s->pk, sizeof s->pk);
    if (x509_csr_build(&spec, s->sk, &csr) != 0) {
        bytes_free(&csr);
        return -1;
    }
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "writes a certificate signing request (CSR) for %s and signs it with its private "
             "key", s->host);
    wire_encode_blob(out, WIRE_ENROL_CSR, csr.data, csr.len, 3);
    bytes_free(&csr);
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

int server_receive_client_hello(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len)
{
    struct wire_client_hello hello;

    if (wire_decode_client_hello(frame, len, &hello) != 0) {
        log_check(log, SIM_ACTOR_SERVER, "ClientHello well-formed", false,
                  "the ClientHello does not decode");
        return -1;
    }
    memcpy(s->client_random, hello.random, sizeof s->client_random);
    log_knows(log, SIM_ACTOR_SERVER, "client random", hello.random, sizeof hello.random, false,
              NULL);
    s->suite = 0;
    for (size_t i = 0; i < hello.suite_count && s->suite == 0; i++) {
        const struct wire_suite *suite = wire_suite_find(hello.suites[i]);
        if (suite != NULL && crypt_aead_available(suite->aead))
            s->suite = suite->id;
    }
    if (s->suite == 0) {
        log_check(log, SIM_ACTOR_SERVER, "common cipher suite", false,
                  "none of the offered cipher suites is one the server can run");
        return -1;
    }
    const struct wire_suite *chosen = wire_suite_find(s->suite);
    s->aead = chosen->aead;
    log_check(log, SIM_ACTOR_SERVER, "common cipher suite", true,
              "the server picks %s, the client's first choice that it supports", chosen->name);
    return 0;
}

void server_make_hello(struct server *s, struct sim_log *log, struct bytes *hello,
                       struct bytes *certificate)
{
    struct wire_server_hello m = {.version = WIRE_VERSION_TLS12, .suite = s->suite};

    crypt_random(s->server_random, sizeof s->server_random);
    memcpy(m.random, s->server_random, sizeof m.random);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "draws 32 random bytes (the server random) and sends them with its chosen suite");
    log_knows(log, SIM_ACTOR_SERVER, "server random", s->server_random,
              sizeof s->server_random, false, NULL);
    wire_encode_server_hello(&m, hello);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "sends its certificate");
    wire_encode_blob(certificate, WIRE_CERTIFICATE, s->certificate.data, s->certificate.len, 3);
}

int server_receive_key_exchange(struct server *s, struct sim_log *log, const uint8_t *frame,
                                size_t len)
{
    const uint8_t *sealed;
    size_t sealed_len;
    bool opened = false;

    if (wire_decode_blob(frame, len, WIRE_CLIENT_KEY_EXCHANGE, 2, &sealed, &sealed_len) == 0 &&
        sealed_len == KEYS_SECRET_BYTES + CRYPT_SEAL_OVERHEADBYTES)
        opened = crypt_seal_open(s->session_key, sealed, sealed_len, s->x25519_pk,
                                 s->x25519_sk) == 0;
    log_check(log, SIM_ACTOR_SERVER, "sealed box opens", opened,
              opened ? "crypto_box_seal_open with the server's private key (X25519 form) "
                       "recovers the session key, and its Poly1305 tag verifies"
                     : "crypto_box_seal_open fails: the wrapped key was changed on the way or "
                       "was not sealed for this server's key");
    if (!opened)
        return -1;
    log_knows(log, SIM_ACTOR_SERVER, "session key", s->session_key, sizeof s->session_key, true,
              NULL);
    keys_derive(&s->keys, s->session_key, s->client_random, s->server_random);
    s->has_keys = true;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "derives the two traffic keys from the session key and both randoms");
    log_knows(log, SIM_ACTOR_SERVER, "client write key", s->keys.client_write,
              sizeof s->keys.client_write, true, NULL);
    log_knows(log, SIM_ACTOR_SERVER, "server write key", s->keys.server_write,
              sizeof s->keys.server_write, true, NULL);
    return 0;
}

int server_receive_app_data(struct server *s, struct sim_log *log, const uint8_t *frame,
                            size_t len)
{
    struct bytes plain = {0};
    bool ok = s->has_keys &&
              record_open(&plain, s->aead, frame, len, s->keys.client_write) == 0;

    log_check(log, SIM_ACTOR_SERVER, "record authentic", ok,
              ok ? "the %s tag verifies under the client write key, so the request is exactly "
                   "what the client sent"
                 : "the %s tag does not verify: the record was changed on the way, so the "
                   "server drops it",
              crypt_aead_name(s->aead));
    if (ok) {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "decrypts the request");
        log_knows(log, SIM_ACTOR_SERVER, "request (plaintext)", plain.data, plain.len, true,
                  (const char *)plain.data);
    }
    bytes_free(&plain);
    return ok ? 0 : -1;
}

int server_make_reply(struct server *s, struct sim_log *log, struct bytes *out)
{
    if (record_seal(out, s->aead, (const uint8_t *)s->reply, strlen(s->reply),
                    s->keys.server_write) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
             "encrypts its reply under the server write key and sends it");
    return 0;
}

void server_free(struct server *s)
{
    bytes_free(&s->certificate);
    crypt_wipe(s, sizeof *s);
}
