/*
 * test_tls13.c - real TLS 1.3: the message parsers fed broken input, and
 * whole handshakes between the client and the server in memory, clean and
 * tampered with (HKDF, the key schedule and records: test_tls13_keys.c).
 */
#include "base/crypt.h"
#include "base/crypt_tls13.h"
#include "pki/x509.h"
#include "tls13/conn.h"
#include "tls13/hkdf.h"
#include "tls13/keysched.h"
#include "tls13/msg.h"
#include "tls13/record.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct crypt_rng rng;

/* A CA, a server key and its certificate for name, valid now. */
struct pki {
    uint8_t ca_pk[32], ca_sk[64], pk[32], sk[64];
    struct bytes ca_der, der;
    struct x509_cert ca;
};

static void make_pki(struct pki *p, const char *name, int64_t now)
{
    memset(p, 0, sizeof *p);
    crypt_sign_keypair(p->ca_pk, p->ca_sk);
    crypt_sign_keypair(p->pk, p->sk);
    struct x509_cert_spec ca = {.subject_cn = "Test CA", .issuer_cn = "Test CA", .is_ca = true,
                                .not_before = now - 3600, .not_after = now + 86400};
    CU_ASSERT_EQUAL_FATAL(x509_cert_self_issue(&ca, p->ca_pk, p->ca_sk, &p->ca_der), 0);
    struct x509_cert_spec leaf = {.subject_cn = name, .issuer_cn = "Test CA", .dns_name = name,
                                  .not_before = now - 3600, .not_after = now + 86400};
    crypt_random(leaf.serial, sizeof leaf.serial);
    leaf.serial[0] &= 0x7f;
    memcpy(leaf.subject_pk, p->pk, 32);
    memcpy(leaf.issuer_pk, p->ca_pk, 32);
    CU_ASSERT_EQUAL_FATAL(x509_cert_issue(&leaf, p->ca_sk, &p->der), 0);
    char err[X509_ERR_MAX];
    CU_ASSERT_EQUAL_FATAL(x509_cert_parse(p->ca_der.data, p->ca_der.len, &p->ca, err,
                                          sizeof err), 0);
}

static void free_pki(struct pki *p)
{
    bytes_free(&p->ca_der);
    bytes_free(&p->der);
}

/* What the steps said: the ids of failed checks, the keylog labels seen. */
struct seen {
    char failed[64];
    int keylogs;
    bool done;
};

static void on_step(void *ctx, const struct tls13_step *step)
{
    struct seen *s = ctx;
    if (step->kind == TLS13_STEP_CHECK && !step->ok && s->failed[0] == '\0')
        snprintf(s->failed, sizeof s->failed, "%s", step->id);
    if (step->keylog != NULL)
        s->keylogs++;
    if (step->kind == TLS13_STEP_DONE)
        s->done = true;
}

/* Tamper hook: called with each flight before delivery. */
typedef void (*tamper_fn)(struct bytes *flight, bool to_client, int flight_no);

/* Move bytes between the two ends until neither has anything to send. */
static void pump(struct tls13_conn *cl, struct tls13_conn *sv, tamper_fn tamper)
{
    for (int round = 0; round < 20; round++) {
        bool moved = false;
        if (cl->out.len > 0) {
            struct bytes f = {0};
            bytes_append(&f, cl->out.data, cl->out.len);
            tls13_conn_drain(cl, cl->out.len);
            if (tamper)
                tamper(&f, false, round);
            (void)!tls13_conn_feed(sv, f.data, f.len);
            bytes_free(&f);
            moved = true;
        }
        if (sv->out.len > 0) {
            struct bytes f = {0};
            bytes_append(&f, sv->out.data, sv->out.len);
            tls13_conn_drain(sv, sv->out.len);
            if (tamper)
                tamper(&f, true, round);
            (void)!tls13_conn_feed(cl, f.data, f.len);
            bytes_free(&f);
            moved = true;
        }
        if (!moved)
            return;
    }
}

/* Run one handshake between a client asking for host and a server for
 * name; with trust false the client trusts no CA; with no_share the first
 * ClientHello carries no key share. */
static void handshake_with(const char *host, const char *name, bool trust, bool no_share,
                           tamper_fn tamper, struct seen *cs, struct seen *ss,
                           struct tls13_conn *cl, struct tls13_conn *sv, struct pki *p)
{
    int64_t now = 1800000000;
    make_pki(p, name, now);
    memset(cs, 0, sizeof *cs);
    memset(ss, 0, sizeof *ss);
    struct tls13_config ccfg = {.host = host, .trusted = &p->ca, .trusted_count = trust ? 1 : 0,
                                .now = now, .on_step = on_step, .ctx = cs,
                                .first_hello_without_share = no_share};
    struct tls13_config scfg = {.cert_der = p->der.data, .cert_len = p->der.len,
                                .sign_sk = p->sk, .on_step = on_step, .ctx = ss};
    tls13_conn_init(cl, TLS13_CLIENT, &ccfg);
    tls13_conn_init(sv, TLS13_SERVER, &scfg);
    tls13_client_start(cl);
    pump(cl, sv, tamper);
}

/* handshake_with() whose first ClientHello carries the key share. */
static void handshake(const char *host, const char *name, bool trust, tamper_fn tamper,
                      struct seen *cs, struct seen *ss, struct tls13_conn *cl,
                      struct tls13_conn *sv, struct pki *p)
{
    handshake_with(host, name, trust, false, tamper, cs, ss, cl, sv, p);
}

