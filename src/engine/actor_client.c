/*
 * actor_client.c - the client's side of the handshake.
 */
#include "engine/actor_client.h"

#include "engine/actor_kit.h"
#include "engine/payload.h"
#include "engine/record.h"
#include "pki/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct client {
    char host[SIM_HOST_MAX];
    char message[SIM_MESSAGE_MAX];            /* what the application hands to TLS */
    enum crypt_aead preferred;
    bool ephemeral;
    bool accept_bad_cert;
    int64_t clock;
    struct bytes trusted_ca;                   /* the trust store: one root, DER */
    struct bytes crl;                          /* the issuer's revocation list, DER, or empty */
    struct bytes received_cert;                /* the certificate the server sent, DER */
    bool overrode_warning;                     /* the user clicked "Continue anyway" */
    uint8_t client_random[WIRE_RANDOM_BYTES];
    uint8_t server_random[WIRE_RANDOM_BYTES];
    uint8_t share_pk[CRYPT_X25519_PUBLICKEYBYTES];   /* ephemeral, this connection only */
    uint8_t share_sk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t server_share[WIRE_SHARE_BYTES];
    uint8_t server_pk[CRYPT_SIGN_PUBLICKEYBYTES];
    uint8_t server_x25519_pk[CRYPT_X25519_PUBLICKEYBYTES];
    const struct wire_suite *suite;
    uint8_t secret[KEYS_SECRET_BYTES];         /* session key, or the X25519 shared secret */
    struct traffic_keys keys;
    struct bytes transcript;                   /* every handshake message, as the client saw it */
    bool app_layer;                            /* the application encrypts its data itself */
    uint8_t app_key[CRYPT_AEAD_KEYBYTES];      /* agreed with the backend in advance */
};

struct client *client_new(const struct sim_options *opts, const char *message, int64_t clock)
{
    struct client *c = xcalloc(1, sizeof *c);
    snprintf(c->host, sizeof c->host, "%s", opts->host);
    snprintf(c->message, sizeof c->message, "%s", message);
    c->preferred = opts->cipher;
    c->ephemeral = opts->mode == SIM_MODE_EPHEMERAL;
    c->accept_bad_cert = opts->accept_bad_cert;
    c->clock = clock;
    return c;
}

void client_trust(struct client *c, struct sim_log *log, const uint8_t *der, size_t len,
                  const char *how)
{
    bytes_free(&c->trusted_ca);
    bytes_append(&c->trusted_ca, der, len);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "has the CA's root certificate in its trust store, %s", how);
    log_knows(log, SIM_ACTOR_CLIENT, "trusted CA certificate", der, len, false, NULL);
}

void client_set_app_key(struct client *c, struct sim_log *log, const uint8_t *key)
{
    c->app_layer = true;
    memcpy(c->app_key, key, sizeof c->app_key);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "the client application shares an AES-256 key with the backend, agreed in advance "
             "and outside TLS");
    log_knows(log, SIM_ACTOR_CLIENT, "application key (AES-256)", key, sizeof c->app_key, true,
              NULL);
}

void client_make_hello(struct client *c, struct sim_log *log, struct bytes *out)
{
    struct wire_client_hello m = {.version = WIRE_VERSION_TLS12};
    static const enum crypt_aead all[] = {CRYPT_AEAD_XCHACHA20POLY1305, CRYPT_AEAD_AES256GCM};

    crypt_random(c->client_random, sizeof c->client_random);
    memcpy(m.random, c->client_random, sizeof m.random);
    m.suites[m.suite_count++] = wire_suite_for(c->ephemeral, c->preferred)->id;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] != c->preferred && crypt_aead_available(all[i]))
            m.suites[m.suite_count++] = wire_suite_for(c->ephemeral, all[i])->id;
    m.suites[m.suite_count++] = wire_suite_legacy(c->ephemeral)->id;
    snprintf(m.server_name, sizeof m.server_name, "%s", c->host);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "draws 32 random bytes (the client random) and offers %zu cipher suites, "
             "%s first, and last a legacy suite kept for old servers",
             m.suite_count, crypt_aead_name(c->preferred));
    log_knows(log, SIM_ACTOR_CLIENT, "client random", c->client_random,
              sizeof c->client_random, false, NULL);
    log_knows(log, SIM_ACTOR_CLIENT, "server name wanted", NULL, 0, false, c->host);
    if (c->ephemeral) {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "makes a throw-away X25519 keypair for this connection and sends its public "
                 "half as its key share");
        actor_kit_key_share(log, SIM_ACTOR_CLIENT, "client", c->share_pk, c->share_sk);
        m.has_share = true;
        memcpy(m.share, c->share_pk, sizeof m.share);
    }
    size_t start = out->len;
    wire_encode_client_hello(&m, out);
    bytes_append(&c->transcript, out->data + start, out->len - start);
}

