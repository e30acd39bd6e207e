/*
 * flow_client.c - one connection of the eight-stage flow, client side: the
 * walk's client actor, whom it trusts, the order of the FLIGHTs it expects
 * and the narration of each stage once it is over.
 */
#include "net/flow_client.h"

#include "engine/actor_client.h"
#include "engine/engine.h"
#include "engine/observed.h"
#include "engine/stage_text.h"
#include "engine/wire.h"
#include "net/frame_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLIGHT_MESSAGES_MAX 4   /* ServerHello, Certificate, intermediate, ServerKeyExchange */

struct flow_client {
    char name[NET_NAME_MAX + 1];
    struct bytes ca;                   /* --ca, DER, or empty */
    char fingerprint_given[FLOW_FINGERPRINT_HEX * 2];
    bool has_fingerprint;
    char host[SIM_HOST_MAX];
    char message[SIM_MESSAGE_MAX];
    int64_t clock;
    bool accept_bad_cert;
    struct flow_settings settings;
    bool has_settings;
    struct net_reader reader;
    struct bytes out;
    struct sim_log log;
    struct client *client;
    enum flow_client_state state;
    int stages_done;
    size_t narration;                  /* index of the open stage's narration event */
    bool stage_open;
    struct bytes offered;              /* TRUST's certificate */
    char offered_hex[FLOW_FINGERPRINT_HEX + 1];
    struct bytes flight[FLIGHT_MESSAGES_MAX];
    size_t flight_count;
    bool failed_remotely;
    bool cert_rejected;
    char reason[NET_REASON_MAX + 1];
    char reply[SIM_MESSAGE_MAX + 1];
};

struct flow_client *flow_client_new(const struct flow_client_config *cfg)
{
    struct flow_client *fc = xcalloc(1, sizeof *fc);

    snprintf(fc->name, sizeof fc->name, "%s", cfg->name);
    if (cfg->ca_der != NULL)
        bytes_append(&fc->ca, cfg->ca_der, cfg->ca_len);
    if (cfg->ca_fingerprint != NULL) {
        snprintf(fc->fingerprint_given, sizeof fc->fingerprint_given, "%s", cfg->ca_fingerprint);
        fc->has_fingerprint = true;
    }
    if (cfg->host != NULL)
        snprintf(fc->host, sizeof fc->host, "%s", cfg->host);
    if (cfg->message != NULL)
        snprintf(fc->message, sizeof fc->message, "%s", cfg->message);
    fc->clock = cfg->clock;
    fc->accept_bad_cert = cfg->accept_bad_cert;
    net_reader_init(&fc->reader);
    struct bytes hello = {0};
    net_hello_encode(&hello, NET_ROLE_CLIENT, fc->name);
    net_frame_encode(&fc->out, NET_FRAME_HELLO, hello.data, hello.len);
    bytes_free(&hello);
    return fc;
}

/* The situation bits of the stage that is closing, as far as the client
 * knows: its own result there (seen), the settings the server sent, and
 * whether the stage ends the run (aborted_here). */
static unsigned situation(const struct flow_client *fc, const struct sim_result *seen, int stage,
                          bool aborted_here)
{
    struct sim_options o;

    flow_settings_to_options(&fc->settings, &o);
    unsigned sit = situation_one_side(&o, seen, stage);
    if (aborted_here)
        sit |= SIT_ABORTED_HERE;
    if (fc->cert_rejected)
        sit |= SIT_CERT_REJECTED;
    if (stage == SIM_STAGE_COUNT && fc->state == FLOW_CLIENT_COMPLETED)
        sit |= SIT_COMPLETED;
    return sit;
}

/* Open the next stage: its narration is a place-holder until it closes. */
static void open_stage(struct flow_client *fc)
{
    fc->log.stage = fc->stages_done + 1;
    fc->narration = fc->log.count;
    log_text(&fc->log, SIM_EV_NARRATION, SIM_ACTOR_CLIENT, "%s", "");
    fc->stage_open = true;
}

