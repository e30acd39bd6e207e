/*
 * client.c - the TLS 1.3 client's handshake (RFC 8446 §2, §4): ClientHello
 * out; ServerHello (or a HelloRetryRequest, answered by a second
 * ClientHello), EncryptedExtensions, an optional CertificateRequest,
 * Certificate, CertificateVerify and Finished in, each checked; an empty
 * Certificate when one was requested and the client Finished out.
 */
#include "tls13/conn.h"

#include "base/crypt_tls13.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tls13_client_start(struct tls13_conn *c)
{
    struct tls13_client_hello_spec spec = {.host = c->cfg.host,
                                           .no_share = c->cfg.first_hello_without_share};
    struct bytes msg = {0};

    crypt_random(spec.random, sizeof spec.random);
    crypt_random(spec.session_id, sizeof spec.session_id);
    memcpy(c->client_random, spec.random, sizeof spec.random);
    memcpy(c->session_id, spec.session_id, sizeof spec.session_id);
    c->session_id_len = sizeof spec.session_id;
    if (!spec.no_share) {
        crypt_x25519_keypair(c->x25519_pk, c->x25519_sk);
        memcpy(spec.x25519, c->x25519_pk, sizeof spec.x25519);
        tls13_emit(c, TLS13_STEP_SECRET, 2, "tls13.secret", "client X25519 key share", true,
                   c->x25519_pk, sizeof c->x25519_pk, NULL, "a fresh X25519 keypair for this "
                   "connection only; its public half goes into key_share");
    }
    tls13_client_hello_encode(&msg, &spec);
    tls13_send_handshake(c, 2, msg.data, msg.len, spec.no_share
                         ? "ClientHello: TLS 1.3 in supported_versions, "
                           "TLS_CHACHA20_POLY1305_SHA256, X25519 in supported_groups but no "
                           "share in key_share (RFC 8446 allows an empty list), Ed25519 "
                           "signatures (0x0807): the server must ask for a share with a "
                           "HelloRetryRequest, which costs a round trip"
                         : "ClientHello: TLS 1.3 in supported_versions, "
                           "TLS_CHACHA20_POLY1305_SHA256, X25519 with its key share, Ed25519 "
                           "signatures (0x0807)");
    c->sent_share = !spec.no_share;
    bytes_free(&msg);
    c->state = TLS13_ST_WAIT_SH;
}

/* The checks on a ServerHello before any key is made; 0 or -1 (failed). */
static int check_server_hello(struct tls13_conn *c, const struct tls13_server_hello *sh)
{
    if (!sh->has_version && sh->downgrade != TLS13_DOWNGRADE_NONE)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.downgrade",
                           "the server answered with an older TLS and its random ends in the "
                           "DOWNGRD sentinel: someone on the path removed TLS 1.3 from the "
                           "ClientHello (a downgrade attack), or the server is misconfigured");
    if (!sh->has_version || sh->version != TLS13_VERSION)
        return tls13_failf(c, 3, TLS13_ALERT_PROTOCOL_VERSION, "tls13.sh.version",
                           "the server chose version 0x%04x; tlssim speaks only TLS 1.3 "
                           "(0x0304)", sh->has_version ? sh->version : sh->legacy_version);
    tls13_emit(c, TLS13_STEP_CHECK, 3, "tls13.sh.version", "TLS 1.3 chosen", true, NULL, 0, NULL,
               "supported_versions says TLS 1.3 (0x0304)");
    if (sh->downgrade != TLS13_DOWNGRADE_NONE)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.downgrade",
                           "the server's random ends in the DOWNGRD sentinel although it chose "
                           "TLS 1.3");
    tls13_emit(c, TLS13_STEP_CHECK, 3, "tls13.sh.downgrade", "no downgrade sentinel", true,
               NULL, 0, NULL, "the server's random does not end in DOWNGRD: no one removed "
               "TLS 1.3 from the offer");
    if (sh->has_unknown_extension)
        return tls13_failf(c, 3, TLS13_ALERT_UNSUPPORTED_EXTENSION, "tls13.sh.extension",
                           "the server's hello carries extension %u, which tlssim did not "
                           "offer", sh->unknown_extension);
    if (sh->is_hrr && c->got_hrr)
        return tls13_failf(c, 3, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.hrr.second",
                           "the server sent a second HelloRetryRequest; RFC 8446 allows one "
                           "per connection");
    if (sh->suite != TLS13_SUITE_CHACHA20_POLY1305_SHA256)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.suite",
                           "the server chose cipher suite 0x%04x; tlssim offered only "
                           "TLS_CHACHA20_POLY1305_SHA256 (0x1303)", sh->suite);
    if (c->got_hrr && sh->suite != c->hrr_suite)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.suite",
                           "the server's ServerHello names cipher suite 0x%04x, its "
                           "HelloRetryRequest named 0x%04x: they must be the same",
                           sh->suite, c->hrr_suite);
    if (sh->compression != 0 || sh->session_id_len != c->session_id_len ||
        memcmp(sh->session_id, c->session_id, c->session_id_len) != 0)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.echo",
                           "the server's hello does not echo the client's session id, or "
                           "names a compression method");
    if (sh->is_hrr)
        return 0;
    if (!sh->has_key_share)
        return tls13_failf(c, 3, TLS13_ALERT_MISSING_EXTENSION, "tls13.sh.key_share",
                           "the server's hello has no key_share: no key can be agreed");
    if (sh->group != TLS13_GROUP_X25519 || !sh->share_len_ok)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.key_share",
                           "the server's key share is for group 0x%04x or has the wrong "
                           "length; tlssim offered only a 32-byte X25519 share", sh->group);
    if (!c->sent_share)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.sh.key_share",
                           "the server answered with a key share although tlssim sent none: "
                           "it had to ask for one with a HelloRetryRequest first");
    return 0;
}

