/*
 * connect_teach.c - the eight-stage flow from the student's side: connect,
 * drive flow_client, ask about the CA's fingerprint when nobody named one,
 * and print each stage once it is over.
 */
#include "cli/connect_teach.h"

#include "base/exit_status.h"
#include "cli/connect_step.h"
#include "cli/net_report.h"
#include "engine/engine.h"
#include "engine/wire.h"
#include "net/flow_client.h"
#include "net/flow_send.h"
#include "net/frame.h"
#include "net/net_sock.h"
#include "tui/tui_connect.h"
#include "views/view_json.h"
#include "views/view_plain.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Print the stages that are over, up to stage last, and not yet printed. */
static void print_stages_upto(const struct connect_teach_opts *o, const struct flow_client *fc,
                              int *printed, int last)
{
    const struct sim_log *log = flow_client_log(fc);

    while (*printed < flow_client_stages_done(fc) && *printed < last) {
        int stage = ++*printed;
        if (o->json)
            view_json_stage_line(stdout, stage);
        else
            printf("\n==[ Stage %d/%d: %s ]==\n", stage, SIM_STAGE_COUNT,
                   engine_stage_name(stage));
        for (size_t i = 0; i < log->count; i++)
            if (log->events[i].stage == stage) {
                if (o->json)
                    view_json_event(stdout, &log->events[i]);
                else
                    view_plain_event(stdout, &log->events[i]);
            }
    }
    fflush(stdout);
}

/* The run ended before the flight of stage dropped was sent: what the log
 * holds of that stage and later ones never happened, so print only how it
 * ended (the events from index first on, but the stage texts), after the
 * last stage that was reached.  Only --step holds a flight, and it prints
 * plain text. */
static void print_end_unsent(const struct flow_client *fc, size_t first, int dropped)
{
    const struct sim_log *log = flow_client_log(fc);

    printf("\n[client] never sent its flight of stage %d: the run ended first\n", dropped);
    for (size_t i = first; i < log->count; i++)
        if (log->events[i].kind != SIM_EV_NARRATION && log->events[i].kind != SIM_EV_REAL_TLS)
            view_plain_event(stdout, &log->events[i]);
    fflush(stdout);
}

/* Print the stages that are over and not yet printed. */
static void print_stages(const struct connect_teach_opts *o, const struct flow_client *fc,
                         int *printed)
{
    print_stages_upto(o, fc, printed, SIM_STAGE_COUNT);
}

/* Show the offered CA's fingerprint and ask the student to compare it;
 * true when they answer yes. */
static bool ask_about_fingerprint(const struct flow_client *fc)
{
    char pretty[96], line[32];

    flow_fingerprint_pretty(flow_client_offered_fingerprint(fc), pretty);
    printf("\nThe server offers its CA's certificate.  Its SHA-256 fingerprint is\n  %s\n"
           "Compare it with the one on the teacher's screen: trust this CA only if every\n"
           "pair matches.  Do they match? [y/N] ", pretty);
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL)
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* Before a flight goes, print the stages before its own, show it and wait
 * for the student's key; true to send it (out up to *limit), false when the
 * run ends here (fc failed, its reason says why) or the server spoke first
 * (*peer_ready set). */
static bool ask_to_send(const struct connect_teach_opts *o, int fd, struct flow_client *fc,
                        size_t sent, size_t *limit, int *printed, bool *peer_ready,
                        int *asked)
{
    char what[160], heading[96], quit[64], eof[160], unreadable[160];
    const struct connect_step_stops stops = {quit, eof, unreadable};
    size_t end;   /* of the flight: *limit moves there only when the student lets it go */
    int stage = flow_send_describe(flow_client_out(fc), sent, what, sizeof what, &end);

    if (stage == 0) {
        *limit = flow_client_out(fc)->len;
        return true;
    }
    print_stages_upto(o, fc, printed, stage - 1);   /* the flight's own stage once it is sent */
    *asked = stage;
    snprintf(heading, sizeof heading, "Stage %d/%d: %s", stage, SIM_STAGE_COUNT,
             engine_stage_name(stage));
    snprintf(quit, sizeof quit, "stopped at stage %d before its flight was sent (q)", stage);
    snprintf(eof, sizeof eof, "the input ended at stage %d, so nobody can press →; run with "
             "--plain to go through without stopping", stage);
    snprintf(unreadable, sizeof unreadable, "the terminal could not be read at stage %d; run "
             "with --plain to go through without stopping", stage);
    const char *stopped = connect_step_ask(fd, heading, what, &stops, peer_ready);
    if (stopped == NULL && !*peer_ready) {
        *limit = end;
        return true;
    }
    if (stopped != NULL)
        flow_client_fail(fc, stopped, false);
    return false;
}