/* Close the open stage: write its narration and what real TLS does. */
static void close_stage(struct flow_client *fc, bool aborted_here)
{
    unsigned claims;
    int stage = fc->log.stage;

    if (!fc->stage_open)
        return;
    /* the client tells only what its own side saw, as the observed engine does */
    struct sim_result seen;
    /* how it ended, once it did: the server's BYE, or this side's stop */
    struct sim_observed_end ended = {.by_remote = fc->failed_remotely, .reason = fc->reason};
    sim_result_from_log(&fc->log, SIM_ACTOR_CLIENT, stage, aborted_here ? &ended : NULL, &seen);
    unsigned unknown = observed_unknown_claims(&seen);
    unsigned sit = situation(fc, &seen, stage, aborted_here);
    struct sim_event *narration = &fc->log.events[fc->narration];
    free(narration->text);
    narration->text = stage_text_compose_known(stage, sit, false, unknown, &narration->claims);
    char *real = stage_text_compose_known(stage, sit, true, unknown, &claims);
    log_text(&fc->log, SIM_EV_REAL_TLS, SIM_ACTOR_CLIENT, "%s", real);
    fc->log.events[fc->log.count - 1].claims = claims;
    free(real);
    fc->stages_done = stage;
    fc->stage_open = false;
}

void flow_client_fail(struct flow_client *fc, const char *reason, bool say_bye)
{
    if (flow_client_over(fc))
        return;
    snprintf(fc->reason, sizeof fc->reason, "%s", reason);
    if (say_bye)
        net_frame_encode(&fc->out, NET_FRAME_BYE, (const uint8_t *)fc->reason,
                         strlen(fc->reason));
    if (fc->stage_open) {
        log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "%s: %s", say_bye ?
                 "aborts the handshake" : "stops", reason);
        close_stage(fc, true);
    }
    fc->state = FLOW_CLIENT_FAILED;
}

/* Log a message the client sends and queue it as a FLIGHT of its stage. */
static void send_flight(struct flow_client *fc, const struct bytes *msg, bool more)
{
    struct sim_field *fields = NULL;
    size_t count = wire_describe(msg->data, msg->len, &fields);

    log_wire(&fc->log, SIM_ACTOR_CLIENT, SIM_ACTOR_SERVER, wire_type_name(msg->data[0]),
             msg->data, msg->len, fields, count);
    flow_flight_encode(&fc->out, fc->log.stage, more, msg->data, msg->len);
}

/* Log a message as it arrived from the remote server. */
static void log_arrived(struct flow_client *fc, const uint8_t *msg, size_t len)
{
    struct sim_field *fields = NULL;
    size_t count = wire_describe(msg, len, &fields);
    char title[96];

    snprintf(title, sizeof title, "%s, as it arrived from the remote server",
             wire_type_name(msg[0]));
    log_wire(&fc->log, SIM_ACTOR_SERVER, SIM_ACTOR_CLIENT, title, msg, len, fields, count);
}

/* Stage 2: the ClientHello. */
static void send_hello(struct flow_client *fc)
{
    struct bytes hello = {0};

    open_stage(fc);
    client_make_hello(fc->client, &fc->log, &hello);
    send_flight(fc, &hello, false);
    bytes_free(&hello);
    close_stage(fc, false);
    open_stage(fc);
    fc->state = FLOW_CLIENT_AWAIT_SERVER_FLIGHT;
}

/* Stage 1 ends: the client trusts der, then says hello. */
static void trust(struct flow_client *fc, const uint8_t *der, size_t len)
{
    client_trust(fc->client, &fc->log, der, len, "for this connection only");
    close_stage(fc, false);
    send_hello(fc);
}

