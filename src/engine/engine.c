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
#include "engine/observed.h"
#include "engine/proto_tls13.h"
#include "engine/stage_text.h"
#include "engine/stage_text_tls13.h"
#include "engine/wire.h"
#include "pki/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEACH_CERT_STAGE 3        /* the teaching flow's Certificate frame */
/* How the walk's client came by its CA root: as a browser's does. */
#define TRUST_SHIPPED "shipped with the system"

struct engine {
    struct sim_options opts;
    struct crypt_rng start_rng;   /* the stream as it was at stage 0, for replays */
    struct crypt_rng rng;
    int64_t clock;
    int stage;
    struct sim_log log;
    struct sim_result result;
    struct ca *ca;                /* the CA in the client's trust store */
    struct ca *other_ca;          /* a CA nobody trusts (--cert untrusted) */
    struct ca *inter;             /* the intermediate CA of the chain kinds */
    struct server *server;
    struct client *client;
    struct eve *eve;
    struct bytes to_server;       /* a frame sent but not yet read */
    struct bytes to_client;
    struct bytes client_finished; /* the client's Finished, read at stage 6 */
    struct certdir certs;         /* keys and certificates from --certs DIR */
    bool has_certs;
    size_t tamper_event;          /* the log index where a message was first changed */
    bool cert_changed;            /* a certificate (or bare key) was changed on the way */
    struct tls13_walk *t13;       /* --protocol tls13: stages 2 to 8, or NULL */
    struct observed *observed;    /* engine_new_observed: one side's log, no actors; or NULL */
};

const char *engine_stage_name(int stage)
{
    const char *name = stage_text_name(stage);
    return name ? name : "?";
}

const char *engine_stage_title(const struct engine *e, int stage)
{
    if (e->opts.protocol != SIM_PROTOCOL_TLS13)
        return engine_stage_name(stage);
    const char *name = stage_text_tls13_name(stage);
    return name ? name : "?";
}

const char *sim_protocol_compare_heading(enum sim_protocol protocol)
{
    return protocol == SIM_PROTOCOL_TLS13 ? "Unlike the teaching flow" : "In real TLS";
}

const char *engine_compare_heading(const struct engine *e)
{
    return sim_protocol_compare_heading(e->opts.protocol);
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
        eve_record(e->eve, &e->log, frame->data, frame->len);
    size_t before = e->log.count;
    if (eve_intercept(e->eve, &e->log, e->stage, to, frame)) {
        if (e->result.tamper_at == 0) {
            e->result.tamper_at = e->stage;
            e->tamper_event = before;
        }
        if (frame->data[0] == WIRE_CERTIFICATE || frame->data[0] == WIRE_SERVER_PUBLIC_KEY)
            e->cert_changed = true;
        count = wire_describe(frame->data, frame->len, &fields);
        char *title = xasprintf("%s, as Mallory passes it on", wire_type_name(frame->data[0]));
        ev = log_wire(&e->log, SIM_ACTOR_EVE, to, title, frame->data, frame->len, fields, count);
        ev->off_wire = off_wire;
        free(title);
    }
}

/* The first check of this stage that actor made and that did not pass, or NULL. */
static const struct sim_event *failed_check(const struct engine *e, enum sim_actor actor)
{
    for (size_t i = 0; i < e->log.count; i++) {
        const struct sim_event *ev = &e->log.events[i];
        if (ev->kind == SIM_EV_CHECK && ev->stage == e->stage && ev->actor == actor &&
            ev->outcome != FACT_PASS)
            return ev;
    }
    return NULL;
}

/* Mark the run aborted at the current stage by actor, with a reason: a
 * handshake abort, or (once the handshake is done) a fatal alert. */
