/*
 * tui_whatif.c - what each what-if key does to the options.
 */
#include "config.h"

#include "tui/tui_whatif.h"


#include <stdio.h>
#include <string.h>

/* The certificate scenarios in the order c cycles through them. */
/* The order c steps through the certificate scenarios. */
static const enum sim_cert cert_cycle[] = {
    SIM_CERT_CA,        SIM_CERT_NONE,    SIM_CERT_SELF_SIGNED,
    SIM_CERT_UNTRUSTED, SIM_CERT_EXPIRED, SIM_CERT_WRONG_NAME,
};
#define CERT_CYCLE_COUNT (sizeof cert_cycle / sizeof cert_cycle[0])

/* The scenario after cert in the cycle, back to ca after the last; TLS 1.3
 * skips the bare key, which it cannot send. */
static enum sim_cert next_cert(enum sim_cert cert, enum sim_protocol protocol)
{
    for (size_t i = 0; i < CERT_CYCLE_COUNT; i++) {
        if (cert_cycle[i] != cert)
            continue;
        enum sim_cert next = cert_cycle[(i + 1) % CERT_CYCLE_COUNT];
        if (next == SIM_CERT_NONE && protocol == SIM_PROTOCOL_TLS13)
            next = cert_cycle[(i + 2) % CERT_CYCLE_COUNT];
        return next;
    }
    return SIM_CERT_CA;
}

/* Flip *flag and say so in note as "NAME: on" or "NAME: off". */
static int flip(bool *flag, const char *name, char *note, size_t notelen)
{
    *flag = !*flag;
    snprintf(note, notelen, "%s: %s", name, *flag ? "on" : "off");
    return 0;
}

int tui_whatif_toggle(struct sim_options *o, enum tui_whatif w, int stage, bool stage_sends,
                      char *note, size_t notelen)
{
    struct sim_options next = *o;

    switch (w) {
    case TUI_WHATIF_TAMPER:
        if (o->tamper_stage == stage && stage != 0) {
            o->tamper_stage = 0;
            snprintf(note, notelen, "tamper: off");
            return 0;
        }
        if (!stage_sends || !(o->protocol == SIM_PROTOCOL_TLS13 ? sim_tamper_stage_ok_any(stage)
                                                                : sim_tamper_stage_ok(stage))) {
            snprintf(note, notelen, "stage %d sends nothing on the wire that Mallory could change",
                     stage);
            return -1;
        }
        o->tamper_stage = stage;
        snprintf(note, notelen, "tamper: Mallory flips one bit of stage %d's message", stage);
        return 0;
    case TUI_WHATIF_MITM:
        o->mitm = !o->mitm;
        if (!o->mitm)
            o->accept_bad_cert = false;
        snprintf(note, notelen, "man in the middle: %s", o->mitm ? "on" : "off");
        return 0;
    case TUI_WHATIF_MODE:
        if (o->protocol == SIM_PROTOCOL_TLS13) {
            snprintf(note, notelen, "TLS 1.3 has one key exchange: ephemeral X25519 shares");
            return -1;
        }
        o->mode = o->mode == SIM_MODE_EPHEMERAL ? SIM_MODE_TRANSPORT : SIM_MODE_EPHEMERAL;
        snprintf(note, notelen, "mode: %s", o->mode == SIM_MODE_EPHEMERAL
                                                ? "ephemeral (TLS 1.2 ECDHE)"
                                                : "key transport (RSA-style)");
        return 0;
    case TUI_WHATIF_LEAK_KEY:
        return flip(&o->leak_key, "server key leaks after the session", note, notelen);
    case TUI_WHATIF_CERT:
        o->cert = next_cert(o->cert, o->protocol);
        snprintf(note, notelen, "certificate: %s", sim_cert_name(o->cert));
        return 0;
    case TUI_WHATIF_DOWNGRADE:
        return flip(&o->downgrade, "downgrade", note, notelen);
    case TUI_WHATIF_FINISHED:
        if (o->protocol == SIM_PROTOCOL_TLS13) {
            snprintf(note, notelen, "TLS 1.3 always sends Finished messages");
            return -1;
        }
        return flip(&o->finished, "Finished messages", note, notelen);
    case TUI_WHATIF_PAYLOAD:
        if (o->protocol == SIM_PROTOCOL_TLS13) {
            snprintf(note, notelen, "the AES payload belongs to the teaching flow");
            return -1;
        }
        next.payload = o->payload == SIM_PAYLOAD_AES ? SIM_PAYLOAD_PLAIN : SIM_PAYLOAD_AES;
        if (sim_options_aes_missing(&next)) {
            snprintf(note, notelen,
                     "the AES payload needs AES-256-GCM, which this CPU cannot run");
            return -1;
        }
        o->payload = next.payload;
        snprintf(note, notelen, "application-layer AES payload: %s",
                 o->payload == SIM_PAYLOAD_AES ? "on" : "off");
        return 0;
    case TUI_WHATIF_HELLO_RETRY:
        if (o->protocol != SIM_PROTOCOL_TLS13) {
            snprintf(note, notelen, "the HelloRetryRequest belongs to real TLS 1.3 "
                                    "(walk --protocol tls13)");
            return -1;
        }
        return flip(&o->hello_retry, "HelloRetryRequest (first ClientHello without a key share)",
                    note, notelen);
    }
    snprintf(note, notelen, "no such what-if");
    return -1;
}

/* Append ", item" (or "what-ifs: item" first) to buf holding used bytes. */
static void add_item(char *buf, size_t len, size_t *used, const char *item)
{
    if (*used >= len)
        return;
    int n = snprintf(buf + *used, len - *used, "%s%s", *used == 0 ? "what-ifs: " : ", ", item);
    if (n > 0)
        *used += (size_t)n;
}

void tui_whatif_summary(const struct sim_options *o, char *buf, size_t len)
{
    size_t used = 0;
    char item[48];

    if (len == 0)
        return;
    buf[0] = '\0';
    if (o->mitm)
        add_item(buf, len, &used, "MITM");
    if (o->accept_bad_cert)
        add_item(buf, len, &used, "continue anyway");
    if (o->tamper_stage != 0) {
        snprintf(item, sizeof item, "tamper@%d", o->tamper_stage);
        add_item(buf, len, &used, item);
    }
    if (o->mode == SIM_MODE_EPHEMERAL)
        add_item(buf, len, &used, "ephemeral");
    if (o->leak_key)
        add_item(buf, len, &used, "key leaks");
    if (o->cert != SIM_CERT_CA) {
        snprintf(item, sizeof item, "cert %s", sim_cert_name(o->cert));
        add_item(buf, len, &used, item);
    }
    if (o->downgrade)
        add_item(buf, len, &used, "downgrade");
    if (o->finished)
        add_item(buf, len, &used, "Finished");
    if (o->payload == SIM_PAYLOAD_AES)
        add_item(buf, len, &used, "AES payload");
    if (o->hello_retry)
        add_item(buf, len, &used, "HelloRetryRequest");
}
