/*
 * test_net.c - classroom frames and the presenter's STATE: encoding,
 * cutting frames out of a stream fed in any pieces, every limit, the words
 * a frame carries made safe to print; and the wait of a poll() loop.
 */
#define _XOPEN_SOURCE 700 /* sigaction, setitimer */
#include "engine/engine.h"
#include "net/frame.h"
#include "net/frame_text.h"
#include "net/hub.h"
#include "net/present.h"
#include "net/net_wait.h"
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

/* Feed stream to a reader in pieces of step bytes and collect the types of
 * the frames it hands out; returns how many, or -1 on a reader error. */
static int read_in_pieces(const struct bytes *stream, size_t step, int *types, size_t max)
{
    struct net_reader r;
    struct net_frame f;
    char err[NET_FRAME_ERR_MAX];
    int count = 0, rc = 0;

    net_reader_init(&r);
    for (size_t at = 0; at < stream->len && rc >= 0; at += step) {
        size_t n = stream->len - at < step ? stream->len - at : step;
        net_reader_feed(&r, stream->data + at, n);
        while ((rc = net_reader_next(&r, &f, err, sizeof err)) == 1)
            if ((size_t)count < max)
                types[count++] = (int)f.type;
    }
    if (rc >= 0 && net_reader_pending(&r) != 0)
        rc = -1;
    net_reader_free(&r);
    return rc < 0 ? -1 : count;
}

static void test_frames_in_any_pieces(void)
{
    struct bytes stream = {0}, hello = {0};
    static const uint8_t bye[] = "the class is over";
    int types[8];

    net_hello_encode(&hello, NET_ROLE_FOLLOWER, "Ada");
    net_frame_encode(&stream, NET_FRAME_HELLO, hello.data, hello.len);
    net_frame_encode(&stream, NET_FRAME_PING, NULL, 0);
    net_frame_encode(&stream, NET_FRAME_BYE, bye, sizeof bye - 1);
    for (size_t step = 1; step <= stream.len; step++) {
        memset(types, 0, sizeof types);
        CU_ASSERT_EQUAL_FATAL(read_in_pieces(&stream, step, types, 8), 3);
        CU_ASSERT_EQUAL(types[0], NET_FRAME_HELLO);
        CU_ASSERT_EQUAL(types[1], NET_FRAME_PING);
        CU_ASSERT_EQUAL(types[2], NET_FRAME_BYE);
    }
    bytes_free(&stream);
    bytes_free(&hello);
}

