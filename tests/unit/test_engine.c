/*
 * test_engine.c - the handshake engine: all eight stages run with real
 * cryptography, the same seed gives the same bytes, and stepping back then
 * forward equals a straight run.
 */
#include "engine/engine.h"
#include "unit.h"
#include "engine/fact.h"
#include "engine/wire.h"

#include <string.h>

/* Make an engine for the given seed, or fail the test. */
static struct engine *seeded_engine(uint64_t seed)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    o.seeded = true;
    o.seed = seed;
    CU_ASSERT_FATAL(engine_new(&o, &e, err, sizeof err) == 0);
    return e;
}

/* True when two engines have logged exactly the same events and bytes. */
static bool same_events(const struct engine *a, const struct engine *b)
{
    if (engine_event_count(a) != engine_event_count(b))
        return false;
    for (size_t i = 0; i < engine_event_count(a); i++) {
        const struct sim_event *x = engine_event(a, i), *y = engine_event(b, i);
        if (x->kind != y->kind || x->stage != y->stage || x->actor != y->actor ||
            x->len != y->len || x->ok != y->ok)
            return false;
        if (x->len && memcmp(x->bytes, y->bytes, x->len) != 0)
            return false;
        if ((x->text == NULL) != (y->text == NULL) ||
            (x->text && strcmp(x->text, y->text) != 0))
            return false;
    }
    return true;
}

/* The first event of the given kind, actor and title, or NULL. */
static const struct sim_event *find_event(const struct engine *e, enum sim_event_kind kind,
                                          enum sim_actor actor, const char *title)
{
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == kind && ev->actor == actor && ev->title && strcmp(ev->title, title) == 0)
            return ev;
    }
    return NULL;
}

/* True when needle occurs anywhere in the len bytes at hay. */
static bool contains(const uint8_t *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

static void test_all_stages_complete(void)
{
    struct engine *e = seeded_engine(42);

    for (int k = 1; k <= SIM_STAGE_COUNT; k++) {
        CU_ASSERT_EQUAL(engine_step(e), 0);
        CU_ASSERT_EQUAL(engine_stage(e), k);
    }
    CU_ASSERT_EQUAL(engine_step(e), 1);
    const struct sim_result *r = engine_result(e);
    CU_ASSERT_TRUE(r->completed);
    CU_ASSERT_FALSE(r->aborted);
    CU_ASSERT_FALSE(r->tamper_detected);
    CU_ASSERT_FALSE(r->eve_read_plaintext);

    /* Both sides ended with the same session key, and each read the other's text. */
    const struct sim_event *ck = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_CLIENT, "session key");
    const struct sim_event *sk = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_SERVER, "session key");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ck);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sk);
    CU_ASSERT_EQUAL(ck->len, 32);
    CU_ASSERT_EQUAL(memcmp(ck->bytes, sk->bytes, 32), 0);
    CU_ASSERT_TRUE(ck->secret);
    CU_ASSERT_EQUAL(ck->stage, 4);
    CU_ASSERT_EQUAL(sk->stage, 6);

    const struct sim_event *req = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_SERVER, "request (plaintext)");
    const struct sim_event *rep = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_CLIENT, "reply (plaintext)");
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
    CU_ASSERT_STRING_EQUAL(req->text, engine_options(e)->message);
    CU_ASSERT_STRING_EQUAL(rep->text, engine_options(e)->reply);

    /* Every certificate check passed, and Eve never learned the session key. */
    size_t checks = 0;
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_CHECK && ev->actor != SIM_ACTOR_EVE) {
            CU_ASSERT_TRUE(ev->ok);
            checks++;
        }
        if (ev->kind == SIM_EV_KNOWS && ev->actor == SIM_ACTOR_EVE)
            CU_ASSERT_FALSE(ev->secret);
    }
    CU_ASSERT_TRUE(checks >= 6);
    CU_ASSERT_PTR_NULL(find_event(e, SIM_EV_KNOWS, SIM_ACTOR_EVE, "session key"));
    engine_free(e);
}