static void abort_run(struct engine *e, enum sim_actor actor, const char *reason)
{
    if (e->result.aborted)
        return;
    const struct sim_event *check = failed_check(e, actor);
    e->result.aborted = true;
    e->result.aborted_at = e->stage;
    e->result.aborted_by = actor;
    e->result.alert = e->result.handshake_done;
    e->result.reason_id = check ? check->check_id : NULL;
    e->result.reason_code = check ? check->reason_code : NULL;
    snprintf(e->result.reason, sizeof e->result.reason, "%s", reason);
    if (e->result.alert)
        log_text(&e->log, SIM_EV_ACTION, actor,
                 "sends a fatal bad_record_mac alert and closes the connection: %s", reason);
    else
        log_text(&e->log, SIM_EV_ACTION, actor, "aborts the handshake: %s", reason);
}

/* Stage 1 for a server that asks a CA: the CSR goes out, a certificate comes back. */
static void enrol_with(struct engine *e, struct ca *ca)
{
    struct bytes csr = {0}, issued = {0};

    if (server_make_keypair_and_csr(e->server, &e->log, &csr) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, "the server could not make its keypair and request");
        goto done;
    }
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CA, &csr);
    if (ca_handle_csr(ca, &e->log, csr.data, csr.len, &issued) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the CA refused to issue a certificate");
        goto done;
    }
    send_frame(e, SIM_ACTOR_CA, SIM_ACTOR_SERVER, &issued);
    if (server_store_certificate(e->server, &e->log, issued.data, issued.len) != 0)
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

    if (ca_start_intermediate(e->inter, &e->log, e->ca, CA_INTERMEDIATE_NAME,
                              kind != SIM_CERT_NOT_A_CA) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the root could not issue the intermediate's certificate");
        return;
    }
    enrol_with(e, e->inter);
    if (e->result.aborted)
        return;
    if (kind == SIM_CERT_MISSING_INTERMEDIATE)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "is set up with its own "
                 "certificate alone (cert.pem, not fullchain.pem): it will not send the "
                 "intermediate's");
    else
        server_set_intermediate(e->server, &e->log, ca_certificate(e->inter)->data,
                                ca_certificate(e->inter)->len);
    if (ca_publish_crl(e->inter, &e->log, kind == SIM_CERT_REVOKED) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the intermediate could not sign its revocation list");
        return;
    }
    client_take_crl(e->client, &e->log, ca_crl(e->inter)->data, ca_crl(e->inter)->len);
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
        if (ca_start(e->ca, &e->log, e->clock, CA_COMMON_NAME) != 0) {
            abort_run(e, SIM_ACTOR_CA, "the CA could not make its certificate");
            return;
        }
        client_trust(e->client, &e->log, ca_certificate(e->ca)->data, ca_certificate(e->ca)->len,
                     TRUST_SHIPPED);
    } else {
        ca_adopt(e->ca, &e->log, e->clock, CERTDIR_CA_NAME, cd->ca_pk, cd->ca_sk,
                 cd->ca_cert.data, cd->ca_cert.len);
        client_trust(e->client, &e->log, cd->ca_cert.data, cd->ca_cert.len, TRUST_SHIPPED);
    }
    if (server_adopt(e->server, &e->log, cd->server_pk, cd->server_sk, cd->server_cert.data,
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
        server_set_intermediate(e->server, &e->log, cd->inter_cert.data, cd->inter_cert.len);
    client_take_crl(e->client, &e->log, cd->crl.data, cd->crl.len);
}

/* Whether the run uses ephemeral key shares rather than key transport. */
static bool ephemeral(const struct engine *e)
{
    return e->opts.mode == SIM_MODE_EPHEMERAL;
}

static void stage_keypair(struct engine *e)
{
    if (e->has_certs) {
        adopt_certs(e);
    } else if (ca_start(e->ca, &e->log, e->clock, CA_COMMON_NAME) != 0) {
        abort_run(e, SIM_ACTOR_CA, "the CA could not make its certificate");
        return;
    } else {
        const struct bytes *root = ca_certificate(e->ca);
        client_trust(e->client, &e->log, root->data, root->len, TRUST_SHIPPED);
    }
    switch (e->opts.cert) {
    case SIM_CERT_NONE:
        if (server_make_keypair(e->server, &e->log) != 0)
            abort_run(e, SIM_ACTOR_SERVER, "the server could not make its keypair");
        else
            log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                     "gets no certificate at all: it will hand out its bare public key");
        break;
    case SIM_CERT_SELF_SIGNED:
        if (server_make_self_signed(e->server, &e->log, e->clock) != 0)
            abort_run(e, SIM_ACTOR_SERVER, "the server could not sign its own certificate");
        break;
    case SIM_CERT_UNTRUSTED:
        if (ca_start(e->other_ca, &e->log, e->clock, CA_OTHER_COMMON_NAME) != 0) {
            abort_run(e, SIM_ACTOR_CA, "the other CA could not make its certificate");
            return;
        }
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_SERVER,
                 "buys its certificate from %s, which no client trust store includes",
                 CA_OTHER_COMMON_NAME);
        enrol_with(e, e->other_ca);
        break;
    case SIM_CERT_EXPIRED:
        ca_issue_expired(e->ca);
        enrol_with(e, e->ca);
        break;
    case SIM_CERT_CA:
    case SIM_CERT_WRONG_NAME:
        if (!e->has_certs)  /* the certificate from --certs is already installed */
            enrol_with(e, e->ca);
        break;
    case SIM_CERT_CHAIN:
    case SIM_CERT_MISSING_INTERMEDIATE:
    case SIM_CERT_REVOKED:
    case SIM_CERT_NOT_A_CA:
        if (!e->has_certs)
            enrol_with_intermediate(e);
        break;
    }
    if (e->opts.mitm && !e->result.aborted && eve_prepare_mitm(e->eve, &e->log, e->clock) != 0)
        abort_run(e, SIM_ACTOR_EVE, "Mallory could not make her certificate");
    if (e->opts.payload == SIM_PAYLOAD_AES) {
        uint8_t app_key[CRYPT_AEAD_KEYBYTES];
        crypt_random(app_key, sizeof app_key);
        client_set_app_key(e->client, &e->log, app_key);
        server_set_app_key(e->server, &e->log, app_key);
        crypt_wipe(app_key, sizeof app_key);
    }
}