/* The reader's answer to the bytes of one header (and nothing after it). */
static int header_answer(uint8_t version, uint8_t type, uint32_t len, char *err, size_t errlen)
{
    uint8_t h[NET_FRAME_HEADER_BYTES] = {version, type, (uint8_t)(len >> 24),
                                         (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len};
    struct net_reader r;
    struct net_frame f;

    net_reader_init(&r);
    net_reader_feed(&r, h, sizeof h);
    int rc = net_reader_next(&r, &f, err, errlen);
    net_reader_free(&r);
    return rc;
}

static void test_limits_refused_at_the_header(void)
{
    char err[NET_FRAME_ERR_MAX];

    CU_ASSERT_EQUAL(header_answer(NET_PROTOCOL_VERSION, NET_FRAME_STATE, NET_STATE_MAX, err,
                                  sizeof err), 0);
    CU_ASSERT_EQUAL(header_answer(NET_PROTOCOL_VERSION, NET_FRAME_STATE, NET_STATE_MAX + 1, err,
                                  sizeof err), -1);
    unit_expect_contains(err, "the most is 4096");
    CU_ASSERT_EQUAL(header_answer(NET_PROTOCOL_VERSION, NET_FRAME_STATE, 0xffffffffu, err,
                                  sizeof err), -1);
    CU_ASSERT_EQUAL(header_answer(NET_PROTOCOL_VERSION, NET_FRAME_PING, 1, err, sizeof err), -1);
    CU_ASSERT_EQUAL(header_answer(2, NET_FRAME_PING, 0, err, sizeof err), -1);
    unit_expect_contains(err, "version 2");
    CU_ASSERT_EQUAL(header_answer(NET_PROTOCOL_VERSION, 99, 0, err, sizeof err), -1);
    unit_expect_contains(err, "unknown type 99");
    CU_ASSERT_EQUAL(header_answer(NET_PROTOCOL_VERSION, 0, 0, err, sizeof err), -1);
    /* A TLS ClientHello's first bytes are no classroom frame. */
    CU_ASSERT_EQUAL(header_answer(0x16, 0x03, 0x01000000u, err, sizeof err), -1);
}

static void test_hello(void)
{
    struct bytes b = {0};
    enum net_role role;
    char name[NET_NAME_MAX + 1], err[NET_FRAME_ERR_MAX];

    net_hello_encode(&b, NET_ROLE_FOLLOWER, "Grace Hopper");
    CU_ASSERT_EQUAL(net_hello_decode(b.data, b.len, &role, name, err, sizeof err), 0);
    CU_ASSERT_EQUAL(role, NET_ROLE_FOLLOWER);
    CU_ASSERT_STRING_EQUAL(name, "Grace Hopper");
    b.data[b.len - 1] = 0x1b;
    CU_ASSERT_EQUAL(net_hello_decode(b.data, b.len, &role, name, err, sizeof err), -1);
    unit_expect_contains(err, "control character");
    b.data[0] = 'X';
    CU_ASSERT_EQUAL(net_hello_decode(b.data, b.len, &role, name, err, sizeof err), -1);
    bytes_free(&b);

    b = (struct bytes){0};
    net_hello_encode(&b, NET_ROLE_FOLLOWER, "");
    CU_ASSERT_EQUAL(net_hello_decode(b.data, b.len, &role, name, err, sizeof err), -1);
    bytes_free(&b);
    b = (struct bytes){0};
    net_hello_encode(&b, (enum net_role)7, "Ada");
    CU_ASSERT_EQUAL(net_hello_decode(b.data, b.len, &role, name, err, sizeof err), -1);
    bytes_free(&b);
}

static void test_state_round_trip(void)
{
    struct sim_options o, back;
    struct bytes b = {0};
    char err[NET_FRAME_ERR_MAX];
    int stage = -1;

    sim_options_default(&o);
    o.seeded = true;
    o.seed = 18446744073709551615u;
    o.mode = SIM_MODE_EPHEMERAL;
    o.cert = SIM_CERT_WRONG_NAME;
    o.tamper_stage = 7;
    o.mitm = true;
    o.finished = true;
    snprintf(o.message, sizeof o.message, "%s", "GET / HTTP/1.1 | Host: a \"quoted\" name");
    snprintf(o.certs_dir, sizeof o.certs_dir, "%s", "/home/teacher/certs");
    net_state_encode(&b, &o, 6);
    CU_ASSERT_EQUAL_FATAL(net_state_decode(b.data, b.len, &back, &stage, err, sizeof err), 0);
    CU_ASSERT_EQUAL(stage, 6);
    CU_ASSERT_EQUAL(back.seed, o.seed);
    CU_ASSERT(back.seeded);
    CU_ASSERT_EQUAL(back.mode, SIM_MODE_EPHEMERAL);
    CU_ASSERT_EQUAL(back.cert, SIM_CERT_WRONG_NAME);
    CU_ASSERT_EQUAL(back.tamper_stage, 7);
    CU_ASSERT(back.mitm && back.finished && !back.leak_key && !back.downgrade);
    CU_ASSERT_STRING_EQUAL(back.message, o.message);
    CU_ASSERT_STRING_EQUAL(back.certs_dir, "");   /* a presenter's folder is not sent */
    bytes_free(&b);

    /* A TLS 1.3 run reaches a follower runnable: no default mode is sent as given. */
    sim_options_default(&o);
    o.seeded = true;
    o.protocol = SIM_PROTOCOL_TLS13;
    net_state_encode(&b, &o, 3);
    CU_ASSERT_EQUAL_FATAL(net_state_decode(b.data, b.len, &back, &stage, err, sizeof err), 0);
    CU_ASSERT_EQUAL(back.protocol, SIM_PROTOCOL_TLS13);
    CU_ASSERT_EQUAL(sim_options_runnable(&back, err, sizeof err), 0);
    bytes_free(&b);
}

/* Decode text as a STATE payload; the return of net_state_decode. */
static int decode_text(const char *text, char *err, size_t errlen)
{
    struct sim_options o;
    int stage;

    return net_state_decode((const uint8_t *)text, strlen(text), &o, &stage, err, errlen);
}

static void test_state_refusals(void)
{
    char err[NET_FRAME_ERR_MAX];

    CU_ASSERT_EQUAL(decode_text("stage 3\nseed 1\n", err, sizeof err), 0);
    CU_ASSERT_EQUAL(decode_text("seed 1\nstage 3\n", err, sizeof err), -1);
    unit_expect_contains(err, "line 1 must give the stage");
    CU_ASSERT_EQUAL(decode_text("stage 9\nseed 1\n", err, sizeof err), -1);
    CU_ASSERT_EQUAL(decode_text("stage 3\n", err, sizeof err), -1);
    unit_expect_contains(err, "no seed");
    CU_ASSERT_EQUAL(decode_text("stage 3\nseed 1\ncerts /etc\n", err, sizeof err), -1);
    unit_expect_contains(err, "line 3");
    CU_ASSERT_EQUAL(decode_text("stage 3\nseed 1\nfrobnicate on\n", err, sizeof err), -1);
    unit_expect_contains(err, "unknown option 'frobnicate'");
    CU_ASSERT_EQUAL(decode_text("stage 3\nseed 1\nmode sideways\n", err, sizeof err), -1);
    unit_expect_contains(err, "mode wants one of");
    CU_ASSERT_EQUAL(decode_text("stage 3\nseed 1", err, sizeof err), -1);
    unit_expect_contains(err, "newline");
    CU_ASSERT_EQUAL(decode_text("", err, sizeof err), -1);
    CU_ASSERT_EQUAL(decode_text("stage 3\nseed\n", err, sizeof err), -1);
}

/* Everything the hub owes peer id, taken as sent, cut into frames; their
 * types in types (up to max) and how many, or -1 if the bytes are no
 * clean stream of frames.  The last STATE's stage goes to *last_stage. */
static int drain(struct net_hub *h, int id, int *types, size_t max, int *last_stage)
{
    const uint8_t *p;
    size_t n;
    struct bytes copy = {0};
    int count;

    net_hub_output(h, id, &p, &n);
    bytes_append(&copy, p, n);
    net_hub_sent(h, id, n);
    count = read_in_pieces(&copy, copy.len ? copy.len : 1, types, max);
    if (last_stage != NULL && count > 0) {
        struct net_reader r;
        struct net_frame f;
        struct sim_options o;
        char err[NET_FRAME_ERR_MAX];
        net_reader_init(&r);
        net_reader_feed(&r, copy.data, copy.len);
        while (net_reader_next(&r, &f, err, sizeof err) == 1)
            if (f.type == NET_FRAME_STATE)
                CU_ASSERT_EQUAL(net_state_decode(f.payload, f.len, &o, last_stage, err,
                                                 sizeof err), 0);
        net_reader_free(&r);
    }
    bytes_free(&copy);
    return count;
}

/* Send the hub a HELLO from peer id named name. */
static void say_hello(struct net_hub *h, int id, const char *name, int64_t now)
{
    struct bytes hello = {0}, frame = {0};

    net_hello_encode(&hello, NET_ROLE_FOLLOWER, name);
    net_frame_encode(&frame, NET_FRAME_HELLO, hello.data, hello.len);
    net_hub_received(h, id, frame.data, frame.len, now);
    bytes_free(&hello);
    bytes_free(&frame);
}

static struct sim_options seeded_options(void)
{
    struct sim_options o;

    sim_options_default(&o);
    o.seeded = true;
    o.seed = 42;
    return o;
}

static void test_hub_greets_and_publishes(void)
{
    struct net_hub h;
    struct sim_options o = seeded_options();
    int types[16], stage = -1;

    net_hub_init(&h, NULL, NULL, NULL);
    net_hub_publish(&h, &o, 2);
    CU_ASSERT_PTR_NOT_NULL(net_hub_add(&h, 5, "127.0.0.1", 0));
    CU_ASSERT_EQUAL(drain(&h, 5, types, 16, NULL), 0);   /* nothing before HELLO */
    say_hello(&h, 5, "Ada", 10);
    CU_ASSERT_EQUAL(net_hub_find(&h, 5)->state, NET_PEER_FOLLOWING);
    CU_ASSERT_STRING_EQUAL(net_hub_find(&h, 5)->name, "Ada");
    CU_ASSERT_EQUAL_FATAL(drain(&h, 5, types, 16, &stage), 2);
    CU_ASSERT_EQUAL(types[0], NET_FRAME_WELCOME);
    CU_ASSERT_EQUAL(types[1], NET_FRAME_STATE);
    CU_ASSERT_EQUAL(stage, 2);   /* a late joiner catches up at once */
    net_hub_publish(&h, &o, 3);
    CU_ASSERT_EQUAL(drain(&h, 5, types, 16, &stage), 1);
    CU_ASSERT_EQUAL(stage, 3);
    CU_ASSERT_EQUAL(net_hub_following(&h), 1);
    net_hub_free(&h);
}

/* Take n bytes of what the hub owes peer id as sent, keeping them in got. */
static void send_to(struct net_hub *h, int id, size_t n, struct bytes *got)
{
    const uint8_t *p;
    size_t owed;

    net_hub_output(h, id, &p, &owed);
    if (n > owed)
        n = owed;
    bytes_append(got, p, n);
    net_hub_sent(h, id, n);
}

static void test_hub_slow_follower_is_bounded(void)
{
    struct net_hub h;
    struct sim_options o = seeded_options();
    struct bytes got = {0};
    const uint8_t *p;
    size_t n;
    int types[64], stage = -1;

    net_hub_init(&h, NULL, NULL, NULL);
    net_hub_add(&h, 1, "::1", 0);
    net_hub_add(&h, 2, "::1", 0);
    say_hello(&h, 1, "slow", 0);
    say_hello(&h, 2, "quick", 0);
    send_to(&h, 1, 3, &got);   /* the slow one has begun its WELCOME only */
    for (int i = 0; i < 1000; i++) {
        net_hub_publish(&h, &o, i % 9);
        net_hub_output(&h, 1, &p, &n);
        CU_ASSERT_FATAL(n <= h.limits.out_limit + NET_STATE_MAX + NET_FRAME_HEADER_BYTES);
        if (i % 100 == 50)
            send_to(&h, 1, 7 + (size_t)i, &got);   /* now and then, a few bytes */
        if (i % 10 == 0)
            CU_ASSERT_EQUAL(drain(&h, 2, types, 64, NULL) > 0, 1);
    }
    CU_ASSERT(net_hub_find(&h, 1)->coalesced > 0);
    /* All the slow one ever got is a clean stream of frames that ends with
     * the latest run, and so is what the quick one got last. */
    net_hub_output(&h, 1, &p, &n);
    send_to(&h, 1, n, &got);
    CU_ASSERT(read_in_pieces(&got, 1, types, 64) > 2);
    CU_ASSERT_EQUAL(types[0], NET_FRAME_WELCOME);
    struct net_reader r;
    struct net_frame f;
    char err[NET_FRAME_ERR_MAX];
    net_reader_init(&r);
    net_reader_feed(&r, got.data, got.len);
    while (net_reader_next(&r, &f, err, sizeof err) == 1)
        if (f.type == NET_FRAME_STATE)
            CU_ASSERT_EQUAL(net_state_decode(f.payload, f.len, &o, &stage, err, sizeof err), 0);
    net_reader_free(&r);
    CU_ASSERT_EQUAL(stage, 999 % 9);
    stage = -1;
    CU_ASSERT(drain(&h, 2, types, 64, &stage) > 0);
    CU_ASSERT_EQUAL(stage, 999 % 9);
    bytes_free(&got);
    net_hub_free(&h);
}

static void test_hub_rules(void)
{
    struct net_hub_limits l = net_hub_default_limits();
    struct net_hub h;
    static const uint8_t garbage[] = "GET / HTTP/1.1\r\n\r\n";
    int types[8];

    l.max_peers = 3;
    net_hub_init(&h, &l, NULL, NULL);
    net_hub_add(&h, 1, "a", 0);
    net_hub_add(&h, 2, "b", 0);
    net_hub_add(&h, 3, "c", 0);
    CU_ASSERT_PTR_NULL(net_hub_add(&h, 4, "d", 0));
    say_hello(&h, 1, "Ada", 0);
    net_hub_received(&h, 2, garbage, sizeof garbage - 1, 0);
    CU_ASSERT_EQUAL(net_hub_find(&h, 2)->state, NET_PEER_CLOSING);
    unit_expect_contains(net_hub_find(&h, 2)->reason, "version 71");
    CU_ASSERT_EQUAL(drain(&h, 2, types, 8, NULL), 1);
    CU_ASSERT_EQUAL(types[0], NET_FRAME_BYE);
    CU_ASSERT_EQUAL(net_hub_find(&h, 2)->state, NET_PEER_CLOSED);
    CU_ASSERT_EQUAL(net_hub_find(&h, 1)->state, NET_PEER_FOLLOWING);

    /* Peer 3 says nothing: closed at the HELLO deadline.  Peer 1 goes
     * quiet: pinged, then closed when it does not answer. */
    drain(&h, 1, types, 8, NULL);
    net_hub_tick(&h, l.hello_timeout_ms);
    CU_ASSERT_EQUAL(net_hub_find(&h, 3)->state, NET_PEER_CLOSING);
    unit_expect_contains(net_hub_find(&h, 3)->reason, "no HELLO");
    net_hub_tick(&h, l.idle_timeout_ms);
    CU_ASSERT_EQUAL(drain(&h, 1, types, 8, NULL), 1);
    CU_ASSERT_EQUAL(types[0], NET_FRAME_PING);
    net_hub_tick(&h, 2 * l.idle_timeout_ms);
    CU_ASSERT_EQUAL(net_hub_find(&h, 1)->state, NET_PEER_CLOSING);

    /* A follower may not send a STATE; it is closed, the others are not. */
    net_hub_remove(&h, 2);
    net_hub_add(&h, 6, "e", 0);
    say_hello(&h, 6, "Eve", 0);
    struct bytes f = {0};
    net_frame_encode(&f, NET_FRAME_STATE, (const uint8_t *)"stage 1\n", 8);
    net_hub_received(&h, 6, f.data, f.len, 0);
    unit_expect_contains(net_hub_find(&h, 6)->reason, "only the presenter sends");
    bytes_free(&f);

    /* A follower that floods PINGs and reads nothing is closed before its
     * PONGs pass the limit. */
    net_hub_remove(&h, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(net_hub_add(&h, 7, "f", 0));
    say_hello(&h, 7, "Flood", 0);
    f = (struct bytes){0};
    net_frame_encode(&f, NET_FRAME_PING, NULL, 0);
    for (int i = 0; i < 10000; i++)
        net_hub_received(&h, 7, f.data, f.len, 0);
    const struct net_peer *flood = net_hub_find(&h, 7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(flood);
    CU_ASSERT(flood->out.len - flood->out_sent <= h.limits.out_limit + NET_REASON_MAX + 16);
    CU_ASSERT_EQUAL(flood->state, NET_PEER_CLOSING);
    unit_expect_contains(flood->reason, "PINGs faster");
    bytes_free(&f);
    net_hub_free(&h);
}

/* A BYE's words print safely: control characters and DEL are replaced,
 * the text is cut to its buffer, and an empty payload is "". */
static void test_frame_text(void)
{
    static const uint8_t words[] = "no\x1b[2Jway\x7f\n";
    struct net_frame f = {NET_FRAME_BYE, words, sizeof words - 1};
    char text[32], small[6];

    CU_ASSERT_EQUAL(net_frame_text(&f, '?', text, sizeof text), 11);
    CU_ASSERT_STRING_EQUAL(text, "no?[2Jway??");
    CU_ASSERT_EQUAL(net_frame_text(&f, '.', small, sizeof small), 5);
    CU_ASSERT_STRING_EQUAL(small, "no.[2");
    f.len = 0;
    CU_ASSERT_EQUAL(net_frame_text(&f, '?', text, sizeof text), 0);
    CU_ASSERT_STRING_EQUAL(text, "");
}

/* A SIGALRM that only interrupts. */
static void on_alarm(int sig)
{
    (void)sig;
}

/* The wait of a poll() loop: the deadline shortens it, a ready pipe and a
 * timeout are looked at, and a signal is not and leaves no errno behind.
 * (A failed poll() keeps its errno; no failure can be made here that
 * valgrind also lets through, so it is read, not tested.) */
static void test_wait(void)
{
    int64_t wait = 1000;
    net_wait_until(&wait, 5000, 5300);
    CU_ASSERT_EQUAL(wait, 300);
    net_wait_until(&wait, 5000, 6000);
    CU_ASSERT_EQUAL(wait, 300);
    net_wait_until(&wait, 5000, 4000);
    CU_ASSERT_EQUAL(wait, 0);

    int fds[2], failed = 0;
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    struct pollfd pfd = {fds[0], POLLIN, 0};
    CU_ASSERT_TRUE(net_wait(&pfd, 1, 0, &failed));
    CU_ASSERT_EQUAL(pfd.revents, 0);
    CU_ASSERT_EQUAL(write(fds[1], "x", 1), 1);
    CU_ASSERT_TRUE(net_wait(&pfd, 1, 1000, &failed));
    CU_ASSERT_TRUE(pfd.revents & POLLIN);
    CU_ASSERT_EQUAL(failed, 0);

    struct sigaction sa = {.sa_handler = on_alarm}, old;
    struct itimerval in_50ms = {.it_value = {.tv_usec = 50000}};
    sigaction(SIGALRM, &sa, &old);
    setitimer(ITIMER_REAL, &in_50ms, NULL);
    pfd = (struct pollfd){fds[0], POLLOUT, 0};   /* never: the read end */
    CU_ASSERT_FALSE(net_wait(&pfd, 1, 5000, &failed));
    CU_ASSERT_EQUAL(failed, 0);
    sigaction(SIGALRM, &old, NULL);

    close(fds[0]);
    close(fds[1]);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"frames read the same in pieces of any size", test_frames_in_any_pieces},
        {"a length over its type's limit is refused at the header", test_limits_refused_at_the_header},
        {"HELLO carries a role and a clean name", test_hello},
        {"STATE round trip, without the presenter's folder", test_state_round_trip},
        {"STATE refusals name the line", test_state_refusals},
        {"the hub greets, catches late joiners up and publishes", test_hub_greets_and_publishes},
        {"a slow follower costs a bounded queue and a clean stream", test_hub_slow_follower_is_bounded},
        {"hub rules: full, garbage, silence, PING, wrong frames", test_hub_rules},
        {"a BYE's words print safely", test_frame_text},
        {"the wait of a poll() loop: deadline, ready, timeout, signal, failure", test_wait},
        {NULL, NULL},
    };
    return unit_run("net", tests);
}