/* The checks of RFC 8446 §4.1.4 on a HelloRetryRequest that passed the
 * ServerHello's; 0 or -1 (failed). */
static int check_hello_retry(struct tls13_conn *c, const struct tls13_server_hello *sh)
{
    if (sh->has_key_share && sh->group != TLS13_GROUP_X25519)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.hrr.group",
                           "the server asked to retry (HelloRetryRequest) with group 0x%04x, "
                           "which tlssim did not offer in supported_groups; tlssim offers only "
                           "X25519 (0x001d)", sh->group);
    if (sh->has_key_share && c->sent_share)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.hrr.group",
                           "the server asked to retry (HelloRetryRequest) with X25519 although "
                           "the first ClientHello already carried an X25519 share: a retry "
                           "may only ask for a group the client sent no share for");
    if (!sh->has_key_share && !sh->has_cookie)
        return tls13_failf(c, 3, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.hrr.change",
                           "the server asked to retry (HelloRetryRequest) but asks for nothing "
                           "new (no group, no cookie): the second ClientHello would be the "
                           "same as the first");
    tls13_emit(c, TLS13_STEP_CHECK, 3, "tls13.hrr.check", "HelloRetryRequest", true, NULL, 0,
               NULL, "the server asks the client to try again%s%s%s; it keeps TLS 1.3 and "
               "TLS_CHACHA20_POLY1305_SHA256, echoes the session id, and this is its first "
               "retry", sh->has_key_share ? " with an X25519 key share, a group the client "
               "offered in supported_groups but sent no share for" : "",
               sh->has_key_share && sh->has_cookie ? ", and" : "",
               sh->has_cookie ? " with a cookie to echo" : "");
    return 0;
}

/* HelloRetryRequest: restart the transcript with message_hash, answer with
 * the second ClientHello (same random and session id, an X25519 share when
 * asked, the cookie echoed). */
