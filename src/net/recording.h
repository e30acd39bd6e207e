/*
 * recording.h - what `tlssim relay --record FILE` writes and `tlssim eve
 * FILE` reads: every frame that passed the relay, with its connection, its
 * direction and when it passed.
 *
 * The format is text, one line per item, so that a student can read it and
 * a parser can point at the line and column of a fault.
 * doc/recording-format.md describes it (version 1):
 *
 *   tlssim-recording 1
 *   started 2026-12-03T06:30:00Z
 *   connection 1 127.0.0.1:41234
 *   frame 1 c>s 12 net 0102000000...
 *   frame 2 c>s 40 tls 1603010200...
 *   end 1 230 completed
 *
 * No sockets here: the writer appends lines to a FILE, the reader takes the
 * whole text of a file.
 */
#ifndef TLSSIM_NET_RECORDING_H
#define TLSSIM_NET_RECORDING_H

#include "base/bytes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RECORDING_VERSION 1
#define RECORDING_MAGIC "tlssim-recording"
#define RECORDING_FRAME_MAX 70000        /* bytes of one recorded frame */
#define RECORDING_FRAMES_MAX 100000      /* frames in one file */
#define RECORDING_CONNECTIONS_MAX 10000  /* connections in one file */
#define RECORDING_ADDR_MAX 80
#define RECORDING_ERR_MAX 400

/* What a recorded frame is: a whole classroom frame (header and payload,
 * doc/network-protocol.md) or a whole TLS record (5-byte header and body). */
enum recording_kind {
    RECORDING_NET,
    RECORDING_TLS,
};

struct recording_frame {
    unsigned conn;              /* the connection's number, as its line gave it */
    bool to_server;             /* c>s; false: s>c */
    uint64_t ms;                /* milliseconds since the relay started */
    enum recording_kind kind;
    struct bytes bytes;
};

struct recording_conn {
    unsigned id;
    char client[RECORDING_ADDR_MAX];   /* the client's address as the relay saw it */
    bool ended;
    char outcome[RECORDING_ADDR_MAX];  /* the end line's word, e.g. "completed" */
};

struct recording {
    char started[32];                  /* the started line's time, or "" */
    struct recording_conn *conns;
    size_t conn_count;
    struct recording_frame *frames;
    size_t frame_count;
};

/* Where a recording does not parse: the line and column (from 1) and a
 * sentence. */
struct recording_error {
    size_t line;
    size_t column;
    char message[RECORDING_ERR_MAX];
};

/* Write the first two lines of a recording (the version, the wall-clock
 * time now) to out. */
void recording_write_start(FILE *out);

/* Write a connection line: number id, from client's address. */
void recording_write_conn(FILE *out, unsigned id, const char *client);

/* Write one frame line. */
void recording_write_frame(FILE *out, unsigned conn, bool to_server, uint64_t ms,
                           enum recording_kind kind, const uint8_t *p, size_t len);

/* Write the end line of connection id: when it ended and how, as one word
 * (completed, closed, timeout, refused, ...). */
void recording_write_end(FILE *out, unsigned id, uint64_t ms, const char *outcome);

/* Parse the whole text of a recording into rec: 0, or -1 with err set and
 * rec left empty.  Every frame must belong to a connection declared above
 * it and be a whole frame of its kind. */
int recording_parse(const char *text, size_t len, struct recording *rec,
                    struct recording_error *err);

/* The connection numbered id, or NULL. */
const struct recording_conn *recording_find_conn(const struct recording *rec, unsigned id);

/* Free what recording_parse() filled in; safe on a zeroed struct. */
void recording_free(struct recording *rec);

#endif
