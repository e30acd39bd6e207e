/*
 * test_flow.c - the eight-stage flow's two drivers talking in memory: the
 * modes, the certificate what-ifs, whom the client trusts, bytes fed one at
 * a time, a server fed garbage, and the log a dashboard keeps of each
 * connection, bounded, and of the ended ones the roster keeps.
 */
#define _GNU_SOURCE
#include "base/crypt.h"
#include "base/fileio.h"
#include "engine/engine.h"
#include "net/flow_client.h"
#include "net/flow_hub.h"
#include "net/flow_server.h"
#include "pki/certdir.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct certdir set;
static char set_dir[] = "/tmp/tlssim-test-flow-XXXXXX";
static struct crypt_rng rng;

/* Make a `tlssim files` set on disk and load it, as serve does. */
static void load_set(void)
{
    struct certdir_spec spec = {.host = "www.example.com", .now = (int64_t)time(NULL)};
    struct certdir_set made;
    struct fileio_out outs[CERTDIR_FILES_MAX];
    char err[CERTDIR_ERR_MAX];

    crypt_rng_from_number(&rng, 7);
    crypt_rng_use(&rng);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(set_dir));
    CU_ASSERT_EQUAL_FATAL(certdir_make(&spec, &made, err, sizeof err), 0);
    for (size_t i = 0; i < made.count; i++)
        outs[i] = (struct fileio_out){made.files[i].name, made.files[i].text.data,
                                      made.files[i].text.len, made.files[i].secret ? 0600 : 0644};
    CU_ASSERT_EQUAL_FATAL(fileio_write_set(set_dir, outs, made.count, false, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(certdir_load(set_dir, &set, err, sizeof err), 0);
    for (size_t i = 0; i < made.count; i++) {
        char *path = xasprintf("%s/%s", set_dir, outs[i].name);
        unlink(path);
        free(path);
    }
    certdir_set_free(&made);
    rmdir(set_dir);
}

/* Hand each side's output to the other, step bytes at a time, until both
 * are over or nothing moves. */
static void pump(struct flow_client *fc, struct flow_server *fs, size_t step)
{
    for (int round = 0; round < 100000; round++) {
        struct bytes *co = flow_client_out(fc), *so = flow_server_out(fs);
        if (co->len == 0 && so->len == 0)
            return;
        size_t n = co->len < step ? co->len : step;
        if (n > 0) {
            flow_server_feed(fs, co->data, n);
            memmove(co->data, co->data + n, co->len - n);
            co->len -= n;
        }
        n = so->len < step ? so->len : step;
        if (n > 0) {
            flow_client_feed(fc, so->data, n);
            memmove(so->data, so->data + n, so->len - n);
            so->len -= n;
        }
    }
}

/* One connection with settings; the client trusts the set's CA (--ca). */
static void run(const struct flow_settings *settings, size_t step, struct flow_client **fc,
                struct flow_server **fs)
{
    struct flow_client_config cfg = {.name = "Ada", .ca_der = set.ca_cert.data,
                                     .ca_len = set.ca_cert.len, .clock = (int64_t)time(NULL)};

    *fs = flow_server_new(&set, settings, (int64_t)time(NULL));
    *fc = flow_client_new(&cfg);
    pump(*fc, *fs, step);
}

/* The length of the whole frame at f (header and payload). */
static size_t frame_len(const uint8_t *f)
{
    return NET_FRAME_HEADER_BYTES + ((size_t)f[2] << 24 | (size_t)f[3] << 16 |
                                     (size_t)f[4] << 8 | f[5]);
}

/* As pump, but the server's first FLIGHT (its ServerHello) reaches the
 * client twice (duplicate) or after the FLIGHT that follows it, as a
 * faulty network would pass it. */
static void pump_with_fault(struct flow_client *fc, struct flow_server *fs, bool duplicate)
{
    bool done = false;

    for (int round = 0; round < 1000; round++) {
        struct bytes *co = flow_client_out(fc), *so = flow_server_out(fs);
        if (co->len == 0 && so->len == 0)
            return;
        flow_server_feed(fs, co->data, co->len);
        co->len = 0;
        for (size_t at = 0; at + NET_FRAME_HEADER_BYTES <= so->len;) {
            const uint8_t *f = so->data + at;
            size_t len = frame_len(f);
            if (!done && f[1] == NET_FRAME_FLIGHT) {
                done = true;
                flow_client_feed(fc, duplicate ? f : f + len,
                                 duplicate ? len : frame_len(f + len));
                flow_client_feed(fc, f, len);
                if (!duplicate)
                    len += frame_len(f + len);
            } else {
                flow_client_feed(fc, f, len);
            }
            at += len;
        }
        so->len = 0;
    }
}

/* A ServerHello that arrives twice, or after the Certificate, ends the
 * connection on both sides with the reason. */
static void test_repeated_or_swapped_message(void)
{
    struct flow_client_config cfg = {.name = "Ada", .ca_der = set.ca_cert.data,
                                     .ca_len = set.ca_cert.len, .clock = (int64_t)time(NULL)};
    struct flow_settings s;
    bool remote = false;

    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    for (int duplicate = 0; duplicate < 2; duplicate++) {
        struct flow_server *fs = flow_server_new(&set, &s, (int64_t)time(NULL));
        struct flow_client *fc = flow_client_new(&cfg);
        pump_with_fault(fc, fs, duplicate);
        CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_FAILED);
        CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_FAILED);
        unit_expect_contains(flow_client_reason(fc, NULL), "arrived twice or out of order");
        unit_expect_contains(flow_client_reason(fc, NULL),
                             duplicate ? "ServerHello of stage 3" : "Certificate of stage 3");
        unit_expect_contains(flow_server_reason(fs, &remote), "arrived twice or out of order");
        CU_ASSERT_TRUE(remote);
        flow_client_free(fc);
        flow_server_free(fs);
    }
}

