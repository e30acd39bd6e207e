/*
 * engine.c - runs the eight stages by handing frames between the actors.
 *
 * The engine is the wire: each frame an actor produces is logged as a wire
 * event, shown to Eve, and handed to its receiver.  Frames that are read
 * in a later stage wait in a one-slot queue per direction.
 */
#include "engine/engine.h"

#include "engine/actor_ca.h"
#include "engine/actor_client.h"
#include "engine/actor_eve.h"
#include "engine/actor_server.h"
#include "base/bytes.h"
#include "pki/certdir.h"
#include "engine/stage_text.h"
#include "engine/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct engine {
    struct sim_options opts;
    struct crypt_rng start_rng;   /* the stream as it was at stage 0, for replays */
    struct crypt_rng rng;
    int64_t clock;
    int stage;
    struct sim_log log;
    struct sim_result result;
    struct ca ca;                 /* the CA in the client's trust store */
    struct ca other_ca;           /* a CA nobody trusts (--cert untrusted) */
    struct ca inter;              /* the intermediate CA of the chain kinds */
    struct server server;
    struct client client;
    struct eve eve;
    struct bytes to_server;       /* a frame sent but not yet read */
    struct bytes to_client;
    struct bytes client_finished; /* the client's Finished, read at stage 6 */
    struct certdir certs;         /* keys and certificates from --certs DIR */
    bool has_certs;
};

const char *engine_stage_name(int stage)
{
    const struct stage_text *t = stage_text_get(stage, false);
    return t ? t->name : "?";
}

/* Put a frame on the wire from one actor to another: log it as sent, let
 * Eve record it (on the handshake wire, not the enrolment channel), let
 * Mallory act on it, and log it again as delivered if she changed it. */
static void send_frame(struct engine *e, enum sim_actor from, enum sim_actor to,
                       struct bytes *frame)
{
    struct sim_field *fields = NULL;
    size_t count = wire_describe(frame->data, frame->len, &fields);
    bool off_wire = from == SIM_ACTOR_CA || to == SIM_ACTOR_CA;
    struct sim_event *ev = log_wire(&e->log, from, to, wire_type_name(frame->data[0]),
                                    frame->data, frame->len, fields, count);
    ev->off_wire = off_wire;
    if (!off_wire)
        eve_record(&e->eve, &e->log, frame->data, frame->len);
    if (eve_intercept(&e->eve, &e->log, e->stage, to, frame)) {
        count = wire_describe(frame->data, frame->len, &fields);
        char *title = xasprintf("%s, as Mallory passes it on", wire_type_name(frame->data[0]));
        ev = log_wire(&e->log, SIM_ACTOR_EVE, to, title, frame->data, frame->len, fields, count);
        ev->off_wire = off_wire;
        free(title);
    }
}

/* Mark the run aborted at the current stage by actor, with a reason. */
static void abort_run(struct engine *e, enum sim_actor actor, const char *reason)
{
    if (e->result.aborted)
        return;
    e->result.aborted = true;
    e->result.aborted_at = e->stage;
    if (e->eve.tampered)
        e->result.tamper_detected = true;
    snprintf(e->result.reason, sizeof e->result.reason, "%s", reason);
    log_text(&e->log, SIM_EV_ACTION, actor, "aborts the handshake: %s", reason);
}

/* Stage 1 for a server that asks a CA: the CSR goes out, a certificate comes back. */
static void enrol_with(struct engine *e, struct ca *ca)
{
    struct bytes csr = {0}, issued = {0};

    if (server_make_keypair_and_csr(&e->server, &e->log, &csr) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, "the server could not make its keypair and request");
        goto done;
    }
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CA, &csr);
    if (ca_handle_csr(ca, &e->log, csr.data, csr.len, &issued) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the CA refused to issue a certificate");
        goto done;
    }
    send_frame(e, SIM_ACTOR_CA, SIM_ACTOR_SERVER, &issued);
    if (server_store_certificate(&e->server, &e->log, issued.data, issued.len) != 0)
        abort_run(e, SIM_ACTOR_SERVER, "the server could not read the issued certificate");
done:
    bytes_free(&csr);
    bytes_free(&issued);
}

/* Stage 1 for the chain kinds: the root issues an intermediate (a CA, or
 * for not-a-ca an ordinary certificate), the intermediate issues the
 * server's certificate and publishes its CRL, and the client fetches it. */