int client_receive_server_hello(struct client *c, struct sim_log *log, const uint8_t *frame,
                                size_t len, char *reason, size_t reason_len)
{
    struct wire_server_hello m;

    if (wire_decode_server_hello(frame, len, &m) != 0 || wire_suite_find(m.suite) == NULL ||
        wire_suite_find(m.suite)->ephemeral != c->ephemeral) {
        snprintf(reason, reason_len, "the ServerHello does not decode or names an unknown suite");
        log_check(log, SIM_ACTOR_CLIENT, "hello.server.decode", FACT_FAIL, "undecodable", "%s",
                  reason);
        return -1;
    }
    bytes_append(&c->transcript, frame, len);
    memcpy(c->server_random, m.random, sizeof c->server_random);
    c->suite = wire_suite_find(m.suite);
    log_knows(log, SIM_ACTOR_CLIENT, "server random", m.random, sizeof m.random, false, NULL);
    char *suite = xasprintf("%s (in real TLS: %s)", c->suite->name, c->suite->real_counterpart);
    log_knows(log, SIM_ACTOR_CLIENT, "cipher suite", NULL, 0, false, suite);
    free(suite);
    if (c->suite->null_cipher)
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "accepts %s: it offered that legacy suite itself, and nothing tells it the "
                 "server was offered better", c->suite->name);
    return 0;
}

/* The check id (fact.h) of each certificate check x509.c makes. */
static const char *const cert_check_ids[X509_CHECK_COUNT] = {
    [X509_CHECK_ISSUER] = "cert.issuer",
    [X509_CHECK_SIGNATURE] = "cert.signature",
    [X509_CHECK_NAME] = "cert.name",
    [X509_CHECK_VALIDITY] = "cert.validity",
};

/* Log each certificate check; fill reason, in a browser's words, with the
 * first that failed; true when all passed. */
static bool report_checks(struct client *c, struct sim_log *log,
                          const struct x509_check checks[X509_CHECK_COUNT], char *reason,
                          size_t reason_len)
{
    bool all_ok = true;
    for (int i = 0; i < X509_CHECK_COUNT; i++) {
        enum fact_outcome outcome = checks[i].ok        ? FACT_PASS
                                    : !checks[i].checked ? FACT_NOT_CHECKED
                                                         : FACT_FAIL;
        log_check(log, SIM_ACTOR_CLIENT, cert_check_ids[i], outcome, checks[i].code, "%s",
                  checks[i].detail);
        if (!checks[i].ok && all_ok) {
            snprintf(reason, reason_len,
                     "Your connection is not private: %s may be an impostor (%s). %s",
                     c->host, fact_browser_code(cert_check_ids[i]), checks[i].detail);
            all_ok = false;
        }
    }
    return all_ok;
}

/* Take pk as the server's key and convert it for sealed boxes; -1 with a
 * reason if it is unusable. */
static int adopt_server_key(struct client *c, struct sim_log *log, const uint8_t *pk,
                            const char *how, char *reason, size_t reason_len)
{
    if (crypt_sign_pk_to_x25519(c->server_x25519_pk, pk) != 0) {
        snprintf(reason, reason_len, "the server's key is not a valid Ed25519 point, so "
                 "nothing can be sealed for it");
        log_check(log, SIM_ACTOR_CLIENT, "cert.key", FACT_FAIL, "invalid_point", "%s", reason);
        return -1;
    }
    memcpy(c->server_pk, pk, sizeof c->server_pk);
    log_knows(log, SIM_ACTOR_CLIENT, "server public key", c->server_pk, sizeof c->server_pk,
              false, how);
    return 0;
}

