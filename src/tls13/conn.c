/*
 * conn.c - the parts of a TLS 1.3 connection both roles share: records in
 * and out, handshake message reassembly, alerts, application data and the
 * reporting of steps.  The role handlers live in client.c and server.c.
 */
#include "tls13/conn.h"

#include "tls13/record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DETAIL_MAX 512

const char *tls13_step_kind_name(enum tls13_step_kind kind)
{
    switch (kind) {
    case TLS13_STEP_SENT: return "sent";
    case TLS13_STEP_RECEIVED: return "received";
    case TLS13_STEP_SECRET: return "secret";
    case TLS13_STEP_CHECK: return "check";
    case TLS13_STEP_ALERT_SENT: return "alert-sent";
    case TLS13_STEP_ALERT_RECEIVED: return "alert-received";
    case TLS13_STEP_DONE: return "done";
    default: return "unknown";
    }
}

void tls13_conn_init(struct tls13_conn *c, enum tls13_role role, const struct tls13_config *cfg)
{
    memset(c, 0, sizeof *c);
    c->role = role;
    c->cfg = *cfg;
    c->state = role == TLS13_SERVER ? TLS13_ST_WAIT_CH : TLS13_ST_START;
    tls13_transcript_init(&c->transcript);
}

void tls13_emit(struct tls13_conn *c, enum tls13_step_kind kind, int stage, const char *id,
                const char *name, bool ok, const uint8_t *value, size_t value_len,
                const char *keylog, const char *fmt, ...)
{
    char detail[DETAIL_MAX];
    va_list ap;

    if (c->cfg.on_step == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    struct tls13_step step = {kind, stage, id, name, ok, detail, value, value_len, keylog};
    c->cfg.on_step(c->cfg.ctx, &step);
}

/* Queue an alert record (protected when the write keys are on). */
static void send_alert(struct tls13_conn *c, uint8_t level, uint8_t code)
{
    uint8_t body[2] = {level, code};

    if (c->wr_on)
        tls13_record_protect(&c->out, &c->wr, TLS13_CT_ALERT, body, sizeof body, 0);
    else
        tls13_record_plain(&c->out, TLS13_CT_ALERT, 0x0303, body, sizeof body);
}

int tls13_fail(struct tls13_conn *c, int stage, const struct tls13_error *e)
{
    if (c->state == TLS13_ST_FAILED || c->state == TLS13_ST_CLOSED)
        return -1;
    c->err = *e;
    c->state = TLS13_ST_FAILED;
    tls13_emit(c, TLS13_STEP_CHECK, stage, e->id, e->id, false, NULL, 0, NULL, "%s",
               e->message);
    send_alert(c, 2, e->alert);
    tls13_emit(c, TLS13_STEP_ALERT_SENT, stage, "tls13.alert.sent",
               tls13_alert_name(e->alert), false, NULL, 0, NULL, "fatal alert %s (%u) sent",
               tls13_alert_name(e->alert), e->alert);
    return -1;
}

int tls13_failf(struct tls13_conn *c, int stage, uint8_t alert, const char *id,
                const char *fmt, ...)
{
    struct tls13_error e;
    va_list ap;

    va_start(ap, fmt);
    tls13_error_vset(&e, alert, id, fmt, ap);
    va_end(ap);
    return tls13_fail(c, stage, &e);
}

void tls13_conn_abort(struct tls13_conn *c, const char *id, const char *why)
{
    if (c->state == TLS13_ST_FAILED || c->state == TLS13_ST_CLOSED)
        return;
    c->state = TLS13_ST_FAILED;
    c->err.alert = TLS13_ALERT_CLOSE_NOTIFY;
    c->err.id = id;
    snprintf(c->err.message, sizeof c->err.message, "%s", why);
    tls13_emit(c, TLS13_STEP_CHECK, 0, id, id, false, NULL, 0, NULL, "%s", why);
}

void tls13_send_handshake(struct tls13_conn *c, int stage, const uint8_t *msg, size_t len,
                          const char *detail)
{
    tls13_transcript_add(&c->transcript, msg, len);
    for (size_t off = 0; off < len; off += TLS13_PLAINTEXT_MAX) {
        size_t n = len - off < TLS13_PLAINTEXT_MAX ? len - off : TLS13_PLAINTEXT_MAX;
        if (c->wr_on)
            tls13_record_protect(&c->out, &c->wr, TLS13_CT_HANDSHAKE, msg + off, n, 0);
        else
            tls13_record_plain(&c->out, TLS13_CT_HANDSHAKE,
                               msg[0] == TLS13_HS_CLIENT_HELLO ? 0x0301 : 0x0303, msg + off, n);
    }
    tls13_emit(c, TLS13_STEP_SENT, stage, "tls13.msg.sent", tls13_handshake_name(msg[0]), true,
               msg, len, NULL, "%s", detail);
}

void tls13_send_ccs(struct tls13_conn *c)
{
    static const uint8_t one = 1;
    tls13_record_plain(&c->out, TLS13_CT_CHANGE_CIPHER_SPEC, 0x0303, &one, 1);
}

void tls13_set_read_secret(struct tls13_conn *c, const uint8_t secret[TLS13_HASH_LEN])
{
    memcpy(c->rd_secret, secret, TLS13_HASH_LEN);
    tls13_traffic_from_secret(&c->rd, secret);
    c->rd_on = true;
    c->rd_changed = true;
}

void tls13_set_write_secret(struct tls13_conn *c, const uint8_t secret[TLS13_HASH_LEN])
{
    memcpy(c->wr_secret, secret, TLS13_HASH_LEN);
    tls13_traffic_from_secret(&c->wr, secret);
    c->wr_on = true;
}

void tls13_report_secret(struct tls13_conn *c, int stage, const char *name,
                         const uint8_t secret[TLS13_HASH_LEN], const char *keylog,
                         const char *how)
{
    tls13_emit(c, TLS13_STEP_SECRET, stage, "tls13.secret", name, true, secret, TLS13_HASH_LEN,
               keylog, "%s", how);
    if (keylog == NULL || c->cfg.on_step == NULL)
        return;
    struct tls13_traffic t;
    tls13_traffic_from_secret(&t, secret);
    tls13_emit(c, TLS13_STEP_SECRET, stage, "tls13.secret.key", "key", true, t.key,
               sizeof t.key, NULL, "the ChaCha20-Poly1305 key of %s: HKDF-Expand-Label(secret, "
               "\"key\", \"\", 32)", name);
    tls13_emit(c, TLS13_STEP_SECRET, stage, "tls13.secret.iv", "iv", true, t.iv, sizeof t.iv,
               NULL, "the IV of %s: HKDF-Expand-Label(secret, \"iv\", \"\", 12); each record's "
               "nonce is this IV XOR its sequence number", name);
    crypt_wipe(&t, sizeof t);
}

int tls13_take_key_update(struct tls13_conn *c, const uint8_t *msg, size_t len)
{
    static const uint8_t update[5] = {TLS13_HS_KEY_UPDATE, 0, 0, 1, 0};

    if (len != 5)
        return tls13_failf(c, 8, TLS13_ALERT_DECODE_ERROR, "tls13.keyupdate.decode",
                           "the peer's KeyUpdate message is malformed");
    if (msg[4] > 1)   /* RFC 8446 4.6.3: neither update_not_requested nor update_requested */
        return tls13_failf(c, 8, TLS13_ALERT_ILLEGAL_PARAMETER, "tls13.keyupdate.value",
                           "the peer's KeyUpdate asks for %u, which is neither 0 (no answer "
                           "wanted) nor 1 (answer with a KeyUpdate)", msg[4]);
    tls13_emit(c, TLS13_STEP_RECEIVED, 8, "tls13.msg.received", "KeyUpdate", true, msg, len,
               NULL, "KeyUpdate: the peer's next records use new keys");
    tls13_traffic_secret_update(c->rd_secret);
    tls13_set_read_secret(c, c->rd_secret);
    if (msg[4] == 1 && c->wr_on) {
        tls13_send_handshake(c, 8, update, sizeof update, "KeyUpdate in answer: this side's "
                             "next records use new keys too");
        tls13_traffic_secret_update(c->wr_secret);
        tls13_set_write_secret(c, c->wr_secret);
    }
    return 0;
}

/* Act on an alert from the peer; 0 for close_notify and user_canceled, -1 otherwise. */
static int take_alert(struct tls13_conn *c, const uint8_t *body, size_t len)
{
    if (len != 2)
        return tls13_failf(c, 0, TLS13_ALERT_DECODE_ERROR, "tls13.alert.decode",
                           "the peer sent an alert record of %zu bytes; an alert is 2", len);
    uint8_t code = body[1];
    tls13_emit(c, TLS13_STEP_ALERT_RECEIVED, 0, "tls13.alert.received", tls13_alert_name(code),
               code == TLS13_ALERT_CLOSE_NOTIFY, body, len, NULL, "the peer sent the alert %s "
               "(%u)", tls13_alert_name(code), code);
    if (code == TLS13_ALERT_USER_CANCELED)
        return 0;
    c->alert_received = true;
    c->peer_alert = code;
    if (code == TLS13_ALERT_CLOSE_NOTIFY) {
        if (c->state == TLS13_ST_CONNECTED) {
            c->state = TLS13_ST_CLOSED;
            return 0;
        }
        c->state = TLS13_ST_FAILED;
        c->err = (struct tls13_error){code, "tls13.peer.closed", ""};
        snprintf(c->err.message, sizeof c->err.message, "the peer closed the connection "
                 "(close_notify) before the handshake was complete");
        return -1;
    }
    bool refused_offer = c->role == TLS13_CLIENT && c->state == TLS13_ST_WAIT_SH &&
                         (code == TLS13_ALERT_HANDSHAKE_FAILURE ||
                          code == TLS13_ALERT_INSUFFICIENT_SECURITY);
    bool old_server = c->role == TLS13_CLIENT && c->state == TLS13_ST_WAIT_SH &&
                      code == TLS13_ALERT_PROTOCOL_VERSION;
    bool cert_required = c->role == TLS13_CLIENT && code == TLS13_ALERT_CERTIFICATE_REQUIRED;
    c->state = TLS13_ST_FAILED;
    c->err = (struct tls13_error){code, "tls13.alert.received", ""};
    snprintf(c->err.message, sizeof c->err.message, "the peer ended the connection with the "
             "alert %s (%u)%s", tls13_alert_name(code), code, refused_offer
                 ? ": the server found nothing it can use in tlssim's offer (TLS 1.3, X25519, "
                   "Ed25519 signatures, TLS_CHACHA20_POLY1305_SHA256). A server with an RSA or "
                   "ECDSA certificate answers like this: tlssim cannot check an RSA or ECDSA "
                   "signature (libsodium has neither), so it offers only Ed25519"
                 : old_server ? ": the server does not speak TLS 1.3, the only version tlssim "
                                "speaks"
                 : cert_required ? ": the server requires a client certificate, and tlssim "
                                   "has none to give (it answered the CertificateRequest with "
                                   "an empty Certificate); connect to a server that does not "
                                   "insist on one" : "");
    return -1;
}

/* Take handshake bytes: dispatch every whole message to the role's handler. */
static int take_handshake(struct tls13_conn *c, const uint8_t *data, size_t len)
{
    if (len == 0)
        return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.empty",
                           "the peer sent an empty handshake record, which TLS 1.3 forbids");
    bytes_append(&c->hbuf, data, len);
    while (c->hbuf.len >= 4 && c->state != TLS13_ST_FAILED) {
        size_t body = (size_t)c->hbuf.data[1] << 16 | (size_t)c->hbuf.data[2] << 8 |
                      c->hbuf.data[3];
        uint8_t type = c->hbuf.data[0];
        if (body > TLS13_HANDSHAKE_MAX)
            return tls13_failf(c, 0, TLS13_ALERT_DECODE_ERROR, "tls13.msg.length",
                               "the peer announced a %s message of %zu bytes; tlssim takes "
                               "at most %d", tls13_handshake_name(type), body,
                               TLS13_HANDSHAKE_MAX);
        if (c->hbuf.len < 4 + body)
            break;
        c->rd_changed = false;
        int rc = c->role == TLS13_CLIENT
                     ? tls13_client_handle(c, type, c->hbuf.data, 4 + body)
                     : tls13_server_handle(c, type, c->hbuf.data, 4 + body);
        memmove(c->hbuf.data, c->hbuf.data + 4 + body, c->hbuf.len - 4 - body);
        c->hbuf.len -= 4 + body;
        if (rc != 0)
            return -1;
        if (c->rd_changed && c->hbuf.len > 0)
            return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.boundary",
                               "the peer's handshake record runs on past a change of keys");
    }
    return c->state == TLS13_ST_FAILED ? -1 : 0;
}

