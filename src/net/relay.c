/*
 * relay.c - `tlssim relay`: one poll() loop that pairs each client with a
 * connection to the server and passes frames both ways, through Eve.
 *
 * A pair reads from a side only while the other side's queue is short, so
 * a peer that does not read holds up its own pair and no other.  Every
 * message of the eight-stage flow goes through the walk's Eve: she records
 * it, and with --tamper or --mitm she changes it in flight exactly as she
 * does inside `tlssim walk`.
 */
#define _GNU_SOURCE
#include "net/relay.h"

#include "engine/actor_eve.h"
#include "engine/options.h"
#include "engine/wire.h"
#include "net/frame.h"
#include "net/frame_text.h"
#include "net/net_sock.h"
#include "net/net_wait.h"
#include "net/recording.h"
#include "net/relay_show.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 3000     /* for each address of the server, in the background */
#define QUEUE_LIMIT (256 * 1024)     /* bytes owed to a side before its peer is not read */
#define READ_CHUNK 16384
#define TLS_HEADER_BYTES 5
#define TLS_BODY_MAX (16384 + 256)
#define REASON_MAX 480
#define EVE_MESSAGES_MAX 64          /* messages of one pair that go through Eve */

enum pair_kind {
    PAIR_UNKNOWN,     /* the client has sent nothing yet */
    PAIR_CLASSROOM,   /* classroom frames: the eight-stage flow */
    PAIR_TLS,         /* TLS records, passed on unchanged */
};

/* One end of a pair, as the relay sees it. */
struct side {
    int fd;
    struct bytes out;           /* bytes owed to this side */
    size_t out_done;            /* of which already sent */
    bool eof;                   /* it has closed its sending half */
    bool shut;                  /* the relay has closed its sending half toward it */
    struct net_reader reader;   /* classroom frames it sends */
    struct bytes tls_in;        /* TLS bytes it sent, not yet a whole record */
    struct bytes held;          /* a frame owed to it, held back by --fault reorder */
};

struct pair {
    bool used;
    unsigned id;
    char prefix[16];
    struct side client, server;
    enum pair_kind kind;
    struct eve *eve;
    struct sim_log log;
    size_t messages;            /* messages of the flow that passed */
    bool fault_done;
    char bye[REASON_MAX];       /* the text of the last BYE that passed, or "" */
    char unreachable[REASON_MAX];  /* why the server cannot be reached, or "" */
    bool refused;               /* the client was told so: what it sends is dropped */
    bool connecting;            /* the connect to the server is under way */
    const struct addrinfo *trying;  /* the server's address it is under way to */
    int64_t connect_deadline;
    int64_t deadline;
};

struct relay {
    const struct relay_config *cfg;
    struct addrinfo *to_addrs;  /* the server's addresses, looked up once */
    struct pair *pairs;
    unsigned next_id;
    int64_t started;
};

bool relay_stage_ok(int stage)
{
    return stage == 2 || stage == 3 || stage == 5 || stage == 6 || stage == 7 || stage == 8;
}

/* Milliseconds since the relay started, for the recording. */
static uint64_t elapsed(const struct relay *r)
{
    return (uint64_t)(net_now_ms() - r->started);
}

/* How many bytes are owed to side s. */
static size_t owed(const struct side *s)
{
    return s->out.len - s->out_done;
}

/* Queue len bytes to side s. */
static void queue(struct side *s, const uint8_t *p, size_t len)
{
    if (s->out_done == s->out.len) {
        s->out.len = 0;
        s->out_done = 0;
    }
    bytes_append(&s->out, p, len);
}

/* ------------------------------------------------------------------ */
/* Eve on the eight-stage flow                                          */
/* ------------------------------------------------------------------ */

/* Who sits in the relay: Eve listens, Mallory changes things. */
static const char *attacker(const struct relay *r)
{
    return r->cfg->mitm || r->cfg->tamper_stage != 0 ? "Mallory" : "Eve";
}

/* Meet Eve when the client's hello passes: she learns from it the mode and
 * the name, and as Mallory makes her certificate for that name. */