/* Drive the connection on fd until it is over; *gone is set when the
 * server gave up while the student was being asked. */
static void run(const struct connect_teach_opts *o, int fd, struct flow_client *fc,
                const char **gone)
{
    int64_t wait_ms = (int64_t)o->timeout_s * 1000;
    int64_t deadline = net_now_ms() + wait_ms;
    size_t sent = 0;
    int printed = 0;
    char why[200];
    size_t limit = 0;   /* out is sent up to here: the flights the student let go */
    int held = 0;       /* the stage of a flight the student has not let go, or 0 */
    size_t held_at = 0; /* the log's length when it was held: later events tell the end */

    for (;;) {
        bool peer_ready = false;
        if (!o->step || flow_client_over(fc))
            limit = flow_client_out(fc)->len;
        else if (sent >= limit && flow_client_out(fc)->len > sent) {
            held_at = flow_client_log(fc)->count;
            if (!ask_to_send(o, fd, fc, sent, &limit, &printed, &peer_ready, &held) &&
                !peer_ready) {
                flow_client_out(fc)->len = 0;
                break;
            }
            if (!peer_ready)
                held = 0;
            deadline = net_now_ms() + wait_ms;   /* the server's time starts when it is sent */
        }
        if (!peer_ready && flow_send_upto(fd, fc, &sent, limit) != 0)
            flow_client_fail(fc, "the connection broke while sending: the server closed it "
                             "or the network failed", false);
        if (flow_client_out(fc)->len == 0)
            limit = 0;
        print_stages_upto(o, fc, &printed, held > 0 ? held - 1 : SIM_STAGE_COUNT);
        if (flow_client_over(fc) && flow_client_out(fc)->len == 0)
            break;
        if (flow_client_state(fc) == FLOW_CLIENT_DECIDE_TRUST) {
            flow_client_decide_trust(fc, o->may_ask && ask_about_fingerprint(fc));
            flow_client_feed(fc, NULL, 0);   /* frames that waited for the answer */
            deadline = net_now_ms() + wait_ms;
            continue;
        }
        if (o->step && !peer_ready && sent >= limit && flow_client_out(fc)->len > sent)
            continue;   /* the next flight waits for its key */
        int64_t left = deadline - net_now_ms();
        struct pollfd pfd = {fd, (short)(POLLIN | (limit > sent ? POLLOUT : 0)), 0};
        int n = peer_ready ? 1 : left > 0 ? poll(&pfd, 1, (int)left) : 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (flow_client_over(fc))
                break;   /* the last BYE could not be handed over */
            snprintf(why, sizeof why, "no answer from %s within %d seconds at stage %d: the "
                     "server is silent, or does not speak tlssim's classroom protocol",
                     o->host, o->timeout_s, flow_client_stage(fc));
            flow_client_fail(fc, why, true);
            continue;
        }
        uint8_t buf[4096];
        ssize_t got = net_recv_some(fd, buf, sizeof buf);
        if (got > 0) {
            flow_client_feed(fc, buf, (size_t)got);
            deadline = net_now_ms() + wait_ms;
        } else if (got == 0 || got == -1) {
            if (flow_client_settings(fc) == NULL)
                snprintf(why, sizeof why, "the server closed the connection without answering "
                         "the HELLO: is it a 'tlssim serve'? (for a TLS server, use --protocol "
                         "tls13)");
            else
                snprintf(why, sizeof why, "the server closed the connection at stage %d",
                         flow_client_stage(fc));
            flow_client_fail(fc, why, false);
            if (flow_client_over(fc))
                flow_client_out(fc)->len = 0;
        }
        if (peer_ready && flow_client_over(fc)) {
            *gone = connect_step_gone_reason();
            flow_client_out(fc)->len = 0;
            break;
        }
    }
    if (held > 0 && flow_client_state(fc) != FLOW_CLIENT_COMPLETED)
        print_end_unsent(fc, held_at, held);
    else
        print_stages(o, fc, &printed);
}

