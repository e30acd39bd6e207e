/*
 * server.c - the TLS 1.3 server's handshake (RFC 8446 §2, §4): ClientHello
 * in and checked against tlssim's one configuration (a HelloRetryRequest
 * when the client sent no X25519 share but takes X25519); ServerHello,
 * EncryptedExtensions, Certificate, CertificateVerify and Finished out;
 * the client Finished in and checked.
 */
#include "tls13/conn.h"

#include "base/crypt_tls13.h"

#include <stdio.h>
#include <string.h>

/* What tlssim needs from a ClientHello; 0, 1 for a HelloRetryRequest, or -1. */
static int check_client_hello(struct tls13_conn *c, const struct tls13_client_hello *ch)
{
    if (!ch->has_versions || !ch->offers_tls13)
        return tls13_failf(c, 2, TLS13_ALERT_PROTOCOL_VERSION, "tls13.ch.version",
                           "the client does not offer TLS 1.3 (supported_versions lacks "
                           "0x0304); tlssim speaks only TLS 1.3");
    if (!ch->offers_chacha)
        return tls13_failf(c, 2, TLS13_ALERT_HANDSHAKE_FAILURE, "tls13.ch.suite",
                           "the client does not offer TLS_CHACHA20_POLY1305_SHA256 (0x1303), "
                           "the only cipher suite tlssim has");
    if (!ch->compression_null_only)
        return tls13_failf(c, 2, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ch.compression",
                           "the client offers compression; TLS 1.3 allows only 'null'");
    if (!ch->has_sigalgs)
        return tls13_failf(c, 2, TLS13_ALERT_MISSING_EXTENSION, "tls13.ch.sigalgs",
                           "the client sent no signature_algorithms extension");
    if (!ch->offers_ed25519)
        return tls13_failf(c, 2, TLS13_ALERT_HANDSHAKE_FAILURE, "tls13.ch.sigalgs",
                           "the client does not accept Ed25519 signatures (0x0807), the only "
                           "kind tlssim's certificate can make");
    if (!ch->has_groups || !ch->has_key_share)
        return tls13_failf(c, 2, TLS13_ALERT_MISSING_EXTENSION, "tls13.ch.key_share",
                           "the client sent no %s extension", ch->has_groups ? "key_share"
                           : "supported_groups");
    if (!ch->offers_x25519)
        return tls13_failf(c, 2, TLS13_ALERT_HANDSHAKE_FAILURE, "tls13.ch.groups",
                           "the client does not offer X25519 (0x001d), the only group tlssim "
                           "has");
    if (!ch->share_x25519) {
        if (c->sent_hrr)
            return tls13_failf(c, 2, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ch.key_share",
                               "the second ClientHello still has no X25519 key share");
        return 1;
    }
    return 0;
}

/* Answer a ClientHello without an X25519 share by asking for one. */
static int send_hello_retry(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct bytes hrr = {0};

    tls13_transcript_add(&c->transcript, msg, len);
    tls13_transcript_restart_for_hrr(&c->transcript);
    tls13_hello_retry_encode(&hrr, c->session_id, c->session_id_len, TLS13_GROUP_X25519);
    tls13_send_handshake(c, 3, hrr.data, hrr.len, "HelloRetryRequest: the client takes X25519 "
                         "but sent no share for it, so the server asks for one");
    bytes_free(&hrr);
    if (c->session_id_len > 0)
        tls13_send_ccs(c);
    c->sent_hrr = true;
    return 0;
}

/* The server's flight under the handshake keys: EncryptedExtensions,
 * Certificate, CertificateVerify, Finished. */
static void send_server_flight(struct tls13_conn *c)
{
    struct bytes m = {0};
    uint8_t hash[TLS13_HASH_LEN], content[TLS13_CV_CONTENT_LEN], sig[CRYPT_SIGN_BYTES];

    tls13_encrypted_extensions_encode(&m);
    tls13_send_handshake(c, 5, m.data, m.len, "EncryptedExtensions: none needed; from here on "
                         "everything is encrypted under the server handshake key");
    m.len = 0;
    struct tls13_cert_list certs = {1, {c->cfg.cert_der, c->cfg.inter_der},
                                    {c->cfg.cert_len, c->cfg.inter_len}};
    if (c->cfg.inter_der != NULL)
        certs.count = 2;
    tls13_certificate_encode(&m, &certs);
    tls13_send_handshake(c, 5, m.data, m.len, certs.count == 1
                         ? "Certificate: the server's Ed25519 certificate"
                         : "Certificate: the server's Ed25519 certificate and the "
                           "intermediate CA's that issued it");
    m.len = 0;
    tls13_transcript_hash(&c->transcript, hash);
    tls13_cv_content(content, true, hash);
    crypt_sign(sig, content, sizeof content, c->cfg.sign_sk);
    tls13_certificate_verify_encode(&m, sig);
    tls13_send_handshake(c, 5, m.data, m.len, "CertificateVerify: an Ed25519 signature over 64 "
                         "spaces, the context string, 0 and the transcript hash");
    m.len = 0;
    tls13_transcript_hash(&c->transcript, hash);
    tls13_verify_data(content, c->secrets.s_hs, hash);
    tls13_finished_encode(&m, content);
    tls13_send_handshake(c, 6, m.data, m.len, "server Finished: HMAC(server finished_key, "
                         "transcript hash)");
    bytes_free(&m);
    crypt_wipe(content, sizeof content);
}

