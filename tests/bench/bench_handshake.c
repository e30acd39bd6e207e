/*
 * bench_handshake.c - what a handshake costs: the cryptography alone,
 * called directly through crypt.h in the order and sizes the engine uses
 * for the default run, against the engine's whole eight stages (the same
 * primitives plus encoding, parsing, checks and the event log); and what
 * stepping back from stage 8 to stage 7 costs, which replays the run.
 */
#include "bench.h"

#include "base/crypt.h"
#include "engine/engine.h"
#include "engine/options.h"

#include <stdio.h>
#include <string.h>

#define BENCH_SEED 42
#define HANDSHAKE_REPS 1500
#define BACK_REPS 200
#define RATIO_TARGET 1.10

/* The signed parts of the default run's three signed objects, in bytes:
 * the CA's root TBSCertificate, the server's CertificationRequestInfo and
 * its TBSCertificate.  Ed25519's cost barely depends on them. */
#define ROOT_TBS_BYTES 280
#define CSR_INFO_BYTES 150
#define LEAF_TBS_BYTES 335
#define RANDOM_BYTES 32
#define SERIAL_BYTES 16
#define RECORD_HEADER_BYTES 4
#define KEY_LABEL_BYTES 20      /* "tlssim key expansion" */
#define RAW_CALLS 31            /* primitive calls in raw_handshake() */

/* Every crypt.h call one default handshake makes, with the engine's sizes. */
static void raw_handshake(void *ctx)
{
    const struct sim_options *o = ctx;
    struct crypt_rng rng;
    uint8_t ca_pk[CRYPT_SIGN_PUBLICKEYBYTES], ca_sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES], sk[CRYPT_SIGN_SECRETKEYBYTES];
    uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES], xsk[CRYPT_X25519_SECRETKEYBYTES];
    uint8_t client_xpk[CRYPT_X25519_PUBLICKEYBYTES];
    uint8_t tbs[LEAF_TBS_BYTES] = {0}, sig[3][CRYPT_SIGN_BYTES];
    uint8_t digest[CRYPT_SHA256_BYTES], serial[SERIAL_BYTES];
    uint8_t cr[RANDOM_BYTES], sr[RANDOM_BYTES], secret[RANDOM_BYTES], opened[RANDOM_BYTES];
    uint8_t sealed[RANDOM_BYTES + CRYPT_SEAL_OVERHEADBYTES];
    uint8_t expand_in[KEY_LABEL_BYTES + 2 * RANDOM_BYTES] = {0};
    uint8_t block[2 * CRYPT_AEAD_KEYBYTES], finished_key[CRYPT_HMAC_SHA256_KEYBYTES];
    uint8_t nonce[CRYPT_AEAD_NPUBBYTES_MAX], header[RECORD_HEADER_BYTES] = {23};
    uint8_t ct[SIM_MESSAGE_MAX + CRYPT_AEAD_ABYTES], pt[SIM_MESSAGE_MAX];
    size_t nonce_len = crypt_aead_nonce_bytes(o->cipher);
    size_t msg_len = strlen(o->message), reply_len = strlen(o->reply);
    bool ok = true;

    crypt_rng_from_number(&rng, BENCH_SEED);
    crypt_rng_use(&rng);
    /* Stage 1: the CA and its root; the server's key, request, certificate. */
    crypt_sign_keypair(ca_pk, ca_sk);
    crypt_random(serial, sizeof serial);
    crypt_sha256(digest, ca_pk, sizeof ca_pk);
    crypt_sign(sig[0], tbs, ROOT_TBS_BYTES, ca_sk);
    crypt_sign_keypair(pk, sk);
    crypt_sign_sk_to_x25519(xsk, sk);
    ok &= crypt_sign_pk_to_x25519(xpk, pk) == 0;
    crypt_sign(sig[1], tbs, CSR_INFO_BYTES, sk);
    ok &= crypt_sign_verify(sig[1], tbs, CSR_INFO_BYTES, pk);
    crypt_random(serial, sizeof serial);
    crypt_sha256(digest, pk, sizeof pk);
    crypt_sha256(digest, ca_pk, sizeof ca_pk);
    crypt_sign(sig[2], tbs, LEAF_TBS_BYTES, ca_sk);
    /* Stages 2 and 3: the randoms; the client checks the certificate. */
    crypt_random(cr, sizeof cr);
    crypt_random(sr, sizeof sr);
    ok &= crypt_sign_verify(sig[2], tbs, LEAF_TBS_BYTES, ca_pk);
    ok &= crypt_sign_verify(sig[0], tbs, ROOT_TBS_BYTES, ca_pk);
    ok &= crypt_sign_pk_to_x25519(client_xpk, pk) == 0;
    /* Stages 4 to 6: the session key, sealed, opened, keys on both sides. */
    crypt_random(secret, sizeof secret);
    crypt_hash(block, sizeof block, expand_in, sizeof expand_in, secret, sizeof secret);
    crypt_hash(finished_key, sizeof finished_key, expand_in, sizeof expand_in, secret,
               sizeof secret);
    ok &= crypt_seal(sealed, secret, sizeof secret, client_xpk) == 0;
    ok &= crypt_seal_open(opened, sealed, sizeof sealed, xpk, xsk) == 0;
    crypt_hash(block, sizeof block, expand_in, sizeof expand_in, opened, sizeof opened);
    crypt_hash(finished_key, sizeof finished_key, expand_in, sizeof expand_in, opened,
               sizeof opened);
    /* Stages 7 and 8: the request and the reply, each sealed and opened. */
    crypt_random(nonce, nonce_len);
    ok &= crypt_aead_encrypt(o->cipher, ct, (const uint8_t *)o->message, msg_len, header,
                             sizeof header, nonce, block) == 0;
    ok &= crypt_aead_decrypt(o->cipher, pt, ct, msg_len + CRYPT_AEAD_ABYTES, header,
                             sizeof header, nonce, block) == 0;
    crypt_random(nonce, nonce_len);
    ok &= crypt_aead_encrypt(o->cipher, ct, (const uint8_t *)o->reply, reply_len, header,
                             sizeof header, nonce, block + CRYPT_AEAD_KEYBYTES) == 0;
    ok &= crypt_aead_decrypt(o->cipher, pt, ct, reply_len + CRYPT_AEAD_ABYTES, header,
                             sizeof header, nonce, block + CRYPT_AEAD_KEYBYTES) == 0;
    crypt_rng_use(NULL);
    crypt_wipe(ca_sk, sizeof ca_sk);
    crypt_wipe(sk, sizeof sk);
    crypt_wipe(xsk, sizeof xsk);
    crypt_wipe(secret, sizeof secret);
    crypt_wipe(opened, sizeof opened);
    crypt_wipe(block, sizeof block);
    crypt_wipe(finished_key, sizeof finished_key);
    if (!ok)
        fputs("bench: a raw crypto call failed; the figure is not a handshake's\n", stderr);
}