static void stage_client_hello(struct engine *e)
{
    struct bytes hello = {0};

    client_make_hello(e->client, &e->log, &hello);
    send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &hello);
    if (server_receive_client_hello(e->server, &e->log, hello.data, hello.len) != 0)
        abort_run(e, SIM_ACTOR_SERVER,
                  "the server found no cipher suite in common with the client");
    bytes_free(&hello);
}

static void stage_server_hello(struct engine *e)
{
    struct bytes hello = {0}, cert = {0}, extra = {0}, share = {0};
    char reason[SIM_REASON_MAX] = "";
    bool chain = sim_cert_is_chain(e->opts.cert);

    server_make_hello(e->server, &e->log, &hello);
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &hello);
    server_make_certificate(e->server, &e->log, &cert);
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &cert);
    bool has_extra = chain && server_make_intermediate(e->server, &e->log, &extra);
    if (has_extra)
        send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &extra);
    if (ephemeral(e)) {
        server_make_key_share(e->server, &e->log, &share);
        send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &share);
    }
    if (client_receive_server_hello(e->client, &e->log, hello.data, hello.len, reason,
                                    sizeof reason) != 0 ||
        (chain ? client_receive_chain(e->client, &e->log, cert.data, cert.len,
                                      has_extra ? extra.data : NULL, extra.len, reason,
                                      sizeof reason)
               : client_receive_certificate(e->client, &e->log, cert.data, cert.len, reason,
                                            sizeof reason)) != 0 ||
        (ephemeral(e) &&
         client_receive_key_share(e->client, &e->log, share.data, share.len, reason,
                                  sizeof reason) != 0))
        abort_run(e, SIM_ACTOR_CLIENT, reason);
    bytes_free(&hello);
    bytes_free(&cert);
    bytes_free(&extra);
    bytes_free(&share);
}