/* ClientHello: check it, answer with ServerHello and the whole server flight. */
static int on_client_hello(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct tls13_client_hello ch;
    struct tls13_error e;
    struct bytes sh = {0};
    uint8_t random[TLS13_RANDOM_LEN], shared[CRYPT_X25519_SHAREDBYTES], hash[TLS13_HASH_LEN];

    if (tls13_client_hello_parse(msg + 4, len - 4, &ch, &e) != 0)
        return tls13_fail(c, 2, &e);
    if (c->sent_hrr && (ch.session_id_len != c->session_id_len ||
                        memcmp(ch.session_id, c->session_id, ch.session_id_len) != 0))
        return tls13_failf(c, 2, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ch.retry",
                           "the second ClientHello changed the session id");
    memcpy(c->client_random, ch.random, sizeof ch.random);
    memcpy(c->session_id, ch.session_id, ch.session_id_len);
    c->session_id_len = ch.session_id_len;
    snprintf(c->server_name, sizeof c->server_name, "%s", ch.server_name);
    int rc = check_client_hello(c, &ch);
    if (rc < 0)
        return -1;
    tls13_emit(c, TLS13_STEP_CHECK, 2, "tls13.ch.offer", "ClientHello offer", true, NULL, 0,
               NULL, "the client offers TLS 1.3, TLS_CHACHA20_POLY1305_SHA256, X25519 and "
               "Ed25519%s%s", ch.server_name[0] ? "; it asks for " : "", ch.server_name);
    if (rc == 1)
        return send_hello_retry(c, msg, len);
    tls13_transcript_add(&c->transcript, msg, len);
    crypt_x25519_keypair(c->x25519_pk, c->x25519_sk);
    if (crypt_x25519_shared(shared, c->x25519_sk, ch.x25519) != 0)
        return tls13_failf(c, 4, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ecdhe",
                           "the client's X25519 share gives an all-zero secret (a low-order "
                           "point)");
    crypt_wipe(c->x25519_sk, sizeof c->x25519_sk);
    crypt_random(random, sizeof random);
    tls13_server_hello_encode(&sh, random, c->session_id, c->session_id_len, c->x25519_pk);
    tls13_send_handshake(c, 3, sh.data, sh.len, "ServerHello: TLS 1.3, "
                         "TLS_CHACHA20_POLY1305_SHA256 and the server's X25519 key share");
    bytes_free(&sh);
    if (c->session_id_len > 0 && !c->sent_hrr)
        tls13_send_ccs(c);
    tls13_transcript_hash(&c->transcript, hash);
    tls13_emit(c, TLS13_STEP_SECRET, 4, "tls13.secret", "ECDHE shared secret", true, shared,
               sizeof shared, NULL, "X25519(server secret, client share)");
    tls13_schedule_handshake(&c->secrets, shared, sizeof shared, hash);
    crypt_wipe(shared, sizeof shared);
    tls13_report_handshake_secrets(c);
    tls13_set_write_secret(c, c->secrets.s_hs);
    tls13_set_read_secret(c, c->secrets.c_hs);
    send_server_flight(c);
    tls13_transcript_hash(&c->transcript, hash);
    tls13_schedule_master(&c->secrets, hash);
    tls13_report_application_secrets(c);
    tls13_secrets_wipe_handshake(&c->secrets, true);
    tls13_set_write_secret(c, c->secrets.s_ap);
    c->state = TLS13_ST_WAIT_FINISHED;
    return 0;
}

/* The client's Finished: the last check before application data. */
static int on_client_finished(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    if (tls13_check_finished(c, msg, len, c->secrets.c_hs, "tls13.finished.client",
                             "client", NULL) != 0)
        return -1;
    tls13_set_read_secret(c, c->secrets.c_ap);
    crypt_wipe(c->secrets.c_hs, sizeof c->secrets.c_hs);
    c->state = TLS13_ST_CONNECTED;
    tls13_emit(c, TLS13_STEP_DONE, 6, "tls13.done", "handshake complete", true, NULL, 0, NULL,
               "handshake complete: TLS 1.3, TLS_CHACHA20_POLY1305_SHA256, X25519, Ed25519");
    return 0;
}

int tls13_server_handle(struct tls13_conn *c, uint8_t type, const uint8_t *msg, size_t len)
{
    uint8_t want = c->state == TLS13_ST_WAIT_CH ? TLS13_HS_CLIENT_HELLO
                   : c->state == TLS13_ST_WAIT_FINISHED ? TLS13_HS_FINISHED : 0;

    if (c->state == TLS13_ST_CONNECTED && type == TLS13_HS_KEY_UPDATE)
        return tls13_take_key_update(c, msg, len);
    if (want == 0 || type != want)
        return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.msg.order",
                           "the client sent %s (type %u) where tlssim expected %s",
                           tls13_handshake_name(type), type,
                           want ? tls13_handshake_name(want) : "no handshake message");
    tls13_emit(c, TLS13_STEP_RECEIVED, type == TLS13_HS_CLIENT_HELLO ? 2 : 6,
               "tls13.msg.received", tls13_handshake_name(type), true, msg, len, NULL,
               "%s received (%zu bytes)", tls13_handshake_name(type), len);
    if (type == TLS13_HS_CLIENT_HELLO)
        return on_client_hello(c, msg, len);
    return on_client_finished(c, msg, len);
}