/* After the checks on cert (valid when all passed): take its key as trusted
 * (how says why), or, when a check failed and the user clicks through the
 * warning, as untrusted; 0, or -1 with reason as the checks left it. */
static int take_checked_key(struct client *c, struct sim_log *log, const struct x509_cert *cert,
                            bool valid, const char *how, char *reason, size_t reason_len)
{
    if (!valid) {
        if (!c->accept_bad_cert || !cert->key_is_ed25519)
            return -1;
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "shows the warning, and the user clicks \"Continue anyway\"");
        c->overrode_warning = true;
        reason[0] = '\0';
        return adopt_server_key(c, log, cert->public_key,
                                "UNTRUSTED: the user overrode the warning", reason, reason_len);
    }
    if (!cert->key_is_ed25519) {
        snprintf(reason, reason_len, "the certificate's key is not Ed25519");
        return -1;
    }
    return adopt_server_key(c, log, cert->public_key, how, reason, reason_len);
}

int client_receive_certificate(struct client *c, struct sim_log *log, const uint8_t *frame,
                               size_t len, char *reason, size_t reason_len)
{
    const uint8_t *der;
    size_t der_len;
    struct x509_cert cert, root;
    struct x509_check checks[X509_CHECK_COUNT];
    char err[X509_ERR_MAX];

    bytes_append(&c->transcript, frame, len);
    if (wire_decode_blob(frame, len, WIRE_SERVER_PUBLIC_KEY, 2, &der, &der_len) == 0) {
        if (der_len != CRYPT_SIGN_PUBLICKEYBYTES) {
            snprintf(reason, reason_len, "the server's bare key has the wrong length");
            return -1;
        }
        log_check(log, SIM_ACTOR_CLIENT, "server.authenticated", FACT_FAIL, "bare_key",
                  "a bare public key says nothing about whose it is: anyone on the wire could "
                  "have sent their own, and the client could not tell");
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "goes on anyway, as the simplest flow does, trusting the first key it sees");
        return adopt_server_key(c, log, der, "unverified: nothing ties it to the server", reason,
                                reason_len);
    }
    if (wire_decode_blob(frame, len, WIRE_CERTIFICATE, 3, &der, &der_len) != 0 ||
        x509_cert_parse(der, der_len, &cert, err, sizeof err) != 0) {
        snprintf(reason, reason_len, "the certificate does not decode");
        log_check(log, SIM_ACTOR_CLIENT, "cert.decode", FACT_FAIL, "undecodable", "%s", reason);
        return -1;
    }
    bytes_free(&c->received_cert);
    bytes_append(&c->received_cert, der, der_len);
    if (x509_cert_parse(c->trusted_ca.data, c->trusted_ca.len, &root, err, sizeof err) != 0) {
        snprintf(reason, reason_len, "the client's trust store is damaged: %s", err);
        return -1;
    }
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "checks the certificate: who issued it, the signature, the name, the dates");
    bool valid = x509_cert_validate(&cert, &root, 1, c->host, c->clock, checks);
    valid = report_checks(c, log, checks, reason, reason_len) && valid;
    return take_checked_key(c, log, &cert, valid, "trusted: the CA vouches for it", reason,
                            reason_len);
}

void client_take_crl(struct client *c, struct sim_log *log, const uint8_t *der, size_t len)
{
    bytes_free(&c->crl);
    bytes_append(&c->crl, der, len);
    log_knows(log, SIM_ACTOR_CLIENT, "intermediate's revocation list (CRL)", der, len, false,
              "fetched from where the CA publishes it, as a client that checks CRLs does");
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "keeps the CRL for stage 3; real browsers "
             "seldom download CRLs: they read the OCSP answer a server staples to its "
             "handshake, ship their own lists of revoked certificates, and rely on "
             "certificates that live only weeks");
}