static void stage_session_key(struct engine *e)
{
    if (!ephemeral(e)) {
        client_make_session_key(e->client, &e->log);
        return;
    }
    if (client_agree(e->client, &e->log) != 0)
        abort_run(e, SIM_ACTOR_CLIENT, "the client could not compute the shared secret");
    else if (server_agree(e->server, &e->log) != 0)
        abort_run(e, SIM_ACTOR_SERVER, "the server could not compute the shared secret");
}

static void stage_key_exchange(struct engine *e)
{
    bytes_free(&e->to_server);
    if (ephemeral(e)) {
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "sends no key at all: both sides already hold the same secret, and nothing "
                 "secret ever crossed the wire");
    } else if (client_make_key_exchange(e->client, &e->log, &e->to_server) != 0) {
        abort_run(e, SIM_ACTOR_CLIENT, "the client could not seal the session key");
        return;
    } else {
        send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &e->to_server);
    }
    if (e->opts.finished) {
        bytes_free(&e->client_finished);
        client_make_finished(e->client, &e->log, &e->client_finished);
        send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &e->client_finished);
    }
}

/* Stage 6 with --finished: the server checks the client's Finished and answers with its own. */
static void exchange_finished(struct engine *e)
{
    struct bytes server_finished = {0};

    if (server_receive_finished(e->server, &e->log, e->client_finished.data,
                                e->client_finished.len) != 0) {
        abort_run(e, SIM_ACTOR_SERVER,
                  "the client's Finished does not match: the handshake was changed on the way");
        return;
    }
    server_make_finished(e->server, &e->log, &server_finished);
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &server_finished);
    if (client_receive_finished(e->client, &e->log, server_finished.data,
                                server_finished.len) != 0)
        abort_run(e, SIM_ACTOR_CLIENT,
                  "the server's Finished does not match: the handshake was changed on the way");
    bytes_free(&server_finished);
}

static void stage_unwrap(struct engine *e)
{
    if (ephemeral(e))
        server_derive_keys(e->server, &e->log);
    else if (server_receive_key_exchange(e->server, &e->log, e->to_server.data,
                                         e->to_server.len) != 0)
        abort_run(e, SIM_ACTOR_SERVER, "the server could not open the wrapped session key");
    bytes_free(&e->to_server);
    if (e->opts.finished && !e->result.aborted)
        exchange_finished(e);
    bytes_free(&e->client_finished);
    if (!e->result.aborted)
        e->result.handshake_done = true;
}

static void stage_encrypt(struct engine *e)
{
    bytes_free(&e->to_server);
    if (client_make_app_data(e->client, &e->log, &e->to_server) != 0) {
        abort_run(e, SIM_ACTOR_CLIENT, "the client could not encrypt its request");
        return;
    }
    send_frame(e, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, &e->to_server);
    eve_try_to_read(e->eve, &e->log);
}

static void stage_decrypt(struct engine *e)
{
    if (server_receive_app_data(e->server, &e->log, e->to_server.data, e->to_server.len) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, "the server rejected a record that does not verify");
        return;
    }
    bytes_free(&e->to_client);
    if (server_make_reply(e->server, &e->log, &e->to_client) != 0) {
        abort_run(e, SIM_ACTOR_SERVER, "the server could not encrypt its reply");
        return;
    }
    send_frame(e, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, &e->to_client);
    if (client_receive_reply(e->client, &e->log, e->to_client.data, e->to_client.len) != 0) {
        abort_run(e, SIM_ACTOR_CLIENT, "the client rejected a reply that does not verify");
        return;
    }
    eve_try_to_read(e->eve, &e->log);
}

/* After the last stage, with --leak-key: the server's key leaks to Eve,
 * who tries it on everything she recorded. */
static void leak_key_after_session(struct engine *e)
{
    eve_receive_leaked_key(e->eve, &e->log, server_secret_key(e->server));
    eve_try_to_read(e->eve, &e->log);
}