static void enrol_with_intermediate(struct engine *e)
{
    enum sim_cert kind = e->opts.cert;

    if (ca_start_intermediate(&e->inter, &e->log, &e->ca, CA_INTERMEDIATE_NAME,
                              kind != SIM_CERT_NOT_A_CA) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the root could not issue the intermediate's certificate");
        return;
    }
    enrol_with(e, &e->inter);
    if (e->result.aborted)
        return;
    if (kind == SIM_CERT_MISSING_INTERMEDIATE)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "is set up with its own "
                 "certificate alone (cert.pem, not fullchain.pem): it will not send the "
                 "intermediate's");
    else
        server_set_intermediate(&e->server, &e->log, e->inter.certificate.data,
                                e->inter.certificate.len);
    if (ca_publish_crl(&e->inter, &e->log, kind == SIM_CERT_REVOKED) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the intermediate could not sign its revocation list");
        return;
    }
    client_take_crl(&e->client, &e->log, e->inter.crl.data, e->inter.crl.len);
}

/* Stage 1 with --certs DIR: the CA and the server load their keys and
 * certificates from the files instead of making them (a self-signed set
 * has no CA: the client keeps trusting the usual one). */
static void adopt_certs(struct engine *e)
{
    const struct certdir *cd = &e->certs;

    if (cd->self_signed) {
        /* no CA in the set: the client trusts the usual one, which never
         * signed this certificate */
        if (ca_start(&e->ca, &e->log, e->clock, CA_COMMON_NAME) != 0) {
            abort_run(e, SIM_ACTOR_CA, "the CA could not make its certificate");
            return;
        }
        client_trust(&e->client, &e->log, e->ca.certificate.data, e->ca.certificate.len);
    } else {
        ca_adopt(&e->ca, &e->log, e->clock, CERTDIR_CA_NAME, cd->ca_pk, cd->ca_sk,
                 cd->ca_cert.data, cd->ca_cert.len);
        client_trust(&e->client, &e->log, cd->ca_cert.data, cd->ca_cert.len);
    }
    if (server_adopt(&e->server, &e->log, cd->server_pk, cd->server_sk, cd->server_cert.data,
                     cd->server_cert.len, cd->self_signed ? CERTDIR_SELF_KEY : CERTDIR_SERVER_KEY,
                     cd->self_signed ? CERTDIR_SELF_CERT : CERTDIR_SERVER_CERT) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, cd->self_signed
                                            ? "the server's key from key.pem is not usable"
                                            : "the server's key from private.key is not usable");
        return;
    }
    if (!cd->chain)
        return;
    if (e->opts.cert == SIM_CERT_MISSING_INTERMEDIATE)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "is set up with certificate.crt "
                 "alone, not fullchain.pem: it will not send intermediate.crt");
    else
        server_set_intermediate(&e->server, &e->log, cd->inter_cert.data, cd->inter_cert.len);
    client_take_crl(&e->client, &e->log, cd->crl.data, cd->crl.len);
}

static void stage_keypair(struct engine *e)
{
    if (e->has_certs) {
        adopt_certs(e);
    } else if (ca_start(&e->ca, &e->log, e->clock, CA_COMMON_NAME) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the CA could not make its certificate");
        return;
    } else {
        client_trust(&e->client, &e->log, e->ca.certificate.data, e->ca.certificate.len);
    }
    switch (e->opts.cert) {
    case SIM_CERT_NONE:
        if (server_make_keypair(&e->server, &e->log) != 0)
            abort_run(e, SIM_ACTOR_SERVER, "the server could not make its keypair");
        else
            log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                     "gets no certificate at all: it will hand out its bare public key");
        break;
    case SIM_CERT_SELF_SIGNED:
        if (server_make_self_signed(&e->server, &e->log, e->clock) != 0)
            abort_run(e, SIM_ACTOR_SERVER, "the server could not sign its own certificate");
        break;
    case SIM_CERT_UNTRUSTED:
        if (ca_start(&e->other_ca, &e->log, e->clock, CA_OTHER_COMMON_NAME) != 0) {
            abort_run(e, SIM_ACTOR_CA, "the other CA could not make its certificate");
            return;
        }
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                 "buys its certificate from %s, which no client trust store includes",
                 CA_OTHER_COMMON_NAME);
        enrol_with(e, &e->other_ca);
        break;
    case SIM_CERT_EXPIRED:
        e->ca.issue_expired = true;
        enrol_with(e, &e->ca);
        break;
    case SIM_CERT_CA:
    case SIM_CERT_WRONG_NAME:
        if (!e->has_certs)  /* the certificate from --certs is already installed */
            enrol_with(e, &e->ca);
        break;
    case SIM_CERT_CHAIN:
    case SIM_CERT_MISSING_INTERMEDIATE:
    case SIM_CERT_REVOKED:
    case SIM_CERT_NOT_A_CA:
        if (!e->has_certs)
            enrol_with_intermediate(e);
        break;
    }
    if (e->opts.mitm && !e->result.aborted && eve_prepare_mitm(&e->eve, &e->log, e->clock) != 0)
        abort_run(e, SIM_ACTOR_EVE, "Mallory could not make her certificate");
    if (e->opts.payload == SIM_PAYLOAD_AES) {
        uint8_t app_key[CRYPT_AEAD_KEYBYTES];
        crypt_random(app_key, sizeof app_key);
        client_set_app_key(&e->client, &e->log, app_key);
        server_set_app_key(&e->server, &e->log, app_key);
        crypt_wipe(app_key, sizeof app_key);
    }
}

