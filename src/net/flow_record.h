/*
 * flow_record.h - what the server of one eight-stage connection saw, kept
 * for a dashboard that shows it: the server's and the CA's events and each
 * of the client's messages as it arrived, with the what-ifs it ran with.
 *
 * The log is bounded: once it holds cap bytes, one last event says that it
 * was cut, and the connection's later events are no longer kept.  Its
 * values include the server's own secrets (the walk shows what the server
 * knows), so freeing a record wipes them.
 */
#ifndef TLSSIM_NET_FLOW_RECORD_H
#define TLSSIM_NET_FLOW_RECORD_H

#include "engine/event.h"
#include "net/flow.h"

#include <stdbool.h>
#include <stddef.h>

#define FLOW_RECORD_CAP (64 * 1024)   /* a connection's kept log, in log_bytes() */

struct flow_record {
    struct sim_log log;
    struct flow_settings settings;  /* the what-ifs of the connection */
    size_t cap;                     /* the bound of log_bytes(&log) */
    bool truncated;                 /* the cap was reached: later events are not kept */
    bool ended_by_remote;           /* it failed, and not by a check of the server: the
                                     * client said why, closed, or fell silent */
};

/* A new, empty record of a connection with settings, kept up to cap bytes. */
struct flow_record *flow_record_new(const struct flow_settings *settings, size_t cap);

/* The log the next frame's events go to: the record's, or scratch (which
 * the caller empties after the frame) once the cap is reached, in which
 * case the record's log ends with an event saying so.  NULL r: scratch. */
struct sim_log *flow_record_log(struct flow_record *r, struct sim_log *scratch);

/* Fill out (empty) with a copy of r's log as an observed engine takes it
 * (engine_new_observed): stage by stage, each stage's events in the order
 * they happened, between a narration and a real-TLS event whose text the
 * engine writes from what the server measured; returns the last stage the
 * server reached, up to which out goes. */
int flow_record_staged(const struct flow_record *r, struct sim_log *out);

/* The bytes the record holds (its struct and its log). */
size_t flow_record_bytes(const struct flow_record *r);

/* Wipe and free the record; NULL is allowed. */
void flow_record_free(struct flow_record *r);

#endif