/* True when the len bytes at p are all zero. */
static bool all_zero(const uint8_t *p, size_t len)
{
    uint8_t any = 0;
    for (size_t i = 0; i < len; i++)
        any |= p[i];
    return any == 0;
}

/* Note the ids of the passed checks the client reported, joined. */
struct trail {
    char ids[1024];
    int hellos_sent;
};

static void on_step_trail(void *ctx, const struct tls13_step *step)
{
    struct trail *t = ctx;
    if (step->kind == TLS13_STEP_CHECK && strlen(t->ids) + strlen(step->id) + 2 < sizeof t->ids) {
        strcat(t->ids, step->ok ? "+" : "-");
        strcat(t->ids, step->id);
    }
    if (step->kind == TLS13_STEP_SENT && strcmp(step->name, "ClientHello") == 0)
        t->hellos_sent++;
}

/* A client whose first ClientHello has no key share: the tlssim server
 * answers with a HelloRetryRequest, the second ClientHello completes the
 * handshake, and both sides hold the same transcript and keys. */
static void test_hello_retry_in_memory(void)
{
    struct tls13_conn cl, sv;
    struct seen cs, ss;
    struct pki p;
    struct trail trail = {{0}, 0};
    uint8_t hc[TLS13_HASH_LEN], hs[TLS13_HASH_LEN];

    handshake_with("www.example.com", "www.example.com", true, true, NULL, &cs, &ss, &cl, &sv,
                   &p);
    CU_ASSERT_TRUE(sv.sent_hrr);
    CU_ASSERT_TRUE(cl.got_hrr);
    CU_ASSERT_TRUE_FATAL(tls13_conn_established(&cl) && tls13_conn_established(&sv));
    CU_ASSERT_STRING_EQUAL(cs.failed, "");
    CU_ASSERT_STRING_EQUAL(ss.failed, "");
    tls13_transcript_hash(&cl.transcript, hc);
    tls13_transcript_hash(&sv.transcript, hs);
    CU_ASSERT_EQUAL(memcmp(hc, hs, sizeof hc), 0);
    CU_ASSERT_EQUAL(memcmp(cl.secrets.c_ap, sv.secrets.c_ap, 32), 0);
    CU_ASSERT_EQUAL(memcmp(cl.secrets.s_ap, sv.secrets.s_ap, 32), 0);
    CU_ASSERT_EQUAL(memcmp(cl.secrets.exporter, sv.secrets.exporter, 32), 0);
    CU_ASSERT_EQUAL(memcmp(cl.wr.key, sv.rd.key, sizeof cl.wr.key), 0);
    CU_ASSERT_EQUAL(memcmp(cl.rd.key, sv.wr.key, sizeof cl.rd.key), 0);
    CU_ASSERT_EQUAL(memcmp(cl.client_random, sv.client_random, 32), 0);
    /* the handshake secrets are gone once the application secrets exist */
    CU_ASSERT_TRUE(all_zero(cl.secrets.c_hs, 32) && all_zero(cl.secrets.s_hs, 32));
    CU_ASSERT_TRUE(all_zero(sv.secrets.handshake, 32) && all_zero(sv.secrets.master, 32));
    CU_ASSERT_FALSE(all_zero(cl.secrets.s_ap, 32));
    CU_ASSERT_EQUAL(tls13_conn_send(&cl, (const uint8_t *)"after retry", 11), 0);
    pump(&cl, &sv, NULL);
    CU_ASSERT_EQUAL(sv.app_in.len, 11);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);

    /* The same with the steps watched: both hellos, the checks named. */
    make_pki(&p, "www.example.com", 1800000000);
    struct tls13_config ccfg = {.host = "www.example.com", .trusted = &p.ca, .trusted_count = 1,
                                .now = 1800000000, .on_step = on_step_trail, .ctx = &trail,
                                .first_hello_without_share = true};
    struct tls13_config scfg = {.cert_der = p.der.data, .cert_len = p.der.len,
                                .sign_sk = p.sk};
    tls13_conn_init(&cl, TLS13_CLIENT, &ccfg);
    tls13_conn_init(&sv, TLS13_SERVER, &scfg);
    tls13_client_start(&cl);
    pump(&cl, &sv, NULL);
    CU_ASSERT_TRUE(tls13_conn_established(&cl));
    CU_ASSERT_EQUAL(trail.hellos_sent, 2);
    unit_expect_contains(trail.ids, "+tls13.hrr.check+tls13.hrr.transcript+tls13.sh.version");
    unit_expect_contains(trail.ids, "+tls13.finished.server");
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);
}

/* A plaintext record holding a HelloRetryRequest for session id sid: with
 * group (or none when 0), a cookie (or none), the suite given. */
static void hrr_record(struct bytes *rec, const uint8_t sid[32], uint16_t group,
                       const char *cookie, uint16_t suite)
{
    struct bytes m = {0};
    struct tls13_server_hello sh;
    struct tls13_error err;

    tls13_hello_retry_encode(&m, sid, 32, TLS13_GROUP_X25519);
    CU_ASSERT_EQUAL_FATAL(tls13_server_hello_parse(m.data + 4, m.len - 4, &sh, &err), 0);
    m.len = 0;
    size_t msg = tls13_msg_begin(&m, TLS13_HS_SERVER_HELLO);
    bytes_append_be(&m, 0x0303, 2);
    bytes_append(&m, sh.random, 32);
    bytes_append_byte(&m, 32);
    bytes_append(&m, sid, 32);
    bytes_append_be(&m, suite, 2);
    bytes_append_byte(&m, 0);
    size_t exts = tls13_vec_begin(&m, 2);
    bytes_append(&m, (const uint8_t[]){0, 43, 0, 2, 3, 4}, 6);
    if (group != 0) {
        bytes_append(&m, (const uint8_t[]){0, 51, 0, 2}, 4);
        bytes_append_be(&m, group, 2);
    }
    if (cookie != NULL) {
        bytes_append_be(&m, TLS13_EXT_COOKIE, 2);
        bytes_append_be(&m, strlen(cookie) + 2, 2);
        bytes_append_be(&m, strlen(cookie), 2);
        bytes_append(&m, cookie, strlen(cookie));
    }
    tls13_vec_end(&m, exts, 2);
    tls13_msg_end(&m, msg);
    tls13_record_plain(rec, TLS13_CT_HANDSHAKE, 0x0303, m.data, m.len);
    bytes_free(&m);
}

