/*
 * options.c - defaults and the one table through which every front end sets
 * options by name.
 */
#include "engine/options.h"

#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A name and the enum value it stands for. */
struct sim_keyword {
    const char *word;
    int value;
};

static const struct sim_keyword mode_words[] = {
    {"transport", SIM_MODE_TRANSPORT}, {"ephemeral", SIM_MODE_EPHEMERAL}, {NULL, 0}};
static const struct sim_keyword cert_words[] = {
    {"ca", SIM_CERT_CA},           {"none", SIM_CERT_NONE},
    {"self-signed", SIM_CERT_SELF_SIGNED}, {"untrusted", SIM_CERT_UNTRUSTED},
    {"expired", SIM_CERT_EXPIRED}, {"wrong-name", SIM_CERT_WRONG_NAME},
    {"chain", SIM_CERT_CHAIN},     {"missing-intermediate", SIM_CERT_MISSING_INTERMEDIATE},
    {"revoked", SIM_CERT_REVOKED}, {"not-a-ca", SIM_CERT_NOT_A_CA},
    {NULL, 0}};
static const struct sim_keyword payload_words[] = {
    {"plain", SIM_PAYLOAD_PLAIN}, {"aes", SIM_PAYLOAD_AES}, {NULL, 0}};
static const struct sim_keyword protocol_words[] = {
    {"teach", SIM_PROTOCOL_TEACH}, {"tls13", SIM_PROTOCOL_TLS13}, {NULL, 0}};
static const struct sim_keyword switch_words[] = {
    {"on", 1}, {"yes", 1}, {"true", 1}, {"off", 0}, {"no", 0}, {"false", 0}, {NULL, 0}};

static const struct sim_keyword cipher_words[] = {
    {"xchacha20", CRYPT_AEAD_XCHACHA20POLY1305},
    {"xchacha20poly1305", CRYPT_AEAD_XCHACHA20POLY1305},
    {"aes256gcm", CRYPT_AEAD_AES256GCM},
    {NULL, 0}};

_Static_assert(sizeof(enum sim_mode) == sizeof(int) && sizeof(enum sim_cert) == sizeof(int) &&
                   sizeof(enum sim_payload) == sizeof(int) && sizeof(enum crypt_aead) == sizeof(int) &&
                   sizeof(enum sim_protocol) == sizeof(int),
               "the option table sets enum fields as int");

#define FIELD(f) offsetof(struct sim_options, f), sizeof(((struct sim_options *)0)->f)

/* Every option: its name, value placeholder and help, the kind of value it
 * takes, the field it sets and, for a choice, the words it takes. */
