/*
 * test_whatif.c - the what-ifs: every outcome comes from a real
 * cryptographic result, measured by the engine and checked here.
 */
#include "base/crypt.h"
#include "engine/engine.h"
#include "engine/record.h"
#include "unit.h"
#include "engine/wire.h"

#include <stdio.h>
#include <string.h>

/* Run a seeded engine to the end with options set by name ("name=value"
 * pairs, NULL-terminated); returns the engine (the caller frees it). */
static struct engine *run(const char *const *settings)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    sim_options_default(&o);
    o.seeded = true;
    o.seed = 42;
    for (size_t i = 0; settings[i] != NULL; i++) {
        char name[64];
        const char *eq = strchr(settings[i], '=');
        size_t n = eq ? (size_t)(eq - settings[i]) : strlen(settings[i]);
        snprintf(name, sizeof name, "%.*s", (int)n, settings[i]);
        CU_ASSERT_EQUAL_FATAL(sim_options_set(&o, name, eq ? eq + 1 : NULL, err, sizeof err), 0);
    }
    CU_ASSERT_FATAL(engine_new(&o, &e, err, sizeof err) == 0);
    engine_goto(e, SIM_STAGE_COUNT);
    return e;
}

/* The outcome a scenario must have. */
struct expected {
    bool completed;
    int aborted_at;             /* 0 when it completes */
    bool tamper_detected;
    bool eve_read;
    const char *reason_part;    /* a phrase the reason must hold, or NULL */
};

static void check_outcome(const char *const *settings, struct expected want)
{
    struct engine *e = run(settings);
    const struct sim_result *r = engine_result(e);

    CU_ASSERT_EQUAL(r->completed, want.completed);
    CU_ASSERT_EQUAL(r->aborted, !want.completed);
    CU_ASSERT_EQUAL(r->aborted_at, want.aborted_at);
    CU_ASSERT_EQUAL(r->tamper_detected, want.tamper_detected);
    CU_ASSERT_EQUAL(r->eve_read_plaintext, want.eve_read);
    if (want.reason_part != NULL)
        CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, want.reason_part));
    if (r->completed != want.completed || r->aborted_at != want.aborted_at ||
        r->eve_read_plaintext != want.eve_read || r->tamper_detected != want.tamper_detected)
        printf("\n    scenario %s %s: completed=%d aborted_at=%d tamper=%d eve=%d (%s)\n",
               settings[0] ? settings[0] : "(default)",
               settings[0] && settings[1] ? settings[1] : "", r->completed, r->aborted_at,
               r->tamper_detected, r->eve_read_plaintext, r->reason);
    engine_free(e);
}

static void test_tamper_each_stage(void)
{
    check_outcome((const char *[]){"tamper=1", NULL},
                  (struct expected){false, 1, true, false, "refused"});
    check_outcome((const char *[]){"tamper=3", NULL},
                  (struct expected){false, 3, true, false, "ERR_CERT_INVALID"});
    check_outcome((const char *[]){"tamper=5", NULL},
                  (struct expected){false, 6, true, false, "wrapped session key"});
    check_outcome((const char *[]){"tamper=7", NULL},
                  (struct expected){false, 8, true, false, "does not verify"});
    check_outcome((const char *[]){"tamper=8", NULL},
                  (struct expected){false, 8, true, false, "reply"});
    /* The hellos are unprotected: the changed random only shows up as
     * mismatched keys at the first record; Finished catches it at once. */
    check_outcome((const char *[]){"tamper=2", NULL},
                  (struct expected){false, 8, true, false, NULL});
    check_outcome((const char *[]){"tamper=2", "finished", NULL},
                  (struct expected){false, 6, true, false, "Finished"});
    check_outcome((const char *[]){"tamper=7", "mode=ephemeral", NULL},
                  (struct expected){false, 8, true, false, NULL});
}

static void test_certificate_failures(void)
{
    check_outcome((const char *[]){"cert=ca", NULL}, (struct expected){true, 0, false, false, NULL});
    check_outcome((const char *[]){"cert=self-signed", NULL},
                  (struct expected){false, 3, false, false, "ERR_CERT_AUTHORITY_INVALID"});
    check_outcome((const char *[]){"cert=untrusted", NULL},
                  (struct expected){false, 3, false, false, "ERR_CERT_AUTHORITY_INVALID"});
    check_outcome((const char *[]){"cert=expired", NULL},
                  (struct expected){false, 3, false, false, "ERR_CERT_DATE_INVALID"});
    check_outcome((const char *[]){"cert=wrong-name", NULL},
                  (struct expected){false, 3, false, false, "ERR_CERT_COMMON_NAME_INVALID"});
    /* A bare key goes through unauthenticated; so does Mallory's swap of it. */
    check_outcome((const char *[]){"cert=none", NULL}, (struct expected){true, 0, false, false, NULL});
    /* a bare key with a flipped byte is no Ed25519 point: the reason says so */
    check_outcome((const char *[]){"cert=none", "tamper=3", NULL},
                  (struct expected){false, 3, true, false, "not a valid Ed25519 point"});
    check_outcome((const char *[]){"cert=none", "mitm", NULL},
                  (struct expected){true, 0, false, true, NULL});
    /* "Continue anyway" lets any of them through. */
    check_outcome((const char *[]){"cert=expired", "accept-bad-cert", NULL},
                  (struct expected){true, 0, false, false, NULL});
}