/* Feed a fresh client (first hello with or without a share) the HRR made
 * by hrr_record, twice when twice; the client's check ids in trail. */
static void client_meets_hrr(struct tls13_conn *cl, struct trail *trail, bool no_share,
                             uint16_t group, const char *cookie, uint16_t suite, bool twice)
{
    struct tls13_config cfg = {.host = "www.example.com", .on_step = on_step_trail,
                               .ctx = trail, .first_hello_without_share = no_share};
    struct bytes rec = {0};

    memset(trail, 0, sizeof *trail);
    tls13_conn_init(cl, TLS13_CLIENT, &cfg);
    tls13_client_start(cl);
    tls13_conn_drain(cl, cl->out.len);
    hrr_record(&rec, cl->session_id, group, cookie, suite);
    if (twice)
        hrr_record(&rec, cl->session_id, group, cookie, suite);
    (void)!tls13_conn_feed(cl, rec.data, rec.len);
    bytes_free(&rec);
}

/* CertificateRequest: the context and Ed25519 read, signature_algorithms
 * required, truncations refused; the client's empty Certificate carries
 * the context back. */
static void test_certificate_request(void)
{
    static const uint8_t good[] = {2, 0xab, 0xcd, 0, 10, 0, 13, 0, 6, 0, 4, 0x04, 0x03,
                                   0x08, 0x07};
    static const uint8_t no_sigalgs[] = {0, 0, 4, 0, 5, 0, 0};
    struct tls13_cert_request cr;
    struct tls13_cert_list none = {0};
    struct tls13_error err;
    struct bytes out = {0};

    CU_ASSERT_EQUAL_FATAL(tls13_certificate_request_parse(good, sizeof good, &cr, &err), 0);
    CU_ASSERT_EQUAL(cr.context_len, 2);
    CU_ASSERT_EQUAL(cr.context[0], 0xab);
    CU_ASSERT_TRUE(cr.offers_ed25519);
    CU_ASSERT_EQUAL(tls13_certificate_request_parse(no_sigalgs, sizeof no_sigalgs, &cr, &err),
                    -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_MISSING_EXTENSION);
    for (size_t n = 0; n < sizeof good; n++) {
        CU_ASSERT_EQUAL(tls13_certificate_request_parse(good, n, &cr, &err), -1);
        CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_DECODE_ERROR);
    }
    tls13_certificate_encode_for(&out, good + 1, 2, &none);
    static const uint8_t empty[] = {TLS13_HS_CERTIFICATE, 0, 0, 6, 2, 0xab, 0xcd, 0, 0, 0};
    CU_ASSERT_EQUAL(out.len, sizeof empty);
    CU_ASSERT_EQUAL(memcmp(out.data, empty, sizeof empty), 0);
    bytes_free(&out);
}

/* The client's checks on a HelloRetryRequest (RFC 8446 §4.1.4). */
static void test_hello_retry_checks(void)
{
    struct tls13_conn cl;
    struct trail t;
    struct tls13_client_hello ch;
    struct tls13_error err;

    /* a share was sent for X25519 already: asking for it again is illegal */
    client_meets_hrr(&cl, &t, false, TLS13_GROUP_X25519, NULL, 0x1303, false);
    unit_expect_contains(t.ids, "-tls13.hrr.group");
    CU_ASSERT_EQUAL(cl.err.alert, TLS13_ALERT_ILLEGAL_PARAMETER);
    tls13_conn_free(&cl);
    /* a group never offered */
    client_meets_hrr(&cl, &t, true, 0x0017, NULL, 0x1303, false);
    unit_expect_contains(t.ids, "-tls13.hrr.group");
    unit_expect_contains(cl.err.message, "0x0017");
    tls13_conn_free(&cl);
    /* nothing would change */
    client_meets_hrr(&cl, &t, false, 0, NULL, 0x1303, false);
    unit_expect_contains(t.ids, "-tls13.hrr.change");
    tls13_conn_free(&cl);
    /* a suite never offered */
    client_meets_hrr(&cl, &t, true, TLS13_GROUP_X25519, NULL, 0x1301, false);
    unit_expect_contains(t.ids, "-tls13.sh.suite");
    tls13_conn_free(&cl);
    /* a second HelloRetryRequest */
    client_meets_hrr(&cl, &t, true, TLS13_GROUP_X25519, NULL, 0x1303, true);
    CU_ASSERT_EQUAL(t.hellos_sent, 2);
    unit_expect_contains(t.ids, "+tls13.hrr.check");
    unit_expect_contains(t.ids, "-tls13.hrr.second");
    CU_ASSERT_EQUAL(cl.err.alert, TLS13_ALERT_UNEXPECTED_MESSAGE);
    tls13_conn_free(&cl);

    /* a cookie is echoed; the share sent first is sent again, same random */
    client_meets_hrr(&cl, &t, false, 0, "oatmeal", 0x1303, false);
    CU_ASSERT_EQUAL(cl.state, TLS13_ST_WAIT_SH);
    CU_ASSERT_EQUAL(t.hellos_sent, 2);
    CU_ASSERT_EQUAL_FATAL(cl.out.data[0], TLS13_CT_HANDSHAKE);
    size_t len = (size_t)cl.out.data[6] << 16 | (size_t)cl.out.data[7] << 8 | cl.out.data[8];
    CU_ASSERT_EQUAL_FATAL(cl.out.len, 9 + len);
    CU_ASSERT_EQUAL(tls13_client_hello_parse(cl.out.data + 9, len, &ch, &err), 0);
    CU_ASSERT_TRUE(ch.share_x25519);
    CU_ASSERT_EQUAL(memcmp(ch.x25519, cl.x25519_pk, 32), 0);
    CU_ASSERT_EQUAL(memcmp(ch.random, cl.client_random, 32), 0);
    CU_ASSERT_EQUAL(memcmp(ch.session_id, cl.session_id, 32), 0);
    bool cookie_found = false;
    for (size_t i = 9; i + 13 <= cl.out.len; i++)
        if (memcmp(cl.out.data + i, "\0\x2c\0\x09\0\x07oatmeal", 13) == 0)
            cookie_found = true;
    CU_ASSERT_TRUE(cookie_found);
    tls13_conn_free(&cl);
}