static void test_wire_messages_in_order(void)
{
    static const char *const expected[] = {
        "CertificateSigningRequest", "IssuedCertificate", "ClientHello", "ServerHello",
        "Certificate", "ClientKeyExchange", "ApplicationData", "ApplicationData",
    };
    static const int expected_stage[] = {1, 1, 2, 3, 3, 5, 7, 8};
    struct engine *e = seeded_engine(7);
    size_t n = 0;

    engine_goto(e, SIM_STAGE_COUNT);
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_WIRE)
            continue;
        CU_ASSERT_FATAL(n < sizeof expected / sizeof expected[0]);
        CU_ASSERT_STRING_EQUAL(ev->title, expected[n]);
        CU_ASSERT_EQUAL(ev->stage, expected_stage[n]);
        CU_ASSERT_TRUE(ev->field_count >= 3);
        /* The fields tile the message: each starts where the previous ended. */
        size_t end = 0;
        for (size_t f = 0; f < ev->field_count; f++) {
            CU_ASSERT_EQUAL(ev->fields[f].offset, end);
            end = ev->fields[f].offset + ev->fields[f].len;
        }
        CU_ASSERT_EQUAL(end, ev->len);
        n++;
    }
    CU_ASSERT_EQUAL(n, sizeof expected / sizeof expected[0]);
    engine_free(e);
}

static void test_same_seed_same_bytes(void)
{
    struct engine *a = seeded_engine(42), *b = seeded_engine(42), *c = seeded_engine(43);

    engine_goto(a, SIM_STAGE_COUNT);
    engine_goto(b, SIM_STAGE_COUNT);
    engine_goto(c, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(same_events(a, b));
    CU_ASSERT_FALSE(same_events(a, c));
    engine_free(a);
    engine_free(b);
    engine_free(c);
}

static void test_unseeded_runs_differ(void)
{
    struct sim_options o;
    struct engine *a, *b;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    CU_ASSERT_FATAL(engine_new(&o, &a, err, sizeof err) == 0);
    CU_ASSERT_FATAL(engine_new(&o, &b, err, sizeof err) == 0);
    engine_goto(a, SIM_STAGE_COUNT);
    engine_goto(b, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(a)->completed);
    CU_ASSERT_TRUE(engine_result(b)->completed);
    CU_ASSERT_FALSE(same_events(a, b));

    /* An unseeded run still replays itself exactly when stepping back: the
     * wrapped key of stage 5 comes out byte for byte the same. */
    struct engine *c;
    CU_ASSERT_FATAL(engine_new(&o, &c, err, sizeof err) == 0);
    engine_goto(c, 5);
    const struct sim_event *wrap = find_event(c, SIM_EV_WIRE, SIM_ACTOR_CLIENT,
                                              "ClientKeyExchange");
    CU_ASSERT_PTR_NOT_NULL_FATAL(wrap);
    uint8_t first[256];
    size_t first_len = wrap->len;
    CU_ASSERT_FATAL(first_len > 0 && first_len <= sizeof first);
    memcpy(first, wrap->bytes, first_len);
    size_t at5 = engine_event_count(c);
    engine_goto(c, 2);
    engine_goto(c, 5);
    CU_ASSERT_EQUAL(engine_event_count(c), at5);
    wrap = find_event(c, SIM_EV_WIRE, SIM_ACTOR_CLIENT, "ClientKeyExchange");
    CU_ASSERT_PTR_NOT_NULL_FATAL(wrap);
    CU_ASSERT_EQUAL(wrap->len, first_len);
    CU_ASSERT_EQUAL(memcmp(wrap->bytes, first, first_len), 0);
    engine_free(a);
    engine_free(b);
    engine_free(c);
}

static void test_back_then_forward_equals_straight_run(void)
{
    struct engine *straight = seeded_engine(99), *wandering = seeded_engine(99);

    engine_goto(straight, SIM_STAGE_COUNT);
    engine_goto(wandering, 6);
    engine_goto(wandering, 3);
    engine_goto(wandering, 8);
    engine_goto(wandering, 7);
    CU_ASSERT_EQUAL(engine_stage(wandering), 7);
    engine_goto(wandering, 1);
    engine_goto(wandering, 8);
    CU_ASSERT_TRUE(same_events(straight, wandering));
    engine_goto(wandering, 0);
    CU_ASSERT_EQUAL(engine_stage(wandering), 0);
    CU_ASSERT_EQUAL(engine_event_count(wandering), 0);
    engine_goto(wandering, 99);
    CU_ASSERT_EQUAL(engine_stage(wandering), SIM_STAGE_COUNT);
    engine_free(straight);
    engine_free(wandering);
}

static void test_options(void)
{
    struct sim_options o;
    char err[SIM_OPTION_ERR_MAX];

    sim_options_default(&o);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "18446744073709551615", err, sizeof err), 0);
    CU_ASSERT_TRUE(o.seeded);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "18446744073709551616", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "-1", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "12x", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "cipher", "rot13", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "rot13"));
    CU_ASSERT_EQUAL(sim_options_set(&o, "host", "bad host", err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(o.host, "www.example.com");
    CU_ASSERT_EQUAL(sim_options_set(&o, "host", "shop.example.org", err, sizeof err), 0);
    CU_ASSERT_EQUAL(sim_options_set(&o, "message", "", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "message", "line\nbreak", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "nonsense", "1", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "message", NULL, err, sizeof err), -1);
}

static void test_message_and_host_reach_the_server(void)
{
    struct sim_options o;
    struct engine *e;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    CU_ASSERT_EQUAL(sim_options_set(&o, "seed", "5", err, sizeof err), 0);
    CU_ASSERT_EQUAL(sim_options_set(&o, "message", "hello, server", err, sizeof err), 0);
    CU_ASSERT_EQUAL(sim_options_set(&o, "host", "bank.example", err, sizeof err), 0);
    CU_ASSERT_FATAL(engine_new(&o, &e, err, sizeof err) == 0);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(e)->completed);
    const struct sim_event *req = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_SERVER, "request (plaintext)");
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_STRING_EQUAL(req->text, "hello, server");
    /* The host is the one the client asks for and the one on the wire (the
     * client hello's server name, the certificate), never the default. */
    const struct sim_event *sni = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_CLIENT,
                                             "server name wanted");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sni);
    CU_ASSERT_STRING_EQUAL(sni->text, "bank.example");
    size_t naming = 0;
    /* The plaintext never appears in any byte on the handshake wire. */
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind != SIM_EV_WIRE)
            continue;
        CU_ASSERT_FALSE(contains(ev->bytes, ev->len, "hello, server"));
        CU_ASSERT_FALSE(contains(ev->bytes, ev->len, "www.example.com"));
        naming += contains(ev->bytes, ev->len, "bank.example");
    }
    CU_ASSERT(naming >= 2);   /* the client hello and the certificate */
    engine_free(e);
}