static int on_hello_retry(struct tls13_conn *c, const struct tls13_server_hello *sh,
                          const uint8_t *msg, size_t len)
{
    uint8_t synthetic[4 + TLS13_HASH_LEN] = {TLS13_HS_MESSAGE_HASH, 0, 0, TLS13_HASH_LEN};
    struct tls13_client_hello_spec spec = {.host = c->cfg.host, .cookie = sh->cookie,
                                           .cookie_len = sh->cookie_len};
    struct bytes ch = {0};

    if (check_hello_retry(c, sh) != 0)
        return -1;
    c->got_hrr = true;
    c->hrr_suite = sh->suite;
    tls13_transcript_hash(&c->transcript, synthetic + 4);
    tls13_transcript_restart_for_hrr(&c->transcript);
    tls13_emit(c, TLS13_STEP_CHECK, 3, "tls13.hrr.transcript", "transcript restarted", true,
               synthetic, sizeof synthetic, NULL, "the first ClientHello leaves the transcript: "
               "a message_hash message (type 254) holding its SHA-256 takes its place, then "
               "the HelloRetryRequest and the second ClientHello follow, so CertificateVerify "
               "and Finished still cover the first hello");
    tls13_transcript_add(&c->transcript, msg, len);
    if (sh->has_key_share) {
        crypt_x25519_keypair(c->x25519_pk, c->x25519_sk);
        tls13_emit(c, TLS13_STEP_SECRET, 2, "tls13.secret", "client X25519 key share", true,
                   c->x25519_pk, sizeof c->x25519_pk, NULL, "a fresh X25519 keypair for the "
                   "group the server asked for; its public half goes into the second "
                   "ClientHello's key_share");
    }
    spec.no_share = !sh->has_key_share && !c->sent_share;
    memcpy(spec.random, c->client_random, sizeof spec.random);
    memcpy(spec.session_id, c->session_id, sizeof spec.session_id);
    memcpy(spec.x25519, c->x25519_pk, sizeof spec.x25519);
    tls13_client_hello_encode(&ch, &spec);
    tls13_send_handshake(c, 2, ch.data, ch.len, sh->has_cookie
                         ? "second ClientHello: the same random and session id, the X25519 "
                           "key share, and the server's cookie echoed"
                         : "second ClientHello: the same random and session id, now with an "
                           "X25519 key share for the group the server asked for");
    bytes_free(&ch);
    c->sent_share = !spec.no_share;
    return 0;
}

/* ServerHello: check it, agree the ECDHE secret, derive the handshake secrets. */
static int on_server_hello(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct tls13_server_hello sh;
    struct tls13_error e;
    uint8_t shared[CRYPT_X25519_SHAREDBYTES], hash[TLS13_HASH_LEN];

    if (tls13_server_hello_parse(msg + 4, len - 4, &sh, &e) != 0)
        return tls13_fail(c, 3, &e);
    if (check_server_hello(c, &sh) != 0)
        return -1;
    if (sh.is_hrr)
        return on_hello_retry(c, &sh, msg, len);
    if (crypt_x25519_shared(shared, c->x25519_sk, sh.share) != 0)
        return tls13_failf(c, 4, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.ecdhe",
                           "the server's X25519 share gives an all-zero secret (a low-order "
                           "point): no secret key can come from it");
    crypt_wipe(c->x25519_sk, sizeof c->x25519_sk);
    tls13_transcript_add(&c->transcript, msg, len);
    tls13_transcript_hash(&c->transcript, hash);
    tls13_emit(c, TLS13_STEP_SECRET, 4, "tls13.secret", "ECDHE shared secret", true, shared,
               sizeof shared, NULL, "X25519(client secret, server share): the same 32 bytes "
               "the server computes; it never crossed the wire");
    tls13_schedule_handshake(&c->secrets, shared, sizeof shared, hash);
    crypt_wipe(shared, sizeof shared);
    tls13_report_handshake_secrets(c);
    tls13_set_read_secret(c, c->secrets.s_hs);
    c->state = TLS13_ST_WAIT_EE;
    return 0;
}

/* The stable id and the alert of each path check. */
static const struct {
    const char *id;
    uint8_t alert;
} path_checks[X509_PATH_CHECK_COUNT] = {
    [X509_PATH_CHAIN] = {"tls13.cert.chain", TLS13_ALERT_UNKNOWN_CA},
    [X509_PATH_SIGNATURE] = {"tls13.cert.signature", TLS13_ALERT_BAD_CERTIFICATE},
    [X509_PATH_VALIDITY] = {"tls13.cert.validity", TLS13_ALERT_CERTIFICATE_EXPIRED},
    [X509_PATH_BASIC_CONSTRAINTS] = {"tls13.cert.basic_constraints", TLS13_ALERT_BAD_CERTIFICATE},
    [X509_PATH_KEY_USAGE] = {"tls13.cert.key_usage", TLS13_ALERT_UNSUPPORTED_CERTIFICATE},
    [X509_PATH_NAME] = {"tls13.cert.name", TLS13_ALERT_BAD_CERTIFICATE},
    [X509_PATH_REVOCATION] = {"tls13.cert.revocation", TLS13_ALERT_CERTIFICATE_REVOKED},
};