static void test_handshake_and_data(void)
{
    struct tls13_conn cl, sv;
    struct seen cs, ss;
    struct pki p;

    handshake("www.example.com", "www.example.com", true, NULL, &cs, &ss, &cl, &sv, &p);
    CU_ASSERT_TRUE(tls13_conn_established(&cl));
    CU_ASSERT_TRUE(tls13_conn_established(&sv));
    CU_ASSERT_TRUE(cs.done && ss.done);
    CU_ASSERT_STRING_EQUAL(cs.failed, "");
    CU_ASSERT_EQUAL(cs.keylogs, 4);
    CU_ASSERT_EQUAL(ss.keylogs, 4);
    CU_ASSERT_EQUAL(memcmp(cl.secrets.s_ap, sv.secrets.s_ap, 32), 0);
    CU_ASSERT_STRING_EQUAL(sv.server_name, "www.example.com");

    static const char req[] = "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
    CU_ASSERT_EQUAL(tls13_conn_send(&cl, (const uint8_t *)req, strlen(req)), 0);
    uint8_t *big = xcalloc(1, 40000);
    memset(big, 'x', 40000);
    CU_ASSERT_EQUAL(tls13_conn_send(&sv, big, 40000), 0);
    tls13_conn_close(&sv);
    pump(&cl, &sv, NULL);
    CU_ASSERT_EQUAL(sv.app_in.len, strlen(req));
    CU_ASSERT_EQUAL(memcmp(sv.app_in.data, req, strlen(req)), 0);
    CU_ASSERT_EQUAL(cl.app_in.len, 40000);
    CU_ASSERT_EQUAL(cl.state, TLS13_ST_CLOSED);
    free(big);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);
}

/* A KeyUpdate that asks for one back: both directions move to new keys and
 * data still flows both ways. */
static void test_key_update(void)
{
    static const uint8_t update[5] = {TLS13_HS_KEY_UPDATE, 0, 0, 1, 1};
    struct tls13_conn cl, sv;
    struct seen cs, ss;
    struct pki p;
    uint8_t old_rd[32];

    handshake("www.example.com", "www.example.com", true, NULL, &cs, &ss, &cl, &sv, &p);
    CU_ASSERT_TRUE_FATAL(tls13_conn_established(&cl) && tls13_conn_established(&sv));
    memcpy(old_rd, sv.rd_secret, sizeof old_rd);
    tls13_send_handshake(&cl, 8, update, sizeof update, "KeyUpdate, answer requested");
    tls13_traffic_secret_update(cl.wr_secret);
    tls13_set_write_secret(&cl, cl.wr_secret);
    CU_ASSERT_EQUAL(tls13_conn_send(&cl, (const uint8_t *)"ping", 4), 0);
    pump(&cl, &sv, NULL);
    CU_ASSERT_EQUAL(sv.state, TLS13_ST_CONNECTED);
    CU_ASSERT_NOT_EQUAL(memcmp(old_rd, sv.rd_secret, 32), 0);
    CU_ASSERT_EQUAL(sv.app_in.len, 4);
    CU_ASSERT_EQUAL(memcmp(sv.wr_secret, cl.rd_secret, 32), 0);
    CU_ASSERT_EQUAL(tls13_conn_send(&sv, (const uint8_t *)"pong", 4), 0);
    pump(&cl, &sv, NULL);
    CU_ASSERT_EQUAL(cl.state, TLS13_ST_CONNECTED);
    CU_ASSERT_EQUAL(cl.app_in.len, 4);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);
}

/* Flip one bit in the middle of the server's first flight. */
static void flip_server_flight(struct bytes *f, bool to_client, int round)
{
    if (to_client && round == 0)
        f->data[f->len - 40] ^= 0x01;
}

/* Flip a bit of the ServerHello's random, which no record tag covers. */
static void flip_server_random(struct bytes *f, bool to_client, int round)
{
    if (to_client && round == 0)
        f->data[5 + 4 + 2 + 3] ^= 0x01;
}