/* Fold the checks logged since index first into the result: certificate
 * rejection, where tampering was caught, a caught downgrade; then the
 * facts only the actors hold (an override, a negotiated null suite, what
 * the attacker read) and forward secrecy once the leak has been tried. */
static void update_facts(struct engine *e, size_t first)
{
    struct sim_result *r = &e->result;
    bool leak_opened = false;

    for (size_t i = first; i < e->log.count; i++) {
        const struct sim_event *ev = &e->log.events[i];
        if (ev->kind != SIM_EV_CHECK)
            continue;
        const struct fact_check *row = fact_check_find(ev->check_id);
        if (row->attacker) {
            if (strcmp(ev->check_id, "leak.wrap.open") == 0 && ev->outcome == FACT_PASS)
                leak_opened = true;
            continue;
        }
        if (ev->outcome == FACT_PASS)
            continue;
        if (strcmp(ev->check_id, "server.authenticated") == 0)
            r->bare_key = true;
        if (strncmp(ev->check_id, "cert.", 5) == 0 && !r->cert_rejected) {
            r->cert_rejected = true;
            r->cert_failed_id = ev->check_id;
        }
        /* A certificate check catches a change only when the certificate
         * itself was changed; otherwise it fails for the kind of certificate
         * (untrusted, self-signed), not for a change to another message. */
        bool cert_check = strncmp(ev->check_id, "cert.", 5) == 0;
        if (row->detects_change && r->tamper_at != 0 && i >= e->tamper_event &&
            (!cert_check || e->cert_changed) && !r->tamper_detected) {
            r->tamper_detected = true;
            r->tamper_detected_at = ev->stage;
            r->tamper_detected_by = ev->check_id;
        }
        if (strncmp(ev->check_id, "finished.", 9) == 0 && e->opts.downgrade)
            r->downgrade_caught = true;
    }
    if (e->stage == 3)
        r->server_authenticated = !r->aborted && !r->cert_rejected && e->opts.cert != SIM_CERT_NONE;
    r->cert_overridden = client_overrode_warning(e->client);
    r->downgraded = client_suite_is_null(e->client);
    r->eve_read_plaintext = eve_read_plaintext(e->eve);
    if (r->eve_read_plaintext && r->reader == SIM_READER_NOBODY) {
        bool relayed = e->opts.mitm && !r->downgraded;
        r->reader = relayed ? SIM_READER_MALLORY : SIM_READER_EVE;
        r->read_how = relayed          ? SIM_READ_MITM
                      : r->downgraded  ? SIM_READ_CLEAR
                                       : SIM_READ_LEAKED_KEY;
    }
    if (e->stage == SIM_STAGE_COUNT && e->opts.leak_key && r->handshake_done)
        r->forward_secrecy = leak_opened ? SIM_FS_BROKEN : SIM_FS_HELD;
    if (e->stage == SIM_STAGE_COUNT && !r->aborted)
        r->completed = true;
}

/* The situation bits (stage_text.h) of the run as it stands after the
 * stage that has just run; aborted_before says it was over before it. */
static unsigned situation(const struct engine *e, bool aborted_before)
{
    const struct sim_result *r = &e->result;
    const struct sim_options *o = &e->opts;
    unsigned sit = situation_measured(o, r, aborted_before);

    if (o->cert == SIM_CERT_NONE)
        sit |= SIT_BARE_KEY;
    else if (o->cert == SIM_CERT_SELF_SIGNED)
        sit |= SIT_SELF_SIGNED;
    else if (e->has_certs)
        sit |= SIT_LOADED;
    else
        sit |= SIT_CA_ISSUED;
    if (o->mitm) {
        sit |= SIT_MITM;
        if (e->stage >= 3 && !(r->aborted && r->aborted_at <= 3))
            sit |= SIT_MITM_RELAY;
    }
    if (r->downgraded)
        sit |= SIT_CLEAR;
    if (r->eve_read_plaintext)
        sit |= SIT_READ;
    if (r->forward_secrecy == SIM_FS_HELD)
        sit |= SIT_FS_HELD;
    if (r->forward_secrecy == SIM_FS_BROKEN)
        sit |= SIT_FS_BROKEN;
    if (o->payload == SIM_PAYLOAD_AES)
        sit |= SIT_APP_LAYER;
    if (o->downgrade)
        sit |= SIT_DOWNGRADE;
    if (o->tamper_stage == 2 && r->tamper_at == 2 && !r->tamper_detected && !o->mitm)
        sit |= SIT_HELLO_CHANGED;
    if (r->tamper_at == e->stage)
        sit |= SIT_TAMPERED_HERE;
    if (sim_cert_is_chain(o->cert)) {
        sit |= SIT_CHAIN;
        if (o->cert != SIM_CERT_MISSING_INTERMEDIATE)
            sit |= SIT_SENDS_INTERMEDIATE;
    }
    return sit;
}

