/*
 * test_net.c - classroom frames and the presenter's STATE: encoding,
 * cutting frames out of a stream fed in any pieces, and every limit.
 */
#include "engine/engine.h"
#include "net/frame.h"
#include "net/present.h"
#include "unit.h"

#include <string.h>

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

int main(void)
{
    static const struct unit_test tests[] = {
        {"frames read the same in pieces of any size", test_frames_in_any_pieces},
        {"a length over its type's limit is refused at the header", test_limits_refused_at_the_header},
        {"HELLO carries a role and a clean name", test_hello},
        {"STATE round trip, without the presenter's folder", test_state_round_trip},
        {"STATE refusals name the line", test_state_refusals},
        {NULL, NULL},
    };
    return unit_run("net", tests);
}
