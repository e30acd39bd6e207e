/*
 * actor_client.c - the client's side of the handshake.
 */
#include "actor_client.h"

#include "record.h"
#include "x509.h"

#include <stdio.h>
#include <string.h>

void client_init(struct client *c, const struct sim_options *opts, int64_t clock)
{
    memset(c, 0, sizeof *c);
    snprintf(c->host, sizeof c->host, "%s", opts->host);
    snprintf(c->message, sizeof c->message, "%s", opts->message);
    c->preferred = opts->cipher;
    c->aead = opts->cipher;
    c->clock = clock;
}

void client_trust(struct client *c, struct sim_log *log, const uint8_t *der, size_t len)
{
    bytes_free(&c->trusted_ca);
    bytes_append(&c->trusted_ca, der, len);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "has the CA's root certificate in its trust store, shipped with the system");
    log_knows(log, SIM_ACTOR_CLIENT, "trusted CA certificate", der, len, false, NULL);
}

void client_make_hello(struct client *c, struct sim_log *log, struct bytes *out)
{
    struct wire_client_hello m = {.version = WIRE_VERSION_TLS12};
    static const enum crypt_aead all[] = {CRYPT_AEAD_XCHACHA20POLY1305, CRYPT_AEAD_AES256GCM};

    crypt_random(c->client_random, sizeof c->client_random);
    memcpy(m.random, c->client_random, sizeof m.random);
    m.suites[m.suite_count++] = wire_suite_for(c->preferred)->id;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] != c->preferred && crypt_aead_available(all[i]))
            m.suites[m.suite_count++] = wire_suite_for(all[i])->id;
    snprintf(m.server_name, sizeof m.server_name, "%s", c->host);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "draws 32 random bytes (the client random) and offers %zu cipher suite%s, "
             "%s first", m.suite_count, m.suite_count == 1 ? "" : "s",
             crypt_aead_name(c->preferred));
    log_knows(log, SIM_ACTOR_CLIENT, "client random", c->client_random,
              sizeof c->client_random, false, NULL);
    log_knows(log, SIM_ACTOR_CLIENT, "server name wanted", NULL, 0, false, c->host);
    wire_encode_client_hello(&m, out);
}

/* Log each certificate check; fill reason with the first that failed. */
static bool report_checks(struct sim_log *log, const struct x509_check checks[X509_CHECK_COUNT],
                          char *reason, size_t reason_len)
{
    bool all_ok = true;
    for (int i = 0; i < X509_CHECK_COUNT; i++) {
        log_check(log, SIM_ACTOR_CLIENT, x509_check_name((enum x509_check_id)i), checks[i].ok,
                  "%s", checks[i].detail);
        if (!checks[i].ok && all_ok) {
            snprintf(reason, reason_len, "certificate rejected: %s", checks[i].detail);
            all_ok = false;
        }
    }
    return all_ok;
}

int client_receive_server_hello(struct client *c, struct sim_log *log, const uint8_t *hello,
                                size_t hello_len, const uint8_t *cert_frame, size_t cert_len,
                                char *reason, size_t reason_len)
{
    struct wire_server_hello m;
    const uint8_t *der;
    size_t der_len;
    struct x509_cert cert, root;
    struct x509_check checks[X509_CHECK_COUNT];
    char err[X509_ERR_MAX];

    if (wire_decode_server_hello(hello, hello_len, &m) != 0 || wire_suite_find(m.suite) == NULL) {
        snprintf(reason, reason_len, "the ServerHello does not decode");
        log_check(log, SIM_ACTOR_CLIENT, "ServerHello well-formed", false, "%s", reason);
        return -1;
    }
    memcpy(c->server_random, m.random, sizeof c->server_random);
    c->aead = wire_suite_find(m.suite)->aead;
    log_knows(log, SIM_ACTOR_CLIENT, "server random", m.random, sizeof m.random, false, NULL);
    log_knows(log, SIM_ACTOR_CLIENT, "cipher suite", NULL, 0, false,
              wire_suite_find(m.suite)->name);

    if (wire_decode_blob(cert_frame, cert_len, WIRE_CERTIFICATE, 3, &der, &der_len) != 0 ||
        x509_cert_parse(der, der_len, &cert, err, sizeof err) != 0) {
        snprintf(reason, reason_len, "the certificate does not decode");
        log_check(log, SIM_ACTOR_CLIENT, "certificate well-formed", false, "%s", reason);
        return -1;
    }
    if (x509_cert_parse(c->trusted_ca.data, c->trusted_ca.len, &root, err, sizeof err) != 0) {
        snprintf(reason, reason_len, "the client's trust store is damaged: %s", err);
        return -1;
    }
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "checks the certificate: who issued it, the signature, the name, the dates");
    bool valid = x509_cert_validate(&cert, &root, 1, c->host, c->clock, checks);
    if (!report_checks(log, checks, reason, reason_len) || !valid)
        return -1;
    if (!cert.key_is_ed25519 || crypt_sign_pk_to_x25519(c->server_x25519_pk, cert.public_key) != 0) {
        snprintf(reason, reason_len, "the certificate's key cannot be used for a sealed box");
        log_check(log, SIM_ACTOR_CLIENT, "usable server key", false, "%s", reason);
        return -1;
    }
    memcpy(c->server_pk, cert.public_key, sizeof c->server_pk);
    log_knows(log, SIM_ACTOR_CLIENT, "server public key (from the certificate)", c->server_pk,
              sizeof c->server_pk, false, "trusted: the CA vouches for it");
    return 0;
}