static void test_modes_complete(void)
{
    struct flow_settings s;
    struct flow_client *fc;
    struct flow_server *fs;

    for (int i = 0; i < 4; i++) {
        flow_settings_default(&s);
        memcpy(s.host, set.host, sizeof s.host);
        s.mode = i & 1 ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
        s.finished = (i & 2) != 0;
        run(&s, 1 << 20, &fc, &fs);
        CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_COMPLETED);
        CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_COMPLETED);
        CU_ASSERT_EQUAL(flow_client_stages_done(fc), 8);
        unit_expect_contains(flow_client_reply(fc), s.reply);
        CU_ASSERT_STRING_EQUAL(flow_server_name(fs), "Ada");
        flow_client_free(fc);
        flow_server_free(fs);
    }
}

static void test_one_byte_at_a_time(void)
{
    struct flow_settings s;
    struct flow_client *fc;
    struct flow_server *fs;

    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    s.mode = SIM_MODE_EPHEMERAL;
    s.finished = true;
    run(&s, 1, &fc, &fs);
    CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_COMPLETED);
    CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_COMPLETED);
    flow_client_free(fc);
    flow_server_free(fs);
}

static void test_cert_whatifs_fail_at_stage_3(void)
{
    static const struct {
        enum sim_cert kind;
        const char *says;
    } cases[] = {
        {SIM_CERT_EXPIRED, "expired"},
        {SIM_CERT_WRONG_NAME, "www.example.com"},
        {SIM_CERT_SELF_SIGNED, "self-signed"},
        {SIM_CERT_UNTRUSTED, "trust"},
    };
    struct flow_settings s;
    struct flow_client *fc;
    struct flow_server *fs;
    bool remote;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        flow_settings_default(&s);
        memcpy(s.host, set.host, sizeof s.host);
        s.cert = cases[i].kind;
        run(&s, 1 << 20, &fc, &fs);
        CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_FAILED);
        CU_ASSERT_EQUAL(flow_client_stage(fc), 3);
        unit_expect_contains(flow_client_reason(fc, &remote), cases[i].says);
        CU_ASSERT(!remote);
        CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_FAILED);
        CU_ASSERT_STRING_EQUAL(flow_server_reason(fs, &remote), flow_client_reason(fc, NULL));
        CU_ASSERT(remote);
        flow_client_free(fc);
        flow_server_free(fs);
    }
}