static void eve_meet(struct relay *r, struct pair *p, const uint8_t *msg, size_t len)
{
    struct wire_client_hello ch;
    struct sim_options opts;

    if (wire_decode_client_hello(msg, len, &ch) != 0)
        return;
    sim_options_default(&opts);
    opts.mode = ch.has_share ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
    if (ch.server_name[0] != '\0')
        snprintf(opts.host, sizeof opts.host, "%.*s", (int)sizeof opts.host - 1, ch.server_name);
    opts.tamper_stage = r->cfg->tamper_stage;
    opts.mitm = r->cfg->mitm;
    p->eve = eve_new(&opts);
    if (r->cfg->mitm && eve_prepare_mitm(p->eve, &p->log, (int64_t)time(NULL)) != 0) {
        fprintf(r->cfg->out, "%s Mallory could not make her certificate; she only listens\n",
                p->prefix);
        eve_free(p->eve);
        opts.mitm = false;
        p->eve = eve_new(&opts);
    }
}

/* Pass one message of the flow through Eve: show it, let her record it and
 * act on it; msg may come back changed. */
static void eve_pass(struct relay *r, struct pair *p, int stage, bool to_server,
                     struct bytes *msg)
{
    FILE *out = r->cfg->out;
    bool plain = r->cfg->plain;

    relay_show_message(out, plain, p->prefix, stage, to_server, msg->data, msg->len);
    if (++p->messages > EVE_MESSAGES_MAX) {
        if (p->messages == EVE_MESSAGES_MAX + 1)
            fprintf(out, "%s   %s has seen %d messages of this connection and passes the "
                    "rest on untouched\n", p->prefix, attacker(r), EVE_MESSAGES_MAX);
        return;
    }
    size_t mark = p->log.count;
    if (p->eve == NULL && to_server && msg->data[0] == WIRE_CLIENT_HELLO)
        eve_meet(r, p, msg->data, msg->len);
    if (p->eve == NULL)
        return;
    eve_record(p->eve, &p->log, msg->data, msg->len);
    relay_show_events(out, p->prefix, attacker(r), &p->log, mark, plain);
    mark = p->log.count;
    bool changed = eve_intercept(p->eve, &p->log, stage,
                                 to_server ? SIM_ACTOR_SERVER : SIM_ACTOR_CLIENT, msg);
    relay_show_events(out, p->prefix, attacker(r), &p->log, mark, false);
    if (changed) {
        fprintf(out, "%s   passed on changed:\n", p->prefix);
        relay_show_message(out, plain, p->prefix, stage, to_server, msg->data, msg->len);
    }
}

/* ------------------------------------------------------------------ */
/* Classroom frames                                                     */
/* ------------------------------------------------------------------ */

/* Show a classroom frame other than FLIGHT in one line. */
static void show_net_frame(struct relay *r, struct pair *p, bool to_server,
                           const struct net_frame *f)
{
    FILE *out = r->cfg->out;
    const char *dir = to_server ? "client > server" : "server > client";

    fprintf(out, "%s %s %s, %zu B", p->prefix, dir, net_frame_type_name(f->type), f->len);
    if (f->type == NET_FRAME_HELLO) {
        char name[NET_NAME_MAX + 1], err[NET_FRAME_ERR_MAX];
        enum net_role role;
        if (net_hello_decode(f->payload, f->len, &role, name, err, sizeof err) == 0)
            fprintf(out, ": the student's name \"%s\"", name);
    } else if (f->type == NET_FRAME_BYE || f->type == NET_FRAME_WELCOME) {
        fputs(": ", out);
        for (size_t i = 0; i < f->len && i < 160; i++)
            fputc(f->payload[i] == '\n' ? '|' : f->payload[i] < 0x20 ? '.' : f->payload[i],
                  out);
    } else if (f->type == NET_FRAME_TRUST) {
        fputs(": the certificate of the server's CA, for the client to trust or not", out);
    }
    fputc('\n', out);
    fflush(out);
}

/* Queue one whole frame to side `to`, putting in the --fault when this
 * frame is the first of its stage; a frame held back before goes after. */
