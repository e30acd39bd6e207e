/*
 * flow.h - what the two ends of the eight-stage flow over a socket share:
 * the server's settings (sent in WELCOME), the FLIGHT payload that carries
 * one message of the actors, and the stages of a connection.
 *
 * doc/network-protocol.md describes the exchange.  No sockets here.
 */
#ifndef TLSSIM_NET_FLOW_H
#define TLSSIM_NET_FLOW_H

#include "base/bytes.h"
#include "engine/options.h"
#include "net/frame.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLOW_ERR_MAX 400
#define FLOW_COMPLETED "completed"      /* the text of the client's last BYE */
#define FLOW_FINGERPRINT_HEX (2 * 32)   /* a SHA-256 fingerprint in hex */

/* The server-side what-ifs and texts every new connection runs with; the
 * one place that chooses them, so that a dashboard can change them between
 * connections.  cert is the server's alone: the client meets it. */
struct flow_settings {
    enum sim_mode mode;
    enum crypt_aead cipher;
    bool finished;
    enum sim_cert cert;          /* SIM_CERT_CA, _EXPIRED, _WRONG_NAME, _SELF_SIGNED, _UNTRUSTED */
    char host[SIM_HOST_MAX];     /* the name the client asks for */
    char message[SIM_MESSAGE_MAX];
    char reply[SIM_MESSAGE_MAX];
};

/* The settings of a server with no what-if: key transport, XChaCha20,
 * no Finished, the certificate of the set, the walk's sample texts. */
void flow_settings_default(struct flow_settings *s);

/* Whether serve offers the certificate kind as a what-if. */
bool flow_cert_kind_ok(enum sim_cert cert);

/* Write the settings a client needs as WELCOME's payload. */
void flow_settings_encode(const struct flow_settings *s, struct bytes *out);

/* Read WELCOME's payload into s (lines it does not know are skipped);
 * 0, or -1 with a sentence in err. */
int flow_settings_decode(const uint8_t *p, size_t len, struct flow_settings *s, char *err,
                         size_t errlen);

/* Fill the walk's options with the settings, as the actors take them. */
void flow_settings_to_options(const struct flow_settings *s, struct sim_options *o);

/* Append the FLIGHT frame carrying msg (a whole wire message) of stage to
 * out; more says that more messages of the same flight follow. */
void flow_flight_encode(struct bytes *out, int stage, bool more, const uint8_t *msg,
                        size_t len);

/* Read a FLIGHT payload: 0 with the stage, more and the message set, or -1
 * with a sentence in err (a stage out of 1-8, a message whose header does
 * not match its length). */
int flow_flight_decode(const uint8_t *p, size_t len, int *stage, bool *more,
                       const uint8_t **msg, size_t *msg_len, char *err, size_t errlen);

/* The SHA-256 fingerprint of der as lowercase hex (FLOW_FINGERPRINT_HEX
 * characters and a NUL). */
void flow_fingerprint(const uint8_t *der, size_t len, char hex[FLOW_FINGERPRINT_HEX + 1]);

/* The fingerprint as a person compares it: pairs of hex digits, upper
 * case, separated by colons (95 characters and a NUL). */
void flow_fingerprint_pretty(const char *hex, char out[96]);

/* Whether text names the fingerprint hex (any case, colons and spaces
 * allowed between the digits). */
bool flow_fingerprint_matches(const char *text, const char *hex);

#endif