/* Take application data: only on an established connection.  (None comes
 * after the peer's close_notify: tls13_conn_feed() reads no record then.) */
static int take_app_data(struct tls13_conn *c, const uint8_t *data, size_t len)
{
    if (c->state != TLS13_ST_CONNECTED)
        return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.order",
                           "the peer sent application data before the handshake was "
                           "complete");
    bytes_append(&c->app_in, data, len);
    tls13_emit(c, TLS13_STEP_RECEIVED, c->role == TLS13_SERVER ? 7 : 8, "tls13.app.received",
               "application data", true, data, len, NULL, "%zu bytes of application data "
               "decrypted and authenticated", len);
    return 0;
}

/* Take one protected record: open it and act on its inner content. */
static int take_protected(struct tls13_conn *c, const uint8_t *rec, size_t len)
{
    struct tls13_error e;
    uint8_t type;
    size_t n;
    uint8_t *plain = xcalloc(1, len);
    int rc;

    if (tls13_record_unprotect(&c->rd, rec, len, plain, &n, &type, &e) != 0)
        rc = tls13_fail(c, 0, &e);
    else if (type == TLS13_CT_HANDSHAKE)
        rc = take_handshake(c, plain, n);
    else if (type == TLS13_CT_ALERT)
        rc = take_alert(c, plain, n);
    else if (type == TLS13_CT_APPLICATION_DATA)
        rc = take_app_data(c, plain, n);
    else
        rc = tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.type",
                         "a protected record holds content type %u (%s), which may not be "
                         "encrypted", type, tls13_content_type_name(type));
    crypt_free(plain, len);
    return rc;
}