void flow_client_decide_trust(struct flow_client *fc, bool yes)
{
    if (fc->state != FLOW_CLIENT_DECIDE_TRUST)
        return;
    if (!yes) {
        flow_client_fail(fc, "the student did not confirm the CA's fingerprint, so the client "
                         "trusts no CA for this server", true);
        return;
    }
    log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "the student compared the fingerprint "
             "with the one on the teacher's screen and trusts this CA from now on");
    trust(fc, fc->offered.data, fc->offered.len);
}

/* TRUST: settle whom the client trusts. */
static void on_trust(struct flow_client *fc, const struct net_frame *f)
{
    bytes_append(&fc->offered, f->payload, f->len);
    flow_fingerprint(f->payload, f->len, fc->offered_hex);
    open_stage(fc);
    log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "is offered a CA certificate by the "
             "server, SHA-256 fingerprint %s", fc->offered_hex);
    if (fc->ca.len > 0) {
        log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "ignores the offer: it trusts the "
                 "CA certificate it was given (--ca)");
        trust(fc, fc->ca.data, fc->ca.len);
    } else if (fc->has_fingerprint) {
        if (!flow_fingerprint_matches(fc->fingerprint_given, fc->offered_hex)) {
            char why[NET_REASON_MAX];
            snprintf(why, sizeof why, "the CA certificate the server offers has the SHA-256 "
                     "fingerprint %.16s..., not the one given with --ca-fingerprint",
                     fc->offered_hex);
            flow_client_fail(fc, why, true);
            return;
        }
        log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "trusts it: its fingerprint is "
                 "the one given with --ca-fingerprint");
        trust(fc, fc->offered.data, fc->offered.len);
    } else {
        fc->state = FLOW_CLIENT_DECIDE_TRUST;
    }
}

/* WELCOME: the server's settings make the client. */
static void on_welcome(struct flow_client *fc, const struct net_frame *f)
{
    char err[FLOW_ERR_MAX];
    struct sim_options o;

    if (flow_settings_decode(f->payload, f->len, &fc->settings, err, sizeof err) != 0) {
        flow_client_fail(fc, err, true);
        return;
    }
    if (fc->host[0] != '\0')
        memcpy(fc->settings.host, fc->host, sizeof fc->settings.host);
    if (fc->message[0] != '\0')
        memcpy(fc->settings.message, fc->message, sizeof fc->settings.message);
    fc->has_settings = true;
    flow_settings_to_options(&fc->settings, &o);
    o.accept_bad_cert = fc->accept_bad_cert;
    if (!crypt_aead_available(o.cipher)) {
        flow_client_fail(fc, "the server chose AES-256-GCM, which this computer's processor "
                         "cannot run (no AES-NI)", true);
        return;
    }
    fc->client = client_new(&o, o.message, fc->clock);
    fc->state = FLOW_CLIENT_AWAIT_TRUST;
}

