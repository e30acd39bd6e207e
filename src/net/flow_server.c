/*
 * flow_server.c - one connection of the eight-stage flow, server side: the
 * walk's server actor, its certificate made for the what-if in force, and
 * the order of the FLIGHTs it takes.
 */
#include "net/flow_server.h"

#include "engine/actor_ca.h"
#include "engine/actor_server.h"
#include "engine/event.h"
#include "engine/wire.h"
#include "net/flow_record.h"
#include "net/frame_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct flow_server {
    const struct certdir *cd;
    struct flow_settings settings;
    struct sim_options opts;
    int64_t clock;
    struct net_reader reader;
    struct bytes out;
    struct sim_log scratch;        /* the events of the frame at hand, emptied after it */
    struct sim_log *log;           /* where events go: scratch, or the record's log */
    struct flow_record *record;    /* the connection as a dashboard shows it, or NULL */
    struct server *server;
    enum flow_server_state state;
    int stage;
    bool keys_derived;             /* ephemeral mode: server_derive_keys has run */
    bool failed_remotely;
    bool in_frame;                 /* acting on a frame of the client (not a timeout) */
    char name[NET_NAME_MAX + 1];
    char reason[NET_REASON_MAX + 1];
};

struct flow_server *flow_server_new(const struct certdir *cd, const struct flow_settings *settings,
                                    int64_t clock)
{
    struct flow_server *fs = xcalloc(1, sizeof *fs);

    fs->cd = cd;
    fs->settings = *settings;
    flow_settings_to_options(settings, &fs->opts);
    fs->clock = clock;
    net_reader_init(&fs->reader);
    fs->log = &fs->scratch;
    return fs;
}

void flow_server_keep(struct flow_server *fs, size_t cap)
{
    if (fs->record == NULL)
        fs->record = flow_record_new(&fs->settings, cap);
}

/* Log a wire message from one end to the other, when the connection is
 * kept (describing it costs what nobody would read otherwise). */
static void log_message(struct flow_server *fs, enum sim_actor from, const char *title,
                        const uint8_t *msg, size_t len)
{
    struct sim_field *fields = NULL;

    if (fs->record == NULL)
        return;
    size_t count = wire_describe(msg, len, &fields);
    log_wire(fs->log, from, from == SIM_ACTOR_SERVER ? SIM_ACTOR_CLIENT : SIM_ACTOR_SERVER,
             title, msg, len, fields, count);
}

/* Queue a frame. */
static void queue(struct flow_server *fs, enum net_frame_type type, const void *p, size_t len)
{
    net_frame_encode(&fs->out, type, p, len);
}

/* Queue a wire message as a FLIGHT of the current stage. */
static void send_flight(struct flow_server *fs, const struct bytes *msg, bool more)
{
    log_message(fs, SIM_ACTOR_SERVER, wire_type_name(msg->data[0]), msg->data, msg->len);
    flow_flight_encode(&fs->out, fs->stage, more, msg->data, msg->len);
}

void flow_server_fail(struct flow_server *fs, const char *reason, bool say_bye)
{
    if (flow_server_over(fs))
        return;
    snprintf(fs->reason, sizeof fs->reason, "%s", reason);
    if (fs->record != NULL) {
        fs->record->ended_by_remote = fs->failed_remotely || !fs->in_frame;
        fs->log = flow_record_log(fs->record, &fs->scratch);
        if (fs->log->stage < 1)
            fs->log->stage = 1;   /* before HELLO: shown with the first stage */
        log_text(fs->log, SIM_EV_ACTION, SIM_ACTOR_SERVER, "%s: %s", fs->failed_remotely ?
                 "reads the client's BYE, which ends the connection" : "ends the connection",
                 fs->reason);
    }
    if (say_bye)
        queue(fs, NET_FRAME_BYE, fs->reason, strlen(fs->reason));
    fs->state = FLOW_SERVER_FAILED;
}

/* Stage 1 for the client's certificate kind: enrol with ca (CSR out,
 * certificate back); 0 or -1. */
