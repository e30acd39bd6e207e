/*
 * cmd_connect.c - `tlssim connect`: a real TLS 1.3 client.  It connects,
 * shakes hands (printing each step as it happens), checks the server's
 * certificate against a CA file, sends one HTTP/1.1 request and prints the
 * reply.
 */
#include "base/fileio.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/connect_step.h"
#include "cli/connect_teach.h"
#include "cli/net_report.h"
#include "net/frame.h"
#include "net/net_sock.h"
#include "net/net_tls.h"
#include "pki/pem.h"
#include "pki/x509.h"
#include "tls13/conn.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TRUST_MAX 16
#define CONNECT_REPLY_MAX (4 * 1024 * 1024)

/* The command's settings. */
struct connect_opts {
    const char *target, *ca, *host, *message;
    const char *name, *ca_fingerprint;
    bool accept_bad_cert;       /* teach: continue past a certificate warning */
    int timeout_s;
    bool json;
    bool no_share_first;
    bool plain_given;           /* --plain or --json: never ask a question */
    bool tls13;                 /* --protocol tls13 */
    bool step_given;            /* --step */
    bool step;                  /* wait for a key before each flight */
    bool tui;                   /* teach on a terminal: the walkthrough's full screen */
};

enum connect_option { CONNECT_PROTOCOL, CONNECT_TIMEOUT, CONNECT_PLAIN, CONNECT_JSON };

/* The entry of connect (connect_command), made by the build from cli/usage/connect.txt. */
#include "cli/usage_connect.h"

/* One run: the options, the trust store, the key log and the connection. */
struct connect_run {
    struct connect_opts o;
    struct pem_block *blocks;
    size_t block_count;
    struct x509_cert trusted[CONNECT_TRUST_MAX];
    size_t trusted_count;
    struct net_keylog keylog;
    struct tls13_conn conn;
    char host[256], port[16];
};

/* Report one step and log its secret when it carries an NSS label. */
static void on_step(void *ctx, const struct tls13_step *step)
{
    struct connect_run *r = ctx;

    if (step->keylog != NULL)
        net_keylog_write(&r->keylog, step->keylog, r->conn.client_random, step->value,
                         step->value_len);
    if (r->o.json)
        net_report_json(stdout, "client", step);
    else
        net_report_plain(stdout, "client", step);
}

/* Read every certificate of the PEM file path into r's trust store; 0, or
 * -1 after saying what is wrong with the file. */
static int load_trust(struct connect_run *r, const char *path)
{
    struct pem_error perr;
    char err[X509_ERR_MAX];
    int got = pem_read_file(path, &r->blocks, &r->block_count, err, sizeof err, &perr);

    if (got == -1) {
        fprintf(stderr, "tlssim connect: %s\n", err);
        return -1;
    }
    if (got == -2) {
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", path, perr.line, perr.column, perr.message);
        return -1;
    }
    for (size_t i = 0; i < r->block_count && r->trusted_count < CONNECT_TRUST_MAX; i++) {
        struct pem_block *b = &r->blocks[i];
        if (strcmp(b->label, "CERTIFICATE") != 0)
            continue;
        if (x509_cert_parse(b->der.data, b->der.len, &r->trusted[r->trusted_count], err,
                            sizeof err) != 0) {
            fprintf(stderr, "%s:%zu:1: error: this certificate cannot be read: %s\n", path,
                    b->line, err);
            return -1;
        }
        r->trusted_count++;
    }
    if (r->trusted_count == 0) {
        fprintf(stderr, "tlssim connect: %s holds no CERTIFICATE block; give the CA's "
                "certificate, e.g. the ca.crt that 'tlssim files' wrote\n", path);
        return -1;
    }
    return 0;
}

/* What the client waits for in its present state, for a timeout message. */
static const char *waiting_for(const struct tls13_conn *c, bool request_sent)
{
    switch (c->state) {
    case TLS13_ST_WAIT_SH: return "the ServerHello";
    case TLS13_ST_WAIT_EE: return "EncryptedExtensions";
    case TLS13_ST_WAIT_CERT: return "the server's Certificate";
    case TLS13_ST_WAIT_CV: return "CertificateVerify";
    case TLS13_ST_WAIT_FINISHED: return "the server's Finished";
    default: return request_sent ? "the reply" : "the handshake";
    }
}