/* Stages 2 to 8 under --protocol tls13: at stage 2 the TLS 1.3 client and
 * server start with what stage 1 made (Mallory's server too, in the
 * middle); then the walk runs the stage. */
static void stage_tls13(struct engine *e)
{
    if (e->stage == 2) {
        struct tls13_walk_setup s = {0};
        char why[X509_ERR_MAX];
        if (!client_trusted_ca(e->client, &s.ca_der, &s.ca_len) ||
            !server_certificates(e->server, &s.cert_der, &s.cert_len, &s.inter_der,
                                 &s.inter_len)) {
            abort_run(e, SIM_ACTOR_SERVER, "stage 1 left the server without a certificate");
            return;
        }
        s.server_sk = server_secret_key(e->server);
        if (e->opts.mitm &&
            !eve_mitm_identity(e->eve, &s.mallory_cert, &s.mallory_len, &s.mallory_sk)) {
            abort_run(e, SIM_ACTOR_EVE, "Mallory has no certificate of her own");
            return;
        }
        if (tls13_walk_setup(e->t13, &s, why, sizeof why) != 0) {
            abort_run(e, SIM_ACTOR_CLIENT, why);
            return;
        }
    }
    tls13_walk_stage(e->t13, &e->log, &e->result, e->stage);
}

/* The narration (real == false) or the comparison (real) of the stage that
 * has just run, chosen by the protocol's situation bits. */
static char *compose_stage_text(const struct engine *e, bool aborted_before, bool real,
                                unsigned *claims)
{
    unsigned sit = situation(e, aborted_before);
    if (e->t13 == NULL)
        return stage_text_compose(e->stage, sit, real, claims);
    unsigned t13 = tls13_walk_situation(e->t13, &e->result, e->stage, aborted_before);
    return stage_text_tls13_compose(e->stage, t13, sit, real, claims);
}

typedef void (*stage_fn)(struct engine *e);

static const stage_fn stage_table[SIM_STAGE_COUNT] = {
    stage_keypair,     stage_client_hello, stage_server_hello, stage_session_key,
    stage_key_exchange, stage_unwrap,      stage_encrypt,      stage_decrypt,
};

/* Free (and wipe) what a run built: the actors, the frames in flight, the log. */
static void engine_release(struct engine *e)
{
    ca_free(e->ca);
    ca_free(e->other_ca);
    ca_free(e->inter);
    server_free(e->server);
    client_free(e->client);
    eve_free(e->eve);
    e->ca = e->other_ca = e->inter = NULL;
    e->server = NULL;
    e->client = NULL;
    e->eve = NULL;
    bytes_free(&e->to_server);
    bytes_free(&e->to_client);
    bytes_free(&e->client_finished);
    tls13_walk_free(e->t13);
    e->t13 = NULL;
    log_free(&e->log);
}

/* Put the engine back to stage 0: fresh actors, empty log, the random
 * stream rewound to where it started. */