static void test_trust_on_first_use(void)
{
    struct flow_settings s;
    char hex[FLOW_FINGERPRINT_HEX + 1], pretty[96];
    bool remote;

    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    flow_fingerprint(set.ca_cert.data, set.ca_cert.len, hex);
    flow_fingerprint_pretty(hex, pretty);
    CU_ASSERT(flow_fingerprint_matches(pretty, hex));
    CU_ASSERT(!flow_fingerprint_matches("00:11", hex));
    for (int answer = 0; answer < 2; answer++) {
        struct flow_client_config cfg = {.name = "Bo", .clock = (int64_t)time(NULL)};
        struct flow_server *fs = flow_server_new(&set, &s, (int64_t)time(NULL));
        struct flow_client *fc = flow_client_new(&cfg);
        pump(fc, fs, 1 << 20);
        CU_ASSERT_EQUAL_FATAL(flow_client_state(fc), FLOW_CLIENT_DECIDE_TRUST);
        CU_ASSERT_STRING_EQUAL(flow_client_offered_fingerprint(fc), hex);
        flow_client_decide_trust(fc, answer == 1);
        pump(fc, fs, 1 << 20);
        CU_ASSERT_EQUAL(flow_client_state(fc), answer ? FLOW_CLIENT_COMPLETED : FLOW_CLIENT_FAILED);
        CU_ASSERT_EQUAL(flow_server_state(fs), answer ? FLOW_SERVER_COMPLETED : FLOW_SERVER_FAILED);
        if (!answer)
            unit_expect_contains(flow_server_reason(fs, &remote), "fingerprint");
        flow_client_free(fc);
        flow_server_free(fs);
    }
    /* a fingerprint given in advance that does not match */
    struct flow_client_config cfg = {.name = "Cy", .ca_fingerprint = "AB:CD",
                                     .clock = (int64_t)time(NULL)};
    struct flow_server *fs = flow_server_new(&set, &s, (int64_t)time(NULL));
    struct flow_client *fc = flow_client_new(&cfg);
    pump(fc, fs, 1 << 20);
    CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_FAILED);
    unit_expect_contains(flow_client_reason(fc, NULL), "--ca-fingerprint");
    flow_client_free(fc);
    flow_server_free(fs);
}

static void test_server_refuses_bad_peers(void)
{
    struct flow_settings s;
    struct bytes b = {0};
    struct flow_server *fs;
    bool remote;

    flow_settings_default(&s);
    /* a huge length prefix: refused at the header */
    fs = flow_server_new(&set, &s, 0);
    static const uint8_t huge[] = {1, NET_FRAME_FLIGHT, 0x7f, 0xff, 0xff, 0xff};
    flow_server_feed(fs, huge, sizeof huge);
    CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_FAILED);
    unit_expect_contains(flow_server_reason(fs, &remote), "the most is");
    CU_ASSERT(!remote);
    CU_ASSERT(flow_server_out(fs)->len > 0);   /* the BYE */
    flow_server_free(fs);
    /* a FLIGHT before HELLO */
    fs = flow_server_new(&set, &s, 0);
    static const uint8_t msg[] = {1, 0, 0, 0};
    flow_flight_encode(&b, 2, false, msg, sizeof msg);
    flow_server_feed(fs, b.data, b.len);
    CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_FAILED);
    unit_expect_contains(flow_server_reason(fs, NULL), "HELLO first");
    flow_server_free(fs);
    /* a follower's HELLO */
    fs = flow_server_new(&set, &s, 0);
    bytes_free(&b);
    struct bytes hello = {0};
    net_hello_encode(&hello, NET_ROLE_FOLLOWER, "Di");
    net_frame_encode(&b, NET_FRAME_HELLO, hello.data, hello.len);
    flow_server_feed(fs, b.data, b.len);
    CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_FAILED);
    unit_expect_contains(flow_server_reason(fs, NULL), "tlssim connect");
    flow_server_free(fs);
    bytes_free(&hello);
    bytes_free(&b);
}

