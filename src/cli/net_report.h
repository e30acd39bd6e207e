/*
 * net_report.h - how connect and serve print the steps of a TLS 1.3
 * connection: one plain line a step (secrets in full hex), or one JSON
 * object a line.
 */
#ifndef TLSSIM_NET_REPORT_H
#define TLSSIM_NET_REPORT_H

#include "tls13/step.h"

#include <stdbool.h>
#include <stdio.h>

/* Print step as one plain line (two for a secret: its value follows),
 * after prefix (e.g. "client" or "#3 127.0.0.1 port 5000"). */
void net_report_plain(FILE *out, const char *prefix, const struct tls13_step *step);

/* Print step as one JSON object on one line. */
void net_report_json(FILE *out, const char *prefix, const struct tls13_step *step);

/* Print a JSON line {"event":event,"ok":ok,"message":message} and, when
 * text is not NULL, "text":text (len bytes). */
void net_report_json_event(FILE *out, const char *event, bool ok, const char *message,
                           const char *text, size_t len);

#endif