static const struct sim_option_desc option_table[] = {
    {"seed", "N", "reproducible run from the number N (0 to 2^64-1); NOT secure, for teaching",
     SIM_OPT_SEED, FIELD(seed), NULL},
    {"message", "TEXT", "the application data the client sends", SIM_OPT_TEXT, FIELD(message),
     NULL},
    {"reply", "TEXT", "the application data the server answers with", SIM_OPT_TEXT, FIELD(reply),
     NULL},
    {"host", "NAME", "the server name the client asks for (default www.example.com)",
     SIM_OPT_HOST, FIELD(host), NULL},
    {"cipher", "NAME", "xchacha20 (default) or aes256gcm (needs AES-NI)", SIM_OPT_CHOICE,
     FIELD(cipher), cipher_words},
    {"mode", "MODE",
     "transport (default: the client seals a session key, RSA-style) or "
     "ephemeral (X25519 key shares signed as in TLS 1.2 ECDHE)",
     SIM_OPT_CHOICE, FIELD(mode), mode_words},
    {"cert", "KIND",
     "ca (default), none, self-signed, untrusted, expired, wrong-name, chain, "
     "missing-intermediate, revoked or not-a-ca",
     SIM_OPT_CHOICE, FIELD(cert), cert_words},
    {"payload", "KIND",
     "plain (default) or aes: the application encrypts and Base64-encodes "
     "its data itself before TLS carries it",
     SIM_OPT_CHOICE, FIELD(payload), payload_words},
    {"tamper", "STAGE", "flip one bit of the message sent at stage 1, 2, 3, 5, 7 or 8, "
     "with --protocol tls13 also 6 (off: none)",
     SIM_OPT_TAMPER, FIELD(tamper_stage), NULL},
    {"mitm", NULL, "Mallory sits on the wire and swaps in her own key and certificate",
     SIM_OPT_SWITCH, FIELD(mitm), switch_words},
    {"accept-bad-cert", NULL, "the client goes on despite a failed certificate check",
     SIM_OPT_SWITCH, FIELD(accept_bad_cert), switch_words},
    {"leak-key", NULL, "after the session, the server's private key leaks to Eve",
     SIM_OPT_SWITCH, FIELD(leak_key), switch_words},
    {"downgrade", NULL, "Mallory strips the strong cipher suites from the ClientHello",
     SIM_OPT_SWITCH, FIELD(downgrade), switch_words},
    {"finished", NULL, "both sides send Finished messages that protect the handshake",
     SIM_OPT_SWITCH, FIELD(finished), switch_words},
    {"certs", "DIR", "use the CA and server keys and certificates 'tlssim files DIR' wrote",
     SIM_OPT_TEXT, FIELD(certs_dir), NULL},
    {"protocol", "NAME",
     "teach (default: the eight-stage teaching flow) or tls13 (real TLS 1.3, RFC 8446, "
     "run in memory between a TLS 1.3 client and server)",
     SIM_OPT_CHOICE, FIELD(protocol), protocol_words},
    {"hello-retry", NULL,
     "with --protocol tls13: the client's first ClientHello carries no key share, so the "
     "server answers with a HelloRetryRequest",
     SIM_OPT_SWITCH, FIELD(hello_retry), switch_words},
    {NULL, NULL, NULL, 0, 0, 0, NULL},
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

bool sim_tamper_stage_ok_any(int stage)
{
    return sim_tamper_stage_ok(stage) || stage == 6;
}

/* Whether options that only the teaching flow has are set under TLS 1.3;
 * 0, or -1 with a sentence in err. */
static int tls13_runnable(const struct sim_options *o, char *err, size_t errlen)
{
    const char *why = NULL;

    if (o->mode_given && o->mode == SIM_MODE_TRANSPORT)
        why = "--mode transport: TLS 1.3 has no key transport, every connection agrees its "
              "key with ephemeral X25519 shares; leave out --mode";
    else if (o->cipher != CRYPT_AEAD_XCHACHA20POLY1305)
        why = "--cipher: tlssim's TLS 1.3 runs TLS_CHACHA20_POLY1305_SHA256 only (libsodium "
              "has no AES-128-GCM, and AES-256-GCM only on some CPUs); leave out --cipher";
    else if (o->payload == SIM_PAYLOAD_AES)
        why = "--payload aes belongs to the teaching flow; leave it out with --protocol tls13";
    else if (o->cert == SIM_CERT_NONE)
        why = "--cert none: a TLS 1.3 server always sends a certificate (tlssim has no raw "
              "public keys); try --cert self-signed";
    else if (o->cert == SIM_CERT_REVOKED)
        why = "--cert revoked: tlssim's TLS 1.3 client fetches no revocation lists, so it "
              "would not notice; try it without --protocol tls13";
    else if (o->accept_bad_cert)
        why = "--accept-bad-cert: tlssim's TLS 1.3 client has no 'continue anyway'; a failed "
              "certificate check ends the handshake with an alert";
    if (why == NULL)
        return 0;
    snprintf(err, errlen, "%s", why);
    return -1;
}

bool sim_options_aes_missing(const struct sim_options *o)
{
    return (o->cipher == CRYPT_AEAD_AES256GCM || o->payload == SIM_PAYLOAD_AES) &&
           !crypt_aead_available(CRYPT_AEAD_AES256GCM);
}

int sim_options_runnable(const struct sim_options *o, char *err, size_t errlen)
{
    if (o->protocol == SIM_PROTOCOL_TLS13 && tls13_runnable(o, err, errlen) != 0)
        return -1;
    if (o->protocol == SIM_PROTOCOL_TEACH && o->hello_retry) {
        snprintf(err, errlen, "--hello-retry is a what-if of real TLS 1.3; add --protocol tls13");
        return -1;
    }
    if (o->protocol == SIM_PROTOCOL_TEACH && o->tamper_stage == 6) {
        snprintf(err, errlen, "--tamper 6: the teaching flow sends nothing at stage 6; "
                              "tamper with stage 1, 2, 3, 5, 7 or 8 (6 only with --protocol "
                              "tls13)");
        return -1;
    }
    if (o->mode == SIM_MODE_EPHEMERAL && o->tamper_stage == 5 && !o->finished) {
        snprintf(err, errlen, "in ephemeral mode nothing crosses the wire at stage 5; "
                              "tamper with stage 2, 3, 7 or 8 (or add --finished)");
        return -1;
    }
    if (o->tamper_stage == 1 &&
        (o->cert == SIM_CERT_NONE || o->cert == SIM_CERT_SELF_SIGNED || o->certs_dir[0] != '\0')) {
        snprintf(err, errlen, "%s, so nothing is sent at stage 1; tamper with "
                              "stage 2, 3, 5, 7 or 8",
                 o->certs_dir[0] != '\0' ? "with --certs the certificate already exists"
                                         : "without a CA nobody enrols a key");
        return -1;
    }
    if (o->mitm && sim_cert_is_chain(o->cert)) {
        snprintf(err, errlen, "--mitm swaps in Mallory's own certificate; try it with "
                              "--cert ca, and the chain kinds without --mitm");
        return -1;
    }
    if (o->payload == SIM_PAYLOAD_AES && sim_options_aes_missing(o)) {
        snprintf(err, errlen, "--payload aes needs AES-256-GCM, and this CPU has no AES "
                              "instructions; run without --payload aes");
        return -1;
    }
    if (sim_options_aes_missing(o)) {
        snprintf(err, errlen,
                 "this CPU has no AES instructions, so %s is not available; "
                 "use --cipher xchacha20",
                 crypt_aead_name(o->cipher));
        return -1;
    }
    return 0;
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

/* The word for value in words, as the command line takes it; "?" if none. */
static const char *word_for(const struct sim_keyword *words, int value)
{
    for (const struct sim_keyword *k = words; k->word != NULL; k++)
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

bool sim_cert_is_chain(enum sim_cert cert)
{
    return cert == SIM_CERT_CHAIN || cert == SIM_CERT_MISSING_INTERMEDIATE ||
           cert == SIM_CERT_REVOKED || cert == SIM_CERT_NOT_A_CA;
}

const char *sim_payload_name(enum sim_payload payload)
{
    return word_for(payload_words, (int)payload);
}

const char *sim_protocol_name(enum sim_protocol protocol)
{
    return word_for(protocol_words, (int)protocol);
}

/* Look text up in words; 0 with *out set, or -1 with err listing the choices. */
static int parse_keyword(const struct sim_keyword *words, const char *name, const char *text,
                         int *out, char *err, size_t errlen)
{
    size_t used = 0;

    for (const struct sim_keyword *k = words; k->word != NULL; k++) {
        if (strcmp(k->word, text) == 0) {
            *out = k->value;
            return 0;
        }
    }
    used = (size_t)snprintf(err, errlen, "--%s wants one of", name);
    for (const struct sim_keyword *k = words; k->word != NULL && used < errlen; k++)
        used += (size_t)snprintf(err + used, errlen - used, "%s %s",
                                 k == words ? "" : ",", k->word);
    if (used < errlen)
        snprintf(err + used, errlen - used, "; not '%s'", text);
    return -1;
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

/* Set the enum field of d in o to v; the enums are int-sized, which the
 * table's sizes confirm. */
static void set_enum(struct sim_options *o, const struct sim_option_desc *d, int v)
{
    memcpy((char *)o + d->offset, &v, sizeof v);
}

int sim_options_set(struct sim_options *o, const char *name, const char *value, char *err,
                    size_t errlen)
{
    const struct sim_option_desc *d = sim_options_find(name);
    char *field;
    int v = 1;

    if (d == NULL) {
        snprintf(err, errlen, "unknown option '%s'", name);
        return -1;
    }
    field = (char *)o + d->offset;
    if (d->kind == SIM_OPT_SWITCH) {
        if (value != NULL && parse_keyword(d->words, name, value, &v, err, errlen) != 0)
            return -1;
        *(bool *)field = v != 0;
        return 0;
    }
    if (value == NULL) {
        snprintf(err, errlen, "--%s needs a value (%s)", name, d->value_name);
        return -1;
    }
    switch (d->kind) {
    case SIM_OPT_SEED:
        if (parse_u64(value, &o->seed) != 0) {
            snprintf(err, errlen, "--seed wants a whole number from 0 to %" PRIu64 ", not '%s'",
                     UINT64_MAX, value);
            return -1;
        }
        o->seeded = true;
        return 0;
    case SIM_OPT_HOST:
        if (!host_name_ok(value)) {
            snprintf(err, errlen, "--host wants a DNS name such as www.example.com, not '%s'",
                     value);
            return -1;
        }
        o->host_given = true;
        return set_text(field, d->size, name, value, err, errlen);
    case SIM_OPT_TEXT:
        return set_text(field, d->size, name, value, err, errlen);
    case SIM_OPT_CHOICE:
        if (parse_keyword(d->words, name, value, &v, err, errlen) != 0)
            return -1;
        set_enum(o, d, v);
        if (d->offset == offsetof(struct sim_options, mode))
            o->mode_given = true;
        return 0;
    case SIM_OPT_TAMPER: {
        uint64_t stage;
        if (strcmp(value, "off") == 0) {
            o->tamper_stage = 0;
            return 0;
        }
        if (parse_u64(value, &stage) != 0 ||
            !sim_tamper_stage_ok_any((int)(stage > 99 ? 99 : stage))) {
            snprintf(err, errlen,
                     "--tamper wants a stage that sends a message: 1, 2, 3, 5, 7 or 8 "
                     "(6 too with --protocol tls13); not '%s'", value);
            return -1;
        }
        o->tamper_stage = (int)stage;
        return 0;
    }
    case SIM_OPT_SWITCH:
        break;
    }
    snprintf(err, errlen, "option '%s' is listed but not handled", name);
    return -1;
}

const char *sim_option_value(const struct sim_options *o, const struct sim_option_desc *d,
                             char *buf, size_t size)
{
    const char *field = (const char *)o + d->offset;
    int v;

    switch (d->kind) {
    case SIM_OPT_SWITCH:
        return *(const bool *)field ? "on" : "off";
    case SIM_OPT_SEED:
        if (!o->seeded)
            return NULL;
        snprintf(buf, size, "%" PRIu64, o->seed);
        return buf;
    case SIM_OPT_TEXT:
    case SIM_OPT_HOST:
        return field[0] != '\0' ? field : NULL;
    case SIM_OPT_CHOICE:
        memcpy(&v, field, sizeof v);
        return word_for(d->words, v);
    case SIM_OPT_TAMPER:
        if (o->tamper_stage == 0)
            return "off";
        snprintf(buf, size, "%d", o->tamper_stage);
        return buf;
    }
    return NULL;
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
