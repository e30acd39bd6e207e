/*
 * flow.c - the settings and FLIGHT payloads of the eight-stage flow over a
 * socket, and the CA fingerprint a student compares.
 */
#include "net/flow.h"

#include "base/crypt.h"
#include "engine/wire.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void flow_settings_default(struct flow_settings *s)
{
    struct sim_options o;

    sim_options_default(&o);
    memset(s, 0, sizeof *s);
    s->mode = SIM_MODE_TRANSPORT;
    s->cipher = CRYPT_AEAD_XCHACHA20POLY1305;
    s->cert = SIM_CERT_CA;
    memcpy(s->host, o.host, sizeof s->host);
    memcpy(s->message, o.message, sizeof s->message);
    memcpy(s->reply, o.reply, sizeof s->reply);
}

bool flow_cert_kind_ok(enum sim_cert cert)
{
    return cert == SIM_CERT_CA || cert == SIM_CERT_EXPIRED || cert == SIM_CERT_WRONG_NAME ||
           cert == SIM_CERT_SELF_SIGNED || cert == SIM_CERT_UNTRUSTED;
}

/* Append "name value\n" to out. */
static void put_line(struct bytes *out, const char *name, const char *value)
{
    bytes_append(out, name, strlen(name));
    bytes_append_byte(out, ' ');
    bytes_append(out, value, strlen(value));
    bytes_append_byte(out, '\n');
}

void flow_settings_encode(const struct flow_settings *s, struct bytes *out)
{
    put_line(out, "mode", sim_mode_name(s->mode));
    put_line(out, "cipher", s->cipher == CRYPT_AEAD_AES256GCM ? "aes256gcm" : "xchacha20");
    put_line(out, "finished", s->finished ? "on" : "off");
    put_line(out, "host", s->host);
    put_line(out, "message", s->message);
    put_line(out, "reply", s->reply);
}

int flow_settings_decode(const uint8_t *p, size_t len, struct flow_settings *s, char *err,
                         size_t errlen)
{
    static const char *const needed[] = {"mode", "cipher", "finished", "host", "message",
                                         "reply"};
    struct sim_options o;
    unsigned seen = 0;
    size_t at = 0;

    sim_options_default(&o);
    while (at < len) {
        const uint8_t *nl = memchr(p + at, '\n', len - at);
        if (nl == NULL) {
            snprintf(err, errlen, "the server's settings end in the middle of a line");
            return -1;
        }
        char line[NET_WELCOME_MAX + 1];
        size_t n = (size_t)(nl - (p + at));
        memcpy(line, p + at, n);
        line[n] = '\0';
        at += n + 1;
        char *space = strchr(line, ' ');
        if (space == NULL)
            continue;
        *space = '\0';
        for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
            if (strcmp(line, needed[i]) != 0)
                continue;
            char why[SIM_OPTION_ERR_MAX];
            if (sim_options_set(&o, line, space + 1, why, sizeof why) != 0) {
                snprintf(err, errlen, "the server's setting '%s' is bad: %s", line, why);
                return -1;
            }
            seen |= 1u << i;
        }
    }
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if (!(seen & (1u << i))) {
            snprintf(err, errlen, "the server's settings lack '%s'", needed[i]);
            return -1;
        }
    }
    flow_settings_default(s);
    s->mode = o.mode;
    s->cipher = o.cipher;
    s->finished = o.finished;
    memcpy(s->host, o.host, sizeof s->host);
    memcpy(s->message, o.message, sizeof s->message);
    memcpy(s->reply, o.reply, sizeof s->reply);
    return 0;
}

void flow_settings_to_options(const struct flow_settings *s, struct sim_options *o)
{
    sim_options_default(o);
    o->mode = s->mode;
    o->cipher = s->cipher;
    o->finished = s->finished;
    o->cert = s->cert;
    memcpy(o->host, s->host, sizeof o->host);
    o->host_given = true;
    memcpy(o->message, s->message, sizeof o->message);
    memcpy(o->reply, s->reply, sizeof o->reply);
}

void flow_flight_encode(struct bytes *out, int stage, bool more, const uint8_t *msg,
                        size_t len)
{
    bytes_append_byte(out, NET_PROTOCOL_VERSION);
    bytes_append_byte(out, NET_FRAME_FLIGHT);
    bytes_append_be(out, len + 2, 4);
    bytes_append_byte(out, (uint8_t)stage);
    bytes_append_byte(out, more ? 1 : 0);
    bytes_append(out, msg, len);
}

int flow_flight_decode(const uint8_t *p, size_t len, int *stage, bool *more,
                       const uint8_t **msg, size_t *msg_len, char *err, size_t errlen)
{
    if (len < 2 + WIRE_HEADER_BYTES) {
        snprintf(err, errlen, "a FLIGHT of %zu bytes is too short to hold a message", len);
        return -1;
    }
    if (p[0] < 1 || p[0] > 8 || p[1] > 1) {
        snprintf(err, errlen, "a FLIGHT names stage %u and more-flag %u; stages are 1 to 8, "
                 "the flag 0 or 1", p[0], p[1]);
        return -1;
    }
    size_t body = (size_t)p[3] << 16 | (size_t)p[4] << 8 | p[5];
    if (body != len - 2 - WIRE_HEADER_BYTES) {
        snprintf(err, errlen, "a FLIGHT's message says it has %zu bytes but carries %zu",
                 body, len - 2 - WIRE_HEADER_BYTES);
        return -1;
    }
    *stage = p[0];
    *more = p[1] == 1;
    *msg = p + 2;
    *msg_len = len - 2;
    return 0;
}

void flow_fingerprint(const uint8_t *der, size_t len, char hex[FLOW_FINGERPRINT_HEX + 1])
{
    uint8_t d[CRYPT_SHA256_BYTES];

    crypt_sha256(d, der, len);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

void flow_fingerprint_pretty(const char *hex, char out[96])
{
    size_t o = 0;

    for (size_t i = 0; i < FLOW_FINGERPRINT_HEX; i += 2) {
        if (i > 0)
            out[o++] = ':';
        out[o++] = (char)toupper((unsigned char)hex[i]);
        out[o++] = (char)toupper((unsigned char)hex[i + 1]);
    }
    out[o] = '\0';
}

bool flow_fingerprint_matches(const char *text, const char *hex)
{
    size_t n = 0;

    for (const char *t = text; *t != '\0'; t++) {
        if (*t == ':' || *t == ' ')
            continue;
        if (n >= FLOW_FINGERPRINT_HEX || tolower((unsigned char)*t) != hex[n])
            return false;
        n++;
    }
    return n == FLOW_FINGERPRINT_HEX;
}
