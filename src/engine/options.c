/*
 * options.c - defaults and the one table through which every front end sets
 * options by name.
 */
#include "engine/options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct sim_option_desc option_table[] = {
    {"seed", "N", "reproducible run from the number N (0 to 2^64-1); NOT secure, for teaching"},
    {"message", "TEXT", "the application data the client sends"},
    {"reply", "TEXT", "the application data the server answers with"},
    {"host", "NAME", "the server name the client asks for (default www.example.com)"},
    {"cipher", "NAME", "xchacha20 (default) or aes256gcm (needs AES-NI)"},
    {"mode", "MODE", "transport (default: the client seals a session key, RSA-style) or "
                     "ephemeral (X25519 key shares signed as in TLS 1.2 ECDHE)"},
    {"cert", "KIND", "ca (default), none, self-signed, untrusted, expired or wrong-name"},
    {"payload", "KIND", "plain (default) or aes: the application encrypts and Base64-encodes "
                        "its data itself before TLS carries it"},
    {"tamper", "STAGE", "flip one bit of the message sent at stage 1, 2, 3, 5, 7 or 8 (off: none)"},
    {"mitm", NULL, "Mallory sits on the wire and swaps in her own key and certificate"},
    {"accept-bad-cert", NULL, "the client goes on despite a failed certificate check"},
    {"leak-key", NULL, "after the session, the server's private key leaks to Eve"},
    {"downgrade", NULL, "Mallory strips the strong cipher suites from the ClientHello"},
    {"finished", NULL, "both sides send Finished messages that protect the handshake"},
    {"certs", "DIR", "use the CA and server keys and certificates 'tlssim files DIR' wrote"},
    {NULL, NULL, NULL},
};

void sim_options_default(struct sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->seeded = false;
    o->cipher = CRYPT_AEAD_XCHACHA20POLY1305;
    snprintf(o->message, sizeof o->message, "%s",
             "GET /grades HTTP/1.1 | Host: www.example.com | Cookie: session=alice");
    snprintf(o->reply, sizeof o->reply, "%s", "HTTP/1.1 200 OK | Your grade: A");
    snprintf(o->host, sizeof o->host, "%s", "www.example.com");
}

bool sim_tamper_stage_ok(int stage)
{
    return stage == 1 || stage == 2 || stage == 3 || stage == 5 || stage == 7 || stage == 8;
}

const struct sim_option_desc *sim_options_table(void)
{
    return option_table;
}