static int enrol(struct flow_server *fs, struct ca *ca)
{
    struct bytes csr = {0}, issued = {0};
    int rc = -1;

    if (server_make_keypair_and_csr(fs->server, fs->log, &csr) == 0 &&
        ca_handle_csr(ca, fs->log, csr.data, csr.len, &issued) == 0 &&
        server_store_certificate(fs->server, fs->log, issued.data, issued.len) == 0)
        rc = 0;
    bytes_free(&csr);
    bytes_free(&issued);
    return rc;
}

/* The X25519 form of the set's Ed25519 public key pk into xpk; 0 or -1.
 * The conversion checks the point and costs more than the sealed box it
 * opens, and serve adopts one key for every connection: the last answer is
 * kept, with the key it is for. */
static int x25519_form(const uint8_t pk[CRYPT_SIGN_PUBLICKEYBYTES],
                       uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES])
{
    static uint8_t last_pk[CRYPT_SIGN_PUBLICKEYBYTES], last_xpk[CRYPT_X25519_PUBLICKEYBYTES];
    static bool have_last;

    if (!have_last || memcmp(last_pk, pk, sizeof last_pk) != 0) {
        if (crypt_sign_pk_to_x25519(last_xpk, pk) != 0)
            return -1;
        memcpy(last_pk, pk, sizeof last_pk);
        have_last = true;
    }
    memcpy(xpk, last_xpk, sizeof last_xpk);
    return 0;
}

/* Stage 1: the server takes the set's key and certificate, or makes the
 * certificate of the what-if in force; 0 or -1. */
static int set_up_server(struct flow_server *fs)
{
    const struct certdir *cd = fs->cd;
    struct ca *ca = NULL;
    int rc = -1;

    fs->log->stage = 1;
    fs->server = server_new(&fs->opts);
    switch (fs->settings.cert) {
    case SIM_CERT_SELF_SIGNED:
        rc = server_make_self_signed(fs->server, fs->log, fs->clock);
        break;
    case SIM_CERT_UNTRUSTED:
        ca = ca_new();
        if (ca_start(ca, fs->log, fs->clock, CA_OTHER_COMMON_NAME) == 0)
            rc = enrol(fs, ca);
        break;
    case SIM_CERT_EXPIRED:
    case SIM_CERT_WRONG_NAME:
        if (cd->self_signed)
            break;
        ca = ca_new();
        ca_adopt(ca, fs->log, fs->clock, CERTDIR_CA_NAME, cd->ca_pk, cd->ca_sk,
                 cd->ca_cert.data, cd->ca_cert.len);
        if (fs->settings.cert == SIM_CERT_EXPIRED)
            ca_issue_expired(ca);
        rc = enrol(fs, ca);
        break;
    default: {
        uint8_t xpk[CRYPT_X25519_PUBLICKEYBYTES];
        rc = x25519_form(cd->server_pk, xpk) != 0 ? -1
             : server_adopt_converted(fs->server, fs->log, cd->server_pk, cd->server_sk, xpk,
                                      cd->server_cert.data, cd->server_cert.len,
                                      cd->self_signed ? CERTDIR_SELF_KEY : CERTDIR_SERVER_KEY,
                                      cd->self_signed ? CERTDIR_SELF_CERT : CERTDIR_SERVER_CERT);
        if (rc == 0 && cd->chain)
            server_set_intermediate(fs->server, fs->log, cd->inter_cert.data,
                                    cd->inter_cert.len);
        break;
    }
    }
    ca_free(ca);
    return rc;
}