static void stage_client_hello(struct engine *e)
{
    struct bytes hello = {0};

    client_make_hello(&e->client, &e->log, &hello);
    send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &hello);
    if (server_receive_client_hello(&e->server, &e->log, hello.data, hello.len) != 0)
        abort_run(e, SIM_ACTOR_SERVER,
                  "the server found no cipher suite in common with the client");
    bytes_free(&hello);
}

static void stage_server_hello(struct engine *e)
{
    struct bytes hello = {0}, cert = {0}, extra = {0}, share = {0};
    char reason[SIM_REASON_MAX] = "";
    bool chain = sim_cert_is_chain(e->opts.cert);

    server_make_hello(&e->server, &e->log, &hello);
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &hello);
    server_make_certificate(&e->server, &e->log, &cert);
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &cert);
    bool has_extra = chain && server_make_intermediate(&e->server, &e->log, &extra);
    if (has_extra)
        send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &extra);
    if (e->server.ephemeral) {
        server_make_key_share(&e->server, &e->log, &share);
        send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &share);
    }
    if (client_receive_server_hello(&e->client, &e->log, hello.data, hello.len, reason,
                                    sizeof reason) != 0 ||
        (chain ? client_receive_chain(&e->client, &e->log, cert.data, cert.len,
                                      has_extra ? extra.data : NULL, extra.len, reason,
                                      sizeof reason)
               : client_receive_certificate(&e->client, &e->log, cert.data, cert.len, reason,
                                            sizeof reason)) != 0 ||
        (e->client.ephemeral &&
         client_receive_key_share(&e->client, &e->log, share.data, share.len, reason,
                                  sizeof reason) != 0))
        abort_run(e, SIM_ACTOR_CLIENT, reason);
    bytes_free(&hello);
    bytes_free(&cert);
    bytes_free(&extra);
    bytes_free(&share);
}

static void stage_session_key(struct engine *e)
{
    if (!e->client.ephemeral) {
        client_make_session_key(&e->client, &e->log);
        return;
    }
    if (client_agree(&e->client, &e->log) != 0)
        abort_run(e, SIM_ACTOR_CLIENT, "the client could not compute the shared secret");
    else if (server_agree(&e->server, &e->log) != 0)
        abort_run(e, SIM_ACTOR_SERVER, "the server could not compute the shared secret");
}

static void stage_key_exchange(struct engine *e)
{
    bytes_free(&e->to_server);
    if (e->client.ephemeral) {
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "sends no key at all: both sides already hold the same secret, and nothing "
                 "secret ever crossed the wire");
    } else if (client_make_key_exchange(&e->client, &e->log, &e->to_server) != 0) {
        abort_run(e, SIM_ACTOR_CLIENT, "the client could not seal the session key");
        return;
    } else {
        send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &e->to_server);
    }
    if (e->opts.finished) {
        bytes_free(&e->client_finished);
        client_make_finished(&e->client, &e->log, &e->client_finished);
        send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &e->client_finished);
    }
}