/* Append the HTTP request to req. */
static void build_request(struct bytes *req, const struct connect_run *r)
{
    const char *name = r->o.host != NULL ? r->o.host : r->host;
    bool v6 = strchr(name, ':') != NULL;
    char *text = xasprintf("%s HTTP/1.1\r\nHost: %s%s%s%s%s\r\nUser-Agent: tlssim\r\n"
                           "Connection: close\r\n\r\n", r->o.message != NULL ? r->o.message
                           : "GET /", v6 ? "[" : "", name, v6 ? "]" : "",
                           strcmp(r->port, "443") != 0 ? ":" : "",
                           strcmp(r->port, "443") != 0 ? r->port : "");
    bytes_append(req, text, strlen(text));
    free(text);
}

/* Name the client's next flight, which c->out holds, for the student who
 * sends it: a heading and what goes. */
static void describe_flight(const struct connect_run *r, bool request_sent, int flight,
                            char *heading, size_t heading_size, char *what, size_t what_size)
{
    const struct tls13_conn *c = &r->conn;
    size_t n = c->out.len;

    if (request_sent) {
        snprintf(heading, heading_size, "Client flight %d: the request", flight);
        snprintf(what, what_size, "the HTTP request, encrypted under the client's application "
                 "traffic key (%zu B on the wire)", n);
    } else if (tls13_conn_established(c)) {
        snprintf(heading, heading_size, "Client flight %d: Finished", flight);
        snprintf(what, what_size, "%sthe client's Finished, encrypted under the client's "
                 "handshake traffic key (%zu B on the wire)", c->cert_requested
                 ? "an empty Certificate (the client has none) and " : "", n);
    } else if (c->got_hrr) {
        snprintf(heading, heading_size, "Client flight %d: ClientHello again", flight);
        snprintf(what, what_size, "a second ClientHello with the X25519 key share the "
                 "HelloRetryRequest asked for (%zu B on the wire)", n);
    } else {
        snprintf(heading, heading_size, "Client flight %d: ClientHello%s", flight,
                 c->sent_share ? " + key share" : "");
        snprintf(what, what_size, "ClientHello with the client random, the one suite "
                 "and %s (%zu B on the wire)", c->sent_share ? "an X25519 key share"
                 : "no key share (--no-share-first)", n);
    }
}

/* Before a flight goes, ask the student; true to send it, false when the
 * run ends here (c aborted) or the server spoke first (*peer_ready set). */
static bool ask_to_send(struct connect_run *r, int fd, bool request_sent, int flight,
                        bool *peer_ready)
{
    char heading[80], what[200], quit[64], eof[160];
    const struct connect_step_stops stops = {quit, eof, "the terminal could not be read; run "
                                             "with --plain to go through without stopping"};

    describe_flight(r, request_sent, flight, heading, sizeof heading, what, sizeof what);
    snprintf(quit, sizeof quit, "stopped before client flight %d was sent (q)", flight);
    snprintf(eof, sizeof eof, "the input ended before client flight %d, so nobody can press →; "
             "run with --plain to go through without stopping", flight);
    const char *why = connect_step_ask(fd, heading, what, &stops, peer_ready);
    if (why == NULL)
        return !*peer_ready;
    tls13_conn_drain(&r->conn, r->conn.out.len);   /* the flight is not sent */
    tls13_conn_abort(&r->conn, "tlssim.step.stopped", why);
    return false;
}

/* Drive the connection on fd until it ends; true when the handshake
 * completed and the reply came (the connection may still report a fault). */
