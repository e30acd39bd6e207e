/*
 * options.h - everything that shapes one simulated handshake.
 *
 * One struct, filled with defaults and then set option by option from the
 * command line, a lesson or a demo script through the same table, so that
 * every front end accepts the same names and values.
 */
#ifndef TLSSIM_OPTIONS_H
#define TLSSIM_OPTIONS_H

#include "base/crypt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_MESSAGE_MAX 512
#define SIM_HOST_MAX 128
#define SIM_OPTION_ERR_MAX 256
#define SIM_PATH_MAX 1024

/* The simulated clock of a seeded run: 2026-01-01 00:00:00 UTC. */
#define SIM_SEEDED_CLOCK INT64_C(1767225600)

/* How the two sides come to share a secret. */
enum sim_mode {
    SIM_MODE_TRANSPORT,   /* the client seals a session key for the server ("RSA-style") */
    SIM_MODE_EPHEMERAL,   /* both make throw-away X25519 shares (TLS 1.2 ECDHE) */
};

/* Which protocol runs the eight stages. */
enum sim_protocol {
    SIM_PROTOCOL_TEACH,   /* the teaching flow: the idea, step by step */
    SIM_PROTOCOL_TLS13,   /* real TLS 1.3 (RFC 8446) between two tls13 connections */
};

/* What the server presents, and what is wrong with it. */
enum sim_cert {
    SIM_CERT_CA,          /* issued by the CA the client trusts */
    SIM_CERT_NONE,        /* a bare public key, as in the simplest flow */
    SIM_CERT_SELF_SIGNED,
    SIM_CERT_UNTRUSTED,   /* issued by a CA the client does not trust */
    SIM_CERT_EXPIRED,
    SIM_CERT_WRONG_NAME,
    SIM_CERT_CHAIN,                 /* a root, an intermediate that issues, a CRL */
    SIM_CERT_MISSING_INTERMEDIATE,  /* the server sends its certificate alone */
    SIM_CERT_REVOKED,               /* the intermediate's CRL lists the server's serial */
    SIM_CERT_NOT_A_CA,              /* the issuer's certificate lacks CA:TRUE */
};

/* True for the kinds where the server's certificate comes from an
 * intermediate CA and the client validates a path. */
bool sim_cert_is_chain(enum sim_cert cert);

/* What the application hands to TLS. */
enum sim_payload {
    SIM_PAYLOAD_PLAIN,    /* the message as typed */
    SIM_PAYLOAD_AES,      /* AES-256-GCM encrypted and Base64-encoded by the application */
};

struct sim_options {
    bool seeded;                    /* reproducible, NOT secure */
    uint64_t seed;
    char message[SIM_MESSAGE_MAX];  /* the client's application data */
    char reply[SIM_MESSAGE_MAX];    /* the server's answer */
    char host[SIM_HOST_MAX];        /* the name the client asks for */
    bool host_given;                /* host was set, not the default: --certs keeps it */
    enum crypt_aead cipher;
    enum sim_mode mode;
    bool mode_given;                /* mode was set, not the default */
    enum sim_cert cert;
    enum sim_payload payload;
    int tamper_stage;               /* flip a byte of this stage's message; 0: none */
    bool mitm;                      /* Mallory swaps in her own key and certificate */
    bool accept_bad_cert;           /* the client clicks "continue anyway" */
    bool leak_key;                  /* the server's private key leaks after the session */
    bool downgrade;                 /* Mallory strips the strong suites from the ClientHello */
    bool finished;                  /* both sides send Finished messages */
    char certs_dir[SIM_PATH_MAX];   /* keys and certificates from `tlssim files`, or "" */
    enum sim_protocol protocol;     /* the teaching flow (default) or real TLS 1.3 */
    bool hello_retry;               /* TLS 1.3: the first ClientHello has no key share */
};

/* The kind of value an option takes, and so how it is parsed. */
enum sim_option_kind {
    SIM_OPT_SWITCH,   /* a bool: on (no value), or on/off, yes/no, true/false */
    SIM_OPT_SEED,     /* a whole number that also turns the seeded mode on */
    SIM_OPT_TEXT,     /* a string without control characters */
    SIM_OPT_HOST,     /* a string that must be a DNS name */
    SIM_OPT_CHOICE,   /* one of the words, stored as its enum value */
    SIM_OPT_TAMPER,   /* a stage that sends a message (sim_tamper_stage_ok), or off */
};

struct sim_keyword;

/* One settable option, as one table entry: its name (as in --NAME), the
 * placeholder of its value (NULL for a switch), one line of help, the kind
 * of value, the field of struct sim_options it sets (offset and size) and,
 * for a choice or a switch, the words it takes. */
struct sim_option_desc {
    const char *name;
    const char *value_name;
    const char *help;
    enum sim_option_kind kind;
    size_t offset;
    size_t size;
    const struct sim_keyword *words;
};

/* Fill o with the defaults: unseeded, XChaCha20-Poly1305, a sample request. */
void sim_options_default(struct sim_options *o);

/* Set the option called name from its text value; a switch takes NULL,
 * "on" or "off" (also yes/no, true/false);
 * returns 0, or -1 with a one-line reason in err. */
int sim_options_set(struct sim_options *o, const char *name, const char *value, char *err,
                    size_t errlen) CRYPT_WARN_UNUSED;

/* Whether these options can run together on this machine: the tamper
 * stage sends something under them (stage 1 only with CA enrolment, stage
 * 5 in ephemeral mode only with --finished), and AES-256-GCM, where the
 * cipher or the payload asks for it, is there.  The one place that decides
 * it; 0, or -1 with a sentence in err. */
int sim_options_runnable(const struct sim_options *o, char *err, size_t errlen);

/* True when the options ask for AES-256-GCM and this CPU cannot run it. */
bool sim_options_aes_missing(const struct sim_options *o);

/* True when stage sends a message that --tamper can change in the
 * teaching flow. */
bool sim_tamper_stage_ok(int stage);

/* True when stage sends a message that --tamper can change under either
 * protocol (TLS 1.3 also sends its Finished messages at stage 6). */
bool sim_tamper_stage_ok_any(int stage);

/* Check the value of a "set" line of a lesson or a demo script for option
 * d (value NULL when there is none) as both take it: a value where one is
 * needed, and the rules of the command line (a switch takes on or off, or
 * yes/no, true/false); 0, or -1 with a sentence in err. */
int sim_setting_check(const struct sim_option_desc *d, const char *value, char *err,
                      size_t errlen);

/* The words the command line takes for a mode, a certificate scenario and
 * a payload ("transport", "self-signed", "aes", ...). */
const char *sim_mode_name(enum sim_mode mode);
const char *sim_cert_name(enum sim_cert cert);
const char *sim_payload_name(enum sim_payload payload);
const char *sim_protocol_name(enum sim_protocol protocol);

/* The word that sets option d to its value in o (as a `set` line or the
 * command line takes it), in buf or a string of o's; NULL for an empty text
 * and for the seed of an unseeded run. */
const char *sim_option_value(const struct sim_options *o, const struct sim_option_desc *d,
                             char *buf, size_t size);

/* The table of settable options, ended by an entry with a NULL name. */
const struct sim_option_desc *sim_options_table(void);

/* The description of the option called name, or NULL if there is none. */
const struct sim_option_desc *sim_options_find(const char *name);

#endif