/* Stage 6 with --finished: the server checks the client's Finished and answers with its own. */
static void exchange_finished(struct engine *e)
{
    struct bytes server_finished = {0};

    if (server_receive_finished(&e->server, &e->log, e->client_finished.data,
                                e->client_finished.len) != 0) {
        abort_run(e, SIM_ACTOR_SERVER,
                  "the client's Finished does not match: the handshake was changed on the way");
        return;
    }
    server_make_finished(&e->server, &e->log, &server_finished);
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &server_finished);
    if (client_receive_finished(&e->client, &e->log, server_finished.data,
                                server_finished.len) != 0)
        abort_run(e, SIM_ACTOR_CLIENT,
                  "the server's Finished does not match: the handshake was changed on the way");
    bytes_free(&server_finished);
}

static void stage_unwrap(struct engine *e)
{
    if (e->server.ephemeral)
        server_derive_keys(&e->server, &e->log);
    else if (server_receive_key_exchange(&e->server, &e->log, e->to_server.data,
                                         e->to_server.len) != 0)
        abort_run(e, SIM_ACTOR_SERVER, "the server could not open the wrapped session key");
    bytes_free(&e->to_server);
    if (e->opts.finished && !e->result.aborted)
        exchange_finished(e);
    bytes_free(&e->client_finished);
}

static void stage_encrypt(struct engine *e)
{
    bytes_free(&e->to_server);
    if (client_make_app_data(&e->client, &e->log, &e->to_server) != 0) {
        abort_run(e, SIM_ACTOR_CLIENT, "the client could not encrypt its request");
        return;
    }
    send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &e->to_server);
    eve_try_to_read(&e->eve, &e->log);
}

static void stage_decrypt(struct engine *e)
{
    if (server_receive_app_data(&e->server, &e->log, e->to_server.data, e->to_server.len) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, "the server rejected a record that does not verify");
        return;
    }
    bytes_free(&e->to_client);
    if (server_make_reply(&e->server, &e->log, &e->to_client) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, "the server could not encrypt its reply");
        return;
    }
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &e->to_client);
    if (client_receive_reply(&e->client, &e->log, e->to_client.data, e->to_client.len) != 0) {
        abort_run(e, SIM_ACTOR_CLIENT, "the client rejected a reply that does not verify");
        return;
    }
    eve_try_to_read(&e->eve, &e->log);
    e->result.completed = true;
}

/* After the last stage, with --leak-key: the server's key leaks to Eve,
 * who tries it on everything she recorded. */
static void leak_key_after_session(struct engine *e)
{
    eve_receive_leaked_key(&e->eve, &e->log, e->server.sk);
    eve_try_to_read(&e->eve, &e->log);
}

typedef void (*stage_fn)(struct engine *e);

static const stage_fn stage_table[SIM_STAGE_COUNT] = {
    stage_keypair,     stage_client_hello, stage_server_hello, stage_session_key,
    stage_key_exchange, stage_unwrap,      stage_encrypt,      stage_decrypt,
};

/* Free (and wipe) what a run built: the actors, the frames in flight, the log. */
static void engine_release(struct engine *e)
{
    ca_free(&e->ca);
    ca_free(&e->other_ca);
    ca_free(&e->inter);
    server_free(&e->server);
    client_free(&e->client);
    eve_free(&e->eve);
    bytes_free(&e->to_server);
    bytes_free(&e->to_client);
    bytes_free(&e->client_finished);
    log_free(&e->log);
}

/* Put the engine back to stage 0: fresh actors, empty log, the random
 * stream rewound to where it started. */
static void engine_reset(struct engine *e)
{
    engine_release(e);
    memset(&e->result, 0, sizeof e->result);
    e->rng = e->start_rng;
    e->stage = 0;
    server_init(&e->server, &e->opts);
    client_init(&e->client, &e->opts, e->opts.message, e->clock);
    eve_init(&e->eve, &e->opts);
}

/* Load the files of --certs DIR; the host name becomes the certificate's
 * unless the user named one, which the client then checks against the
 * certificate as a browser would. */