static void test_handshake_failures(void)
{
    struct tls13_conn cl, sv;
    struct seen cs, ss;
    struct pki p;

    handshake("www.example.com", "www.example.com", true, flip_server_flight, &cs, &ss, &cl,
              &sv, &p);
    CU_ASSERT_FALSE(tls13_conn_established(&cl));
    CU_ASSERT_STRING_EQUAL(cs.failed, "tls13.record.mac");
    CU_ASSERT_EQUAL(cl.err.alert, TLS13_ALERT_BAD_RECORD_MAC);
    CU_ASSERT_EQUAL(sv.state, TLS13_ST_FAILED);   /* it got the client's alert */
    CU_ASSERT_TRUE(sv.alert_received);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);

    /* A changed ServerHello gives the two sides different transcripts and
     * different keys: the first protected record fails. */
    handshake("www.example.com", "www.example.com", true, flip_server_random, &cs, &ss, &cl,
              &sv, &p);
    CU_ASSERT_FALSE(tls13_conn_established(&cl));
    CU_ASSERT_STRING_EQUAL(cs.failed, "tls13.record.mac");
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);

    handshake("other.example.com", "www.example.com", true, NULL, &cs, &ss, &cl, &sv, &p);
    CU_ASSERT_STRING_EQUAL(cs.failed, "tls13.cert.name");
    CU_ASSERT_EQUAL(cl.err.alert, TLS13_ALERT_BAD_CERTIFICATE);
    CU_ASSERT_EQUAL(sv.peer_alert, TLS13_ALERT_BAD_CERTIFICATE);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);

    handshake("www.example.com", "www.example.com", false, NULL, &cs, &ss, &cl, &sv, &p);
    CU_ASSERT_STRING_EQUAL(cs.failed, "tls13.cert.chain");
    CU_ASSERT_EQUAL(cl.err.alert, TLS13_ALERT_UNKNOWN_CA);
    unit_expect_contains(cl.err.message, "--ca");
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);
}

/* ServerHellos to a client that offered TLS 1.3 (RFC 8446 4.1.3): an older
 * version whose random ends in the DOWNGRD sentinel of TLS 1.2 or 1.1 is a
 * downgrade (illegal_parameter), as is the sentinel beside TLS 1.3 itself;
 * without it an older version is refused as such (protocol_version). */
static void test_downgrade_sentinel(void)
{
    static const struct {
        uint8_t minor, last;        /* legacy_version 3.minor; the random's last byte */
        bool sentinel, tls13;       /* "DOWNGRD" before it; supported_versions says 1.3 */
        const char *failed;
        uint8_t alert;
    } cases[] = {
        {3, 1, true, false, "tls13.sh.downgrade", TLS13_ALERT_ILLEGAL_PARAMETER},
        {2, 0, true, false, "tls13.sh.downgrade", TLS13_ALERT_ILLEGAL_PARAMETER},
        {3, 1, true, true, "tls13.sh.downgrade", TLS13_ALERT_ILLEGAL_PARAMETER},
        {3, 1, false, false, "tls13.sh.version", TLS13_ALERT_PROTOCOL_VERSION},
    };
    struct tls13_config cfg = {.host = "www.example.com", .on_step = on_step};
    struct tls13_conn cl;
    struct seen cs;
    struct bytes rec = {0};
    uint8_t random[32];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t ext = cases[i].tls13 ? 8 : 0, body = 2 + 32 + 1 + 32 + 2 + 1 + ext;
        memset(&cs, 0, sizeof cs);
        cfg.ctx = &cs;
        tls13_conn_init(&cl, TLS13_CLIENT, &cfg);
        tls13_client_start(&cl);
        crypt_random(random, sizeof random);
        if (cases[i].sentinel)
            memcpy(random + 24, "DOWNGRD", 7);
        random[31] = cases[i].sentinel ? cases[i].last : 0x42;
        rec.len = 0;
        bytes_append(&rec, (const uint8_t[]){22, 3, 3, 0, (uint8_t)(4 + body)}, 5);
        bytes_append(&rec, (const uint8_t[]){2, 0, 0, body, 3, cases[i].minor}, 6);
        bytes_append(&rec, random, 32);
        bytes_append_byte(&rec, 32);
        bytes_append(&rec, cl.session_id, 32);
        if (cases[i].tls13)
            bytes_append(&rec, (const uint8_t[]){0x13, 0x03, 0, 0, 6, 0, 0x2b, 0, 2, 3, 4}, 11);
        else
            bytes_append(&rec, (const uint8_t[]){0xc0, 0x2f, 0}, 3);
        CU_ASSERT_EQUAL(tls13_conn_feed(&cl, rec.data, rec.len), -1);
        CU_ASSERT_STRING_EQUAL(cs.failed, cases[i].failed);
        CU_ASSERT_EQUAL(cl.err.alert, cases[i].alert);
        tls13_conn_free(&cl);
    }
    bytes_free(&rec);
}

/* A server that presents the real certificate without its private key (a
 * man in the middle with a copied certificate) fails at CertificateVerify. */
