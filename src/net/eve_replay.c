/*
 * eve_replay.c - a recording replayed to the walk's own Eve: she records
 * each message of the eight-stage flow as it passed, receives the leaked
 * key, and tries every record with what it gave her.
 */
#include "net/eve_replay.h"

#include "engine/actor_eve.h"
#include "engine/options.h"
#include "engine/wire.h"
#include "net/frame.h"
#include "net/relay_show.h"

#include <string.h>

/* The message of the flow inside a recorded classroom frame, or NULL when
 * the frame is no FLIGHT; *stage set from the FLIGHT. */
static const uint8_t *flight_message(const struct recording_frame *f, size_t *len, int *stage)
{
    const uint8_t *p = f->bytes.data;

    if (f->kind != RECORDING_NET || f->bytes.len < NET_FRAME_HEADER_BYTES + 2 + WIRE_HEADER_BYTES ||
        p[1] != NET_FRAME_FLIGHT)
        return NULL;
    *stage = p[NET_FRAME_HEADER_BYTES];
    *len = f->bytes.len - NET_FRAME_HEADER_BYTES - 2;
    return p + NET_FRAME_HEADER_BYTES + 2;
}

/* Replay one connection of the eight-stage flow; true when Eve read its
 * records. */
static bool replay_flow(FILE *out, const struct recording *rec, unsigned id,
                        const uint8_t *sk, bool plain)
{
    struct sim_log log = {0};
    struct sim_options opts;
    struct eve *eve = NULL;
    bool ephemeral = false;
    char prefix[24];

    snprintf(prefix, sizeof prefix, "#%u", id);
    for (size_t i = 0; i < rec->frame_count; i++) {
        const struct recording_frame *f = &rec->frames[i];
        size_t len;
        int stage;
        const uint8_t *msg = f->conn == id ? flight_message(f, &len, &stage) : NULL;
        if (msg == NULL)
            continue;
        relay_show_message(out, plain, prefix, stage, f->to_server, msg, len);
        if (eve == NULL) {
            struct wire_client_hello ch;
            sim_options_default(&opts);
            if (msg[0] == WIRE_CLIENT_HELLO && wire_decode_client_hello(msg, len, &ch) == 0)
                ephemeral = ch.has_share;
            opts.mode = ephemeral ? SIM_MODE_EPHEMERAL : SIM_MODE_TRANSPORT;
            opts.leak_key = sk != NULL;
            eve = eve_new(&opts);
        }
        size_t mark = log.count;
        eve_record(eve, &log, msg, len);
        if (!plain)
            relay_show_events(out, prefix, "Eve", &log, mark, false);
    }
    if (eve == NULL) {
        fprintf(out, "%s carried no message of the eight-stage flow\n", prefix);
        return false;
    }
    size_t mark = log.count;
    if (sk != NULL)
        eve_receive_leaked_key(eve, &log, sk);
    eve_try_to_read(eve, &log);
    relay_show_events(out, prefix, "Eve", &log, mark, false);
    bool opened = eve_read_plaintext(eve);
    if (sk != NULL && ephemeral && !opened)
        fprintf(out, "%s forward secrecy: this connection was in ephemeral mode.  The session "
                "secret came from two X25519 key shares whose private halves each side wiped "
                "after the handshake; the leaked key only ever signed the server's share, so "
                "nothing in the recording opens with it\n", prefix);
    else if (sk != NULL && opened)
        fprintf(out, "%s no forward secrecy: in key-transport mode the session key travelled "
                "sealed for the server's long-term key, so whoever gets that key later opens "
                "the recording, however old\n", prefix);
    eve_free(eve);
    log_free(&log);
    return opened;
}

void eve_replay(FILE *out, const struct recording *rec,
                const uint8_t sk[CRYPT_SIGN_SECRETKEYBYTES], bool plain,
                struct eve_replay_result *result)
{
    memset(result, 0, sizeof *result);
    fprintf(out, "A recording started %s: %zu connection%s, %zu frame%s; Eve %s\n",
            rec->started[0] ? rec->started : "(time unknown)", rec->conn_count,
            rec->conn_count == 1 ? "" : "s", rec->frame_count, rec->frame_count == 1 ? "" : "s",
            sk != NULL ? "holds the server's leaked private key"
                       : "holds no key (give her one with --key)");
    for (size_t c = 0; c < rec->conn_count; c++) {
        const struct recording_conn *conn = &rec->conns[c];
        size_t tls = 0, net = 0;
        for (size_t i = 0; i < rec->frame_count; i++)
            if (rec->frames[i].conn == conn->id && rec->frames[i].kind == RECORDING_TLS)
                tls++;
            else if (rec->frames[i].conn == conn->id)
                net++;
        fprintf(out, "\n#%u from %s, %s: %zu frame%s\n", conn->id, conn->client,
                conn->ended ? conn->outcome : "no end recorded", tls + net,
                tls + net == 1 ? "" : "s");
        if (tls > 0) {
            result->tls++;
            fprintf(out, "#%u carried TLS 1.3 (%zu records): every TLS 1.3 connection takes "
                    "its keys from an ephemeral X25519 exchange, so a leaked server key opens "
                    "none of it\n", conn->id, tls);
        } else if (net > 0) {
            result->flows++;
            if (replay_flow(out, rec, conn->id, sk, plain))
                result->opened++;
        }
    }
    fprintf(out, "\nEve read %zu of %zu eight-stage connection%s%s\n", result->opened,
            result->flows, result->flows == 1 ? "" : "s",
            result->tls > 0 ? " (and none of the TLS 1.3 ones)" : "");
    fflush(out);
}