/* A hint for a failed path check that the user can act on, or "". */
static const char *path_hint(const struct tls13_conn *c, enum x509_path_check_id id)
{
    if (id == X509_PATH_CHAIN && c->cfg.trusted_count == 0)
        return " (no CA was given: name one with --ca FILE)";
    if (id == X509_PATH_NAME)
        return " (--host NAME asks for the name the certificate carries)";
    return "";
}

/* Parse every certificate of the message into certs; 0, or -1 (failed). */
static int parse_certs(struct tls13_conn *c, const struct tls13_cert_list *list,
                       struct x509_cert *certs)
{
    char why[X509_ERR_MAX];

    for (size_t i = 0; i < list->count; i++) {
        if (x509_cert_parse(list->der[i], list->len[i], &certs[i], why, sizeof why) != 0)
            return tls13_failf(c, 5, TLS13_ALERT_BAD_CERTIFICATE, "tls13.cert.decode",
                               "certificate %zu of %zu the server sent cannot be read: %s",
                               i + 1, list->count, why);
        if (!certs[i].key_is_ed25519 || !certs[i].sig_is_ed25519)
            return tls13_failf(c, 5, TLS13_ALERT_UNSUPPORTED_CERTIFICATE, "tls13.cert.key",
                               "the server's %s (%s) %s, not Ed25519: tlssim cannot check "
                               "an RSA or ECDSA signature (libsodium has neither)",
                               i == 0 ? "certificate" : "chain certificate", certs[i].subject,
                               certs[i].key_is_ed25519 ? "is signed with RSA or ECDSA"
                                                       : "holds an RSA or ECDSA key");
    }
    return 0;
}

/* Certificate: parse the certificates and check the path to a trusted root
 * with the pki code: chain, signatures, dates, constraints, name. */
static int on_certificate(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct tls13_cert_list list;
    struct tls13_error e;
    struct x509_path path;

    if (tls13_certificate_parse(msg + 4, len - 4, &list, &e) != 0)
        return tls13_fail(c, 5, &e);
    struct x509_cert *certs = xcalloc(list.count, sizeof *certs);
    int rc = parse_certs(c, &list, certs);
    if (rc == 0) {
        struct x509_path_input in = {.leaf = &certs[0], .sent = certs + 1,
                                     .sent_count = list.count - 1, .trusted = c->cfg.trusted,
                                     .trusted_count = c->cfg.trusted_count,
                                     .host = c->cfg.host, .now = c->cfg.now};
        x509_path_validate(&in, &path);
        for (size_t i = 0; i < path.checks_made && rc == 0; i++) {
            const struct x509_check *ck = &path.checks[i];
            enum x509_path_check_id id = (enum x509_path_check_id)i;
            if (!ck->ok)
                rc = tls13_failf(c, 5, path_checks[i].alert, path_checks[i].id,
                                 "the server's certificate fails the check '%s': %s%s",
                                 x509_path_check_name(id), ck->detail, path_hint(c, id));
            else
                tls13_emit(c, TLS13_STEP_CHECK, 5, path_checks[i].id, x509_path_check_name(id),
                           true, i == X509_PATH_CHAIN ? list.der[0] : NULL,
                           i == X509_PATH_CHAIN ? list.len[0] : 0, NULL, "%s", ck->detail);
        }
    }
    if (rc == 0) {
        memcpy(c->peer_pk, certs[0].public_key, sizeof c->peer_pk);
        bytes_free(&c->peer_cert);
        bytes_append(&c->peer_cert, list.der[0], list.len[0]);
        tls13_transcript_add(&c->transcript, msg, len);
        c->state = TLS13_ST_WAIT_CV;
    }
    free(certs);
    return rc;
}