static void test_mitm_fails_certificate_verify(void)
{
    struct tls13_conn cl, sv;
    struct seen cs, ss;
    struct pki p;
    uint8_t mallory_pk[32], mallory_sk[64];

    int64_t now = 1800000000;
    make_pki(&p, "www.example.com", now);
    crypt_sign_keypair(mallory_pk, mallory_sk);
    memset(&cs, 0, sizeof cs);
    memset(&ss, 0, sizeof ss);
    struct tls13_config ccfg = {.host = "www.example.com", .trusted = &p.ca, .trusted_count = 1,
                                .now = now, .on_step = on_step, .ctx = &cs};
    struct tls13_config scfg = {.cert_der = p.der.data, .cert_len = p.der.len,
                                .sign_sk = mallory_sk, .on_step = on_step, .ctx = &ss};
    tls13_conn_init(&cl, TLS13_CLIENT, &ccfg);
    tls13_conn_init(&sv, TLS13_SERVER, &scfg);
    tls13_client_start(&cl);
    pump(&cl, &sv, NULL);
    CU_ASSERT_FALSE(tls13_conn_established(&cl));
    CU_ASSERT_STRING_EQUAL(cs.failed, "tls13.cv.signature");
    CU_ASSERT_EQUAL(cl.err.alert, TLS13_ALERT_DECRYPT_ERROR);
    CU_ASSERT_EQUAL(sv.peer_alert, TLS13_ALERT_DECRYPT_ERROR);
    crypt_wipe(mallory_sk, sizeof mallory_sk);
    tls13_conn_free(&cl);
    tls13_conn_free(&sv);
    free_pki(&p);
}

/* A server fed a ClientHello of the client, changed by edit. */
static void server_reply_to(void (*edit)(struct bytes *ch), struct tls13_conn *sv,
                            struct seen *ss, struct pki *p)
{
    struct tls13_conn cl;
    struct tls13_config ccfg = {.host = "www.example.com"};
    make_pki(p, "www.example.com", 1800000000);
    memset(ss, 0, sizeof *ss);
    struct tls13_config scfg = {.cert_der = p->der.data, .cert_len = p->der.len,
                                .sign_sk = p->sk, .on_step = on_step, .ctx = ss};
    tls13_conn_init(&cl, TLS13_CLIENT, &ccfg);
    tls13_conn_init(sv, TLS13_SERVER, &scfg);
    tls13_client_start(&cl);
    edit(&cl.out);
    (void)!tls13_conn_feed(sv, cl.out.data, cl.out.len);
    tls13_conn_free(&cl);
}

/* Find the first occurrence of the two bytes a b in the ClientHello
 * record after its fixed part; returns its offset. */
static size_t find_pair(const struct bytes *ch, uint8_t a, uint8_t b, size_t from)
{
    for (size_t i = from; i + 1 < ch->len; i++)
        if (ch->data[i] == a && ch->data[i + 1] == b)
            return i;
    return 0;
}

/* The offered suite becomes AES-128-GCM (0x1301). */
static void edit_suite(struct bytes *ch)
{
    size_t at = 5 + 4 + 2 + 32 + 1 + 32 + 2;
    CU_ASSERT_EQUAL(ch->data[at + 1], 0x03);
    ch->data[at + 1] = 0x01;
}

/* The key share's group becomes secp256r1 (0x0017): no X25519 share. */
static void edit_share_group(struct bytes *ch)
{
    size_t ks = find_pair(ch, 0x00, 0x33, 5 + 4 + 2 + 32 + 1 + 32 + 2 + 2 + 2);
    CU_ASSERT_FATAL(ks != 0);
    ch->data[ks + 7] = 0x17;
}

/* The supported_groups entry becomes secp256r1 too. */
static void edit_groups(struct bytes *ch)
{
    edit_share_group(ch);
    size_t g = find_pair(ch, 0x00, 0x0a, 5 + 4 + 2 + 32 + 1 + 32 + 2 + 2 + 2);
    CU_ASSERT_FATAL(g != 0);
    ch->data[g + 7] = 0x17;
}

static void test_server_refusals(void)
{
    struct tls13_conn sv;
    struct seen ss;
    struct pki p;
    struct tls13_server_hello sh;
    struct tls13_error err;

    server_reply_to(edit_suite, &sv, &ss, &p);
    CU_ASSERT_STRING_EQUAL(ss.failed, "tls13.ch.suite");
    unit_expect_contains(sv.err.message, "TLS_CHACHA20_POLY1305_SHA256");
    CU_ASSERT_EQUAL(sv.out.len, 7);
    CU_ASSERT_EQUAL(sv.out.data[6], TLS13_ALERT_HANDSHAKE_FAILURE);
    tls13_conn_free(&sv);
    free_pki(&p);

    server_reply_to(edit_groups, &sv, &ss, &p);
    CU_ASSERT_STRING_EQUAL(ss.failed, "tls13.ch.groups");
    unit_expect_contains(sv.err.message, "X25519");
    tls13_conn_free(&sv);
    free_pki(&p);

    /* X25519 taken but no share for it: a HelloRetryRequest asks for one. */
    server_reply_to(edit_share_group, &sv, &ss, &p);
    CU_ASSERT_STRING_EQUAL(ss.failed, "");
    CU_ASSERT_TRUE(sv.sent_hrr);
    CU_ASSERT_EQUAL_FATAL(sv.out.data[0], TLS13_CT_HANDSHAKE);
    size_t len = (size_t)sv.out.data[6] << 16 | (size_t)sv.out.data[7] << 8 | sv.out.data[8];
    CU_ASSERT_EQUAL(tls13_server_hello_parse(sv.out.data + 9, len, &sh, &err), 0);
    CU_ASSERT_TRUE(sh.is_hrr);
    CU_ASSERT_EQUAL(sh.group, TLS13_GROUP_X25519);
    tls13_conn_free(&sv);
    free_pki(&p);
}