/* HELLO: who the peer is; the server answers with its settings and its CA. */
static void on_hello(struct flow_server *fs, const struct net_frame *f)
{
    char err[NET_FRAME_ERR_MAX], why[NET_FRAME_ERR_MAX + 40];
    enum net_role role;
    struct bytes settings = {0};

    if (net_hello_decode(f->payload, f->len, &role, fs->name, err, sizeof err) != 0) {
        snprintf(why, sizeof why, "a bad HELLO: %s", err);
        flow_server_fail(fs, why, true);
        return;
    }
    if (role != NET_ROLE_CLIENT) {
        flow_server_fail(fs, "this is 'tlssim serve': connect to it with 'tlssim connect'; "
                         "'tlssim follow' follows a 'walk --present'", true);
        return;
    }
    fs->stage = 1;
    if (set_up_server(fs) != 0) {
        flow_server_fail(fs, fs->cd->self_signed && (fs->settings.cert == SIM_CERT_EXPIRED ||
                                                      fs->settings.cert == SIM_CERT_WRONG_NAME)
                                 ? "the server's set is self-signed: it has no CA to issue the "
                                   "certificate of its what-if"
                                 : "the server could not make the certificate of its what-if",
                         true);
        return;
    }
    flow_settings_encode(&fs->settings, &settings);
    queue(fs, NET_FRAME_WELCOME, settings.data, settings.len);
    bytes_free(&settings);
    const struct bytes *ca = fs->cd->self_signed ? &fs->cd->server_cert : &fs->cd->ca_cert;
    queue(fs, NET_FRAME_TRUST, ca->data, ca->len);
    fs->state = FLOW_SERVER_AWAIT_CLIENT_HELLO;
}

/* Stages 2 to 4: read the ClientHello, answer with the server's flight and,
 * in ephemeral mode, compute the shared secret. */
static void on_client_hello(struct flow_server *fs, const uint8_t *msg, size_t len)
{
    struct bytes hello = {0}, cert = {0}, extra = {0}, share = {0};
    bool eph = fs->settings.mode == SIM_MODE_EPHEMERAL;

    fs->stage = fs->log->stage = 2;
    if (server_receive_client_hello(fs->server, fs->log, msg, len) != 0) {
        flow_server_fail(fs, "the server found no cipher suite in common with the client",
                         true);
        return;
    }
    fs->stage = fs->log->stage = 3;
    server_make_hello(fs->server, fs->log, &hello);
    server_make_certificate(fs->server, fs->log, &cert);
    bool has_extra = fs->cd->chain && fs->settings.cert == SIM_CERT_CA &&
                     server_make_intermediate(fs->server, fs->log, &extra);
    if (eph)
        server_make_key_share(fs->server, fs->log, &share);
    send_flight(fs, &hello, true);
    send_flight(fs, &cert, has_extra || eph);
    if (has_extra)
        send_flight(fs, &extra, eph);
    if (eph)
        send_flight(fs, &share, false);
    bytes_free(&hello);
    bytes_free(&cert);
    bytes_free(&extra);
    bytes_free(&share);
    if (eph) {
        fs->log->stage = 4;   /* the client's checks of stage 3 come first: stay at 3 */
        if (server_agree(fs->server, fs->log) != 0) {
            flow_server_fail(fs, "the server could not compute the shared secret from the "
                             "client's share", true);
            return;
        }
    }
    fs->state = !eph ? FLOW_SERVER_AWAIT_KEY_EXCHANGE
                : fs->settings.finished ? FLOW_SERVER_AWAIT_CLIENT_FINISHED
                                        : FLOW_SERVER_AWAIT_APP_DATA;
}

/* Ephemeral mode, stage 6: derive the traffic keys once. */
static void derive_keys(struct flow_server *fs)
{
    if (fs->settings.mode != SIM_MODE_EPHEMERAL || fs->keys_derived)
        return;
    fs->log->stage = 6;
    server_derive_keys(fs->server, fs->log);
    fs->keys_derived = true;
}

/* Stage 6: open the wrapped session key. */
static void on_key_exchange(struct flow_server *fs, const uint8_t *msg, size_t len)
{
    fs->stage = fs->log->stage = 6;
    if (server_receive_key_exchange(fs->server, fs->log, msg, len) != 0) {
        flow_server_fail(fs, "the server could not open the wrapped session key", true);
        return;
    }
    fs->state = fs->settings.finished ? FLOW_SERVER_AWAIT_CLIENT_FINISHED
                                      : FLOW_SERVER_AWAIT_APP_DATA;
}