/* CertificateVerify: the server's Ed25519 signature over the transcript. */
static int on_certificate_verify(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct tls13_error e;
    uint8_t hash[TLS13_HASH_LEN], content[TLS13_CV_CONTENT_LEN];
    const uint8_t *sig;
    size_t sig_len;
    uint16_t scheme;

    if (tls13_certificate_verify_parse(msg + 4, len - 4, &scheme, &sig, &sig_len, &e) != 0)
        return tls13_fail(c, 5, &e);
    if (scheme != TLS13_SIG_ED25519 || sig_len != CRYPT_SIGN_BYTES)
        return tls13_failf(c, 5, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.cv.scheme",
                           "the server signed with scheme 0x%04x; tlssim offered only Ed25519 "
                           "(0x0807)", scheme);
    tls13_transcript_hash(&c->transcript, hash);
    tls13_cv_content(content, true, hash);
    if (!crypt_sign_verify(sig, content, sizeof content, c->peer_pk))
        return tls13_failf(c, 5, TLS13_ALERT_DECRYPT_ERROR, "tls13.cv.signature",
                           "the server's CertificateVerify signature does not verify with the "
                           "certificate's key: the server does not hold that key, or the "
                           "handshake was changed on the way");
    tls13_emit(c, TLS13_STEP_CHECK, 5, "tls13.cv.signature", "CertificateVerify", true, sig,
               sig_len, NULL, "the Ed25519 signature over 64 spaces, \"TLS 1.3, server "
               "CertificateVerify\", 0 and the transcript hash verifies: the server holds the "
               "certificate's private key");
    tls13_transcript_add(&c->transcript, msg, len);
    c->state = TLS13_ST_WAIT_FINISHED;
    return 0;
}

/* CertificateRequest: note its context; the client answers after the
 * server's Finished with an empty Certificate, as it has no certificate. */
static int on_certificate_request(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct tls13_cert_request cr;
    struct tls13_error e;

    if (tls13_certificate_request_parse(msg + 4, len - 4, &cr, &e) != 0)
        return tls13_fail(c, 5, &e);
    memcpy(c->cr_context, cr.context, cr.context_len);
    c->cr_context_len = cr.context_len;
    c->cert_requested = true;
    tls13_transcript_add(&c->transcript, msg, len);
    tls13_emit(c, TLS13_STEP_CHECK, 5, "tls13.cr", "CertificateRequest", true, cr.context,
               cr.context_len, NULL, "the server asks the client to prove who it is with a "
               "certificate (request context of %zu bytes); tlssim has none, so after the "
               "server's Finished it sends an empty Certificate and no CertificateVerify, and "
               "the server decides whether to go on without one", cr.context_len);
    return 0;
}

/* The server's Finished: check it, derive the application secrets, answer
 * with an empty Certificate when one was requested and the client Finished. */
static int on_finished(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    struct bytes out = {0};
    uint8_t hash[TLS13_HASH_LEN], expect[TLS13_HASH_LEN];

    if (tls13_check_finished(c, msg, len, c->secrets.s_hs, "tls13.finished.server",
                             "server", "both sides saw the same handshake") != 0)
        return -1;
    tls13_transcript_hash(&c->transcript, hash);
    tls13_schedule_master(&c->secrets, hash);
    tls13_report_application_secrets(c);
    tls13_set_read_secret(c, c->secrets.s_ap);
    tls13_send_ccs(c);
    tls13_set_write_secret(c, c->secrets.c_hs);
    if (c->cert_requested) {
        struct tls13_cert_list none = {0};
        tls13_certificate_encode_for(&out, c->cr_context, c->cr_context_len, &none);
        tls13_send_handshake(c, 6, out.data, out.len, "client Certificate: empty, with the "
                             "request's context: tlssim has no client certificate, so no "
                             "CertificateVerify follows; the Finished covers this message");
        out.len = 0;
        tls13_transcript_hash(&c->transcript, hash);
    }
    tls13_verify_data(expect, c->secrets.c_hs, hash);
    tls13_finished_encode(&out, expect);
    crypt_wipe(expect, sizeof expect);
    tls13_send_handshake(c, 6, out.data, out.len, "client Finished: HMAC(client finished_key, "
                         "transcript hash), under the client handshake key");
    bytes_free(&out);
    tls13_set_write_secret(c, c->secrets.c_ap);
    tls13_secrets_wipe_handshake(&c->secrets, false);
    c->state = TLS13_ST_CONNECTED;
    tls13_emit(c, TLS13_STEP_DONE, 6, "tls13.done", "handshake complete", true, NULL, 0, NULL,
               "handshake complete: TLS 1.3, TLS_CHACHA20_POLY1305_SHA256, X25519, Ed25519");
    return 0;
}