static void test_man_in_the_middle(void)
{
    check_outcome((const char *[]){"mitm", NULL},
                  (struct expected){false, 3, true, false, "not private"});
    /* The certificate checks catch the swap; the user overrides them. */
    check_outcome((const char *[]){"mitm", "accept-bad-cert", NULL},
                  (struct expected){true, 0, true, true, NULL});
    check_outcome((const char *[]){"mitm", "accept-bad-cert", "mode=ephemeral", NULL},
                  (struct expected){true, 0, true, true, NULL});
    check_outcome((const char *[]){"mitm", "accept-bad-cert", "finished", NULL},
                  (struct expected){true, 0, true, true, NULL});
    check_outcome((const char *[]){"mitm", "mode=ephemeral", NULL},
                  (struct expected){false, 3, true, false, NULL});
    /* The application's own layer keeps its data from Mallory all the same. */
    if (crypt_aead_available(CRYPT_AEAD_AES256GCM))
        check_outcome((const char *[]){"mitm", "accept-bad-cert", "payload=aes", NULL},
                      (struct expected){true, 0, true, false, NULL});
}

static void test_downgrade(void)
{
    check_outcome((const char *[]){"downgrade", NULL}, (struct expected){true, 0, false, true, NULL});
    check_outcome((const char *[]){"downgrade", "finished", NULL},
                  (struct expected){false, 6, true, false, "Finished"});
    check_outcome((const char *[]){"finished", NULL}, (struct expected){true, 0, false, false, NULL});
    check_outcome((const char *[]){"finished", "mode=ephemeral", NULL},
                  (struct expected){true, 0, false, false, NULL});
}

static void test_forward_secrecy_pair(void)
{
    check_outcome((const char *[]){"leak-key", NULL}, (struct expected){true, 0, false, true, NULL});
    check_outcome((const char *[]){"leak-key", "mode=ephemeral", NULL},
                  (struct expected){true, 0, false, false, NULL});
    check_outcome((const char *[]){"mode=ephemeral", NULL},
                  (struct expected){true, 0, false, false, NULL});
    if (crypt_aead_available(CRYPT_AEAD_AES256GCM))
        check_outcome((const char *[]){"leak-key", "payload=aes", NULL},
                      (struct expected){true, 0, false, false, NULL});
}