static void forward(struct relay *r, struct pair *p, struct side *to, int stage,
                    const uint8_t *frame, size_t len)
{
    const struct relay_config *cfg = r->cfg;
    bool faulty = cfg->fault != RELAY_FAULT_NONE && !p->fault_done && stage == cfg->fault_stage;

    if (faulty) {
        p->fault_done = true;
        switch (cfg->fault) {
        case RELAY_FAULT_DROP:
            fprintf(cfg->out, "%s   the relay drops this message (--fault drop)\n", p->prefix);
            return;
        case RELAY_FAULT_DUPLICATE:
            fprintf(cfg->out, "%s   the relay sends this message twice (--fault duplicate)\n",
                    p->prefix);
            if (stage >= 7)
                fprintf(cfg->out, "%s   tlssim's records carry a random nonce and no sequence "
                        "number: the copy opens as well as the first, and only the order of "
                        "the flow can tell it is one too many; real TLS numbers its records "
                        "(the sequence number goes into the nonce), so a repeated or replayed "
                        "record fails to decrypt (bad_record_mac)\n", p->prefix);
            queue(to, frame, len);
            break;
        case RELAY_FAULT_REORDER:
            fprintf(cfg->out, "%s   the relay holds this message back until the next one "
                    "(--fault reorder)\n", p->prefix);
            bytes_append(&to->held, frame, len);
            return;
        case RELAY_FAULT_NONE:
            break;
        }
    }
    queue(to, frame, len);
    if (to->held.len > 0) {
        queue(to, to->held.data, to->held.len);
        bytes_free(&to->held);
    }
}

/* Act on one classroom frame from one side: show it, record it, pass a
 * message of the flow through Eve, and forward it. */
static void on_net_frame(struct relay *r, struct pair *p, bool to_server,
                         const struct net_frame *f)
{
    struct side *to = to_server ? &p->server : &p->client;
    struct bytes frame = {0};

    net_frame_encode(&frame, f->type, f->payload, f->len);
    if (r->cfg->record != NULL)
        recording_write_frame(r->cfg->record, p->id, to_server, elapsed(r), RECORDING_NET,
                              frame.data, frame.len);
    if (f->type == NET_FRAME_BYE)   /* kept to print at the end */
        net_frame_text(f, '.', p->bye, sizeof p->bye);
    if (f->type != NET_FRAME_FLIGHT || f->len < 2 + WIRE_HEADER_BYTES) {
        show_net_frame(r, p, to_server, f);
        queue(to, frame.data, frame.len);
        bytes_free(&frame);
        return;
    }
    int stage = f->payload[0];
    struct bytes msg = {0}, flight = {0};
    bytes_append(&msg, f->payload + 2, f->len - 2);
    eve_pass(r, p, stage, to_server, &msg);
    bytes_append(&flight, f->payload, 2);
    bytes_append(&flight, msg.data, msg.len);
    bytes_free(&frame);
    net_frame_encode(&frame, NET_FRAME_FLIGHT, flight.data, flight.len);
    forward(r, p, to, stage, frame.data, frame.len);
    bytes_free(&frame);
    bytes_free(&flight);
    bytes_free(&msg);
}

/* ------------------------------------------------------------------ */
/* TLS records                                                          */
/* ------------------------------------------------------------------ */

/* The name of a TLS content type. */
static const char *tls_content_name(uint8_t type)
{
    switch (type) {
    case 20: return "change_cipher_spec";
    case 21: return "alert";
    case 22: return "handshake";
    case 23: return "application_data";
    default: return "unknown";
    }
}

/* Cut the whole TLS records out of what `from` sent, show and record each,
 * and pass it on unchanged; -1 when the bytes cannot be TLS records. */