/* After the handshake: NewSessionTicket is noted and ignored, KeyUpdate obeyed. */
static int on_post_handshake(struct tls13_conn *c, uint8_t type, const uint8_t *msg, size_t len)
{
    if (type == TLS13_HS_NEW_SESSION_TICKET) {
        tls13_emit(c, TLS13_STEP_RECEIVED, 8, "tls13.msg.received", "NewSessionTicket", true,
                   msg, len, NULL, "a ticket for resuming later; tlssim does not resume, so it "
                   "keeps none");
        return 0;
    }
    if (type == TLS13_HS_KEY_UPDATE)
        return tls13_take_key_update(c, msg, len);
    return tls13_failf(c, 8, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.msg.order",
                       "the server sent %s (type %u) after the handshake",
                       tls13_handshake_name(type), type);
}

int tls13_client_handle(struct tls13_conn *c, uint8_t type, const uint8_t *msg, size_t len)
{
    static const uint8_t expected[] = {
        [TLS13_ST_WAIT_SH] = TLS13_HS_SERVER_HELLO,
        [TLS13_ST_WAIT_EE] = TLS13_HS_ENCRYPTED_EXTENSIONS,
        [TLS13_ST_WAIT_CERT] = TLS13_HS_CERTIFICATE,
        [TLS13_ST_WAIT_CV] = TLS13_HS_CERTIFICATE_VERIFY,
        [TLS13_ST_WAIT_FINISHED] = TLS13_HS_FINISHED,
    };
    struct tls13_error e;

    if (c->state == TLS13_ST_CONNECTED)
        return on_post_handshake(c, type, msg, len);
    bool cert_request = c->state == TLS13_ST_WAIT_CERT && !c->cert_requested &&
                        type == TLS13_HS_CERTIFICATE_REQUEST;
    if (!cert_request && ((size_t)c->state >= sizeof expected || expected[c->state] == 0 ||
                          expected[c->state] != type))
        return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.msg.order",
                           "the server sent %s (type %u) where tlssim expected %s",
                           tls13_handshake_name(type), type,
                           (size_t)c->state < sizeof expected && expected[c->state] != 0
                               ? tls13_handshake_name(expected[c->state]) : "nothing");
    bool hrr = type == TLS13_HS_SERVER_HELLO && tls13_is_hello_retry(msg + 4, len - 4);
    tls13_emit(c, TLS13_STEP_RECEIVED, type == TLS13_HS_SERVER_HELLO ? 3
                                       : type == TLS13_HS_FINISHED ? 6 : 5,
               "tls13.msg.received", hrr ? "HelloRetryRequest" : tls13_handshake_name(type),
               true, msg, len, NULL, "%s received (%zu bytes)%s", hrr ? "HelloRetryRequest"
               : tls13_handshake_name(type), len, hrr ? ": a ServerHello whose random is "
               "SHA-256(\"HelloRetryRequest\"), the server's request to try again" : "");
    switch (type) {
    case TLS13_HS_CERTIFICATE_REQUEST:
        return on_certificate_request(c, msg, len);
    case TLS13_HS_SERVER_HELLO:
        return on_server_hello(c, msg, len);
    case TLS13_HS_ENCRYPTED_EXTENSIONS:
        if (tls13_encrypted_extensions_parse(msg + 4, len - 4, &e) != 0)
            return tls13_fail(c, 5, &e);
        tls13_transcript_add(&c->transcript, msg, len);
        c->state = TLS13_ST_WAIT_CERT;
        return 0;
    case TLS13_HS_CERTIFICATE:
        return on_certificate(c, msg, len);
    case TLS13_HS_CERTIFICATE_VERIFY:
        return on_certificate_verify(c, msg, len);
    default:
        return on_finished(c, msg, len);
    }
}
