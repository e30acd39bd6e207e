/*
 * alert.h - TLS 1.3 alerts (RFC 8446 §6): their codes and names, and the
 * error every parser and check of this layer reports: the alert to send,
 * a stable check id and one plain sentence for the user.
 */
#ifndef TLSSIM_TLS13_ALERT_H
#define TLSSIM_TLS13_ALERT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define TLS13_ERR_MAX 384

enum tls13_alert {
    TLS13_ALERT_CLOSE_NOTIFY = 0,
    TLS13_ALERT_UNEXPECTED_MESSAGE = 10,
    TLS13_ALERT_BAD_RECORD_MAC = 20,
    TLS13_ALERT_RECORD_OVERFLOW = 22,
    TLS13_ALERT_HANDSHAKE_FAILURE = 40,
    TLS13_ALERT_BAD_CERTIFICATE = 42,
    TLS13_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    TLS13_ALERT_CERTIFICATE_REVOKED = 44,
    TLS13_ALERT_CERTIFICATE_EXPIRED = 45,
    TLS13_ALERT_CERTIFICATE_UNKNOWN = 46,
    TLS13_ALERT_ILLEGAL_PARAMETER = 47,
    TLS13_ALERT_UNKNOWN_CA = 48,
    TLS13_ALERT_ACCESS_DENIED = 49,
    TLS13_ALERT_DECODE_ERROR = 50,
    TLS13_ALERT_DECRYPT_ERROR = 51,
    TLS13_ALERT_PROTOCOL_VERSION = 70,
    TLS13_ALERT_INSUFFICIENT_SECURITY = 71,
    TLS13_ALERT_INTERNAL_ERROR = 80,
    TLS13_ALERT_INAPPROPRIATE_FALLBACK = 86,
    TLS13_ALERT_USER_CANCELED = 90,
    TLS13_ALERT_MISSING_EXTENSION = 109,
    TLS13_ALERT_UNSUPPORTED_EXTENSION = 110,
    TLS13_ALERT_UNRECOGNIZED_NAME = 112,
    TLS13_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
    TLS13_ALERT_UNKNOWN_PSK_IDENTITY = 115,
    TLS13_ALERT_CERTIFICATE_REQUIRED = 116,
    TLS13_ALERT_NO_APPLICATION_PROTOCOL = 120,
};

/* What went wrong: the alert to send, the id of the failed check (e.g.
 * "tls13.record.mac") and a sentence that says what and what to do. */
struct tls13_error {
    uint8_t alert;
    const char *id;
    char message[TLS13_ERR_MAX];
};

/* The RFC name of an alert code, e.g. "handshake_failure", or "unknown". */
const char *tls13_alert_name(uint8_t code);

/* Fill err with alert, id and a printf-formatted message; returns -1. */
int tls13_error_set(struct tls13_error *err, uint8_t alert, const char *id,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* tls13_error_set() with the message's arguments in ap. */
int tls13_error_vset(struct tls13_error *err, uint8_t alert, const char *id, const char *fmt,
                     va_list ap) __attribute__((format(printf, 4, 0)));

#endif