static int pass_tls(struct relay *r, struct pair *p, bool to_server, char *why, size_t whylen)
{
    struct side *from = to_server ? &p->client : &p->server;
    struct side *to = to_server ? &p->server : &p->client;
    size_t used = 0;
    int rc = 0;

    while (from->tls_in.len - used >= TLS_HEADER_BYTES) {
        const uint8_t *h = from->tls_in.data + used;
        size_t body = (size_t)h[3] << 8 | h[4];
        if (body > TLS_BODY_MAX || h[0] < 20 || h[0] > 23) {
            snprintf(why, whylen, "the %s sent bytes that are no TLS record (type %u, %zu "
                     "bytes)", to_server ? "client" : "server", h[0], body);
            rc = -1;
            break;
        }
        if (from->tls_in.len - used < TLS_HEADER_BYTES + body)
            break;
        fprintf(r->cfg->out, "%s %s TLS record: %s (%u), version %02x%02x, %zu B",
                p->prefix, to_server ? "client > server" : "server > client",
                tls_content_name(h[0]), h[0], h[1], h[2], body);
        if (h[0] == 22 && body > 0)
            fprintf(r->cfg->out, ": %s", h[5] == 1 ? "ClientHello" : h[5] == 2 ? "ServerHello"
                                         : "a handshake message");
        else if (h[0] == 23)
            fputs(": encrypted, Eve sees only its length", r->cfg->out);
        fputc('\n', r->cfg->out);
        if (r->cfg->record != NULL)
            recording_write_frame(r->cfg->record, p->id, to_server, elapsed(r), RECORDING_TLS,
                                  h, TLS_HEADER_BYTES + body);
        queue(to, h, TLS_HEADER_BYTES + body);
        used += TLS_HEADER_BYTES + body;
    }
    fflush(r->cfg->out);
    memmove(from->tls_in.data, from->tls_in.data + used, from->tls_in.len - used);
    from->tls_in.len -= used;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Pairs                                                                */
/* ------------------------------------------------------------------ */

static int refuse(struct relay *r, struct pair *p, uint8_t first, char *why, size_t whylen);

/* Close a pair: let Eve try what she recorded, say how it ended, record
 * the end and free everything. */
static void end_pair(struct relay *r, struct pair *p, const char *outcome, const char *why)
{
    FILE *out = r->cfg->out;

    if (p->eve != NULL && !r->cfg->mitm) {
        size_t mark = p->log.count;
        eve_try_to_read(p->eve, &p->log);
        relay_show_events(out, p->prefix, attacker(r), &p->log, mark, true);
    }
    fprintf(out, "%s ended: %s%s%s\n", p->prefix, why, p->bye[0] ? "; the last BYE said: " : "",
            p->bye);
    fflush(out);
    if (r->cfg->record != NULL) {
        recording_write_end(r->cfg->record, p->id, elapsed(r), outcome);
        fflush(r->cfg->record);
    }
    struct side *sides[2] = {&p->client, &p->server};
    for (int i = 0; i < 2; i++) {
        if (sides[i]->fd >= 0)
            close(sides[i]->fd);
        bytes_free(&sides[i]->out);
        bytes_free(&sides[i]->tls_in);
        bytes_free(&sides[i]->held);
        net_reader_free(&sides[i]->reader);
    }
    eve_free(p->eve);
    log_free(&p->log);
    memset(p, 0, sizeof *p);
}

/* The server cannot be reached: say so, and tell the client at once when
 * its protocol is known (else at its first byte, in take_bytes). */
static void unreachable(struct relay *r, struct pair *p, int why)
{
    char ignored[REASON_MAX];

    snprintf(p->unreachable, sizeof p->unreachable, "the relay cannot reach the server %s:%s: "
             "%s", r->cfg->to_host, r->cfg->to_port, why == ETIMEDOUT
             ? "no answer within 3 seconds" : strerror(why));
    fprintf(r->cfg->out, "%s %s\n", p->prefix, p->unreachable);
    fflush(r->cfg->out);
    bytes_free(&p->server.out);       /* what the client sent waits for no one now */
    p->server.out_done = 0;
    if (p->kind != PAIR_UNKNOWN)
        (void)refuse(r, p, p->kind == PAIR_TLS ? 0x16 : NET_PROTOCOL_VERSION, ignored,
                     sizeof ignored);
}

/* Start connecting p to the server at ai or the addresses after it, in the
 * background; last is the errno of the address tried before (0: none). */
static void dial(struct relay *r, struct pair *p, const struct addrinfo *ai, int last)
{
    for (; ai != NULL; ai = ai->ai_next) {
        int fd = net_connect_start(ai);
        if (fd >= 0) {
            p->server.fd = fd;
            p->connecting = true;
            p->trying = ai;
            p->connect_deadline = net_now_ms() + CONNECT_TIMEOUT_MS;
            return;
        }
        last = errno;
    }
    p->connecting = false;
    unreachable(r, p, last != 0 ? last : EHOSTUNREACH);
}

/* The connect under way has an answer (poll said so) or ran out of time:
 * the pair goes on, or tries the server's next address. */
static void connect_done(struct relay *r, struct pair *p, bool timed_out)
{
    int why = timed_out ? ETIMEDOUT : net_connect_result(p->server.fd);

    if (why == 0) {
        p->connecting = false;
        return;
    }
    close(p->server.fd);
    p->server.fd = -1;
    dial(r, p, p->trying->ai_next, why);
}

/* Take one waiting client and start connecting it to the server. */
static void admit(struct relay *r, int listener)
{
    char addr[NET_ADDR_MAX];
    struct pair *p = NULL;

    for (size_t i = 0; i < r->cfg->max_pairs && p == NULL; i++)
        if (!r->pairs[i].used)
            p = &r->pairs[i];
    if (p == NULL)
        return;
    int cfd = net_accept(listener, addr, sizeof addr);
    if (cfd < 0)
        return;
    unsigned id = ++r->next_id;
    memset(p, 0, sizeof *p);
    p->used = true;
    p->id = id;
    snprintf(p->prefix, sizeof p->prefix, "#%u", id);
    p->client.fd = cfd;
    p->server.fd = -1;
    net_reader_init(&p->client.reader);
    net_reader_init(&p->server.reader);
    p->deadline = net_now_ms() + r->cfg->timeout_ms;
    fprintf(r->cfg->out, "%s %s connected; the relay connects it to %s:%s\n", p->prefix,
            addr, r->cfg->to_host, r->cfg->to_port);
    fflush(r->cfg->out);
    if (r->cfg->record != NULL)
        recording_write_conn(r->cfg->record, id, addr);
    dial(r, p, r->to_addrs, 0);
}

/* The server cannot be reached: tell the client so in its own protocol
 * (a BYE, or a TLS internal_error alert), then drop what it sends until
 * it closes; -1 with why when its first byte is of neither protocol. */
static int refuse(struct relay *r, struct pair *p, uint8_t first, char *why, size_t whylen)
{
    static const uint8_t alert[] = {21, 0x03, 0x03, 0x00, 0x02, 2, 80};
    struct bytes bye = {0};
    size_t len = strlen(p->unreachable);

    if (first == 0x16) {
        queue(&p->client, alert, sizeof alert);
    } else if (first == NET_PROTOCOL_VERSION) {
        net_frame_encode(&bye, NET_FRAME_BYE, (const uint8_t *)p->unreachable,
                         len < NET_REASON_MAX ? len : NET_REASON_MAX);
        queue(&p->client, bye.data, bye.len);
        bytes_free(&bye);
    } else {
        snprintf(why, whylen, "%s", p->unreachable);
        return -1;
    }
    p->refused = true;
    p->server.eof = true;    /* so the client's side is closed once it is told */
    p->server.fd = -1;
    fprintf(r->cfg->out, "%s the client is told: %s\n", p->prefix, p->unreachable);
    fflush(r->cfg->out);
    return 0;
}

/* Feed bytes that `from` sent into the pair: tell the protocol apart on
 * the client's first byte, then cut and pass frames; -1 with why when the
 * pair must end. */
static int take_bytes(struct relay *r, struct pair *p, bool to_server, const uint8_t *buf,
                      size_t n, char *why, size_t whylen)
{
    struct side *from = to_server ? &p->client : &p->server;
    struct net_frame f;
    char err[NET_FRAME_ERR_MAX];
    int got;

    if (p->refused)
        return 0;
    if (p->unreachable[0] != '\0')
        return refuse(r, p, buf[0], why, whylen);
    if (p->kind == PAIR_UNKNOWN) {
        if (buf[0] == 0x16) {
            p->kind = PAIR_TLS;
            fprintf(r->cfg->out, "%s speaks TLS (its first byte is 0x16): the relay passes "
                    "its records on unchanged%s\n", p->prefix,
                    r->cfg->mitm || r->cfg->tamper_stage != 0 || r->cfg->fault != RELAY_FAULT_NONE
                        ? " (--tamper, --mitm and --fault act on the eight-stage flow only)" : "");
        } else if (buf[0] == NET_PROTOCOL_VERSION) {
            p->kind = PAIR_CLASSROOM;
        } else {
            snprintf(why, whylen, "the client's first byte, 0x%02x, is neither a TLS record "
                     "nor a tlssim classroom frame", buf[0]);
            return -1;
        }
    }
    if (p->kind == PAIR_TLS) {
        bytes_append(&from->tls_in, buf, n);
        return pass_tls(r, p, to_server, why, whylen);
    }
    net_reader_feed(&from->reader, buf, n);
    while ((got = net_reader_next(&from->reader, &f, err, sizeof err)) == 1)
        on_net_frame(r, p, to_server, &f);
    if (got < 0) {
        snprintf(why, whylen, "the %s sent a bad frame: %s", to_server ? "client" : "server",
                 err);
        return -1;
    }
    return 0;
}

/* Read what side `from` has; -1 with why when the pair must end. */
static int read_side(struct relay *r, struct pair *p, bool to_server, char *why, size_t whylen)
{
    struct side *from = to_server ? &p->client : &p->server;
    uint8_t buf[READ_CHUNK];
    ssize_t n = net_recv_some(from->fd, buf, sizeof buf);

    if (n == -2)
        return 0;
    if (n < 0) {
        snprintf(why, whylen, "the connection to the %s broke", to_server ? "client" : "server");
        return -1;
    }
    if (n == 0) {
        from->eof = true;
        return 0;
    }
    p->deadline = net_now_ms() + r->cfg->timeout_ms;
    return take_bytes(r, p, to_server, buf, (size_t)n, why, whylen);
}

/* Send what is owed to side s, and close the relay's sending half toward
 * it once the other side has closed and nothing more is owed; -1 when the
 * connection broke. */
static int write_side(struct side *s, const struct side *other)
{
    while (owed(s) > 0) {
        ssize_t n = net_send_some(s->fd, s->out.data + s->out_done, owed(s));
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        s->out_done += (size_t)n;
    }
    if (other->eof && owed(s) == 0 && !s->shut && s->fd >= 0) {
        shutdown(s->fd, SHUT_WR);
        s->shut = true;
    }
    return 0;
}

/* Move one pair on after poll(); ends it when both ends have closed, on a
 * fault, or when it has been silent for the timeout. */
static void serve_pair(struct relay *r, struct pair *p, short crev, short srev)
{
    char why[REASON_MAX] = "";
    int rc = 0;

    if (p->connecting && (srev & (POLLOUT | POLLERR | POLLHUP)))
        connect_done(r, p, false);
    else if (p->connecting && net_now_ms() >= p->connect_deadline)
        connect_done(r, p, true);
    if (p->connecting || p->server.fd < 0)
        srev = 0;
    if ((crev & (POLLIN | POLLHUP | POLLERR)) && !p->client.eof)
        rc = read_side(r, p, true, why, sizeof why);
    if (rc == 0 && (srev & (POLLIN | POLLHUP | POLLERR)) && !p->server.eof)
        rc = read_side(r, p, false, why, sizeof why);
    if (rc == 0 && (write_side(&p->client, &p->server) != 0 ||
                    (!p->connecting && write_side(&p->server, &p->client) != 0))) {
        snprintf(why, sizeof why, "a connection broke while the relay was sending");
        rc = -1;
    }
    if (rc != 0) {
        end_pair(r, p, "broken", why);
        return;
    }
    if (p->client.eof && p->server.eof && owed(&p->client) == 0 && owed(&p->server) == 0) {
        end_pair(r, p, strcmp(p->bye, "completed") == 0 ? "completed"
                       : p->unreachable[0] ? "refused" : "closed",
                 p->unreachable[0] ? "the server could not be reached" : "both ends closed");
        return;
    }
    if (net_now_ms() >= p->deadline)
        end_pair(r, p, "timeout", "nothing passed for the whole timeout; the relay closed "
                 "both ends");
}

/* The events a side waits for: input while its peer's queue is short (and
 * the client's protocol is known, for the server), output while owed. */
static short side_events(const struct pair *p, const struct side *s, const struct side *other)
{
    short ev = 0;

    if (s == &p->server && p->connecting)
        return POLLOUT;
    if (!s->eof && owed(other) < QUEUE_LIMIT && (s == &p->client || p->kind != PAIR_UNKNOWN))
        ev |= POLLIN;
    if (owed(s) > 0)
        ev |= POLLOUT;
    return ev;
}

int relay_run(const struct relay_config *cfg, char *err, size_t errlen)
{
    struct relay r = {.cfg = cfg, .started = net_now_ms()};
    unsigned bound;
    int failed = 0;

    r.to_addrs = net_resolve(cfg->to_host, cfg->to_port, err, errlen);
    if (r.to_addrs == NULL)
        return -1;
    int listener = net_listen(cfg->listen_host, cfg->listen_port, 64, &bound, err, errlen);
    if (listener < 0) {
        freeaddrinfo(r.to_addrs);
        return -1;
    }
    net_ignore_sigpipe();
    r.pairs = xcalloc(cfg->max_pairs, sizeof *r.pairs);
    struct pollfd *pfds = xcalloc(2 * cfg->max_pairs + 1, sizeof *pfds);
    fprintf(cfg->out, "tlssim relay: listening on port %u, passing to %s:%s (%s); Ctrl-C stops\n",
            bound, cfg->to_host, cfg->to_port,
            cfg->mitm ? "Mallory in the middle" : cfg->tamper_stage ? "Mallory flips a bit"
                                                                   : "Eve listens");
    fflush(cfg->out);
    if (cfg->record != NULL)
        recording_write_start(cfg->record);
    while (!*cfg->stop && failed == 0) {
        size_t n = 0, used = 0;
        int64_t now = net_now_ms(), wait = 1000;
        for (size_t i = 0; i < cfg->max_pairs; i++) {
            struct pair *p = &r.pairs[i];
            if (!p->used)
                continue;
            used++;
            pfds[n++] = (struct pollfd){p->client.fd, side_events(p, &p->client, &p->server), 0};
            pfds[n++] = (struct pollfd){p->server.fd, side_events(p, &p->server, &p->client), 0};
            int64_t due = p->connecting && p->connect_deadline < p->deadline
                              ? p->connect_deadline : p->deadline;
            net_wait_until(&wait, now, due);
        }
        pfds[n++] = (struct pollfd){listener, (short)(used < cfg->max_pairs ? POLLIN : 0), 0};
        if (!net_wait(pfds, n, wait, &failed))
            continue;
        size_t k = 0;
        for (size_t i = 0; i < cfg->max_pairs; i++) {
            if (!r.pairs[i].used)
                continue;
            serve_pair(&r, &r.pairs[i], pfds[k].revents, pfds[k + 1].revents);
            k += 2;
        }
        if (pfds[n - 1].revents & POLLIN)
            admit(&r, listener);
    }
    for (size_t i = 0; i < cfg->max_pairs; i++)
        if (r.pairs[i].used)
            end_pair(&r, &r.pairs[i], "stopped", "the relay stopped");
    free(pfds);
    free(r.pairs);
    freeaddrinfo(r.to_addrs);
    close(listener);
    if (failed != 0) {
        snprintf(err, errlen, "waiting for the connections failed: %s", strerror(failed));
        return -1;
    }
    return 0;
}