static void test_flight_decode_limits(void)
{
    struct bytes b = {0};
    const uint8_t *msg;
    size_t len;
    int stage;
    bool more;
    char err[FLOW_ERR_MAX];
    static const uint8_t body[] = {23, 0, 0, 2, 'h', 'i'};

    flow_flight_encode(&b, 7, true, body, sizeof body);
    CU_ASSERT_EQUAL(flow_flight_decode(b.data + 6, b.len - 6, &stage, &more, &msg, &len, err,
                                       sizeof err), 0);
    CU_ASSERT_EQUAL(stage, 7);
    CU_ASSERT(more);
    CU_ASSERT_EQUAL(len, sizeof body);
    b.data[6] = 9;   /* no stage 9 */
    CU_ASSERT_EQUAL(flow_flight_decode(b.data + 6, b.len - 6, &stage, &more, &msg, &len, err,
                                       sizeof err), -1);
    b.data[6] = 7;
    b.data[6 + 2 + 3] = 3;   /* the message says 3 bytes, carries 2 */
    CU_ASSERT_EQUAL(flow_flight_decode(b.data + 6, b.len - 6, &stage, &more, &msg, &len, err,
                                       sizeof err), -1);
    unit_expect_contains(err, "carries 2");
    bytes_free(&b);
}