/* Take one whole record as it came off the wire. */
static int take_record(struct tls13_conn *c, const struct tls13_record_header *h,
                       const uint8_t *rec, size_t len)
{
    const uint8_t *body = rec + TLS13_RECORD_HEADER_LEN;

    switch (h->type) {
    case TLS13_CT_CHANGE_CIPHER_SPEC:
        if (h->length != 1 || body[0] != 1 || c->state == TLS13_ST_CONNECTED ||
            c->state == TLS13_ST_START || (c->state == TLS13_ST_WAIT_CH && !c->sent_hrr))
            return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.ccs",
                               "the peer sent a change_cipher_spec record where TLS 1.3 "
                               "allows none");
        return 0;
    case TLS13_CT_ALERT:
        return take_alert(c, body, h->length);
    case TLS13_CT_HANDSHAKE:
        if (c->rd_on)
            return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.type",
                               "the peer sent an unencrypted handshake record after the "
                               "handshake keys were in use");
        if (h->length > TLS13_PLAINTEXT_MAX)
            return tls13_failf(c, 0, TLS13_ALERT_RECORD_OVERFLOW, "tls13.record.length",
                               "the peer sent a plaintext record of %u bytes; the limit is %d",
                               h->length, TLS13_PLAINTEXT_MAX);
        return take_handshake(c, body, h->length);
    default:
        if (!c->rd_on)
            return tls13_failf(c, 0, TLS13_ALERT_UNEXPECTED_MESSAGE, "tls13.record.order",
                               "the peer sent an encrypted record before any keys were "
                               "agreed");
        return take_protected(c, rec, len);
    }
}