void client_make_session_key(struct client *c, struct sim_log *log)
{
    crypt_random(c->session_key, sizeof c->session_key);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "draws a fresh random 32-byte session key for this connection only");
    log_knows(log, SIM_ACTOR_CLIENT, "session key", c->session_key, sizeof c->session_key, true,
              NULL);
    keys_derive(&c->keys, c->session_key, c->client_random, c->server_random);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "derives the two traffic keys from the session key and both randoms");
    log_knows(log, SIM_ACTOR_CLIENT, "client write key", c->keys.client_write,
              sizeof c->keys.client_write, true, NULL);
    log_knows(log, SIM_ACTOR_CLIENT, "server write key", c->keys.server_write,
              sizeof c->keys.server_write, true, NULL);
}

int client_make_key_exchange(struct client *c, struct sim_log *log, struct bytes *out)
{
    uint8_t sealed[KEYS_SECRET_BYTES + CRYPT_SEAL_OVERHEADBYTES];

    if (crypt_seal(sealed, c->session_key, sizeof c->session_key, c->server_x25519_pk) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "seals the session key for the server's public key (crypto_box_seal: "
             "a throw-away X25519 key + XSalsa20-Poly1305)");
    log_knows(log, SIM_ACTOR_CLIENT, "wrapped session key", sealed, sizeof sealed, false,
              "only the server's private key opens it");
    wire_encode_blob(out, WIRE_CLIENT_KEY_EXCHANGE, sealed, sizeof sealed, 2);
    return 0;
}

int client_make_app_data(struct client *c, struct sim_log *log, struct bytes *out)
{
    if (record_seal(out, c->aead, (const uint8_t *)c->message, strlen(c->message),
                    c->keys.client_write) != 0)
        return -1;
    log_knows(log, SIM_ACTOR_CLIENT, "request (plaintext)", (const uint8_t *)c->message,
              strlen(c->message), true, c->message);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "encrypts the request with %s under the client write key and a fresh nonce",
             crypt_aead_name(c->aead));
    return 0;
}

int client_receive_reply(struct client *c, struct sim_log *log, const uint8_t *frame, size_t len)
{
    struct bytes plain = {0};
    bool ok = record_open(&plain, c->aead, frame, len, c->keys.server_write) == 0;

    log_check(log, SIM_ACTOR_CLIENT, "record authentic", ok,
              ok ? "the %s tag verifies under the server write key"
                 : "the %s tag does not verify: the reply was changed on the way",
              crypt_aead_name(c->aead));
    if (ok) {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "decrypts the reply");
        log_knows(log, SIM_ACTOR_CLIENT, "reply (plaintext)", plain.data, plain.len, true,
                  (const char *)plain.data);
    }
    bytes_free(&plain);
    return ok ? 0 : -1;
}

void client_free(struct client *c)
{
    bytes_free(&c->trusted_ca);
    crypt_wipe(c, sizeof *c);
}