/* The whole server flight is in: stage 3's checks, then stages 4 to 7. */
static void on_server_flight(struct flow_client *fc)
{
    char reason[SIM_REASON_MAX] = "";
    const struct bytes *hello = NULL, *cert = NULL, *extra = NULL, *share = NULL;
    bool eph = fc->settings.mode == SIM_MODE_EPHEMERAL;

    for (size_t i = 0; i < fc->flight_count; i++) {
        const struct bytes *m = &fc->flight[i];
        if (m->data[0] == WIRE_SERVER_HELLO && hello == NULL)
            hello = m;
        else if (m->data[0] == WIRE_CERTIFICATE && cert == NULL)
            cert = m;
        else if (m->data[0] == WIRE_CERTIFICATE && extra == NULL)
            extra = m;
        else if (m->data[0] == WIRE_SERVER_KEY_EXCHANGE && share == NULL)
            share = m;
    }
    if (hello == NULL || cert == NULL || (eph && share == NULL)) {
        flow_client_fail(fc, "the server's flight lacks a ServerHello, a Certificate or (in "
                         "ephemeral mode) a ServerKeyExchange", true);
        return;
    }
    if (client_receive_server_hello(fc->client, &fc->log, hello->data, hello->len, reason,
                                    sizeof reason) != 0 ||
        (extra != NULL ? client_receive_chain(fc->client, &fc->log, cert->data, cert->len,
                                              extra->data, extra->len, reason, sizeof reason)
                       : client_receive_certificate(fc->client, &fc->log, cert->data,
                                                    cert->len, reason, sizeof reason)) != 0 ||
        (eph && client_receive_key_share(fc->client, &fc->log, share->data, share->len, reason,
                                         sizeof reason) != 0)) {
        for (size_t i = 0; i < fc->log.count; i++)
            if (fc->log.events[i].kind == SIM_EV_CHECK && fc->log.events[i].outcome != FACT_PASS &&
                strncmp(fc->log.events[i].check_id, "cert.", 5) == 0)
                fc->cert_rejected = true;
        flow_client_fail(fc, reason[0] ? reason : "the server's flight did not check out",
                         true);
        return;
    }
    close_stage(fc, false);
    open_stage(fc);                                     /* 4 */
    if (!eph) {
        client_make_session_key(fc->client, &fc->log);
    } else if (client_agree(fc->client, &fc->log) != 0) {
        flow_client_fail(fc, "the client could not compute the shared secret", true);
        return;
    }
    close_stage(fc, false);
    open_stage(fc);                                     /* 5 */
    struct bytes msg = {0};
    if (eph) {
        log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "sends no key at all: both sides "
                 "already hold the same secret, and nothing secret ever crossed the wire");
    } else if (client_make_key_exchange(fc->client, &fc->log, &msg) != 0) {
        flow_client_fail(fc, "the client could not seal the session key", true);
        return;
    } else {
        send_flight(fc, &msg, fc->settings.finished);
    }
    bytes_free(&msg);
    if (fc->settings.finished) {
        client_make_finished(fc->client, &fc->log, &msg);
        send_flight(fc, &msg, false);
        bytes_free(&msg);
    }
    close_stage(fc, false);
    open_stage(fc);                                     /* 6 */
    if (fc->settings.finished) {
        fc->state = FLOW_CLIENT_AWAIT_SERVER_FINISHED;
        return;
    }
    log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_CLIENT, "waits: the remote server %s; the "
             "client sees nothing of it", eph ? "derives the same keys" : "opens the wrapped "
             "session key");
    close_stage(fc, false);
}

/* Stage 7: the request, then wait for the reply of stage 8. */
static void send_request(struct flow_client *fc)
{
    struct bytes msg = {0};

    open_stage(fc);                                     /* 7 */
    if (client_make_app_data(fc->client, &fc->log, &msg) != 0) {
        flow_client_fail(fc, "the client could not encrypt its request", true);
        return;
    }
    send_flight(fc, &msg, false);
    bytes_free(&msg);
    close_stage(fc, false);
    open_stage(fc);                                     /* 8 */
    fc->state = FLOW_CLIENT_AWAIT_REPLY;
}

/* Stage 8: the reply; the client keeps its text and says it completed. */
static void on_reply(struct flow_client *fc, const uint8_t *msg, size_t len)
{
    if (client_receive_reply(fc->client, &fc->log, msg, len) != 0) {
        flow_client_fail(fc, "the client rejected a reply that does not verify", true);
        return;
    }
    for (size_t i = 0; i < fc->log.count; i++) {
        const struct sim_event *ev = &fc->log.events[i];
        if (ev->kind == SIM_EV_KNOWS && strcmp(ev->title, "reply (plaintext)") == 0)
            snprintf(fc->reply, sizeof fc->reply, "%.*s", (int)ev->len, (const char *)ev->bytes);
    }
    net_frame_encode(&fc->out, NET_FRAME_BYE, (const uint8_t *)FLOW_COMPLETED,
                     strlen(FLOW_COMPLETED));
    fc->state = FLOW_CLIENT_COMPLETED;
    close_stage(fc, false);
}

