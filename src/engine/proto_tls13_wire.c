/*
 * proto_tls13_wire.c - what the TLS 1.3 walk shows of a record on the wire:
 * the labelled split of its bytes, and the two changes Mallory can make to
 * one (a flipped bit, a ClientHello that no longer offers TLS 1.3).
 */
#include "engine/proto_tls13.h"

#include "base/bytes.h"
#include "tls13/alert.h"
#include "tls13/msg.h"
#include "tls13/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing list of fields over one record. */
struct field_list {
    struct sim_field *v;
    size_t count, cap;
    size_t at;            /* the offset the next field starts at */
};

/* Append the field of len bytes at the current offset (decoded may be NULL
 * and is taken over). */
static void add(struct field_list *fl, const char *label, size_t len, char *decoded)
{
    if (fl->count == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 16;
        fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
    }
    fl->v[fl->count++] = (struct sim_field){xstrdup(label), fl->at, len, decoded};
    fl->at += len;
}

/* The big-endian number of n (<= 3) bytes at p. */
static size_t be(const uint8_t *p, size_t n)
{
    size_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Split the fields of a ClientHello or ServerHello body that ends at end:
 * the version, the random, the session id, the suites and the rest. */
static void hello_fields(struct field_list *fl, const uint8_t *rec, size_t end, bool client)
{
    if (fl->at + 2 + TLS13_RANDOM_LEN + 1 > end)
        return;
    bool retry = !client && tls13_is_hello_retry(rec + fl->at, end - fl->at);
    add(fl, "legacy_version", 2, xasprintf("0x%04zx", be(rec + fl->at, 2)));
    if (retry)
        add(fl, "HelloRetryRequest random", TLS13_RANDOM_LEN,
            xstrdup("SHA-256 of \"HelloRetryRequest\": a retry, not a ServerHello"));
    else
        add(fl, client ? "client random" : "server random", TLS13_RANDOM_LEN, NULL);
    size_t sid = rec[fl->at];
    if (fl->at + 1 + sid > end)
        return;
    add(fl, "legacy_session_id", 1 + sid, xasprintf("%zu bytes, echoed by the server", sid));
    if (client) {
        if (fl->at + 2 > end || fl->at + 2 + be(rec + fl->at, 2) > end)
            return;
        size_t n = be(rec + fl->at, 2);
        add(fl, "cipher_suites", 2 + n, xasprintf("%zu suite%s offered", n / 2,
                                                 n == 2 ? "" : "s"));
        if (fl->at + 1 > end || fl->at + 1 + rec[fl->at] > end)
            return;
        add(fl, "legacy_compression_methods", 1 + (size_t)rec[fl->at], xstrdup("null only"));
    } else {
        if (fl->at + 3 > end)
            return;
        add(fl, "cipher_suite", 2, xasprintf("0x%04zx", be(rec + fl->at, 2)));
        add(fl, "legacy_compression_method", 1, NULL);
    }
    if (fl->at + 2 <= end)
        add(fl, "extensions", end - fl->at,
            xstrdup(client ? "supported_versions, supported_groups, key_share, "
                             "signature_algorithms, server_name (in the clear)"
                           : retry ? "supported_versions and key_share naming the group "
                                     "it asks for (no share of its own)"
                                   : "supported_versions and the server's key_share"));
}

size_t t13_describe_record(const uint8_t *rec, size_t len, struct sim_field **out)
{
    struct field_list fl = {0};

    if (len < TLS13_RECORD_HEADER_LEN) {
        add(&fl, "bytes", len, NULL);
        *out = fl.v;
        return fl.count;
    }
    uint8_t type = rec[0];
    add(&fl, "content type", 1, xstrdup(tls13_content_type_name(type)));
    add(&fl, "legacy_record_version", 2, xasprintf("0x%04zx", be(rec + 1, 2)));
    add(&fl, "length", 2, xasprintf("%zu", be(rec + 3, 2)));
    size_t end = len;
    if (type == TLS13_CT_HANDSHAKE && len >= TLS13_RECORD_HEADER_LEN + 4) {
        uint8_t hs = rec[fl.at];
        add(&fl, "handshake type", 1, xstrdup(tls13_handshake_name(hs)));
        add(&fl, "handshake length", 3, xasprintf("%zu", be(rec + fl.at, 3)));
        if (hs == TLS13_HS_CLIENT_HELLO || hs == TLS13_HS_SERVER_HELLO)
            hello_fields(&fl, rec, end, hs == TLS13_HS_CLIENT_HELLO);
    } else if (type == TLS13_CT_ALERT && len == TLS13_RECORD_HEADER_LEN + 2) {
        add(&fl, "alert level", 1, xstrdup(rec[fl.at] == 2 ? "fatal" : "warning"));
        add(&fl, "alert description", 1, xstrdup(tls13_alert_name(rec[fl.at])));
    } else if (type == TLS13_CT_CHANGE_CIPHER_SPEC) {
        add(&fl, "change_cipher_spec", end - fl.at,
            xstrdup("for middleboxes only; TLS 1.3 ignores it"));
    } else if (type == TLS13_CT_APPLICATION_DATA && len >= TLS13_RECORD_HEADER_LEN + 16) {
        size_t body = len - TLS13_RECORD_HEADER_LEN - 16;
        add(&fl, "encrypted: message, inner content type, padding", body,
            xasprintf("%zu bytes that only the keys open", body));
        add(&fl, "Poly1305 tag", 16, NULL);
    }
    if (fl.at < end)
        add(&fl, "body", end - fl.at, NULL);
    *out = fl.v;
    return fl.count;
}

long t13_tamper_offset(const uint8_t *rec, size_t len)
{
    if (len < TLS13_RECORD_HEADER_LEN + 1)
        return -1;
    if (rec[0] == TLS13_CT_HANDSHAKE) {
        /* the first byte of the random: the header, the message header, the version */
        size_t at = TLS13_RECORD_HEADER_LEN + 4 + 2;
        return at < len ? (long)at : -1;
    }
    if (rec[0] == TLS13_CT_APPLICATION_DATA)
        return (long)(TLS13_RECORD_HEADER_LEN + (len - TLS13_RECORD_HEADER_LEN) / 2);
    return -1;
}

int t13_strip_tls13(uint8_t *rec, size_t len)
{
    size_t at = TLS13_RECORD_HEADER_LEN + 4 + 2 + TLS13_RANDOM_LEN;

    if (len < at + 1 || rec[0] != TLS13_CT_HANDSHAKE ||
        rec[TLS13_RECORD_HEADER_LEN] != TLS13_HS_CLIENT_HELLO)
        return -1;
    at += 1 + rec[at];                              /* session id */
    if (at + 2 > len)
        return -1;
    at += 2 + be(rec + at, 2);                      /* cipher suites */
    if (at + 1 > len)
        return -1;
    at += 1 + rec[at];                              /* compression */
    if (at + 2 > len)
        return -1;
    at += 2;
    while (at + 4 <= len) {
        size_t type = be(rec + at, 2), n = be(rec + at + 2, 2);
        if (at + 4 + n > len)
            return -1;
        if (type == TLS13_EXT_SUPPORTED_VERSIONS) {
            int changed = -1;
            for (size_t i = at + 5; i + 2 <= at + 4 + n; i += 2) {
                if (be(rec + i, 2) == TLS13_VERSION) {
                    rec[i + 1] = 0x03;              /* 0x0304 becomes 0x0303, TLS 1.2 */
                    changed = 0;
                }
            }
            return changed;
        }
        at += 4 + n;
    }
    return -1;
}