/* Every single-bit change of a sealed session key makes it fail to open. */
static void test_every_bit_of_the_wrap(void)
{
    struct crypt_rng rng;
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES], xsk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t key[32], opened[32], sealed[32 + CRYPT_SEAL_OVERHEADBYTES];
    size_t rejected = 0;

    crypt_rng_from_number(&rng, 7);
    crypt_rng_use(&rng);
    crypt_sign_keypair(pk, sk);
    CU_ASSERT_FATAL(crypt_sign_pk_to_x25519(xpk, pk) == 0);
    crypt_sign_sk_to_x25519(xsk, sk);
    crypt_random(key, sizeof key);
    CU_ASSERT_FATAL(crypt_seal(sealed, key, sizeof key, xpk) == 0);
    CU_ASSERT_FATAL(crypt_seal_open(opened, sealed, sizeof sealed, xpk, xsk) == 0);
    for (size_t bit = 0; bit < 8 * sizeof sealed; bit++) {
        sealed[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        if (crypt_seal_open(opened, sealed, sizeof sealed, xpk, xsk) != 0)
            rejected++;
        sealed[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    CU_ASSERT_EQUAL(rejected, 8 * sizeof sealed);
    crypt_rng_use(NULL);
}

/* Every single-bit change anywhere in an application-data record (header,
 * nonce, ciphertext, tag) makes it fail to open, for every suite. */
static void test_every_bit_of_a_record(void)
{
    static const uint16_t suite_ids[] = {0xff01, 0xff02, 0xff00};
    static const char msg[] = "GET /grades HTTP/1.1";
    struct crypt_rng rng;
    uint8_t key[CRYPT_AEAD_KEYBYTES];

    crypt_rng_from_number(&rng, 8);
    crypt_rng_use(&rng);
    crypt_random(key, sizeof key);
    for (size_t s = 0; s < sizeof suite_ids / sizeof suite_ids[0]; s++) {
        const struct wire_suite *suite = wire_suite_find(suite_ids[s]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(suite);
        if (!suite->null_cipher && !crypt_aead_available(suite->aead))
            continue;
        struct bytes frame = {0}, plain = {0};
        CU_ASSERT_FATAL(record_seal(&frame, suite, (const uint8_t *)msg, strlen(msg), key) == 0);
        CU_ASSERT_FATAL(record_open(&plain, suite, frame.data, frame.len, key) == 0);
        CU_ASSERT_STRING_EQUAL((const char *)plain.data, msg);
        bytes_free(&plain);
        size_t rejected = 0;
        for (size_t bit = 0; bit < 8 * frame.len; bit++) {
            frame.data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            if (record_open(&plain, suite, frame.data, frame.len, key) != 0)
                rejected++;
            bytes_free(&plain);
            frame.data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        CU_ASSERT_EQUAL(rejected, 8 * frame.len);
        bytes_free(&frame);
    }
    crypt_rng_use(NULL);
}

static void test_out_of_range_values(void)
{
    struct sim_options o;
    char err[SIM_OPTION_ERR_MAX];
    static const char *const bad_stages[] = {"0", "4", "9", "99", "-1", "x", ""};

    sim_options_default(&o);
    for (size_t i = 0; i < sizeof bad_stages / sizeof bad_stages[0]; i++)
        CU_ASSERT_EQUAL(sim_options_set(&o, "tamper", bad_stages[i], err, sizeof err), -1);
    /* Stage 6 sends something only in TLS 1.3 (its Finished): the teaching
     * flow refuses it when it is to run. */
    CU_ASSERT_EQUAL(sim_options_set(&o, "tamper", "6", err, sizeof err), 0);
    CU_ASSERT_EQUAL(sim_options_runnable(&o, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "protocol", "tls13", err, sizeof err), 0);
    CU_ASSERT_EQUAL(sim_options_runnable(&o, err, sizeof err), 0);
    sim_options_default(&o);
    CU_ASSERT_EQUAL(sim_options_set(&o, "mode", "quantum", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "ephemeral"));
    CU_ASSERT_EQUAL(sim_options_set(&o, "cert", "stolen", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "payload", "rot13", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "mitm", "maybe", err, sizeof err), -1);
    CU_ASSERT_EQUAL(sim_options_set(&o, "mitm", "off", err, sizeof err), 0);
    CU_ASSERT_FALSE(o.mitm);
    CU_ASSERT_EQUAL(sim_options_set(&o, "mitm", NULL, err, sizeof err), 0);
    CU_ASSERT_TRUE(o.mitm);

    /* Stage 5 of the ephemeral flow sends nothing that could be changed. */
    struct engine *e = NULL;
    sim_options_default(&o);
    o.mode = SIM_MODE_EPHEMERAL;
    o.tamper_stage = 5;
    CU_ASSERT_EQUAL(engine_new(&o, &e, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(e);

    /* Nor does stage 1 when no key is enrolled with a CA. */
    static const enum sim_cert no_enrolment[] = {SIM_CERT_NONE, SIM_CERT_SELF_SIGNED};
    for (size_t i = 0; i < sizeof no_enrolment / sizeof no_enrolment[0]; i++) {
        sim_options_default(&o);
        o.cert = no_enrolment[i];
        o.tamper_stage = 1;
        CU_ASSERT_EQUAL(engine_new(&o, &e, err, sizeof err), -1);
        CU_ASSERT_PTR_NULL(e);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "nothing is sent at stage 1"));
    }
}

/* The first check event with id in e's log, or NULL. */
static const struct sim_event *find_check(const struct engine *e, const char *id)
{
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->kind == SIM_EV_CHECK && strcmp(ev->check_id, id) == 0)
            return ev;
    }
    return NULL;
}

static void test_result_facts(void)
{
    struct engine *e = run((const char *[]){"tamper=7", NULL});
    const struct sim_result *r = engine_result(e);
    /* a record refused after a completed handshake is an alert */
    CU_ASSERT_TRUE(r->handshake_done);
    CU_ASSERT_TRUE(r->alert);
    CU_ASSERT_STRING_EQUAL(r->reason_id, "record.client_to_server");
    CU_ASSERT_STRING_EQUAL(r->reason_code, "bad_record_mac");
    CU_ASSERT_EQUAL(r->tamper_at, 7);
    CU_ASSERT_EQUAL(r->tamper_detected_at, 8);
    CU_ASSERT_EQUAL(r->aborted_by, SIM_ACTOR_SERVER);
    engine_free(e);

    e = run((const char *[]){"mitm", "accept-bad-cert", NULL});
    r = engine_result(e);
    CU_ASSERT_TRUE(r->cert_rejected);
    CU_ASSERT_TRUE(r->cert_overridden);
    CU_ASSERT_FALSE(r->server_authenticated);
    CU_ASSERT_EQUAL(r->reader, SIM_READER_MALLORY);
    CU_ASSERT_EQUAL(r->read_how, SIM_READ_MITM);
    const struct sim_event *ev = find_check(e, "mitm.wrap.open");
    CU_ASSERT_FATAL(ev != NULL);
    CU_ASSERT_FALSE(fact_good_for_user(ev->check_id, ev->outcome));
    engine_free(e);

    /* no trusted issuer: the signature is not checked, and not called invalid */
    e = run((const char *[]){"cert=self-signed", NULL});
    r = engine_result(e);
    CU_ASSERT_FALSE(r->alert);
    CU_ASSERT_STRING_EQUAL(r->reason_id, "cert.issuer");
    CU_ASSERT_STRING_EQUAL(r->reason_code, "self_signed");
    ev = find_check(e, "cert.signature");
    CU_ASSERT_FATAL(ev != NULL);
    CU_ASSERT_EQUAL(ev->outcome, FACT_NOT_CHECKED);
    engine_free(e);

    e = run((const char *[]){"downgrade", NULL});
    r = engine_result(e);
    CU_ASSERT_TRUE(r->downgraded);
    CU_ASSERT_FALSE(r->downgrade_caught);
    CU_ASSERT_EQUAL(r->read_how, SIM_READ_CLEAR);
    ev = find_check(e, "eve.read");
    CU_ASSERT_FATAL(ev != NULL);
    CU_ASSERT_FALSE(fact_good_for_user(ev->check_id, ev->outcome));
    engine_free(e);

    e = run((const char *[]){"leak-key", NULL});
    CU_ASSERT_EQUAL(engine_result(e)->forward_secrecy, SIM_FS_BROKEN);
    CU_ASSERT_EQUAL(engine_result(e)->read_how, SIM_READ_LEAKED_KEY);
    engine_free(e);
    e = run((const char *[]){"leak-key", "mode=ephemeral", NULL});
    CU_ASSERT_EQUAL(engine_result(e)->forward_secrecy, SIM_FS_HELD);
    ev = find_check(e, "eve.read");
    CU_ASSERT_FATAL(ev != NULL);
    CU_ASSERT_TRUE(fact_good_for_user(ev->check_id, ev->outcome));
    engine_free(e);
}

static void test_check_table(void)
{
    /* ids are unique and dotted; every check logged has a row */
    for (size_t i = 0; i < fact_check_count(); i++) {
        const struct fact_check *c = fact_check_at(i);
        CU_ASSERT_PTR_NOT_NULL(strchr(c->id, '.'));
        CU_ASSERT_PTR_EQUAL(fact_check_find(c->id), c);
    }
    CU_ASSERT_PTR_NULL(fact_check_find("cert.nonsense"));
    CU_ASSERT_TRUE(fact_good_for_user("wrap.open", FACT_PASS));
    CU_ASSERT_FALSE(fact_good_for_user("eve.read", FACT_PASS));
    CU_ASSERT_TRUE(fact_good_for_user("eve.read", FACT_FAIL));
    CU_ASSERT_FALSE(fact_good_for_user("cert.signature", FACT_NOT_CHECKED));
    CU_ASSERT_STRING_EQUAL(fact_browser_code("cert.validity"), "NET::ERR_CERT_DATE_INVALID");

    /* the engine loads no files: --certs without the loaded set is refused */
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];
    sim_options_default(&o);
    snprintf(o.certs_dir, sizeof o.certs_dir, "%s", "/nonexistent");
    CU_ASSERT_EQUAL(engine_new(&o, &e, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(e);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"tampering at each stage is caught by a real check", test_tamper_each_stage},
        {"certificate failure matrix", test_certificate_failures},
        {"man in the middle: rejected, or accepted and reading", test_man_in_the_middle},
        {"downgrade passes unnoticed unless Finished is on", test_downgrade},
        {"forward secrecy: a leaked key opens transport, not ephemeral", test_forward_secrecy_pair},
        {"every bit of the wrapped key is protected", test_every_bit_of_the_wrap},
        {"every bit of a record is protected", test_every_bit_of_a_record},
        {"out-of-range what-if values are refused", test_out_of_range_values},
        {"the result's facts: alert, reader, override, downgrade, forward secrecy",
         test_result_facts},
        {"check ids: unique, good or bad for the user; no file loading", test_check_table},
        {NULL, NULL},
    };
    return unit_run("whatif", tests);
}