static bool run_connection(struct connect_run *r, int fd)
{
    struct tls13_conn *c = &r->conn;
    int64_t wait_ms = (int64_t)r->o.timeout_s * 1000;
    int64_t deadline = net_now_ms() + wait_ms;
    bool request_sent = false, eof = false, approved = false;
    int flights = 0;
    char why[TLS13_ERR_MAX + 320];

    tls13_client_start(c);
    for (;;) {
        bool peer_ready = false;
        if (r->o.step && !approved && c->out.len > 0 && c->state != TLS13_ST_FAILED) {
            approved = ask_to_send(r, fd, request_sent, flights + 1, &peer_ready);
            if (c->state == TLS13_ST_FAILED)
                break;
            flights += approved;
            deadline = net_now_ms() + wait_ms;   /* the server's time starts when it is sent */
        }
        if (!peer_ready && net_tls_flush(fd, c) != 0) {
            tls13_conn_abort(c, "tls13.peer.closed", "the connection broke while sending: the "
                             "server closed it or the network failed");
            break;
        }
        if (c->out.len == 0)
            approved = false;
        if (c->state == TLS13_ST_FAILED)
            break;
        if (tls13_conn_established(c) && !request_sent && !peer_ready) {
            struct bytes req = {0};
            build_request(&req, r);
            request_sent = tls13_conn_send(c, req.data, req.len) == 0;
            bytes_free(&req);
            continue;
        }
        if (c->state == TLS13_ST_CLOSED || eof)
            break;
        int64_t left = deadline - net_now_ms();
        struct pollfd pfd = {fd, (short)(POLLIN | (c->out.len > 0 ? POLLOUT : 0)), 0};
        int n = peer_ready ? 1 : left > 0 ? poll(&pfd, 1, (int)left) : 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(why, sizeof why, "no answer from %s within %d seconds while waiting for "
                     "%s: the server is silent, or does not speak TLS on that port",
                     r->host, r->o.timeout_s, waiting_for(c, request_sent));
            tls13_conn_abort(c, "tls13.peer.timeout", why);
            break;
        }
        enum net_read got = net_tls_read(fd, c);
        if (peer_ready && (got == NET_READ_EOF || got == NET_READ_BROKEN ||
                           c->state == TLS13_ST_FAILED)) {
            tls13_conn_drain(c, c->out.len);   /* the flight nobody sent */
            if (c->state == TLS13_ST_FAILED) {
                snprintf(why, sizeof why, "%s", c->err.message);
                snprintf(c->err.message, sizeof c->err.message, "%.200s (the server said: %.100s)",
                         connect_step_gone_reason(), why);
            } else {
                tls13_conn_abort(c, "tls13.peer.gone", connect_step_gone_reason());
            }
            break;
        }
        if (got == NET_READ_FED)
            deadline = net_now_ms() + wait_ms;
        else if (got == NET_READ_BROKEN || (got == NET_READ_EOF && !tls13_conn_established(c))) {
            snprintf(why, sizeof why, "the server closed the connection while tlssim was "
                     "waiting for %s", waiting_for(c, request_sent));
            tls13_conn_abort(c, "tls13.peer.closed", why);
            break;
        } else if (got == NET_READ_EOF) {
            eof = true;
        }
        if (c->app_in.len > CONNECT_REPLY_MAX) {
            tls13_conn_abort(c, "tls13.app.length", "the reply is longer than tlssim shows "
                             "(4 MiB); it stopped reading");
            break;
        }
    }
    if (tls13_conn_established(c) && eof && c->state != TLS13_ST_CLOSED && !r->o.json)
        printf("client: note: the server closed the connection without close_notify\n");
    tls13_conn_close(c);
    (void)!net_tls_flush(fd, c);
    return tls13_conn_established(c) && request_sent;
}