/* The signed content of CertificateVerify, byte by byte (RFC 8446 §4.4.3). */
static void test_cv_content(void)
{
    static const char ctx[] = "TLS 1.3, server CertificateVerify";
    uint8_t hash[32], content[TLS13_CV_CONTENT_LEN];

    CU_ASSERT_EQUAL(TLS13_CV_CONTENT_LEN, 130);
    memset(hash, 0xab, sizeof hash);
    tls13_cv_content(content, true, hash);
    for (size_t i = 0; i < 64; i++)
        CU_ASSERT_EQUAL(content[i], 0x20);
    CU_ASSERT_EQUAL(memcmp(content + 64, ctx, 33), 0);
    CU_ASSERT_EQUAL(content[97], 0);
    CU_ASSERT_EQUAL(memcmp(content + 98, hash, 32), 0);
    tls13_cv_content(content, false, hash);
    CU_ASSERT_EQUAL(memcmp(content + 64, "TLS 1.3, client CertificateVerify", 33), 0);
}

/* Every truncation of a good message fails to parse, and never reads out. */
static void test_parsers_malformed(void)
{
    struct tls13_client_hello_spec spec = {.host = "www.example.com"};
    struct tls13_client_hello ch;
    struct tls13_server_hello sh;
    struct tls13_error err;
    struct bytes m = {0};
    const uint8_t *sig, *vd;
    size_t sig_len;
    uint16_t scheme;

    crypt_random(spec.random, 32);
    tls13_client_hello_encode(&m, &spec);
    CU_ASSERT_EQUAL(tls13_client_hello_parse(m.data + 4, m.len - 4, &ch, &err), 0);
    CU_ASSERT_STRING_EQUAL(ch.server_name, "www.example.com");
    CU_ASSERT_TRUE(ch.offers_chacha && ch.offers_tls13 && ch.offers_x25519 &&
                   ch.offers_ed25519 && ch.share_x25519 && ch.compression_null_only);
    for (size_t cut = 0; cut < m.len - 4; cut++) {
        uint8_t *copy = bytes_dup(m.data + 4, cut);
        int rc = tls13_client_hello_parse(copy, cut, &ch, &err);
        /* Cut exactly before the extensions, it is an old client's hello. */
        CU_ASSERT_TRUE(rc == -1 || cut == 2 + 32 + 1 + 32 + 2 + 2 + 2);
        free(copy);
    }
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_DECODE_ERROR);
    /* An extension twice. */
    struct bytes twice = {0};
    bytes_append(&twice, m.data + 4, m.len - 4);
    size_t ext_at = 2 + 32 + 1 + 32 + 2 + 2 + 2;
    size_t ext_len = (size_t)twice.data[ext_at] << 8 | twice.data[ext_at + 1];
    static const uint8_t dup[] = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d};
    bytes_append(&twice, dup, sizeof dup);
    twice.data[ext_at] = (uint8_t)((ext_len + 8) >> 8);
    twice.data[ext_at + 1] = (uint8_t)(ext_len + 8);
    CU_ASSERT_EQUAL(tls13_client_hello_parse(twice.data, twice.len, &ch, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_ILLEGAL_PARAMETER);
    bytes_free(&twice);

    m.len = 0;
    uint8_t share[32] = {9}, random[32] = {1};
    uint8_t sid[32] = {0};
    memcpy(random + 24, "DOWNGRD\001", 8);
    tls13_server_hello_encode(&m, random, sid, 32, share);
    CU_ASSERT_EQUAL(tls13_server_hello_parse(m.data + 4, m.len - 4, &sh, &err), 0);
    CU_ASSERT_EQUAL(sh.downgrade, TLS13_DOWNGRADE_TLS12);
    CU_ASSERT_TRUE(sh.has_version && sh.version == TLS13_VERSION && sh.share_len_ok);
    CU_ASSERT_FALSE(sh.is_hrr);
    for (size_t cut = 0; cut < m.len - 4; cut++) {
        uint8_t *copy = bytes_dup(m.data + 4, cut);
        int rc = tls13_server_hello_parse(copy, cut, &sh, &err);
        CU_ASSERT_TRUE(rc == -1 || cut == 2 + 32 + 1 + 32 + 2 + 1);
        free(copy);
    }

    m.len = 0;
    static const uint8_t cert[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    static const uint8_t inter[] = {0x30, 0x04, 0x02, 0x02, 0x01, 0x02};
    struct tls13_cert_list two = {2, {cert, inter}, {sizeof cert, sizeof inter}}, got;
    tls13_certificate_encode(&m, &two);
    CU_ASSERT_EQUAL(tls13_certificate_parse(m.data + 4, m.len - 4, &got, &err), 0);
    CU_ASSERT_EQUAL(got.count, 2);
    CU_ASSERT_EQUAL(got.len[0], sizeof cert);
    CU_ASSERT_EQUAL(got.len[1], sizeof inter);
    CU_ASSERT_EQUAL(memcmp(got.der[1], inter, sizeof inter), 0);
    for (size_t cut = 0; cut < m.len - 4; cut++)
        CU_ASSERT_EQUAL(tls13_certificate_parse(m.data + 4, cut, &got, &err), -1);
    static const uint8_t empty_list[] = {0, 0, 0, 0};
    CU_ASSERT_EQUAL(tls13_certificate_parse(empty_list, 4, &got, &err), -1);
    struct tls13_cert_list nine = {.count = TLS13_CERTS_MAX};
    for (size_t i = 0; i < TLS13_CERTS_MAX; i++) {
        nine.der[i] = cert;
        nine.len[i] = sizeof cert;
    }
    m.len = 0;
    tls13_certificate_encode(&m, &nine);
    CU_ASSERT_EQUAL(tls13_certificate_parse(m.data + 4, m.len - 4, &got, &err), 0);
    size_t body = m.len - 4;
    bytes_append(&m, (const uint8_t[]){0, 0, 5, 0x30, 3, 2, 1, 1, 0, 0}, 10);
    m.data[5] = (uint8_t)((body - 4 + 10) >> 16);
    m.data[6] = (uint8_t)((body - 4 + 10) >> 8);
    m.data[7] = (uint8_t)(body - 4 + 10);
    CU_ASSERT_EQUAL(tls13_certificate_parse(m.data + 4, m.len - 4, &got, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_BAD_CERTIFICATE);

    m.len = 0;
    uint8_t s[64] = {0};
    tls13_certificate_verify_encode(&m, s);
    CU_ASSERT_EQUAL(tls13_certificate_verify_parse(m.data + 4, m.len - 4, &scheme, &sig,
                                                   &sig_len, &err), 0);
    CU_ASSERT_EQUAL(scheme, TLS13_SIG_ED25519);
    CU_ASSERT_EQUAL(tls13_certificate_verify_parse(m.data + 4, m.len - 5, &scheme, &sig,
                                                   &sig_len, &err), -1);
    CU_ASSERT_EQUAL(tls13_finished_parse(s, 31, &vd, &err), -1);
    CU_ASSERT_EQUAL(tls13_finished_parse(s, 32, &vd, &err), 0);
    static const uint8_t ee_bad[] = {0, 4, 0, 51, 0, 0};
    CU_ASSERT_EQUAL(tls13_encrypted_extensions_parse(ee_bad, sizeof ee_bad, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_ILLEGAL_PARAMETER);
    CU_ASSERT_EQUAL(tls13_encrypted_extensions_parse(ee_bad, 3, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_DECODE_ERROR);
    /* an extension tlssim never offered (ALPN, 16) may not come back; an
     * empty server_name and supported_groups may */
    static const uint8_t ee_alpn[] = {0, 4, 0, 16, 0, 0};
    CU_ASSERT_EQUAL(tls13_encrypted_extensions_parse(ee_alpn, sizeof ee_alpn, &err), -1);
    CU_ASSERT_EQUAL(err.alert, TLS13_ALERT_UNSUPPORTED_EXTENSION);
    static const uint8_t ee_ok[] = {0, 12, 0, 0, 0, 0, 0, 10, 0, 4, 0, 2, 0, 29};
    CU_ASSERT_EQUAL(tls13_encrypted_extensions_parse(ee_ok, sizeof ee_ok, &err), 0);
    bytes_free(&m);
}

/* Bytes that are not TLS, out of order, or too long end the connection. */
static void test_bad_peer_bytes(void)
{
    struct tls13_conn sv;
    struct tls13_config cfg = {0};
    static const uint8_t http[] = "GET / HTTP/1.1\r\n\r\n";
    static const uint8_t fin_first[] = {22, 3, 3, 0, 8, 20, 0, 0, 4, 1, 2, 3, 4};
    static const uint8_t app_first[] = {23, 3, 3, 0, 17, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                        13, 14, 15, 16, 17};
    static const uint8_t huge_msg[] = {22, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff};

    const uint8_t *inputs[] = {http, fin_first, app_first, huge_msg};
    size_t lens[] = {sizeof http - 1, sizeof fin_first, sizeof app_first, sizeof huge_msg};
    const char *ids[] = {"tls13.record.type", "tls13.msg.order", "tls13.record.order",
                         "tls13.msg.length"};
    for (size_t i = 0; i < 4; i++) {
        tls13_conn_init(&sv, TLS13_SERVER, &cfg);
        CU_ASSERT_EQUAL(tls13_conn_feed(&sv, inputs[i], lens[i]), -1);
        CU_ASSERT_STRING_EQUAL(sv.err.id, ids[i]);
        CU_ASSERT_EQUAL(sv.out.len, 7);     /* one plaintext alert */
        CU_ASSERT_EQUAL(tls13_conn_feed(&sv, inputs[i], lens[i]), -1);
        CU_ASSERT_EQUAL(sv.out.len, 7);     /* and only one */
        tls13_conn_free(&sv);
    }
    /* A partial record waits for more, without failing. */
    tls13_conn_init(&sv, TLS13_SERVER, &cfg);
    CU_ASSERT_EQUAL(tls13_conn_feed(&sv, fin_first, 7), 0);
    CU_ASSERT_EQUAL(sv.out.len, 0);
    tls13_conn_abort(&sv, "tls13.peer.closed", "gone");
    CU_ASSERT_EQUAL(sv.state, TLS13_ST_FAILED);
    tls13_conn_free(&sv);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"handshake in memory, then data both ways and close_notify", test_handshake_and_data},
        {"KeyUpdate both ways, data still flows", test_key_update},
        {"tampered flights and failed certificate checks", test_handshake_failures},
        {"a copied certificate without its key fails CertificateVerify",
         test_mitm_fails_certificate_verify},
        {"the DOWNGRD sentinels of TLS 1.2 and 1.1 are refused", test_downgrade_sentinel},
        {"server refusals name what is missing; HelloRetryRequest", test_server_refusals},
        {"a first hello without a share: HelloRetryRequest, then the same keys on both sides",
         test_hello_retry_in_memory},
        {"the client's checks on a HelloRetryRequest; the cookie echoed",
         test_hello_retry_checks},
        {"CertificateRequest parsed; the empty client Certificate", test_certificate_request},
        {"CertificateVerify content: spaces, context, 0, hash", test_cv_content},
        {"parsers refuse every truncation and malformed field", test_parsers_malformed},
        {"bad peers: not TLS, out of order, oversized", test_bad_peer_bytes},
        {NULL, NULL},
    };
    crypt_rng_from_number(&rng, 1313);
    crypt_rng_use(&rng);
    return unit_run("tls13", tests);
}