/* Decode the certificate in a Certificate frame into cert; 0, or -1 after
 * logging that it does not decode. */
static int decode_certificate(struct sim_log *log, const uint8_t *frame, size_t len,
                              struct x509_cert *cert, char *reason, size_t reason_len)
{
    const uint8_t *der;
    size_t der_len;
    char err[X509_ERR_MAX];

    if (wire_decode_blob(frame, len, WIRE_CERTIFICATE, 3, &der, &der_len) == 0 &&
        x509_cert_parse(der, der_len, cert, err, sizeof err) == 0)
        return 0;
    snprintf(reason, reason_len, "the certificate does not decode");
    log_check(log, SIM_ACTOR_CLIENT, "cert.decode", FACT_FAIL, "undecodable", "%s", reason);
    return -1;
}

/* Log each path check made under its id and reason code; fill reason, in a
 * browser's words, from the one that failed. */
static void report_path(const struct client *c, struct sim_log *log, const struct x509_path *p,
                        char *reason, size_t reason_len)
{
    for (size_t i = 0; i < p->checks_made; i++) {
        const char *id = x509_path_check_id((enum x509_path_check_id)i);
        const struct x509_check *check = &p->checks[i];
        enum fact_outcome outcome = check->ok        ? FACT_PASS
                                    : !check->checked ? FACT_NOT_CHECKED
                                                      : FACT_FAIL;
        log_check(log, SIM_ACTOR_CLIENT, id, outcome, check->code, "%s", check->detail);
        if (!check->ok)
            snprintf(reason, reason_len,
                     "Your connection is not private: %s may be an impostor (%s, check %s). %s",
                     c->host, fact_browser_code(id), id, check->detail);
    }
}

int client_receive_chain(struct client *c, struct sim_log *log, const uint8_t *leaf_frame,
                         size_t leaf_len, const uint8_t *extra_frame, size_t extra_len,
                         char *reason, size_t reason_len)
{
    struct x509_cert leaf, extra, root;
    struct x509_crl crl;
    struct x509_path path;
    char err[X509_ERR_MAX];

    bytes_append(&c->transcript, leaf_frame, leaf_len);
    if (extra_frame != NULL)
        bytes_append(&c->transcript, extra_frame, extra_len);
    if (decode_certificate(log, leaf_frame, leaf_len, &leaf, reason, reason_len) != 0 ||
        (extra_frame != NULL &&
         decode_certificate(log, extra_frame, extra_len, &extra, reason, reason_len) != 0))
        return -1;
    bytes_free(&c->received_cert);
    bytes_append(&c->received_cert, leaf.der, leaf.der_len);
    if (x509_cert_parse(c->trusted_ca.data, c->trusted_ca.len, &root, err, sizeof err) != 0) {
        snprintf(reason, reason_len, "the client's trust store is damaged: %s", err);
        return -1;
    }
    bool has_crl = c->crl.len > 0 &&
                   x509_crl_parse(c->crl.data, c->crl.len, &crl, err, sizeof err) == 0;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "builds the path from the server's certificate up to a root in its trust store, "
             "then checks every link: signatures, dates, CA flags, key usage, the name, "
             "revocation");
    struct x509_path_input in = {
        .leaf = &leaf, .sent = &extra, .sent_count = extra_frame != NULL ? 1 : 0,
        .trusted = &root, .trusted_count = 1, .crls = &crl, .crl_count = has_crl ? 1 : 0,
        .host = c->host, .now = c->clock,
    };
    bool valid = x509_path_validate(&in, &path);
    report_path(c, log, &path, reason, reason_len);
    return take_checked_key(c, log, &leaf, valid, "trusted: every link of the path holds",
                            reason, reason_len);
}