/* Print the outcome and return the exit status. */
static int report_end(struct connect_run *r, bool ok)
{
    struct tls13_conn *c = &r->conn;
    const char *reply = (const char *)c->app_in.data;

    if (ok) {
        if (r->o.json) {
            net_report_json_event(stdout, "reply", true, "the server's reply", reply != NULL
                                  ? reply : "", c->app_in.len);
            net_report_json_event(stdout, "result", true, "connection complete and verified",
                                  NULL, 0);
        } else {
            printf("--- reply from %s (%zu bytes) ---\n", r->host, c->app_in.len);
            if (c->app_in.len > 0)
                fwrite(c->app_in.data, 1, c->app_in.len, stdout);
            if (c->app_in.len > 0 && c->app_in.data[c->app_in.len - 1] != '\n')
                putchar('\n');
            printf("--- end of reply ---\n");
        }
        return 0;
    }
    char sent[96] = "";
    if (!c->alert_received && c->err.alert != TLS13_ALERT_CLOSE_NOTIFY)
        snprintf(sent, sizeof sent, " (tlssim sent the alert %s)",
                 tls13_alert_name(c->err.alert));
    if (r->o.json)
        net_report_json_event(stdout, "result", false, c->err.message, NULL, 0);
    fprintf(stderr, "tlssim connect: %s:%s: %s [%s]%s\n", r->host, r->port, c->err.message,
            c->err.id != NULL ? c->err.id : "tls13", sent);
    return EXIT_CHECK_FAILED;
}