/* Stage 6 with Finished: check the client's, answer with the server's. */
static void on_client_finished(struct flow_server *fs, const uint8_t *msg, size_t len)
{
    struct bytes fin = {0};

    derive_keys(fs);
    fs->stage = fs->log->stage = 6;
    if (server_receive_finished(fs->server, fs->log, msg, len) != 0) {
        flow_server_fail(fs, "the client's Finished does not match: the handshake was "
                         "changed on the way", true);
        return;
    }
    server_make_finished(fs->server, fs->log, &fin);
    send_flight(fs, &fin, false);
    bytes_free(&fin);
    fs->state = FLOW_SERVER_AWAIT_APP_DATA;
}

/* Stages 7 and 8: decrypt the request, answer with the reply. */
static void on_app_data(struct flow_server *fs, const uint8_t *msg, size_t len)
{
    struct bytes reply = {0};

    derive_keys(fs);
    fs->stage = fs->log->stage = 8;
    if (server_receive_app_data(fs->server, fs->log, msg, len) != 0) {
        flow_server_fail(fs, "the server rejected a record that does not verify", true);
        return;
    }
    if (server_make_reply(fs->server, fs->log, &reply) != 0) {
        flow_server_fail(fs, "the server could not encrypt its reply", true);
        return;
    }
    send_flight(fs, &reply, false);
    bytes_free(&reply);
    fs->state = FLOW_SERVER_AWAIT_BYE;
}

/* The stage and message type a FLIGHT must have in the present state. */
static void expected(const struct flow_server *fs, int *stage, uint8_t *type)
{
    switch (fs->state) {
    case FLOW_SERVER_AWAIT_CLIENT_HELLO: *stage = 2; *type = WIRE_CLIENT_HELLO; return;
    case FLOW_SERVER_AWAIT_KEY_EXCHANGE: *stage = 5; *type = WIRE_CLIENT_KEY_EXCHANGE; return;
    case FLOW_SERVER_AWAIT_CLIENT_FINISHED: *stage = 5; *type = WIRE_FINISHED; return;
    case FLOW_SERVER_AWAIT_APP_DATA: *stage = 7; *type = WIRE_APPLICATION_DATA; return;
    default: *stage = 0; *type = 0; return;
    }
}

/* A FLIGHT: the next message of the client, if it is the one due. */
static void on_flight(struct flow_server *fs, const struct net_frame *f)
{
    char err[FLOW_ERR_MAX], why[FLOW_ERR_MAX + 80];
    const uint8_t *msg;
    size_t len;
    int stage, want_stage;
    uint8_t want_type;
    bool more;

    if (flow_flight_decode(f->payload, f->len, &stage, &more, &msg, &len, err, sizeof err) != 0) {
        flow_server_fail(fs, err, true);
        return;
    }
    expected(fs, &want_stage, &want_type);
    if (want_stage == 0 || stage != want_stage || msg[0] != want_type) {
        snprintf(why, sizeof why, "a message arrived twice or out of order: %s of stage %d, "
                 "where the server waits for %s (real TLS answers with an unexpected_message "
                 "alert)", wire_type_name(msg[0]), stage,
                 want_stage == 0 ? "no message" : wire_type_name(want_type));
        flow_server_fail(fs, why, true);
        return;
    }
    if (fs->record != NULL) {
        char title[96];
        snprintf(title, sizeof title, "%s, as it arrived from the remote client",
                 wire_type_name(msg[0]));
        fs->log->stage = stage;
        log_message(fs, SIM_ACTOR_CLIENT, title, msg, len);
    }
    switch (fs->state) {
    case FLOW_SERVER_AWAIT_CLIENT_HELLO: on_client_hello(fs, msg, len); break;
    case FLOW_SERVER_AWAIT_KEY_EXCHANGE: on_key_exchange(fs, msg, len); break;
    case FLOW_SERVER_AWAIT_CLIENT_FINISHED: on_client_finished(fs, msg, len); break;
    default: on_app_data(fs, msg, len); break;
    }
}