int tls13_conn_feed(struct tls13_conn *c, const uint8_t *data, size_t len)
{
    struct tls13_record_header h;
    size_t off = 0;
    int rc = 0;

    if (c->state == TLS13_ST_FAILED)
        return -1;
    if (c->state == TLS13_ST_CLOSED || len == 0)
        return 0;
    bytes_append(&c->rbuf, data, len);
    while (rc == 0 && c->state != TLS13_ST_CLOSED) {
        int got = tls13_record_header_read(c->rbuf.data + off, c->rbuf.len - off, &h, &c->err);
        if (got < 0) {
            struct tls13_error e = c->err;
            rc = tls13_fail(c, 0, &e);
            break;
        }
        if (got == 0 || c->rbuf.len - off < TLS13_RECORD_HEADER_LEN + (size_t)h.length)
            break;
        const uint8_t *rec = c->rbuf.data + off;
        off += TLS13_RECORD_HEADER_LEN + h.length;
        rc = take_record(c, &h, rec, TLS13_RECORD_HEADER_LEN + h.length);
    }
    memmove(c->rbuf.data, c->rbuf.data + off, c->rbuf.len - off);
    c->rbuf.len -= off;
    return rc;
}

int tls13_conn_send(struct tls13_conn *c, const uint8_t *data, size_t len)
{
    if ((c->state != TLS13_ST_CONNECTED && c->state != TLS13_ST_CLOSED) || !c->wr_on)
        return -1;
    for (size_t off = 0; off < len; off += TLS13_PLAINTEXT_MAX) {
        size_t n = len - off < TLS13_PLAINTEXT_MAX ? len - off : TLS13_PLAINTEXT_MAX;
        tls13_record_protect(&c->out, &c->wr, TLS13_CT_APPLICATION_DATA, data + off, n, 0);
    }
    tls13_emit(c, TLS13_STEP_SENT, c->role == TLS13_CLIENT ? 7 : 8, "tls13.app.sent",
               "application data", true, data, len, NULL, "%zu bytes of application data "
               "encrypted with ChaCha20-Poly1305 under the application traffic key", len);
    return 0;
}

