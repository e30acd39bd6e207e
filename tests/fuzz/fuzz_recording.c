/*
 * fuzz_recording.c - fuzz target: a relay recording (doc/recording-format.md)
 * as `tlssim eve` reads it.  A recording that parses must be written again
 * by the writer and parse to the same connections and frames; every frame
 * it hands out must be a whole frame of its kind; and Eve goes through it,
 * with and without a key, into a sink.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include "net/eve_replay.h"
#include "net/recording.h"

#include <stdlib.h>
#include <string.h>

/* Write rec out as a recording, in memory; the caller frees *text. */
static void write_again(const struct recording *rec, char **text, size_t *len)
{
    FILE *out = open_memstream(text, len);
    FUZZ_CHECK(out != NULL);
    recording_write_start(out);
    for (size_t i = 0; i < rec->conn_count; i++)
        recording_write_conn(out, rec->conns[i].id, rec->conns[i].client);
    for (size_t i = 0; i < rec->frame_count; i++) {
        const struct recording_frame *f = &rec->frames[i];
        recording_write_frame(out, f->conn, f->to_server, f->ms, f->kind, f->bytes.data,
                              f->bytes.len);
    }
    for (size_t i = 0; i < rec->conn_count; i++)
        if (rec->conns[i].ended)
            recording_write_end(out, rec->conns[i].id, 0, rec->conns[i].outcome);
    FUZZ_CHECK(fclose(out) == 0);
}

/* Whether two parsed recordings hold the same connections and frames. */
static bool same(const struct recording *a, const struct recording *b)
{
    if (a->conn_count != b->conn_count || a->frame_count != b->frame_count)
        return false;
    for (size_t i = 0; i < a->conn_count; i++)
        if (a->conns[i].id != b->conns[i].id || a->conns[i].ended != b->conns[i].ended ||
            strcmp(a->conns[i].client, b->conns[i].client) != 0 ||
            strcmp(a->conns[i].outcome, b->conns[i].outcome) != 0)
            return false;
    for (size_t i = 0; i < a->frame_count; i++) {
        const struct recording_frame *x = &a->frames[i], *y = &b->frames[i];
        if (x->conn != y->conn || x->to_server != y->to_server || x->ms != y->ms ||
            x->kind != y->kind || x->bytes.len != y->bytes.len ||
            memcmp(x->bytes.data, y->bytes.data, x->bytes.len) != 0)
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t seed[CRYPT_SIGN_SEEDBYTES] = {1, 2, 3};
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    struct recording rec, again;
    struct recording_error err;
    struct eve_replay_result result;
    char *text = NULL;
    size_t len = 0;

    fuzz_crypt_init();
    if (recording_parse((const char *)data, size, &rec, &err) != 0) {
        FUZZ_CHECK(err.line >= 1 && err.column >= 1 && err.message[0] != '\0');
        return 0;
    }
    for (size_t i = 0; i < rec.frame_count; i++) {
        FUZZ_CHECK(rec.frames[i].bytes.len <= RECORDING_FRAME_MAX);
        FUZZ_CHECK(recording_find_conn(&rec, rec.frames[i].conn) != NULL);
    }
    write_again(&rec, &text, &len);
    FUZZ_CHECK(recording_parse(text, len, &again, &err) == 0);
    FUZZ_CHECK(same(&rec, &again));
    crypt_sign_keypair_from_seed(pk, sk, seed);
    eve_replay(fuzz_sink(), &rec, NULL, true, &result);
    eve_replay(fuzz_sink(), &rec, sk, false, &result);
    FUZZ_CHECK(result.opened <= result.flows);
    crypt_wipe(sk, sizeof sk);
    recording_free(&again);
    recording_free(&rec);
    free(text);
    return 0;
}