/* A BYE: the client completed, or says why it stopped. */
static void on_bye(struct flow_server *fs, const struct net_frame *f)
{
    char text[NET_REASON_MAX + 1];
    size_t n = net_frame_text(f, '?', text, sizeof text);

    if (fs->state == FLOW_SERVER_AWAIT_BYE && strcmp(text, FLOW_COMPLETED) == 0) {
        fs->state = FLOW_SERVER_COMPLETED;
        return;
    }
    fs->failed_remotely = true;
    flow_server_fail(fs, n > 0 ? text : "the client closed without a reason", false);
}

/* Act on one frame. */
static void on_frame(struct flow_server *fs, const struct net_frame *f)
{
    if (fs->state == FLOW_SERVER_AWAIT_HELLO && f->type != NET_FRAME_HELLO) {
        flow_server_fail(fs, "the peer must say HELLO first", true);
        return;
    }
    switch (f->type) {
    case NET_FRAME_HELLO:
        if (fs->state != FLOW_SERVER_AWAIT_HELLO)
            flow_server_fail(fs, "a second HELLO; a peer says who it is once", true);
        else
            on_hello(fs, f);
        break;
    case NET_FRAME_FLIGHT:
        on_flight(fs, f);
        break;
    case NET_FRAME_BYE:
        on_bye(fs, f);
        break;
    case NET_FRAME_PING:
        queue(fs, NET_FRAME_PONG, NULL, 0);
        break;
    case NET_FRAME_PONG:
        break;
    default: {
        char why[80];
        snprintf(why, sizeof why, "a %s frame, which a client never sends",
                 net_frame_type_name(f->type));
        flow_server_fail(fs, why, true);
        break;
    }
    }
}

void flow_server_feed(struct flow_server *fs, const uint8_t *p, size_t n)
{
    char err[NET_FRAME_ERR_MAX];
    struct net_frame f;
    int got;

    if (flow_server_over(fs))
        return;
    net_reader_feed(&fs->reader, p, n);
    while (!flow_server_over(fs) && (got = net_reader_next(&fs->reader, &f, err, sizeof err)) != 0) {
        fs->log = flow_record_log(fs->record, &fs->scratch);
        fs->in_frame = true;
        if (got < 0)
            flow_server_fail(fs, err, true);   /* the server's own check of the bytes */
        else
            on_frame(fs, &f);
        fs->in_frame = false;
        log_free(&fs->scratch);   /* events nobody keeps: wipe them at once */
    }
}

struct bytes *flow_server_out(struct flow_server *fs)
{
    return &fs->out;
}

enum flow_server_state flow_server_state(const struct flow_server *fs)
{
    return fs->state;
}

bool flow_server_over(const struct flow_server *fs)
{
    return fs->state == FLOW_SERVER_COMPLETED || fs->state == FLOW_SERVER_FAILED;
}

int flow_server_stage(const struct flow_server *fs)
{
    return fs->stage;
}

const char *flow_server_name(const struct flow_server *fs)
{
    return fs->name;
}

const char *flow_server_reason(const struct flow_server *fs, bool *failed_remotely)
{
    if (failed_remotely != NULL)
        *failed_remotely = fs->failed_remotely;
    return fs->reason;
}

const struct flow_record *flow_server_record(const struct flow_server *fs)
{
    return fs->record;
}

struct flow_record *flow_server_take_record(struct flow_server *fs)
{
    struct flow_record *r = fs->record;

    fs->record = NULL;
    fs->log = &fs->scratch;
    return r;
}

void flow_server_free(struct flow_server *fs)
{
    if (fs == NULL)
        return;
    server_free(fs->server);
    log_free(&fs->scratch);
    flow_record_free(fs->record);
    net_reader_free(&fs->reader);
    bytes_free(&fs->out);
    crypt_free(fs, sizeof *fs);
}