const struct sim_option_desc *sim_options_find(const char *name)
{
    for (const struct sim_option_desc *d = option_table; d->name != NULL; d++)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

/* A name and the enum value it stands for. */
struct keyword {
    const char *word;
    int value;
};

static const struct keyword mode_words[] = {
    {"transport", SIM_MODE_TRANSPORT}, {"ephemeral", SIM_MODE_EPHEMERAL}, {NULL, 0}};
static const struct keyword cert_words[] = {
    {"ca", SIM_CERT_CA},           {"none", SIM_CERT_NONE},
    {"self-signed", SIM_CERT_SELF_SIGNED}, {"untrusted", SIM_CERT_UNTRUSTED},
    {"expired", SIM_CERT_EXPIRED}, {"wrong-name", SIM_CERT_WRONG_NAME},
    {NULL, 0}};
static const struct keyword payload_words[] = {
    {"plain", SIM_PAYLOAD_PLAIN}, {"aes", SIM_PAYLOAD_AES}, {NULL, 0}};
static const struct keyword switch_words[] = {
    {"on", 1}, {"yes", 1}, {"true", 1}, {"off", 0}, {"no", 0}, {"false", 0}, {NULL, 0}};

/* The word for value in words, as the command line takes it; "?" if none. */
static const char *word_for(const struct keyword *words, int value)
{
    for (const struct keyword *k = words; k->word != NULL; k++)
        if (k->value == value)
            return k->word;
    return "?";
}

const char *sim_mode_name(enum sim_mode mode)
{
    return word_for(mode_words, (int)mode);
}

const char *sim_cert_name(enum sim_cert cert)
{
    return word_for(cert_words, (int)cert);
}

const char *sim_payload_name(enum sim_payload payload)
{
    return word_for(payload_words, (int)payload);
}

/* Look text up in words; 0 with *out set, or -1 with err listing the choices. */
static int parse_keyword(const struct keyword *words, const char *name, const char *text,
                         int *out, char *err, size_t errlen)
{
    size_t used = 0;

    for (const struct keyword *k = words; k->word != NULL; k++) {
        if (strcmp(k->word, text) == 0) {
            *out = k->value;
            return 0;
        }
    }
    used = (size_t)snprintf(err, errlen, "--%s wants one of", name);
    for (const struct keyword *k = words; k->word != NULL && used < errlen; k++)
        used += (size_t)snprintf(err + used, errlen - used, "%s %s",
                                 k == words ? "" : ",", k->word);
    if (used < errlen)
        snprintf(err + used, errlen - used, "; not '%s'", text);
    return -1;
}

/* The switch field an option name sets, or NULL when name is not a switch. */
static bool *switch_field(struct sim_options *o, const char *name)
{
    if (strcmp(name, "mitm") == 0)
        return &o->mitm;
    if (strcmp(name, "accept-bad-cert") == 0)
        return &o->accept_bad_cert;
    if (strcmp(name, "leak-key") == 0)
        return &o->leak_key;
    if (strcmp(name, "downgrade") == 0)
        return &o->downgrade;
    if (strcmp(name, "finished") == 0)
        return &o->finished;
    return NULL;
}

/* Parse a whole unsigned decimal number into *out; 0, or -1 if it is not one. */
static int parse_u64(const char *text, uint64_t *out)
{
    char *end;

    if (text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

/* Copy text into a fixed field, refusing empty or over-long values and
 * control characters that would break a transcript line. */
static int set_text(char *field, size_t size, const char *name, const char *text, char *err,
                    size_t errlen)
{
    size_t n = strlen(text);

    if (n == 0) {
        snprintf(err, errlen, "--%s needs a non-empty value", name);
        return -1;
    }
    if (n >= size) {
        snprintf(err, errlen, "--%s is %zu bytes long; the most is %zu", name, n, size - 1);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f) {
            snprintf(err, errlen, "--%s contains a control character at position %zu", name,
                     i + 1);
            return -1;
        }
    }
    memcpy(field, text, n + 1);
    return 0;
}

/* True when name is a plausible DNS host name: labels of letters, digits and
 * hyphens, an optional leading "*." wildcard. */
static bool host_name_ok(const char *name)
{
    size_t label = 0;

    if (strncmp(name, "*.", 2) == 0)
        name += 2;
    if (*name == '\0')
        return false;
    for (const char *p = name; *p; p++) {
        if (*p == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '-';
        if (!ok || ++label > 63)
            return false;
    }
    return label > 0;
}

int sim_options_set(struct sim_options *o, const char *name, const char *value, char *err,
                    size_t errlen)
{
    const struct sim_option_desc *d = sim_options_find(name);

    if (d == NULL) {
        snprintf(err, errlen, "unknown option '%s'", name);
        return -1;
    }
    bool *flag = switch_field(o, name);
    if (flag != NULL) {
        int on = 1;
        if (value != NULL && parse_keyword(switch_words, name, value, &on, err, errlen) != 0)
            return -1;
        *flag = on != 0;
        return 0;
    }
    if (d->value_name != NULL && value == NULL) {
        snprintf(err, errlen, "--%s needs a value (%s)", name, d->value_name);
        return -1;
    }
    if (strcmp(name, "seed") == 0) {
        if (parse_u64(value, &o->seed) != 0) {
            snprintf(err, errlen, "--seed wants a whole number from 0 to %" PRIu64 ", not '%s'",
                     UINT64_MAX, value);
            return -1;
        }
        o->seeded = true;
        return 0;
    }
    if (strcmp(name, "message") == 0)
        return set_text(o->message, sizeof o->message, name, value, err, errlen);
    if (strcmp(name, "reply") == 0)
        return set_text(o->reply, sizeof o->reply, name, value, err, errlen);
    if (strcmp(name, "host") == 0) {
        if (!host_name_ok(value)) {
            snprintf(err, errlen, "--host wants a DNS name such as www.example.com, not '%s'",
                     value);
            return -1;
        }
        return set_text(o->host, sizeof o->host, name, value, err, errlen);
    }
    if (strcmp(name, "cipher") == 0) {
        if (strcmp(value, "xchacha20") == 0 || strcmp(value, "xchacha20poly1305") == 0) {
            o->cipher = CRYPT_AEAD_XCHACHA20POLY1305;
        } else if (strcmp(value, "aes256gcm") == 0) {
            o->cipher = CRYPT_AEAD_AES256GCM;
        } else {
            snprintf(err, errlen, "--cipher wants xchacha20 or aes256gcm, not '%s'", value);
            return -1;
        }
        return 0;
    }
    if (strcmp(name, "certs") == 0)
        return set_text(o->certs_dir, sizeof o->certs_dir, name, value, err, errlen);
    int v;
    if (strcmp(name, "mode") == 0) {
        if (parse_keyword(mode_words, name, value, &v, err, errlen) != 0)
            return -1;
        o->mode = (enum sim_mode)v;
        return 0;
    }
    if (strcmp(name, "cert") == 0) {
        if (parse_keyword(cert_words, name, value, &v, err, errlen) != 0)
            return -1;
        o->cert = (enum sim_cert)v;
        return 0;
    }
    if (strcmp(name, "payload") == 0) {
        if (parse_keyword(payload_words, name, value, &v, err, errlen) != 0)
            return -1;
        o->payload = (enum sim_payload)v;
        return 0;
    }
    if (strcmp(name, "tamper") == 0) {
        uint64_t stage;
        if (strcmp(value, "off") == 0) {
            o->tamper_stage = 0;
            return 0;
        }
        if (parse_u64(value, &stage) != 0 || !sim_tamper_stage_ok((int)(stage > 99 ? 99 : stage))) {
            snprintf(err, errlen,
                     "--tamper wants a stage that sends a message: 1, 2, 3, 5, 7 or 8; not '%s'",
                     value);
            return -1;
        }
        o->tamper_stage = (int)stage;
        return 0;
    }
    snprintf(err, errlen, "option '%s' is listed but not handled", name);
    return -1;
}

int sim_setting_check(const struct sim_option_desc *d, const char *value, char *err,
                      size_t errlen)
{
    char why[SIM_OPTION_ERR_MAX];
    struct sim_options scratch;

    if (d->value_name != NULL && value == NULL) {
        snprintf(err, errlen, "option '%s' needs a value (%s)", d->name, d->value_name);
        return -1;
    }
    sim_options_default(&scratch);
    if (sim_options_set(&scratch, d->name, value, why, sizeof why) != 0) {
        /* The reason is worded for the command line ("--seed wants ..."). */
        snprintf(err, errlen, "%s", strncmp(why, "--", 2) == 0 ? why + 2 : why);
        return -1;
    }
    return 0;
}
