/*
 * test_recording.c - a relay's recording and what Eve makes of it: the two
 * drivers of the eight-stage flow talk in memory while every whole frame is
 * written to a recording, which is read back and replayed to Eve with the
 * server's key (key transport opens, ephemeral does not, another key opens
 * nothing); and the reader's errors name the line and column.
 */
#define _GNU_SOURCE
#include "base/crypt.h"
#include "base/fileio.h"
#include "net/eve_replay.h"
#include "net/flow_client.h"
#include "net/flow_server.h"
#include "net/frame.h"
#include "net/recording.h"
#include "pki/certdir.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct certdir set;
static char set_dir[] = "/tmp/tlssim-test-recording-XXXXXX";
static struct crypt_rng rng;

/* Make a `tlssim files` set on disk and load it, as serve does (once). */
static void load_set(void)
{
    if (set.server_cert.len > 0)
        return;
    struct certdir_spec spec = {.host = "www.example.com", .now = (int64_t)time(NULL)};
    struct certdir_set made;
    struct fileio_out outs[CERTDIR_FILES_MAX];
    char err[CERTDIR_ERR_MAX];

    crypt_rng_from_number(&rng, 16);
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

/* Move what one side sent to the other, recording each whole frame. */
static void pass(FILE *rec, struct net_reader *cut, struct bytes *from, bool to_server,
                 struct flow_client *fc, struct flow_server *fs)
{
    struct net_frame f;
    char err[NET_FRAME_ERR_MAX];
    struct bytes frame = {0};

    net_reader_feed(cut, from->data, from->len);
    while (net_reader_next(cut, &f, err, sizeof err) == 1) {
        net_frame_encode(&frame, f.type, f.payload, f.len);
        recording_write_frame(rec, 1, to_server, 0, RECORDING_NET, frame.data, frame.len);
        frame.len = 0;
    }
    bytes_free(&frame);
    if (to_server)
        flow_server_feed(fs, from->data, from->len);
    else
        flow_client_feed(fc, from->data, from->len);
    from->len = 0;
}

/* One connection in mode, recorded; the recording's text (to free). */
static char *record_run(enum sim_mode mode)
{
    struct flow_client_config cfg = {.name = "Ada", .clock = (int64_t)time(NULL)};
    struct flow_settings s;
    struct net_reader to_server, to_client;
    char *text = NULL;
    size_t len = 0;
    FILE *rec = open_memstream(&text, &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(rec);
    load_set();
    cfg.ca_der = set.ca_cert.data;
    cfg.ca_len = set.ca_cert.len;
    flow_settings_default(&s);
    memcpy(s.host, set.host, sizeof s.host);
    s.mode = mode;
    struct flow_server *fs = flow_server_new(&set, &s, (int64_t)time(NULL));
    struct flow_client *fc = flow_client_new(&cfg);
    net_reader_init(&to_server);
    net_reader_init(&to_client);
    recording_write_start(rec);
    recording_write_conn(rec, 1, "192.0.2.21 port 40000");
    for (int round = 0; round < 1000; round++) {
        struct bytes *co = flow_client_out(fc), *so = flow_server_out(fs);
        if (co->len == 0 && so->len == 0)
            break;
        pass(rec, &to_server, co, true, fc, fs);
        pass(rec, &to_client, so, false, fc, fs);
    }
    CU_ASSERT_EQUAL(flow_client_state(fc), FLOW_CLIENT_COMPLETED);
    recording_write_end(rec, 1, 5, "completed");
    CU_ASSERT_EQUAL(fclose(rec), 0);
    net_reader_free(&to_server);
    net_reader_free(&to_client);
    flow_client_free(fc);
    flow_server_free(fs);
    return text;
}

/* Replay text to Eve with sk (or none); what she printed (to free). */
static char *replay(const char *text, const uint8_t *sk, struct eve_replay_result *result)
{
    struct recording rec;
    struct recording_error err;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(recording_parse(text, strlen(text), &rec, &err), 0);
    CU_ASSERT_EQUAL(rec.conn_count, 1);
    CU_ASSERT_STRING_EQUAL(rec.conns[0].client, "192.0.2.21:40000");
    CU_ASSERT_STRING_EQUAL(rec.conns[0].outcome, "completed");
    eve_replay(f, &rec, sk, true, result);
    fclose(f);
    recording_free(&rec);
    return out;
}

static void test_transport_opens_with_the_key(void)
{
    struct eve_replay_result r;
    char *text = record_run(SIM_MODE_TRANSPORT);
    char *out = replay(text, set.server_sk, &r);

    CU_ASSERT_EQUAL(r.flows, 1);
    CU_ASSERT_EQUAL(r.opened, 1);
    unit_expect_contains(out, "Eve knows request (read by Eve): \"GET ");
    unit_expect_contains(out, "no forward secrecy");
    free(out);
    out = replay(text, NULL, &r);
    CU_ASSERT_EQUAL(r.opened, 0);
    CU_ASSERT_PTR_NULL(strstr(out, "read by Eve"));
    free(out);
    free(text);
}

static void test_another_key_opens_nothing(void)
{
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct eve_replay_result r;
    char *text = record_run(SIM_MODE_TRANSPORT);

    crypt_sign_keypair(pk, sk);
    char *out = replay(text, sk, &r);
    CU_ASSERT_EQUAL(r.opened, 0);
    CU_ASSERT_PTR_NULL(strstr(out, "read by Eve"));
    crypt_wipe(sk, sizeof sk);
    free(out);
    free(text);
}

static void test_ephemeral_opens_nothing(void)
{
    struct eve_replay_result r;
    char *text = record_run(SIM_MODE_EPHEMERAL);
    char *out = replay(text, set.server_sk, &r);

    CU_ASSERT_EQUAL(r.flows, 1);
    CU_ASSERT_EQUAL(r.opened, 0);
    CU_ASSERT_PTR_NULL(strstr(out, "read by Eve"));
    unit_expect_contains(out, "forward secrecy: this connection was in ephemeral mode");
    free(out);
    free(text);
}

/* parse text and expect an error at line:column that says fragment. */
static void expect_error(const char *text, size_t line, size_t column, const char *fragment)
{
    struct recording rec;
    struct recording_error err;

    CU_ASSERT_EQUAL(recording_parse(text, strlen(text), &rec, &err), -1);
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_EQUAL(err.column, column);
    unit_expect_contains(err.message, fragment);
    CU_ASSERT_EQUAL(rec.frame_count, 0);
}

static void test_reader_errors(void)
{
    expect_error("", 1, 1, "no recording");
    expect_error("tlssim-recording 1\nconnection 1 a\nframe 1 c>s 0 tls 16030100", 3, 19,
                 "5-byte header");
    expect_error("tlssim-recording 1\r\nconnection 0 a\r\n", 2, 12, "from 1 to");
    expect_error("tlssim-recording 1\nconnection 1 a\nframe 1 c>s 0 net 0107000000\n", 3, 19,
                 "6-byte header");
    expect_error("tlssim-recording 1\nconnection 1 a\nframe 1 c>s 0 net 020500000000\n", 3, 19,
                 "version is 2");
    expect_error("tlssim-recording 1\nconnection 1 a\nframe 1 c>s 0 net\n", 3, 18,
                 "a frame line is");
    expect_error("tlssim-recording 1\nconnection 1 a b\n", 2, 16, "a connection line is");
    expect_error("tlssim-recording 1\nend 1 0 x\n", 2, 5, "no 'connection' line");
    expect_error("tlssim-recording 1\nstarted 1 a b c d e f g h\n", 2, 23, "too many words");
    expect_error("tlssim-recording 1\nconnection 1 a\x01\n", 2, 15, "control character");
}

static void test_reader_takes_comments_and_crlf(void)
{
    static const char text[] = "# a comment\n\ntlssim-recording 1\r\n  # indented\r\n"
                               "started 2026-12-03T06:30:00Z\r\nconnection 7 a:1\r\n"
                               "frame 7 s>c 12 net 010500000000\r\nend 7 13 closed";
    struct recording rec;
    struct recording_error err;

    CU_ASSERT_EQUAL_FATAL(recording_parse(text, strlen(text), &rec, &err), 0);
    CU_ASSERT_STRING_EQUAL(rec.started, "2026-12-03T06:30:00Z");
    CU_ASSERT_EQUAL(rec.frame_count, 1);
    CU_ASSERT_EQUAL(rec.frames[0].conn, 7);
    CU_ASSERT_FALSE(rec.frames[0].to_server);
    CU_ASSERT_EQUAL(rec.frames[0].ms, 12);
    CU_ASSERT_EQUAL(rec.frames[0].bytes.len, 6);
    CU_ASSERT_TRUE(rec.conns[0].ended);
    recording_free(&rec);
}

int main(void)
{
    static const struct unit_test tests[] = {
        {"key transport opens with the leaked key", test_transport_opens_with_the_key},
        {"another key opens nothing", test_another_key_opens_nothing},
        {"ephemeral opens nothing", test_ephemeral_opens_nothing},
        {"the reader's errors", test_reader_errors},
        {"comments and CRLF", test_reader_takes_comments_and_crlf},
        {NULL, NULL},
    };
    int rc = unit_run("recording", tests);
    certdir_free(&set);
    crypt_rng_use(NULL);
    return rc;
}