/* Whether a message of type comes next in the server's flight of stage 3:
 * ServerHello, Certificate, the intermediate's Certificate when the set
 * has a chain, and ServerKeyExchange in ephemeral mode, in that order. */
static bool flight_next_ok(const struct flow_client *fc, uint8_t type)
{
    bool eph = fc->settings.mode == SIM_MODE_EPHEMERAL;
    size_t n = fc->flight_count;
    uint8_t last = n > 0 ? fc->flight[n - 1].data[0] : 0;

    if (n == 0)
        return type == WIRE_SERVER_HELLO;
    if (n == 1)
        return type == WIRE_CERTIFICATE;
    if (n == 2 && type == WIRE_CERTIFICATE)
        return true;
    return n < FLIGHT_MESSAGES_MAX && eph && type == WIRE_SERVER_KEY_EXCHANGE &&
           last == WIRE_CERTIFICATE;
}

/* What the client waits for next in the server's flight, in words. */
static const char *flight_next_name(const struct flow_client *fc)
{
    switch (fc->flight_count) {
    case 0: return "the ServerHello that opens stage 3";
    case 1: return "the server's Certificate of stage 3";
    default: return fc->settings.mode == SIM_MODE_EPHEMERAL
                 ? "an intermediate's Certificate or the ServerKeyExchange of stage 3"
                 : "an intermediate's Certificate of stage 3";
    }
}

/* A FLIGHT from the server: the message due in the present state. */
static void on_flight(struct flow_client *fc, const struct net_frame *f)
{
    char err[FLOW_ERR_MAX], why[FLOW_ERR_MAX + 80];
    const uint8_t *msg;
    size_t len;
    int stage;
    bool more;

    if (flow_flight_decode(f->payload, f->len, &stage, &more, &msg, &len, err, sizeof err) != 0) {
        flow_client_fail(fc, err, true);
        return;
    }
    int want = fc->state == FLOW_CLIENT_AWAIT_SERVER_FLIGHT     ? 3
               : fc->state == FLOW_CLIENT_AWAIT_SERVER_FINISHED ? 6
               : fc->state == FLOW_CLIENT_AWAIT_REPLY           ? 8
                                                                : 0;
    if (stage != want || (want == 3 && !flight_next_ok(fc, msg[0]))) {
        snprintf(why, sizeof why, "a message arrived twice or out of order: %s of stage %d, "
                 "where the client waits for %s (real TLS answers with an unexpected_message "
                 "alert)", wire_type_name(msg[0]), stage,
                 want == 0 ? "no message" : want == 3 ? flight_next_name(fc)
                 : want == 6 ? "the server's Finished of stage 6" : "the reply of stage 8");
        flow_client_fail(fc, why, true);
        return;
    }
    log_arrived(fc, msg, len);
    if (want == 3) {
        bytes_append(&fc->flight[fc->flight_count++], msg, len);
        if (more)
            return;
        on_server_flight(fc);
        if (fc->state == FLOW_CLIENT_AWAIT_SERVER_FLIGHT)
            send_request(fc);
    } else if (want == 6) {
        if (client_receive_finished(fc->client, &fc->log, msg, len) != 0) {
            flow_client_fail(fc, "the server's Finished does not match: the handshake was "
                             "changed on the way", true);
            return;
        }
        close_stage(fc, false);
        send_request(fc);
    } else {
        on_reply(fc, msg, len);
    }
}

/* A BYE from the server: it stopped, and says why. */
static void on_bye(struct flow_client *fc, const struct net_frame *f)
{
    char text[NET_REASON_MAX + 1];
    size_t n = net_frame_text(f, '?', text, sizeof text);
    char why[NET_REASON_MAX + 40];
    snprintf(why, sizeof why, "the server: %s", n > 0 ? text : "closed without a reason");
    if (flow_client_over(fc))
        return;
    if (fc->stage_open)
        log_text(&fc->log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "(remote) ends the connection: %s",
                 n > 0 ? text : "no reason given");
    fc->failed_remotely = true;   /* before the stage closes: its text is the server's end */
    flow_client_fail(fc, why, false);
}