static void test_aes_when_available(void)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    o.seeded = true;
    o.cipher = CRYPT_AEAD_AES256GCM;
    if (!crypt_aead_available(CRYPT_AEAD_AES256GCM)) {
        CU_ASSERT_EQUAL(engine_new(&o, &e, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "AES"));
        return;
    }
    CU_ASSERT_FATAL(engine_new(&o, &e, err, sizeof err) == 0);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(e)->completed);
    const struct sim_event *suite = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_CLIENT, "cipher suite");
    CU_ASSERT_PTR_NOT_NULL_FATAL(suite);
    CU_ASSERT_PTR_NOT_NULL(strstr(suite->text, "AES_256_GCM"));
    engine_free(e);
}

/* Make a seeded TLS 1.3 engine with the option name set to value (name
 * NULL: none), or fail the test. */
static struct engine *tls13_engine(uint64_t seed, const char *name, const char *value)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    o.seeded = true;
    o.seed = seed;
    CU_ASSERT_FATAL(sim_options_set(&o, "protocol", "tls13", err, sizeof err) == 0);
    if (name != NULL)
        CU_ASSERT_FATAL(sim_options_set(&o, name, value, err, sizeof err) == 0);
    CU_ASSERT_FATAL(engine_new(&o, &e, err, sizeof err) == 0);
    return e;
}

