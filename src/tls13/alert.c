/*
 * alert.c - alert names and the error record of the TLS 1.3 layer.
 */
#include "tls13/alert.h"

#include <stdio.h>

static const struct {
    uint8_t code;
    const char *name;
} alert_names[] = {
    {TLS13_ALERT_CLOSE_NOTIFY, "close_notify"},
    {TLS13_ALERT_UNEXPECTED_MESSAGE, "unexpected_message"},
    {TLS13_ALERT_BAD_RECORD_MAC, "bad_record_mac"},
    {TLS13_ALERT_RECORD_OVERFLOW, "record_overflow"},
    {TLS13_ALERT_HANDSHAKE_FAILURE, "handshake_failure"},
    {TLS13_ALERT_BAD_CERTIFICATE, "bad_certificate"},
    {TLS13_ALERT_UNSUPPORTED_CERTIFICATE, "unsupported_certificate"},
    {TLS13_ALERT_CERTIFICATE_REVOKED, "certificate_revoked"},
    {TLS13_ALERT_CERTIFICATE_EXPIRED, "certificate_expired"},
    {TLS13_ALERT_CERTIFICATE_UNKNOWN, "certificate_unknown"},
    {TLS13_ALERT_ILLEGAL_PARAMETER, "illegal_parameter"},
    {TLS13_ALERT_UNKNOWN_CA, "unknown_ca"},
    {TLS13_ALERT_ACCESS_DENIED, "access_denied"},
    {TLS13_ALERT_DECODE_ERROR, "decode_error"},
    {TLS13_ALERT_DECRYPT_ERROR, "decrypt_error"},
    {TLS13_ALERT_PROTOCOL_VERSION, "protocol_version"},
    {TLS13_ALERT_INSUFFICIENT_SECURITY, "insufficient_security"},
    {TLS13_ALERT_INTERNAL_ERROR, "internal_error"},
    {TLS13_ALERT_INAPPROPRIATE_FALLBACK, "inappropriate_fallback"},
    {TLS13_ALERT_USER_CANCELED, "user_canceled"},
    {TLS13_ALERT_MISSING_EXTENSION, "missing_extension"},
    {TLS13_ALERT_UNSUPPORTED_EXTENSION, "unsupported_extension"},
    {TLS13_ALERT_UNRECOGNIZED_NAME, "unrecognized_name"},
    {TLS13_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "bad_certificate_status_response"},
    {TLS13_ALERT_UNKNOWN_PSK_IDENTITY, "unknown_psk_identity"},
    {TLS13_ALERT_CERTIFICATE_REQUIRED, "certificate_required"},
    {TLS13_ALERT_NO_APPLICATION_PROTOCOL, "no_application_protocol"},
};

const char *tls13_alert_name(uint8_t code)
{
    for (size_t i = 0; i < sizeof alert_names / sizeof alert_names[0]; i++)
        if (alert_names[i].code == code)
            return alert_names[i].name;
    return "unknown";
}

int tls13_error_vset(struct tls13_error *err, uint8_t alert, const char *id, const char *fmt,
                     va_list ap)
{
    err->alert = alert;
    err->id = id;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return -1;
}

int tls13_error_set(struct tls13_error *err, uint8_t alert, const char *id,
                    const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tls13_error_vset(err, alert, id, fmt, ap);
    va_end(ap);
    return -1;
}