int connect_teach(const struct connect_teach_opts *o)
{
    char err[NET_ERR_MAX];
    struct crypt_rng rng;

    if (o->ca_der == NULL && o->ca_fingerprint == NULL && !o->may_ask) {
        fprintf(stderr, "tlssim connect: whom should the client trust? Give the classroom "
                "CA's certificate with --ca FILE, or its SHA-256 fingerprint (the one 'tlssim "
                "serve' prints) with --ca-fingerprint HEX; --plain and --json never ask\n");
        return EXIT_USAGE;
    }
    struct flow_client_config cfg = {.name = o->name, .ca_der = o->ca_der, .ca_len = o->ca_len,
                                     .ca_fingerprint = o->ca_fingerprint,
                                     .host = o->server_name, .message = o->message,
                                     .clock = (int64_t)time(NULL),
                                     .accept_bad_cert = o->accept_bad_cert};
    if (!o->json)
        printf("client: connecting to %s port %s for the eight-stage flow as \"%s\"; the "
               "server is remote: its side shows as what arrived on the wire\n", o->host,
               o->port, o->name);
    fflush(stdout);
    int fd = net_connect(o->host, o->port, o->timeout_s * 1000, err, sizeof err);
    if (fd < 0) {
        if (o->json)
            net_report_json_event(stdout, "result", false, err, NULL, 0);
        fprintf(stderr, "tlssim connect: %s\n", err);
        return EXIT_CHECK_FAILED;
    }
    crypt_rng_from_system(&rng);
    crypt_rng_use(&rng);
    struct flow_client *fc = flow_client_new(&cfg);
    const char *gone = NULL;
    int status = 0;
    if (o->tui) {
        struct tui_connect screen = {.fd = fd, .fc = fc, .host = o->host, .port = o->port,
                                     .timeout_s = o->timeout_s,
                                     .settings = {.animate = true, .theme = TUI_THEME_DEFAULT}};
        status = tui_connect_run(&screen);
        status = status == EXIT_USAGE || status >= 128 ? status : 0;
    } else {
        run(o, fd, fc, &gone);
    }
    close(fd);
    const char *reason = flow_client_reason(fc, NULL);
    if (flow_client_state(fc) == FLOW_CLIENT_COMPLETED) {
        const char *reply = flow_client_reply(fc);
        if (o->json) {
            net_report_json_event(stdout, "reply", true, "the server's reply", reply,
                                  strlen(reply));
            net_report_json_event(stdout, "result", true, "all eight stages completed", NULL, 0);
        } else {
            printf("\nclient: all eight stages completed; the server's reply: %s\n", reply);
        }
    } else if (status == 0) {
        if (o->json)
            net_report_json_event(stdout, "result", false, reason, NULL, 0);
        if (gone != NULL)
            fprintf(stderr, "tlssim connect: %s:%s: %s (the server said: %s)\n", o->host,
                    o->port, gone, reason);
        else
            fprintf(stderr, "tlssim connect: %s:%s: %s\n", o->host, o->port, reason);
        status = EXIT_CHECK_FAILED;
    }
    fflush(stdout);
    flow_client_free(fc);
    crypt_rng_use(NULL);
    crypt_wipe(&rng, sizeof rng);
    return status;
}