static void engine_reset(struct engine *e)
{
    engine_release(e);
    memset(&e->result, 0, sizeof e->result);
    e->tamper_event = 0;
    e->cert_changed = false;
    e->rng = e->start_rng;
    e->stage = 0;
    e->ca = ca_new();
    e->other_ca = ca_new();
    e->inter = ca_new();
    e->server = server_new(&e->opts);
    e->client = client_new(&e->opts, e->opts.message, e->clock);
    e->eve = eve_new(&e->opts);
    if (e->opts.protocol == SIM_PROTOCOL_TLS13)
        e->t13 = tls13_walk_new(&e->opts, e->clock);
}

/* Take a copy of the set loaded from --certs DIR; the host name becomes
 * the certificate's unless the user named one, which the client then checks
 * against the certificate as a browser would. */
static int adopt_certdir(struct engine *e, const struct certdir *cd, char *err, size_t errlen)
{
    enum sim_cert kind = e->opts.cert;
    if (kind != SIM_CERT_CA && kind != SIM_CERT_WRONG_NAME && kind != SIM_CERT_CHAIN &&
        kind != SIM_CERT_MISSING_INTERMEDIATE) {
        snprintf(err, errlen, "--certs brings its own CA and certificate; leave out --cert "
                 "(or, with a --chain set, say --cert chain or missing-intermediate)");
        return -1;
    }
    memcpy(e->certs.ca_pk, cd->ca_pk, sizeof e->certs.ca_pk);
    memcpy(e->certs.ca_sk, cd->ca_sk, sizeof e->certs.ca_sk);
    memcpy(e->certs.server_pk, cd->server_pk, sizeof e->certs.server_pk);
    memcpy(e->certs.server_sk, cd->server_sk, sizeof e->certs.server_sk);
    bytes_append(&e->certs.ca_cert, cd->ca_cert.data, cd->ca_cert.len);
    bytes_append(&e->certs.server_cert, cd->server_cert.data, cd->server_cert.len);
    memcpy(e->certs.host, cd->host, sizeof e->certs.host);
    e->certs.chain = cd->chain;
    e->certs.self_signed = cd->self_signed;
    bytes_append(&e->certs.inter_cert, cd->inter_cert.data, cd->inter_cert.len);
    bytes_append(&e->certs.crl, cd->crl.data, cd->crl.len);
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
    return engine_new_with_certs(opts, NULL, out, err, errlen);
}