static int load_certs(struct engine *e, char *err, size_t errlen)
{
    enum sim_cert kind = e->opts.cert;
    if (kind != SIM_CERT_CA && kind != SIM_CERT_WRONG_NAME && kind != SIM_CERT_CHAIN &&
        kind != SIM_CERT_MISSING_INTERMEDIATE) {
        snprintf(err, errlen, "--certs brings its own CA and certificate; leave out --cert "
                 "(or, with a --chain set, say --cert chain or missing-intermediate)");
        return -1;
    }
    if (certdir_load(e->opts.certs_dir, &e->certs, err, errlen) != 0)
        return -1;
    e->has_certs = true;
    if (sim_cert_is_chain(kind) && !e->certs.chain) {
        snprintf(err, errlen, "%s: --cert %s needs a set with an intermediate; make one with "
                 "'tlssim files --chain %s'", e->opts.certs_dir, sim_cert_name(kind),
                 e->opts.certs_dir);
        return -1;
    }
    if (kind == SIM_CERT_CA && e->certs.chain)
        e->opts.cert = SIM_CERT_CHAIN;  /* the set has a chain: the server sends it */
    size_t n = strlen(e->certs.host);
    if (n >= sizeof e->opts.host) {
        snprintf(err, errlen, "%s: the certificate's name is %zu bytes long; the most is %zu",
                 e->opts.certs_dir, n, sizeof e->opts.host - 1);
        return -1;
    }
    if (e->opts.cert != SIM_CERT_WRONG_NAME && !e->opts.host_given)
        memcpy(e->opts.host, e->certs.host, n + 1);
    return 0;
}

int engine_new(const struct sim_options *opts, struct engine **out, char *err, size_t errlen)
{
    *out = NULL;
    if (sim_options_runnable(opts, err, errlen) != 0)
        return -1;
    struct engine *e = xcalloc(1, sizeof *e);
    e->opts = *opts;
    if (opts->certs_dir[0] != '\0' && load_certs(e, err, errlen) != 0) {
        engine_free(e);
        return -1;
    }
    if (opts->seeded) {
        crypt_rng_from_number(&e->start_rng, opts->seed);
        e->clock = SIM_SEEDED_CLOCK;
    } else {
        crypt_rng_from_system(&e->start_rng);
        e->clock = (int64_t)time(NULL);
    }
    engine_reset(e);
    *out = e;
    return 0;
}

int engine_step(struct engine *e)
{
    if (e->stage >= SIM_STAGE_COUNT)
        return 1;
    e->stage++;
    e->log.stage = e->stage;
    crypt_rng_use(&e->rng);
    const struct stage_text *text = stage_text_get(e->stage, e->opts.mode == SIM_MODE_EPHEMERAL);
    log_text(&e->log, SIM_EV_NARRATION, SIM_ACTOR_CLIENT, "%s", text->narration);
    if (e->result.aborted)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "nothing happens: the handshake was aborted at stage %d", e->result.aborted_at);
    else
        stage_table[e->stage - 1](e);
    if (e->stage == SIM_STAGE_COUNT && e->opts.leak_key)
        leak_key_after_session(e);
    e->result.eve_read_plaintext = e->eve.read_plaintext;
    if (e->stage == SIM_STAGE_COUNT && e->eve.tampered && !e->result.aborted)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_EVE,
                 "Mallory changed messages in flight, and the handshake completed all the same");
    log_text(&e->log, SIM_EV_REAL_TLS, SIM_ACTOR_CLIENT, "%s", text->real_tls);
    crypt_rng_use(NULL);
    return 0;
}

void engine_goto(struct engine *e, int stage)
{
    if (stage < 0)
        stage = 0;
    if (stage > SIM_STAGE_COUNT)
        stage = SIM_STAGE_COUNT;
    if (stage < e->stage)
        engine_reset(e);
    while (e->stage < stage)
        engine_step(e);
}

int engine_stage(const struct engine *e)
{
    return e->stage;
}

size_t engine_event_count(const struct engine *e)
{
    return e->log.count;
}

const struct sim_event *engine_event(const struct engine *e, size_t i)
{
    return i < e->log.count ? &e->log.events[i] : NULL;
}

const struct sim_result *engine_result(const struct engine *e)
{
    return &e->result;
}

const struct sim_options *engine_options(const struct engine *e)
{
    return &e->opts;
}

int64_t engine_clock(const struct engine *e)
{
    return e->clock;
}

bool engine_trusted_ca(const struct engine *e, const uint8_t **der, size_t *len)
{
    if (e->client.trusted_ca.len == 0)
        return false;
    *der = e->client.trusted_ca.data;
    *len = e->client.trusted_ca.len;
    return true;
}

void engine_free(struct engine *e)
{
    if (e == NULL)
        return;
    engine_release(e);
    certdir_free(&e->certs);
    crypt_wipe(e, sizeof *e);
    free(e);
}