static void test_tls13_completes(void)
{
    static const char *const expected[] = {
        "CertificateSigningRequest", "IssuedCertificate", "ClientHello", "ServerHello",
        "ChangeCipherSpec", "EncryptedExtensions", "Certificate", "CertificateVerify",
        "Finished", "ChangeCipherSpec", "Finished", "application data", "application data",
    };
    static const int expected_stage[] = {1, 1, 2, 3, 3, 5, 5, 5, 6, 6, 6, 7, 8};
    struct engine *e = tls13_engine(7, NULL, NULL);
    size_t n = 0;

    engine_goto(e, SIM_STAGE_COUNT);
    const struct sim_result *r = engine_result(e);
    CU_ASSERT_TRUE(r->completed);
    CU_ASSERT_TRUE(r->handshake_done);
    CU_ASSERT_TRUE(r->server_authenticated);
    CU_ASSERT_FALSE(r->aborted);
    CU_ASSERT_FALSE(r->eve_read_plaintext);
    CU_ASSERT_STRING_EQUAL(engine_stage_title(e, 4), "handshake secrets");
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_CHECK)
            CU_ASSERT_PTR_NOT_NULL(fact_check_find(ev->check_id));
        if (ev->kind != SIM_EV_WIRE || n >= sizeof expected / sizeof expected[0])
            continue;
        CU_ASSERT_STRING_EQUAL(ev->title, expected[n]);
        CU_ASSERT_EQUAL(ev->stage, expected_stage[n]);
        size_t end = 0;
        for (size_t f = 0; f < ev->field_count; f++) {
            CU_ASSERT_EQUAL(ev->fields[f].offset, end);
            end = ev->fields[f].offset + ev->fields[f].len;
        }
        CU_ASSERT_EQUAL(end, ev->len);
        /* nothing of the request crosses the wire in the clear */
        CU_ASSERT_FALSE(contains(ev->bytes, ev->len, "Cookie: session=alice"));
        n++;
    }
    CU_ASSERT_EQUAL(n, sizeof expected / sizeof expected[0]);
    const struct sim_event *req = find_event(e, SIM_EV_KNOWS, SIM_ACTOR_SERVER,
                                             "request (decrypted)");
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_TRUE(contains(req->bytes, req->len, "Cookie: session=alice"));
    const uint8_t *der;
    size_t len;
    CU_ASSERT_TRUE(engine_received_certificate(e, &der, &len));
    engine_free(e);
}

static void test_tls13_replays(void)
{
    struct engine *straight = tls13_engine(99, NULL, NULL), *wandering = tls13_engine(99, NULL, NULL);
    struct engine *other = tls13_engine(98, NULL, NULL);

    engine_goto(straight, SIM_STAGE_COUNT);
    engine_goto(other, SIM_STAGE_COUNT);
    engine_goto(wandering, 6);
    engine_goto(wandering, 2);
    engine_goto(wandering, 8);
    engine_goto(wandering, 4);
    engine_goto(wandering, 8);
    CU_ASSERT_TRUE(same_events(straight, wandering));
    CU_ASSERT_FALSE(same_events(straight, other));
    engine_free(straight);
    engine_free(wandering);
    engine_free(other);
}

static void test_tls13_tamper_every_flight(void)
{
    static const char *const stages[] = {"2", "3", "5", "6", "7", "8"};

    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
        struct engine *e = tls13_engine(3, "tamper", stages[i]);
        engine_goto(e, SIM_STAGE_COUNT);
        const struct sim_result *r = engine_result(e);
        CU_ASSERT_TRUE(r->aborted);
        CU_ASSERT_FALSE(r->completed);
        CU_ASSERT_EQUAL(r->tamper_at, stages[i][0] - '0');
        CU_ASSERT_TRUE(r->tamper_detected);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->tamper_detected_by);
        CU_ASSERT_STRING_EQUAL(r->tamper_detected_by, "tls13.record.mac");
        CU_ASSERT_STRING_EQUAL(r->reason_code, "bad_record_mac");
        /* after the handshake a rejected record is an alert, not an abort */
        CU_ASSERT_EQUAL(r->alert, stages[i][0] >= '7');
        engine_free(e);
    }
}