void tls13_conn_close(struct tls13_conn *c)
{
    if (c->state != TLS13_ST_CONNECTED && c->state != TLS13_ST_CLOSED)
        return;
    if (c->wr_on) {
        send_alert(c, 1, TLS13_ALERT_CLOSE_NOTIFY);
        tls13_emit(c, TLS13_STEP_ALERT_SENT, 8, "tls13.alert.sent", "close_notify", true, NULL,
                   0, NULL, "close_notify sent: nothing more will come from this side");
        c->wr_on = false;
        crypt_wipe(&c->wr, sizeof c->wr);
        crypt_wipe(c->wr_secret, sizeof c->wr_secret);
    }
}

void tls13_conn_drain(struct tls13_conn *c, size_t n)
{
    if (n > c->out.len)
        n = c->out.len;
    memmove(c->out.data, c->out.data + n, c->out.len - n);
    c->out.len -= n;
}

bool tls13_conn_established(const struct tls13_conn *c)
{
    return c->state == TLS13_ST_CONNECTED || c->state == TLS13_ST_CLOSED;
}

void tls13_conn_free(struct tls13_conn *c)
{
    bytes_free(&c->out);
    bytes_free(&c->app_in);
    bytes_free(&c->rbuf);
    bytes_free(&c->hbuf);
    bytes_free(&c->peer_cert);
    tls13_secrets_wipe(&c->secrets);
    crypt_wipe(c, sizeof *c);
}

int tls13_check_finished(struct tls13_conn *c, const uint8_t *msg, size_t len,
                         const uint8_t hs_secret[TLS13_HASH_LEN], const char *id,
                         const char *who, const char *because)
{
    struct tls13_error e;
    uint8_t hash[TLS13_HASH_LEN], expect[TLS13_HASH_LEN];
    char title[32];
    const uint8_t *got;

    if (tls13_finished_parse(msg + 4, len - 4, &got, &e) != 0)
        return tls13_fail(c, 6, &e);
    tls13_transcript_hash(&c->transcript, hash);
    tls13_verify_data(expect, hs_secret, hash);
    bool ok = crypt_equal(expect, got, TLS13_HASH_LEN);
    crypt_wipe(expect, sizeof expect);
    if (!ok)
        return tls13_failf(c, 6, TLS13_ALERT_DECRYPT_ERROR, id,
                           "the %s's Finished does not match the transcript: the handshake "
                           "was changed on the way", who);
    snprintf(title, sizeof title, "%s Finished", who);
    tls13_emit(c, TLS13_STEP_CHECK, 6, id, title, true, got, TLS13_HASH_LEN, NULL,
               "HMAC(%s finished_key, transcript hash) matches%s%s", who, because ? ": " : "",
               because ? because : "");
    tls13_transcript_add(&c->transcript, msg, len);
    return 0;
}

void tls13_report_handshake_secrets(struct tls13_conn *c)
{
    tls13_report_secret(c, 4, "early_secret", c->secrets.early, NULL,
                        "HKDF-Extract(0, 0): no pre-shared key");
    tls13_report_secret(c, 4, "handshake_secret", c->secrets.handshake, NULL,
                        "HKDF-Extract(Derive-Secret(early, \"derived\", \"\"), ECDHE)");
    tls13_report_secret(c, 4, "client_handshake_traffic_secret", c->secrets.c_hs,
                        "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "Derive-Secret(handshake, "
                        "\"c hs traffic\", ClientHello..ServerHello)");
    tls13_report_secret(c, 4, "server_handshake_traffic_secret", c->secrets.s_hs,
                        "SERVER_HANDSHAKE_TRAFFIC_SECRET", "Derive-Secret(handshake, "
                        "\"s hs traffic\", ClientHello..ServerHello)");
}

void tls13_report_application_secrets(struct tls13_conn *c)
{
    tls13_report_secret(c, 7, "master_secret", c->secrets.master, NULL,
                        "HKDF-Extract(Derive-Secret(handshake, \"derived\", \"\"), 0)");
    tls13_report_secret(c, 7, "client_application_traffic_secret_0", c->secrets.c_ap,
                        "CLIENT_TRAFFIC_SECRET_0", "Derive-Secret(master, \"c ap traffic\", "
                        "ClientHello..server Finished)");
    tls13_report_secret(c, 7, "server_application_traffic_secret_0", c->secrets.s_ap,
                        "SERVER_TRAFFIC_SECRET_0", "Derive-Secret(master, \"s ap traffic\", "
                        "ClientHello..server Finished)");
    tls13_report_secret(c, 7, "exporter_master_secret", c->secrets.exporter, NULL,
                        "Derive-Secret(master, \"exp master\", ClientHello..server Finished)");
}