static void test_settings_round_trip(void)
{
    struct flow_settings a, b;
    struct bytes out = {0};
    char err[FLOW_ERR_MAX];

    flow_settings_default(&a);
    a.mode = SIM_MODE_EPHEMERAL;
    a.finished = true;
    snprintf(a.host, sizeof a.host, "shop.example.org");
    flow_settings_encode(&a, &out);
    bytes_append(&out, "future setting\n", 15);
    CU_ASSERT_EQUAL(flow_settings_decode(out.data, out.len, &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL(b.mode, SIM_MODE_EPHEMERAL);
    CU_ASSERT(b.finished);
    CU_ASSERT_STRING_EQUAL(b.host, "shop.example.org");
    CU_ASSERT_STRING_EQUAL(b.reply, a.reply);
    out.len = 0;
    bytes_append(&out, "mode sideways\n", 14);
    CU_ASSERT_EQUAL(flow_settings_decode(out.data, out.len, &b, err, sizeof err), -1);
    unit_expect_contains(err, "mode");
    out.len = 0;
    bytes_append(&out, "mode transport\n", 15);
    CU_ASSERT_EQUAL(flow_settings_decode(out.data, out.len, &b, err, sizeof err), -1);
    unit_expect_contains(err, "lack");
    bytes_free(&out);
}

/* The first event of r's log from actor of kind whose title contains
 * fragment (NULL: any title), or NULL. */
static const struct sim_event *find_event(const struct flow_record *r, enum sim_actor actor,
                                          enum sim_event_kind kind, const char *fragment)
{
    for (size_t i = 0; i < r->log.count; i++) {
        const struct sim_event *ev = &r->log.events[i];
        if (ev->actor == actor && ev->kind == kind &&
            (fragment == NULL || (ev->title != NULL && strstr(ev->title, fragment) != NULL)))
            return ev;
    }
    return NULL;
}

static void test_record_kept_only_when_asked(void)
{
    struct flow_settings s;
    struct flow_client_config cfg = {.name = "Ada", .ca_der = set.ca_cert.data,
                                     .ca_len = set.ca_cert.len, .clock = (int64_t)time(NULL)};
    struct flow_client *fc;
    struct flow_server *fs;

    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    run(&s, 1 << 20, &fc, &fs);
    CU_ASSERT_PTR_NULL(flow_server_record(fs));   /* --plain and the bench keep nothing */
    CU_ASSERT_PTR_NULL(flow_server_take_record(fs));
    flow_client_free(fc);
    flow_server_free(fs);

    fs = flow_server_new(&set, &s, (int64_t)time(NULL));
    flow_server_keep(fs, FLOW_RECORD_CAP);
    fc = flow_client_new(&cfg);
    pump(fc, fs, 1 << 20);
    CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_COMPLETED);
    const struct flow_record *r = flow_server_record(fs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_FALSE(r->truncated);
    CU_ASSERT_EQUAL(r->settings.mode, s.mode);
    /* the server's own knowledge, its secret included */
    const struct sim_event *key = find_event(r, SIM_ACTOR_SERVER, SIM_EV_KNOWS, "private key");
    CU_ASSERT_PTR_NOT_NULL(key);
    CU_ASSERT(key != NULL && key->secret && key->len > 0);
    /* each client message as it arrived, and the server's own */
    const struct sim_event *hello = find_event(r, SIM_ACTOR_CLIENT, SIM_EV_WIRE, "ClientHello");
    CU_ASSERT_PTR_NOT_NULL_FATAL(hello);
    unit_expect_contains(hello->title, "as it arrived from the remote client");
    CU_ASSERT_EQUAL(hello->stage, 2);
    CU_ASSERT_EQUAL(hello->peer, SIM_ACTOR_SERVER);
    CU_ASSERT(hello->field_count > 0);
    CU_ASSERT_PTR_NOT_NULL(find_event(r, SIM_ACTOR_SERVER, SIM_EV_WIRE, "ServerHello"));
    CU_ASSERT_PTR_NOT_NULL(find_event(r, SIM_ACTOR_CLIENT, SIM_EV_WIRE, "ApplicationData"));
    int last_stage = 0;
    for (size_t i = 0; i < r->log.count; i++)
        last_stage = r->log.events[i].stage > last_stage ? r->log.events[i].stage : last_stage;
    CU_ASSERT_EQUAL(last_stage, 8);
    CU_ASSERT(flow_record_bytes(r) <= FLOW_RECORD_CAP);
    /* as an observed engine takes it: stage by stage, each between the
     * slots of its narration and its real-TLS note */
    struct sim_log staged = {0};
    CU_ASSERT_EQUAL(flow_record_staged(r, &staged), 8);
    CU_ASSERT_EQUAL(staged.count, r->log.count + 2 * 8);
    int stage = 0;
    for (size_t i = 0; i < staged.count; i++) {
        const struct sim_event *ev = &staged.events[i];
        CU_ASSERT(ev->stage == stage || (ev->stage == stage + 1 &&
                                         ev->kind == SIM_EV_NARRATION));
        stage = ev->stage;
        if (i + 1 == staged.count || staged.events[i + 1].stage != stage)
            CU_ASSERT_EQUAL(ev->kind, SIM_EV_REAL_TLS);
    }
    log_free(&staged);
    /* the record outlives the connection once taken over */
    struct flow_record *taken = flow_server_take_record(fs);
    CU_ASSERT_PTR_EQUAL(taken, r);
    CU_ASSERT_PTR_NULL(flow_server_record(fs));
    flow_server_free(fs);
    CU_ASSERT(taken->log.count > 10);
    flow_record_free(taken);
    flow_client_free(fc);
}

static void test_record_bound(void)
{
    struct flow_settings s;
    struct flow_client_config cfg = {.name = "Ada", .ca_der = set.ca_cert.data,
                                     .ca_len = set.ca_cert.len, .clock = (int64_t)time(NULL)};
    const size_t cap = 1024;

    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    struct flow_server *fs = flow_server_new(&set, &s, (int64_t)time(NULL));
    flow_server_keep(fs, cap);
    struct flow_client *fc = flow_client_new(&cfg);
    pump(fc, fs, 1 << 20);
    /* the cap cuts the log, never the connection */
    CU_ASSERT_EQUAL(flow_server_state(fs), FLOW_SERVER_COMPLETED);
    const struct flow_record *r = flow_server_record(fs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_TRUE(r->truncated);
    CU_ASSERT_FATAL(r->log.count > 0);
    const struct sim_event *last = &r->log.events[r->log.count - 1];
    unit_expect_contains(last->text, "log truncated");
    size_t truncations = 0;
    for (size_t i = 0; i < r->log.count; i++)
        truncations += r->log.events[i].text != NULL &&
                       strstr(r->log.events[i].text, "log truncated") != NULL;
    CU_ASSERT_EQUAL(truncations, 1);
    /* nothing after the HELLO's frame was kept: no stage past the first */
    CU_ASSERT_PTR_NULL(find_event(r, SIM_ACTOR_CLIENT, SIM_EV_WIRE, "ClientHello"));
    size_t bytes = log_bytes(&r->log);
    flow_server_free(fs);
    flow_client_free(fc);

    /* a cap that a whole connection stays under keeps it all */
    fs = flow_server_new(&set, &s, (int64_t)time(NULL));
    flow_server_keep(fs, FLOW_RECORD_CAP);
    fc = flow_client_new(&cfg);
    pump(fc, fs, 1 << 20);
    CU_ASSERT_FALSE(flow_server_record(fs)->truncated);
    CU_ASSERT(log_bytes(&flow_server_record(fs)->log) > bytes);
    flow_server_free(fs);
    flow_client_free(fc);
}

/* The narration the observed engine writes for stage of a server's record. */
static char *server_narration(const struct flow_record *r, int stage, unsigned *claims)
{
    struct sim_options opts;
    struct sim_log staged = {0};
    char *text = NULL;

    flow_settings_to_options(&r->settings, &opts);
    struct engine *e = engine_new_observed(&opts, SIM_ACTOR_SERVER);
    engine_observe(e, &staged, flow_record_staged(r, &staged), NULL);
    engine_goto(e, stage);
    for (size_t i = 0; i < engine_event_count(e); i++) {
        const struct sim_event *ev = engine_event(e, i);
        if (ev->stage == stage && ev->kind == SIM_EV_NARRATION) {
            text = xstrdup(ev->text);
            *claims = ev->claims;
        }
    }
    engine_free(e);
    log_free(&staged);
    return text != NULL ? text : xstrdup("");
}

/* The server's side knows how it came by its key, which the client cannot:
 * stage 1's narration says how, by the what-if it ran. */
static void test_server_side_narration(void)
{
    struct flow_settings s;
    struct flow_client_config cfg = {.name = "Ada", .ca_der = set.ca_cert.data,
                                     .ca_len = set.ca_cert.len, .clock = (int64_t)time(NULL)};
    static const struct {
        enum sim_cert cert;
        const char *says;
        unsigned claims;
    } cases[] = {
        {SIM_CERT_CA, "loads its private key from private.key", CLAIM_KEY_LOADED},
        {SIM_CERT_EXPIRED, "a certificate authority on this machine issues", CLAIM_CA_ISSUED},
        {SIM_CERT_SELF_SIGNED, "signs a certificate for its own name", CLAIM_KEY_MADE},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        flow_settings_default(&s);
        memcpy(s.host, set.host, sizeof s.host);
        s.cert = cases[i].cert;
        struct flow_server *fs = flow_server_new(&set, &s, (int64_t)time(NULL));
        struct flow_client *fc = flow_client_new(&cfg);
        flow_server_keep(fs, FLOW_RECORD_CAP);
        pump(fc, fs, 1 << 20);
        unsigned claims = 0;
        char *text = server_narration(flow_server_record(fs), 1, &claims);
        unit_expect_contains(text, cases[i].says);
        CU_ASSERT_PTR_NULL(strstr(text, "cannot see how"));
        CU_ASSERT_TRUE(claims & cases[i].claims);
        free(text);
        flow_client_free(fc);
        flow_server_free(fs);
    }
}

/* One turn of a hub's loop, as serve runs it. */
static void hub_turn(struct flow_hub *h)
{
    struct pollfd pfds[4];
    int64_t wait = 20;
    size_t n = flow_hub_poll_fill(h, pfds, net_now_ms(), &wait);

    (void)poll(pfds, n, (int)wait);
    flow_hub_serve(h, pfds, n, net_now_ms());
}

/* Hand the hub a new connection with id over a socket pair; returns the
 * client's end. */
static int hub_connect(struct flow_hub *h, unsigned id)
{
    int sv[2];
    char prefix[32];

    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    CU_ASSERT_EQUAL_FATAL(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
    snprintf(prefix, sizeof prefix, "#%u", id);
    flow_hub_take(h, sv[1], prefix, id, net_now_ms());
    return sv[0];
}

/* A whole handshake of a client through the hub, over a socket pair. */
static void hub_handshake(struct flow_hub *h, unsigned id)
{
    struct flow_client_config cfg = {.name = "Grace", .ca_der = set.ca_cert.data,
                                     .ca_len = set.ca_cert.len, .clock = (int64_t)time(NULL)};
    struct flow_client *fc = flow_client_new(&cfg);
    int fd = hub_connect(h, id);

    for (int turn = 0; turn < 2000 && flow_hub_open(h) > 0; turn++) {
        struct bytes *out = flow_client_out(fc);
        if (out->len > 0) {
            CU_ASSERT_EQUAL_FATAL(write(fd, out->data, out->len), (ssize_t)out->len);
            out->len = 0;
        }
        hub_turn(h);
        uint8_t buf[4096];
        ssize_t n;
        while ((n = recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0)
            flow_client_feed(fc, buf, (size_t)n);
    }
    CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_COMPLETED);
    close(fd);
    flow_client_free(fc);
}

static void test_hub_keeps_recent_records(void)
{
    struct flow_settings s;
    struct flow_hub h;

    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    flow_hub_init(&h, &set, &s, 2, 10000, false, NULL);
    h.record_cap = FLOW_RECORD_CAP;
    hub_handshake(&h, 1);
    const struct flow_record *r = flow_hub_record(&h, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NOT_NULL(find_event(r, SIM_ACTOR_CLIENT, SIM_EV_WIRE, "ClientHello"));
    CU_ASSERT_EQUAL(flow_hub_recent(&h, 0)->outcome, FLOW_OUTCOME_COMPLETED);
    /* the roster keeps FLOW_HUB_RECENT ended connections, and their logs
     * leave with them */
    for (unsigned id = 2; id <= FLOW_HUB_RECENT + 1; id++) {
        close(hub_connect(&h, id));
        for (int turn = 0; turn < 100 && flow_hub_open(&h) > 0; turn++)
            hub_turn(&h);
        CU_ASSERT_EQUAL(flow_hub_open(&h), 0);
    }
    CU_ASSERT_PTR_NULL(flow_hub_record(&h, 1));
    r = flow_hub_record(&h, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const struct sim_event *end = find_event(r, SIM_ACTOR_SERVER, SIM_EV_ACTION, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    unit_expect_contains(end->text, "ends the connection: the client closed the connection");
    CU_ASSERT_PTR_NOT_NULL(flow_hub_record(&h, FLOW_HUB_RECENT + 1));
    CU_ASSERT_PTR_NULL(flow_hub_record(&h, FLOW_HUB_RECENT + 2));
    flow_hub_free(&h, "the test ends");

    /* without a dashboard nothing is kept */
    flow_hub_init(&h, &set, &s, 2, 10000, false, NULL);
    hub_handshake(&h, 1);
    CU_ASSERT_PTR_NULL(flow_hub_record(&h, 1));
    CU_ASSERT_EQUAL(flow_hub_recent(&h, 0)->outcome, FLOW_OUTCOME_COMPLETED);
    flow_hub_free(&h, "the test ends");
}

static void test_all(void)
{
    load_set();
    test_modes_complete();
    test_one_byte_at_a_time();
    test_repeated_or_swapped_message();
    test_cert_whatifs_fail_at_stage_3();
    test_trust_on_first_use();
    test_server_refuses_bad_peers();
    test_record_kept_only_when_asked();
    test_record_bound();
    test_hub_keeps_recent_records();
    test_server_side_narration();
    certdir_free(&set);
    crypt_rng_use(NULL);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"FLIGHT payloads: stage, more, a whole message", test_flight_decode_limits},
        {"WELCOME settings round trip; bad and missing lines", test_settings_round_trip},
        {"client and server drivers in memory: modes, what-ifs, trust, bad peers, kept logs", test_all},
        {NULL, NULL},
    };
    return unit_run("flow", tests);
}
