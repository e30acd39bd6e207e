/*
 * x509_local.h - what the x509 files (write, read, verify, crl) share and
 * nobody else uses.
 */
#ifndef TLSSIM_X509_LOCAL_H
#define TLSSIM_X509_LOCAL_H

#include <stdbool.h>
#include <stddef.h>

/* Append formatted text to buf (holding used bytes); false when it does not fit. */
bool x509_text_append(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