/* Read the command line into o; 0, 1 for --help, or the usage status. */
static int parse_args(int argc, char **argv, struct connect_opts *o)
{
    struct cli_parser p = {.cmd = &connect_command, .argc = argc, .argv = argv, .fields = o};
    long t;
    int id;

    while ((id = cli_next(&p)) != CLI_END) {
        switch (id) {
        case CONNECT_PROTOCOL:
            if (strcmp(p.value, "tls13") != 0 && strcmp(p.value, "teach") != 0)
                return usage_error("connect", "--protocol wants teach or tls13, not '%s'",
                                   p.value);
            o->tls13 = strcmp(p.value, "tls13") == 0;
            break;
        case CONNECT_TIMEOUT:
            if (cli_whole_number("connect", "--timeout", p.value, 1, 3600, "whole seconds",
                                 &t) != 0)
                return EXIT_USAGE;
            o->timeout_s = (int)t;
            break;
        case CONNECT_PLAIN:
            o->json = false;
            o->plain_given = true;
            break;
        case CONNECT_JSON:
            o->json = true;
            o->plain_given = true;
            break;
        case CLI_ARG:
            if (o->target != NULL)
                return usage_error("connect", "one server only, but got '%s' and '%s'",
                                   o->target, p.value);
            o->target = p.value;
            break;
        case CLI_HELP:
            return 1;
        default:
            return EXIT_USAGE;
        }
    }
    if (o->target == NULL)
        return usage_error("connect", "which server? e.g. 'tlssim connect --ca ca.crt "
                           "www.example.com:8443'");
    if (o->host != NULL && (o->host[0] == '\0' || strlen(o->host) > 253 ||
                            strspn(o->host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789.-_:*") != strlen(o->host)))
        return usage_error("connect", "--host wants a DNS name such as www.example.com");
    if (o->message != NULL && (o->message[0] == '\0' || strpbrk(o->message, "\r\n") != NULL))
        return usage_error("connect", "--message wants one request line such as 'GET /x'");
    if (o->name != NULL && (o->name[0] == '\0' || strlen(o->name) > NET_NAME_MAX ||
                            strpbrk(o->name, "\t\r\n") != NULL))
        return usage_error("connect", "--name wants 1 to %d bytes without control characters",
                           NET_NAME_MAX);
    if (o->ca_fingerprint != NULL && strspn(o->ca_fingerprint, "0123456789abcdefABCDEF: ") !=
                                         strlen(o->ca_fingerprint))
        return usage_error("connect", "--ca-fingerprint wants the SHA-256 fingerprint in hex, "
                           "as 'tlssim serve' prints it (AB:CD:...)");
    if (o->step_given && o->json)
        return usage_error("connect", "--step shows the flights to a person; it does not go "
                           "with --json");
    if (o->step_given && !o->plain_given && !isatty(STDIN_FILENO))
        return usage_error("connect", "--step waits for a key, but stdin is not a terminal; "
                           "use --plain");
    bool terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    o->tui = !o->plain_given && !o->step_given && !o->tls13 && terminal;
    o->step = !o->plain_given && !o->tui && (o->step_given || terminal);
    if (!o->tls13 && o->no_share_first)
        return usage_error("connect", "--no-share-first belongs to real TLS 1.3 (--protocol "
                           "tls13)");
    if (o->tls13 && o->accept_bad_cert)
        return usage_error("connect", "--accept-bad-cert belongs to the eight-stage flow "
                           "(--protocol teach): the TLS 1.3 client never clicks through");
    if (o->tls13 && (o->name != NULL || o->ca_fingerprint != NULL))
        return usage_error("connect", "--name and --ca-fingerprint belong to the eight-stage "
                           "flow (--protocol teach)");
    return 0;
}

/* The eight-stage flow: the first CA certificate of --ca, if any, is the
 * one the client trusts; the exit status. */
static int run_teach(struct connect_run *r)
{
    const char *user = getenv("USER");
    struct connect_teach_opts t = {.host = r->host, .port = r->port,
                                   .name = r->o.name != NULL ? r->o.name
                                           : user != NULL && user[0] != '\0' &&
                                                     strlen(user) <= NET_NAME_MAX
                                               ? user : "student",
                                   .ca_fingerprint = r->o.ca_fingerprint,
                                   .server_name = r->o.host, .message = r->o.message,
                                   .timeout_s = r->o.timeout_s, .json = r->o.json,
                                   .may_ask = !r->o.plain_given && isatty(STDIN_FILENO),
                                   .accept_bad_cert = r->o.accept_bad_cert,
                                   .step = r->o.step, .tui = r->o.tui};
    for (size_t i = 0; i < r->block_count && t.ca_der == NULL; i++)
        if (strcmp(r->blocks[i].label, "CERTIFICATE") == 0) {
            t.ca_der = r->blocks[i].der.data;
            t.ca_len = r->blocks[i].der.len;
        }
    return connect_teach(&t);
}

int cmd_connect(int argc, char **argv)
{
    struct connect_run *r = xcalloc(1, sizeof *r);
    struct crypt_rng rng;
    char err[NET_ERR_MAX];
    int status = EXIT_USAGE, fd = -1;

    r->o.timeout_s = 10;
    int rc = parse_args(argc, argv, &r->o);
    if (rc != 0) {
        status = rc == 1 ? 0 : rc;
        goto done;
    }
    if (net_split_host_port(r->o.target, "443", r->host, sizeof r->host, r->port,
                            sizeof r->port) != 0) {
        status = usage_error("connect", "'%s' is not HOST or HOST:PORT", r->o.target);
        goto done;
    }
    if ((r->o.ca != NULL && load_trust(r, r->o.ca) != 0))
        goto done;
    if (r->o.step)
        connect_step_begin();
    if (!r->o.tls13) {
        status = run_teach(r);
        goto done;
    }
    if (net_keylog_open(&r->keylog, err, sizeof err) != 0) {
        fprintf(stderr, "tlssim connect: %s\n", err);
        goto done;
    }
    net_ignore_sigpipe();
    crypt_rng_from_system(&rng);
    crypt_rng_use(&rng);
    struct tls13_config cfg = {.host = r->o.host != NULL ? r->o.host : r->host,
                               .trusted = r->trusted, .trusted_count = r->trusted_count,
                               .now = (int64_t)time(NULL), .on_step = on_step, .ctx = r,
                               .first_hello_without_share = r->o.no_share_first};
    tls13_conn_init(&r->conn, TLS13_CLIENT, &cfg);
    if (!r->o.json)
        printf("client: connecting to %s port %s (TLS 1.3: X25519, Ed25519, "
               "TLS_CHACHA20_POLY1305_SHA256)\n", r->host, r->port);
    fd = net_connect(r->host, r->port, r->o.timeout_s * 1000, err, sizeof err);
    if (fd < 0) {
        if (r->o.json)
            net_report_json_event(stdout, "result", false, err, NULL, 0);
        fprintf(stderr, "tlssim connect: %s\n", err);
        status = EXIT_CHECK_FAILED;
    } else {
        status = report_end(r, run_connection(r, fd));
        close(fd);
    }
    tls13_conn_free(&r->conn);
    crypt_rng_use(NULL);
    crypt_wipe(&rng, sizeof rng);
done:
    net_keylog_close(&r->keylog);
    if (r->blocks != NULL)
        pem_blocks_free(r->blocks, r->block_count);
    free(r);
    return status;
}