static void test_tls13_attacks(void)
{
    struct engine *e = tls13_engine(4, "mitm", NULL);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(e)->cert_rejected);
    CU_ASSERT_STRING_EQUAL(engine_result(e)->cert_failed_id, "tls13.cert.chain");
    CU_ASSERT_EQUAL(engine_result(e)->aborted_at, 5);
    CU_ASSERT_FALSE(engine_result(e)->eve_read_plaintext);
    engine_free(e);

    e = tls13_engine(4, "downgrade", NULL);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(e)->downgrade_caught);
    CU_ASSERT_STRING_EQUAL(engine_result(e)->reason_id, "tls13.ch.version");
    CU_ASSERT_EQUAL(engine_result(e)->aborted_by, SIM_ACTOR_SERVER);
    engine_free(e);

    e = tls13_engine(4, "leak-key", NULL);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(e)->completed);
    CU_ASSERT_EQUAL(engine_result(e)->forward_secrecy, SIM_FS_HELD);
    engine_free(e);

    e = tls13_engine(4, "hello-retry", NULL);
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_TRUE(engine_result(e)->completed);
    const struct sim_event *hrr = NULL;
    for (size_t i = 0; i < engine_event_count(e) && hrr == NULL; i++)
        if (engine_event(e, i)->kind == SIM_EV_WIRE &&
            strcmp(engine_event(e, i)->title, "HelloRetryRequest") == 0)
            hrr = engine_event(e, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hrr);
    CU_ASSERT_EQUAL(hrr->stage, 3);
    engine_free(e);

    e = tls13_engine(4, "cert", "expired");
    engine_goto(e, SIM_STAGE_COUNT);
    CU_ASSERT_STRING_EQUAL(engine_result(e)->cert_failed_id, "tls13.cert.validity");
    CU_ASSERT_STRING_EQUAL(engine_result(e)->reason_code, "certificate_expired");
    engine_free(e);
}

static void test_tls13_refuses(void)
{
    static const char *const refused[][2] = {
        {"mode", "transport"}, {"cipher", "aes256gcm"}, {"payload", "aes"},
        {"cert", "none"},      {"cert", "revoked"},     {"accept-bad-cert", "on"},
    };
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        sim_options_default(&o);
        CU_ASSERT_FATAL(sim_options_set(&o, "protocol", "tls13", err, sizeof err) == 0);
        CU_ASSERT_FATAL(sim_options_set(&o, refused[i][0], refused[i][1], err, sizeof err) == 0);
        err[0] = '\0';
        CU_ASSERT_EQUAL(engine_new(&o, &e, err, sizeof err), -1);
        CU_ASSERT_PTR_NULL(e);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, refused[i][0]));
    }
    sim_options_default(&o);
    CU_ASSERT_FATAL(sim_options_set(&o, "tamper", "6", err, sizeof err) == 0);
    CU_ASSERT_EQUAL(engine_new(&o, &e, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "protocol", "tls12", err, sizeof err), -1);
}

/* The result's words: every value named from its table, any other "?". */
static void test_result_words(void)
{
    CU_ASSERT_STRING_EQUAL(sim_reader_name(SIM_READER_NOBODY), "nobody");
    CU_ASSERT_STRING_EQUAL(sim_reader_name(SIM_READER_MALLORY), "Mallory");
    CU_ASSERT_STRING_EQUAL(sim_read_how_name(SIM_READ_CLEAR), "null_cipher");
    CU_ASSERT_STRING_EQUAL(sim_forward_secrecy_name(SIM_FS_BROKEN), "broken");
    CU_ASSERT_STRING_EQUAL(fact_outcome_name(FACT_NOT_CHECKED), "not_checked");
    CU_ASSERT_STRING_EQUAL(sim_reader_name((enum sim_reader)3), "?");
    CU_ASSERT_STRING_EQUAL(sim_read_how_name((enum sim_read_how)-1), "?");
    CU_ASSERT_STRING_EQUAL(fact_outcome_name((enum fact_outcome)99), "?");
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"all eight stages complete with real crypto", test_all_stages_complete},
        {"wire messages in order, fields tile each message", test_wire_messages_in_order},
        {"same seed gives the same bytes, another seed not", test_same_seed_same_bytes},
        {"unseeded runs differ yet replay themselves", test_unseeded_runs_differ},
        {"stepping back then forward equals a straight run",
         test_back_then_forward_equals_straight_run},
        {"option values are checked", test_options},
        {"message and host reach the server, never in clear", test_message_and_host_reach_the_server},
        {"AES-256-GCM where the CPU has it", test_aes_when_available},
        {"TLS 1.3: every stage, every record, completed", test_tls13_completes},
        {"TLS 1.3: going back replays the same run", test_tls13_replays},
        {"TLS 1.3: a flipped bit in every flight is caught", test_tls13_tamper_every_flight},
        {"TLS 1.3: MITM, downgrade, leaked key, expired certificate", test_tls13_attacks},
        {"TLS 1.3: teaching-only options are refused", test_tls13_refuses},
        {"the result's values have their words, others \"?\"", test_result_words},
        {NULL, NULL},
    };
    return unit_run("engine", tests);
}