int client_receive_key_share(struct client *c, struct sim_log *log, const uint8_t *frame,
                             size_t len, char *reason, size_t reason_len)
{
    struct wire_server_key_exchange m;
    uint8_t signed_bytes[2 * WIRE_RANDOM_BYTES + WIRE_SHARE_BYTES];

    bytes_append(&c->transcript, frame, len);
    bool ok = wire_decode_server_key_exchange(frame, len, &m) == 0;
    if (ok) {
        wire_share_signed_bytes(signed_bytes, c->client_random, c->server_random, m.share);
        ok = crypt_sign_verify(m.signature, signed_bytes, sizeof signed_bytes, c->server_pk);
    }
    log_check(log, SIM_ACTOR_CLIENT, "ske.signature", FACT_OF(ok), "bad_signature",
              ok ? "the Ed25519 signature over client random || server random || share "
                   "verifies with the key from the certificate"
                 : "the signature over client random || server random || share does not "
                   "verify with the certificate's key for the values the client holds: one of "
                   "them was changed on the way (the client random the server saw, the server "
                   "random or the share)");
    if (!ok) {
        snprintf(reason, reason_len, "the server's signature over the randoms and its key "
                 "share does not verify: a signed value was changed on the way");
        return -1;
    }
    memcpy(c->server_share, m.share, sizeof c->server_share);
    log_knows(log, SIM_ACTOR_CLIENT, "server key share (X25519)", m.share, sizeof m.share, false,
              NULL);
    return 0;
}

/* Derive the traffic keys from the secret and both randoms, and log them. */
static void derive(struct client *c, struct sim_log *log)
{
    actor_kit_derive(log, SIM_ACTOR_CLIENT, &c->keys, c->secret, c->client_random,
                     c->server_random, c->ephemeral);
}

void client_make_session_key(struct client *c, struct sim_log *log)
{
    crypt_random(c->secret, sizeof c->secret);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "draws a fresh random 32-byte session key for this connection only");
    log_knows(log, SIM_ACTOR_CLIENT, "session key", c->secret, sizeof c->secret, true, NULL);
    derive(c, log);
}

int client_agree(struct client *c, struct sim_log *log)
{
    if (actor_kit_agree(log, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, c->share_pk, c->share_sk,
                        c->server_share, c->secret) != 0)
        return -1;
    derive(c, log);
    crypt_wipe(c->share_sk, sizeof c->share_sk);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "wipes its ephemeral private key: the shared secret can never be recomputed");
    return 0;
}

int client_make_key_exchange(struct client *c, struct sim_log *log, struct bytes *out)
{
    uint8_t sealed[KEYS_SECRET_BYTES + CRYPT_SEAL_OVERHEADBYTES];

    if (crypt_seal(sealed, c->secret, sizeof c->secret, c->server_x25519_pk) != 0)
        return -1;
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "seals the session key for the server's public key (crypto_box_seal: "
             "a throw-away X25519 key + XSalsa20-Poly1305)");
    log_knows(log, SIM_ACTOR_CLIENT, "wrapped session key", sealed, sizeof sealed, false,
              "only the matching private key opens it: a throw-away X25519 public key (32 "
              "bytes), then the key under XSalsa20-Poly1305 with its 16-byte tag, the nonce "
              "BLAKE2b-192 of the throw-away key || the server's key");
    size_t start = out->len;
    wire_encode_blob(out, WIRE_CLIENT_KEY_EXCHANGE, sealed, sizeof sealed, 2);
    bytes_append(&c->transcript, out->data + start, out->len - start);
    return 0;
}

void client_make_finished(struct client *c, struct sim_log *log, struct bytes *out)
{
    uint8_t verify[WIRE_FINISHED_BYTES];

    keys_finished(verify, &c->keys, "client", &c->transcript);
    log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
             "sends Finished: an HMAC, under a key derived from the shared secret, over every "
             "handshake message as the client saw them");
    size_t start = out->len;
    wire_frame(out, WIRE_FINISHED, verify, sizeof verify);
    bytes_append(&c->transcript, out->data + start, out->len - start);
}

int client_receive_finished(struct client *c, struct sim_log *log, const uint8_t *frame,
                            size_t len)
{
    bool ok = keys_finished_matches(&c->keys, "server", &c->transcript, frame, len);
    log_check(log, SIM_ACTOR_CLIENT, "finished.server", FACT_OF(ok), "mac_mismatch",
              ok ? "the server's MAC over the handshake equals the client's own"
                 : "the server's MAC over the handshake differs from the client's own: a "
                   "handshake message was changed on the way");
    return ok ? 0 : -1;
}

