/*
 * fuzz_recording.c - fuzz target: a relay recording (doc/recording-format.md)
 * as `tlssim eve` reads it.  A recording that parses must be written again
 * by the writer and parse to the same connections and frames; every frame
 * it hands out must be a whole frame of its kind; and Eve goes through it,
 * with and without a key, into a sink.  The key is the server key of
 * 'tlssim files --seed 16', whose server the seed recordings were made
 * with, so that the opening paths run too.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include "engine/options.h"
#include "net/eve_replay.h"
#include "net/recording.h"
#include "pki/certdir.h"
#include "pki/pem.h"
#include "pki/x509.h"

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

/* The server key of 'tlssim files --seed 16' into sk. */
static void seeded_server_key(uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES])
{
    struct certdir_spec spec = {.host = "www.example.com", .now = SIM_SEEDED_CLOCK,
                                .seeded = true, .seed = 16};
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES];
    struct certdir_set made;
    struct crypt_rng rng;
    struct pem_block *blocks = NULL;
    struct pem_error perr;
    size_t count = 0;
    char err[CERTDIR_ERR_MAX];
    bool found = false;

    crypt_rng_from_number(&rng, spec.seed);
    crypt_rng_use(&rng);
    FUZZ_CHECK(certdir_make(&spec, &made, err, sizeof err) == 0);
    for (size_t i = 0; i < made.count && !found; i++) {
        if (strcmp(made.files[i].name, CERTDIR_SERVER_KEY) != 0)
            continue;
        FUZZ_CHECK(pem_read_all((const char *)made.files[i].text.data, made.files[i].text.len,
                                &blocks, &count, &perr) == 0);
        FUZZ_CHECK(x509_pkcs8_ed25519_parse(blocks[0].der.data, blocks[0].der.len, pk, sk, err,
                                            sizeof err) == 0);
        pem_blocks_free(blocks, count);
        found = true;
    }
    FUZZ_CHECK(found);
    certdir_set_free(&made);
    crypt_rng_use(NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES];
    static bool have_key;
    struct recording rec, again;
    struct recording_error err;
    struct eve_replay_result result;
    char *text = NULL;
    size_t len = 0;

    fuzz_crypt_init();
    if (!have_key) {
        seeded_server_key(sk);
        have_key = true;
    }
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
    eve_replay(fuzz_sink(), &rec, NULL, true, &result);
    eve_replay(fuzz_sink(), &rec, sk, false, &result);
    FUZZ_CHECK(result.opened <= result.flows);
    recording_free(&again);
    recording_free(&rec);
    free(text);
    return 0;
}