/* Act on one frame. */
static void on_frame(struct flow_client *fc, const struct net_frame *f)
{
    char why[120];

    if (f->type == NET_FRAME_BYE) {
        on_bye(fc, f);
        return;
    }
    if (f->type == NET_FRAME_PING) {
        net_frame_encode(&fc->out, NET_FRAME_PONG, NULL, 0);
        return;
    }
    if (f->type == NET_FRAME_PONG)
        return;
    if (f->type == NET_FRAME_WELCOME && fc->state == FLOW_CLIENT_AWAIT_WELCOME)
        on_welcome(fc, f);
    else if (f->type == NET_FRAME_TRUST && fc->state == FLOW_CLIENT_AWAIT_TRUST)
        on_trust(fc, f);
    else if (f->type == NET_FRAME_FLIGHT && fc->state >= FLOW_CLIENT_AWAIT_SERVER_FLIGHT)
        on_flight(fc, f);
    else {
        snprintf(why, sizeof why, "the server sent a %s frame out of order",
                 net_frame_type_name(f->type));
        flow_client_fail(fc, why, true);
    }
}

void flow_client_feed(struct flow_client *fc, const uint8_t *p, size_t n)
{
    char err[NET_FRAME_ERR_MAX];
    struct net_frame f;
    int got;

    if (flow_client_over(fc))
        return;
    if (n > 0)
        net_reader_feed(&fc->reader, p, n);
    while (!flow_client_over(fc) && fc->state != FLOW_CLIENT_DECIDE_TRUST &&
           (got = net_reader_next(&fc->reader, &f, err, sizeof err)) != 0) {
        if (got < 0) {
            bool tls = fc->state == FLOW_CLIENT_AWAIT_WELCOME && net_reader_pending(&fc->reader) > 0 &&
                       (fc->reader.buf.data[fc->reader.used] == 0x15 ||
                        fc->reader.buf.data[fc->reader.used] == 0x16);
            flow_client_fail(fc, tls ? "the server answers in TLS: it is no 'tlssim serve' of "
                             "the eight-stage flow (for a TLS server, use --protocol tls13)"
                             : err, true);
            break;
        }
        on_frame(fc, &f);
    }
}

const char *flow_client_offered_fingerprint(const struct flow_client *fc)
{
    return fc->offered_hex;
}

struct bytes *flow_client_out(struct flow_client *fc)
{
    return &fc->out;
}

enum flow_client_state flow_client_state(const struct flow_client *fc)
{
    return fc->state;
}

bool flow_client_over(const struct flow_client *fc)
{
    return fc->state == FLOW_CLIENT_COMPLETED || fc->state == FLOW_CLIENT_FAILED;
}

int flow_client_stage(const struct flow_client *fc)
{
    return fc->log.stage;
}

int flow_client_stages_done(const struct flow_client *fc)
{
    return fc->stages_done;
}

const struct flow_settings *flow_client_settings(const struct flow_client *fc)
{
    return fc->has_settings ? &fc->settings : NULL;
}

const char *flow_client_reason(const struct flow_client *fc, bool *failed_remotely)
{
    if (failed_remotely != NULL)
        *failed_remotely = fc->failed_remotely;
    return fc->reason;
}

const char *flow_client_reply(const struct flow_client *fc)
{
    return fc->reply;
}

const struct sim_log *flow_client_log(const struct flow_client *fc)
{
    return &fc->log;
}

void flow_client_free(struct flow_client *fc)
{
    if (fc == NULL)
        return;
    client_free(fc->client);
    log_free(&fc->log);
    net_reader_free(&fc->reader);
    bytes_free(&fc->out);
    bytes_free(&fc->ca);
    bytes_free(&fc->offered);
    for (size_t i = 0; i < FLIGHT_MESSAGES_MAX; i++)
        bytes_free(&fc->flight[i]);
    crypt_free(fc, sizeof *fc);
}