int client_make_app_data(struct client *c, struct sim_log *log, struct bytes *out)
{
    struct bytes sealed = {0};
    const char *data = c->message;

    log_knows(log, SIM_ACTOR_CLIENT, "request (plaintext)", (const uint8_t *)c->message,
              strlen(c->message), true, c->message);
    if (c->app_layer) {
        if (payload_seal(&sealed, c->message, c->app_key) != 0)
            return -1;
        data = (const char *)sealed.data;
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "the application encrypts the request itself with AES-256-GCM and encodes it "
                 "in Base64 before handing it to TLS");
        log_knows(log, SIM_ACTOR_CLIENT, "application payload (AES-GCM, Base64)", sealed.data,
                  sealed.len, false, data);
    }
    int status = record_seal(out, c->suite, (const uint8_t *)data, strlen(data),
                             c->keys.client_write);
    bytes_free(&sealed);
    if (status != 0)
        return -1;
    if (c->suite->null_cipher)
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "sends the request IN THE CLEAR with only an HMAC, as the legacy suite says");
    else
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "encrypts the request with %s under the client write key and a fresh random "
                 "nonce, the 4-byte frame header as associated data",
                 crypt_aead_name(c->suite->aead));
    return 0;
}

/* Replace the Base64 payload in text with what the application layer
 * decrypts from it; 0, or -1 when it does not open. */
static int open_app_layer(struct client *c, struct sim_log *log, struct bytes *text)
{
    struct bytes inner = {0};
    log_knows(log, SIM_ACTOR_CLIENT, "application payload (AES-GCM, Base64)", text->data,
              text->len, false, (const char *)text->data);
    bool ok = payload_open(&inner, (const char *)text->data, c->app_key) == 0;
    log_check(log, SIM_ACTOR_CLIENT, "payload.open", FACT_OF(ok), "tag_mismatch",
              ok ? "the application's AES-256-GCM tag verifies under the key it shares with "
                   "the backend"
                 : "the application's own AES-256-GCM layer does not verify");
    bytes_free(text);
    *text = inner;
    return ok ? 0 : -1;
}

int client_receive_reply(struct client *c, struct sim_log *log, const uint8_t *frame, size_t len)
{
    struct bytes plain = {0};
    bool ok = record_open(&plain, c->suite, frame, len, c->keys.server_write) == 0;

    log_check(log, SIM_ACTOR_CLIENT, "record.server_to_client", FACT_OF(ok), "bad_record_mac",
              ok ? "the %s tag verifies under the server write key"
                 : "the %s tag does not verify: the reply was changed on the way",
              c->suite->null_cipher ? "HMAC" : crypt_aead_name(c->suite->aead));
    if (ok) {
        log_text(log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "%s the reply",
                 c->suite->null_cipher ? "reads" : "decrypts");
        ok = !c->app_layer || open_app_layer(c, log, &plain) == 0;
    }
    if (ok)
        log_knows(log, SIM_ACTOR_CLIENT, "reply (plaintext)", plain.data, plain.len, true,
                  (const char *)plain.data);
    bytes_free(&plain);
    return ok ? 0 : -1;
}

bool client_trusted_ca(const struct client *c, const uint8_t **der, size_t *len)
{
    *der = c->trusted_ca.data;
    *len = c->trusted_ca.len;
    return c->trusted_ca.len != 0;
}

bool client_received_certificate(const struct client *c, const uint8_t **der, size_t *len)
{
    *der = c->received_cert.data;
    *len = c->received_cert.len;
    return c->received_cert.len != 0;
}

bool client_overrode_warning(const struct client *c)
{
    return c->overrode_warning;
}

bool client_suite_is_null(const struct client *c)
{
    return c->suite != NULL && c->suite->null_cipher;
}

void client_free(struct client *c)
{
    if (c == NULL)
        return;
    bytes_free(&c->trusted_ca);
    bytes_free(&c->crl);
    bytes_free(&c->received_cert);
    bytes_free(&c->transcript);
    crypt_free(c, sizeof *c);
}