/* The engine's whole handshake: a new engine, all eight stages, freed. */
static void engine_handshake(void *ctx)
{
    const struct sim_options *o = ctx;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    if (engine_new(o, &e, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return;
    }
    engine_goto(e, SIM_STAGE_COUNT);
    engine_free(e);
}

/* Bring the engine to the last stage, untimed, before each step back. */
static void to_last_stage(void *ctx)
{
    engine_goto(ctx, SIM_STAGE_COUNT);
}

/* Step back from stage 8 to stage 7: the engine replays seven stages. */
static void step_back(void *ctx)
{
    engine_goto(ctx, SIM_STAGE_COUNT - 1);
}

void bench_options(struct sim_options *o)
{
    sim_options_default(o);
    o->seeded = true;
    o->seed = BENCH_SEED;
}

struct engine *bench_engine_at(int stage)
{
    struct sim_options o;
    struct engine *e = NULL;
    char err[ENGINE_ERR_MAX];

    bench_options(&o);
    if (engine_new(&o, &e, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return NULL;
    }
    engine_goto(e, stage);
    return e;
}

void bench_handshake(struct bench_row *raw, struct bench_row *engine, struct bench_row *ratio,
                     struct bench_row *back)
{
    struct sim_options o;
    struct engine *e;

    bench_options(&o);

    double raw_us, engine_us, ratio_med;
    bench_paired(raw_handshake, engine_handshake, &o, HANDSHAKE_REPS, &raw_us, &engine_us,
                 &ratio_med);
    *raw = (struct bench_row){.what = "raw libsodium calls of one handshake",
                              .value = raw_us, .unit = "us",
                              .measured = true};
    snprintf(raw->note, sizeof raw->note, "%d calls through crypt.h, %s", RAW_CALLS,
             crypt_aead_name(o.cipher));
    *engine = (struct bench_row){.what = "engine: eight stages, new to freed",
                                 .value = engine_us, .unit = "us",
                                 .measured = true};
    snprintf(engine->note, sizeof engine->note, "key transport, CA certificate");
    *ratio = (struct bench_row){.what = "engine / raw crypto", .unit = "x",
                                .target = RATIO_TARGET, .measured = true,
                                .value = ratio_med,
                                .note = "median of the ratios of each pair"};

    *back = (struct bench_row){.what = "step back from stage 8 to 7 (a replay)", .unit = "us"};
    e = bench_engine_at(SIM_STAGE_COUNT);
    if (e == NULL) {
        snprintf(back->note, sizeof back->note, "the engine did not start");
        return;
    }
    back->value = bench_median_us(step_back, to_last_stage, e, BACK_REPS);
    back->measured = true;
    engine_free(e);
}