int engine_new_with_certs(const struct sim_options *opts, const struct certdir *certs,
                          struct engine **out, char *err, size_t errlen)
{
    *out = NULL;
    if (opts->certs_dir[0] != '\0' && certs == NULL) {
        snprintf(err, errlen, "--certs %s: the files were not loaded; load them with "
                              "sim_open_engine()", opts->certs_dir);
        return -1;
    }
    if (sim_options_runnable(opts, err, errlen) != 0)
        return -1;
    struct engine *e = xcalloc(1, sizeof *e);
    e->opts = *opts;
    if (opts->certs_dir[0] != '\0' && adopt_certdir(e, certs, err, errlen) != 0) {
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

struct engine *engine_new_observed(const struct sim_options *opts, enum sim_actor local_actor)
{
    struct engine *e = xcalloc(1, sizeof *e);

    e->opts = *opts;
    e->clock = opts->seeded ? SIM_SEEDED_CLOCK : (int64_t)time(NULL);
    e->observed = observed_new(opts, local_actor);
    return e;
}

void engine_observe(struct engine *e, const struct sim_log *log, int reached_stage,
                    const struct sim_observed_end *end)
{
    if (e->observed != NULL)
        observed_take(e->observed, log, reached_stage, end);
}

int engine_reached_stage(const struct engine *e)
{
    return e->observed != NULL ? observed_reached(e->observed) : SIM_STAGE_COUNT;
}

enum sim_actor engine_local_actor(const struct engine *e)
{
    return e->observed != NULL ? observed_local(e->observed) : SIM_ACTOR_COUNT;
}

int engine_step(struct engine *e)
{
    if (e->observed != NULL) {
        if (observed_stage(e->observed) >= observed_reached(e->observed))
            return 1;
        observed_goto(e->observed, observed_stage(e->observed) + 1);
        return 0;
    }
    if (e->stage >= SIM_STAGE_COUNT)
        return 1;
    e->stage++;
    e->log.stage = e->stage;
    crypt_rng_use(&e->rng);
    size_t first = e->log.count;
    bool aborted_before = e->result.aborted;
    log_text(&e->log, SIM_EV_NARRATION, SIM_ACTOR_CLIENT, "%s", "");
    if (e->result.aborted)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT,
                 "nothing happens: the handshake was aborted at stage %d", e->result.aborted_at);
    else if (e->t13 != NULL && e->stage > 1)
        stage_tls13(e);
    else
        stage_table[e->stage - 1](e);
    if (e->stage == SIM_STAGE_COUNT && e->opts.leak_key && e->t13 == NULL)
        leak_key_after_session(e);
    else if (e->stage == SIM_STAGE_COUNT && e->opts.leak_key && e->result.handshake_done)
        tls13_walk_leak(e->t13, &e->log, &e->result, server_secret_key(e->server));
    if (e->t13 == NULL || e->stage == 1)
        update_facts(e, first);
    if (e->stage == SIM_STAGE_COUNT && eve_tampered(e->eve) && !e->result.aborted)
        log_text(&e->log, SIM_EV_ACTION, SIM_ACTOR_EVE,
                 "Mallory changed messages in flight, and the handshake completed all the same");
    struct sim_event *narration = &e->log.events[first];
    free(narration->text);
    narration->text = compose_stage_text(e, aborted_before, false, &narration->claims);
    unsigned claims;
    char *real = compose_stage_text(e, aborted_before, true, &claims);
    log_text(&e->log, SIM_EV_REAL_TLS, SIM_ACTOR_CLIENT, "%s", real);
    e->log.events[e->log.count - 1].claims = claims;
    free(real);
    crypt_rng_use(NULL);
    return 0;
}

void engine_goto(struct engine *e, int stage)
{
    if (stage < 0)
        stage = 0;
    if (stage > SIM_STAGE_COUNT)
        stage = SIM_STAGE_COUNT;
    if (e->observed != NULL) {
        observed_goto(e->observed, stage);
        return;
    }
    if (stage < e->stage)
        engine_reset(e);
    while (e->stage < stage)
        engine_step(e);
}

int engine_stage(const struct engine *e)
{
    if (e->observed != NULL)
        return observed_stage(e->observed);
    return e->stage;
}

size_t engine_event_count(const struct engine *e)
{
    if (e->observed != NULL)
        return observed_event_count(e->observed);
    return e->log.count;
}

const struct sim_event *engine_event(const struct engine *e, size_t i)
{
    if (e->observed != NULL)
        return observed_event(e->observed, i);
    return i < e->log.count ? &e->log.events[i] : NULL;
}

const struct sim_result *engine_result(const struct engine *e)
{
    if (e->observed != NULL)
        return observed_result(e->observed);
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
    if (e->observed != NULL)
        return observed_trusted_ca(e->observed, der, len);
    return client_trusted_ca(e->client, der, len);
}

bool engine_received_certificate(const struct engine *e, const uint8_t **der, size_t *len)
{
    if (e->observed != NULL)
        return observed_received_certificate(e->observed, der, len);
    if (e->t13 != NULL)
        return tls13_walk_received_certificate(e->t13, der, len);
    return client_received_certificate(e->client, der, len);
}

bool engine_received_intermediate(const struct engine *e, const uint8_t **der, size_t *len)
{
    return e->t13 != NULL && tls13_walk_received_intermediate(e->t13, der, len);
}

int engine_certificate_stage(const struct engine *e)
{
    return e->opts.protocol == SIM_PROTOCOL_TLS13 ? TLS13_WALK_CERT_STAGE : TEACH_CERT_STAGE;
}

void engine_free(struct engine *e)
{
    if (e == NULL)
        return;
    engine_release(e);
    observed_free(e->observed);
    certdir_free(&e->certs);
    crypt_free(e, sizeof *e);
}
